# Column kinds and codes for `_frames`: what a column holds (from its numpy or
# narwhals dtype, or from the Python objects in it), and each row's code among the
# column's distinct values (hash-based where the library offers it).

from __future__ import annotations

import importlib
import math
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ._frames import Kind


def numpy() -> Any:
    """The numpy module, or an ImportError naming the extra."""
    try:
        import numpy as np  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - numpy is in the dev extra
        msg = "tables need numpy: pip install 'slacore[tables]'"
        raise ImportError(msg) from exc
    return np


def module(name: str, what: str, extra: str) -> Any:
    """The module `name` (pandas, polars, pyarrow...), imported now.

    Raises:
        ImportError: Naming the extra that brings it (``slacore[extra]``).
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        msg = f"{what} need {name}: pip install 'slacore[{extra}]'"
        raise ImportError(msg) from exc


def is_null(value: object) -> bool:
    """Whether a Python value stands for a missing one: None, NaN, NaT or NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NaTType", "NAType"):
        return True
    if name in ("datetime64", "timedelta64"):
        return bool(numpy().isnat(value))
    return False


#: Types numpy never reads as a dimension when it fills an object array.
_SCALARS: Final = (str, int, float, date, timedelta, Decimal, type(None))


def objects(values: list[Any]) -> npt.NDArray[np.object_]:
    """A 1-D object array of `values` (tuples and lists stay whole)."""
    np = numpy()
    out = np.empty(len(values), dtype=object)
    if all(issubclass(t, _SCALARS) for t in set(map(type, values))):
        out[:] = values  # nothing numpy would read as a dimension
        return out  # type: ignore[no-any-return]
    for index, value in enumerate(values):
        out[index] = value
    return out  # type: ignore[no-any-return]


def decoded(codes: Any, names: Any) -> Any:
    """The values of integer `codes` into the object array `names` (-1: None).

    An object array. Only the names the codes pick are touched: `names` may be
    a whole table's ticket ids, and the codes a few of them.
    """
    np = numpy()
    present = codes >= 0
    if present.all():
        return names[codes]
    found = np.full(len(codes), None, dtype=object)
    found[present] = names[codes[present]]
    return found


def _numpy_kind(array: Any) -> Kind:
    kinds: dict[str, Kind] = {
        "M": "instant",
        "m": "duration",
        "b": "boolean",
        "i": "integer",
        "u": "integer",
        "f": "float",
        "U": "string",
        "S": "other",
        "O": "other",
    }
    return kinds.get(array.dtype.kind, "other")


def _pandas() -> Any:
    """The pandas module if it is installed (its C loops over objects), else None."""
    try:
        return importlib.import_module("pandas")
    except ImportError:  # pragma: no cover - pandas is in the dev extra
        return None


def _object_scan(array: Any) -> tuple[Any, list[Any]]:
    """Where an object array holds None, NaN, NaT or NA, and its other values.

    pandas' `isna` loops in C when pandas is installed (then only the values
    that are there reach Python); else `is_null` runs per value.
    """
    np = numpy()
    pd = _pandas()
    if pd is None:
        values = array.tolist()
        null = np.fromiter(map(is_null, values), dtype=bool, count=len(values))
        return null, [v for v, n in zip(values, null.tolist(), strict=True) if not n]
    null = np.asarray(pd.isna(array), dtype=bool)
    return null, array[~null].tolist()


def _object_missing(array: Any, scan: tuple[Any, list[Any]] | None = None) -> Any:
    """Where an object array holds None, NaN, NaT, NA or an empty string.

    *scan* is the array's `_object_scan`, if already made.
    """
    np = numpy()
    null, present = _object_scan(array) if scan is None else scan
    null = null.copy()
    if not any(issubclass(t, str) for t in set(map(type, present))):
        return null  # no text, so no empty string (lists of tags, numbers...)
    found = [isinstance(v, str) and v == "" for v in present]
    if any(found):
        null[np.flatnonzero(~null)[np.asarray(found, dtype=bool)]] = True
    return null


def _object_kind(  # noqa: PLR0911
    array: Any, scan: tuple[Any, list[Any]] | None = None
) -> tuple[Kind, tzinfo | None]:
    """What a column of Python objects holds: one kind, or ``"other"``.

    *scan* is the array's `_object_scan`, if already made.
    """
    types = set(map(type, (_object_scan(array) if scan is None else scan)[1]))
    if not types:
        return "null", None
    if all(issubclass(t, str) for t in types):
        return "string", None
    if all(issubclass(t, bool) for t in types):
        return "boolean", None
    if all(issubclass(t, int) and not issubclass(t, bool) for t in types):
        return "integer", None
    if all(issubclass(t, datetime) for t in types):
        return "instant", UTC  # naive ones are found row by row
    if all(issubclass(t, timedelta) for t in types):
        return "duration", None
    if all(issubclass(t, list | tuple) or _is_ndarray(t) for t in types):
        return "list", None
    if all(issubclass(t, float) for t in types):
        return "float", None
    return "other", None


def _is_ndarray(kind: type) -> bool:
    """Whether *kind* is numpy's array (a list cell as pandas reads Parquet)."""
    return kind.__name__ == "ndarray" and kind.__module__ == "numpy"


def _narwhals_kind(  # noqa: PLR0911 - one return per kind
    nw: Any, dtype: Any
) -> Kind:
    if isinstance(dtype, nw.Datetime):
        return "naive" if dtype.time_zone is None else "instant"
    if dtype == nw.String:
        return "string"
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "float"
    if dtype == nw.Boolean:
        return "boolean"
    if isinstance(dtype, nw.Duration):
        return "duration"
    if isinstance(dtype, nw.List | nw.Array):
        return "list"
    if dtype == nw.Unknown:
        return "null"
    return "other"


def _int_codes(np: Any, values: Any) -> tuple[Any, Any]:
    """Codes of integers: by direct address for a compact range, else by sorting."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), objects([])
    lo, hi = int(values.min()), int(values.max())
    if hi - lo <= 4 * len(values) + 1024:
        seen = np.zeros(hi - lo + 1, dtype=bool)
        shifted = values.astype(np.int64) - lo
        seen[shifted] = True
        rank = np.cumsum(seen, dtype=np.int64) - 1
        uniques = np.flatnonzero(seen) + lo
        return rank[shifted].astype(np.int64), objects(uniques.tolist())
    uniques, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int64).ravel(), objects(uniques.tolist())


def _numpy_codes(np: Any, array: Any) -> tuple[Any, Any]:
    if array.dtype.kind in "iu":
        return _int_codes(np, array)
    if array.dtype.kind == "U":
        uniques, codes = np.unique(array, return_inverse=True)
        return codes.astype(np.int64).ravel(), objects(uniques.tolist())
    pd = _pandas()
    if pd is not None:  # Python objects: pandas hashes them in C
        codes, uniques = pd.factorize(array)
        return np.asarray(codes, dtype=np.int64), objects(list(uniques))
    # Python objects: a dict, one lookup per row.
    table: dict[Any, int] = {}
    values = array.tolist()
    codes = np.fromiter(
        (-1 if is_null(v) else table.setdefault(v, len(table)) for v in values),
        dtype=np.int64,
        count=len(values),
    )
    return codes, objects(list(table))


def _series_codes(
    np: Any, series: Any, kind: Kind, *, runs: bool = False
) -> tuple[Any, Any]:
    native = series.to_native()
    library = str(series.implementation).lower().rpartition(".")[2]
    if kind == "integer" and series.null_count() == 0:
        return _int_codes(np, series.to_numpy())
    if library == "pandas":
        array = native.array
        if kind == "string" and hasattr(array, "__arrow_array__"):
            # pandas' Arrow-backed strings: Arrow's dictionary encoding is about
            # twice as fast as pandas' factorize of the same data.
            return _arrow_codes(np, array.__arrow_array__(), runs=runs)
        codes, uniques = module("pandas", "pandas", "pandas").factorize(native)
        return np.asarray(codes, dtype=np.int64), objects(list(uniques))
    if library == "pyarrow":
        return _arrow_codes(np, native, runs=runs)
    if library == "polars" and kind == "string":
        pl = module("polars", "polars tables", "polars")

        uniques = native.unique(maintain_order=True).drop_nulls()
        physical = native.cast(pl.Enum(uniques)).to_physical()
        codes = physical.cast(pl.Int64).fill_null(-1).to_numpy()
        return codes, objects(uniques.to_list())
    values = series.to_numpy()  # pragma: no cover - other libraries narwhals reads
    return _numpy_codes(np, values.astype(object))  # pragma: no cover


def one_array(native: Any) -> Any:
    """An Arrow array, or a chunked array as one (its one chunk without a copy)."""
    pa = module("pyarrow", "Arrow tables", "arrow")
    if not isinstance(native, pa.ChunkedArray):
        return native
    return native.chunk(0) if native.num_chunks == 1 else native.combine_chunks()


def _arrow_codes(np: Any, native: Any, *, runs: bool = False) -> tuple[Any, Any]:
    """Codes of an Arrow array or chunked array, by Arrow's dictionary encoding.

    With *runs*, for a column whose equal values tend to follow each other (the
    ticket ids of a table sorted by ticket): only the first value of each run is
    encoded, when runs are at least two long on average.
    """
    pa = module("pyarrow", "Arrow tables", "arrow")
    pc = module("pyarrow.compute", "Arrow tables", "arrow")
    native = one_array(native)
    n = len(native)
    if runs and n > 1:
        same = pc.equal(native.slice(1), native.slice(0, n - 1))
        new = np.ones(n, dtype=bool)
        new[1:] = ~_arrow_trues(np, one_array(same))
        heads = np.flatnonzero(new)
        if 2 * len(heads) <= n:
            codes, names = _arrow_codes(np, native.take(pa.array(heads)))
            if bool((codes == np.arange(len(codes))).all()):
                # Each value in one run (a table grouped by ticket): the code
                # is the number of runs before.
                codes = np.cumsum(new, dtype=np.int32)  # as `_arrow_ints` gives
                codes -= 1
                return codes, names
            return np.repeat(codes, np.diff(heads, append=n)), names
    encoded = pc.dictionary_encode(native)
    return _arrow_ints(np, encoded.indices), _arrow_objects(encoded.dictionary)


def _arrow_objects(array: Any) -> Any:
    """An Arrow array without nulls as an object array of its Python values."""
    pa = module("pyarrow", "Arrow tables", "arrow")
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return array.to_numpy(zero_copy_only=False)  # str objects, in one C pass
    return objects(array.to_pylist())


def _arrow_trues(np: Any, array: Any) -> Any:
    """Where an Arrow boolean array is true (False where null), from its bits.

    Some ten times quicker than ``to_numpy`` of the array with its nulls filled.
    """
    validity, data = array.buffers()[:2]
    trues = _bits(np, data, array)
    if array.null_count:
        trues &= _bits(np, validity, array)
    return trues.view(bool)


def _bits(np: Any, buffer: Any, array: Any) -> Any:
    """The bits of an Arrow bitmap *buffer* for *array*'s slots, one uint8 each."""
    n, offset = len(array), array.offset
    bytes_ = np.frombuffer(buffer, dtype=np.uint8)
    return np.unpackbits(bytes_, count=offset + n, bitorder="little")[offset:]


def _arrow_ints(np: Any, array: Any, dtype: Any = None) -> Any:
    """An Arrow array of integers as numpy, -1 where null (read from its buffers).

    In *dtype* (int32 by default: half the memory of int64 for codes, which
    numpy indexes with as well), a copy of the Arrow data.
    """
    n, offset = len(array), array.offset
    validity, data = array.buffers()[:2]
    width = array.type.bit_width // 8
    raw = np.frombuffer(data, dtype=f"<i{width}", count=offset + n)[offset:]
    codes = raw.astype(np.int32 if dtype is None else dtype)
    if array.null_count:
        valid = _bits(np, validity, array)
        # (code + 1) * valid - 1: -1 where null, whatever the null slot holds;
        # arithmetic, about five times quicker than a masked assignment.
        codes += 1
        codes *= valid
        codes -= 1
    return codes
