# The interchange between slacore and dataframe libraries: writing columns.
#
# Results are numpy arrays with masks of missing values; here they become a pandas,
# polars or pyarrow table (or Series, or Array), or a mapping of numpy arrays.
# Instants become timezone-aware datetime columns at microsecond resolution (UTC
# unless a zone is asked for), durations duration columns, and missing values
# nulls. Each library is written with its own constructors: narwhals builds a
# column from values but takes no mask of nulls, and a mask is what the engine
# has (filling Python lists with None would cost a second per million rows).

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from ._frames import LIBRARIES
from ._frames_kinds import decoded, module, numpy
from .exceptions import DataError, SlaError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import tzinfo

    from ._frames import Library

OutKind: TypeAlias = Literal[
    "instant",
    "duration",
    "boolean",
    "integer",
    "float",
    "string",
    "category",
    "list",
    "object",
]

_EXTRA: Final = {"pandas": "pandas", "polars": "polars", "pyarrow": "arrow"}


@attrs.frozen(eq=False)
class Out:
    """A column to write: its kind, its values and where they are missing.

    Attributes:
        kind: What it holds.
        data: int64 microseconds (instants, durations), bool, int64 or float64
            values, or an object array (strings, lists, objects; None is missing).
        missing: Where a value is missing (None: nowhere, or as None in `data`).
        zone: The zone instants are shown in (a tzinfo or an IANA name).
        names: For a ``"string"`` column given as codes: `data` holds integer
            codes into this object array of strings (-1: missing), written
            without a Python object per row where the library allows. For a
            ``"category"`` column (always coded), its categories, each once:
            written as pandas ``category``, polars ``Enum`` and Arrow
            ``dictionary`` columns (numpy has none: strings there).
        owned: `data` is this column's own (no caller holds it): a writer may
            mark missing values in it and hand it to the library without a
            copy. A million-ticket result is about a gigabyte, and each copy of
            it a pass through memory.
    """

    kind: OutKind
    data: Any
    missing: Any = None
    zone: Any = "UTC"
    names: Any = None
    owned: bool = False

    def values(self) -> Any:
        """`data`, or for a coded column its strings as an object array."""
        if self.names is None:
            return self.data
        return decoded(self.data, self.names)


def check_like(like: object) -> Library:
    """`like` if it names a library slacore writes, else an `SlaError`."""
    if like not in LIBRARIES:
        names = ", ".join(repr(name) for name in LIBRARIES)
        msg = f"like must be one of {names}, got {like!r}"
        raise SlaError(msg)
    return like  # type: ignore[return-value,unused-ignore]


def _import(library: str) -> Any:
    return module(library, f"{library} tables", _EXTRA[library])


def _zone_name(zone: Any) -> str:
    """An IANA name or offset string for polars and Arrow."""
    if isinstance(zone, str):
        return zone
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    offset = zone.utcoffset(None)
    if offset is None:  # pragma: no cover - a tzinfo without a fixed offset
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _mask(column: Out) -> Any:
    np = numpy()
    if column.missing is not None:
        return np.asarray(column.missing, dtype=bool)
    if column.names is not None:
        return column.data < 0
    if column.data.dtype == object:
        return np.asarray(np.equal(column.data, None), dtype=bool)
    return np.zeros(len(column.data), dtype=bool)


def _arrow_strings(column: Out, *, large: bool = False) -> Any:
    """A coded string column as an Arrow string array (Arrow's take, no Python).

    *large* makes it ``large_string``, the type pandas keeps its strings in
    (given ``string``, pandas casts: new offsets for every row).
    """
    pa = _import("pyarrow")
    return _arrow_names(pa, column, large=large).take(_arrow_indices(pa, column))


def _arrow_names(pa: Any, column: Out, *, large: bool = False) -> Any:
    """A coded column's names as an Arrow string array (``large_string``: *large*)."""
    return pa.array(
        column.names.tolist(), type=pa.large_string() if large else pa.string()
    )


def _arrow_indices(pa: Any, column: Out) -> Any:
    """A coded column's codes as Arrow int32 indices, null where missing."""
    np = numpy()
    codes = column.data
    missing = codes < 0
    return pa.array(
        np.where(missing, 0, codes).astype(np.int32),
        mask=missing if missing.any() else None,
    )


def to_numpy_column(column: Out) -> Any:
    """`column` as a numpy array: datetime64/timedelta64[us] with NaT, or objects."""
    np = numpy()
    missing = _mask(column)
    if column.kind in ("instant", "duration"):
        unit = "datetime64[us]" if column.kind == "instant" else "timedelta64[us]"
        out = np.asarray(column.data, dtype=np.int64).view(unit)
        if not column.owned:
            out = out.copy()
        if missing.any():
            out[missing] = (
                np.datetime64("NaT")
                if column.kind == "instant"
                else (np.timedelta64("NaT"))
            )
        return out
    nullable = column.missing is not None  # a column that may hold nulls
    if column.kind in ("boolean", "integer") and (nullable or missing.any()):
        out = column.data.astype(object)
        out[missing] = None
        return out
    if column.kind == "float":
        out = np.asarray(column.data, dtype=np.float64)
        if not column.owned:
            out = out.copy()
        out[missing] = np.nan
        return out
    return column.values()


def _pandas_column(pd: Any, column: Out, index: Any, name: str) -> Any:
    np = numpy()
    missing = _mask(column)
    # The arrays of `to_numpy_column` are new (or owned): no copy of them.
    if column.kind == "instant":
        series = _pandas_utc(pd, to_numpy_column(column), index, name)
        zone = column.zone
        if not (isinstance(zone, str) and zone == "UTC"):
            series = series.dt.tz_convert(zone)
        return series
    if column.kind in ("duration", "float"):
        values = to_numpy_column(column)
        return pd.Series(values, index=index, name=name, copy=False)
    nullable = column.missing is not None  # a column that may hold nulls
    if column.kind == "boolean" and (nullable or missing.any()):
        array = pd.arrays.BooleanArray(np.asarray(column.data, bool), missing)
        return pd.Series(array, index=index, name=name)
    if column.kind == "integer" and missing.any():
        values = np.asarray(column.data, np.int64).copy()
        values[missing] = 0
        array = pd.arrays.IntegerArray(values, missing)
        return pd.Series(array, index=index, name=name)
    if column.names is not None:
        return _pandas_coded(pd, column, index, name)
    dtype: object = object if column.kind in ("list", "object") else None
    if column.kind == "string":
        dtype = "str"  # also when empty (an object column otherwise)
    return pd.Series(
        column.data, index=index, name=name, dtype=dtype, copy=not column.owned
    )


def _pandas_utc(pd: Any, values: Any, index: Any, name: str) -> Any:
    """datetime64[us] values (UTC, NaT missing) as a Series of UTC instants.

    ``tz_localize("UTC")`` copies the values although UTC changes none of them
    (a pass through 60 MB per million tickets); pandas' own constructor of a
    datetime array takes them as they are. Where a pandas lacks it, or refuses,
    the public way.
    """
    dtype = pd.DatetimeTZDtype(unit="us", tz="UTC")
    simple_new = getattr(pd.arrays.DatetimeArray, "_simple_new", None)
    if simple_new is not None:
        try:
            array = simple_new(values, dtype=dtype)
        except (TypeError, ValueError):  # pragma: no cover - another pandas
            pass
        else:
            return pd.Series(array, index=index, name=name, copy=False)
    series = pd.Series(values, index=index, name=name, copy=False)
    return series.dt.tz_localize("UTC")


def _pandas_coded(pd: Any, column: Out, index: Any, name: str) -> Any:
    """A coded column: a Categorical, or strings (Arrow-backed where pandas is)."""
    dtype = _pandas_text(pd)
    if column.kind == "category":
        categories = pd.Index(column.names.tolist(), dtype=dtype)
        values = pd.Categorical.from_codes(column.data, categories, validate=False)
        return pd.Series(values, index=index, name=name)
    if getattr(dtype, "storage", None) == "pyarrow":
        try:
            array = pd.array(_arrow_strings(column, large=True), dtype=dtype)
        except ImportError:  # pragma: no cover - Arrow storage implies pyarrow
            pass
        else:
            return pd.Series(array, index=index, name=name)
    return pd.Series(column.values(), index=index, name=name)


def _pandas_text(pd: Any) -> Any:
    """Pandas' own dtype for strings (Arrow-backed ``str`` from pandas 3 on)."""
    return pd.Series(["a"]).dtype


def _polars_column(  # noqa: PLR0911 - one return per kind
    pl: Any, column: Out, name: str
) -> Any:
    np = numpy()
    missing = _mask(column)
    if column.kind == "instant":
        series = pl.Series(name, to_numpy_column(column))
        series = series.dt.replace_time_zone("UTC")
        zone = _zone_name(column.zone)
        return series if zone == "UTC" else series.dt.convert_time_zone(zone)
    if column.kind in ("duration", "float"):
        return pl.Series(name, to_numpy_column(column))
    if column.kind in ("boolean", "integer"):
        series = pl.Series(name, column.data)
        if missing.any():
            series = series.scatter(np.flatnonzero(missing), None)
        return series
    if column.names is not None:
        kind = (
            pl.Enum(column.names.tolist()) if column.kind == "category" else pl.String
        )
        names = pl.Series(name, column.names.tolist(), dtype=kind)
        found = names.gather(np.maximum(column.data, 0))
        if missing.any():
            found = found.scatter(np.flatnonzero(missing), None)
        return found
    if column.kind == "string":
        return pl.Series(name, column.data.tolist(), dtype=pl.String)
    if column.kind == "list":
        return pl.Series(name, [_listed(v) for v in column.data.tolist()])
    try:
        return pl.Series(name, column.data.tolist())
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        return pl.Series(name, column.data, dtype=pl.Object)


def _arrow_column(pa: Any, column: Out, name: str) -> Any:
    np = numpy()
    missing = _mask(column)
    mask = missing if missing.any() else None
    if column.kind in ("instant", "duration"):
        kind = (
            pa.timestamp("us", tz=_zone_name(column.zone))
            if column.kind == "instant"
            else pa.duration("us")
        )
        values = np.asarray(column.data, dtype=np.int64)
        return pa.array(values, type=kind, mask=mask)
    if column.kind in ("boolean", "integer", "float"):
        return pa.array(column.data, mask=mask)
    if column.kind == "category":
        names = _arrow_names(pa, column)
        return pa.DictionaryArray.from_arrays(_arrow_indices(pa, column), names)
    if column.names is not None:
        return _arrow_strings(column)
    if column.kind == "string":
        return pa.array(column.data, type=pa.string())
    values = column.data.tolist()
    if column.kind == "list":
        values = [_listed(v) for v in values]
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        msg = f"column {name!r} holds values Arrow can't put in one column: {exc}"
        raise DataError(msg, field=name) from exc


def _listed(value: Any) -> Any:
    return None if value is None else list(value)


def build_table(columns: Mapping[str, Out], like: Library) -> Any:
    """A table of `columns` in the library `like` (a dict of arrays for numpy)."""
    if like == "numpy":
        return {name: to_numpy_column(column) for name, column in columns.items()}
    module = _import(like)
    if like == "pandas":
        data = {
            name: _pandas_column(module, column, None, name)
            for name, column in columns.items()
        }
        # Not copied into blocks of one dtype: each column is its own array.
        return module.DataFrame(data, copy=False)
    if like == "polars":
        return module.DataFrame(
            [_polars_column(module, column, name) for name, column in columns.items()]
        )
    arrays = {
        name: _arrow_column(module, column, name) for name, column in columns.items()
    }
    return module.table(arrays) if arrays else module.table({})


def build_series(
    column: Out, like: Library, *, name: str | None = None, index: Any = None
) -> Any:
    """`column` as a Series (pandas, polars), an Arrow array, or a numpy array."""
    if like == "numpy":
        return to_numpy_column(column)
    module = _import(like)
    if like == "pandas":
        return _pandas_column(module, column, index, name)  # type: ignore[arg-type]
    if like == "polars":
        return _polars_column(module, column, name or "")
    return _arrow_column(module, column, name or "")


def zone_for_output(zone: tzinfo | None) -> Any:
    """The zone to write instants in: `zone`, or UTC."""
    return "UTC" if zone is None else zone
