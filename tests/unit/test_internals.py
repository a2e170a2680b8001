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
from slacore._engine import CHUNK_US, Engine, chunk_range
from slacore._holidays import HolidaySource
from slacore._time import (
    MAX_US,
    MIN_US,
    US_PER_DAY,
    duration_us,
    format_us,
    to_us,
    to_zone,
)

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
        """Instants past what datetime holds are described by the end they pass."""
        assert format_us(MAX_US * 2) == (
            "an instant after 9999-12-31T23:59:59.999999+00:00"
        )
        assert format_us(-MAX_US * 2) == "an instant before 0001-01-01T00:00:00+00:00"

    def test_format_us_names_every_instant_a_datetime_holds(self):
        """The last day of 9999 (past `MAX_US`) is named by its ISO text."""
        late = datetime(9999, 12, 31, 23, tzinfo=UTC)
        assert to_us(late, "t") > MAX_US
        assert format_us(to_us(late, "t")) == "9999-12-31T23:00:00+00:00"


class TestNaiveDatetimeError:
    def test_of(self):
        """`NaiveDatetimeError.of` writes the message and keeps name and value."""
        naive = datetime(2025, 6, 2, 9)
        error = sla.NaiveDatetimeError.of("starts[3]", naive)
        assert (
            str(error)
            == "starts[3] must be timezone-aware, got naive 2025-06-02T09:00:00"
        )
        assert (error.name, error.value) == ("starts[3]", naive)


HOUR_US = 3_600_000_000
MON_US = to_us(MON, "t") - 9 * HOUR_US  # 2025-06-02T00:00Z


def office_engine() -> Engine:
    """The engine of Mon-Fri 09:00-17:00 UTC."""
    return sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine


class TestEngineInterface:
    """The package-internal interface timers, measures and batches call."""

    def test_between_and_position_span(self):
        """Open time between two instants, signed for reversed ones."""
        engine = office_engine()
        week = MON_US + 7 * US_PER_DAY
        assert engine.between_us(MON_US, week) == 40 * HOUR_US
        assert engine.between_us(week, MON_US) == -40 * HOUR_US
        assert engine.position_span(MON_US, week) == 40 * HOUR_US
        far = MON_US + 3 * CHUNK_US  # spans several chunks
        assert engine.between_us(MON_US, far) == engine.position_span(MON_US, far)

    def test_add_and_subtract(self):
        """Adding and subtracting open time, with the range edges."""
        engine = office_engine()
        fri_16 = MON_US + 4 * US_PER_DAY + 16 * HOUR_US
        mon_10 = MON_US + 7 * US_PER_DAY + 10 * HOUR_US
        assert engine.add_us(fri_16, 2 * HOUR_US) == mon_10
        assert engine.subtract_us(mon_10, 2 * HOUR_US) == fri_16
        assert engine.add_us_or_none(MAX_US - HOUR_US, 2 * HOUR_US) is None
        with pytest.raises(sla.CalendarError, match=r"runs past the year 9999$"):
            engine.add_us(MAX_US - HOUR_US, 2 * HOUR_US)
        with pytest.raises(sla.CalendarError, match=r"runs past the year 1$"):
            engine.subtract_us(MIN_US + HOUR_US, 2 * HOUR_US)

    def test_open_and_next(self):
        """Open or not, and when that changes."""
        engine = office_engine()
        assert engine.is_open_us(MON_US + 9 * HOUR_US) is True
        assert engine.is_open_us(MON_US + 17 * HOUR_US) is False
        assert engine.next_open_us(MON_US) == MON_US + 9 * HOUR_US
        assert engine.next_close_us(MON_US + 10 * HOUR_US) == MON_US + 17 * HOUR_US
        assert sla.ALWAYS.engine.next_close_us(MON_US) is None

    def test_spans(self):
        """Merged open spans of a range, clipped; and whole chunks for batches."""
        engine = office_engine()
        spans = list(
            engine.spans(MON_US + 10 * HOUR_US, MON_US + US_PER_DAY + 10 * HOUR_US)
        )
        assert spans == [
            (MON_US + 10 * HOUR_US, MON_US + 17 * HOUR_US),
            (MON_US + US_PER_DAY + 9 * HOUR_US, MON_US + US_PER_DAY + 10 * HOUR_US),
        ]
        k = MON_US // CHUNK_US
        whole = engine.chunk_spans(k, k)
        lo, hi = chunk_range(k)
        assert whole == engine.chunk(k).spans()
        assert all(lo <= s < e <= hi for s, e in whole)

    def test_combine(self):
        """The engine of a union or an intersection, and its bounds."""
        day = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine
        late = sla.BusinessCalendar("mon-fri 12:00-20:00", tz="UTC").engine
        either, both = day.combine("|", late), day.combine("&", late)
        assert either.between_us(MON_US, MON_US + US_PER_DAY) == 11 * HOUR_US
        assert both.between_us(MON_US, MON_US + US_PER_DAY) == 5 * HOUR_US
        assert either.bounds == (MAX_US + 1, MIN_US - 1)  # no dated exceptions

    def test_chunks_outside_the_range_are_empty(self):
        """Chunks wholly outside the years 1-9999 hold no open time."""
        engine = sla.ALWAYS.engine
        assert engine.chunk((MAX_US >> 45) + 2).total == 0
        assert engine.chunk((MIN_US >> 45) - 2).total == 0


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
