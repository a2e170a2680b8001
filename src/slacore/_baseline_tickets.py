# `baseline`: from a history of tickets, per policy, priority and metric, the
# distribution of business time and the attainment each candidate target would
# have had per period, by `TicketAttainment`'s rule.
#
# Tickets are measured once, at `now`, by the policies as they are (a table by the
# columnar engine, objects by `measure_many`). A cycle counts in the period of its
# breach instant if it breached, else of its stop. For a candidate target T, a
# cycle breaches when its business time exceeds T, at the instant it reached T:
# an instant between the cycle's start and its end (its stop, else `now`). So a
# cycle whose start and end lie in one period counts in that period whatever T
# is, and `elapsed > T` is all there is to know. Only the tickets with a cycle
# that crosses a period bound (a few in a hundred, for monthly periods) are
# measured again, once per rank of candidate, by policies holding those targets:
# the breach instants are then the engine's own.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from ._baseline import (
    PERCENTILES,
    Baseline,
    BaselineGroup,
    Candidate,
    PeriodAttainment,
    baseline_periods,
    check_mapping_keys,
    ladder,
    sorted_percentiles,
    targets_for,
    to_goal,
    to_percentiles,
)
from ._dataset_tables import is_table
from ._frames_kinds import numpy
from ._measure_table import checked_policies
from ._metric import Metric
from ._periods import Period
from ._policy import Policy, measure_many
from ._records import Ticket
from ._time import duration_us, require_aware, to_us
from ._timer import TimerState
from .exceptions import SlaError

if TYPE_CHECKING:
    from datetime import date, datetime, timedelta
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from ._event_columns import EventColumns

Key = tuple[str, str, Metric]
_METRICS: Final = tuple(Metric)
_STOPPED: Final = TimerState.STOPPED


def baseline(
    policies: Policy | Sequence[Policy],
    tickets: object,
    *,
    start: datetime | date,
    end: datetime | date,
    now: datetime | None = None,
    period: Period | str = "monthly",
    tz: str | ZoneInfo | None = None,
    percentiles: Iterable[Decimal | int | str] = PERCENTILES,
    targets: Sequence[timedelta]
    | Mapping[Metric | str, Sequence[timedelta]]
    | None = None,
    goal: Decimal | int | str = 95,
) -> Baseline:
    """What a history of tickets says each SLA target could be.

    Per policy, priority and metric (the groups a
    [`TicketAttainment`][slacore.TicketAttainment] can count): the distribution
    of business time of the cycles that stopped in the window (nearest-rank
    percentiles, as the percentile measures take them), and for each candidate
    target the attainment it would have had in each period: exactly what
    ``TicketAttainment(metric, [priority], policy=name)`` reports when the
    policy's target for that priority and metric is the candidate. A cycle counts
    in the period its outcome falls in: the instant it breached if it breached,
    else its stop; cycles still running and not breached count nowhere yet.

    Tickets are measured as the agreement measures them: each by the first
    policy whose condition it meets, at the priority in force at `now`, in the
    tier's calendar; a metric the policy does not target at a priority has no
    clock there (give it any target to see its baseline). The policy's own
    target only joins the candidates.

    Candidates default to a ladder: each percentile of the group's distribution
    rounded up (under a minute to whole seconds, under an hour to whole minutes,
    else to whole hours), and the policy's current target.

    Needs numpy (the ``tables`` extra); a table of ticket events is measured by
    the columnar engine, objects by [`measure_many`][slacore.measure_many].

    Args:
        policies: One `Policy` or several, in order of preference.
        tickets: A table of ticket events (see
            [`measure_table`][slacore.measure_table]) or `Ticket` objects.
        start: The first period's start (a date: local midnight in `tz`).
        end: The periods are those that start before it.
        now: The instant the history is as of; the last period's end by default.
        period: ``"weekly"``, ``"monthly"``, ``"quarterly"`` or ``"yearly"``.
        tz: The zone periods are aligned in (and naive table datetimes read
            in); `start`'s zone by default, else UTC.
        percentiles: The percentiles to show (0-100).
        targets: Candidate targets for every group, or a mapping from a
            metric's name to its candidates (other metrics get the ladder).
        goal: The attainment (percent) a period must reach to count as met in
            the summary, the Markdown and `Baseline.suggest`.

    Returns:
        A [`Baseline`][slacore.Baseline].

    Raises:
        SlaError: If `start` does not start a period, `end` is not after it, a
            percentile or the goal is outside 0-100, or a target is negative.
        TableError: If the table of events is invalid.

    Examples:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> import slacore as sla
        >>> policy = sla.Policy(
        ...     "desk", {"high": sla.Targets(first_response=timedelta(hours=1))}
        ... )
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> tickets = [
        ...     sla.Ticket(
        ...         i,
        ...         t,
        ...         "high",
        ...         [sla.TicketEvent(t + timedelta(minutes=m), "agent_reply")],
        ...     )
        ...     for i, m in enumerate([10, 20, 30, 50, 70])
        ... ]
        >>> b = sla.baseline(
        ...     policy, tickets, start=date(2026, 1, 1), end=date(2026, 2, 1)
        ... )
        >>> group = b.group("desk", "high", "first_response")
        >>> group.percentile(80)
        datetime.timedelta(seconds=3000)
        >>> [(c.target.seconds // 60, c.attainment) for c in group.candidates]
        [(30, Decimal('60')), (50, Decimal('80')), (60, Decimal('80')), (120, Decimal('100'))]
    """  # noqa: E501
    found = _policies(policies)
    zone, periods = baseline_periods(start, end, period, tz)
    as_of = periods[-1][1] if now is None else require_aware(now, "now")
    ranks = to_percentiles(percentiles)
    wanted = to_goal(goal)
    check_mapping_keys(targets, (m.value for m in Metric), "metric")
    np = numpy()
    bounds = np.array(
        [to_us(s, "start") for s, _ in periods] + [to_us(periods[-1][1], "end")],
        dtype=np.int64,
    )
    source: _Source = (
        _TableSource(np, found, tickets, tz=tz or zone, now_us=to_us(as_of, "now"))
        if is_table(tickets)
        else _ObjectSource(np, found, tickets, as_of)
    )
    cycles = source.cycles()
    groups = _count(
        np,
        policies=found,
        source=source,
        cycles=cycles,
        bounds=bounds,
        periods=periods,
        ranks=ranks,
        targets=targets,
    )
    return Baseline(
        kind="tickets",
        keys=("policy", "priority", "metric"),
        periods=periods,
        period=Period.parse(period),
        now=as_of,
        goal=wanted,
        percentile_ranks=ranks,
        groups=groups,
    )


def _policies(policies: object) -> tuple[Policy, ...]:
    found = checked_policies(policies)
    if not found:
        msg = "a baseline needs at least one policy to measure tickets by"
        raise SlaError(msg)
    return found


@attrs.frozen(eq=False)
class _Cycles:
    """Every started cycle, as columns; `keys` names the groups."""

    group: Any  # int64 index into keys
    ticket: Any  # int64: the ticket's index in the input
    start_us: Any
    end_us: Any  # the stop, else `now`
    stopped: Any
    elapsed_us: Any
    keys: list[Key]


class _Groups:
    """Group codes for (policy name, priority, metric), first seen first."""

    def __init__(self) -> None:
        self.codes: dict[Key, int] = {}
        self.keys: list[Key] = []

    def code(self, key: Key) -> int:
        found = self.codes.get(key)
        if found is None:
            found = self.codes[key] = len(self.keys)
            self.keys.append(key)
        return found

    def of_codes(
        self,
        np: Any,
        *,
        policy: Any,
        priority: Any,
        metric: Any,
        names: Sequence[str],
        policies: Sequence[str],
    ) -> Any:
        """Group codes of coded (policy index, priority code, metric code) columns."""
        if not len(policy):
            return np.zeros(0, dtype=np.int64)
        packed = (
            policy.astype(np.int64) * (1 << 32)
            + priority.astype(np.int64) * 8
            + metric.astype(np.int64)
        )
        unique, inverse = np.unique(packed, return_inverse=True)
        table = np.array(
            [
                self.code(
                    (
                        policies[int(u) >> 32],
                        names[(int(u) & 0xFFFFFFFF) >> 3],
                        _METRICS[int(u) & 7],
                    )
                )
                for u in unique.tolist()
            ],
            dtype=np.int64,
        )
        return table[inverse.reshape(-1)]


class _Source(Protocol):
    """Where the cycles come from: a table, or ticket objects."""

    groups: _Groups

    def cycles(self) -> _Cycles:
        """Every started cycle at `now`, by the policies as they are."""
        ...

    def decided(self, policies: Sequence[Policy], tickets: Any) -> tuple[Any, Any, Any]:
        """The decided cycles of `tickets` (indexes) by `policies`: (group, at, met)."""
        ...


class _TableSource:
    def __init__(
        self,
        np: Any,
        policies: Sequence[Policy],
        table: object,
        *,
        tz: Any,
        now_us: int,
    ) -> None:
        from ._table_tickets import read_ticket_table  # noqa: PLC0415 - numpy

        self.np = np
        self.policies = policies
        self.events = read_ticket_table(table, tz=tz)
        self.now_us = now_us
        self.groups = _Groups()
        self.names = [p.name for p in policies]

    def cycles(self) -> _Cycles:
        from ._table_measure import measure_parts  # noqa: PLC0415 - numpy
        from ._table_status import STOPPED  # noqa: PLC0415

        np = self.np
        chunks: list[tuple[Any, ...]] = []
        for found, names in measure_parts(
            np, self.policies, self.events, now_us=self.now_us
        ):
            started = ~np.isnat(found["started_at"])
            rows = np.flatnonzero(started)
            stopped_at = found["stopped_at"][rows]
            stopped = found["state"].codes[rows] == STOPPED
            stopped &= ~np.isnat(stopped_at)
            group = self.groups.of_codes(
                np,
                policy=found["policy_code"][rows],
                priority=found["priority_code"][rows],
                metric=found["metric_code"][rows],
                names=names,
                policies=self.names,
            )
            chunks.append(
                (
                    group,
                    found["ticket_code"][rows].astype(np.int64),
                    found["started_at"][rows].view(np.int64),
                    np.where(stopped, stopped_at.view(np.int64), self.now_us),
                    stopped,
                    found["elapsed"][rows].view(np.int64),
                )
            )
        return _joined(np, chunks, self.groups.keys)

    def decided(self, policies: Sequence[Policy], tickets: Any) -> tuple[Any, Any, Any]:
        from ._cycle_columns import CycleTables  # noqa: PLC0415 - numpy
        from ._table_measure import measure_parts  # noqa: PLC0415

        np = self.np
        events = _take(np, self.events, tickets)
        parts = measure_parts(np, policies, events, now_us=self.now_us)
        found = CycleTables(np, parts, self.names, ()).decided.columns
        group = self.groups.of_codes(
            np,
            policy=found.policy,
            priority=found.priority,
            metric=found.metric,
            names=found.priorities,
            policies=self.names,
        )
        return group, found.at, found.value.astype(bool)


def _take(np: Any, events: EventColumns, tickets: Any) -> EventColumns:
    """The tickets `tickets` (ascending indexes) of `events`, with their events."""
    from ._event_columns import EventColumns  # noqa: PLC0415 - numpy

    starts = events.offsets[tickets]
    counts = events.offsets[tickets + 1] - starts
    heads = np.zeros(len(tickets) + 1, dtype=np.int64)
    np.cumsum(counts, out=heads[1:])
    rows = np.repeat(starts - heads[:-1], counts) + np.arange(
        int(heads[-1]), dtype=np.int64
    )
    return EventColumns(
        ticket_id=events.ticket_id[tickets],
        created_us=events.created_us[tickets],
        priority=events.priority.take(tickets),
        fields=events.fields.take(tickets),
        offsets=heads,
        at_us=events.at_us[rows],
        kind=events.kind[rows],
        value=events.value.take(rows),
        tz=events.tz,
    )


class _ObjectSource:
    def __init__(
        self, np: Any, policies: Sequence[Policy], tickets: object, now: datetime
    ) -> None:
        if isinstance(tickets, str) or not isinstance(tickets, Iterable):
            msg = f"tickets must be a table or Ticket objects, got {tickets!r}"
            raise SlaError(msg)
        self.tickets = list(tickets)
        for index, ticket in enumerate(self.tickets):
            if not isinstance(ticket, Ticket):
                msg = f"tickets[{index}] must be a Ticket, got {type(ticket).__name__}"
                raise TypeError(msg)
        self.np = np
        self.policies = policies
        self.now = now
        self.now_us = to_us(now, "now")
        self.groups = _Groups()

    def cycles(self) -> _Cycles:
        columns: tuple[list[int], ...] = ([], [], [], [], [], [])
        group, ticket, start, end, stopped, elapsed = columns
        code = self.groups.code
        measured = measure_many(self.policies, self.tickets, self.now)
        for index, (_, measurement) in enumerate(measured):
            if measurement is None:
                continue
            policy, priority = measurement.policy, measurement.priority
            for metric, statuses in measurement.cycles:
                for status in statuses:
                    if status.started_at is None:
                        continue
                    done = status.state is _STOPPED and status.stopped_at is not None
                    group.append(code((policy, priority, metric)))
                    ticket.append(index)
                    start.append(to_us(status.started_at, "started_at"))
                    end.append(
                        to_us(status.stopped_at, "stopped_at") if done else self.now_us
                    )
                    stopped.append(done)
                    elapsed.append(duration_us(status.elapsed, "elapsed"))
        np = self.np
        ints = [np.array(c, dtype=np.int64) for c in columns]
        return _Cycles(
            group=ints[0],
            ticket=ints[1],
            start_us=ints[2],
            end_us=ints[3],
            stopped=np.array(stopped, dtype=bool),
            elapsed_us=ints[5],
            keys=self.groups.keys,
        )

    def decided(self, policies: Sequence[Policy], tickets: Any) -> tuple[Any, Any, Any]:
        # TicketAttainment's rule, as `Agreement.evaluate` applies it to objects:
        # a cycle is decided at its breach instant, else at its stop.
        group: list[int] = []
        at: list[int] = []
        met: list[bool] = []
        chosen = [self.tickets[i] for i in tickets.tolist()]
        for _, measurement in measure_many(policies, chosen, self.now):
            if measurement is None:
                continue
            policy, priority = measurement.policy, measurement.priority
            for metric, statuses in measurement.cycles:
                for status in statuses:
                    if status.breached_at is not None:
                        instant, good = status.breached_at, False
                    elif status.state is _STOPPED and status.stopped_at is not None:
                        instant, good = status.stopped_at, True
                    else:
                        continue
                    group.append(self.groups.code((policy, priority, metric)))
                    at.append(to_us(instant, "at"))
                    met.append(good)
        np = self.np
        return (
            np.array(group, dtype=np.int64),
            np.array(at, dtype=np.int64),
            np.array(met, dtype=bool),
        )


def _joined(np: Any, chunks: list[tuple[Any, ...]], keys: list[Key]) -> _Cycles:
    kinds = (np.int64, np.int64, np.int64, np.int64, bool, np.int64)
    columns = [
        np.concatenate([c[i] for c in chunks]).astype(kind, copy=False)
        if chunks
        else np.zeros(0, dtype=kind)
        for i, kind in enumerate(kinds)
    ]
    group, ticket, start_us, end_us, stopped, elapsed_us = columns
    return _Cycles(
        group=group,
        ticket=ticket,
        start_us=start_us,
        end_us=end_us,
        stopped=stopped,
        elapsed_us=elapsed_us,
        keys=keys,
    )


# -- counting --------------------------------------------------------------------------


def _period_of(np: Any, bounds: Any, at: Any) -> Any:
    """Each instant's period index: -1 before the first, len(bounds) - 1 after."""
    return np.searchsorted(bounds, at, side="right") - 1


def _count(
    np: Any,
    *,
    policies: Sequence[Policy],
    source: _Source,
    cycles: _Cycles,
    bounds: Any,
    periods: tuple[tuple[datetime, datetime], ...],
    ranks: tuple[Decimal, ...],
    targets: Any,
) -> tuple[BaselineGroup, ...]:
    n_periods = len(periods)
    order = _group_order(policies, cycles.keys)
    n_groups = len(cycles.keys)

    # The distribution: cycles stopped in the window, by group, sorted.
    counted = (
        cycles.stopped & (cycles.end_us >= bounds[0]) & (cycles.end_us < bounds[-1])
    )
    group_of = cycles.group[counted]
    values = cycles.elapsed_us[counted]
    sort = np.lexsort((values, group_of))
    values, group_of = values[sort], group_of[sort]
    cuts = np.searchsorted(group_of, np.arange(n_groups + 1))
    distributions = [values[cuts[g] : cuts[g + 1]] for g in range(n_groups)]

    ladders: list[tuple[timedelta, ...]] = []
    currents: list[timedelta | None] = []
    shown: list[tuple[tuple[Decimal, timedelta], ...]] = []
    for g, (name, priority, metric) in enumerate(cycles.keys):
        current = _current(policies, name, priority, metric)
        found = sorted_percentiles(distributions[g], ranks)
        given = targets_for(targets, metric.value)
        currents.append(current)
        shown.append(found)
        ladders.append(given or ladder([v for _, v in found], current))

    # Which tickets have a cycle whose start and end lie in different periods.
    start_p = _period_of(np, bounds, cycles.start_us)
    end_p = _period_of(np, bounds, cycles.end_us)
    n_tickets = int(cycles.ticket.max()) + 1 if len(cycles.ticket) else 0
    crossing = np.zeros(n_tickets, dtype=bool)
    crossing[cycles.ticket[start_p != end_p]] = True
    again = np.flatnonzero(crossing)
    simple = ~crossing[cycles.ticket] if n_tickets else np.zeros(0, dtype=bool)
    in_window = simple & (start_p >= 0) & (start_p < n_periods)
    s_group, s_period = cycles.group[in_window], start_p[in_window]
    s_elapsed, s_stopped = cycles.elapsed_us[in_window], cycles.stopped[in_window]

    depth = max((len(found) for found in ladders), default=0)
    met = np.zeros((n_groups, depth, n_periods), dtype=np.int64)
    count = np.zeros((n_groups, depth, n_periods), dtype=np.int64)
    size = n_groups * n_periods
    for k in range(depth):
        limit = np.array(
            [_us_at(found, k) for found in ladders],
            dtype=np.int64,
        )
        breached = s_elapsed > limit[s_group]
        decided = breached | s_stopped
        cell = s_group[decided] * n_periods + s_period[decided]
        count[:, k, :] += np.bincount(cell, minlength=size).reshape(n_groups, n_periods)
        good = ~breached[decided]
        met[:, k, :] += (
            np.bincount(cell, weights=good, minlength=size)
            .astype(np.int64)
            .reshape(n_groups, n_periods)
        )
        if len(again):
            ranked = _ranked(policies, cycles.keys, ladders, k)
            group, at, ok = source.decided(ranked, again)
            if len(source.groups.keys) > n_groups:  # pragma: no cover - defensive
                msg = "internal error: a group appeared only when measured again"
                raise AssertionError(msg)
            p = _period_of(np, bounds, at)
            keep = (p >= 0) & (p < n_periods)
            cell = group[keep] * n_periods + p[keep]
            count[:, k, :] += np.bincount(cell, minlength=size).reshape(
                n_groups, n_periods
            )
            met[:, k, :] += (
                np.bincount(cell, weights=ok[keep], minlength=size)
                .astype(np.int64)
                .reshape(n_groups, n_periods)
            )

    groups = []
    for g in order:
        name, priority, metric = cycles.keys[g]
        candidates = tuple(
            Candidate(
                target,
                tuple(
                    PeriodAttainment(s, e, int(met[g, k, p]), int(count[g, k, p]))
                    for p, (s, e) in enumerate(periods)
                ),
                current=target == currents[g],
            )
            for k, target in enumerate(ladders[g])
        )
        groups.append(
            BaselineGroup(
                (name, priority, metric.value),
                len(distributions[g]),
                shown[g],
                currents[g],
                candidates,
            )
        )
    return tuple(groups)


def _us_at(found: tuple[timedelta, ...], k: int) -> int:
    """The `k`-th candidate (the last, if fewer) in µs; 0 for none."""
    return duration_us(found[min(k, len(found) - 1)], "target") if found else 0


def _current(
    policies: Sequence[Policy], name: str, priority: str, metric: Metric
) -> timedelta | None:
    """The target of the first policy of this name that targets the group."""
    for policy in policies:
        if policy.name == name:
            targets = policy.targets_for(priority)
            found = None if targets is None else targets.of(metric)
            if found is not None:
                return found
    return None  # pragma: no cover - a measured cycle's tier targets it


def _group_order(policies: Sequence[Policy], keys: list[Key]) -> list[int]:
    """Groups by policy (their order), priority (the tiers' order), then metric."""
    first: dict[str, int] = {}
    tiers: dict[tuple[str, str], int] = {}
    for index, policy in enumerate(policies):
        first.setdefault(policy.name, index)
        for place, (priority, _) in enumerate(policy.targets):
            tiers.setdefault((policy.name, priority), place)
    return sorted(
        range(len(keys)),
        key=lambda g: (
            first.get(keys[g][0], len(policies)),
            tiers.get((keys[g][0], keys[g][1]), 1 << 30),
            keys[g][1],
            _METRICS.index(keys[g][2]),
        ),
    )


def _ranked(
    policies: Sequence[Policy],
    keys: list[Key],
    ladders: list[tuple[timedelta, ...]],
    k: int,
) -> tuple[Policy, ...]:
    """The policies with each group's `k`-th candidate (else its last) as target."""
    chosen = {
        key: found[min(k, len(found) - 1)]
        for key, found in zip(keys, ladders, strict=True)
    }
    out = []
    for policy in policies:
        tiers = {}
        for priority, tier in policy.targets:
            changes: dict[str, Any] = {
                metric.value: chosen[policy.name, priority, metric]
                for metric in Metric
                if tier.of(metric) is not None
                and (policy.name, priority, metric) in chosen
            }
            tiers[priority] = attrs.evolve(tier, **changes) if changes else tier
        out.append(attrs.evolve(policy, targets=tiers))
    return tuple(out)
