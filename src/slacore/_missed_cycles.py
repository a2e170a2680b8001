# The missed cycles a tally keeps for the breach lists: per period and objective,
# blocks of columns (one block per part of the data), added by joining the blocks
# (no work per cycle, so that adding the tallies of many partitions stays cheap),
# and put in their one order (breach instant, then every other column) once, when a
# report lists them or two tallies are compared.

from __future__ import annotations

from array import array
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

RUNNING: Final = -(2**63)
"""The `stopped` column's mark for a cycle still running (numpy's NaT as int64)."""

Columns = tuple[tuple[Any, ...], ...]
"""A block's ten columns in `BreachBlock` order, `stopped` None while running."""

_EMPTY: Final[Columns] = ((),) * 10


def _ints(values: Iterable[int]) -> array[int]:
    return array("q", values)


@final
@attrs.frozen
class BreachBlock:
    """Missed cycles of one objective in one part of the data, as columns.

    Instants are µs since the UTC epoch, durations µs; `stopped` holds `RUNNING`
    for a cycle still running. Integer columns are `array("q")`: they pickle as
    their bytes, which is what keeps a tally with breaches quick to ship.
    """

    ticket_id: tuple[object, ...]
    policy: tuple[str, ...]
    metric: tuple[str, ...]
    cycle: array[int]
    priority: tuple[str, ...]
    started: array[int]
    breached: array[int]
    stopped: array[int]
    target: array[int]
    elapsed: array[int]

    def __len__(self) -> int:
        return len(self.ticket_id)

    @classmethod
    def of_rows(
        cls,
        rows: Iterable[
            tuple[object, str, str, int, str, int, int, int | None, int, int]
        ],
    ) -> BreachBlock:
        """A block of rows in column order (`stopped` None while running)."""
        columns = list(zip(*rows, strict=True)) or list(_EMPTY)
        ticket_id, policy, metric, cycle, priority = columns[:5]
        started, breached, stopped, target, elapsed = columns[5:]
        return cls(
            tuple(ticket_id),
            tuple(policy),
            tuple(metric),
            _ints(cycle),
            tuple(priority),
            _ints(started),
            _ints(breached),
            _ints(RUNNING if at is None else at for at in stopped),
            _ints(target),
            _ints(elapsed),
        )


_FIELDS: Final = tuple(field.name for field in attrs.fields(BreachBlock))
_INTEGERS: Final = frozenset(
    ("cycle", "started", "breached", "stopped", "target", "elapsed")
)


def _tie_key(columns: Sequence[Sequence[Any]], row: int) -> tuple[Any, ...]:
    """The order of rows breached at one instant: ticket, then every other column.

    Integer ticket ids come before text ones, so that mixed ids still order.
    """
    ticket = columns[0][row]
    stopped = columns[7][row]
    return (
        (0, ticket, "") if isinstance(ticket, int) else (1, 0, str(ticket)),
        columns[1][row],
        columns[2][row],
        columns[3][row],
        columns[4][row],
        columns[5][row],
        stopped != RUNNING,
        0 if stopped == RUNNING else stopped,
        columns[8][row],
        columns[9][row],
    )


def _ordered(blocks: Sequence[BreachBlock]) -> Columns:
    """The blocks' rows as one set of columns, in breach order."""
    if not blocks:
        return _EMPTY
    columns: list[Sequence[Any]] = []
    for name in _FIELDS:
        if name in _INTEGERS:
            joined = array("q")
            for block in blocks:
                joined += getattr(block, name)
            columns.append(joined)
        else:
            columns.append(tuple(chain.from_iterable(getattr(b, name) for b in blocks)))
    breached, ids = columns[6], columns[0]
    n = len(ids)
    kinds = set(map(type, ids))
    if (kinds in ({str}, {int})) and len(set(zip(breached, ids, strict=True))) == n:
        # Ids of one type order as their tie keys do, and no ticket missed two
        # cycles at one instant: the instant and the id decide.
        order = [row for _, _, row in sorted(zip(breached, ids, range(n), strict=True))]
    else:
        order = sorted(
            range(n), key=lambda row: (breached[row], _tie_key(columns, row))
        )
    if n == 1:
        found: list[tuple[Any, ...]] = [(column[0],) for column in columns]
    else:
        take = itemgetter(*order)
        found = [take(column) for column in columns]
    found[7] = tuple(None if stop == RUNNING else stop for stop in found[7])
    return tuple(found)


@final
class MissedCycles:
    """One objective's missed cycles in one period of a tally.

    Adding two joins their blocks; `columns` puts the rows in breach order (by
    breach instant, ties by ticket and every other column) once, so that tallies
    added in any order and grouping list the same rows in the same order.
    """

    __slots__ = ("_columns", "blocks")

    def __init__(self, blocks: Iterable[BreachBlock] = ()) -> None:
        self.blocks: tuple[BreachBlock, ...] = tuple(b for b in blocks if len(b))
        self._columns: Columns | None = None

    def __add__(self, other: object) -> MissedCycles:
        if not isinstance(other, MissedCycles):
            return NotImplemented
        if not other.blocks:
            return self
        if not self.blocks:
            return other
        return MissedCycles(self.blocks + other.blocks)

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks)

    @property
    def columns(self) -> Columns:
        """The rows in breach order, as columns (`stopped` None while running)."""
        if self._columns is None:
            self._columns = _ordered(self.blocks)
        return self._columns

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MissedCycles):
            return NotImplemented
        return len(self) == len(other) and self.columns == other.columns

    def __hash__(self) -> int:
        return hash(self.columns)

    def __reduce__(self) -> tuple[Any, ...]:
        return (MissedCycles, (self.blocks,))

    def __repr__(self) -> str:
        return f"MissedCycles({len(self)} cycles in {len(self.blocks)} blocks)"
