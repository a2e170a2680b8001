# A table measured: read the events table (`_table_tickets`), run the columnar engine
# (`_table_measure`) with progress reported, and write the rows in the input's
# library (`_frames_out`). The arguments are checked by the callers
# (`measure_table`, `Policy.measure_table`); nothing here imports `_policy`.

from __future__ import annotations

from collections.abc import Callable
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

_STRINGS: Final = ("policy", "metric", "priority", "state")


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
    found["policy"] = _recoded(found["policy"], _policy_names(policies))
    priority = found["priority"]
    seen = numpy().bincount(priority.codes[priority.codes >= 0]).nonzero()[0]
    found["priority"] = _recoded(
        priority, _priority_names(policies, priority.names[seen].tolist())
    )
    return build_table(_out_columns(found), "numpy" if like is None else like)


def _policy_names(policies: Sequence[Policy]) -> list[str]:
    """The policies' names, each once, in the order of the policies."""
    return list(dict.fromkeys(policy.name for policy in policies))


def _priority_names(policies: Sequence[Policy], seen: list[str]) -> list[str]:
    """The priorities the policies name, in their order, then others `seen`, sorted.

    A ticket's priority need not be one the policies have targets for (its rows
    then have no target): such names follow the policies' own. The order is the
    same for every run over the same policies and priorities, so that chunks,
    partitions and runs give the same categories.
    """
    named = dict.fromkeys(name for policy in policies for name, _ in policy.targets)
    return [*named, *sorted(name for name in seen if name not in named)]


def _recoded(column: Coded, names: list[str]) -> Coded:
    """`column` with codes into *names*, which hold each name it uses."""
    np = numpy()
    where = {name: index for index, name in enumerate(names)}
    kind = np.int8 if len(names) < np.iinfo(np.int8).max else np.int32
    remap = np.array(
        [where.get(name, -1) for name in column.names.tolist()] + [-1], dtype=kind
    )
    return Coded(remap[column.codes], np.array(names, dtype=object))


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
            return Out("object", column.values(np))
    if name in _STRINGS:
        return Out("category", codes, names=column.names)
    return Out("string", codes, names=column.names)


def _ids(np: Any, values: Any) -> Out:
    if len(values) and all(type(v) is int for v in values.tolist()):
        try:
            return Out("integer", values.astype(np.int64))
        except (TypeError, ValueError, OverflowError):
            return Out("object", values)
    return Out("string", values)
