"""Static type checks of slacore's public API: checked by mypy, never executed."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any, assert_type
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

import slacore as sla
from slacore import exceptions


def weekly_hours() -> None:
    hours = sla.WeeklyHours.parse({"mon-fri": "09:00-17:00", "sat": "10:00-14:00"})
    assert_type(hours, sla.WeeklyHours)
    assert_type(sla.WeeklyHours.parse("mon-fri 09:00-17:00"), sla.WeeklyHours)
    assert_type(
        sla.WeeklyHours.parse({"mon": ["09:00-12:00", "13:00-17:00"]}), sla.WeeklyHours
    )
    assert_type(sla.WeeklyHours.parse(hours), sla.WeeklyHours)
    assert_type(sla.WeeklyHours.always(), sla.WeeklyHours)
    assert_type(hours.format(), str)
    assert_type(hours.per_week(), timedelta)
    assert_type(hours.is_closed(), bool)
    assert_type(hours.days, tuple[tuple[tuple[int, int], ...], ...])


def business_calendar() -> None:
    cal = sla.BusinessCalendar(
        "mon-fri 09:00-17:00",
        tz="Europe/Berlin",
        holidays=holidays.country_holidays("DE", subdiv="BY"),
        shifts={date(2025, 12, 24): "09:00-12:00"},
        closures=(
            sla.Closure(
                datetime(2025, 6, 2, tzinfo=UTC), datetime(2025, 6, 3, tzinfo=UTC)
            ),
        ),
        openings=(
            sla.Opening(
                datetime(2025, 6, 7, tzinfo=UTC), datetime(2025, 6, 8, tzinfo=UTC)
            ),
        ),
    )
    assert_type(cal, sla.BusinessCalendar)
    assert_type(
        sla.BusinessCalendar(sla.WeeklyHours.always(), tz=ZoneInfo("UTC")),
        sla.BusinessCalendar,
    )
    assert_type(
        sla.BusinessCalendar("", tz="UTC", holidays=[date(2025, 1, 1)]),
        sla.BusinessCalendar,
    )
    assert_type(sla.BusinessCalendar.always(), sla.BusinessCalendar)
    assert_type(sla.BusinessCalendar.always(tz="Europe/Berlin"), sla.BusinessCalendar)
    assert_type(sla.ALWAYS, sla.BusinessCalendar)
    assert_type(cal.hours, sla.WeeklyHours)
    assert_type(cal.tz, ZoneInfo)

    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    d = timedelta(hours=4)
    assert_type(cal.is_open(t), bool)
    assert_type(cal.between(t, t), timedelta)
    assert_type(cal.add(t, d), datetime)
    assert_type(cal.subtract(t, d), datetime)
    assert_type(cal.next_open(t), datetime)
    assert_type(cal.next_close(t), datetime | None)
    assert_type(cal.open_intervals(t, t), Iterator[tuple[datetime, datetime]])
    for start, end in cal.open_intervals(t, t):
        assert_type(start, datetime)
        assert_type(end, datetime)


def composed_calendar() -> None:
    berlin = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
    new_york = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="America/New_York")
    desk = berlin | new_york
    window = berlin & new_york
    assert_type(desk, sla.ComposedCalendar)
    assert_type(window, sla.ComposedCalendar)
    assert_type(desk | window, sla.ComposedCalendar)
    assert_type(desk.tz, ZoneInfo)

    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    assert_type(desk.is_open(t), bool)
    assert_type(desk.between(t, t), timedelta)
    assert_type(desk.add(t, timedelta(hours=1)), datetime)
    assert_type(desk.subtract(t, timedelta(hours=1)), datetime)
    assert_type(desk.next_open(t), datetime)
    assert_type(desk.next_close(t), datetime | None)
    assert_type(desk.open_intervals(t, t), Iterator[tuple[datetime, datetime]])


def batch() -> None:
    cal = sla.ALWAYS
    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    assert_type(cal.add_many([t, t], timedelta(hours=1)), list[datetime])
    assert_type(cal.add_many([t], [timedelta(hours=1)]), list[datetime])
    assert_type(cal.between_many([t], [t]), list[timedelta])

    starts: npt.NDArray[np.datetime64] = np.array(
        ["2025-06-02T12:00"], dtype="datetime64[us]"
    )
    assert_type(
        cal.add_many(starts, np.timedelta64(1, "h")), npt.NDArray[np.datetime64]
    )
    assert_type(cal.between_many(starts, starts), npt.NDArray[np.timedelta64])


def periods() -> None:
    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    closure = sla.Closure(t, t + timedelta(hours=1), reason="move")
    opening = sla.Opening(t, t + timedelta(hours=1))
    assert_type(closure.start, datetime)
    assert_type(closure.end, datetime)
    assert_type(closure.reason, str)
    assert_type(opening.start, datetime)
    assert_type(opening.reason, str)


def errors() -> None:
    assert_type(sla.exceptions, ModuleType)
    error: ValueError = sla.SlaError("x")
    calendar_error: sla.SlaError = sla.CalendarError("x", day="mon")
    never: sla.CalendarError = sla.NeverOpenError("x")
    naive = sla.NaiveDatetimeError("x", name="t", value=datetime(2025, 1, 1))  # noqa: DTZ001
    assert_type(naive, sla.NaiveDatetimeError)
    assert_type(naive.name, str)
    assert_type(naive.value, datetime)
    assert_type(exceptions.CalendarError, type[sla.CalendarError])
    _ = (error, calendar_error, never)


def rejected() -> None:
    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    sla.ALWAYS.add(t, 5)  # type: ignore[arg-type]
    sla.ALWAYS.between(t, "2025-06-02")  # type: ignore[arg-type]
    sla.ALWAYS.hours = sla.WeeklyHours.always()  # type: ignore[misc]


def service_levels() -> None:
    t = datetime(2026, 10, 1, tzinfo=UTC)
    outage = sla.Outage("api", t, t + timedelta(minutes=5))
    assert_type(sla.availability(t, t + timedelta(days=30), [outage]), Decimal)
    assert_type(sla.availability(t, t + timedelta(days=1), [(t, t)]), Decimal)
    contacts = [
        sla.Contact(timedelta(seconds=12)),
        sla.Contact(timedelta(0), answered=False),
    ]
    assert_type(sla.service_level(contacts, timedelta(seconds=20)), Decimal)
    assert_type(sla.nps([10, 9, 3]), Decimal)
    budget = sla.error_budget("99.9", t, t + timedelta(days=30), [outage])
    assert_type(budget, sla.ErrorBudget)
    assert_type(budget.left, timedelta)
    assert_type(budget.consumed, Decimal | None)
    assert_type(sla.burn_rate("99.9", t, timedelta(hours=1), [outage]), Decimal)


def credit_schedules() -> None:
    schedule = sla.CreditSchedule(
        [sla.CreditTier(Decimal("99.99"), 10), sla.CreditTier(Decimal("99.0"), 30)]
    )
    assert_type(schedule.percent_for(Decimal("99.5")), Decimal)
    assert_type(schedule.credit(Decimal("99.5"), Decimal(1000)), Decimal)
    assert_type(sla.StepCredit("99.5", "0.5", "0.5").percent_for("99"), Decimal)
    assert_type(sla.BreachCountCredit(3, 5).credit(4, 100, places=0), Decimal)
    assert_type(sla.RepeatedMissCredit(2, 3, 10).percent_for(2), Decimal)
    credit: sla.Credit = schedule
    _ = credit


def agreements() -> None:
    objective = sla.Objective(
        "uptime",
        sla.Availability("api"),
        "99.9",
        credit=sla.CreditSchedule([sla.CreditTier("99.9", 10)]),
    )
    agreement = sla.Agreement(
        "Cloud",
        sla.AgreementKind.CUSTOMER,
        [sla.Party("Acme", "provider"), sla.Party("Globex", sla.Role.CUSTOMER)],
        [objective],
        effective_from=date(2026, 1, 1),
        review_every=relativedelta(months=18),
        fee=1000,
    )
    assert_type(agreement.period, sla.Period)
    assert_type(agreement.tz, ZoneInfo)
    assert_type(agreement.effective_from, datetime)
    assert_type(
        agreement.next_review(datetime(2026, 5, 1, tzinfo=UTC)), datetime | None
    )
    report = agreement.evaluate(sla.Dataset(), date(2026, 10, 1))
    assert_type(report, sla.Report)
    assert_type(report.credit_amount, Decimal | None)
    assert_type(report.results[0], sla.ObjectiveResult)
    assert_type(report.results[0].value, Decimal | None)
    assert_type(report.to_dict(), dict[str, Any])
    assert_type(report.rows(), list[dict[str, Any]])
    assert_type(report.to_markdown(), str)
    reports = agreement.evaluate_range(
        sla.Dataset(), date(2026, 1, 1), date(2026, 7, 1)
    )
    assert_type(reports, tuple[sla.Report, ...])
    tally = agreement.tally(
        sla.Dataset(),
        date(2026, 1, 1),
        date(2026, 7, 1),
        now=datetime(2026, 7, 1, tzinfo=UTC),
    )
    assert_type(tally, sla.Tally)
    assert_type(tally + tally, sla.Tally)
    # Type checkers read sum() of tallies as `Tally | Literal[0]` (the sum of
    # nothing); reduce() keeps the type.
    total = functools.reduce(operator.add, [tally, tally])
    assert_type(agreement.report(total), tuple[sla.Report, ...])
    tally_error: sla.AgreementError = sla.TallyError("x", field="now")
    _ = tally_error
    measure: sla.Measure = sla.TicketAttainment(sla.Metric.RESOLUTION, ["high"])
    _ = measure
    error: sla.SlaError = sla.AgreementError("x", field="goal")
    _ = error


class _AtLeast:
    """A custom condition: any object with ``matches(ticket)``."""

    def matches(self, ticket: sla.Ticket, /) -> bool:
        seats: int = ticket.fields.get("seats", 0)
        return seats >= 100


def custom_conditions() -> None:
    policy = sla.Policy(
        "big",
        {"high": sla.Targets(resolution=timedelta(hours=4))},
        condition=_AtLeast(),
    )
    assert_type(policy.name, str)
