# A table measured: read the events table (`_table_tickets`), run the columnar engine
# (`_table_measure`) with progress reported, and write the rows in the input's
# library (`_frames_out`). The arguments are checked by the callers
# (`measure_table`, `Policy.measure_table`); nothing here imports `_policy`.

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from ._frames import library_of
from ._frames_kinds import module, numpy
from ._frames_out import Out, build_table
from ._table_measure import Coded, measure_coded
from ._table_tickets import read_ticket_table
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from ._policy import Policy, PriorityRule

Progress = Callable[[int, int], object] | bool | None
"""What `progress=` takes: a callable of (done, total), True for a bar, or None."""

_CATEGORIES: Final = ("policy", "metric", "priority", "state")


def measure_frame(
    policies: Sequence[Policy],
    events: object,
    *,
    now_us: int,
    rules: Sequence[PriorityRule],
    progress: Progress,
    tz: str | ZoneInfo | None,
) -> Any:
    """`measure_table` on checked arguments: the rows in the library of `events`."""
    like = library_of(events)
    columns = read_ticket_table(events, tz=tz)
    with _reporter(progress) as report:
        found = measure_coded(
            numpy(), policies, columns, now_us=now_us, rules=rules, progress=report
        )
    targets = (name for policy in policies for name, _ in policy.targets)
    found["policy"] = _categories(found["policy"], (p.name for p in policies))
    found["priority"] = _categories(found["priority"], targets)
    return build_table(_out_columns(found), "numpy" if like is None else like)


def _categories(column: Coded, first: Iterable[str]) -> Coded:
    """`column` with codes into its categories: *first*, then other names held.

    The names *first* gives come each once and in its order, then any other name
    a row holds, sorted. The policies give the names first (their own, their
    priorities'), so every chunk, partition and run over the same policies has
    the same categories. A row's priority always has a target, so nothing
    follows; if one did, it would follow sorted, not be lost.
    """
    np = numpy()
    codes = column.codes
    held = np.bincount(codes[codes >= 0], minlength=len(column.names))
    names = list(dict.fromkeys(first))
    names += sorted(set(column.names[held.nonzero()[0]].tolist()) - set(names))
    where = {name: index for index, name in enumerate(names)}
    kind = np.int8 if len(names) < np.iinfo(np.int8).max else np.int32
    remap = np.array([where.get(n, -1) for n in column.names.tolist()] + [-1], kind)
    return Coded(remap[codes], np.array(names, dtype=object))


class _reporter:  # noqa: N801 - used as a context manager, like a function
    """A progress callable for the engine, closing a tqdm bar at the end."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        progress = self.progress
        if progress is None or progress is False:
            return None
        if progress is True:
            tqdm = module("tqdm", "progress bars", "progress")
            return self._bar(tqdm)
        raw: object = progress  # checked at run time too
        if not callable(raw):
            msg = f"progress must be a callable, True or None, got {progress!r}"
            raise SlaError(msg)
        call = progress

        def report(done: int, total: int) -> None:
            call(done, total)

        return report

    def _bar(self, tqdm: Any) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = tqdm.tqdm(total=total, unit="ticket", desc="measuring")
            self.bar.update(done - self.bar.n)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _out_columns(found: dict[str, Any]) -> dict[str, Out]:
    """The engine's numpy columns as columns to write (each the writer's own)."""
    np = numpy()
    out: dict[str, Out] = {}
    for name, values in found.items():
        if isinstance(values, Coded):
            out[name] = _coded(np, name, values)
            continue
        kind = values.dtype.kind
        if kind == "M":
            nat = np.isnat(values)
            out[name] = Out("instant", values.view(np.int64), nat, owned=True)
        elif kind == "m":
            nat = np.isnat(values)
            out[name] = Out("duration", values.view(np.int64), nat, owned=True)
        elif kind == "b":
            out[name] = Out("boolean", values, owned=True)
        elif kind == "i":
            out[name] = Out("integer", values, owned=True)
        elif name == "met":
            missing = np.equal(values, None)
            met = values.copy()
            met[missing] = False
            out[name] = Out("boolean", met.astype(bool), missing)
        else:  # ticket_id: integers stay integers
            out[name] = _ids(np, values)
    return out


def _coded(np: Any, name: str, column: Coded) -> Out:
    """A coded column to write: ``met`` as booleans, ids by their type, or text."""
    codes = column.codes
    if name == "met":
        return Out("boolean", codes == 1, codes < 0, owned=True)
    if name == "ticket_id":
        names = _ids(np, column.names)
        if names.kind == "integer":
            return Out("integer", names.data[codes], owned=True)
        if names.kind == "object":
            return Out("object", column.values())
    if name in _CATEGORIES:
        return Out("category", codes, names=column.names)
    return Out("string", codes, names=column.names)


def _ids(np: Any, values: Any) -> Out:
    if len(values) and all(type(v) is int for v in values.tolist()):
        try:
            return Out("integer", values.astype(np.int64))
        except (TypeError, ValueError, OverflowError):
            return Out("object", values)
    return Out("string", values)
