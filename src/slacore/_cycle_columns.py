# Ticket clock cycles as columns, for `Agreement.evaluate` over a table of tickets:
# the rows `measure_table` gives, cut into the cycles decided (breached, or stopped
# in time) and the cycles stopped, each grouped by the reporting period its instant
# falls in (a counting sort: no sort by instant of millions of rows). They read as
# sequences of `CycleOutcome` / `CycleStop` in the order of their instants (sorted
# when first read so), and the ticket measures count them column-wise (`select`).

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, final, overload

from ._measures import CycleOutcome, CycleStop
from ._metric import Metric

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator

_METRICS: Final = tuple(Metric)
_Row = TypeVar("_Row", CycleOutcome, CycleStop)


@final
class CycleColumns(Sequence[_Row], Generic[_Row]):
    """Cycles as numpy columns, read as `CycleOutcome` or `CycleStop` rows.

    Read row by row (iterating, indexing), the cycles come in the order of their
    instants `at`; `select` and the columns themselves keep the stored order.

    Attributes:
        metric: Each cycle's metric, an index into `Metric`.
        priority: Its ticket's priority, an index into `priorities`.
        policy: Its ticket's policy, an index into `policies`.
        value: bool (met) for outcomes, int64 (elapsed µs) for stops.
        row: int64: each breached cycle's row in the breach details (-1: none).
        at: int64: each cycle's instant (µs).
    """

    __slots__ = (
        "_ordered",
        "at",
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
        at: Any,
        metric: Any,
        priority: Any,
        policy: Any,
        value: Any,
        row: Any,
        priorities: tuple[str, ...],
        policies: tuple[str, ...],
    ) -> None:
        self.make: type[_Row] = make
        self.at = at
        self.metric, self.priority, self.policy = metric, priority, policy
        self.value, self.row = value, row
        self.priorities, self.policies = priorities, policies
        self._ordered: CycleColumns[_Row] | None = None

    def __len__(self) -> int:
        return len(self.metric)

    def in_order(self) -> CycleColumns[_Row]:
        """The same cycles in the order of their instants (ties: stored order)."""
        if self._ordered is None:
            import numpy as np  # noqa: PLC0415 - only tables come here

            at = self.at
            if len(at) < 2 or bool((at[1:] >= at[:-1]).all()):
                self._ordered = self
            else:
                self._ordered = self.take(np.argsort(at, kind="stable")).in_order()
        return self._ordered

    @overload
    def __getitem__(self, index: int) -> _Row: ...
    @overload
    def __getitem__(self, index: slice) -> CycleColumns[_Row]: ...
    def __getitem__(self, index: int | slice) -> _Row | CycleColumns[_Row]:
        ordered = self.in_order()
        if isinstance(index, slice):
            return ordered.take(index)
        row: _Row = self.make(
            _METRICS[ordered.metric[index]],
            self.priorities[ordered.priority[index]],
            self.policies[ordered.policy[index]],
            ordered.value[index].item(),
        )
        return row

    def __iter__(self) -> Iterator[_Row]:
        make, priorities, policies = self.make, self.priorities, self.policies
        ordered = self.in_order()
        for m, pr, po, v in zip(
            ordered.metric.tolist(),
            ordered.priority.tolist(),
            ordered.policy.tolist(),
            ordered.value.tolist(),
            strict=True,
        ):
            yield make(_METRICS[m], priorities[pr], policies[po], v)

    def take(self, rows: Any) -> CycleColumns[_Row]:
        """The cycles `rows` (a slice, mask or index array), in stored order."""
        return CycleColumns(
            self.make,
            self.at[rows],
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


class _Grouped(Generic[_Row]):
    """Cycles by period: period ``i`` is ``[bounds[i], bounds[i + 1])``.

    Each cycle's period is found once (a search among the few bounds); a period's
    cycles are taken when first asked for (a mask and a compress: sequential, no
    sort or gather of millions of rows) and kept.
    """

    __slots__ = ("bounds", "columns", "period", "windows")

    def __init__(self, np: Any, columns: CycleColumns[_Row], bounds: Any) -> None:
        self.bounds = bounds
        self.columns: CycleColumns[_Row] = columns
        period = np.searchsorted(bounds, columns.at, side="right") - 1
        small = np.int16 if len(bounds) < np.iinfo(np.int16).max else np.int64
        self.period = period.astype(small)  # -1 before the first bound
        self.windows: dict[tuple[int, int], CycleColumns[_Row]] = {}

    def window(self, lo: int, hi: int) -> CycleColumns[_Row]:
        """The cycles whose instant lies in ``[lo, hi)``."""
        found = self.windows.get((lo, hi))
        if found is None:
            bounds, columns = self.bounds, self.columns
            i = int(bounds.searchsorted(lo))
            if i + 1 < len(bounds) and bounds[i] == lo and bounds[i + 1] == hi:
                keep = self.period == i
            else:
                keep = (columns.at >= lo) & (columns.at < hi)
            found = self.windows[lo, hi] = columns.take(keep)
        return found


class CycleTables:
    """The decided and the stopped cycles of a measured table, by period.

    A cycle is decided at its breach instant if it breached, else at its stop
    instant if it stopped; a stopped cycle counts its business time at its stop.
    `breached` holds what a breach list tells of each breached cycle: the
    decided cycles' `row` indexes it (-1 for a cycle met).

    Attributes:
        decided: The decided cycles, as `CycleOutcome` rows, by period.
        stopped: The stopped cycles, as `CycleStop` rows, by period.
        breached: Column name to array: the breached cycles' ``ticket_id``,
            ``policy``, ``metric``, ``cycle``, ``priority``, ``started_at``,
            ``breached_at``, ``stopped_at`` (NaT: running), ``target``,
            ``elapsed``.
    """

    __slots__ = ("breached", "decided", "stopped")

    def __init__(
        self,
        np: Any,
        parts: Iterable[tuple[dict[str, Any], Sequence[str]]],
        policies: Sequence[str],
        bounds: Sequence[int],
    ) -> None:
        from ._table_measure import Coded  # noqa: PLC0415 - tables' side
        from ._table_status import STOPPED  # noqa: PLC0415

        decided: list[tuple[Any, ...]] = []
        stopped: list[tuple[Any, ...]] = []
        breached: list[dict[str, Any]] = []
        names: Sequence[str] = ()
        count = 0
        for found, seen in parts:
            names = seen  # the last chunk's names are everyone's
            is_breached = ~np.isnat(found["breached_at"])
            is_stopped = found["state"].codes == STOPPED
            is_stopped &= ~np.isnat(found["stopped_at"])
            codes = (found["metric_code"], found["priority_code"], found["policy_code"])
            rows = np.flatnonzero(is_breached | is_stopped)
            at = np.where(is_breached, found["breached_at"], found["stopped_at"])
            detail = np.full(len(at), -1, dtype=np.int64)
            hit = np.flatnonzero(is_breached)
            detail[hit] = np.arange(count, count + len(hit))
            count += len(hit)
            breached.append(
                {
                    k: found[k].values(hit)
                    if isinstance(found[k], Coded)
                    else found[k][hit]
                    for k in _DETAIL
                }
            )
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
        edges = np.asarray(bounds, dtype=np.int64)
        self.decided = _Grouped(
            np, _joined(np, CycleOutcome, decided, priorities, policies), edges
        )
        self.stopped = _Grouped(
            np, _joined(np, CycleStop, stopped, priorities, policies), edges
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
    "breached_at",
    "stopped_at",
    "target",
    "elapsed",
)


def _joined(
    np: Any,
    make: type[_Row],
    chunks: list[tuple[Any, ...]],
    priorities: tuple[str, ...],
    policies: Sequence[str],
) -> CycleColumns[_Row]:
    """Chunks of (instant, metric, priority, policy, value, row) columns, joined."""
    outcome: type = CycleOutcome  # met: bool; stops: elapsed µs
    value = bool if make is outcome else np.int64
    kinds = (np.int64, np.int8, np.int32, np.int32, value, np.int64)
    columns = []
    for index, kind in enumerate(kinds):
        parts = [chunk[index] for chunk in chunks]
        joined = np.concatenate(parts) if parts else np.zeros(0, dtype=kind)
        columns.append(joined.astype(kind, copy=False))
    at, metric, priority, policy, value, row = columns
    return CycleColumns(
        make, at, metric, priority, policy, value, row, priorities, tuple(policies)
    )
