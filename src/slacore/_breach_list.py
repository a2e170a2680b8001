# The breach list behind a report: every cycle its ticket-attainment objectives
# counted as missed, gathered while the report is made (no second pass over the
# tickets), held as plain columns, and read as rows or written as a table on request.

from __future__ import annotations

from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, Final, NamedTuple, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ._missed_cycles import MissedCycles

BREACH_COLUMNS: Final = (
    "objective",
    "ticket_id",
    "policy",
    "metric",
    "cycle",
    "priority",
    "started_at",
    "breached_at",
    "stopped_at",
    "target",
    "elapsed",
)
"""The columns of `Report.breaches_table`, in order."""


class BreachRow(NamedTuple):
    """One missed cycle: instants and the target in µs (UTC epoch)."""

    objective: str
    ticket_id: object
    policy: str
    metric: str
    cycle: int
    priority: str
    started_us: int
    breached_us: int
    stopped_us: int | None
    target_us: int
    elapsed_us: int


_NO_ROWS: Final = ((),) * len(BREACH_COLUMNS)


@final
@attrs.frozen
class BreachList:
    """The missed cycles behind a report, in objective order, then by breach instant.

    Held as columns (`BREACH_COLUMNS` order; instants and durations in µs, the
    `stopped` column None while a cycle runs), read as rows on request.

    Attributes:
        columns: The columns, one tuple each.
    """

    columns: tuple[tuple[Any, ...], ...] = _NO_ROWS

    def __len__(self) -> int:
        return len(self.columns[0])

    def __iter__(self) -> Iterator[BreachRow]:
        return map(BreachRow._make, zip(*self.columns, strict=True))

    @property
    def rows(self) -> tuple[BreachRow, ...]:
        """The cycles, one `BreachRow` each."""
        return tuple(self)

    @classmethod
    def gather(cls, missed: Iterable[tuple[str, MissedCycles]]) -> BreachList:
        """The breach list of each objective's missed cycles, in the order given."""
        found = [(name, cycles.columns) for name, cycles in missed if len(cycles)]
        if not found:
            return cls()
        objective = tuple(
            chain.from_iterable(repeat(name, len(c[0])) for name, c in found)
        )
        rest = (
            tuple(chain.from_iterable(c[i] for _, c in found))
            for i in range(len(BREACH_COLUMNS) - 1)
        )
        return cls((objective, *rest))

    def table(self, like: object) -> Any:
        """The rows as a table in the library `like` (see `Report.breaches_table`)."""
        from ._frames_kinds import numpy, objects  # noqa: PLC0415 - numpy, lazily
        from ._frames_out import Out, build_table, check_like  # noqa: PLC0415

        library = check_like(like)
        np = numpy()
        (objective, ticket_id, policy, metric, cycle, priority) = self.columns[:6]
        started, breached, stopped, target, elapsed = self.columns[6:]
        ids = objects(list(ticket_id))
        integer_ids = len(ids) > 0 and all(type(v) is int for v in ticket_id)
        running = np.array([at is None for at in stopped], dtype=bool)

        def ints(values: Iterable[int | None]) -> Any:
            return np.fromiter((0 if v is None else v for v in values), dtype=np.int64)

        out = {
            "objective": Out("string", objects(list(objective))),
            "ticket_id": (
                Out("integer", ints(ticket_id)) if integer_ids else Out("string", ids)
            ),
            "policy": Out("string", objects(list(policy))),
            "metric": Out("string", objects(list(metric))),
            "cycle": Out("integer", ints(cycle)),
            "priority": Out("string", objects(list(priority))),
            "started_at": Out("instant", ints(started)),
            "breached_at": Out("instant", ints(breached)),
            "stopped_at": Out("instant", ints(stopped), running),
            "target": Out("duration", ints(target)),
            "elapsed": Out("duration", ints(elapsed)),
        }
        return build_table(out, library)
