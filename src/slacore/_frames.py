# The interchange between slacore and dataframe libraries: reading columns.
#
# pandas, polars and pyarrow tables (and their Series and Arrays) are read through
# narwhals, a small dependency-free layer made for exactly this, so that one code
# path serves all three; a mapping of column name to numpy array is read directly.
# Everything comes out as numpy: instants as int64 microseconds since the epoch
# (UTC) with a mask of missing values, strings and other values as object arrays of
# Python values. Every third-party import is lazy: `import slacore` needs none.
#
# Two things go past narwhals to the library itself, for speed: factorising a column
# (pandas' `factorize`, polars' Enum cast, Arrow's dictionary encoding; narwhals'
# dense rank sorts, five times slower on 14M strings), and the zone object of a
# pandas column (kept as given). Kinds and codes are in `_frames_kinds`; writing
# tables back is `_frames_out`.
#
# Per-row Python runs only where it cannot be avoided: once per distinct string
# read as a timestamp, per value of a column of Python objects (an `object` dtype),
# and per row handed to the caller as Python values (a ticket's fields).

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

from ._frames_kinds import (
    _arrow_ints,
    _narwhals_kind,
    _numpy_codes,
    _numpy_kind,
    _object_kind,
    _object_missing,
    _object_scan,
    _series_codes,
    is_null,
    module,
    numpy,
    objects,
    one_array,
)
from ._frames_wall import localise, read_datetime, read_text, timedelta_us
from ._instants import Refusal
from ._time import MAX_US, MIN_US, from_us, to_zone
from .exceptions import CalendarError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ._table_problems import Problems

Library: TypeAlias = Literal["pandas", "polars", "pyarrow", "numpy"]
"""Where a table comes from, and the kinds of table slacore gives back."""

LIBRARIES: Final[tuple[Library, ...]] = ("pandas", "polars", "pyarrow", "numpy")

Kind: TypeAlias = Literal[
    "instant",  # aware datetimes (numpy datetime64: UTC)
    "naive",  # datetimes without a zone
    "string",
    "integer",
    "float",
    "boolean",
    "duration",
    "list",
    "null",  # nothing but missing values
    "other",  # dates, decimals, structs, a mix of Python types...
]

_INSTANT_FORM: Final = "timezone-aware datetimes, or timestamps with offsets (text)"
_OFFSET: Final = re.compile(r"(?:UTC)?([+-])(\d{2}):?(\d{2})")


def narwhals() -> Any:
    """The narwhals module, or an ImportError naming the extra."""
    try:
        import narwhals as nw  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - narwhals is in the dev extra
        msg = "tables need narwhals: pip install 'slacore[tables]'"
        raise ImportError(msg) from exc
    return nw


def library_of(data: object) -> Library | None:
    """The library a table, Series or Array comes from; ``"numpy"`` for a mapping.

    None for anything else (a list, an iterator, a numpy array).

    Examples:
        >>> library_of({"at": []}), library_of([1, 2])
        ('numpy', None)
    """
    root = type(data).__module__.partition(".")[0]
    if root in ("pandas", "polars", "pyarrow"):
        return root  # type: ignore[return-value]
    if isinstance(data, Mapping):
        return "numpy"
    return None


def is_series(data: object) -> bool:
    """Whether `data` is a pandas or polars Series or an Arrow (chunked) array."""
    name = type(data).__name__
    library = library_of(data)
    if library in ("pandas", "polars"):
        return name == "Series"
    return library == "pyarrow" and (name == "ChunkedArray" or name.endswith("Array"))


def zone_of(name: object) -> tzinfo:
    """A column's zone as a tzinfo: an IANA name, a fixed offset, or a tzinfo."""
    if isinstance(name, tzinfo):
        key = getattr(name, "key", None) or getattr(name, "zone", None)
        if isinstance(key, str) and not isinstance(name, ZoneInfo | timezone):
            try:  # pytz and dateutil zones become the ZoneInfo of their name
                return to_zone(key)
            except CalendarError:
                return name
        return name
    text = str(name)
    if text in ("UTC", "utc", "Z"):
        return UTC
    found = _OFFSET.fullmatch(text)
    if found is not None:
        sign = -1 if found[1] == "-" else 1
        minutes = sign * (int(found[2]) * 60 + int(found[3]))
        return timezone(timedelta(minutes=minutes))
    return to_zone(text)


class Frame:
    """A table being read: its library, its column names and its number of rows.

    Raises:
        TypeError: If `data` is not a pandas, polars or pyarrow table or a mapping
            of column names to 1-D arrays.
        SlaError: If the arrays of a mapping differ in length.
    """

    def __init__(self, data: object, what: str) -> None:
        library = library_of(data)
        if library is None or is_series(data):
            kind = type(data).__name__
            msg = (
                f"{what} must be a pandas, polars or pyarrow table or a mapping of "
                f"column names to numpy arrays, got {kind}"
            )
            raise TypeError(msg)
        self.library: Library = library
        self._native: Any
        if library == "numpy":
            self._native = _numpy_columns(data, what)  # type: ignore[arg-type]
            lengths = {len(a) for a in self._native.values()}
            self.names: tuple[str, ...] = tuple(self._native)
            self.n_rows = lengths.pop() if lengths else 0
        else:
            frame = narwhals().from_native(_eager(data, what), eager_only=True)
            self._native = frame
            self.names = tuple(str(name) for name in frame.columns)
            self.n_rows = len(frame)

    def column(self, name: str) -> Column:
        """The column called `name` (one of `names`)."""
        if self.library == "numpy":
            return Column(name, self._native[name])
        return Column(name, self._native[name])


def _eager(data: object, what: str) -> object:
    """*data* as a table narwhals reads eagerly.

    An Arrow record batch becomes a table; a lazy polars frame, or any other
    kind of object of those libraries, is refused by name.
    """
    name = type(data).__name__
    if name == "RecordBatch":
        return module("pyarrow", "Arrow tables", "arrow").Table.from_batches([data])
    if name in ("DataFrame", "Table"):
        return data
    hint = ": call .collect() first" if name == "LazyFrame" else ""
    msg = (
        f"{what} must be a pandas, polars or pyarrow table or a mapping of column "
        f"names to numpy arrays, got a {library_of(data)} {name}{hint}"
    )
    raise TypeError(msg)


def _numpy_columns(data: Mapping[Any, Any], what: str) -> dict[str, Any]:
    np = numpy()
    from .exceptions import SlaError  # noqa: PLC0415

    out: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            msg = f"{what}: column names must be strings, got {key!r}"
            raise TypeError(msg)
        array = value if type(value).__name__ == "ndarray" else np.asarray(value)
        if array.ndim != 1:
            msg = f"{what}: column {key!r} must be 1-D, got shape {array.shape}"
            raise SlaError(msg)
        out[key] = array
    lengths = {name: len(array) for name, array in out.items()}
    if len(set(lengths.values())) > 1:
        sizes = ", ".join(f"{name} {n}" for name, n in lengths.items())
        msg = f"{what}: the columns differ in length ({sizes})"
        raise SlaError(msg)
    return out


class Column:
    """One column of a table (or a Series or Arrow array), read into numpy.

    `kind` says what it holds; `dtype` names its type for messages.
    """

    def __init__(self, name: str, data: Any) -> None:
        self.name = name
        self.zone: tzinfo | None = None
        self._numpy: Any = None  # a numpy array, or None for a narwhals series
        self._series: Any = None
        self._missing: npt.NDArray[np.bool_] | None = None
        if type(data).__name__ == "ndarray":
            self._numpy = data
            self.n_rows = len(data)
            self.dtype = str(data.dtype)
            self.kind: Kind = _numpy_kind(data)
            if self.kind == "instant":
                self.zone = UTC
            elif data.dtype == object:
                self._objects()
            return
        nw = narwhals()
        series = data if isinstance(data, nw.Series) else None
        if series is None:
            if library_of(data) == "pyarrow" and type(data).__name__ != "ChunkedArray":
                data = module("pyarrow", "Arrow arrays", "arrow").chunked_array([data])
            series = nw.from_native(data, series_only=True)
        dtype = series.dtype
        if isinstance(dtype, nw.Categorical | nw.Enum):
            series = series.cast(nw.String)
            dtype = series.dtype
        self._series = series
        self.n_rows = len(series)
        native = series.to_native()  # its library's own name of the type
        self.dtype = str(
            getattr(native, "dtype", None) or getattr(native, "type", dtype)
        )
        self.kind = _narwhals_kind(nw, dtype)
        # pandas keeps its zone object (a ZoneInfo, pytz, dateutil or a fixed
        # offset); narwhals 2.29 also reads zones whose names hold an underscore
        # (America/New_York) as an Unknown dtype, so pandas' own dtype decides.
        pandas_zone = getattr(getattr(series.to_native(), "dtype", None), "tz", None)
        if isinstance(pandas_zone, tzinfo):
            self.kind = "instant"
            self.zone = zone_of(pandas_zone)
            self.dtype = str(series.to_native().dtype)
        elif self.kind == "instant":
            self.zone = zone_of(dtype.time_zone)
        elif dtype == nw.Object:
            self._numpy = series.to_numpy()
            self._objects()
        elif self.kind == "null" and series.null_count() != self.n_rows:
            self.kind = "other"  # pragma: no cover - an unknown dtype with values

    def _objects(self) -> None:
        """Kind, zone and missing values of a column of Python objects (one scan)."""
        scan = _object_scan(self._numpy)
        self.kind, self.zone = _object_kind(self._numpy, scan)
        self._missing = _object_missing(self._numpy, scan)

    def _is_objects(self) -> bool:
        return self._numpy is not None and self._numpy.dtype == object

    def objects_array(self) -> npt.NDArray[np.object_] | None:
        """The column as an object array if it holds Python objects, else None."""
        return self._numpy if self._is_objects() else None

    @property
    def library(self) -> Library:
        """Where the column comes from."""
        if self._series is None:
            return "numpy"
        return str(self._series.implementation).lower().rpartition(".")[2]  # type: ignore[return-value]

    # -- missing values -------------------------------------------------------------

    def missing(self) -> npt.NDArray[np.bool_]:
        """Where the column holds no value: null, NaN, NaT or an empty string."""
        if self._missing is None:
            self._missing = self._find_missing()
        return self._missing

    def _find_missing(self) -> npt.NDArray[np.bool_]:  # noqa: PLR0911
        np = numpy()
        if self._numpy is not None:
            array = self._numpy
            if array.dtype == object:
                return _object_missing(array)  # type: ignore[no-any-return]
            if array.dtype.kind in "mM":
                return np.isnat(array)  # type: ignore[no-any-return]
            if array.dtype.kind == "f":
                return np.isnan(array)  # type: ignore[no-any-return]
            if array.dtype.kind in "US":
                return array == array.dtype.type()  # type: ignore[no-any-return]
            return np.zeros(len(array), dtype=bool)  # type: ignore[no-any-return]
        series = self._series
        if self.kind == "string":
            arrow = _arrow_of(series.to_native())
            if arrow is not None:
                return _arrow_blank(np, arrow)  # type: ignore[no-any-return]
        null = series.is_null()
        if self.kind == "float":
            null = null | series.is_nan().fill_null(value=True)
        elif self.kind == "string":
            null = null | (series == "").fill_null(value=True)
        return np.asarray(null.to_numpy(), dtype=bool)  # type: ignore[no-any-return]

    # -- codes ----------------------------------------------------------------------

    def codes(
        self, rows: npt.NDArray[np.int64] | None = None, *, runs: bool = False
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_]]:
        """Each row's code (-1 where missing) and the distinct values, coded 0, 1...

        The values are Python objects (`str`, `int`...); an empty string is
        missing. Hash-based where the library offers it (pandas, Arrow, polars
        strings), so 14M strings take about half a second. With *rows*, the
        codes of those rows only (the distinct values among them). *runs* says
        equal values tend to follow each other (Arrow strings then encode only
        the first of each run).
        """
        np = numpy()
        if self._numpy is not None:
            array = self._numpy if rows is None else self._numpy[rows]
            codes, uniques = _numpy_codes(np, array)
        else:
            series = self._series if rows is None else self._series[rows]
            codes, uniques = _series_codes(np, series, self.kind, runs=runs)
        if self.kind == "string" and len(uniques):
            blank = np.flatnonzero(np.asarray(uniques == "", dtype=bool))
            if len(blank):
                codes = np.where(np.isin(codes, blank), -1, codes)
        return codes, uniques

    def lookup(self, names: tuple[str, ...]) -> npt.NDArray[np.integer[Any]] | None:
        """Each row's index in *names* (-1 where missing), for a text column.

        None unless it is quicker than `codes` (Arrow strings) and every value
        that is there is one of *names*.
        """
        np = numpy()
        if self.kind != "string" or self._series is None:
            return None
        arrow = _arrow_of(self._series.to_native())
        if arrow is None:
            return None
        pa = module("pyarrow", "Arrow tables", "arrow")
        pc = module("pyarrow.compute", "Arrow tables", "arrow")
        found = pc.index_in(arrow, value_set=pa.array(names, type=arrow.type))
        codes = _arrow_ints(np, one_array(found), np.int8 if len(names) < 127 else None)
        if bool(((codes < 0) & ~self.missing()).any()):
            return None  # values not among names: `codes` tells which
        return codes  # type: ignore[no-any-return]

    # -- values ---------------------------------------------------------------------

    def python(self, rows: npt.NDArray[np.int64] | None = None) -> npt.NDArray[Any]:
        """The Python value of each of `rows` (all rows for None); None where missing.

        Datetimes are aware (in the column's zone; naive ones stay naive),
        durations are `timedelta`, numbers `int`/`float`, lists `list`.
        """
        np = numpy()
        missing = self.missing()
        if rows is not None:
            missing = missing[rows]
        if self._numpy is not None:
            array = self._numpy if rows is None else self._numpy[rows]
            if array.dtype.kind == "M":  # numpy datetime64: UTC instants
                values = _aware(np, _dt64_us(np, array, np.isnat(array)), UTC)
            elif array.dtype.kind == "m":
                values = objects(array.astype("timedelta64[us]").tolist())
            else:
                values = objects(array.tolist())
        elif self.kind in ("instant", "naive", "duration"):
            values = self._datetime_values(rows)
        else:
            series = self._series if rows is None else self._series[rows]
            values = objects(series.to_list())
        values[missing] = None
        return values  # type: ignore[no-any-return]

    def _datetime_values(self, rows: npt.NDArray[np.int64] | None) -> Any:
        np = numpy()
        series = self._series if rows is None else self._series[rows]
        if self.kind == "duration":
            array = series.to_numpy()
            return objects(array.astype("timedelta64[us]").tolist())
        if self.kind == "naive":
            array = series.to_numpy()
            return objects(array.astype("datetime64[us]").tolist())
        array = _utc_datetime64(series)
        us = array.astype("datetime64[us]").view(np.int64)
        return _aware(np, us, self.zone or UTC, np.isnat(array))

    def text(self, row: int) -> str:
        """The value at `row` as text for a message (its repr)."""
        if self._numpy is not None:
            value = self._numpy[row]
            if hasattr(value, "item") and self._numpy.dtype.kind not in "mM":
                value = value.item()
        else:
            value = self._series[row]
        if isinstance(value, datetime):
            return repr(value.isoformat())
        return repr(value)

    # -- instants -------------------------------------------------------------------

    def instants(
        self, problems: Problems, tz: ZoneInfo | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]] | None:
        """Each row as microseconds since the epoch (UTC), and where none is.

        Aware datetimes are read as they are; text is read by slacore's one rule
        for timestamps (as the CSV readers do, once per distinct text); naive
        datetimes are wall times in `tz`, refused without it, and a wall time
        that `tz` skips or repeats is a problem of its row. A problem of the whole
        column (a wrong type, naive datetimes without `tz`) returns None; a row
        that can't be read is a problem of its row and counts as missing.
        """
        np = numpy()
        name = self.name
        if self.kind == "naive" and tz is None:
            problems.column(
                name,
                "naive datetimes, and no time zone is given",
                expected="timezone-aware datetimes, or tz=",
                found=self.dtype,
            )
            return None
        if self.kind == "null":
            return np.zeros(self.n_rows, np.int64), np.ones(self.n_rows, dtype=bool)
        if self.kind == "string":
            return self._text_instants(np, problems, tz)
        if self._is_objects() and self.kind in ("instant", "other"):
            return self._object_instants(np, problems, tz)
        if self.kind not in ("instant", "naive"):
            problems.column(
                name, "wrong column type", expected=_INSTANT_FORM, found=self.dtype
            )
            return None
        if self._numpy is not None:
            array = self._numpy
        elif self.kind == "instant":
            array = _utc_datetime64(self._series)
        else:
            array = self._series.to_numpy()
        missing = np.isnat(array)
        us = _dt64_us(np, array, missing, problems, self)
        if self.kind == "naive" and tz is not None:
            us = localise(np, us, missing, tz, problems, name)
        return us, missing

    def _text_instants(
        self, np: Any, problems: Problems, tz: ZoneInfo | None
    ) -> tuple[Any, Any]:
        codes, uniques = self.codes()
        if len(uniques) == 0:
            return np.zeros(self.n_rows, np.int64), np.ones(self.n_rows, dtype=bool)
        parsed = np.zeros(len(uniques), dtype=np.int64)
        bad = np.zeros(len(uniques), dtype=bool)
        refusals: dict[tuple[str, str], list[int]] = {}
        for index, text in enumerate(uniques.tolist()):
            found = read_text(text, tz)
            if isinstance(found, Refusal):
                bad[index] = True
                refusals.setdefault((found.reason, found.expected), []).append(index)
            else:
                parsed[index] = found
        us = parsed[np.maximum(codes, 0)]
        missing = codes < 0
        for (reason, expected), which in refusals.items():
            rows = np.flatnonzero(np.isin(codes, which))
            problems.rows(
                self.name,
                reason,
                rows,
                expected=expected,
                found=lambda row: repr(uniques[codes[row]]),
            )
        return us, missing | bad[np.maximum(codes, 0)]

    def _object_instants(
        self, np: Any, problems: Problems, tz: ZoneInfo | None
    ) -> tuple[Any, Any]:
        # A column of Python objects: one conversion per row (documented as slow).
        array = self._numpy
        us = np.zeros(len(array), dtype=np.int64)
        missing = np.zeros(len(array), dtype=bool)
        for row, value in enumerate(array.tolist()):
            if is_null(value) or value == "":
                missing[row] = True
                continue
            found: int | Refusal | None
            if isinstance(value, str):
                found = read_text(value, tz)
            elif isinstance(value, datetime):
                found = read_datetime(value, tz)
            else:
                found = Refusal(repr(value), "not a timestamp", _INSTANT_FORM)
            if found is None:
                problems.rows(
                    self.name,
                    "a naive datetime, and no time zone is given",
                    [row],
                    expected="a timezone-aware datetime, or tz=",
                    found=self.text,
                )
                missing[row] = True
            elif isinstance(found, Refusal):
                problems.rows(
                    self.name,
                    found.reason,
                    [row],
                    expected=found.expected,
                    found=self.text,
                )
                missing[row] = True
            else:
                us[row] = found
        return us, missing

    # -- durations ------------------------------------------------------------------

    def durations(
        self, problems: Problems
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]] | None:
        """Each row as integer microseconds, and where none is (a wrong type: None)."""
        np = numpy()
        if self.kind == "null":
            return np.zeros(self.n_rows, np.int64), np.ones(self.n_rows, dtype=bool)
        if self.kind != "duration":
            problems.column(
                self.name, "wrong column type", expected="durations", found=self.dtype
            )
            return None
        if self._numpy is not None and self._numpy.dtype == object:
            values = self._numpy.tolist()
            missing = np.fromiter((is_null(v) for v in values), bool, len(values))
            us = np.fromiter(
                (0 if is_null(v) else timedelta_us(v) for v in values),
                np.int64,
                len(values),
            )
            return us, missing
        array = self._numpy if self._numpy is not None else self._series.to_numpy()
        missing = np.isnat(array)
        return _dt64_us(np, array, missing, problems, self), missing


def _arrow_of(native: Any) -> Any:
    """The Arrow data of a pyarrow array or an Arrow-backed pandas Series, or None."""
    if library_of(native) == "pyarrow":
        return native
    array = getattr(native, "array", None)
    if hasattr(array, "__arrow_array__"):
        return array.__arrow_array__()  # type: ignore[union-attr]
    return None


def _arrow_blank(np: Any, arrow: Any) -> Any:
    """Where an Arrow string array is null or empty (read from its buffers)."""
    pa = module("pyarrow", "Arrow tables", "arrow")
    pc = module("pyarrow.compute", "Arrow tables", "arrow")
    if isinstance(arrow, pa.ChunkedArray):
        parts = [_arrow_blank(np, chunk) for chunk in arrow.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    width = {pa.string(): 4, pa.large_string(): 8}.get(arrow.type)
    if width is None:  # a string view, say: Arrow's kernels
        blank = pc.fill_null(pc.equal(arrow, ""), fill_value=True)
        return np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
    n, offset = len(arrow), arrow.offset
    validity, offsets = arrow.buffers()[:2]
    ends = np.frombuffer(offsets, dtype=f"<i{width}", count=offset + n + 1)[offset:]
    blank = ends[1:] == ends[:-1]
    if arrow.null_count:
        bits = np.frombuffer(validity, dtype=np.uint8)
        valid = np.unpackbits(bits, count=offset + n, bitorder="little")[offset:]
        blank |= valid == 0
    return blank


def _utc_datetime64(series: Any) -> Any:
    """An aware datetime Series as UTC datetime64 values (NaT where null)."""
    native = series.to_native()
    if isinstance(getattr(getattr(native, "dtype", None), "tz", None), tzinfo):
        return native.dt.tz_convert(None).to_numpy()
    return series.dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy()


def _aware(np: Any, us: Any, zone: tzinfo, missing: Any = None) -> Any:
    """Object array of aware datetimes in `zone` (None where `missing`)."""
    out = np.empty(len(us), dtype=object)
    for index, value in enumerate(us.tolist()):
        out[index] = from_us(value, zone) if MIN_US <= value <= MAX_US else None
    if missing is not None:
        out[missing] = None
    return out


def _dt64_us(
    np: Any,
    array: Any,
    missing: Any,
    problems: Problems | None = None,
    column: Column | None = None,
) -> Any:
    """A datetime64 or timedelta64 array as int64 microseconds (0 where missing).

    Digits below a microsecond, and instants outside the years 1-9999, are
    problems of their rows (and the rows count as missing).
    """
    unit = "datetime64[us]" if array.dtype.kind == "M" else "timedelta64[us]"
    if array.dtype == np.dtype(unit):  # at microseconds already: nothing is lost
        ints = array.view(np.int64)  # copied below if written to
        lost = np.zeros(1, dtype=bool)
    else:
        us = array.astype(unit)
        lost = (us.astype(array.dtype) != array) & ~missing
        ints = us.view(np.int64)
    if missing.any():
        ints = ints.copy()
        ints[missing] = 0
    if problems is not None and column is not None and lost.any():
        problems.rows(
            column.name,
            "digits below a microsecond",
            np.flatnonzero(lost),
            expected="microseconds at most",
            found=column.text,
        )
        missing |= lost
    if array.dtype.kind == "M" and (
        len(ints) and (int(ints.min()) < MIN_US or int(ints.max()) > MAX_US)
    ):
        outside = ((ints < MIN_US) | (ints > MAX_US)) & ~missing
        if problems is not None and column is not None and outside.any():
            problems.rows(
                column.name,
                "outside the years 1-9999",
                np.flatnonzero(outside),
                found=column.text,
            )
            missing |= outside
    return ints
