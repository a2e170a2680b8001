# Credit terms: what each period's outcomes cost, after caps, minimums, the yearly
# cap and earn-back, and whether the customer may terminate. Applied once per period
# in order, on outcomes however they were measured.

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, final

import attrs
from dateutil.relativedelta import relativedelta

from ._amendments import dot, exact_total, share, weights
from ._credits import BreachCountCredit, RepeatedMissCredit
from ._decimal import HUNDRED, ZERO, divide, multiply, quantize
from ._instants import wall_instant
from ._report import EarnBack, ObjectiveResult, Report
from ._report_parts import ReportPart
from ._time import duration_us, from_us, to_us
from .exceptions import CalendarError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

    from ._agreement import Agreement
    from ._amendments import Piece
    from ._measures import Outcome
    from ._objective import Objective
    from ._service_levels import ErrorBudget
    from ._workload import WorkloadResult


@final
@attrs.frozen
class Measured:
    """An objective's outcome in one period, with whether it met the goal.

    `excused` when the workload's band excuses the objective (neither met nor
    missed, no credit); `signed_goal` the goal as signed when the band holds it
    to another (met under that one earns no credit).
    """

    value: Decimal | None
    met: bool | None
    count: int
    good: int
    breaches: int
    error_budget: ErrorBudget | None
    burn_rate: Decimal | None
    excused: bool = False
    signed_goal: Decimal | None = None

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


@final
@attrs.frozen
class _Priced:
    """One piece of a period under its version: the objectives' own credits, capped.

    Attributes:
        piece: The piece (the whole period when no amendment falls inside).
        outcomes: What each of the version's objectives showed.
        own: Each objective's own credit percent.
        windows: Each objective's missed periods in its repeated-miss window.
        uncapped: The sum of `own`.
        total: `uncapped` under the version's at-risk cap (or the fee).
        capped_by: ``"at_risk"``, ``"fee"`` or None.
        fee: The version's fee times the piece's share of the period, or None.
    """

    piece: Piece
    outcomes: Sequence[Measured]
    own: list[Decimal]
    windows: list[int | None]
    uncapped: Decimal
    total: Decimal
    capped_by: str | None
    fee: Decimal | None


class Terms:
    """The running state of an agreement's credit terms, period after period.

    `apply` is called once per period, in order, with what each objective showed
    in each piece of the period (one piece unless an amendment falls inside it);
    it returns the period's report with credits, caps, earn-back, termination and
    year-to-date figures applied. Histories (misses, credits paid) are kept by
    objective name, so that an objective an amendment changes keeps its past.
    """

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self.met: dict[str, list[bool | None]] = {}
        # Per objective and period: the percent paid and its amount (unrounded).
        self.paid: dict[str, list[tuple[Decimal, Decimal | None]]] = {}
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

    def _record(self, table: dict[str, list[Any]], found: dict[str, Any]) -> None:
        """Append this period's value of every objective ever seen (None if absent)."""
        before = len(self.starts) - 1
        for name in found:
            if name not in table:
                table[name] = [None] * before
        for name, history in table.items():
            history.append(found.get(name))

    def apply(
        self,
        start: datetime,
        end: datetime,
        parts: Sequence[tuple[Piece, Sequence[Measured]]],
        now: datetime,
        workload: WorkloadResult | None = None,
    ) -> Report:
        agreement = self.agreement
        start_us = to_us(start, "start")
        while start_us >= self.next_year_us:  # a new contract year
            self.anniversary += 1
            self.next_year_us = self._anniversary(self.anniversary + 1)
            self.year_paid = ZERO
        self.starts.append(start)
        seen: dict[str, list[bool | None]] = {}
        for piece, outcomes in parts:
            for objective, outcome in zip(
                piece.version.objectives, outcomes, strict=True
            ):
                seen.setdefault(objective.name, []).append(outcome.met)
        met = {name: _worst(found) for name, found in seen.items()}
        self._record(self.met, met)
        priced = [self._price(piece, outcomes) for piece, outcomes in parts]
        whole = len(priced) == 1 and priced[0].piece.whole is None
        if whole:
            uncapped, total = priced[0].uncapped, priced[0].total
            capped_by, fee = priced[0].capped_by, priced[0].fee
            amount = None if fee is None else multiply(fee, total).scaleb(-2)
        else:
            # Each piece weighs its fee times its length (its length without a
            # fee): the period's percents are percents of the period's fee.
            cut = [p.piece for p in priced]
            weight = weights(cut)
            weighs = exact_total(weight)
            uncapped = divide(dot([p.uncapped for p in priced], weight), weighs)
            totals = dot([p.total for p in priced], weight)
            total = divide(totals, weighs)
            capped_by = next((p.capped_by for p in priced if p.capped_by), None)
            fee = amount = None
            if all(p.fee is not None for p in priced):
                length = cut[0].whole or 1
                fees = [p.version.fee for p in cut]
                fee = divide(dot(fees, [p.hi - p.lo for p in cut]), length)  # type: ignore[arg-type]
                amount = divide(totals, length).scaleb(-2)
        before = amount
        if fee is not None and amount is not None:
            minimum = agreement.minimum_credit
            if minimum is not None and ZERO < amount < minimum:
                amount, capped_by = ZERO, "minimum"
            cap = agreement.yearly_cap
            if cap is not None and amount > cap - self.year_paid:
                amount, capped_by = max(cap - self.year_paid, ZERO), "yearly_cap"
            self.year_paid += amount
            if capped_by in {"minimum", "yearly_cap"}:
                total = divide(amount.scaleb(2), fee)
        scales = self._scales(
            priced, whole, total=total, uncapped=uncapped, before=before, amount=amount
        )
        results, paid, pieces = self._results(priced, scales, whole)
        self._record(self.paid, paid)
        earned, returned = self._earned_back()
        credit_amount = None if amount is None else quantize(amount, 2)
        earned_amount = None
        net = None
        if fee is not None:
            earned_amount = quantize(sum(returned, ZERO), 2)
            net = (credit_amount or ZERO) - earned_amount
        terminable, run = self._termination(start, met)
        review = agreement.next_review(from_us(to_us(start, "start") - 1, agreement.tz))
        claim = agreement.claim_window
        return Report(
            agreement=agreement.name,
            kind=agreement.kind.value,
            period_start=start,
            period_end=end,
            now=now,
            results=results,
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
            version=priced[-1].piece.version.number,
            parts=pieces,
            workload=workload,
        )

    def _price(self, piece: Piece, outcomes: Sequence[Measured]) -> _Priced:
        """The objectives' own credits in one piece, under its version's cap."""
        version = piece.version
        own: list[Decimal] = []
        windows: list[int | None] = []
        for objective, outcome in zip(version.objectives, outcomes, strict=True):
            percent, window = self._own_percent(objective, outcome, version.at_risk)
            own.append(percent)
            windows.append(window)
        uncapped = sum(own, ZERO)
        total, capped_by = uncapped, None
        if version.at_risk is not None and total > version.at_risk:
            total, capped_by = version.at_risk, "at_risk"
        elif total > HUNDRED:  # never more than the fee without an at-risk term
            total, capped_by = HUNDRED, "fee"
        fee = None if version.fee is None else share(version.fee, piece)
        return _Priced(piece, outcomes, own, windows, uncapped, total, capped_by, fee)

    @staticmethod
    def _scales(
        priced: Sequence[_Priced],
        whole: bool,  # noqa: FBT001 - private
        *,
        total: Decimal,
        uncapped: Decimal,
        before: Decimal | None,
        amount: Decimal | None,
    ) -> list[Decimal]:
        """What each piece's own credits are multiplied by to give what is paid.

        The caps scale every objective's credit alike: the version's at-risk cap
        within a piece, then the minimum and the yearly cap over the period.
        """
        if whole:
            return [divide(total, uncapped) if uncapped else ZERO]
        factor = None
        if before is not None and amount is not None and amount != before:
            factor = divide(amount, before) if before else ZERO
        scales = []
        for p in priced:
            scale = divide(p.total, p.uncapped) if p.uncapped else ZERO
            scales.append(scale if factor is None else multiply(scale, factor))
        return scales

    def _results(
        self,
        priced: Sequence[_Priced],
        scales: Sequence[Decimal],
        whole: bool,  # noqa: FBT001 - private
    ) -> tuple[
        tuple[ObjectiveResult, ...],
        dict[str, tuple[Decimal, Decimal | None]],
        tuple[ReportPart, ...],
    ]:
        """The results of every piece, what each objective was paid, the parts."""
        results: list[ObjectiveResult] = []
        shares: dict[str, list[tuple[Decimal, Decimal]]] = {}
        pieces: list[ReportPart] = []
        weight = weights([p.piece for p in priced])
        for p, scale, weighs in zip(priced, scales, weight, strict=True):
            rows = []
            version = p.piece.version
            for i, (objective, outcome) in enumerate(
                zip(version.objectives, p.outcomes, strict=True)
            ):
                paid = multiply(p.own[i], scale)
                shares.setdefault(objective.name, []).append((paid, weighs))
                rows.append(
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
                        credit_percent=p.own[i],
                        credit_amount=_amount(p.fee, p.own[i]),
                        paid_percent=paid,
                        paid_amount=_amount(p.fee, paid),
                        missed_in_window=p.windows[i],
                        error_budget=outcome.error_budget,
                        burn_rate=outcome.burn_rate,
                        signed_goal=outcome.signed_goal,
                        excused=outcome.excused,
                    )
                )
            results.extend(rows)
            if not whole:
                pieces.append(
                    ReportPart(
                        version=version.number,
                        note=version.note,
                        start=p.piece.start,
                        end=p.piece.end,
                        fee=p.fee,
                        results=tuple(rows),
                        uncapped_percent=p.uncapped,
                        credit_percent=p.total,
                        credit_amount=_amount(p.fee, p.total),
                        capped_by=p.capped_by,
                    )
                )
        by_name: dict[str, tuple[Decimal, Decimal | None]] = {}
        fee = priced[0].piece.version.fee
        weighs = exact_total(weight)
        length = priced[0].piece.whole
        for name, found in shares.items():
            if whole:
                percent = found[0][0]
                money = None if fee is None else multiply(fee, percent).scaleb(-2)
                by_name[name] = percent, money
                continue
            # What the objective was paid over the period, weighed as the
            # period's percents are; its amount when the versions have fees.
            paid_weighed = dot([v for v, _ in found], [w for _, w in found])
            percent = divide(paid_weighed, weighs)
            money = None
            if all(p.fee is not None for p in priced) and length:
                money = divide(paid_weighed, length).scaleb(-2)
            by_name[name] = percent, money
        return tuple(results), by_name, tuple(pieces)

    def _own_percent(
        self, objective: Objective, outcome: Measured, at_risk: Decimal | None
    ) -> tuple[Decimal, int | None]:
        credit = objective.credit
        window = None
        if credit is None:
            base = HUNDRED if outcome.met is False else ZERO
        elif isinstance(credit, BreachCountCredit):
            base = credit.percent_for(outcome.breaches)
        elif isinstance(credit, RepeatedMissCredit):
            recent = self.met[objective.name][-credit.within :]
            window = sum(1 for met in recent if met is False)
            base = credit.percent_for(window if outcome.met is False else 0)
        elif outcome.value is None:
            base = ZERO
        else:
            base = credit.percent_for(outcome.value)
        if outcome.excused or (outcome.signed_goal is not None and outcome.met):
            base = ZERO  # excused by the workload's band, or met under its goal
        if objective.allocation is None:
            return (base if credit is not None else ZERO), window
        assert at_risk is not None  # noqa: S101 - checked on construction
        share_ = divide(multiply(at_risk, objective.allocation), HUNDRED)
        return divide(multiply(share_, base), HUNDRED), window

    def _earned_back(self) -> tuple[tuple[EarnBack, ...], list[Decimal]]:
        """The credits earned back this period, and their amounts (unrounded)."""
        periods = self.agreement.earn_back
        if periods is None:
            return (), []
        found = []
        amounts = []
        for name, history in self.paid.items():
            if len(history) <= periods or history[-periods - 1] is None:
                continue
            credit, amount = history[-periods - 1]
            if credit > 0 and all(met is True for met in self.met[name][-periods:]):
                start = self.starts[-periods - 1]
                rounded = None if amount is None else quantize(amount, 2)
                found.append(EarnBack(name, start, credit, rounded))
                amounts.append(ZERO if amount is None else amount)
        return tuple(found), amounts

    def _termination(
        self, start: datetime, met: dict[str, bool | None]
    ) -> tuple[bool, tuple[datetime, ...]]:
        rule = self.agreement.termination
        if rule is None:
            return False, ()
        names = rule.objectives
        missed = any(
            found is False
            for name, found in met.items()
            if names is None or name in names
        )
        if missed:
            self.run.append(start)
            self.run = self.run[-rule.consecutive_misses :]
        else:
            self.run = []
        return len(self.run) >= rule.consecutive_misses, tuple(self.run)


def _worst(found: Sequence[bool | None]) -> bool | None:
    """Met over the pieces of a period: missed in any, else met in any, else None."""
    if False in found:
        return False
    return True if True in found else None


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
