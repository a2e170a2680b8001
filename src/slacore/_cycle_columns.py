# Ticket clock cycles as columns, for `Agreement.evaluate` over a table of tickets:
# the rows `measure_table` gives, cut into the cycles decided (breached, or stopped
# in time) and the cycles stopped, each sorted by the instant it counts at. They
# read as sequences of `CycleOutcome` / `CycleStop` (so any measure can read them),
# and the ticket measures count them column-wise (`select`).

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, final, overload

from ._measures import CycleOutcome, CycleStop
from ._policy import Metric

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

_METRICS: Final = tuple(Metric)
_Row = TypeVar("_Row", CycleOutcome, CycleStop)


@final
class CycleColumns(Sequence[_Row], Generic[_Row]):
    """Cycles as numpy columns, read as `CycleOutcome` or `CycleStop` rows.

    Attributes:
        metric: int64: each cycle's metric, an index into `Metric`.
        priority: int64: its ticket's priority, an index into `priorities`.
        policy: int64: its ticket's policy, an index into `policies`.
        value: bool (met) for outcomes, int64 (elapsed µs) for stops.
        row: int64: each cycle's row in the measured table.
    """

    __slots__ = (
        "make",
        "metric",
        "policies",
        "policy",
        "priorities",
        "priority",
        "row",
        "value",
    )

    def __init__(  # noqa: PLR0917 - the columns, and how to read them
        self,
        make: type[_Row],
        metric: Any,
        priority: Any,
        policy: Any,
        value: Any,
        row: Any,
        priorities: tuple[str, ...],
        policies: tuple[str, ...],
    ) -> None:
        self.make: type[_Row] = make
        self.metric, self.priority, self.policy = metric, priority, policy
        self.value, self.row = value, row
        self.priorities, self.policies = priorities, policies

    def __len__(self) -> int:
        return len(self.metric)

    @overload
    def __getitem__(self, index: int) -> _Row: ...
    @overload
    def __getitem__(self, index: slice) -> CycleColumns[_Row]: ...
    def __getitem__(self, index: int | slice) -> _Row | CycleColumns[_Row]:
        if isinstance(index, slice):
            return self.take(index)
        value = self.value[index].item()
        row: _Row = self.make(
            _METRICS[self.metric[index]],
            self.priorities[self.priority[index]],
            self.policies[self.policy[index]],
            value,
        )
        return row

    def __iter__(self) -> Iterator[_Row]:
        make, priorities, policies = self.make, self.priorities, self.policies
        for m, pr, po, v in zip(
            self.metric.tolist(),
            self.priority.tolist(),
            self.policy.tolist(),
            self.value.tolist(),
            strict=True,
        ):
            yield make(_METRICS[m], priorities[pr], policies[po], v)

    def take(self, rows: Any) -> CycleColumns[_Row]:
        """The cycles `rows` (a slice, mask or index array)."""
        return CycleColumns(
            self.make,
            self.metric[rows],
            self.priority[rows],
            self.policy[rows],
            self.value[rows],
            self.row[rows],
            self.priorities,
            self.policies,
        )

    def select(
        self, metric: Metric, priorities: Collection[str] | None, policy: str | None
    ) -> Any:
        """Which cycles are of `metric`, one of `priorities` and `policy` (a mask).

        None for `priorities` or `policy` keeps every one, as a ticket measure's
        filter does (see `_ticket_measures.keeps`).
        """
        import numpy as np  # noqa: PLC0415 - only tables come here

        keep = self.metric == _METRICS.index(metric)
        if priorities is not None:
            allowed = np.array([n in priorities for n in self.priorities], dtype=bool)
            keep &= allowed[self.priority]
        if policy is not None:
            allowed = np.array([n == policy for n in self.policies], dtype=bool)
            keep &= allowed[self.policy]
        return keep


def cycle_columns(
    np: Any, found: dict[str, Any]
) -> tuple[tuple[Any, CycleColumns[CycleOutcome]], tuple[Any, CycleColumns[CycleStop]]]:
    """The decided and the stopped cycles of `measure_table` rows, each by instant.

    A cycle is decided at its breach instant if it breached, else at its stop
    instant if it stopped; a stopped cycle counts its business time at its stop.
    """
    metric = _codes(np, found["metric"], [m.value for m in _METRICS])
    priorities = _names(found["priority"])
    priority = _codes(np, found["priority"], priorities)
    policies = _names(found["policy"])
    policy = _codes(np, found["policy"], policies)
    breached_at = found["breached_at"]
    stopped_at = found["stopped_at"]
    stopped = (found["state"] == "stopped") & ~np.isnat(stopped_at)
    breached = ~np.isnat(breached_at)
    decided = breached | stopped
    at = np.where(breached, breached_at, stopped_at).view(np.int64)
    rows = np.flatnonzero(decided)
    rows = rows[np.argsort(at[rows], kind="stable")]
    outcomes = CycleColumns(
        CycleOutcome,
        metric[rows],
        priority[rows],
        policy[rows],
        ~breached[rows],
        rows,
        priorities,
        policies,
    )
    stop_at = stopped_at.view(np.int64)
    stop_rows = np.flatnonzero(stopped)
    stop_rows = stop_rows[np.argsort(stop_at[stop_rows], kind="stable")]
    stops = CycleColumns(
        CycleStop,
        metric[stop_rows],
        priority[stop_rows],
        policy[stop_rows],
        found["elapsed"].view(np.int64)[stop_rows],
        stop_rows,
        priorities,
        policies,
    )
    return (at[rows], outcomes), (stop_at[stop_rows], stops)


def _names(values: Any) -> tuple[str, ...]:
    """The distinct strings of an object array (few of them: policies, priorities)."""
    seen: dict[str, None] = {}
    rest = values
    while len(rest):  # each pass removes one name: as many passes as names
        first = rest[0]
        seen[first] = None
        rest = rest[rest != first]
    return tuple(seen)


def _codes(np: Any, values: Any, names: Sequence[str]) -> Any:
    codes = np.zeros(len(values), dtype=np.int64)
    for code, name in enumerate(names):
        codes[values == name] = code
    return codes
