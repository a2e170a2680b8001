"""Edges of the private helpers that the public tests do not reach."""

from __future__ import annotations

import io
import runpy
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import dateutil.tz
import holidays
import pytest

import slacore as sla
from slacore import _cli
from slacore._holidays import HolidaySource
from slacore._time import MAX_US, duration_us, format_us, to_us, to_zone

MON = datetime(2025, 6, 2, 9, tzinfo=UTC)


class TestTimeHelpers:
    def test_to_us_rejects_non_datetimes(self):
        """A value that is not a datetime is a TypeError naming the argument."""
        with pytest.raises(TypeError, match=r"^when must be a datetime, got str$"):
            to_us("2025-06-02", "when")

    def test_to_us_rejects_naive(self):
        """A naive datetime is a NaiveDatetimeError naming the argument."""
        with pytest.raises(
            sla.NaiveDatetimeError, match=r"^when must be timezone-aware"
        ):
            to_us(datetime(2025, 6, 2), "when")

    def test_duration_us(self):
        """Durations become integer microseconds; other types are a TypeError."""
        assert duration_us(timedelta(days=-1, microseconds=1), "d") == -86_399_999_999
        with pytest.raises(TypeError, match=r"^d must be a timedelta, got int$"):
            duration_us(5, "d")

    def test_to_zone_rejects_other_types(self):
        """A tz that is neither a name nor a ZoneInfo is a TypeError."""
        with pytest.raises(TypeError, match=r"^tz must be an IANA time zone name"):
            to_zone(3)

    def test_format_us_outside_datetime_range(self):
        """Instants past what datetime holds are still described in messages."""
        assert format_us(MAX_US * 2).endswith("microseconds after 1970-01-01T00:00:00Z")


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


class TestCommandLine:
    def test_main_module(self, monkeypatch, capsys):
        """`python -m slacore demo` runs main and exits 0."""
        monkeypatch.setattr(sys, "argv", ["slacore", "demo"])
        with pytest.raises(SystemExit) as info:
            runpy.run_module("slacore", run_name="__main__")
        assert info.value.code == 0
        assert "slacore demo: the bundled agreement" in capsys.readouterr().out

    def test_closed_pipe_is_not_an_error(self, monkeypatch, tmp_path):
        """A reader that goes away (`slacore demo | head`) ends the run quietly."""
        target = (tmp_path / "out").open("w")

        class Closed(io.StringIO):
            def write(self, _text: str) -> int:
                raise BrokenPipeError

            def fileno(self) -> int:
                return target.fileno()

        monkeypatch.setattr(sys, "stdout", Closed())
        assert _cli.main(["demo"]) == 0
        target.close()
        assert (tmp_path / "out").stat().st_size == 0


class TestResultTzinfo:
    def test_equal_fixed_offsets_keep_their_own_tzinfo(self):
        """Equal but distinct tzinfos (UTC, a named zero offset) each come back."""
        named = timezone(timedelta(0), "Z")
        for tz in (UTC, named, UTC, named):
            due = sla.ALWAYS.add(datetime(2025, 6, 2, tzinfo=tz), timedelta(hours=1))
            assert due.tzinfo is tz
            assert due == datetime(2025, 6, 2, 1, tzinfo=UTC)

    def test_unhashable_tzinfo(self):
        """A dateutil zone (unhashable) works and comes back as given."""
        berlin = dateutil.tz.gettz("Europe/Berlin")
        t = datetime(2025, 3, 29, 22, tzinfo=berlin)
        due = sla.ALWAYS.add(t, timedelta(hours=8))
        assert due.tzinfo is berlin
        assert due == datetime(2025, 3, 30, 5, tzinfo=UTC)


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
