# Period reports: what each objective showed, the credits owed, the terms in force.

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._breach_list import BreachList
from ._decimal import quantize
from ._time import duration_us

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    from ._frames import Library
    from ._report_parts import ReportPart
    from ._service_levels import ErrorBudget
    from ._workload import WorkloadResult


@final
@attrs.frozen(kw_only=True)
class ObjectiveResult:
    """What one objective showed in one period.

    Attributes:
        objective: The objective's name.
        measure: The measure's kind (``"availability"``, ``"ticket_attainment"``, ...).
        provider: The accountable provider, or None.
        value: The measured value, or None when there was nothing to measure
            (no tickets, no contacts, no open time...).
        goal: The objective's goal.
        direction: ``"at_least"`` or ``"at_most"``.
        met: Whether the goal was met; None when `value` is None (neither met nor
            missed: no credit, and it ends a run of misses).
        count: How many items were measured (cycles, contacts, responses,
            records; for availability, the outages in the period).
        good: How many of them were good (met cycles, contacts answered in time,
            promoters, records on time).
        breaches: The figure breach-count credits count: breached cycles, late
            records, contacts not answered in time, detractors, outages, scores on
            the wrong side of the goal; for a volume, 1 when missed.
        credit_percent: The credit the objective's own terms give, in percent of
            the period's fee, before the agreement's caps.
        credit_amount: `credit_percent` of the fee, rounded half-even to cents,
            or None without a fee.
        paid_percent: The objective's share of the credit actually paid, after the
            agreement's caps (the caps scale every objective's credit alike).
        paid_amount: `paid_percent` of the fee, rounded half-even to cents, or
            None without a fee.
        missed_in_window: For a repeated-miss credit, the missed periods among the
            last `within`; else None.
        error_budget: For availability, the period's error budget as of `now`.
        burn_rate: For availability, the burn rate over the measure's trailing
            window as of `now` (when `now` is inside the period), else None.
        signed_goal: When the band the period's workload lies in holds the
            objective to another goal, the goal as signed (`goal` is then the
            band's, and meeting it earns no credit); else None.
        excused: Whether the workload's band excused the objective: `met` is
            None and it earns no credit.

    Examples:
        >>> from decimal import Decimal
        >>> r = ObjectiveResult(
        ...     objective="uptime",
        ...     measure="availability",
        ...     provider=None,
        ...     value=Decimal("99.95"),
        ...     goal=Decimal("99.9"),
        ...     direction="at_least",
        ...     met=True,
        ...     count=1,
        ...     good=0,
        ...     breaches=1,
        ...     credit_percent=Decimal(0),
        ...     credit_amount=None,
        ...     paid_percent=Decimal(0),
        ... )
        >>> r.met
        True
    """

    objective: str
    measure: str
    provider: str | None
    value: Decimal | None
    goal: Decimal
    direction: str
    met: bool | None
    count: int
    good: int
    breaches: int
    credit_percent: Decimal
    credit_amount: Decimal | None
    paid_percent: Decimal
    paid_amount: Decimal | None = None
    missed_in_window: int | None = None
    error_budget: ErrorBudget | None = None
    burn_rate: Decimal | None = None
    signed_goal: Decimal | None = None
    excused: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-safe data (Decimals as strings, instants in ISO form).

        Examples:
            >>> from decimal import Decimal
            >>> r = ObjectiveResult(
            ...     objective="leads",
            ...     measure="volume",
            ...     provider=None,
            ...     value=Decimal(512),
            ...     goal=Decimal(500),
            ...     direction="at_least",
            ...     met=True,
            ...     count=512,
            ...     good=512,
            ...     breaches=0,
            ...     credit_percent=Decimal(0),
            ...     credit_amount=None,
            ...     paid_percent=Decimal(0),
            ... )
            >>> r.to_dict()["value"]
            '512'
        """
        data: dict[str, Any] = {
            "objective": self.objective,
            "measure": self.measure,
            "provider": self.provider,
            "value": _text(self.value),
            "goal": _text(self.goal),
            "direction": self.direction,
            "met": self.met,
            "count": self.count,
            "good": self.good,
            "breaches": self.breaches,
            "credit_percent": _text(self.credit_percent),
            "credit_amount": _text(self.credit_amount),
            "paid_percent": _text(self.paid_percent),
            "paid_amount": _text(self.paid_amount),
            "missed_in_window": self.missed_in_window,
            "burn_rate": _text(self.burn_rate),
            "signed_goal": _text(self.signed_goal),
            "excused": self.excused,
            "error_budget": None,
        }
        budget = self.error_budget
        if budget is not None:
            data["error_budget"] = {
                "allowed_seconds": _seconds(budget.allowed),
                "used_seconds": _seconds(budget.used),
                "left_seconds": _seconds(budget.left),
                "consumed": _text(budget.consumed),
            }
        return data


@final
@attrs.frozen
class EarnBack:
    """A credit of an earlier period, earned back by the provider in this one.

    Attributes:
        objective: The objective whose credit it was.
        period_start: The start of the period the credit was paid for.
        percent: The credit paid then, in percent of the fee.
        amount: That credit as an amount, or None without a fee.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from decimal import Decimal
        >>> EarnBack(
        ...     "uptime", datetime(2026, 1, 1, tzinfo=timezone.utc), Decimal(5), None
        ... ).percent
        Decimal('5')
    """

    objective: str
    period_start: datetime
    percent: Decimal
    amount: Decimal | None


@final
@attrs.frozen(kw_only=True)
class Report:
    """One period of an agreement: results, credits owed, the terms in force.

    Attributes:
        agreement: The agreement's name.
        kind: The agreement's kind (``"customer"``, ``"internal"``, ...).
        period_start: The period's start (in the agreement's zone).
        period_end: Its end, exclusive.
        now: The instant the data was taken as of.
        results: One [`ObjectiveResult`][slacore.ObjectiveResult] per objective,
            in the agreement's order. In a period an amendment falls inside, the
            results of each of its `parts` in turn (an objective both versions
            hold appears once per part).
        fee: The period's fee, or None.
        uncapped_percent: The objectives' credits added up, before any cap.
        credit_percent: The credit owed for the period, in percent of the fee,
            after the at-risk cap, the minimum credit and the yearly cap.
        credit_amount: The credit owed as an amount (rounded half-even to cents),
            or None without a fee.
        capped_by: What reduced the credit: ``"at_risk"``, ``"fee"`` (the
            objectives' credits added up to more than the fee, and the agreement
            has no at-risk term), ``"minimum"``, ``"yearly_cap"``, or None.
        earned_back: Credits of earlier periods the provider earned back in this
            one.
        earned_back_amount: Their total amount (None without a fee).
        net_credit_amount: ``credit_amount - earned_back_amount``; negative when
            the customer owes the provider (None without a fee).
        year_credit_amount: The credit paid in the contract year so far, this
            period included (None without a fee).
        terminable: Whether the termination rule fires in this period.
        missed_run: The starts of the consecutive missed periods ending with this
            one (at most the rule's count; empty without a rule or a miss).
        next_review: The first review date at or after the period's start.
        review_due: Whether a review date falls within the period.
        claim_deadline: The last instant a credit for this period can be claimed.
        recipients: The parties that receive the report.
        escalation: The parties to escalate to.
        version: The version of the terms in force at the period's end: 0 as
            signed, ``n`` after the agreement's `n`-th amendment.
        parts: When an amendment takes effect inside the period, one
            [`ReportPart`][slacore.ReportPart] per version in force, in order,
            each measured and priced under its own version (the fee pro-rata by
            time); empty otherwise.
        workload: The period's volume against the agreement's workload (see
            [`WorkloadResult`][slacore.WorkloadResult]), or None without one.
            In a period an amendment falls inside, the volume of the whole
            period under the workload in force at its end.
        breaches: The cycles the report's ticket-attainment objectives counted
            as missed in the period (see `breaches_table`).

    Examples:
        See the agreements guide for full reports; `met` and `result` read them:

        >>> Report.__name__
        'Report'
    """

    agreement: str
    kind: str
    period_start: datetime
    period_end: datetime
    now: datetime
    results: tuple[ObjectiveResult, ...]
    fee: Decimal | None
    uncapped_percent: Decimal
    credit_percent: Decimal
    credit_amount: Decimal | None
    capped_by: str | None
    earned_back: tuple[EarnBack, ...]
    earned_back_amount: Decimal | None
    net_credit_amount: Decimal | None
    year_credit_amount: Decimal | None
    terminable: bool
    missed_run: tuple[datetime, ...]
    next_review: datetime | None
    review_due: bool
    claim_deadline: datetime | None
    recipients: tuple[str, ...]
    escalation: tuple[str, ...]
    version: int = 0
    parts: tuple[ReportPart, ...] = ()
    workload: WorkloadResult | None = None
    breaches: BreachList = attrs.field(factory=BreachList, repr=False)

    @property
    def complete(self) -> bool:
        """Whether the period had ended by `now` (else the figures are so far)."""
        return self.now >= self.period_end

    @property
    def met(self) -> bool:
        """Whether no objective was missed (unmeasurable ones do not count)."""
        return all(result.met is not False for result in self.results)

    @property
    def missed(self) -> tuple[str, ...]:
        """The names of the objectives missed in the period (in any of its parts)."""
        return tuple(dict.fromkeys(r.objective for r in self.results if r.met is False))

    def result(self, objective: str) -> ObjectiveResult:
        """The result of the objective called `objective`.

        In a period an amendment falls inside, the result under the latest
        version that holds the objective (`parts` has each part's).

        Raises:
            KeyError: If the agreement has no such objective.
        """
        for result in reversed(self.results):
            if result.objective == objective:
                return result
        msg = f"report has no objective {objective!r}"
        raise KeyError(msg)

    def breaches_table(self, like: Library = "pandas") -> Any:
        """Every cycle the report's ticket-attainment objectives counted as missed.

        One row per objective and missed cycle: the cycles whose breach instant
        falls in the period, of the objective's metric, priorities and policy,
        gathered while the report was made (no second pass over the tickets).
        Rows come by objective (the agreement's order), then by breach instant.
        Columns: ``objective``, ``ticket_id``, ``policy``, ``metric``, ``cycle``
        (0 for the first), ``priority`` (in force at the report's `now`),
        ``started_at``, ``breached_at``, ``stopped_at`` (null while the cycle
        runs; timezone-aware UTC datetimes), ``target`` and ``elapsed`` (the
        business time at the stop, or at `now`; durations). Needs the
        ``tables`` extra and the library asked for.

        Args:
            like: ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"numpy"`` (a
                dict of numpy arrays).

        Returns:
            The breach list as a table.

        Examples:
            >>> from datetime import date, datetime, timedelta, timezone
            >>> import slacore as sla
            >>> policy = sla.Policy(
            ...     "p", {"high": sla.Targets(first_response=timedelta(hours=1))}
            ... )
            >>> replies = sla.TicketAttainment("first_response")
            >>> agreement = sla.Agreement(
            ...     "Support",
            ...     "customer",
            ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
            ...     [sla.Objective("replies", replies, 90)],
            ...     policies=[policy],
            ...     effective_from=date(2026, 1, 1),
            ... )
            >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
            >>> data = sla.Dataset(tickets=[sla.Ticket("T-1", t, "high")])
            >>> report = agreement.evaluate(data, date(2026, 10, 1))
            >>> report.breaches_table(like="pandas")[["ticket_id", "breached_at"]]
              ticket_id               breached_at
            0       T-1 2026-10-05 10:00:00+00:00
        """
        return self.breaches.table(like)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-safe data: ISO datetimes, Decimals as strings."""
        return {
            "agreement": self.agreement,
            "kind": self.kind,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "now": self.now.isoformat(),
            "complete": self.complete,
            "met": self.met,
            "results": [result.to_dict() for result in self.results],
            "fee": _text(self.fee),
            "uncapped_percent": str(self.uncapped_percent),
            "credit_percent": _text(self.credit_percent),
            "credit_amount": _text(self.credit_amount),
            "capped_by": self.capped_by,
            "earned_back": [
                {
                    "objective": item.objective,
                    "period_start": item.period_start.isoformat(),
                    "percent": _text(item.percent),
                    "amount": _text(item.amount),
                }
                for item in self.earned_back
            ],
            "earned_back_amount": _text(self.earned_back_amount),
            "net_credit_amount": _text(self.net_credit_amount),
            "year_credit_amount": _text(self.year_credit_amount),
            "terminable": self.terminable,
            "missed_run": [start.isoformat() for start in self.missed_run],
            "next_review": _iso(self.next_review),
            "review_due": self.review_due,
            "claim_deadline": _iso(self.claim_deadline),
            "recipients": list(self.recipients),
            "escalation": list(self.escalation),
            "version": self.version,
            "parts": [part.to_dict() for part in self.parts],
            "workload": None if self.workload is None else self.workload.to_dict(),
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per objective, ready for ``pandas.DataFrame``.

        Values keep their types (`Decimal`, `datetime`, None); combine periods
        with ``[row for report in reports for row in report.rows()]``.
        """
        return [
            {
                "agreement": self.agreement,
                "period_start": self.period_start,
                "period_end": self.period_end,
                "objective": result.objective,
                "measure": result.measure,
                "provider": result.provider,
                "value": result.value,
                "goal": result.goal,
                "direction": result.direction,
                "met": result.met,
                "count": result.count,
                "good": result.good,
                "breaches": result.breaches,
                "credit_percent": result.credit_percent,
                "credit_amount": result.credit_amount,
                "paid_percent": result.paid_percent,
                "paid_amount": result.paid_amount,
            }
            for result in self.results
        ]

    def to_markdown(self) -> str:
        """The report as Markdown for people: a heading, a table, the totals."""
        span = f"{_day(self.period_start)} to {_day(self.period_end)}"
        lines = [
            f"## {self.agreement}: {span}",
            "",
            "| objective | value | goal | met | count | breaches | credit % |",
            "| --- | ---: | ---: | :---: | ---: | ---: | ---: |",
        ]
        for name, r in self._labelled():
            met = (
                "excused"
                if r.excused
                else {True: "yes", False: "**no**", None: "n/a"}[r.met]
            )
            value = "n/a" if r.value is None else _short(r.value)
            lines.append(
                f"| {name} | {value} | {_goal(r)} | {met} "
                f"| {r.count} | {r.breaches} | {_short(r.credit_percent)} |"
            )
        lines.append("")
        lines.append(f"- Credit owed: {self._credit()}")
        if self.workload is not None:
            lines.append(f"- Workload: {self.workload.summary()}")
        terms = terms_line(self)
        if terms:
            lines.append(f"- Terms: {terms}")
        if self.earned_back:
            lines.append(f"- Earned back: {self._earned_back_names()}")
            if self.net_credit_amount is not None:
                lines.append(f"- Net credit: {self.net_credit_amount}")
        if self.terminable:
            run = ", ".join(_day(start) for start in self.missed_run)
            lines.append(f"- Termination right: objectives missed in {run}")
        if self.next_review is not None:
            due = " (due this period)" if self.review_due else ""
            lines.append(f"- Next review: {_day(self.next_review)}{due}")
        if self.claim_deadline is not None:
            lines.append(f"- Claim credits by: {self.claim_deadline.isoformat()}")
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The report as plain text for a terminal: a heading, a table, the totals.

        What ``slacore report`` and ``slacore demo`` print: the table's first
        column is aligned left and the others right; values have at most four
        decimal places; a period not yet over says so in its heading.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from decimal import Decimal
            >>> utc = timezone.utc
            >>> result = ObjectiveResult(
            ...     objective="uptime",
            ...     measure="availability",
            ...     provider=None,
            ...     value=Decimal("99.8123456"),
            ...     goal=Decimal("99.9"),
            ...     direction="at_least",
            ...     met=False,
            ...     count=2,
            ...     good=0,
            ...     breaches=2,
            ...     credit_percent=Decimal(10),
            ...     credit_amount=Decimal("100.00"),
            ...     paid_percent=Decimal(10),
            ... )
            >>> report = Report(
            ...     agreement="Cloud",
            ...     kind="customer",
            ...     period_start=datetime(2026, 10, 1, tzinfo=utc),
            ...     period_end=datetime(2026, 11, 1, tzinfo=utc),
            ...     now=datetime(2026, 11, 1, tzinfo=utc),
            ...     results=(result,),
            ...     fee=Decimal(1000),
            ...     uncapped_percent=Decimal(10),
            ...     credit_percent=Decimal(10),
            ...     credit_amount=Decimal("100.00"),
            ...     capped_by=None,
            ...     earned_back=(),
            ...     earned_back_amount=None,
            ...     net_credit_amount=Decimal("100.00"),
            ...     year_credit_amount=Decimal("100.00"),
            ...     terminable=False,
            ...     missed_run=(),
            ...     next_review=None,
            ...     review_due=False,
            ...     claim_deadline=None,
            ...     recipients=(),
            ...     escalation=(),
            ... )
            >>> print(report.to_text())
            Cloud: 2026-10-01 to 2026-11-01
            <BLANKLINE>
            objective    value     goal  met  count  breaches  credit %
            ---------  -------  -------  ---  -----  --------  --------
            uptime     99.8123  >= 99.9   NO      2         2        10
            <BLANKLINE>
            credit owed:      10 % of the fee = 100.00
            <BLANKLINE>
        """
        heading = (
            f"{self.agreement}: {_day(self.period_start)} to {_day(self.period_end)}"
        )
        if not self.complete:
            heading += f" (so far, as of {self.now.isoformat()})"
        rows = [["objective", "value", "goal", "met", "count", "breaches", "credit %"]]
        for name, r in self._labelled():
            met = (
                "excused"
                if r.excused
                else {True: "yes", False: "NO", None: "n/a"}[r.met]
            )
            value = "n/a" if r.value is None else _short(r.value)
            rows.append(
                [
                    name,
                    value,
                    _goal(r),
                    met,
                    str(r.count),
                    str(r.breaches),
                    _short(r.credit_percent),
                ]
            )
        lines = [heading, "", text_table(rows), f"credit owed:      {self._credit()}"]
        if self.workload is not None:
            lines.append(f"workload:         {self.workload.summary()}")
        terms = terms_line(self)
        if terms:
            lines.append(f"terms:            {terms}")
        if self.earned_back:
            if self.earned_back_amount is not None:
                lines.append(f"earned back:      {self.earned_back_amount}")
            else:
                lines.append(f"earned back:      {self._earned_back_names()}")
        if self.terminable:
            run = ", ".join(_day(start) for start in self.missed_run)
            lines.append(f"termination:      may terminate (missed {run})")
        if self.next_review is not None:
            due = " (due this period)" if self.review_due else ""
            lines.append(f"next review:      {_day(self.next_review)}{due}")
        if self.claim_deadline is not None:
            lines.append(f"claim credits by: {self.claim_deadline.isoformat()}")
        return "\n".join(lines) + "\n"

    def _labelled(self) -> list[tuple[str, ObjectiveResult]]:
        """The results with the name shown: with its version in a split period."""
        if not self.parts:
            return [(r.objective, r) for r in self.results]
        return [
            (f"{r.objective} (v{part.version})", r)
            for part in self.parts
            for r in part.results
        ]

    def _credit(self) -> str:
        """The credit owed for people: ``11 % of the fee = 1375.00 (capped by ...)``."""
        credit = f"{_short(self.credit_percent)} % of the fee"
        if self.credit_amount is not None:
            credit += f" = {self.credit_amount}"
        if self.capped_by is not None:
            credit += f" (capped by {self.capped_by.replace('_', ' ')})"
        return credit

    def _earned_back_names(self) -> str:
        return ", ".join(
            f"{item.objective} ({_day(item.period_start)})" for item in self.earned_back
        )


def _goal(result: ObjectiveResult) -> str:
    """The goal in force, marked when the workload's band set it."""
    sign = ">=" if result.direction == "at_least" else "<="
    band = (
        f" (band; signed {_short(result.signed_goal)})"
        if result.signed_goal is not None
        else ""
    )
    return f"{sign} {_short(result.goal)}{band}"


def terms_line(report: Report) -> str:
    """Which versions of the terms a report was made under, for people.

    Empty for a report under the terms as signed, so that agreements without
    amendments read as they always did.
    """
    if report.parts:
        shown = [
            f"v{part.version} {_day(part.start)} to {_day(part.end)}"
            + (f" ({part.note})" if part.note else "")
            for part in report.parts
        ]
        return "; ".join(shown) + ", each part on its share of the fee"
    if report.version:
        return f"v{report.version}"
    return ""


def text_table(rows: list[list[str]]) -> str:
    """Rows of cells as an aligned plain-text table, the first row its header.

    The first column is aligned left, the others right; a line of dashes follows
    the header; two spaces separate columns. Ends with a newline.

    Examples:
        >>> print(text_table([["name", "n"], ["a", "10"], ["bb", "2"]]), end="")
        name   n
        ----  --
        a     10
        bb     2
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


_PLACES: Final = 4  # decimal places shown to people (`to_text`, `to_markdown`)


def _text(value: Decimal | None) -> str | None:
    """A Decimal as a plain string: no exponent, no trailing zeros past the point.

    Amounts rounded to cents keep their cents (``"50.00"``).
    """
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if exponent == -2:
        return str(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_text(value: Decimal | None) -> str | None:
    """A Decimal as `to_dict` writes it (see `_text`), for other report parts."""
    return _text(value)


def _seconds(value: timedelta) -> str:
    """A duration as exact decimal seconds (never through a float)."""
    text = f"{Decimal(duration_us(value, 'duration')).scaleb(-6):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: datetime) -> str:
    return value.date().isoformat()


def _short(value: Decimal) -> str:
    """A Decimal for people: at most 4 places, no exponent, no trailing zeros."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_PLACES:
        value = quantize(value, _PLACES)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
