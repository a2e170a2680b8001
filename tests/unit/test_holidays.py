"""Holiday sources: countries, subdivisions, plain dates, edited sources."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

import slacore as sla
from slacore._holidays import HolidaySource

MON = datetime(2025, 6, 2, 9, tzinfo=UTC)


class TestHolidaySources:
    def test_sum_of_countries(self):
        """A HolidaySum (Germany + France) works and compares by its value."""
        both = holidays.Germany() + holidays.France()
        cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC", holidays=both)
        # 2025-07-14 is Bastille Day (France), 2025-10-03 German Unity Day.
        assert cal.is_open(datetime(2025, 7, 14, 10, tzinfo=UTC)) is False
        assert cal.is_open(datetime(2025, 10, 3, 10, tzinfo=UTC)) is False
        assert cal.is_open(datetime(2025, 10, 2, 10, tzinfo=UTC)) is True
        again = holidays.Germany() + holidays.France()
        assert HolidaySource.of(both) == HolidaySource.of(again)

    def test_non_expanding_base_keeps_its_years(self):
        """A HolidayBase built with expand=False only knows the years it holds."""
        fixed = holidays.Germany(years=2025, expand=False)
        cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC", holidays=fixed)
        assert cal.is_open(datetime(2025, 10, 3, 10, tzinfo=UTC)) is False
        assert cal.is_open(datetime(2026, 10, 2, 10, tzinfo=UTC)) is True  # a Friday
        # 2026-10-03 is a Saturday; 2027-10-04 is a Monday, not a holiday in 2027
        assert cal.is_open(datetime(2027, 10, 4, 10, tzinfo=UTC)) is True

    def test_user_added_and_removed_dates(self):
        """Dates added to or removed from a HolidayBase count, and change equality."""
        edited = holidays.Germany(years=2025)
        edited[date(2025, 6, 2)] = "Company day"
        edited.pop(date(2025, 10, 3))
        cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC", holidays=edited)
        assert cal.is_open(datetime(2025, 6, 2, 10, tzinfo=UTC)) is False
        assert cal.is_open(datetime(2025, 10, 3, 10, tzinfo=UTC)) is True
        plain = sla.BusinessCalendar(
            "mon-fri 09:00-17:00", tz="UTC", holidays=holidays.Germany(years=2025)
        )
        assert cal != plain

    def test_later_edits_do_not_leak_in(self):
        """The calendar keeps its own copy: later edits to the base do not count."""
        base = holidays.Germany(years=2025)
        cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC", holidays=base)
        base[date(2025, 6, 3)] = "Too late"
        assert cal.is_open(datetime(2025, 6, 3, 10, tzinfo=UTC)) is True

    def test_reprs(self):
        """Sources and calendars have short, readable reprs."""
        dated = sla.BusinessCalendar(
            "mon-fri 09:00-17:00",
            tz="UTC",
            holidays=[date(2025, 1, 1)],
            shifts={date(2025, 12, 24): "09:00-12:00"},
            closures=[(MON, MON + timedelta(hours=1))],
            openings=[(MON - timedelta(days=2), MON - timedelta(days=2, hours=-4))],
        )
        assert repr(dated) == (
            "BusinessCalendar(WeeklyHours.parse('mon-fri 09:00-17:00'), tz='UTC', "
            "holidays=<holidays: 1 dates>, shifts=<1 dates>, closures=<1>, "
            "openings=<1>)"
        )
        germany = HolidaySource.of(holidays.country_holidays("DE", subdiv="BY"))
        assert repr(germany) == "<holidays: holidays.DE subdiv='BY'>"


class TestCheckCountry:
    def test_known(self):
        """Countries, subdivisions and subdivision aliases the package knows pass."""
        from slacore._holidays import check_country

        check_country("DE")
        check_country("DE", "BY")
        check_country("US", "California")

    def test_unknown(self):
        """An unknown country or subdivision is a CalendarError naming what exists."""
        from slacore._holidays import check_country

        with pytest.raises(sla.CalendarError, match="no country 'XX'") as info:
            check_country("XX")
        assert info.value.field == "holidays"
        with pytest.raises(
            sla.CalendarError, match=r"'DE' has no subdivision 'XX' \(it has .*BY, "
        ):
            check_country("DE", "XX")
