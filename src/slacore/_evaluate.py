# Evaluating an agreement: measure each period, then apply the credit terms.

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ._conditions import matches
from ._credits import BreachCountCredit, RepeatedMissCredit
from ._decimal import HUNDRED, ZERO, divide, multiply, quantize, to_decimal
from ._measures import (
    AbandonRate,
    Availability,
    AverageScore,
    AverageWait,
    Deadline,
    MeanTime,
    NetPromoterScore,
    Ratio,
    ServiceLevel,
    TicketAttainment,
    Volume,
)
from ._policy import select_policy
from ._report import EarnBack, ObjectiveResult, Report
from ._service_levels import burn_rate, error_budget, service_level_counts, uptime_us
from ._time import duration_us, from_us, require_aware, to_us
from ._timer import TimerState
from .exceptions import DataError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from ._agreement import Agreement, Objective
    from ._records import Dataset, Outage
    from ._service_levels import ErrorBudget

_STOPPED: Final = TimerState.STOPPED


@attrs.frozen
class _Outcome:
    """What one objective showed in one period, before any credit terms."""

    value: Decimal | None
    met: bool | None
    count: int
    good: int
    breaches: int
    error_budget: ErrorBudget | None = None
    burn_rate: Decimal | None = None


_UNMEASURED: Final = _Outcome(None, None, 0, 0, 0)


class _RecordView:
    """A record seen by conditions: its keys are fields, its `priority` key too."""

    __slots__ = ("fields",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = fields

    @property
    def priority(self) -> Any:
        return self.fields.get("priority")


def _sorted_rows(stamps: list[int], rows: list[Any]) -> tuple[list[int], list[Any]]:
    order = sorted(range(len(rows)), key=stamps.__getitem__)
    return [stamps[i] for i in order], [rows[i] for i in order]


def _sorted_by(stamps: list[int], items: Sequence[Any]) -> tuple[list[int], list[Any]]:
    """Items with their input index, in the order of their instants."""
    return _sorted_rows(stamps, list(enumerate(items)))


class _Index:
    """The dataset read once: every item sorted by the instant it counts at."""

    def __init__(self, agreement: Agreement, data: Dataset, now: datetime) -> None:
        self.agreement = agreement
        self.data = data
        self.now = now
        self.now_us = to_us(now, "now")
        self._cache: dict[str, Any] = {}

    def _get(self, key: str, build: Any) -> Any:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = build()
        return found

    # -- tickets: each measured once, at now -------------------------------------------

    def ticket_outcomes(self) -> tuple[list[int], list[tuple[Any, str, str, bool]]]:
        """Cycles by their outcome instant: (metric, priority, policy, met)."""
        return self._tickets()[0]  # type: ignore[no-any-return]

    def ticket_stops(self) -> tuple[list[int], list[tuple[Any, str, str, int]]]:
        """Stopped cycles by their stop instant: (metric, priority, policy, elapsed)."""
        return self._tickets()[1]  # type: ignore[no-any-return]

    def _tickets(self) -> Any:
        return self._get("tickets", self._build_tickets)

    def _build_tickets(self) -> Any:
        stamps: list[int] = []
        rows: list[tuple[Any, str, str, bool]] = []
        stops: list[int] = []
        stopped: list[tuple[Any, str, str, int]] = []
        policies = self.agreement.policies
        for ticket in self.data.tickets:
            policy = select_policy(policies, ticket)
            if policy is None:
                continue
            measurement = policy.measure(ticket, self.now)
            priority = measurement.priority
            for metric, statuses in measurement.cycles:
                for status in statuses:
                    if status.state is _STOPPED and status.stopped_at is not None:
                        stops.append(to_us(status.stopped_at, "at"))
                        elapsed = duration_us(status.elapsed, "elapsed")
                        stopped.append((metric, priority, policy.name, elapsed))
                    if status.breached_at is not None:
                        at, met = status.breached_at, False
                    elif status.state is _STOPPED and status.stopped_at is not None:
                        at, met = status.stopped_at, True
                    else:
                        continue
                    stamps.append(to_us(at, "at"))
                    rows.append((metric, priority, policy.name, met))
        return _sorted_rows(stamps, rows), _sorted_rows(stops, stopped)

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


def _window(stamps: list[int], items: list[Any], lo: int, hi: int) -> list[Any]:
    return items[bisect_left(stamps, lo) : bisect_left(stamps, hi)]


# -- one objective, one period -------------------------------------------------------


def _outcome(objective: Objective, index: _Index, lo: int, hi: int) -> _Outcome:
    measure = objective.measure
    rule: Any = _RULES[type(measure)]
    return rule(objective, measure, index, lo, hi)  # type: ignore[no-any-return]


def _ratio(objective: Objective, good: int, count: int, breaches: int) -> _Outcome:
    if count == 0:
        return _Outcome(None, None, 0, 0, breaches)
    value = divide(multiply(good, HUNDRED), count)
    return _Outcome(value, objective.is_met(value), count, good, breaches)


def _cycles(
    measure: TicketAttainment | MeanTime,
    table: tuple[list[int], list[tuple[Any, str, str, Any]]],
    lo: int,
    hi: int,
) -> Iterator[Any]:
    """The last field of each row in ``[lo, hi)`` the measure's filters keep."""
    stamps, rows = table
    priorities = measure.priorities
    for metric, priority, policy, last in _window(stamps, rows, lo, hi):
        if metric is not measure.metric:
            continue
        if priorities is not None and priority not in priorities:
            continue
        if measure.policy is not None and policy != measure.policy:
            continue
        yield last


def _attainment(
    objective: Objective, measure: TicketAttainment, index: _Index, lo: int, hi: int
) -> _Outcome:
    good = count = 0
    for met in _cycles(measure, index.ticket_outcomes(), lo, hi):
        count += 1
        good += met
    return _ratio(objective, good, count, count - good)


def _availability(
    objective: Objective, measure: Availability, index: _Index, lo: int, hi: int
) -> _Outcome:
    # Only the part of the period that has happened by `now` is measured.
    cut = min(hi, index.now_us)
    found = [o for s, e, o in index.outages(measure.service) if s < hi and e > lo]
    planned = [
        (to_us(o.start, "start"), to_us(o.end, "end")) for o in found if o.planned
    ]
    down = []
    outages = 0
    for outage in found:
        if outage.planned:
            continue
        span = (to_us(outage.start, "start"), to_us(outage.end, "end"))
        down.append(span)
        # An outage counts (for breach counts) if it cost measured time.
        outages += uptime_us(lo, cut, [span], measure.calendar, planned)[1] > 0
    measured, downtime = uptime_us(lo, cut, down, measure.calendar, planned)
    if measured == 0:
        return _Outcome(None, None, outages, 0, outages)
    value = divide(multiply(measured - downtime, HUNDRED), measured)
    tz = index.agreement.tz
    start, end = from_us(lo, tz), from_us(hi, tz)
    as_of = min(index.now_us, hi)
    budget = error_budget(
        objective.goal,
        start,
        end,
        found,
        calendar=measure.calendar,
        now=from_us(max(as_of, lo), tz),
    )
    rate = None
    if lo < index.now_us <= hi and objective.goal < HUNDRED:
        rate = burn_rate(
            objective.goal,
            from_us(index.now_us, tz),
            measure.burn_window,
            found,
            calendar=measure.calendar,
        )
    met = objective.is_met(value)
    return _Outcome(value, met, outages, 0, outages, budget, rate)


def _service_level(
    objective: Objective, measure: ServiceLevel, index: _Index, lo: int, hi: int
) -> _Outcome:
    contacts = _contacts(measure.service, index, lo, hi)
    good, counted = service_level_counts(
        contacts, measure.threshold, measure.abandoned, measure.short_abandon
    )
    return _ratio(objective, good, counted, counted - good)


def _responses(service: str | None, index: _Index, lo: int, hi: int) -> list[Any]:
    stamps, items = index.responses()
    return [
        (i, r)
        for i, r in _window(stamps, items, lo, min(hi, index.now_us + 1))
        if service is None or r.service == service
    ]


def _nps(
    objective: Objective, measure: NetPromoterScore, index: _Index, lo: int, hi: int
) -> _Outcome:
    promoters = detractors = count = 0
    for i, response in _responses(measure.service, index, lo, hi):
        score = response.score
        if score != score.to_integral_value() or not 0 <= score <= 10:
            msg = (
                f"responses[{i}].score must be an integer from 0 to 10 for a net "
                f"promoter score, got {score}"
            )
            raise DataError(msg, field=f"responses[{i}].score", index=i)
        count += 1
        promoters += score >= 9
        detractors += score <= 6
    if count == 0:
        return _UNMEASURED
    value = divide(multiply(promoters - detractors, HUNDRED), count)
    return _Outcome(value, objective.is_met(value), count, promoters, detractors)


def _average(
    objective: Objective, measure: AverageScore, index: _Index, lo: int, hi: int
) -> _Outcome:
    total = ZERO
    count = wrong = 0
    for i, response in _responses(measure.service, index, lo, hi):
        if measure.field == "score":
            score = response.score
        else:
            raw = response.fields.get(measure.field)
            if raw is None:
                continue
            where = f"responses[{i}].fields[{measure.field!r}]"
            score = to_decimal(raw, where, allow_float=True)
        count += 1
        total += score
        wrong += not objective.is_met(score)
    if count == 0:
        return _UNMEASURED
    value = divide(total, count)
    return _Outcome(value, objective.is_met(value), count, count - wrong, wrong)


def _records(where: Any, index: _Index, lo: int, hi: int) -> list[Any]:
    stamps, items = index.records()
    found = _window(stamps, items, lo, min(hi, index.now_us + 1))
    if where is None:
        return found
    return [(i, r) for i, r in found if matches(where, _RecordView(r))]  # type: ignore[arg-type]


def _volume(
    objective: Objective, measure: Volume, index: _Index, lo: int, hi: int
) -> _Outcome:
    records = _records(measure.where, index, lo, hi)
    if measure.aggregate == "count":
        value = Decimal(len(records))
    else:
        field = measure.field
        assert field is not None  # noqa: S101 - checked on construction
        value = ZERO
        for i, record in records:
            if record.get(field) is None:
                msg = f"records[{i}] has no {field!r} to sum"
                raise DataError(msg, field=f"records[{i}].{field}", index=i)
            value += to_decimal(
                record[field], f"records[{i}].{field}", allow_float=True
            )
    met = objective.is_met(value)
    return _Outcome(value, met, len(records), len(records), 0 if met else 1)


def _deadline(
    objective: Objective, measure: Deadline, index: _Index, lo: int, hi: int
) -> _Outcome:
    good = count = 0
    calendar = measure.calendar
    for i, record in _records(measure.where, index, lo, hi):
        due = to_us(calendar.add(record["at"], measure.within), "due")
        done = record.get(measure.field)
        done_us = None
        if done is not None:
            done_us = to_us(require_aware(done, f"records[{i}].{measure.field}"), "x")
            if done_us > index.now_us:  # done after now: not known yet
                done_us = None
        if done_us is None:
            count += index.now_us > due  # late once the deadline has passed
            continue
        count += 1
        good += done_us <= due
    return _ratio(objective, good, count, count - good)


def _mean_time(
    objective: Objective, measure: MeanTime, index: _Index, lo: int, hi: int
) -> _Outcome:
    total = count = wrong = 0
    for elapsed in _cycles(measure, index.ticket_stops(), lo, hi):
        count += 1
        total += elapsed
        wrong += not objective.is_met(Decimal(elapsed).scaleb(-6))
    return _mean(objective, total, count, wrong)


def _mean(objective: Objective, total_us: int, count: int, wrong: int) -> _Outcome:
    """The mean of `count` durations adding up to `total_us`, in seconds."""
    if count == 0:
        return _UNMEASURED
    value = divide(total_us, count).scaleb(-6)
    return _Outcome(value, objective.is_met(value), count, count - wrong, wrong)


def _contacts(service: str | None, index: _Index, lo: int, hi: int) -> list[Any]:
    stamps, items = index.contacts()
    return [
        contact
        for _, contact in _window(stamps, items, lo, min(hi, index.now_us + 1))
        if service is None or contact.service == service
    ]


def _abandon_rate(
    objective: Objective, measure: AbandonRate, index: _Index, lo: int, hi: int
) -> _Outcome:
    short = measure.short_abandon
    abandoned = count = 0
    for contact in _contacts(measure.service, index, lo, hi):
        if not contact.answered:
            if short is not None and contact.wait <= short:
                continue
            abandoned += 1
        count += 1
    if count == 0:
        return _UNMEASURED
    value = divide(multiply(abandoned, HUNDRED), count)
    return _Outcome(value, objective.is_met(value), count, count - abandoned, abandoned)


def _average_wait(
    objective: Objective, measure: AverageWait, index: _Index, lo: int, hi: int
) -> _Outcome:
    total = count = wrong = 0
    for contact in _contacts(measure.service, index, lo, hi):
        if not contact.answered:
            continue
        wait = duration_us(contact.wait, "wait")
        count += 1
        total += wait
        wrong += not objective.is_met(Decimal(wait).scaleb(-6))
    return _mean(objective, total, count, wrong)


def _ratio_of_records(
    objective: Objective, measure: Ratio, index: _Index, lo: int, hi: int
) -> _Outcome:
    records = _records(measure.where, index, lo, hi)
    good = 0
    for _, record in records:
        good += matches(measure.good, _RecordView(record))  # type: ignore[arg-type]
    return _ratio(objective, good, len(records), len(records) - good)


_RULES: Final[dict[type, Any]] = {
    TicketAttainment: _attainment,
    Availability: _availability,
    ServiceLevel: _service_level,
    NetPromoterScore: _nps,
    AverageScore: _average,
    Volume: _volume,
    Deadline: _deadline,
    MeanTime: _mean_time,
    AbandonRate: _abandon_rate,
    AverageWait: _average_wait,
    Ratio: _ratio_of_records,
}


# -- the credit terms, period after period --------------------------------------------


def _add_span(t: datetime, span: relativedelta | timedelta, tz: Any) -> datetime:
    """`t` plus `span`: a timedelta in real time, a relativedelta on the wall clock."""
    if isinstance(span, timedelta):
        return from_us(to_us(t, "t") + duration_us(span, "span"), tz)
    wall = t.astimezone(tz).replace(tzinfo=None) + span
    return from_us(to_us(wall.replace(tzinfo=tz, fold=0), "wall"), tz)


class _Terms:
    """The running state of the credit terms across periods."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        count = len(agreement.objectives)
        self.met: list[list[bool | None]] = [[] for _ in range(count)]
        self.paid: list[list[Decimal]] = [[] for _ in range(count)]
        self.run: list[datetime] = []
        self.starts: list[datetime] = []
        # The same for every period: worked out once.
        self.provider = _only_provider(agreement)
        self.recipients = _recipients(agreement, "report")
        self.escalation = _recipients(agreement, "escalation")
        self.year_paid = ZERO
        self.anniversary = 0
        self.next_year_us = self._anniversary(1)

    def _anniversary(self, years: int) -> int:
        agreement = self.agreement
        start = _add_span(
            agreement.effective_from, relativedelta(years=years), agreement.tz
        )
        return to_us(start, "anniversary")

    def apply(
        self,
        start: datetime,
        end: datetime,
        outcomes: list[_Outcome],
        now: datetime,
    ) -> Report:
        agreement = self.agreement
        fee = agreement.fee
        start_us = to_us(start, "start")
        while start_us >= self.next_year_us:  # a new contract year
            self.anniversary += 1
            self.next_year_us = self._anniversary(self.anniversary + 1)
            self.year_paid = ZERO
        own: list[Decimal] = []
        windows: list[int | None] = []
        for i, (objective, outcome) in enumerate(
            zip(agreement.objectives, outcomes, strict=True)
        ):
            self.met[i].append(outcome.met)
            percent, window = self._own_percent(i, objective, outcome)
            own.append(percent)
            windows.append(window)
        uncapped = sum(own, ZERO)
        total, capped_by = uncapped, None
        if agreement.at_risk is not None and total > agreement.at_risk:
            total, capped_by = agreement.at_risk, "at_risk"
        amount = None
        if fee is not None:
            amount = multiply(fee, total).scaleb(-2)
            minimum = agreement.minimum_credit
            if minimum is not None and ZERO < amount < minimum:
                amount, capped_by = ZERO, "minimum"
            cap = agreement.yearly_cap
            if cap is not None and amount > cap - self.year_paid:
                amount, capped_by = max(cap - self.year_paid, ZERO), "yearly_cap"
            self.year_paid += amount
            if capped_by in {"minimum", "yearly_cap"}:
                total = divide(amount.scaleb(2), fee)
        scale = divide(total, uncapped) if uncapped else ZERO
        results = []
        for i, (objective, outcome) in enumerate(
            zip(agreement.objectives, outcomes, strict=True)
        ):
            paid = multiply(own[i], scale)
            self.paid[i].append(paid)
            results.append(
                ObjectiveResult(
                    objective=objective.name,
                    measure=objective.measure.kind,
                    provider=objective.provider or self.provider,
                    value=outcome.value,
                    goal=objective.goal,
                    direction=objective.direction,
                    met=outcome.met,
                    count=outcome.count,
                    good=outcome.good,
                    breaches=outcome.breaches,
                    credit_percent=own[i],
                    credit_amount=_amount(fee, own[i]),
                    paid_percent=paid,
                    paid_amount=_amount(fee, paid),
                    missed_in_window=windows[i],
                    error_budget=outcome.error_budget,
                    burn_rate=outcome.burn_rate,
                )
            )
        earned = self._earned_back()
        credit_amount = None if amount is None else quantize(amount, 2)
        earned_amount = None
        net = None
        if fee is not None:
            returned = (multiply(fee, item.percent).scaleb(-2) for item in earned)
            earned_amount = quantize(sum(returned, ZERO), 2)
            net = (credit_amount or ZERO) - earned_amount
        terminable, run = self._termination(start, outcomes)
        review = agreement.next_review(from_us(to_us(start, "start") - 1, agreement.tz))
        claim = agreement.claim_window
        return Report(
            agreement=agreement.name,
            kind=agreement.kind.value,
            period_start=start,
            period_end=end,
            now=now,
            results=tuple(results),
            fee=fee,
            uncapped_percent=uncapped,
            credit_percent=total,
            credit_amount=credit_amount,
            capped_by=capped_by,
            earned_back=earned,
            earned_back_amount=earned_amount,
            net_credit_amount=net,
            year_credit_amount=None if fee is None else quantize(self.year_paid, 2),
            terminable=terminable,
            missed_run=run,
            next_review=review,
            review_due=review is not None and review < end,
            claim_deadline=None
            if claim is None
            else _add_span(end, claim, agreement.tz),
            recipients=self.recipients,
            escalation=self.escalation,
        )

    def _own_percent(
        self, i: int, objective: Objective, outcome: _Outcome
    ) -> tuple[Decimal, int | None]:
        credit = objective.credit
        window = None
        if credit is None:
            base = HUNDRED if outcome.met is False else ZERO
        elif isinstance(credit, BreachCountCredit):
            base = credit.percent_for(outcome.breaches)
        elif isinstance(credit, RepeatedMissCredit):
            recent = self.met[i][-credit.within :]
            window = sum(1 for met in recent if met is False)
            base = credit.percent_for(window if outcome.met is False else 0)
        elif outcome.value is None:
            base = ZERO
        else:
            base = credit.percent_for(outcome.value)
        if objective.allocation is None:
            return (base if credit is not None else ZERO), window
        at_risk = self.agreement.at_risk
        assert at_risk is not None  # noqa: S101 - checked on construction
        share = divide(multiply(at_risk, objective.allocation), HUNDRED)
        return divide(multiply(share, base), HUNDRED), window

    def _earned_back(self) -> tuple[EarnBack, ...]:
        periods = self.agreement.earn_back
        if periods is None:
            return ()
        found = []
        for i, objective in enumerate(self.agreement.objectives):
            history = self.paid[i]
            if len(history) <= periods:
                continue
            credit = history[-periods - 1]
            if credit > 0 and all(met is True for met in self.met[i][-periods:]):
                start = self.starts[-periods - 1]
                found.append(
                    EarnBack(
                        objective.name,
                        start,
                        credit,
                        _amount(self.agreement.fee, credit),
                    )
                )
        return tuple(found)

    def _termination(
        self, start: datetime, outcomes: list[_Outcome]
    ) -> tuple[bool, tuple[datetime, ...]]:
        rule = self.agreement.termination
        if rule is None:
            return False, ()
        names = rule.objectives
        missed = any(
            outcome.met is False
            for objective, outcome in zip(
                self.agreement.objectives, outcomes, strict=True
            )
            if names is None or objective.name in names
        )
        if missed:
            self.run.append(start)
            self.run = self.run[-rule.consecutive_misses :]
        else:
            self.run = []
        return len(self.run) >= rule.consecutive_misses, tuple(self.run)


def _amount(fee: Decimal | None, percent: Decimal) -> Decimal | None:
    if fee is None:
        return None
    return quantize(multiply(fee, percent).scaleb(-2), 2)


def _only_provider(agreement: Agreement) -> str | None:
    providers = agreement.providers
    return providers[0].name if len(providers) == 1 else None


def _recipients(agreement: Agreement, kind: str) -> tuple[str, ...]:
    named = tuple(
        duty.party for duty in agreement.responsibilities if duty.kind.value == kind
    )
    if named or kind != "report":
        return tuple(dict.fromkeys(named))
    return tuple(party.name for party in agreement.customers)


def evaluate_range(
    agreement: Agreement,
    data: Dataset,
    periods: tuple[tuple[datetime, datetime], ...],
    now: datetime | None,
) -> tuple[Report, ...]:
    """The reports of `periods` (consecutive), measured with all earlier history."""
    if now is None:
        now = periods[-1][1]
    require_aware(now, "now")
    first = periods[0][0]
    history = agreement.periods(agreement.effective_from, first)
    index = _Index(agreement, data, now)
    terms = _Terms(agreement)
    since_us = None if data.since is None else to_us(data.since, "since")
    reports = []
    for position, (start, end) in enumerate(history + periods):
        lo, hi = to_us(start, "start"), to_us(end, "end")
        if (since_us is not None and hi <= since_us) or lo > index.now_us:
            outcomes = [_UNMEASURED for _ in agreement.objectives]
        else:
            outcomes = [_outcome(o, index, lo, hi) for o in agreement.objectives]
        terms.starts.append(start)
        report = terms.apply(start, end, outcomes, now)
        if position >= len(history):
            reports.append(report)
    return tuple(reports)
