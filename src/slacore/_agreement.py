# Agreements: parties, objectives, periods and terms, and their evaluation.

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, final
from zoneinfo import ZoneInfo

import attrs
from dateutil.relativedelta import relativedelta

from ._agreement_checks import (
    check_objectives,
    check_parties,
    check_terms,
    check_workload,
    default_structure,
)
from ._amendments import (
    AgreementVersion,
    Amendment,
    every_objective,
    resolve,
    version_index,
    versions_of,
)
from ._decimal import HUNDRED, MAX_AMOUNT, MAX_PERCENT
from ._durations import parse_span
from ._evaluate import report_range, tally_range
from ._fingerprint import fingerprint
from ._instants import day_or_instant, wall_instant
from ._objective import Objective
from ._parties import (
    AgreementKind,
    Party,
    Responsibility,
    Role,
    Structure,
    TerminationRule,
    check_text,
    to_kind,
    to_structure,
)
from ._parts import check_tallies
from ._periods import Period
from ._policy import Policy
from ._tally import Tally
from ._time import duration_us, from_us, to_us, to_zone
from ._validators import bounded_decimal, typed_tuple
from ._workload import Workload
from .exceptions import AgreementError, CalendarError, SlaError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

    from ._dataset import Dataset
    from ._report import Report

UTC_ZONE: Final = ZoneInfo("UTC")


def _to_zone(value: object) -> ZoneInfo:
    try:
        return to_zone(value)
    except CalendarError as exc:
        raise AgreementError(str(exc), field="tz") from exc


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


Length = relativedelta | timedelta
"""A length of time: on the wall clock (`relativedelta`) or in real time."""


def _to_review_every(value: Length | str | None) -> Length | None:
    return _to_length(value, "review_every")


def _to_claim_window(value: Length | str | None) -> Length | None:
    return _to_length(value, "claim_window")


def _to_length(value: Length | str | None, field: str) -> Length | None:
    """A length given as text (``"18 months"``, ``"30d"``) read as files read it."""
    if not isinstance(value, str):
        return value
    try:
        return parse_span(value)
    except SlaError as exc:
        msg = f"{field}: {exc}"
        raise AgreementError(msg, field=field) from None


def _check_span(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, relativedelta | timedelta):
        msg = (
            f"{attribute.name} must be a relativedelta or a timedelta, "
            f"got {type(value).__name__}"
        )
        raise TypeError(msg)
    probe = datetime(2000, 1, 1, tzinfo=UTC)
    if probe + value <= probe:
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


def _amount(field: str, value: object, limit: Decimal = MAX_AMOUNT) -> Decimal:
    return bounded_decimal(value, field, AgreementError, limit)


def _to_period(value: Period | str) -> Period:
    return Period.parse(value)


def _to_fee(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _amount("fee", value)


def _to_at_risk(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _amount("at_risk", value, MAX_PERCENT)


def _to_minimum(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _amount("minimum_credit", value)


def _to_yearly_cap(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _amount("yearly_cap", value)


def _to_pool(value: Decimal | int | str) -> Decimal:
    return _amount("pool_allocation", value, MAX_PERCENT)


def _to_parties(value: Iterable[Party]) -> tuple[Party, ...]:
    return typed_tuple(Party, "parties", value)


def _to_objectives(value: Iterable[Objective]) -> tuple[Objective, ...]:
    return typed_tuple(Objective, "objectives", value)


def _to_policies(value: Iterable[Policy]) -> tuple[Policy, ...]:
    return typed_tuple(Policy, "policies", value)


def _to_responsibilities(
    value: Iterable[Responsibility],
) -> tuple[Responsibility, ...]:
    return typed_tuple(Responsibility, "responsibilities", value)


def _to_amendments(value: Iterable[Amendment]) -> tuple[Amendment, ...]:
    return typed_tuple(Amendment, "amendments", value)


def _to_when(value: datetime | date) -> datetime:
    # A date is read as local midnight once the zone is known (see Agreement).
    return value  # type: ignore[return-value]


@final
@attrs.frozen(kw_only=False)
class Agreement:
    """A service level agreement: parties, objectives, periods, credits and terms.

    Attributes:
        name: The agreement's name.
        kind: Customer, internal, multi-level or vendor.
        parties: Providers and customers with their contacts.
        objectives: What is promised (unique names).
        services: The services covered; when given, availability objectives must
            name one of them.
        period: The reporting period: weekly, monthly, quarterly or yearly.
        tz: The time zone periods, reviews and dates are read in.
        effective_from: When the agreement starts (a date means local midnight).
        effective_until: When it ends (exclusive), or None.
        review_every: How often it is reviewed (``relativedelta(months=18)``).
        termination: The customer's right to terminate on repeated misses.
        fee: The fee of one period, the base credits are a percent of.
        at_risk: The percent of the fee all credits of a period are capped at
            together (the at-risk amount).
        claim_window: How long after a period ends a credit can be claimed.
        policies: The helpdesk policies tickets are measured by.
        structure: Customer-based, service-based or multi-level; by default
            multi-level for a multi-level agreement, customer-based with one
            customer, service-based with several.
        responsibilities: Who must do what, who receives reports, who to escalate
            to.
        pool_allocation: The total the objectives' allocations may add up to
            (percent, 100 by default; outsourcing contracts often allow more, such
            as 250, so that several objectives can each claim a large share).
        earn_back: Periods in a row an objective must be met afterwards for its
            credit to be earned back by the provider; None disables earn-back.
        minimum_credit: A period's total credit below this amount is not paid.
        yearly_cap: The most credit paid in one contract year (from
            `effective_from`), as an amount.
        amendments: Changes to the objectives, fee or at-risk percent, each
            taking effect at an instant, in order (see
            [`Amendment`][slacore.Amendment] and `versions`). The fields above
            are the terms as signed (version 0).
        workload: The volume planned per period, its dead band, per-unit
            charges and credits, renegotiation band and workload bands (see
            [`Workload`][slacore.Workload]), or None.

    Raises:
        AgreementError: If any field is invalid; the error's `field` names it,
            such as ``objectives[1].allocation``.

    Examples:
        >>> from datetime import date, timedelta
        >>> import slacore as sla
        >>> agreement = sla.Agreement(
        ...     "Support",
        ...     "customer",
        ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        ...     [sla.Objective("calls", sla.ServiceLevel(timedelta(seconds=20)), 80)],
        ...     effective_from=date(2026, 1, 1),
        ... )
        >>> agreement.structure, agreement.period
        (<Structure.CUSTOMER_BASED: 'customer_based'>, <Period.MONTHLY: 'monthly'>)
    """

    name: str = attrs.field(validator=check_text)
    kind: AgreementKind = attrs.field(converter=to_kind)
    parties: tuple[Party, ...] = attrs.field(converter=_to_parties)
    objectives: tuple[Objective, ...] = attrs.field(converter=_to_objectives)
    services: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple
    )
    period: Period = attrs.field(
        default=Period.MONTHLY, kw_only=True, converter=_to_period
    )
    tz: ZoneInfo = attrs.field(default=UTC_ZONE, kw_only=True, converter=_to_zone)
    effective_from: datetime = attrs.field(kw_only=True, converter=_to_when)
    effective_until: datetime | None = attrs.field(
        default=None, kw_only=True, converter=attrs.converters.optional(_to_when)
    )
    review_every: Length | None = attrs.field(
        default=None, kw_only=True, converter=_to_review_every, validator=_check_span
    )
    termination: TerminationRule | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(
            attrs.validators.instance_of(TerminationRule)
        ),
    )
    fee: Decimal | None = attrs.field(default=None, kw_only=True, converter=_to_fee)
    at_risk: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_at_risk
    )
    claim_window: Length | None = attrs.field(
        default=None, kw_only=True, converter=_to_claim_window, validator=_check_span
    )
    policies: tuple[Policy, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_policies
    )
    structure: Structure = attrs.field(
        default=None, kw_only=True, converter=to_structure
    )
    responsibilities: tuple[Responsibility, ...] = attrs.field(
        default=(),
        kw_only=True,
        converter=_to_responsibilities,
    )
    pool_allocation: Decimal = attrs.field(
        default=HUNDRED, kw_only=True, converter=_to_pool
    )
    earn_back: int | None = attrs.field(default=None, kw_only=True)
    minimum_credit: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_minimum
    )
    yearly_cap: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_yearly_cap
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_amendments
    )
    workload: Workload | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(Workload)),
    )

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        set_(
            self,
            "effective_from",
            day_or_instant(self.effective_from, "effective_from", self.tz),
        )
        if self.effective_until is not None:
            until = day_or_instant(self.effective_until, "effective_until", self.tz)
            set_(self, "effective_until", until)
            if to_us(until, "effective_until") <= to_us(self.effective_from, "x"):
                msg = (
                    f"effective_until {until.isoformat()} must be after "
                    f"effective_from {self.effective_from.isoformat()}"
                )
                raise AgreementError(msg, field="effective_until")
        structure: object = self.structure
        if structure is None:
            set_(self, "structure", default_structure(self))
        check_parties(self)
        check_objectives(self)
        check_terms(self)
        check_workload(self)
        if self.amendments:
            set_(self, "amendments", resolve(self))

    # -- queries -----------------------------------------------------------------------

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the agreement, the same in every process and on every machine.

        Equal agreements have equal fingerprints; a change to any objective,
        policy, calendar or term changes it. A callable condition counts by its
        name, its code and the values it closes over (two lambdas of one
        module differ), so the driver and its workers must run one Python.
        Each [`Tally`][slacore.Tally] carries its agreement's, so that tallies
        of different agreements (or versions) are not added or reported
        together.
        """
        return fingerprint(self)

    @functools.cached_property
    def versions(self) -> tuple[AgreementVersion, ...]:
        """The versions of the terms, in order: as signed, then after each amendment.

        Examples:
            See [`AgreementVersion`][slacore.AgreementVersion].
        """
        return versions_of(self)

    def version_at(self, t: datetime) -> AgreementVersion:
        """The version of the terms in force at instant `t`.

        Raises:
            AgreementError: If `t` is outside the agreement's effective dates.

        Examples:
            See [`AgreementVersion`][slacore.AgreementVersion].
        """
        t_us = to_us(t, "t")
        self._check_effective(t_us, t, "t")
        return self.versions[version_index(self.versions, t_us)]

    @property
    def providers(self) -> tuple[Party, ...]:
        """The provider parties."""
        return tuple(p for p in self.parties if p.role is Role.PROVIDER)

    @property
    def customers(self) -> tuple[Party, ...]:
        """The customer parties."""
        return tuple(p for p in self.parties if p.role is Role.CUSTOMER)

    def objective(self, name: str) -> Objective:
        """The objective called `name`.

        Raises:
            AgreementError: If there is none.
        """
        for objective in self.objectives:
            if objective.name == name:
                return objective
        msg = f"agreement {self.name!r} has no objective {name!r}"
        raise AgreementError(msg, field="objectives")

    def period_bounds(self, t: datetime) -> tuple[datetime, datetime]:
        """The ``[start, end)`` of the reporting period containing `t`.

        Periods are aligned in the agreement's zone and clipped to its effective
        dates, so the first and last can be shorter.

        Raises:
            AgreementError: If `t` is outside the agreement's effective dates.

        Examples:
            >>> from datetime import date, datetime, timedelta, timezone
            >>> import slacore as sla
            >>> a = sla.Agreement(
            ...     "Leads",
            ...     "internal",
            ...     [
            ...         sla.Party("Marketing", "provider"),
            ...         sla.Party("Sales", "customer"),
            ...     ],
            ...     [sla.Objective("leads", sla.Volume(), 500)],
            ...     tz="America/New_York",
            ...     effective_from=date(2026, 3, 16),
            ... )
            >>> start, end = a.period_bounds(datetime(2026, 3, 20, tzinfo=timezone.utc))
            >>> start.isoformat(), end.isoformat()
            ('2026-03-16T00:00:00-04:00', '2026-04-01T00:00:00-04:00')
        """
        t_us = to_us(t, "t")
        self._check_effective(t_us, t, "t")
        start, end = self.period.bounds(t, self.tz)
        start_us = max(to_us(start, "start"), to_us(self.effective_from, "x"))
        end_us = to_us(end, "end")
        if self.effective_until is not None:
            end_us = min(end_us, to_us(self.effective_until, "x"))
        return from_us(start_us, self.tz), from_us(end_us, self.tz)

    def _check_effective(self, t_us: int, t: datetime, field: str) -> None:
        if t_us < to_us(self.effective_from, "x") or (
            self.effective_until is not None
            and t_us >= to_us(self.effective_until, "x")
        ):
            span = f"from {self.effective_from.isoformat()}"
            if self.effective_until is not None:
                span += f" until {self.effective_until.isoformat()}"
            msg = f"{field} {t.isoformat()} is outside agreement {self.name!r}, {span}"
            raise AgreementError(msg, field=field)

    def periods(
        self, start: datetime | date, end: datetime | date
    ) -> tuple[tuple[datetime, datetime], ...]:
        """The reporting periods that start in ``[start, end)``, as ``(start, end)``.

        `start` must be the start of a period (a date means local midnight).

        Raises:
            AgreementError: If `start` is not a period start or lies outside the
                agreement's effective dates.

        Examples:
            >>> from datetime import date
            >>> import slacore as sla
            >>> a = sla.Agreement(
            ...     "Leads",
            ...     "internal",
            ...     [
            ...         sla.Party("Marketing", "provider"),
            ...         sla.Party("Sales", "customer"),
            ...     ],
            ...     [sla.Objective("leads", sla.Volume(), 500)],
            ...     period="quarterly",
            ...     effective_from=date(2026, 1, 1),
            ... )
            >>> [s.month for s, _ in a.periods(date(2026, 1, 1), date(2027, 1, 1))]
            [1, 4, 7, 10]
        """
        first = day_or_instant(start, "start", self.tz)
        last = day_or_instant(end, "end", self.tz)
        bounds = self.period_bounds(first)
        # Compared as instants: `!=` on datetimes is not instant inequality inside
        # a DST fold or gap (PEP 495).
        if to_us(bounds[0], "start") != to_us(first, "start"):
            msg = (
                f"start {first.isoformat()} is not the start of a {self.period.value} "
                f"period; that period starts at {bounds[0].isoformat()}"
            )
            raise AgreementError(msg, field="start")
        end_us = to_us(last, "end")
        if self.effective_until is not None:
            end_us = min(end_us, to_us(self.effective_until, "x"))
        found = []
        while to_us(bounds[0], "x") < end_us:
            found.append(bounds)
            if self.effective_until is not None and to_us(bounds[1], "end") >= to_us(
                self.effective_until, "effective_until"
            ):
                break
            bounds = self.period_bounds(bounds[1])
        return tuple(found)

    def next_review(self, after: datetime) -> datetime | None:
        """The first review date strictly after `after`, or None without a cadence.

        Reviews fall every `review_every` from `effective_from`, on the wall clock
        of the agreement's zone (18 months from 15 January is 15 July of the next
        year). None also when the agreement ends before the next review.

        Examples:
            >>> from datetime import date, datetime, timezone
            >>> from dateutil.relativedelta import relativedelta
            >>> import slacore as sla
            >>> a = sla.Agreement(
            ...     "Support",
            ...     "customer",
            ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
            ...     [sla.Objective("leads", sla.Volume(), 500)],
            ...     effective_from=date(2026, 1, 15),
            ...     review_every=relativedelta(months=18),
            ...     tz="Europe/Berlin",
            ... )
            >>> a.next_review(datetime(2026, 11, 23, tzinfo=timezone.utc)).isoformat()
            '2027-07-15T00:00:00+02:00'
        """
        after_us = to_us(after, "after")
        if self.review_every is None:
            return None
        start = self.effective_from.astimezone(self.tz)
        start_us = to_us(start, "x")
        step = self.review_every
        # Jump close with an estimate of the step's length, then walk.
        probe = datetime(2000, 1, 1, tzinfo=UTC)
        step_us = to_us(probe + step, "x") - to_us(probe, "x")
        count = max(1, (after_us - start_us) // max(step_us, 1) - 1)
        while True:
            review = self._shift(start, step, count)
            if to_us(review, "x") > after_us:
                break
            count += 1
        while count > 1:
            earlier = self._shift(start, step, count - 1)
            if to_us(earlier, "x") <= after_us:
                break
            review, count = earlier, count - 1
        if self.effective_until is not None and review >= self.effective_until:
            return None
        return review

    def _shift(self, start: datetime, step: Length, count: int) -> datetime:
        if isinstance(step, timedelta):  # real time
            return from_us(
                to_us(start, "start") + duration_us(step, "step") * count, self.tz
            )
        return wall_instant(start.replace(tzinfo=None) + step * count, self.tz)

    def evaluate(
        self,
        data: Dataset,
        period_start: datetime | date,
        *,
        now: datetime | None = None,
    ) -> Report:
        """The report of the period starting at `period_start`.

        Earlier periods are measured too, as far back as the agreement's terms
        need (the termination run, repeated-miss credits, earn-back, the yearly
        cap), so the report equals the same period's report from
        [`evaluate_range`][slacore.Agreement.evaluate_range] with the same `now`.
        It is the report of the data's tally (see [`tally`][slacore.Agreement.tally]),
        with its breach list.

        Args:
            data: What to measure.
            period_start: The start of a period (a date means local midnight).
            now: The instant the data is as of; the period's end by default.
                Nothing after it counts: ticket clocks are measured at `now`,
                items count only if their ``at`` is at or before it, a deed done
                after it is not known yet, and availability is measured up to it.

        Raises:
            AgreementError: If `period_start` is not a period start within the
                agreement's effective dates.
        """
        first = day_or_instant(period_start, "period_start", self.tz)
        first_us = to_us(first, "period_start")
        periods = self.periods(first, from_us(first_us + 1, self.tz))
        tally = tally_range(self, data, periods, now, breaches=True)
        return report_range(self, tally)[-1]

    def evaluate_range(
        self,
        data: Dataset,
        start: datetime | date,
        end: datetime | date,
        *,
        now: datetime | None = None,
    ) -> tuple[Report, ...]:
        """The reports of every period that starts in ``[start, end)``, in order.

        The reports of the data's tally (see [`tally`][slacore.Agreement.tally]),
        with their breach lists.

        Args:
            data: What to measure.
            start: The start of the first period (a date means local midnight).
            end: Periods starting at or after `end` are left out.
            now: The instant the data is as of; the last period's end by default.

        Raises:
            AgreementError: If `start` is not a period start within the
                agreement's effective dates.
        """
        periods = self.periods(start, end)
        if not periods:
            return ()
        return report_range(self, tally_range(self, data, periods, now, breaches=True))

    def tally(
        self,
        data: Dataset,
        start: datetime | date,
        end: datetime | date,
        *,
        now: datetime | None = None,
        breaches: bool = False,
    ) -> Tally:
        """The partial results of `data` for the periods that start in ``[start, end)``.

        Tallies of any split of a dataset, added with `+` in any order, equal the
        tally of the whole, and [`report`][slacore.Agreement.report] turns a
        tally into the reports `evaluate_range` gives on the whole. Split tickets
        whole (all events of a ticket in one part); outages, contacts, responses
        and records any way. Every part must be tallied with the same `start`,
        `end` and `now` (and the same dataset `since`), so give `now` explicitly.

        Args:
            data: What to measure: all of the data, or one part of it.
            start: The start of the first period (a date means local midnight).
            end: Periods starting at or after `end` are left out.
            now: The instant the data is as of; the last period's end by default.
            breaches: Whether to keep the missed cycles of ticket-attainment
                objectives, for the reports' breach lists (one row per missed
                cycle: a large tally for many tickets). Without them, reports
                from the tally have empty breach lists.

        Returns:
            The tally, with every earlier period's partials too (the credit terms
            read them).

        Raises:
            AgreementError: If `start` is not a period start within the
                agreement's effective dates, or no period starts before `end`.
            TallyError: If an objective's measure cannot tally (a measure of your
                own without `partial` and `from_partial`), naming it.

        Examples:
            >>> from datetime import date, datetime, timedelta, timezone
            >>> import slacore as sla
            >>> uptime = sla.Agreement(
            ...     "Hosting",
            ...     "customer",
            ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
            ...     [sla.Objective("api", sla.Availability("api"), "99.9")],
            ...     effective_from=date(2026, 6, 1),
            ... )
            >>> t = datetime(2026, 6, 10, tzinfo=timezone.utc)
            >>> one = sla.Outage("api", t, t + timedelta(minutes=30))
            >>> two = sla.Outage(
            ...     "api", t + timedelta(minutes=10), t + timedelta(hours=1)
            ... )
            >>> june = date(2026, 6, 1), date(2026, 7, 1)
            >>> parts = [sla.Dataset(outages=[one]), sla.Dataset(outages=[two])]
            >>> total = sum(uptime.tally(part, *june) for part in parts)
            >>> report = uptime.report(total)[0]
            >>> report.result("api").value  # one hour down in 30 days, counted once
            Decimal('99.86111111111111111111111111')
            >>> report == uptime.evaluate(sla.Dataset(outages=[one, two]), june[0])
            True
        """
        check_tallies(every_objective(self))
        periods = self.periods(start, end)
        if not periods:
            msg = f"no period of agreement {self.name!r} starts before end {end}"
            raise AgreementError(msg, field="end")
        return tally_range(self, data, periods, now, breaches=breaches)

    def report(self, tally: Tally) -> tuple[Report, ...]:
        """The reports of the periods a tally holds, in order.

        Equal, field by field, to `evaluate_range` on all the data the tally
        counts, with the same periods and `now`: credits, caps, earn-back,
        termination runs and year-to-date figures are applied here, once, on the
        merged figures. Breach lists are empty unless the tally kept breaches.

        Args:
            tally: A tally this agreement made, or a sum of such tallies.

        Raises:
            TypeError: If `tally` is not a `Tally`.
            TallyError: If another agreement, or another version of this one
                (other objectives, policies or terms), made the tally.

        Examples:
            See [`tally`][slacore.Agreement.tally].
        """
        value: object = tally  # checked at run time too
        if not isinstance(value, Tally):
            msg = f"tally must be a Tally, got {type(value).__name__}"
            raise TypeError(msg)
        return report_range(self, tally)
