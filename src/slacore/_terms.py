# Credit terms: what each period's outcomes cost, after caps, minimums, the yearly
# cap and earn-back, and whether the customer may terminate. Applied once per period
# in order, on outcomes however they were measured.

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, final

import attrs
from dateutil.relativedelta import relativedelta

from ._credits import BreachCountCredit, RepeatedMissCredit
from ._decimal import HUNDRED, ZERO, divide, multiply, quantize
from ._instants import wall_instant
from ._report import EarnBack, ObjectiveResult, Report
from ._time import duration_us, from_us, to_us
from .exceptions import CalendarError

if TYPE_CHECKING:
    from decimal import Decimal

    from ._agreement import Agreement
    from ._measures import Outcome
    from ._objective import Objective
    from ._service_levels import ErrorBudget


@final
@attrs.frozen
class Measured:
    """An objective's outcome in one period, with whether it met the goal."""

    value: Decimal | None
    met: bool | None
    count: int
    good: int
    breaches: int
    error_budget: ErrorBudget | None
    burn_rate: Decimal | None

    @classmethod
    def of(cls, objective: Objective, outcome: Outcome) -> Measured:
        """Compare `outcome` with the objective's goal."""
        value = outcome.value
        return cls(
            value,
            None if value is None else objective.is_met(value),
            outcome.count,
            outcome.good,
            outcome.breaches,
            outcome.error_budget,
            outcome.burn_rate,
        )


def add_length(t: datetime, span: relativedelta | timedelta, tz: Any) -> datetime:
    """`t` plus `span`: a timedelta in real time, a relativedelta on the wall clock."""
    if isinstance(span, timedelta):
        return from_us(to_us(t, "t") + duration_us(span, "span"), tz)
    return wall_instant(t.astimezone(tz).replace(tzinfo=None) + span, tz)


def check_contract_year(agreement: Agreement, start: datetime) -> None:
    """Refuse a period whose contract year ends after 9999-12-31.

    Year-to-date figures and the yearly cap run per contract year (from
    `effective_from`), so a period whose contract year cannot be represented
    cannot be reported; this says so before any period is measured.

    Raises:
        CalendarError: Naming the period and the year, with field ``period``.
    """
    begun = agreement.effective_from
    years = start.astimezone(agreement.tz).year - begun.astimezone(agreement.tz).year
    start_us = to_us(start, "start")
    for count in (years, years + 1):
        try:
            anniversary = add_length(begun, relativedelta(years=count), agreement.tz)
        except (ValueError, OverflowError):
            break
        if to_us(anniversary, "anniversary") > start_us:
            return
    day = start.astimezone(agreement.tz).date()
    msg = (
        f"the contract year that holds the period starting {day.isoformat()} ends "
        "after 9999-12-31, outside the years a datetime can hold (1-9999)"
    )
    raise CalendarError(msg, day=day, field="period")


class Terms:
    """The running state of an agreement's credit terms, period after period.

    `apply` is called once per period, in order, with what each objective showed;
    it returns the period's report with credits, caps, earn-back, termination and
    year-to-date figures applied.
    """

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
        """The instant contract year `years` starts.

        `check_contract_year` made sure every one the periods reach is a datetime.
        """
        agreement = self.agreement
        start = add_length(
            agreement.effective_from, relativedelta(years=years), agreement.tz
        )
        return to_us(start, "anniversary")

    def apply(
        self,
        start: datetime,
        end: datetime,
        outcomes: list[Measured],
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
        elif total > HUNDRED:  # never more than the fee without an at-risk term
            total, capped_by = HUNDRED, "fee"
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
            else add_length(end, claim, agreement.tz),
            recipients=self.recipients,
            escalation=self.escalation,
        )

    def _own_percent(
        self, i: int, objective: Objective, outcome: Measured
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
        self, start: datetime, outcomes: list[Measured]
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
