from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore import SlaError
from slacore._frames import Column, Frame, is_series, library_of, zone_of
from slacore._frames_kinds import _arrow_ints, _arrow_trues, is_null
from slacore._frames_out import Out, build_series, build_table, check_like
from slacore._table_problems import Problems

BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
JAN_1 = datetime(2026, 1, 1, tzinfo=BERLIN)
LIKES = ("pandas", "polars", "pyarrow", "numpy")


class _Text(str):
    """A str subclass, as some libraries hand back."""

    __slots__ = ()


def make(like: str, data: dict) -> object:
    """A table in library `like` from lists (object arrays for numpy)."""
    if like == "pandas":
        return pd.DataFrame(data)
    if like == "polars":
        return pl.DataFrame(data)
    if like == "pyarrow":
        return pa.table(data)
    return {name: np.array(values, dtype=object) for name, values in data.items()}


def column(like: str, values: list, name: str = "c"):
    return Frame(make(like, {name: values}), "test").column(name)


class TestDetect:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (pd.DataFrame(), "pandas"),
            (pl.DataFrame(), "polars"),
            (pa.table({}), "pyarrow"),
            ({"a": np.zeros(1)}, "numpy"),
            ([1], None),
            (np.zeros(1), None),
        ],
    )
    def test_library_of(self, data, expected):
        assert library_of(data) == expected

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (pd.Series([1]), True),
            (pl.Series([1]), True),
            (pa.array([1]), True),
            (pa.chunked_array([[1]]), True),
            (pd.DataFrame(), False),
            (pa.table({}), False),
            (np.zeros(1), False),
        ],
    )
    def test_is_series(self, data, expected):
        assert is_series(data) is expected

    @pytest.mark.parametrize(
        "value", [None, float("nan"), pd.NaT, pd.NA, np.datetime64("NaT")]
    )
    def test_null_values(self, value):
        assert is_null(value)

    @pytest.mark.parametrize("value", [0, "", 0.0, JAN_1, np.datetime64(0, "us")])
    def test_values(self, value):
        assert not is_null(value)

    def test_not_a_table(self):
        with pytest.raises(TypeError, match=r"^events must be a pandas, .* got list$"):
            Frame([1, 2], "events")

    def test_series_is_not_a_table(self):
        with pytest.raises(TypeError, match=r"got Series$"):
            Frame(pd.Series([1]), "events")

    def test_mapping_lengths_differ(self):
        with pytest.raises(
            SlaError, match=r"the columns differ in length \(a 1, b 2\)"
        ):
            Frame({"a": np.zeros(1), "b": np.zeros(2)}, "events")

    def test_mapping_two_dimensional(self):
        with pytest.raises(SlaError, match=r"column 'a' must be 1-D"):
            Frame({"a": np.zeros((2, 2))}, "events")

    def test_mapping_name_not_string(self):
        with pytest.raises(TypeError, match=r"column names must be strings"):
            Frame({1: np.zeros(2)}, "events")

    def test_zones(self):
        assert zone_of("Europe/Berlin") == BERLIN
        assert zone_of("+05:30") == timezone(timedelta(hours=5, minutes=30))
        assert zone_of("UTC-02:00") == timezone(timedelta(hours=-2))
        assert zone_of("UTC") is UTC
        assert zone_of(BERLIN) is BERLIN


class TestInstants:
    @pytest.mark.parametrize("like", LIKES)
    def test_aware_any_zone(self, like):
        """Aware datetimes in two zones are read by instant, with a null."""
        other = datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
        c = column(like, [JAN_1, None, other])
        problems = Problems("t")
        us, missing = c.instants(problems, None)
        assert not problems
        assert missing.tolist() == [False, True, False]
        assert us[[0, 2]].tolist() == [
            int((JAN_1 - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1)),
            int((other - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1)),
        ]

    @pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
    def test_arrow_units_and_zone(self, unit):
        """Arrow timestamps of any unit; the column's zone is kept."""
        values = pa.array([JAN_1, None], pa.timestamp(unit, "Asia/Kolkata"))
        c = Frame(pa.table({"at": values}), "t").column("at")
        us, missing = c.instants(Problems("t"), None)
        assert c.zone == KOLKATA
        assert us[0] == 1_767_222_000_000_000
        assert missing.tolist() == [False, True]
        assert c.python().tolist() == [JAN_1, None]
        assert c.python()[0].tzinfo == KOLKATA

    def test_nanoseconds_are_a_problem(self):
        """Digits below a microsecond are refused, naming the row."""
        at = pd.Series(pd.to_datetime(["2026-01-01T00:00:00.000000001Z"]))
        problems = Problems("t")
        Frame(pd.DataFrame({"at": at}), "t").column("at").instants(problems, None)
        [problem] = problems.error().problems
        assert (problem.column, problem.row, problem.message) == (
            "at",
            0,
            "digits below a microsecond",
        )

    @pytest.mark.parametrize("like", LIKES)
    def test_text(self, like):
        """Text is read by slacore's one rule, once per distinct text."""
        texts = ["2026-01-01T00:00+01:00", None, "", "2026-10-25 02:30", "noon"]
        problems = Problems("t")
        us, missing = column(like, texts).instants(problems, BERLIN)
        assert us[0] == 1_767_222_000_000_000
        assert missing.tolist() == [False, True, True, True, True]
        error = problems.error()
        assert [(p.row, p.found) for p in error.problems] == [
            (3, "'2026-10-25 02:30'"),
            (4, "'noon'"),
        ]
        assert error.problems[0].message.startswith("ambiguous in Europe/Berlin")

    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow"])
    def test_naive_needs_tz(self, like):
        problems = Problems("t")
        assert column(like, [datetime(2026, 1, 1)]).instants(problems, None) is None
        [problem] = problems.error().problems
        assert problem.row is None
        assert problem.message == "naive datetimes, and no time zone is given"

    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow"])
    def test_naive_localised(self, like):
        """Naive wall times are read in tz; skipped and repeated ones are problems."""
        walls = [
            datetime(2026, 1, 1),
            datetime(2026, 3, 29, 2, 30),
            datetime(2026, 3, 29, 3, 30),
            datetime(2026, 10, 25, 2, 30),
            datetime(2026, 10, 25, 1, 59),
        ]
        problems = Problems("t")
        us, missing = column(like, walls).instants(problems, BERLIN)
        assert missing.tolist() == [False, True, False, True, False]
        for row in (0, 2, 4):
            expected = walls[row].replace(tzinfo=BERLIN).astimezone(UTC)
            got = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(
                microseconds=int(us[row])
            )
            assert got == expected
        assert [p.row for p in problems.error().problems] == [1, 3]

    def test_numpy_datetime64_is_utc(self):
        """numpy datetime64 values are UTC instants, as in the batch calls."""
        c = Frame({"at": np.array(["1970-01-01T00:00:01"], "M8[s]")}, "t").column("at")
        us, _ = c.instants(Problems("t"), None)
        assert us.tolist() == [1_000_000]

    def test_object_naive_without_tz(self):
        problems = Problems("t")
        column("numpy", [datetime(2026, 1, 1), JAN_1]).instants(problems, None)
        assert [p.row for p in problems.error().problems] == [0]

    @pytest.mark.parametrize("like", LIKES)
    def test_wrong_type(self, like):
        problems = Problems("t")
        assert column(like, [1, 2]).instants(problems, None) is None
        [problem] = problems.error().problems
        assert (problem.message, problem.row) == ("wrong column type", None)

    def test_object_not_a_timestamp(self):
        problems = Problems("t")
        column("numpy", [JAN_1, 5]).instants(problems, None)
        [problem] = problems.error().problems
        assert (problem.row, problem.message) == (1, "not a timestamp")


class TestValues:
    @pytest.mark.parametrize("like", LIKES)
    def test_codes_of_strings(self, like):
        """Codes with -1 for null and empty strings; values as Python strings."""
        codes, uniques = column(like, ["b", None, "a", "b", ""]).codes()
        assert [None if c < 0 else uniques[c] for c in codes] == [
            "b",
            None,
            "a",
            "b",
            None,
        ]

    @pytest.mark.parametrize("like", LIKES)
    @pytest.mark.parametrize("values", [[7, 3, 7, 10**12], [5, 1, 5]])
    def test_codes_of_integers(self, like, values):
        codes, uniques = column(like, values).codes()
        assert [uniques[c] for c in codes] == values
        assert all(type(u) is int for u in uniques)

    @pytest.mark.parametrize("like", LIKES)
    def test_python_values(self, like):
        data = {
            "i": [1, None, 3],
            "f": [1.5, float("nan"), None],
            "s": ["x", None, ""],
            "b": [True, None, False],
            "d": [timedelta(hours=1), None, timedelta(0)],
        }
        frame = Frame(make(like, data), "t")
        got = {name: frame.column(name).python().tolist() for name in data}
        assert got["i"] == [1, None, 3]
        assert got["f"] == [1.5, None, None]
        assert got["s"] == ["x", None, None]
        assert got["b"] == [True, None, False]
        assert got["d"] == [timedelta(hours=1), None, timedelta(0)]

    @given(
        st.lists(
            st.one_of(
                st.none(),
                st.just(float("nan")),
                st.text(max_size=2),
                st.text(max_size=2).map(_Text),
                st.lists(st.text(max_size=2), max_size=2),
                st.integers(),
            ),
            max_size=12,
        )
    )
    def test_missing_objects(self, values):
        """In an object column, None, NaN and empty strings (str subclasses too)
        are missing; an empty list or 0 is a value."""
        array = np.empty(len(values), dtype=object)
        array[:] = values
        got = Column("c", array).missing().tolist()
        assert got == [is_null(v) or (isinstance(v, str) and not v) for v in values]

    @given(
        st.lists(
            st.tuples(st.booleans(), st.integers(-(2**31), 2**31 - 1)), max_size=40
        ),
        st.integers(0, 9),
        st.sampled_from([None, np.int8, np.int64]),
    )
    def test_arrow_ints(self, slots, skip, dtype):
        """Arrow integers as numpy codes: -1 where null, whatever the null slot
        holds (here any int32), in a slice (an offset into the buffers) too."""
        valid = [ok for ok, _ in slots]
        data = np.array([v if not ok else v % 120 for ok, v in slots], dtype="<i4")
        bits = np.packbits(np.array(valid, dtype=bool), bitorder="little")
        array = pa.Array.from_buffers(
            pa.int32(), len(slots), [pa.py_buffer(bits), pa.py_buffer(data)]
        ).slice(min(skip, len(slots)))
        got = _arrow_ints(np, array, dtype)
        expected = [-1 if v is None else v for v in array.to_pylist()]
        assert got.tolist() == expected
        assert got.dtype == (np.int32 if dtype is None else dtype)

    @given(
        st.lists(st.tuples(st.booleans(), st.booleans()), max_size=40),
        st.integers(0, 9),
    )
    def test_arrow_trues(self, slots, skip):
        """Arrow booleans read from their bits: True where true, False where
        false or null (whatever bit the null slot holds), in a slice too."""
        bits = [
            np.packbits(np.array(column, dtype=bool), bitorder="little")
            for column in ([ok for ok, _ in slots], [bit for _, bit in slots])
        ]
        array = pa.Array.from_buffers(
            pa.bool_(), len(slots), [pa.py_buffer(b) for b in bits]
        ).slice(min(skip, len(slots)))
        got = _arrow_trues(np, array)
        assert got.dtype == bool
        assert got.tolist() == [v is True for v in array.to_pylist()]

    def test_python_rows(self):
        c = column("polars", ["a", "b", "c"])
        assert c.python(np.array([2, 0])).tolist() == ["c", "a"]

    def test_categorical_is_text(self):
        c = Frame(
            pl.DataFrame({"k": pl.Series(["a", None], dtype=pl.Categorical)}), "t"
        )
        assert c.column("k").kind == "string"
        assert c.column("k").python().tolist() == ["a", None]

    def test_durations(self):
        c = column("pyarrow", [timedelta(seconds=1), None])
        us, missing = c.durations(Problems("t"))
        assert us.tolist()[0] == 1_000_000
        assert missing.tolist() == [False, True]
        problems = Problems("t")
        assert column("pyarrow", ["x"]).durations(problems) is None
        assert problems


class TestProblems:
    def test_many_rows_are_counted(self):
        """The first ten rows of a kind of problem are listed, then a count."""
        problems = Problems("tickets")
        problems.rows("at", "a value is required", np.arange(25)[::-1])
        problems.column("value", "missing required column")
        error = problems.error()
        assert [p.row for p in error.problems] == [None, *range(10), None]
        assert error.problems[-1].message == (
            "a value is required: 15 more rows like these"
        )
        assert str(error).startswith("tickets table: 12 problems\n  value: missing")
        assert error.field == "value"


OUT_LIKES = st.sampled_from(LIKES)


@st.composite
def out_columns(draw):
    n = draw(st.integers(0, 6))
    instants = st.integers(-(10**15), 10**16)
    masks = st.lists(st.booleans(), min_size=n, max_size=n)
    return {
        "at": (
            np.array(draw(st.lists(instants, min_size=n, max_size=n)), dtype=np.int64),
            np.array(draw(masks), dtype=bool),
        ),
        "d": (
            np.array(
                draw(st.lists(st.integers(-(10**12), 10**12), min_size=n, max_size=n)),
                dtype=np.int64,
            ),
            np.array(draw(masks), dtype=bool),
        ),
        "b": (np.array(draw(masks), dtype=bool), np.array(draw(masks), dtype=bool)),
        "s": draw(st.lists(st.none() | st.text(min_size=1), min_size=n, max_size=n)),
    }


@given(data=out_columns(), like=OUT_LIKES)
def test_written_tables_read_back(data, like):
    """What build_table writes, Frame reads back: values and missing ones."""
    at, at_missing = data["at"]
    d, d_missing = data["d"]
    b, b_missing = data["b"]
    strings = np.empty(len(data["s"]), dtype=object)
    strings[:] = data["s"]
    table = build_table(
        {
            "at": Out("instant", at, at_missing),
            "d": Out("duration", d, d_missing),
            "b": Out("boolean", b, b_missing),
            "s": Out("string", strings),
        },
        like,
    )
    frame = Frame(table, "t")
    assert frame.library == like
    problems = Problems("t")
    if len(at):
        us, missing = frame.column("at").instants(problems, None)
        assert missing.tolist() == at_missing.tolist()
        assert us[~missing].tolist() == at[~at_missing].tolist()
        us, missing = frame.column("d").durations(problems)
        assert missing.tolist() == d_missing.tolist()
        assert us[~missing].tolist() == d[~d_missing].tolist()
    assert not problems
    assert frame.column("b").python().tolist() == [
        None if m else bool(v) for v, m in zip(b, b_missing, strict=True)
    ]
    assert frame.column("s").python().tolist() == data["s"]


class TestWrite:
    def test_like_checked(self):
        with pytest.raises(
            SlaError, match=r"^like must be one of 'pandas'.*got 'csv'$"
        ):
            check_like("csv")

    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow"])
    def test_instants_in_a_zone(self, like):
        series = build_series(
            Out("instant", np.array([0]), None, BERLIN), like, name="x"
        )
        c = Frame(make(like, {"x": []}), "t")  # the library is importable
        assert c.library == like
        from slacore._frames import Column

        col = Column("x", series)
        assert col.zone == BERLIN
        assert col.python().tolist() == [datetime(1970, 1, 1, 1, tzinfo=BERLIN)]

    def test_pandas_series_keeps_index(self):
        series = build_series(
            Out("integer", np.array([1, 2]), np.array([False, True])),
            "pandas",
            index=pd.Index([5, 7]),
        )
        assert series.index.tolist() == [5, 7]
        assert series.dtype == "Int64"

    def test_arrow_mixed_objects(self):
        values = np.empty(2, dtype=object)
        values[:] = [1, "a"]
        with pytest.raises(SlaError, match=r"column 'x' holds values Arrow can't"):
            build_table({"x": Out("object", values)}, "pyarrow")

    def test_polars_mixed_objects(self):
        values = np.empty(2, dtype=object)
        values[:] = [1, "a"]
        table = build_table({"x": Out("object", values)}, "polars")
        assert table["x"].to_list() == [1, "a"]


class TestOwned:
    """Columns the writer owns are handed over without copies; others are copied."""

    def test_a_borrowed_column_is_left_as_it_was(self):
        data = np.array([5, 6, 7], dtype=np.int64)
        missing = np.array([False, True, False])
        table = build_table({"d": Out("duration", data, missing)}, "pandas")
        assert data.tolist() == [5, 6, 7]  # the NaT went into a copy
        assert table["d"].isna().tolist() == [False, True, False]

    @pytest.mark.parametrize("kind", ["instant", "duration"])
    def test_an_owned_column_becomes_the_table_without_a_copy(self, kind):
        data = np.array([5, 6, 7], dtype=np.int64)
        missing = np.array([False, True, False])
        table = build_table({"c": Out(kind, data, missing, owned=True)}, "pandas")
        assert data[1] == np.iinfo(np.int64).min  # NaT marked in place
        written = table["c"].array._ndarray
        assert np.shares_memory(written, data)
        assert table["c"].isna().tolist() == [False, True, False]
        if kind == "instant":
            assert str(table["c"].dtype) == "datetime64[us, UTC]"

    def test_instants_without_pandas_constructor_take_the_public_way(self, monkeypatch):
        data = np.array([5, 0, 7], dtype=np.int64)
        missing = np.array([False, True, False])
        fast = build_table({"c": Out("instant", data.copy(), missing)}, "pandas")
        monkeypatch.delattr(pd.arrays.DatetimeArray, "_simple_new")
        slow = build_table({"c": Out("instant", data.copy(), missing)}, "pandas")
        pd.testing.assert_frame_equal(fast, slow)
        assert str(slow["c"].dtype) == "datetime64[us, UTC]"
