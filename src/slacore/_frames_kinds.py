# Column kinds and codes for `_frames`: what a column holds (from its numpy or
# narwhals dtype, or from the Python objects in it), and each row's code among the
# column's distinct values (hash-based where the library offers it).

from __future__ import annotations

import importlib
import math
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

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


def objects(values: list[Any]) -> npt.NDArray[np.object_]:
    """A 1-D object array of `values` (tuples and lists stay whole)."""
    np = numpy()
    out = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        out[index] = value
    return out  # type: ignore[no-any-return]


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


def _object_missing(array: Any) -> Any:
    np = numpy()
    values = array.tolist()
    return np.fromiter(
        (is_null(v) or (isinstance(v, str) and v == "") for v in values),
        dtype=bool,
        count=len(values),
    )


def _object_kind(array: Any) -> tuple[Kind, tzinfo | None]:  # noqa: PLR0911
    """What a column of Python objects holds: one kind, or ``"other"``."""
    types = {type(v) for v in array.tolist() if not is_null(v)}
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
    if all(issubclass(t, list | tuple) for t in types):
        return "list", None
    if all(issubclass(t, float) for t in types):
        return "float", None
    return "other", None


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
        rank = np.cumsum(seen) - 1
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
    # Python objects: a dict, one lookup per row.
    table: dict[Any, int] = {}
    values = array.tolist()
    codes = np.fromiter(
        (-1 if is_null(v) else table.setdefault(v, len(table)) for v in values),
        dtype=np.int64,
        count=len(values),
    )
    return codes, objects(list(table))


def _series_codes(np: Any, series: Any, kind: Kind) -> tuple[Any, Any]:
    native = series.to_native()
    library = str(series.implementation).lower().rpartition(".")[2]
    if library == "pandas":
        codes, uniques = module("pandas", "pandas", "pandas").factorize(native)
        return np.asarray(codes, dtype=np.int64), objects(list(uniques))
    if kind == "integer" and series.null_count() == 0:
        return _int_codes(np, series.to_numpy())
    if library == "pyarrow":
        pa = module("pyarrow", "Arrow tables", "arrow")
        pc = module("pyarrow.compute", "Arrow tables", "arrow")

        if isinstance(native, pa.ChunkedArray):
            native = native.combine_chunks()
        encoded = pc.dictionary_encode(native)
        codes = pc.fill_null(encoded.indices.cast(pa.int64()), -1)
        return codes.to_numpy(), objects(encoded.dictionary.to_pylist())
    if library == "polars" and kind == "string":
        pl = module("polars", "polars tables", "polars")

        uniques = native.unique(maintain_order=True).drop_nulls()
        physical = native.cast(pl.Enum(uniques)).to_physical()
        codes = physical.cast(pl.Int64).fill_null(-1).to_numpy()
        return codes, objects(uniques.to_list())
    values = series.to_numpy()  # pragma: no cover - other libraries narwhals reads
    return _numpy_codes(np, values.astype(object))  # pragma: no cover
