# Evaluating an agreement: read the dataset once into an index sorted by the instant
# each item counts at, let each objective's measure tally its period from it (a
# tally), then make each period's outcomes from the tally and apply the credit
# terms period after period (the reports). `Agreement.evaluate` is both in turn.

from __future__ import annotations

import functools
import operator
from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._amendments import every_objective, pieces_of
from ._breach_list import BreachList
from ._conditions import matches, matches_fields
from ._cycle_columns import CycleTables
from ._dataset_tables import TicketTable
from ._decimal import in_context
from ._group_measures import GroupAttainment, GroupOutcome, group_outcomes
from ._measures import UNMEASURED, CycleOutcome, CycleStop
from ._missed_cycles import BreachBlock, MissedCycles
from ._parts import outcome_of, partial_of
from ._percentile_measures import TicketPercentile
from ._policy import select_policy
from ._tally import Tally
from ._terms import Terms, check_contract_year
from ._ticket_measures import MeanTime, TicketAttainment, keeps
from ._time import duration_us, require_aware, to_us
from ._timer import TimerState, TimerStatus
from ._volume_measures import TicketVolume
from ._workload_terms import (
    in_band,
    measured_in_band,
    workload_objectives,
    workload_result,
)
from .exceptions import DataError, TallyError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime, tzinfo

    from ._agreement import Agreement
    from ._amendments import Piece
    from ._conditions import ConditionLike
    from ._dataset import Dataset
    from ._measures import Outcome
    from ._metric import Metric
    from ._objective import Objective
    from ._records import Contact, Outage, Response
    from ._report import Report
    from ._tally import PeriodBreaches
    from ._workload import WorkloadResult

_STOPPED: Final = TimerState.STOPPED
_T = TypeVar("_T")


def _sorted_rows(stamps: list[int], rows: list[Any]) -> tuple[list[int], list[Any]]:
    order = sorted(range(len(rows)), key=stamps.__getitem__)
    return [stamps[i] for i in order], [rows[i] for i in order]


def _sorted_by(stamps: list[int], items: Sequence[Any]) -> tuple[list[int], list[Any]]:
    """Items with their input index, in the order of their instants."""
    return _sorted_rows(stamps, list(enumerate(items)))


def _metrics_read(agreement: Agreement) -> frozenset[Metric] | None:
    """The clocks the agreement's ticket measures read; None for all of them.

    A built-in ticket measure reads only its own metric's cycles; a measure of
    another kind that reads tickets may read any.
    """
    found: set[Metric] = set()
    for objective in every_objective(agreement):
        measure = objective.measure
        if isinstance(measure, (TicketAttainment, MeanTime, TicketPercentile)):
            found.add(measure.metric)
        elif isinstance(measure, (GroupAttainment, TicketVolume)):
            continue  # reads group holds or creation instants, not customer clocks
        elif measure.reads == "tickets":
            return None
    return frozenset(found)


class _Index:
    """The dataset read once: every item sorted by the instant it counts at."""

    def __init__(
        self,
        agreement: Agreement,
        data: Dataset,
        now: datetime,
        bounds: Sequence[int] = (),
    ) -> None:
        self.agreement = agreement
        self.bounds = bounds  # the periods' starts and the last end, in µs
        self.data = data
        self.now = now
        self.now_us = to_us(now, "now")
        self._cache: dict[str, Any] = {}
        self._details: list[tuple[object, int, int, int | None, int, int]] = []
        self._found: dict[str, Any] = {}
        self._created: dict[object, Any] = {}  # by condition: creation instants

    def _get(self, key: str, build: Any) -> Any:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = build()
        return found

    # -- tickets: each measured once, at now -------------------------------------------

    def decided(self, lo: int, hi: int) -> Sequence[CycleOutcome]:
        """Cycles whose outcome instant lies in ``[lo, hi)``, in its order."""
        built = self._tickets()
        if isinstance(built, CycleTables):
            return built.decided.window(lo, hi)
        stamps, rows = built[0]
        return _window(stamps, rows, lo, hi)

    def stopped(self, lo: int, hi: int) -> Sequence[CycleStop]:
        """Cycles that stopped in ``[lo, hi)``, in the order of their stops."""
        built = self._tickets()
        if isinstance(built, CycleTables):
            return built.stopped.window(lo, hi)
        stamps, rows = built[1]
        return _window(stamps, rows, lo, hi)

    def _tickets(self) -> Any:
        return self._get("tickets", self._build_tickets)

    def group_decided(self, lo: int, hi: int) -> Sequence[GroupOutcome]:
        """Group hold clocks whose outcome instant lies in ``[lo, hi)``, in order.

        Tables too are measured ticket by ticket, through their `Ticket` objects.
        """
        stamps, rows = self._get(
            "groups",
            lambda: group_outcomes(
                self.agreement.policies, self.data.tickets, self.now
            ),
        )
        return _window(stamps, rows, lo, hi)

    def created(self, where: ConditionLike | None, lo: int, hi: int) -> int:
        """How many tickets matching `where` were created in ``[lo, hi)``."""
        stamps = self._created.get(where)
        if stamps is None:
            stamps = self._created[where] = self._created_at(where)
        if isinstance(stamps, list):
            return bisect_left(stamps, hi) - bisect_left(stamps, lo)
        a, b = stamps.searchsorted([lo, hi]).tolist()
        return int(b - a)

    def _created_at(self, where: ConditionLike | None) -> Any:
        """The creation instants of the tickets matching `where`, sorted."""
        tickets = self.data.tickets
        if isinstance(tickets, TicketTable):
            from ._table_conditions import created_matching  # noqa: PLC0415

            return created_matching(tickets.columns, where)
        return sorted(
            to_us(t.created_at, "created_at") for t in tickets if matches(where, t)
        )

    def _build_tickets(self) -> Any:
        tickets = self.data.tickets
        if isinstance(tickets, TicketTable):
            return self._build_ticket_columns(tickets)
        stamps: list[int] = []
        rows: list[CycleOutcome] = []
        details: list[tuple[object, int, int, int | None, int, int]] = []
        stops: list[int] = []
        stopped: list[CycleStop] = []
        policies = self.agreement.policies
        for ticket in tickets:
            policy = select_policy(policies, ticket)
            if policy is None:
                continue
            measurement = policy.measure(ticket, self.now)
            priority = measurement.priority
            for metric, statuses in measurement.cycles:
                for cycle, status in enumerate(statuses):
                    if status.state is _STOPPED and status.stopped_at is not None:
                        stops.append(to_us(status.stopped_at, "at"))
                        elapsed = duration_us(status.elapsed, "elapsed")
                        stopped.append(
                            CycleStop(metric, priority, policy.name, elapsed)
                        )
                    if status.breached_at is not None:
                        at, met = status.breached_at, False
                    elif status.state is _STOPPED and status.stopped_at is not None:
                        at, met = status.stopped_at, True
                    else:
                        continue
                    stamps.append(to_us(at, "at"))
                    rows.append(CycleOutcome(metric, priority, policy.name, met))
                    details.append(_detail(ticket.id, cycle, status))
        order = sorted(range(len(rows)), key=stamps.__getitem__)
        decided = [stamps[i] for i in order], [rows[i] for i in order]
        self._details = [details[i] for i in order]
        return decided, _sorted_rows(stops, stopped)

    def _build_ticket_columns(self, tickets: TicketTable) -> CycleTables:
        from ._frames_kinds import numpy  # noqa: PLC0415 - tables bring numpy
        from ._table_measure import measure_parts  # noqa: PLC0415

        np = numpy()
        policies = self.agreement.policies
        parts = measure_parts(
            np,
            policies,
            tickets.columns,
            now_us=self.now_us,
            metrics=_metrics_read(self.agreement),
        )
        found = CycleTables(np, parts, [p.name for p in policies], self.bounds)
        self._found = found.breached
        return found

    def missed(self, measure: TicketAttainment, lo: int, hi: int) -> BreachBlock:
        """The cycles `measure` counts as missed in ``[lo, hi)``."""
        built = self._tickets()
        if isinstance(built, CycleTables):
            window = built.decided.window(lo, hi)
            keep = window.select(measure.metric, measure.priorities, measure.policy)
            keep &= ~window.value
            missed = window.row[keep]
            return _missed_block(self._found, missed)
        (stamps, rows), _ = built
        a, b = bisect_left(stamps, lo), bisect_left(stamps, hi)
        window = rows[a:b]
        return BreachBlock.of_rows(
            (
                ticket_id,
                row.policy,
                row.metric.value,
                cycle,
                row.priority,
                started,
                stamp,
                stopped,
                target,
                elapsed,
            )
            for stamp, row, (
                ticket_id,
                cycle,
                started,
                stopped,
                target,
                elapsed,
            ) in zip(stamps[a:b], window, self._details[a:b], strict=True)
            if not row.met and keeps(measure, row)
        )

    # -- the other inputs, sorted by their instant -------------------------------------

    def contacts(self) -> tuple[list[int], list[Any]]:
        def build() -> tuple[list[int], list[Any]]:
            stamps = []
            for index, contact in enumerate(self.data.contacts):
                if contact.at is None:
                    msg = (
                        f"contacts[{index}] has no 'at': a service level objective "
                        "needs to know which period each contact was offered in"
                    )
                    raise DataError(msg, field=f"contacts[{index}].at", index=index)
                stamps.append(to_us(contact.at, f"contacts[{index}].at"))
            return _sorted_by(stamps, self.data.contacts)

        return self._get("contacts", build)  # type: ignore[no-any-return]

    def responses(self) -> tuple[list[int], list[Any]]:
        def build() -> tuple[list[int], list[Any]]:
            stamps = [
                to_us(r.at, f"responses[{i}].at")
                for i, r in enumerate(self.data.responses)
            ]
            return _sorted_by(stamps, self.data.responses)

        return self._get("responses", build)  # type: ignore[no-any-return]

    def records(self) -> tuple[list[int], list[Any]]:
        def build() -> tuple[list[int], list[Any]]:
            stamps = [
                to_us(r["at"], f"records[{i}].at")
                for i, r in enumerate(self.data.records)
            ]
            return _sorted_by(stamps, self.data.records)

        return self._get("records", build)  # type: ignore[no-any-return]

    def outages(self, service: str) -> list[tuple[int, int, Outage]]:
        def build() -> list[tuple[int, int, Outage]]:
            found = [
                (to_us(o.start, "start"), to_us(o.end, "end"), o)
                for o in self.data.outages
                if o.service == service
            ]
            return sorted(found, key=lambda item: (item[0], item[1]))

        return self._get(f"outages:{service}", build)  # type: ignore[no-any-return]


def _detail(
    ticket_id: object, cycle: int, status: TimerStatus
) -> tuple[object, int, int, int | None, int, int]:
    """What a breach row tells of a cycle beyond its outcome."""
    assert status.started_at is not None  # noqa: S101 - a decided cycle started
    started = to_us(status.started_at, "started_at")
    stopped = None if status.stopped_at is None else to_us(status.stopped_at, "at")
    elapsed = duration_us(status.elapsed, "elapsed")
    target = duration_us(status.elapsed + status.remaining, "target")
    return ticket_id, cycle, started, stopped, target, elapsed


def _missed_block(found: dict[str, Any], rows: Any) -> BreachBlock:
    """The missed cycles of the measured table's `rows` (NaT stays `RUNNING`)."""

    def text(name: str) -> tuple[Any, ...]:
        return tuple(found[name][rows].tolist())

    def ints(name: str) -> array[int]:
        return array("q", found[name][rows].astype("int64", copy=False).tobytes())

    return BreachBlock(
        text("ticket_id"),
        text("policy"),
        text("metric"),
        ints("cycle"),
        text("priority"),
        ints("started_at"),
        ints("breached_at"),
        ints("stopped_at"),
        ints("target"),
        ints("elapsed"),
    )


def _window(
    stamps: Sequence[int], items: Sequence[_T], lo: int, hi: int
) -> Sequence[_T]:
    return items[bisect_left(stamps, lo) : bisect_left(stamps, hi)]


class _Bounds:
    """One period's bounds and `now`, as `from_partial` reads them (`PeriodBounds`)."""

    __slots__ = ("end", "end_us", "now", "now_us", "start", "start_us", "tz")

    def __init__(
        self,
        start: datetime,
        end: datetime,
        now: datetime,
        *,
        tz: tzinfo,
        lo: int,
        hi: int,
    ) -> None:
        self.start, self.end, self.now, self.tz = start, end, now, tz
        self.start_us, self.end_us = lo, hi
        self.now_us = to_us(now, "now")


class _Period:
    """One period of the index, as measures read it (see `PeriodData`)."""

    __slots__ = ("_index", "end", "end_us", "start", "start_us")

    def __init__(
        self, index: _Index, start: datetime, end: datetime, lo: int, hi: int
    ) -> None:
        self._index = index
        self.start, self.end = start, end
        self.start_us, self.end_us = lo, hi

    @property
    def now(self) -> datetime:
        return self._index.now

    @property
    def now_us(self) -> int:
        return self._index.now_us

    @property
    def tz(self) -> tzinfo:
        return self._index.agreement.tz

    def _seen(self) -> int:
        """The end of what counts: the period's end, or just after `now`."""
        return min(self.end_us, self._index.now_us + 1)

    def cycles_decided(self) -> Sequence[CycleOutcome]:
        return self._index.decided(self.start_us, self.end_us)

    def cycles_stopped(self) -> Sequence[CycleStop]:
        return self._index.stopped(self.start_us, self.end_us)

    def group_holds_decided(self) -> Sequence[GroupOutcome]:
        return self._index.group_decided(self.start_us, self.end_us)

    def tickets_created(self, where: ConditionLike | None) -> int:
        return self._index.created(where, self.start_us, self._seen())

    def outages(self, service: str) -> Sequence[Outage]:
        lo, hi = self.start_us, self.end_us
        return [o for s, e, o in self._index.outages(service) if s < hi and e > lo]

    def contacts(self, service: str | None) -> Sequence[Contact]:
        stamps, items = self._index.contacts()
        return [
            contact
            for _, contact in _window(stamps, items, self.start_us, self._seen())
            if service is None or contact.service == service
        ]

    def responses(self, service: str | None) -> Sequence[tuple[int, Response]]:
        stamps, items = self._index.responses()
        return [
            (i, r)
            for i, r in _window(stamps, items, self.start_us, self._seen())
            if service is None or r.service == service
        ]

    def records(
        self, where: ConditionLike | None
    ) -> Sequence[tuple[int, Mapping[str, Any]]]:
        stamps, items = self._index.records()
        found = _window(stamps, items, self.start_us, self._seen())
        if where is None:
            return found
        return [(i, r) for i, r in found if matches_fields(where, r)]


def tally_range(
    agreement: Agreement,
    data: Dataset,
    periods: tuple[tuple[datetime, datetime], ...],
    now: datetime | None,
    *,
    breaches: bool,
) -> Tally:
    """The tally of `periods` (consecutive), with every earlier period's too.

    A measure that cannot tally gives its whole outcome (`Whole`), so that
    `Agreement.evaluate` serves every measure; `Agreement.tally` refuses such
    measures first. All decimal arithmetic runs in slacore's own context.
    """
    check_contract_year(agreement, periods[-1][0])
    with in_context():
        return _tally_range(agreement, data, periods, now, breaches=breaches)


def _tally_range(
    agreement: Agreement,
    data: Dataset,
    periods: tuple[tuple[datetime, datetime], ...],
    now: datetime | None,
    *,
    breaches: bool,
) -> Tally:
    if now is None:
        now = periods[-1][1]
    require_aware(now, "now")
    first = periods[0][0]
    history = agreement.periods(agreement.effective_from, first)
    # The periods, cut where an amendment takes effect inside one: each piece is
    # measured under its own version (without amendments, the pieces are them).
    pieces = pieces_of(agreement, history + periods)
    earlier = sum(1 for piece in pieces if piece.period < len(history))
    counted = workload_objectives(pieces)
    bounds = [piece.lo for piece in pieces]
    bounds.append(pieces[-1].hi)
    index = _Index(agreement, data, now, bounds)
    since_us = None if data.since is None else to_us(data.since, "since")
    parts: list[tuple[object, ...] | None] = []
    missed: list[PeriodBreaches] = []
    for position, piece in enumerate(pieces):
        lo, hi = piece.lo, piece.hi
        objectives = piece.version.objectives
        reported = position >= earlier
        if (since_us is not None and hi <= since_us) or lo > index.now_us:
            parts.append(None)
            if reported:
                missed.append(tuple(MissedCycles() for _ in objectives))
            continue
        period = _Period(index, piece.start, piece.end, lo, hi)
        measured = (*objectives, *counted[piece.period])
        parts.append(tuple(partial_of(o, period) for o in measured))
        if reported and breaches:
            missed.append(_missed(objectives, index, lo, hi))
    return Tally(
        agreement=agreement.name,
        fingerprint=agreement.fingerprint,
        start=first,
        end=periods[-1][1],
        now=now,
        since=data.since,
        earlier=earlier,
        parts=parts,
        breaches=missed if breaches else None,
    )


def _missed(
    objectives: Sequence[Objective], index: _Index, lo: int, hi: int
) -> PeriodBreaches:
    """The cycles each ticket-attainment objective missed in ``[lo, hi)``."""
    return tuple(
        MissedCycles((index.missed(o.measure, lo, hi),))
        if isinstance(o.measure, TicketAttainment)
        else MissedCycles()
        for o in objectives
    )


def report_range(agreement: Agreement, tally: Tally) -> tuple[Report, ...]:
    """The reports of the periods a tally of `agreement` holds.

    Raises:
        TallyError: If another agreement (or another version of this one) made
            the tally, or its periods are not this agreement's.
    """
    if tally.fingerprint != agreement.fingerprint:
        msg = f"agreement {agreement.name!r} cannot report a tally made by " + (
            f"agreement {tally.agreement!r}"
            if tally.agreement != agreement.name
            else "another version of it (objectives, policies or terms differ)"
        )
        raise TallyError(msg, field="agreement")
    periods = agreement.periods(tally.start, tally.end)
    history = agreement.periods(agreement.effective_from, tally.start)
    pieces = pieces_of(agreement, history + periods)
    earlier = sum(1 for piece in pieces if piece.period < len(history))
    if earlier != tally.earlier or len(pieces) != len(tally.parts):
        msg = (
            f"the tally's periods from {tally.start.isoformat()} to "
            f"{tally.end.isoformat()} are not agreement {agreement.name!r}'s"
        )
        raise TallyError(msg, field="periods")
    check_contract_year(agreement, periods[-1][0])
    with in_context():
        return _report_range(agreement, tally, history + periods, pieces, earlier)


def _report_range(
    agreement: Agreement,
    tally: Tally,
    everything: tuple[tuple[datetime, datetime], ...],
    pieces: Sequence[Piece],
    earlier: int,
) -> tuple[Report, ...]:
    now = tally.now
    terms = Terms(agreement)
    reports = []
    by_period: list[list[int]] = [[] for _ in everything]
    for position, piece in enumerate(pieces):
        by_period[piece.period].append(position)
    counted = workload_objectives(pieces)
    for number, ((start, end), positions) in enumerate(
        zip(everything, by_period, strict=True)
    ):
        measured = []
        missed: list[tuple[str, MissedCycles]] = []
        workload = _workload_of(agreement, pieces, tally, positions, counted[number])
        for position in positions:
            piece, parts = pieces[position], tally.parts[position]
            piece, signed = in_band(piece, workload)
            objectives = piece.version.objectives
            found: Sequence[Outcome] = [UNMEASURED for _ in objectives]
            if parts is not None:
                bounds = _Bounds(
                    piece.start,
                    piece.end,
                    now,
                    tz=agreement.tz,
                    lo=piece.lo,
                    hi=piece.hi,
                )
                found = [
                    outcome_of(o, part, bounds)
                    for o, part in zip(
                        objectives, parts[: len(objectives)], strict=True
                    )
                ]
                if position >= earlier and tally.breaches is not None:
                    missed += zip(
                        (o.name for o in objectives),
                        tally.breaches[position - earlier],
                        strict=True,
                    )
            outcomes = measured_in_band(objectives, found, workload, signed)
            measured.append((piece, outcomes))
        report = terms.apply(start, end, measured, now, workload)
        if positions[0] >= earlier:
            if any(len(cycles) for _, cycles in missed):
                report = attrs.evolve(report, breaches=BreachList.gather(missed))
            reports.append(report)
    return tuple(reports)


def _workload_of(
    agreement: Agreement,
    pieces: Sequence[Piece],
    tally: Tally,
    positions: Sequence[int],
    counted: tuple[Objective, ...],
) -> WorkloadResult | None:
    """The period's volume against its workload (None without one, or unmeasured).

    The workload's partial is the last of each piece's; the period's pieces add up.
    """
    if not counted:
        return None
    found = [tally.parts[p] for p in positions if tally.parts[p] is not None]
    if not found:
        return None
    total = functools.reduce(operator.add, (parts[-1] for parts in found))  # type: ignore[index]
    first, last = pieces[positions[0]], pieces[positions[-1]]
    bounds = _Bounds(
        first.start, last.end, tally.now, tz=agreement.tz, lo=first.lo, hi=last.hi
    )
    return workload_result(last.version, outcome_of(counted[0], total, bounds))
