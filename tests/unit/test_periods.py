"""Reporting periods: where they start, and the last one a datetime can hold.

Periods tile time from one day's first instant (`_instants.local_midnight`) to the
next period's; a period that would end after 9999-12-31 is a `CalendarError`,
raised before anything is measured.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

import slacore as sla

ASUNCION = ZoneInfo("America/Asuncion")


def leads(period: str = "monthly") -> sla.Agreement:
    return sla.Agreement(
        "Leads",
        "internal",
        [sla.Party("Marketing", "provider"), sla.Party("Sales", "customer")],
        [sla.Objective("leads", sla.Volume(), 500)],
        period=period,
        effective_from=date(2026, 1, 1),
    )


class TestStarts:
    def test_a_month_whose_midnight_is_skipped(self) -> None:
        """Asunción went from 00:00 to 01:00 on 1 October 2023: October began at
        01:00, where September ended."""
        start, end = sla.Period.MONTHLY.bounds(datetime(2023, 10, 15, tzinfo=ASUNCION))
        assert start.isoformat() == "2023-10-01T01:00:00-03:00"
        _, september_end = sla.Period.MONTHLY.bounds(
            datetime(2023, 9, 15, tzinfo=ASUNCION)
        )
        assert september_end == start
        assert end.isoformat() == "2023-11-01T00:00:00-03:00"
        starts = sla.Period.MONTHLY.starts(date(2023, 9, 5), ASUNCION)
        assert [next(starts).isoformat() for _ in range(2)] == [
            "2023-09-01T00:00:00-04:00",
            "2023-10-01T01:00:00-03:00",
        ]


class TestTheLastPeriods:
    @pytest.mark.parametrize(
        ("period", "t", "first"),
        [
            ("monthly", datetime(9999, 12, 1, tzinfo=UTC), "9999-12-01"),
            ("quarterly", datetime(9999, 11, 1, tzinfo=UTC), "9999-10-01"),
            ("yearly", datetime(9999, 6, 1, tzinfo=UTC), "9999-01-01"),
            ("weekly", datetime(9999, 12, 30, tzinfo=UTC), "9999-12-27"),
        ],
    )
    def test_regression_a_period_ending_after_9999(
        self, period: str, t: datetime, first: str
    ) -> None:
        """Regression (fuzzing): `Period.bounds` raised a bare ``ValueError: year
        10000 is out of range``. It is a CalendarError naming the period."""
        with pytest.raises(sla.CalendarError) as info:
            sla.Period.parse(period).bounds(t)
        assert str(info.value) == (
            f"the {period} period starting {first} ends after 9999-12-31, outside "
            "the years a datetime can hold (1-9999)"
        )
        assert info.value.field == "period"

    def test_the_last_month_that_fits(self) -> None:
        start, end = sla.Period.MONTHLY.bounds(datetime(9999, 11, 15, tzinfo=UTC))
        assert (start.month, end.month) == (11, 12)

    def test_starts_stop_with_an_error(self) -> None:
        starts = sla.Period.YEARLY.starts(date(9998, 1, 1), UTC)
        assert [next(starts).year for _ in range(2)] == [9998, 9999]
        with pytest.raises(sla.CalendarError, match="no yearly period starts after"):
            next(starts)

    def test_regression_evaluate_fails_fast(self) -> None:
        """Regression (fuzzing): `evaluate(Dataset(), date(9999, 12, 1))` raised a
        bare ValueError, and through the CLI only after walking every period from
        2026. The period's bounds are taken first: a CalendarError at once."""
        began = time.monotonic()
        with pytest.raises(sla.CalendarError, match="ends after 9999-12-31"):
            leads().evaluate(sla.Dataset(), date(9999, 12, 1))
        assert time.monotonic() - began < 5
