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
    from collections.abc import Collection, Iterable, Iterator

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


class CycleTables:
    """The decided and the stopped cycles of a measured table, each by instant.

    A cycle is decided at its breach instant if it breached, else at its stop
    instant if it stopped; a stopped cycle counts its business time at its stop.
    `breached` holds what a breach list tells of each breached cycle: the
    decided cycles' `row` indexes it (-1 for a cycle met).

    Attributes:
        decided_at: int64: each decided cycle's instant (µs), sorted.
        decided: The decided cycles, as `CycleOutcome` rows.
        stopped_at: int64: each stopped cycle's stop instant (µs), sorted.
        stopped: The stopped cycles, as `CycleStop` rows.
        breached: Column name to array: the breached cycles' ``ticket_id``,
            ``policy``, ``metric``, ``cycle``, ``priority``, ``started_at``,
            ``due_at`` (NaT: none), ``breached_at``, ``target``.
    """

    __slots__ = ("breached", "decided", "decided_at", "stopped", "stopped_at")

    def __init__(
        self,
        np: Any,
        parts: Iterable[tuple[dict[str, Any], Sequence[str]]],
        policies: Sequence[str],
    ) -> None:
        decided: list[tuple[Any, ...]] = []
        stopped: list[tuple[Any, ...]] = []
        breached: list[dict[str, Any]] = []
        names: Sequence[str] = ()
        count = 0
        for found, seen in parts:
            names = seen  # the last chunk's names are everyone's
            is_breached = ~np.isnat(found["breached_at"])
            is_stopped = (found["state"] == "stopped") & ~np.isnat(found["stopped_at"])
            codes = (found["metric_code"], found["priority_code"], found["policy_code"])
            rows = np.flatnonzero(is_breached | is_stopped)
            at = np.where(is_breached, found["breached_at"], found["stopped_at"])
            detail = np.full(len(at), -1, dtype=np.int64)
            hit = np.flatnonzero(is_breached)
            detail[hit] = np.arange(count, count + len(hit))
            count += len(hit)
            breached.append({k: found[k][hit] for k in _DETAIL})
            decided.append(
                (
                    at.view(np.int64)[rows],
                    *(c[rows] for c in codes),
                    ~is_breached[rows],
                    detail[rows],
                )
            )
            rows = np.flatnonzero(is_stopped)
            stopped.append(
                (
                    found["stopped_at"].view(np.int64)[rows],
                    *(c[rows] for c in codes),
                    found["elapsed"].view(np.int64)[rows],
                    np.full(len(rows), -1, dtype=np.int64),
                )
            )
        priorities = tuple(names)
        self.decided_at, self.decided = _sorted(
            np, CycleOutcome, decided, priorities, policies
        )
        self.stopped_at, self.stopped = _sorted(
            np, CycleStop, stopped, priorities, policies
        )
        self.breached = {
            k: np.concatenate([b[k] for b in breached]) if breached else np.zeros(0)
            for k in _DETAIL
        }


_DETAIL: Final = (
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


def _sorted(
    np: Any,
    make: type[_Row],
    chunks: list[tuple[Any, ...]],
    priorities: tuple[str, ...],
    policies: Sequence[str],
) -> tuple[Any, CycleColumns[_Row]]:
    """Chunks of (instant, metric, priority, policy, value, row) columns, by instant."""
    if chunks:
        at, metric, priority, policy, value, row = (
            np.concatenate(column) for column in zip(*chunks, strict=True)
        )
    else:
        at = metric = priority = policy = row = np.zeros(0, dtype=np.int64)
        value = np.zeros(0, dtype=np.int64)
    order = np.argsort(at, kind="stable")
    columns = CycleColumns(
        make,
        metric[order].astype(np.int8),
        priority[order].astype(np.int32),
        policy[order].astype(np.int32),
        value[order],
        row[order],
        priorities,
        tuple(policies),
    )
    return at[order], columns
