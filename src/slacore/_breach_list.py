# The breach list behind a report: every cycle its ticket-attainment objectives
# counted as missed, gathered while the report is made (no second pass over the
# tickets), held as plain columns, and written as a table on request.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, NamedTuple, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

BREACH_COLUMNS: Final = (
    "objective",
    "ticket_id",
    "policy",
    "metric",
    "cycle",
    "priority",
    "started_at",
    "due_at",
    "breached_at",
    "target",
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
    due_us: int | None
    breached_us: int
    target_us: int


@final
@attrs.frozen
class BreachList:
    """The missed cycles behind a report, in objective order, then by breach instant.

    Attributes:
        rows: The cycles, one `BreachRow` each.
    """

    rows: tuple[BreachRow, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[BreachRow]:
        return iter(self.rows)

    @classmethod
    def of(cls, rows: Iterable[BreachRow]) -> BreachList:
        """A breach list of `rows`."""
        return cls(tuple(rows))

    def table(self, like: object) -> Any:
        """The rows as a table in the library `like` (see `Report.breaches_table`)."""
        from ._frames_kinds import numpy, objects  # noqa: PLC0415 - numpy, lazily
        from ._frames_out import Out, build_table, check_like  # noqa: PLC0415

        library = check_like(like)
        np = numpy()
        columns = list(zip(*self.rows, strict=True)) or [() for _ in BREACH_COLUMNS]
        (objective, ticket_id, policy, metric, cycle, priority) = columns[:6]
        started, due, breached, target = columns[6:]
        ids = objects(list(ticket_id))
        integer_ids = len(ids) > 0 and all(type(v) is int for v in ticket_id)
        due_missing = np.array([d is None for d in due], dtype=bool)

        def ints(values: Iterable[int | None]) -> Any:
            return np.array([0 if v is None else v for v in values], dtype=np.int64)

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
            "due_at": Out("instant", ints(due), due_missing),
            "breached_at": Out("instant", ints(breached)),
            "target": Out("duration", ints(target)),
        }
        return build_table(out, library)
