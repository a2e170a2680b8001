from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._engine import SHIFT
from ._frames import Column, is_series, library_of
from ._frames_kinds import is_null
from ._frames_out import Out, build_series
from ._time import MAX_US, MIN_US, duration_us, to_us
from .exceptions import CalendarError, NaiveDatetimeError, SlaError

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    from ._calendar import _Calendar

_R = TypeVar("_R")


class SeriesLike(Protocol):
    """A pandas or polars Series, or an Arrow array: what turns into numpy."""

    def to_numpy(self, *args: Any, **kwargs: Any) -> Any:
        """The values as a numpy array."""


SeriesT = TypeVar("SeriesT", bound=SeriesLike)
"""A Series or Arrow array: `add_many` answers in the kind it is given."""


def _is_array(value: object) -> bool:
    module = type(value).__module__
    return module == "numpy" and type(value).__name__ == "ndarray"


def _length_error(what: str, n_a: int, n_b: int) -> SlaError:
    return SlaError(f"{what}: got {n_a} starts and {n_b} {_second(what)}")


def _second(what: str) -> str:
    return "durations" if what.startswith("add") else "ends"


def add_many(cal: _Calendar, starts: Any, durations: Any) -> Any:
    """Vectorised or looped `add` (see `BusinessCalendar.add_many`)."""
    if is_series(starts) or is_series(durations):
        return _add_series(cal, starts, durations)
    if _is_array(starts) or _is_array(durations):
        return _add_array(cal, starts, durations)
    starts = list(starts)
    if isinstance(durations, timedelta):
        durations = [durations] * len(starts)
    else:
        durations = list(durations)
    if len(starts) != len(durations):
        msg = "add_many needs as many durations as starts"
        raise _length_error(msg, len(starts), len(durations))
    return _each(cal.add, starts, durations, ("starts", starts))


def _each(
    call: Callable[[Any, Any], _R],
    firsts: list[Any],
    seconds: list[Any],
    *instants: tuple[str, list[Any]],
) -> list[_R]:
    """``call(a, b)`` for each pair; an error is re-stated naming the item's index.

    *instants* are the arguments holding instants, by name, checked first when an
    item fails (see `_at`).
    """
    out: list[_R] = []
    append = out.append
    try:
        for a, b in zip(firsts, seconds, strict=True):
            append(call(a, b))
    except (SlaError, TypeError) as exc:
        index = len(out)  # the item that failed
        named = [(name, values[index]) for name, values in instants]
        raise _at(exc, index, *named) from exc
    return out


def _at(exc: Exception, index: int, *instants: tuple[str, object]) -> Exception:
    """Re-state a per-item error so that it names the item's index."""
    for name, value in instants:
        if not isinstance(value, datetime):
            kind = type(value).__name__
            return TypeError(f"{name}[{index}] must be a datetime, got {kind}")
        if value.utcoffset() is None:
            return NaiveDatetimeError.of(f"{name}[{index}]", value)
    if isinstance(exc, TypeError):  # the instants are fine: the duration was not
        return TypeError(f"durations[{index}]: {exc}")
    if isinstance(exc, CalendarError):  # NeverOpenError, or out of range
        return type(exc)(f"item {index}: {exc}", day=exc.day, field=exc.field)
    return exc  # pragma: no cover - the kernels raise nothing else on purpose


def between_many(cal: _Calendar, starts: Any, ends: Any) -> Any:
    """Vectorised or looped `between` (see `BusinessCalendar.between_many`)."""
    if is_series(starts) or is_series(ends):
        return _between_series(cal, starts, ends)
    if _is_array(starts) or _is_array(ends):
        return _between_array(cal, starts, ends)
    starts, ends = list(starts), list(ends)
    if len(starts) != len(ends):
        msg = "between_many needs as many ends as starts"
        raise _length_error(msg, len(starts), len(ends))
    return _each(cal.between, starts, ends, ("starts", starts), ("ends", ends))


# -- numpy ----------------------------------------------------------------------------


def _numpy() -> Any:
    try:
        import numpy as np  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - numpy is in the dev extra
        msg = "numpy arrays need numpy: pip install 'slacore[numpy]'"
        raise ImportError(msg) from exc
    return np


class _Table:
    """Open spans of a range of chunks as numpy arrays with global cumulative time."""

    def __init__(self, cal: _Calendar, k_first: int, k_last: int) -> None:
        np = _numpy()
        spans = cal.engine.chunk_spans(k_first, k_last)
        arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
        self.k_first, self.k_last = k_first, k_last
        self.starts = arr[:, 0]
        self.ends = arr[:, 1]
        self.cum_end = np.cumsum(self.ends - self.starts)
        self.cum_start = self.cum_end - (self.ends - self.starts)
        self.total = int(self.cum_end[-1]) if len(spans) else 0

    def position(self, us: npt.NDArray[np.int64]) -> Any:
        np = _numpy()
        i = np.searchsorted(self.starts, us, side="right") - 1
        safe = np.maximum(i, 0)
        if len(self.starts) == 0:
            return np.zeros_like(us)
        before = self.cum_end[safe] - np.maximum(self.ends[safe] - us, 0)
        return np.where(i >= 0, before, 0)


def _as_us(np: Any, values: Any, unit: str, name: str) -> tuple[Any, Any]:
    """Integer microseconds of a datetime64/timedelta64 array, and its NaT mask."""
    kind = "datetime64[us]" if unit == "M" else "timedelta64[us]"
    arr = np.asarray(values)
    if arr.dtype == object:  # datetimes or timedeltas in an object array
        convert = to_us if unit == "M" else duration_us
        flat = arr.ravel()
        # None, NaN, NaT and NA are missing values, as NaT is in a datetime64 array.
        nat = np.fromiter((is_null(v) for v in flat), dtype=bool, count=flat.size)
        ints = np.fromiter(
            (
                0 if missing else convert(v, f"{name}[{i}]")
                for i, (v, missing) in enumerate(zip(flat, nat.tolist(), strict=True))
            ),
            dtype=np.int64,
            count=flat.size,
        )
        return ints.reshape(arr.shape), nat.reshape(arr.shape)
    if arr.dtype.kind != unit:
        msg = f"{name} must be numpy {kind} values, got dtype {arr.dtype}"
        raise TypeError(msg)
    nat = np.isnat(arr)
    us = arr.astype(kind)
    lost = (us.astype(arr.dtype) != arr) & ~nat
    if lost.any():
        i = int(np.flatnonzero(lost)[0])
        msg = f"{name}[{i}] has digits below a microsecond: {arr.ravel()[i]}"
        raise SlaError(msg)
    ints = us.view(np.int64)
    if unit == "M":
        outside = ((ints < MIN_US) | (ints > MAX_US)) & ~nat
        if outside.any():
            i = int(np.flatnonzero(outside)[0])
            msg = f"{name}[{i}] lies outside the years 1-9999: {arr.ravel()[i]}"
            raise CalendarError(msg)
    return ints, nat


def _broadcast(np: Any, what: str, *arrays: Any) -> list[Any]:
    try:
        return list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = " and ".join(str(a.shape) for a in arrays[:2])
        msg = f"{what}: shapes {shapes} do not broadcast together"
        raise SlaError(msg) from None


def _add_array(cal: _Calendar, starts: Any, durations: Any) -> Any:
    np = _numpy()
    t, t_nat = _as_us(np, starts, "M", "starts")
    d, d_nat = _as_us(np, durations, "m", "durations")
    t, d, t_nat, d_nat = _broadcast(np, "add_many", t, d, t_nat, d_nat)
    shape = t.shape
    nat = (t_nat | d_nat).ravel()
    out = _add_us(cal, t.ravel(), d.ravel(), nat)
    result = out.view("datetime64[us]").copy()
    result[nat] = np.datetime64("NaT")
    return result.reshape(shape)


def _add_us(cal: _Calendar, t: Any, d: Any, nat: Any) -> Any:
    """`add` of int64 µs instants and durations (1-D); the start where `nat`."""
    np = _numpy()
    out = t.copy()
    live = ~nat & (d != 0)
    if live.any():
        tv, dv = t[live], d[live]
        k_first, k_last = int(tv.min()) >> SHIFT, int(tv.max()) >> SHIFT
        table = _Table(cal, k_first, k_last)
        target = table.position(tv) + dv
        # The extreme targets decide how far the table must reach; the scalar kernel
        # finds them (and raises NeverOpenError or range errors as it should).
        top = int(np.argmax(target))
        if int(target[top]) > table.total and dv[top] > 0:
            k_last = cal.engine.add_us(int(tv[top]), int(dv[top])) >> SHIFT
        low = int(np.argmin(target))
        if int(target[low]) < 0:
            k_first = cal.engine.subtract_us(int(tv[low]), -int(dv[low])) >> SHIFT
        if (k_first, k_last) != (table.k_first, table.k_last):
            table = _Table(cal, k_first, k_last)
            target = table.position(tv) + dv
        res = np.empty_like(tv)
        fwd = dv > 0
        if fwd.any():
            tg = target[fwd]
            j = np.searchsorted(table.cum_end, tg, side="left")
            res[fwd] = table.ends[j] - (table.cum_end[j] - tg)
        back = ~fwd
        if back.any():
            tg = target[back]
            j = np.searchsorted(table.cum_start, tg, side="right") - 1
            res[back] = table.starts[j] + (tg - table.cum_start[j])
        out[live] = res
    return out


def _between_array(cal: _Calendar, starts: Any, ends: Any) -> Any:
    np = _numpy()
    a, a_nat = _as_us(np, starts, "M", "starts")
    b, b_nat = _as_us(np, ends, "M", "ends")
    a, b, a_nat, b_nat = _broadcast(np, "between_many", a, b, a_nat, b_nat)
    nat = a_nat | b_nat
    out = _between_us(cal, a, b, nat)
    result = out.view("timedelta64[us]").copy()
    result[nat] = np.timedelta64("NaT")
    return result


def _between_us(cal: _Calendar, a: Any, b: Any, nat: Any) -> Any:
    """`between` of int64 µs instants; 0 where `nat`."""
    np = _numpy()
    out = np.zeros(a.shape, dtype=np.int64)
    live = ~nat
    if live.any():
        av, bv = a[live], b[live]
        lo = int(min(av.min(), bv.min()))
        hi = int(max(av.max(), bv.max()))
        table = _Table(cal, lo >> SHIFT, hi >> SHIFT)
        out[live] = table.position(bv) - table.position(av)
    return out


# -- Series (pandas, polars) and Arrow arrays ----------------------------------------


class _Shape:
    """Where a result goes: the library, name, index and zone of the first Series."""

    def __init__(self, *values: Any) -> None:
        first = next(value for value in values if is_series(value))
        self.like = library_of(first)
        self.chunked = type(first).__name__ == "ChunkedArray"
        self.index = getattr(first, "index", None) if self.like == "pandas" else None
        name = getattr(first, "name", None)
        self.name = name if isinstance(name, str) or self.like == "pandas" else None
        self.zone: Any = "UTC"

    def build(self, column: Out) -> Any:
        out = build_series(column, self.like, name=self.name, index=self.index)  # type: ignore[arg-type]
        return _chunked(out) if self.chunked else out


def _chunked(array: Any) -> Any:
    import importlib  # noqa: PLC0415

    return importlib.import_module("pyarrow").chunked_array([array])


def _series_us(np: Any, value: Any, unit: str, name: str) -> tuple[Any, Any, Any]:
    """Microseconds, missing mask and zone of a Series, array, list or scalar."""
    if not is_series(value):
        if unit == "m" and not _is_array(value) and _is_scalar_duration(value):
            us = duration_us(_timedelta(np, value), name)
            return np.array([us], dtype=np.int64), np.zeros(1, dtype=bool), None
        if not _is_array(value):
            value = _objects(np, list(value))
        us, nat = _as_us(np, value, unit, name)
        return us.ravel(), nat.ravel(), None
    column = Column(name, value)
    array = column.objects_array()
    if array is not None:  # a Series of Python objects (pandas' object dtype)
        us, nat = _as_us(np, array, unit, name)
        return us, nat, None
    expected = "timezone-aware datetimes" if unit == "M" else "durations"
    wanted = ("instant", "null") if unit == "M" else ("duration", "null")
    if column.kind == "naive" and unit == "M":
        row = int(np.flatnonzero(~column.missing())[0])
        value = column.python(np.array([row]))[0]
        where = f"{name}[{row}]"
        raise NaiveDatetimeError.of(where, value)
    if column.kind not in wanted:
        msg = f"{name} must be {expected}, got dtype {column.dtype}"
        raise TypeError(msg)
    from ._table_problems import Problems  # noqa: PLC0415

    problems = Problems(name)
    found = (
        column.instants(problems, None) if unit == "M" else column.durations(problems)
    )
    if problems or found is None:
        problem = problems.error().problems[0]
        msg = f"{name}[{problem.row}] {problem.message}: {problem.found}"
        raise SlaError(msg)
    return found[0], found[1], column.zone


def _is_scalar_duration(value: Any) -> bool:
    return isinstance(value, timedelta) or type(value).__name__ == "timedelta64"


def _timedelta(np: Any, value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return np.timedelta64(value, "us").item()  # type: ignore[no-any-return]


def _objects(np: Any, values: list[Any]) -> Any:
    out = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        out[index] = value
    return out


def _pair(
    np: Any, what: str, first: tuple[Any, Any], second: tuple[Any, Any]
) -> tuple[Any, Any, Any]:
    """Two 1-D columns of the same length (one of length 1 is repeated)."""
    (a, a_nat), (b, b_nat) = first, second
    if len(b) == 1 and len(a) != 1:
        b, b_nat = np.repeat(b, len(a)), np.repeat(b_nat, len(a))
    elif len(a) == 1 and len(b) != 1:
        a, a_nat = np.repeat(a, len(b)), np.repeat(a_nat, len(b))
    if len(a) != len(b):
        raise _length_error(what, len(a), len(b))
    return a, b, a_nat | b_nat


def _add_series(cal: _Calendar, starts: Any, durations: Any) -> Any:
    np = _numpy()
    shape = _Shape(starts, durations)
    t, t_nat, zone = _series_us(np, starts, "M", "starts")
    d, d_nat, _ = _series_us(np, durations, "m", "durations")
    what = "add_many needs as many durations as starts"
    t, d, nat = _pair(np, what, (t, t_nat), (d, d_nat))
    out = _add_us(cal, t, d, nat)
    return shape.build(Out("instant", out, nat, "UTC" if zone is None else zone))


def _between_series(cal: _Calendar, starts: Any, ends: Any) -> Any:
    np = _numpy()
    shape = _Shape(starts, ends)
    a, a_nat, _ = _series_us(np, starts, "M", "starts")
    b, b_nat, _ = _series_us(np, ends, "M", "ends")
    what = "between_many needs as many ends as starts"
    a, b, nat = _pair(np, what, (a, a_nat), (b, b_nat))
    return shape.build(Out("duration", _between_us(cal, a, b, nat), nat))
