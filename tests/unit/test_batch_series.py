from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore import BusinessCalendar, NaiveDatetimeError, SlaError
from slacore.strategies import aware_datetimes, business_calendars, weekly_hours

NEW_YORK = ZoneInfo("America/New_York")
H = timedelta(hours=1)
OFFICE = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
FRI = datetime(2025, 6, 6, 10, tzinfo=NEW_YORK)  # 16:00 in Berlin
MON = datetime(2025, 6, 9, 3, tzinfo=NEW_YORK)  # 09:00 in Berlin
STARTS = [FRI, None, MON]


def pandas_starts() -> pd.Series:
    return pd.Series(
        STARTS,
        index=[10, 20, 30],
        name="created",
        dtype="datetime64[ns, America/New_York]",
    )


class TestPandas:
    def test_add_many_keeps_index_name_and_zone(self):
        """A Series in, a Series out: same index, name and zone; NaT stays NaT."""
        result = OFFICE.add_many(pandas_starts(), 2 * H)
        assert isinstance(result, pd.Series)
        assert result.index.tolist() == [10, 20, 30]
        assert result.name == "created"
        assert str(result.dt.tz) == "America/New_York"
        assert result.isna().tolist() == [False, True, False]
        assert result[10] == OFFICE.add(FRI, 2 * H)
        assert result[30] == OFFICE.add(MON, 2 * H)

    def test_without_missing_values_still_a_series(self):
        """A Series without NaT comes back as a Series, not as a list."""
        starts = pd.Series([FRI, MON])
        result = OFFICE.add_many(starts, H)
        assert isinstance(result, pd.Series)
        assert result.tolist() == [OFFICE.add(FRI, H), OFFICE.add(MON, H)]

    def test_between_many_with_missing(self):
        """The issue's call: aware Series with a missing value give durations."""
        ends = pd.Series([MON, MON, None], index=[10, 20, 30])
        result = OFFICE.between_many(pandas_starts(), ends)
        assert result.dtype == "timedelta64[us]"
        assert result.index.tolist() == [10, 20, 30]
        assert result.isna().tolist() == [False, True, True]
        assert result[10] == OFFICE.between(FRI, MON)

    def test_timedelta_series(self):
        durations = pd.Series([H, 3 * H, None], index=[10, 20, 30])
        result = OFFICE.add_many(pandas_starts(), durations)
        assert result.isna().tolist() == [False, True, True]
        assert result[10] == OFFICE.add(FRI, H)

    def test_to_numpy_object_array_with_nat(self):
        """``.to_numpy()`` of an aware Series (objects with NaT) counts NaT missing."""
        starts = pandas_starts().to_numpy()
        assert starts.dtype == object
        result = OFFICE.between_many(starts, np.array([MON, MON, MON], dtype=object))
        assert np.isnat(result).tolist() == [False, True, False]
        assert result[0] == np.timedelta64(OFFICE.between(FRI, MON), "us")

    @pytest.mark.parametrize("missing", [None, float("nan"), pd.NaT, pd.NA])
    def test_object_array_missing_values(self, missing):
        starts = np.array([FRI, missing], dtype=object)
        result = OFFICE.add_many(starts, np.timedelta64(1, "h"))
        assert np.isnat(result).tolist() == [False, True]

    def test_naive_series(self):
        starts = pd.Series([None, datetime(2025, 6, 6, 16)])
        with pytest.raises(
            NaiveDatetimeError, match=r"^starts\[1\] must be timezone-aware"
        ) as info:
            OFFICE.add_many(starts, H)
        assert info.value.name == "starts[1]"

    def test_wrong_dtype(self):
        with pytest.raises(
            TypeError,
            match=r"^starts must be timezone-aware datetimes, got dtype int64$",
        ):
            OFFICE.add_many(pd.Series([1, 2]), H)

    def test_wrong_duration_dtype(self):
        with pytest.raises(TypeError, match=r"^durations must be durations, got dtype"):
            OFFICE.add_many(pandas_starts(), pd.Series([1, 2, 3]))

    def test_length_mismatch(self):
        with pytest.raises(
            SlaError,
            match=r"^add_many needs as many durations as starts: "
            r"got 3 starts and 2 durations$",
        ):
            OFFICE.add_many(pandas_starts(), pd.Series([H, H]))

    def test_nanoseconds(self):
        starts = pd.Series(pd.to_datetime(["2025-06-06T16:00:00.000000001Z"]))
        with pytest.raises(SlaError, match=r"^starts\[0\] digits below a microsecond"):
            OFFICE.add_many(starts, H)

    def test_list_of_starts_with_duration_series(self):
        """A Series of durations with a list of starts answers in pandas too."""
        result = OFFICE.add_many([FRI, MON], pd.Series([H, 2 * H]))
        assert isinstance(result, pd.Series)
        assert result.tolist() == [OFFICE.add(FRI, H), OFFICE.add(MON, 2 * H)]


class TestPolarsAndArrow:
    def test_polars(self):
        starts = pl.Series("created", STARTS)
        result = OFFICE.add_many(starts, H)
        assert isinstance(result, pl.Series)
        assert result.name == "created"
        assert result.dtype == pl.Datetime("us", "America/New_York")
        assert result.to_list() == [OFFICE.add(FRI, H), None, OFFICE.add(MON, H)]

    def test_polars_between(self):
        starts = pl.Series(STARTS)
        result = OFFICE.between_many(starts, pl.Series([MON, MON, MON]))
        assert result.dtype == pl.Duration("us")
        assert result.to_list() == [OFFICE.between(FRI, MON), None, timedelta(0)]

    def test_arrow_array(self):
        starts = pa.array(STARTS, pa.timestamp("ms", "America/New_York"))
        result = OFFICE.add_many(starts, H)
        assert isinstance(result, pa.Array)
        assert result.type == pa.timestamp("us", "America/New_York")
        assert result.to_pylist() == [OFFICE.add(FRI, H), None, OFFICE.add(MON, H)]

    def test_arrow_chunked(self):
        starts = pa.chunked_array([pa.array(STARTS[:2]), pa.array(STARTS[2:])])
        result = OFFICE.between_many(starts, starts)
        assert isinstance(result, pa.ChunkedArray)
        assert result.type == pa.duration("us")
        assert result.to_pylist() == [timedelta(0), None, timedelta(0)]


LIBRARIES = st.sampled_from(["pandas", "polars", "pyarrow"])
INSTANTS = aware_datetimes(
    datetime(2020, 1, 1, tzinfo=UTC),
    datetime(2030, 1, 1, tzinfo=UTC),
    timezones=st.just(NEW_YORK),
)


def series(library: str, values: list, kind: str):
    if library == "pandas":
        dtype = "datetime64[us, America/New_York]" if kind == "M" else "timedelta64[us]"
        return pd.Series(values, dtype=dtype)
    if library == "polars":
        dtype = (
            pl.Datetime("us", "America/New_York") if kind == "M" else pl.Duration("us")
        )
        return pl.Series(values, dtype=dtype)
    return pa.array(
        values,
        pa.timestamp("us", "America/New_York") if kind == "M" else pa.duration("us"),
    )


def as_list(result) -> list:
    return result.to_list() if hasattr(result, "to_list") else result.to_pylist()


@given(
    cal=business_calendars(hours=weekly_hours(min_open_days=1)),
    library=LIBRARIES,
    pairs=st.lists(
        st.tuples(
            st.none() | INSTANTS,
            st.none()
            | st.timedeltas(timedelta(days=-20), timedelta(days=20)).map(
                lambda d: d // timedelta(microseconds=1) * timedelta(microseconds=1)
            ),
        ),
        max_size=8,
    ),
)
def test_add_many_series_equals_add(cal, library, pairs):
    """add_many of Series equals add per element; missing values stay missing."""
    starts = [a for a, _ in pairs]
    durations = [d for _, d in pairs]
    result = as_list(
        cal.add_many(series(library, starts, "M"), series(library, durations, "m"))
    )
    expected = [
        None if a is None or d is None else cal.add(a, d)
        for a, d in zip(starts, durations, strict=True)
    ]
    assert [None if pd.isna(r) else r for r in result] == expected


@given(
    cal=business_calendars(),
    library=LIBRARIES,
    pairs=st.lists(st.tuples(st.none() | INSTANTS, st.none() | INSTANTS), max_size=8),
)
def test_between_many_series_equals_between(cal, library, pairs):
    """between_many of Series equals between per pair; missing stays missing."""
    starts = [a for a, _ in pairs]
    ends = [b for _, b in pairs]
    result = as_list(
        cal.between_many(series(library, starts, "M"), series(library, ends, "M"))
    )
    expected = [
        None if a is None or b is None else cal.between(a, b)
        for a, b in zip(starts, ends, strict=True)
    ]
    assert [None if pd.isna(r) else r for r in result] == expected
