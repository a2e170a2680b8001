from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from tests.instants import utc

from slacore import (
    ALWAYS,
    BusinessCalendar,
    CalendarError,
    Closure,
    NaiveDatetimeError,
    NeverOpenError,
    Opening,
    SlaError,
    WeeklyHours,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
US = timedelta(microseconds=1)


def office(tz: str | ZoneInfo = "UTC", **kwargs: object) -> BusinessCalendar:
    """Monday to Friday, 09:00-17:00 in *tz*."""
    return BusinessCalendar("mon-fri 09:00-17:00", tz=tz, **kwargs)  # type: ignore[arg-type]


def intervals_utc(cal, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
    """open_intervals converted to UTC, so that comparisons are by instant."""
    return [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in cal.open_intervals(a, b)]


def around(day: date) -> tuple[datetime, datetime]:
    """A UTC window of two days either side of *day*."""
    mid = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return mid - timedelta(days=2), mid + timedelta(days=2)


# -- DST ------------------------------------------------------------------------------

# Each row: zone, transition date, hours, expected open time on that day, expected
# open intervals in UTC. The docstring of each test explains the arithmetic.
BERLIN_SPRING = date(2025, 3, 30)  # 02:00 CET (+1) -> 03:00 CEST (+2), at 01:00Z
BERLIN_FALL = date(2025, 10, 26)  # 03:00 CEST (+2) -> 02:00 CET (+1), at 01:00Z
NY_SPRING = date(2025, 3, 9)  # 02:00 EST (-5) -> 03:00 EDT (-4), at 07:00Z
NY_FALL = date(2025, 11, 2)  # 02:00 EDT (-4) -> 01:00 EST (-5), at 06:00Z
LH_BACK = date(2025, 4, 6)  # 02:00 LHDT (+11) -> 01:30 LHST (+10:30), at 15:00Z
LH_FORWARD = date(2025, 10, 5)  # 02:00 LHST (+10:30) -> 02:30 LHDT (+11), at 15:30Z


class TestBerlinSpringForward:
    """Europe/Berlin, Sunday 2025-03-30: 02:00 CET (+01) jumps to 03:00 CEST (+02)."""

    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 CET = 03-29 23:00Z; 24:00 = 03-31 00:00 CEST = 03-30 22:00Z: 23h.
            ("sun 00:00-24:00", 23 * H, [(utc(2025, 3, 29, 23), utc(2025, 3, 30, 22))]),
            # 01:00 CET = 00:00Z; 04:00 CEST = 02:00Z: 2h, not 3h.
            ("sun 01:00-04:00", 2 * H, [(utc(2025, 3, 30, 0), utc(2025, 3, 30, 2))]),
            # 02:00 (gap, fold=0 -> +01) = 01:00Z; 03:00 CEST = 01:00Z: empty.
            ("sun 02:00-03:00", timedelta(0), []),
            # 02:15 (gap, +01) = 01:15Z is after 03:00 CEST = 01:00Z: empty.
            ("sun 02:15-03:00", timedelta(0), []),
            # 01:00 CET = 00:00Z; 03:00 CEST = 01:00Z: 1h.
            ("sun 01:00-03:00", H, [(utc(2025, 3, 30, 0), utc(2025, 3, 30, 1))]),
            # Sat 22:00 CET = 21:00Z; Sun 06:00 CEST = 04:00Z: the night is 7h.
            ("sat 22:00-06:00", 7 * H, [(utc(2025, 3, 29, 21), utc(2025, 3, 30, 4))]),
            # 02:30 (gap, fold=0 -> +01) = 01:30Z; 05:00 CEST = 03:00Z: 1h30.
            (
                "sun 02:30-05:00",
                90 * MIN,
                [(utc(2025, 3, 30, 1, 30), utc(2025, 3, 30, 3))],
            ),
        ],
    )
    def test_open_time(self, hours, expected, spans):
        """Open time on the spring-forward day is the real elapsed time (fold=0)."""
        cal = BusinessCalendar(hours, tz="Europe/Berlin")
        a, b = around(BERLIN_SPRING)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans

    def test_gap_wall_time_reads_offset_before_gap(self):
        """02:30 on the spring day is read at +01 (fold=0): it opens at 03:30 CEST."""
        cal = BusinessCalendar("sun 02:30-05:00", tz="Europe/Berlin")
        opened = cal.next_open(datetime(2025, 3, 29, 12, tzinfo=BERLIN))
        assert opened == utc(2025, 3, 30, 1, 30)
        assert (opened.hour, opened.minute, opened.tzinfo) == (3, 30, BERLIN)

    def test_interval_inside_gap_keeps_fold0_length(self):
        """02:00-02:30 maps by fold=0 to 01:00Z-01:30Z, so it is open for 30 minutes.

        Both ends lie in the gap and are read at +01, so the interval is the real
        half hour 03:00-03:30 CEST. (Literal PEP 495 / RFC 5545 reading; see report.)
        """
        cal = BusinessCalendar("sun 02:00-02:30", tz="Europe/Berlin")
        a, b = around(BERLIN_SPRING)
        assert intervals_utc(cal, a, b) == [
            (utc(2025, 3, 30, 1), utc(2025, 3, 30, 1, 30))
        ]

    def test_add_across_spring_forward(self):
        """A 24/7 Berlin calendar adds real hours: 00:00 + 24h is 01:00 the next day."""
        cal = BusinessCalendar.always("Europe/Berlin")
        t = datetime(2025, 3, 30, 0, tzinfo=BERLIN)
        result = cal.add(t, 24 * H)
        assert result == utc(2025, 3, 30, 23)
        assert (result.day, result.hour, result.tzinfo) == (31, 1, BERLIN)

    def test_between_with_same_zone_inputs(self):
        """Two Berlin datetimes a wall-clock day apart hold 23h, not 24h, of time.

        Python subtracts datetimes that share a tzinfo on the wall clock, which would
        give 24h here; the calendar must count the real 23h.
        """
        a = datetime(2025, 3, 30, 0, tzinfo=BERLIN)
        b = datetime(2025, 3, 31, 0, tzinfo=BERLIN)
        assert ALWAYS.between(a, b) == 23 * H
        assert BusinessCalendar.always("Europe/Berlin").between(a, b) == 23 * H
        assert BusinessCalendar("sun 24h", tz="Europe/Berlin").between(a, b) == 23 * H

    def test_subtract_across_spring_forward(self):
        """Going back 3h from 04:00 CEST lands on 00:00 CET (02:00-03:00 never was)."""
        t = datetime(2025, 3, 30, 4, tzinfo=BERLIN)
        result = ALWAYS.subtract(t, 3 * H)
        assert result == utc(2025, 3, 29, 23)
        assert (result.day, result.hour, result.tzinfo) == (30, 0, BERLIN)


class TestBerlinFallBack:
    """Europe/Berlin, Sunday 2025-10-26: 03:00 CEST (+02) falls back to 02:00 CET."""

    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 CEST = 10-25 22:00Z; 24:00 = 10-27 00:00 CET = 10-26 23:00Z: 25h.
            (
                "sun 00:00-24:00",
                25 * H,
                [(utc(2025, 10, 25, 22), utc(2025, 10, 26, 23))],
            ),
            # 01:00 CEST = 10-25 23:00Z; 04:00 CET = 03:00Z: 4h, not 3h.
            (
                "sun 01:00-04:00",
                4 * H,
                [(utc(2025, 10, 25, 23), utc(2025, 10, 26, 3))],
            ),
            # 02:00 (fold=0, first: CEST) = 00:00Z; 03:00 CET = 02:00Z: 2h.
            ("sun 02:00-03:00", 2 * H, [(utc(2025, 10, 26, 0), utc(2025, 10, 26, 2))]),
            # 01:00 CEST = 23:00Z; 02:00 (fold=0, CEST) = 00:00Z: 1h.
            ("sun 01:00-02:00", H, [(utc(2025, 10, 25, 23), utc(2025, 10, 26, 0))]),
            # Sat 22:00 CEST = 20:00Z; Sun 06:00 CET = 05:00Z: the night is 9h.
            (
                "sat 22:00-06:00",
                9 * H,
                [(utc(2025, 10, 25, 20), utc(2025, 10, 26, 5))],
            ),
        ],
    )
    def test_open_time(self, hours, expected, spans):
        """Open time on the fall-back day includes the repeated hour."""
        cal = BusinessCalendar(hours, tz="Europe/Berlin")
        a, b = around(BERLIN_FALL)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans

    def test_fold_of_input_is_honoured(self):
        """02:15 fold=0 (00:15Z) is inside 02:00-02:30 (fold=0); 02:15 fold=1 is not."""
        cal = BusinessCalendar("sun 02:00-02:30", tz="Europe/Berlin")
        first = datetime(2025, 10, 26, 2, 15, tzinfo=BERLIN)
        second = datetime(2025, 10, 26, 2, 15, tzinfo=BERLIN, fold=1)
        assert cal.is_open(first) is True
        assert cal.is_open(second) is False

    def test_between_folds_is_one_hour(self):
        """02:30 (first) to 02:30 (second) is one real hour, though the walls agree."""
        a = datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN)
        b = datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN, fold=1)
        assert ALWAYS.between(a, b) == H
        assert ALWAYS.between(b, a) == -H

    def test_add_into_repeated_hour(self):
        """00:00 CEST + 3h is 01:00Z, shown as 02:00 CET with fold=1."""
        t = datetime(2025, 10, 26, 0, tzinfo=BERLIN)
        result = BusinessCalendar.always("Europe/Berlin").add(t, 3 * H)
        # PEP 495: == across zones is always False for a time in the fold, so
        # compare in UTC.
        assert result.astimezone(UTC) == utc(2025, 10, 26, 1)
        assert (result.hour, result.fold, result.tzinfo) == (2, 1, BERLIN)

    def test_between_day_with_same_zone_inputs(self):
        """Two Berlin midnights around the fall-back day hold 25h of time."""
        a = datetime(2025, 10, 26, 0, tzinfo=BERLIN)
        b = datetime(2025, 10, 27, 0, tzinfo=BERLIN)
        assert ALWAYS.between(a, b) == 25 * H
        assert BusinessCalendar("sun 24h", tz="Europe/Berlin").between(a, b) == 25 * H


class TestNewYork:
    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 EST = 05:00Z; 24:00 = 03-10 00:00 EDT = 04:00Z: 23h.
            ("sun 00:00-24:00", 23 * H, [(utc(2025, 3, 9, 5), utc(2025, 3, 10, 4))]),
            # 01:00 EST = 06:00Z; 04:00 EDT = 08:00Z: 2h.
            ("sun 01:00-04:00", 2 * H, [(utc(2025, 3, 9, 6), utc(2025, 3, 9, 8))]),
            # 02:00 (gap, fold=0 -> EST) = 07:00Z; 03:00 EDT = 07:00Z: empty.
            ("sun 02:00-03:00", timedelta(0), []),
            # 02:30 (gap -> EST) = 07:30Z; 04:00 EDT = 08:00Z: 30 minutes.
            (
                "sun 02:30-04:00",
                30 * MIN,
                [(utc(2025, 3, 9, 7, 30), utc(2025, 3, 9, 8))],
            ),
            # Sat 22:00 EST = Sun 03:00Z; Sun 06:00 EDT = 10:00Z: 7h.
            ("sat 22:00-06:00", 7 * H, [(utc(2025, 3, 9, 3), utc(2025, 3, 9, 10))]),
        ],
    )
    def test_spring_forward(self, hours, expected, spans):
        """America/New_York 2025-03-09: 02:00 EST jumps to 03:00 EDT."""
        cal = BusinessCalendar(hours, tz="America/New_York")
        a, b = around(NY_SPRING)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans

    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 EDT = 04:00Z; 24:00 = 11-03 00:00 EST = 05:00Z: 25h.
            ("sun 00:00-24:00", 25 * H, [(utc(2025, 11, 2, 4), utc(2025, 11, 3, 5))]),
            # 01:00 (fold=0, EDT) = 05:00Z; 02:00 EST = 07:00Z: 2h.
            ("sun 01:00-02:00", 2 * H, [(utc(2025, 11, 2, 5), utc(2025, 11, 2, 7))]),
            # 01:00 EDT = 05:00Z; 04:00 EST = 09:00Z: 4h.
            ("sun 01:00-04:00", 4 * H, [(utc(2025, 11, 2, 5), utc(2025, 11, 2, 9))]),
            # Sat 22:00 EDT = Sun 02:00Z; Sun 06:00 EST = 11:00Z: 9h.
            ("sat 22:00-06:00", 9 * H, [(utc(2025, 11, 2, 2), utc(2025, 11, 2, 11))]),
        ],
    )
    def test_fall_back(self, hours, expected, spans):
        """America/New_York 2025-11-02: 02:00 EDT falls back to 01:00 EST."""
        cal = BusinessCalendar(hours, tz="America/New_York")
        a, b = around(NY_FALL)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans

    def test_nine_to_five_unchanged_by_night_transition(self):
        """A transition at night leaves Monday's 09:00-17:00 at 8 real hours."""
        cal = office("America/New_York")
        monday = datetime(2025, 3, 10, tzinfo=NEW_YORK)
        assert cal.between(monday, monday + timedelta(days=1)) == 8 * H
        assert cal.next_open(monday) == utc(2025, 3, 10, 13)


class TestLordHowe:
    """Australia/Lord_Howe shifts its clock by only 30 minutes."""

    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 LHDT (+11) = 04-05 13:00Z; 24:00 = 04-07 00:00 LHST = 13:30Z: 24h30.
            (
                "sun 00:00-24:00",
                24 * H + 30 * MIN,
                [(utc(2025, 4, 5, 13), utc(2025, 4, 6, 13, 30))],
            ),
            # 01:30 (fold=0, LHDT) = 14:30Z; 02:00 LHST = 15:30Z: 1h.
            (
                "sun 01:30-02:00",
                H,
                [(utc(2025, 4, 5, 14, 30), utc(2025, 4, 5, 15, 30))],
            ),
            # 01:00 LHDT = 14:00Z; 03:00 LHST = 16:30Z: 2h30.
            (
                "sun 01:00-03:00",
                150 * MIN,
                [(utc(2025, 4, 5, 14), utc(2025, 4, 5, 16, 30))],
            ),
        ],
    )
    def test_dst_ends(self, hours, expected, spans):
        """2025-04-06: 02:00 LHDT (+11:00) falls back to 01:30 LHST (+10:30)."""
        cal = BusinessCalendar(hours, tz="Australia/Lord_Howe")
        a, b = around(LH_BACK)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans

    @pytest.mark.parametrize(
        ("hours", "expected", "spans"),
        [
            # 00:00 LHST (+10:30) = 10-04 13:30Z; 24:00 = 10-06 00:00 LHDT = 13:00Z.
            (
                "sun 00:00-24:00",
                23 * H + 30 * MIN,
                [(utc(2025, 10, 4, 13, 30), utc(2025, 10, 5, 13))],
            ),
            # 02:00 (gap, fold=0 -> +10:30) = 15:30Z; 02:30 LHDT = 15:30Z: empty.
            ("sun 02:00-02:30", timedelta(0), []),
            # 02:15 (gap -> +10:30) = 15:45Z; 03:00 LHDT = 16:00Z: 15 minutes.
            (
                "sun 02:15-03:00",
                15 * MIN,
                [(utc(2025, 10, 4, 15, 45), utc(2025, 10, 4, 16))],
            ),
            # Sat 22:00 LHST = 11:30Z; Sun 06:00 LHDT = 19:00Z: 7h30.
            (
                "sat 22:00-06:00",
                7 * H + 30 * MIN,
                [(utc(2025, 10, 4, 11, 30), utc(2025, 10, 4, 19))],
            ),
        ],
    )
    def test_dst_starts(self, hours, expected, spans):
        """2025-10-05: 02:00 LHST (+10:30) jumps to 02:30 LHDT (+11:00)."""
        cal = BusinessCalendar(hours, tz="Australia/Lord_Howe")
        a, b = around(LH_FORWARD)
        assert cal.between(a, b) == expected
        assert intervals_utc(cal, a, b) == spans


# -- holidays, shifts, closures, openings --------------------------------------------


class TestHolidays:
    def test_holiday_on_overnight_start_day(self):
        """A holiday on Tuesday closes Tuesday's night shift, after midnight too.

        Mon 22:00-Tue 06:00 stays (it starts on Monday); Tue 22:00-Wed 06:00 is gone.
        """
        cal = BusinessCalendar(
            "mon-fri 22:00-06:00", tz="UTC", holidays=[date(2025, 6, 3)]
        )
        spans = intervals_utc(cal, utc(2025, 6, 2), utc(2025, 6, 5))
        assert spans == [
            (utc(2025, 6, 2, 22), utc(2025, 6, 3, 6)),
            (utc(2025, 6, 4, 22), utc(2025, 6, 5)),
        ]
        assert cal.is_open(utc(2025, 6, 4, 3)) is False

    def test_holiday_on_overnight_end_day(self):
        """A holiday on Saturday does not close Friday night's spill into Saturday."""
        cal = BusinessCalendar("fri 22:00-06:00", tz="UTC", holidays=[date(2025, 6, 7)])
        assert cal.between(utc(2025, 6, 6), utc(2025, 6, 8)) == 8 * H
        assert cal.is_open(utc(2025, 6, 7, 5)) is True

    def test_holiday_is_local_date(self):
        """A holiday closes the intervals starting on that *local* date (Berlin)."""
        cal = BusinessCalendar(
            "mon-sun 00:00-02:00", tz="Europe/Berlin", holidays=[date(2025, 6, 3)]
        )
        # 2025-06-03 00:00-02:00 CEST is 06-02 22:00Z-06-03 00:00Z: closed.
        assert cal.is_open(utc(2025, 6, 2, 23)) is False
        # 2025-06-04 00:00-02:00 CEST is 06-03 22:00Z-06-04 00:00Z: open.
        assert cal.is_open(utc(2025, 6, 3, 23)) is True

    def test_country_holidays_bavaria_2025(self):
        """Bavaria 2025 has 11 weekday holidays, so 261 - 11 = 250 working days.

        Weekday holidays: Jan 1, Jan 6, Apr 18, Apr 21, May 1, May 29, Jun 9,
        Jun 19, Oct 3, Dec 25, Dec 26 (Nov 1 is a Saturday).
        """
        cal = office(
            "Europe/Berlin", holidays=holidays.country_holidays("DE", subdiv="BY")
        )
        a = datetime(2025, 1, 1, tzinfo=BERLIN)
        b = datetime(2026, 1, 1, tzinfo=BERLIN)
        assert cal.between(a, b) == 250 * 8 * H

    def test_country_holidays_skips_epiphany(self):
        """Monday 2025-01-06 (Epiphany, Bavaria only) is closed in BY, open in BE."""
        t = datetime(2025, 1, 6, 12, tzinfo=BERLIN)
        by = office(
            "Europe/Berlin", holidays=holidays.country_holidays("DE", subdiv="BY")
        )
        be = office(
            "Europe/Berlin", holidays=holidays.country_holidays("DE", subdiv="BE")
        )
        assert by.is_open(t) is False
        assert be.is_open(t) is True
        assert by.next_open(t) == datetime(2025, 1, 7, 9, tzinfo=BERLIN)

    def test_country_holidays_any_year_it_knows(self):
        """A HolidayBase is asked year by year: Christmas 2099 is closed too."""
        cal = office(
            "Europe/Berlin", holidays=holidays.country_holidays("DE", subdiv="BY")
        )
        # 2099-12-24 is a Thursday; the 25th and 26th (Fri, Sat) are holidays.
        t = datetime(2099, 12, 24, 16, tzinfo=BERLIN)
        assert cal.add(t, 2 * H) == datetime(2099, 12, 28, 10, tzinfo=BERLIN)

    def test_plain_date_iterable(self):
        """A plain iterable of dates (here a generator) works as holidays."""
        days = (date(2025, 6, d) for d in (2, 3))
        cal = office(holidays=days)
        assert cal.next_open(utc(2025, 6, 2, 8)) == utc(2025, 6, 4, 9)

    def test_holiday_mutation_after_build_is_ignored(self):
        """Changing the HolidayBase after building the calendar changes nothing."""
        base = holidays.Germany(years=2025)
        cal = office(holidays=base)
        base[date(2025, 6, 2)] = "Made up"
        assert cal.is_open(utc(2025, 6, 2, 12)) is True


class TestShifts:
    def test_shift_replaces_weekly_hours(self):
        """A shift gives a date its own hours (a short day)."""
        cal = office(shifts={date(2025, 6, 4): "09:00-12:00"})
        assert cal.between(utc(2025, 6, 4), utc(2025, 6, 5)) == 3 * H

    def test_shift_closed(self):
        """A shift of 'closed' closes an ordinary working day."""
        cal = office(shifts={date(2025, 6, 4): "closed"})
        assert cal.next_open(utc(2025, 6, 4, 8)) == utc(2025, 6, 5, 9)

    def test_shift_on_weekend(self):
        """A shift can open a Saturday."""
        cal = office(shifts={date(2025, 6, 7): "10:00-12:00"})
        assert cal.add(utc(2025, 6, 6, 16), 2 * H) == utc(2025, 6, 7, 11)

    def test_shift_wins_over_holiday(self):
        """A shift on a holiday opens it (a holiday worked on purpose)."""
        cal = office(
            "Europe/Berlin",
            holidays=holidays.country_holidays("DE", subdiv="BY"),
            shifts={
                date(2025, 12, 24): "09:00-12:00",
                date(2025, 12, 26): "10:00-11:00",
            },
        )
        # Dec 23: 16-17 (1h); Dec 24: 09-12 (3h); Dec 25 holiday; Dec 26: 10-11.
        t = datetime(2025, 12, 23, 16, tzinfo=BERLIN)
        assert cal.add(t, 5 * H) == datetime(2025, 12, 26, 11, tzinfo=BERLIN)

    def test_shift_overnight(self):
        """A shift may run overnight; it belongs to its date."""
        cal = BusinessCalendar("", tz="UTC", shifts={date(2025, 6, 7): "22:00-02:00"})
        spans = intervals_utc(cal, utc(2025, 6, 1), utc(2025, 6, 15))
        assert spans == [(utc(2025, 6, 7, 22), utc(2025, 6, 8, 2))]

    def test_shift_as_iterable_of_pairs(self):
        """Shifts may be given as (date, hours) pairs."""
        cal = office(shifts=[(date(2025, 6, 4), "09:00-12:00")])
        assert cal == office(shifts={date(2025, 6, 4): "09:00-12:00"})


class TestClosuresAndOpenings:
    def test_closure_across_midnight(self):
        """A closure from 22:00 to 06:00 the next day cuts both days."""
        closure = Closure(
            datetime(2025, 6, 2, 22, tzinfo=BERLIN),
            datetime(2025, 6, 3, 6, tzinfo=BERLIN),
        )
        cal = BusinessCalendar("mon-sun 24h", tz="Europe/Berlin", closures=[closure])
        a, b = datetime(2025, 6, 2, tzinfo=BERLIN), datetime(2025, 6, 4, tzinfo=BERLIN)
        assert cal.between(a, b) == 40 * H
        assert cal.next_open(datetime(2025, 6, 2, 23, tzinfo=BERLIN)) == datetime(
            2025, 6, 3, 6, tzinfo=BERLIN
        )
        assert cal.next_close(datetime(2025, 6, 2, 12, tzinfo=BERLIN)) == datetime(
            2025, 6, 2, 22, tzinfo=BERLIN
        )

    def test_closure_as_pair(self):
        """Closures may be given as (start, end) pairs."""
        pair = (utc(2025, 6, 2, 12), utc(2025, 6, 2, 13))
        assert office(closures=[pair]) == office(closures=[Closure(*pair)])

    def test_closure_wins_over_opening(self):
        """Where a closure and an opening overlap, the calendar is closed."""
        cal = office(
            openings=[Opening(utc(2025, 6, 7, 10), utc(2025, 6, 7, 14))],
            closures=[Closure(utc(2025, 6, 7, 12), utc(2025, 6, 7, 13))],
        )
        spans = intervals_utc(cal, utc(2025, 6, 7), utc(2025, 6, 8))
        assert spans == [
            (utc(2025, 6, 7, 10), utc(2025, 6, 7, 12)),
            (utc(2025, 6, 7, 13), utc(2025, 6, 7, 14)),
        ]

    def test_closure_wins_over_shift(self):
        """A closure also beats a shift."""
        cal = office(
            shifts={date(2025, 6, 7): "09:00-17:00"},
            closures=[(utc(2025, 6, 7), utc(2025, 6, 8))],
        )
        assert cal.between(utc(2025, 6, 7), utc(2025, 6, 8)) == timedelta(0)

    def test_opening_on_saturday(self):
        """An opening on Saturday adds open time to a weekday calendar."""
        cal = office(
            "Europe/Berlin",
            openings=[
                Opening(
                    datetime(2025, 6, 7, 10, tzinfo=BERLIN),
                    datetime(2025, 6, 7, 14, tzinfo=BERLIN),
                    reason="stocktaking",
                )
            ],
        )
        # Fri 16:00-17:00 is 1h, then Saturday 10:00 + 1h.
        t = datetime(2025, 6, 6, 16, tzinfo=BERLIN)
        assert cal.add(t, 2 * H) == datetime(2025, 6, 7, 11, tzinfo=BERLIN)

    def test_opening_wins_over_holiday(self):
        """An opening on a holiday opens it."""
        cal = office(
            holidays=[date(2025, 6, 2)],
            openings=[(utc(2025, 6, 2, 10), utc(2025, 6, 2, 11))],
        )
        assert cal.between(utc(2025, 6, 2), utc(2025, 6, 3)) == H

    def test_opening_extends_hours(self):
        """An opening next to the hours merges with them."""
        cal = office(openings=[(utc(2025, 6, 2, 17), utc(2025, 6, 2, 19))])
        spans = intervals_utc(cal, utc(2025, 6, 2), utc(2025, 6, 3))
        assert spans == [(utc(2025, 6, 2, 9), utc(2025, 6, 2, 19))]

    def test_long_closure(self):
        """A five-year closure is skipped, not mistaken for a never-open calendar.

        2030-01-01 is a Tuesday; before the closure, 2024-12-31 is a Tuesday too.
        """
        cal = office(closures=[(utc(2025, 1, 1), utc(2030, 1, 1))])
        assert cal.add(utc(2025, 6, 2), H) == utc(2030, 1, 1, 10)
        assert cal.subtract(utc(2030, 1, 1, 10), 2 * H) == utc(2024, 12, 31, 16)
        assert cal.next_open(utc(2025, 6, 2)) == utc(2030, 1, 1, 9)

    def test_only_an_opening(self):
        """A calendar that is only open in one opening answers around it."""
        cal = BusinessCalendar(
            "", tz="UTC", openings=[(utc(2025, 6, 7, 10), utc(2025, 6, 7, 14))]
        )
        assert cal.add(utc(2025, 6, 1), 2 * H) == utc(2025, 6, 7, 12)
        assert cal.subtract(utc(2025, 6, 9), H) == utc(2025, 6, 7, 13)
        assert cal.next_open(utc(2025, 6, 1)) == utc(2025, 6, 7, 10)
        with pytest.raises(NeverOpenError, match=r"^the calendar is never open after "):
            cal.add(utc(2025, 6, 1), 5 * H)


# -- the queries -----------------------------------------------------------------------


class TestIsOpen:
    @pytest.mark.parametrize(
        ("t", "expected"),
        [
            (utc(2025, 6, 2, 8, 59, 59, 999999), False),
            (utc(2025, 6, 2, 9), True),
            (utc(2025, 6, 2, 16, 59, 59, 999999), True),
            (utc(2025, 6, 2, 17), False),
            (utc(2025, 6, 7, 12), False),
        ],
    )
    def test_half_open(self, t, expected):
        """Intervals are half-open: open at 09:00, closed at 17:00."""
        assert office().is_open(t) is expected

    def test_always(self):
        """ALWAYS is open at any instant."""
        assert ALWAYS.is_open(utc(2025, 12, 25, 3)) is True


class TestBetween:
    def test_across_weekend(self):
        """Friday 16:00 to Monday 10:00 holds 2h of office time."""
        assert office().between(utc(2025, 6, 6, 16), utc(2025, 6, 9, 10)) == 2 * H

    def test_reversed_is_negative(self):
        """between(b, a) is -between(a, b)."""
        assert office().between(utc(2025, 6, 9, 10), utc(2025, 6, 6, 16)) == -2 * H

    def test_empty_span(self):
        """between(t, t) is zero."""
        assert office().between(utc(2025, 6, 2, 10), utc(2025, 6, 2, 10)) == timedelta(
            0
        )

    def test_ten_years(self):
        """2025-01-01 to 2035-01-01 holds 2608 weekdays of 8h (20864h).

        3652 days = 521 weeks (2605 weekdays) + 5 days from a Wednesday (3 more).
        """
        assert office().between(utc(2025, 1, 1), utc(2035, 1, 1)) == 20864 * H

    def test_microseconds(self):
        """between is exact to the microsecond."""
        a = utc(2025, 6, 6, 16, 59, 59, 999999)
        b = utc(2025, 6, 9, 9, 0, 0, 1)
        assert office().between(a, b) == 2 * US

    def test_always_is_real_time(self):
        """For ALWAYS, between(a, b) == b - a in real time."""
        a, b = utc(2025, 1, 1), utc(2025, 7, 1, 3, 4, 5, 6)
        assert ALWAYS.between(a, b) == b - a


class TestAdd:
    def test_across_weekend(self):
        """Friday 16:00 + 2h is Monday 10:00."""
        assert office().add(utc(2025, 6, 6, 16), 2 * H) == utc(2025, 6, 9, 10)

    def test_due_at_closing_time(self):
        """A target that runs out exactly at closing time is due at closing time."""
        assert office().add(utc(2025, 6, 6, 16), H) == utc(2025, 6, 6, 17)

    def test_due_at_closing_time_of_split_day(self):
        """Running out at a lunch break is due at 12:00, not 13:00."""
        cal = BusinessCalendar("mon-fri 09:00-12:00,13:00-17:00", tz="UTC")
        assert cal.add(utc(2025, 6, 2, 9), 3 * H) == utc(2025, 6, 2, 12)

    def test_zero(self):
        """add(t, 0) == t, even when the calendar is closed at t."""
        t = datetime(2025, 6, 7, 12, tzinfo=BERLIN)
        result = office().add(t, timedelta(0))
        assert result == t
        assert result.tzinfo is BERLIN

    def test_from_closed_time(self):
        """Adding from a closed instant starts counting at the next opening."""
        assert office().add(utc(2025, 6, 7, 12), H) == utc(2025, 6, 9, 10)

    def test_negative_is_subtract(self):
        """add(t, -d) is subtract(t, d)."""
        t = utc(2025, 6, 9, 10)
        assert office().add(t, -2 * H) == utc(2025, 6, 6, 16)
        assert office().add(t, -2 * H) == office().subtract(t, 2 * H)

    def test_microseconds(self):
        """One microsecond past closing time moves to the next opening."""
        t = utc(2025, 6, 6, 16, 59, 59, 999999)
        assert office().add(t, US) == utc(2025, 6, 6, 17)
        assert office().add(t, 2 * US) == utc(2025, 6, 9, 9, 0, 0, 1)

    def test_ten_years(self):
        """Adding 20864h from 2025-01-01 ends at the last weekday before 2035.

        That is Friday 2034-12-29 at closing time (2035-01-01 is a Monday).
        """
        assert office().add(utc(2025, 1, 1), 20864 * H) == utc(2034, 12, 29, 17)

    def test_always(self):
        """For ALWAYS, add(t, d) == t + d."""
        t = utc(2025, 3, 30)
        assert ALWAYS.add(t, 30 * H + 7 * US) == t + 30 * H + 7 * US

    def test_long_duration_in_weeks(self):
        """Adding 40h (one office week) from Monday 09:00 ends Friday 17:00."""
        assert office().add(utc(2025, 6, 2, 9), 40 * H) == utc(2025, 6, 6, 17)


class TestSubtract:
    def test_lands_on_opening_time(self):
        """Going back exactly to an opening time returns the opening time."""
        assert office().subtract(utc(2025, 6, 9, 10), H) == utc(2025, 6, 9, 9)

    def test_one_microsecond_further(self):
        """One microsecond more crosses to the previous closing time."""
        result = office().subtract(utc(2025, 6, 9, 10), H + US)
        assert result == utc(2025, 6, 6, 16, 59, 59, 999999)

    def test_across_weekend(self):
        """Monday 10:00 - 2h is Friday 16:00."""
        assert office().subtract(utc(2025, 6, 9, 10), 2 * H) == utc(2025, 6, 6, 16)

    def test_zero(self):
        """subtract(t, 0) == t."""
        t = utc(2025, 6, 7, 12)
        assert office().subtract(t, timedelta(0)) == t

    def test_negative_is_add(self):
        """subtract(t, -d) is add(t, d)."""
        assert office().subtract(utc(2025, 6, 6, 16), -2 * H) == utc(2025, 6, 9, 10)

    def test_from_closed_time(self):
        """Subtracting from a closed instant counts back from the last closing."""
        assert office().subtract(utc(2025, 6, 7, 12), H) == utc(2025, 6, 6, 16)


class TestNextOpen:
    @pytest.mark.parametrize(
        ("t", "expected"),
        [
            (utc(2025, 6, 2, 10), utc(2025, 6, 2, 10)),
            (utc(2025, 6, 2, 9), utc(2025, 6, 2, 9)),
            (utc(2025, 6, 2, 17), utc(2025, 6, 3, 9)),
            (utc(2025, 6, 7, 12), utc(2025, 6, 9, 9)),
            (utc(2025, 6, 6, 17), utc(2025, 6, 9, 9)),
        ],
    )
    def test_next_open(self, t, expected):
        """next_open is t when open, else the next opening."""
        assert office().next_open(t) == expected

    def test_always(self):
        """ALWAYS is open now."""
        t = utc(2025, 6, 7, 12)
        assert ALWAYS.next_open(t) == t


class TestNextClose:
    @pytest.mark.parametrize(
        ("t", "expected"),
        [
            (utc(2025, 6, 2, 10), utc(2025, 6, 2, 17)),
            (utc(2025, 6, 2, 9), utc(2025, 6, 2, 17)),
            (utc(2025, 6, 2, 17), utc(2025, 6, 2, 17)),
            (utc(2025, 6, 7, 12), utc(2025, 6, 7, 12)),
        ],
    )
    def test_next_close(self, t, expected):
        """next_close is the end of the current interval, or t when closed."""
        assert office().next_close(t) == expected

    def test_overnight_merges_with_next_day(self):
        """An overnight shift that meets the next day's hours closes at their end."""
        cal = BusinessCalendar("mon 22:00-06:00; tue 06:00-10:00", tz="UTC")
        assert cal.next_close(utc(2025, 6, 2, 23)) == utc(2025, 6, 3, 10)

    @pytest.mark.parametrize(
        "cal",
        [
            ALWAYS,
            BusinessCalendar.always("Europe/Berlin"),
            BusinessCalendar("mon-sun 00:00-24:00", tz="America/New_York"),
            BusinessCalendar("mon-sun 12:00-12:00", tz="Australia/Lord_Howe"),
        ],
    )
    def test_never_closes(self, cal):
        """A calendar open 24/7 (DST and overnight hours included) returns None."""
        assert cal.next_close(utc(2025, 3, 1)) is None

    def test_closes_after_long_open_spell(self):
        """A 24/7 calendar with one closure years later closes then."""
        closure = (utc(2031, 5, 1), utc(2031, 5, 2))
        cal = BusinessCalendar.always("UTC")
        cal = BusinessCalendar(cal.hours, tz="UTC", closures=[closure])
        assert cal.next_close(utc(2025, 3, 1)) == utc(2031, 5, 1)


class TestOpenIntervals:
    def test_clipped_and_in_order(self):
        """Intervals are clipped to [a, b) and in order."""
        cal = BusinessCalendar("mon-fri 09:00-12:00,13:00-17:00", tz="UTC")
        spans = list(cal.open_intervals(utc(2025, 6, 2, 10), utc(2025, 6, 3, 10)))
        assert spans == [
            (utc(2025, 6, 2, 10), utc(2025, 6, 2, 12)),
            (utc(2025, 6, 2, 13), utc(2025, 6, 2, 17)),
            (utc(2025, 6, 3, 9), utc(2025, 6, 3, 10)),
        ]

    def test_overnight_merged_with_next_day(self):
        """Monday's 22:00-06:00 and Tuesday's 06:00-10:00 come out as one interval."""
        cal = BusinessCalendar("mon 22:00-06:00; tue 06:00-10:00", tz="UTC")
        spans = list(cal.open_intervals(utc(2025, 6, 2), utc(2025, 6, 4)))
        assert spans == [(utc(2025, 6, 2, 22), utc(2025, 6, 3, 10))]

    def test_whole_days_merged(self):
        """A 24/7 calendar gives one interval for any span."""
        spans = list(ALWAYS.open_intervals(utc(2025, 1, 1), utc(2027, 1, 1)))
        assert spans == [(utc(2025, 1, 1), utc(2027, 1, 1))]

    def test_is_iterator(self):
        """open_intervals returns an iterator."""
        assert isinstance(
            office().open_intervals(utc(2025, 6, 2), utc(2025, 6, 3)), Iterator
        )

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            (utc(2025, 6, 3), utc(2025, 6, 2)),
            (utc(2025, 6, 2, 10), utc(2025, 6, 2, 10)),
            (utc(2025, 6, 7), utc(2025, 6, 8)),
        ],
    )
    def test_empty(self, a, b):
        """An empty, reversed or closed span gives no intervals."""
        assert list(office().open_intervals(a, b)) == []

    def test_carry_a_tzinfo(self):
        """The pairs carry a's tzinfo."""
        a = datetime(2025, 6, 2, tzinfo=BERLIN)
        spans = list(office().open_intervals(a, utc(2025, 6, 3)))
        assert spans == [(utc(2025, 6, 2, 9), utc(2025, 6, 2, 17))]
        assert {s.tzinfo for pair in spans for s in pair} == {BERLIN}

    def test_lengths_sum_to_between(self):
        """The lengths of the intervals add up to between(a, b)."""
        cal = office(
            "Europe/Berlin", holidays=holidays.country_holidays("DE", subdiv="BY")
        )
        a, b = utc(2025, 3, 1, 13, 17), utc(2025, 11, 1, 8, 3)
        total = sum((e - s for s, e in cal.open_intervals(a, b)), timedelta(0))
        assert total == cal.between(a, b)


# -- time zones of inputs and results -------------------------------------------------

INPUT_ZONES = [
    UTC,
    BERLIN,
    NEW_YORK,
    LORD_HOWE,
    KATHMANDU,
    timezone(timedelta(hours=-3, minutes=-30)),
    ZoneInfo("Pacific/Kiritimati"),
]


class TestInputZones:
    @pytest.mark.parametrize("tz", INPUT_ZONES, ids=str)
    def test_add_carries_tzinfo(self, tz):
        """add returns the same instant whatever the input zone, in that zone."""
        cal = office("Europe/Berlin")
        t = datetime(2025, 6, 6, 14, tzinfo=UTC).astimezone(tz)
        result = cal.add(t, 2 * H)
        # Fri 14:00Z = 16:00 CEST; 1h on Friday, 1h from Monday 09:00 CEST (07:00Z).
        assert result == utc(2025, 6, 9, 8)
        assert result.tzinfo is tz

    @pytest.mark.parametrize("tz", INPUT_ZONES, ids=str)
    def test_subtract_carries_tzinfo(self, tz):
        """subtract returns the same instant whatever the input zone, in that zone."""
        cal = office("Europe/Berlin")
        t = utc(2025, 6, 9, 8).astimezone(tz)
        result = cal.subtract(t, 2 * H)
        assert result == utc(2025, 6, 6, 14)
        assert result.tzinfo is tz

    @pytest.mark.parametrize("tz", INPUT_ZONES, ids=str)
    def test_next_open_and_close_carry_tzinfo(self, tz):
        """next_open and next_close answer in the input's zone."""
        cal = office("Europe/Berlin")
        t = utc(2025, 6, 7, 12).astimezone(tz)
        opened = cal.next_open(t)
        closed = cal.next_close(opened)
        assert (opened, closed) == (utc(2025, 6, 9, 7), utc(2025, 6, 9, 15))
        assert (opened.tzinfo, closed.tzinfo if closed else None) == (tz, tz)

    @pytest.mark.parametrize("tz", INPUT_ZONES, ids=str)
    def test_between_independent_of_zone(self, tz):
        """between depends on the instants only, not on the zones they are given in."""
        cal = office("Europe/Berlin")
        a = utc(2025, 3, 28, 12).astimezone(tz)
        b = utc(2025, 3, 31, 12).astimezone(NEW_YORK)
        # Fri 13:00-17:00 CET (4h) + Mon 09:00-14:00 CEST (5h).
        assert cal.between(a, b) == 9 * H

    def test_same_zone_across_dst_in_calendar_zone(self):
        """Inputs in the calendar's own zone are converted by instant, not wall clock.

        Fri 2025-03-28 12:00 CET to Mon 2025-03-31 12:00 CEST: Friday 12-17 (5h) and
        Monday 09-12 (3h) = 8h with a 24/7 reading of 71 real hours in between.
        """
        cal = office("Europe/Berlin")
        a = datetime(2025, 3, 28, 12, tzinfo=BERLIN)
        b = datetime(2025, 3, 31, 12, tzinfo=BERLIN)
        assert cal.between(a, b) == 8 * H
        assert ALWAYS.between(a, b) == 71 * H
        assert ALWAYS.add(a, 71 * H) == b
        assert ALWAYS.subtract(b, 71 * H) == a


# -- years -----------------------------------------------------------------------------


class TestAnyYear:
    def test_1901(self):
        """1901 in Berlin, Jan 1 (Tue) a holiday: 9h from 08:00 ends Jan 3 10:00."""
        cal = office("Europe/Berlin", holidays=[date(1901, 1, 1)])
        t = datetime(1901, 1, 1, 8, tzinfo=BERLIN)
        result = cal.add(t, 9 * H)
        assert result == datetime(1901, 1, 3, 9, tzinfo=UTC)
        assert result.tzinfo is BERLIN

    def test_2399(self):
        """2399-01-01 is a Friday and a holiday: 9h from 08:00 ends Tuesday 10:00."""
        cal = office("Europe/Berlin", holidays={date(2399, 1, 1)})
        t = datetime(2399, 1, 1, 8, tzinfo=BERLIN)
        assert cal.add(t, 9 * H) == datetime(2399, 1, 5, 10, tzinfo=BERLIN)

    def test_dst_in_2399(self):
        """DST still applies in 2399: 2399-03-28 (last Sunday of March) has 23h."""
        cal = BusinessCalendar("sun 24h", tz="Europe/Berlin")
        a = datetime(2399, 3, 27, tzinfo=BERLIN)
        assert cal.between(a, a + timedelta(days=3)) == 23 * H

    def test_always_near_year_1(self):
        """ALWAYS is open on 0001-01-02, the first UTC day that fits every zone."""
        assert ALWAYS.subtract(utc(1, 1, 3), H) == utc(1, 1, 2, 23)

    def test_always_near_year_9999(self):
        """ALWAYS is still open on 9999-12-30 (the result fits a datetime)."""
        assert ALWAYS.is_open(utc(9999, 12, 30, 12)) is True
        assert ALWAYS.add(utc(9999, 12, 30), H) == utc(9999, 12, 30, 1)

    def test_past_year_9999(self):
        """A result past the year 9999 raises CalendarError."""
        with pytest.raises(CalendarError, match=r"runs past the year 9999"):
            ALWAYS.add(utc(9999, 12, 1), timedelta(days=100))

    def test_before_year_1(self):
        """A result before the year 1 raises CalendarError."""
        with pytest.raises(CalendarError, match=r"runs past the year 1$"):
            ALWAYS.subtract(utc(1, 1, 5), timedelta(days=100))

    @pytest.mark.parametrize(
        ("start", "text"),
        [
            (utc(9999, 12, 31, 23), "9999-12-31T23:00:00+00:00"),
            (utc(9999, 12, 30, 23), "9999-12-30T23:00:00+00:00"),
        ],
    )
    def test_range_error_names_the_instant(self, start, text):
        """`due --start 9999-12-31T23:00Z --in 10h`: the message names the start
        as ISO text, not as microseconds after 1970."""
        message = f"adding from {text} runs past the year 9999"
        with pytest.raises(CalendarError, match=f"^{re.escape(message)}$"):
            ALWAYS.add(start, 10 * H)

    def test_range_error_of_a_result_names_it(self):
        """A result before the year 1 is named too."""
        message = "the result 0001-01-01T11:00:00+00:00 lies outside the years 1-9999"
        with pytest.raises(CalendarError, match=f"^{re.escape(message)}$"):
            ALWAYS.subtract(utc(1, 1, 1, 1), -10 * H)

    def test_huge_amount_fails_fast(self):
        """An amount longer than the time left to 9999 is refused without a walk."""
        with pytest.raises(CalendarError, match=r"runs past the year 9999$"):
            office().add(utc(2025, 6, 2), timedelta.max)
        with pytest.raises(CalendarError, match=r"runs past the year 1$"):
            office().subtract(utc(2025, 6, 2), timedelta.max)


# -- composition -----------------------------------------------------------------------


class TestCompose:
    def test_follow_the_sun_union(self):
        """Berlin | New York on Mon 2025-06-02 is open 07:00Z-21:00Z (14h).

        Berlin 09-17 CEST is 07-15Z; New York 09-17 EDT is 13-21Z.
        """
        desk = office("Europe/Berlin") | office("America/New_York")
        spans = intervals_utc(desk, utc(2025, 6, 2), utc(2025, 6, 3))
        assert spans == [(utc(2025, 6, 2, 7), utc(2025, 6, 2, 21))]
        assert desk.between(utc(2025, 6, 2), utc(2025, 6, 3)) == 14 * H
        assert desk.next_close(utc(2025, 6, 2, 10)) == utc(2025, 6, 2, 21)

    def test_follow_the_sun_when_dst_differs(self):
        """On Mon 2025-03-17 New York is on DST but Berlin is not: 08-21Z and 13-16Z.

        Berlin 09-17 CET is 08-16Z; New York 09-17 EDT is 13-21Z.
        """
        berlin, new_york = office("Europe/Berlin"), office("America/New_York")
        a, b = utc(2025, 3, 17), utc(2025, 3, 18)
        assert (berlin | new_york).between(a, b) == 13 * H
        assert (berlin & new_york).between(a, b) == 3 * H

    def test_union_add(self):
        """Friday 20:00Z + 2h on the union is Monday 08:00Z (1h Friday, 1h Monday)."""
        desk = office("Europe/Berlin") | office("America/New_York")
        t = datetime(2025, 6, 6, 16, tzinfo=NEW_YORK)
        result = desk.add(t, 2 * H)
        assert result == utc(2025, 6, 9, 8)
        assert result.tzinfo is NEW_YORK

    def test_service_window_and_office(self):
        """Office (Berlin 09-17) & window (UTC 12-18) is 12:00Z-15:00Z on weekdays."""
        window = BusinessCalendar("mon-sun 12:00-18:00", tz="UTC")
        both = office("Europe/Berlin") & window
        assert both.add(utc(2025, 6, 2), 4 * H) == utc(2025, 6, 3, 13)
        assert both.between(utc(2025, 6, 2), utc(2025, 6, 9)) == 15 * H
        assert both.next_open(utc(2025, 6, 7)) == utc(2025, 6, 9, 12)
        assert both.subtract(utc(2025, 6, 9, 13), 2 * H) == utc(2025, 6, 6, 14)

    def test_tz_is_left_operand(self):
        """The composed calendar's tz is the left operand's."""
        berlin, new_york = office("Europe/Berlin"), office("America/New_York")
        assert (berlin | new_york).tz == BERLIN
        assert (new_york & berlin).tz == NEW_YORK

    def test_nested(self):
        """Compositions compose further: (a | b) & c."""
        desk = office("Europe/Berlin") | office("America/New_York")
        window = BusinessCalendar("mon-sun 14:00-16:00", tz="UTC")
        assert (desk & window).between(utc(2025, 6, 2), utc(2025, 6, 3)) == 2 * H

    def test_disjoint_intersection_never_opens(self):
        """Weekday office & weekend-only is never open: NeverOpenError, not a loop."""
        weekend = BusinessCalendar("sat,sun 24h", tz="UTC")
        never = office("Europe/Berlin") & weekend
        t = utc(2025, 6, 2)
        assert never.between(t, t + timedelta(days=30)) == timedelta(0)
        with pytest.raises(
            NeverOpenError,
            match=r"^the calendar is never open after 2025-06-02T00:00:00\+00:00$",
        ):
            never.add(t, H)
        with pytest.raises(
            NeverOpenError,
            match=r"^the calendar is never open before 2025-06-02T00:00:00\+00:00$",
        ):
            never.subtract(t, H)
        with pytest.raises(
            NeverOpenError,
            match=r"^the calendar is never open after 2025-06-02T00:00:00\+00:00$",
        ):
            never.next_open(t)

    def test_composed_equal_by_value(self):
        """Two compositions of equal calendars are equal and hash equal."""
        a = office("Europe/Berlin") | office("America/New_York")
        b = office("Europe/Berlin") | office("America/New_York")
        assert a == b
        assert hash(a) == hash(b)
        assert a != (office("America/New_York") | office("Europe/Berlin"))
        assert a != (office("Europe/Berlin") & office("America/New_York"))

    def test_union_with_always_never_closes(self):
        """office | ALWAYS never closes."""
        assert (office() | ALWAYS).next_close(utc(2025, 6, 2)) is None

    @pytest.mark.parametrize("other", [5, "UTC", None, WeeklyHours.always()])
    def test_compose_with_non_calendar(self, other):
        """Composing with something that is not a calendar raises TypeError."""
        with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \|"):
            office() | other
        with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for &"):
            office() & other


# -- value semantics -------------------------------------------------------------------


class TestEngine:
    """The compiled engine: a component, built on first use, never pickled."""

    def test_pickle_carries_the_definition_only(self):
        """A used calendar pickles as small as a fresh one and answers the same."""
        cal = office("Europe/Berlin") | office("America/New_York")
        fresh = len(pickle.dumps(cal))
        t = utc(2025, 6, 2, 9)
        expected = cal.add(t, 100 * H)
        cal.between(t, t + timedelta(days=3650))
        assert len(pickle.dumps(cal)) == fresh
        back = pickle.loads(pickle.dumps(cal))  # noqa: S301 - our own bytes
        assert back == cal
        assert back.add(t, 100 * H) == expected

    def test_copies_answer_the_same(self):
        """copy and deepcopy keep the definition and answer alike."""
        cal = office("Europe/Berlin", holidays=[date(2025, 6, 9)])
        t = utc(2025, 6, 6, 16)
        for other in (copy.copy(cal), copy.deepcopy(cal)):
            assert other == cal
            assert other.add(t, 2 * H) == cal.add(t, 2 * H) == utc(2025, 6, 10, 9)

    def test_equal_calendars_share_one_engine(self):
        """Equal calendars (one unpickled, say) compile once per process."""
        cal = office("Europe/Berlin", holidays=[date(2025, 6, 9)])
        again = pickle.loads(pickle.dumps(cal))  # noqa: S301 - our own bytes
        assert again.engine is cal.engine
        assert (cal | ALWAYS).engine is (again | ALWAYS).engine

    def test_zones_of_one_name_do_not_share(self):
        """A zone built apart (it could hold other rules) gets its own engine."""
        a = office(ZoneInfo.no_cache("Europe/Berlin"))
        b = office("Europe/Berlin")
        assert a == b
        assert a.engine is not b.engine

    def test_engine_kept_out_of_the_value(self):
        """A used and an unused calendar are equal, hash alike and repr alike."""
        used, unused = office(), office()
        used.add(utc(2025, 6, 2), H)
        assert used == unused
        assert hash(used) == hash(unused)
        assert repr(used) == repr(unused)
        assert "engine" not in repr(used)

    def test_unhashable_holidays_get_their_own_engine(self):
        """A holiday sum (whose source does not hash) still compiles and answers."""
        both = holidays.Germany() + holidays.France()
        cal = office("Europe/Berlin", holidays=both)
        assert cal.is_open(datetime(2025, 7, 14, 10, tzinfo=BERLIN)) is False
        assert cal.engine is cal.engine


class TestValue:
    def test_equal_and_hash_by_value(self):
        """Calendars built from equal parts are equal and hash equal."""
        a = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
        b = BusinessCalendar(WeeklyHours.parse({"mon-fri": "9:00-17:00"}), tz=BERLIN)
        assert a == b
        assert hash(a) == hash(b)

    def test_zone_compared_by_key(self):
        """A ZoneInfo built without the cache still equals the cached one."""
        a = office(ZoneInfo.no_cache("Europe/Berlin"))
        b = office("Europe/Berlin")
        assert a == b
        assert hash(a) == hash(b)

    def test_different_zone_differs(self):
        """Calendars in different zones are not equal."""
        assert office("Europe/Berlin") != office("Europe/Paris")

    def test_two_germany_instances(self):
        """Two holidays.Germany() instances give equal calendars."""
        a = office(holidays=holidays.Germany())
        b = office(holidays=holidays.Germany())
        assert a == b
        assert hash(a) == hash(b)

    def test_country_holidays_equals_class(self):
        """country_holidays('DE', subdiv='BY') equals holidays.Germany(subdiv='BY')."""
        a = office(holidays=holidays.country_holidays("DE", subdiv="BY"))
        b = office(holidays=holidays.Germany(subdiv="BY"))
        assert a == b
        assert hash(a) == hash(b)

    def test_holiday_settings_matter(self):
        """Different subdivisions or countries give different calendars."""
        by = office(holidays=holidays.country_holidays("DE", subdiv="BY"))
        be = office(holidays=holidays.country_holidays("DE", subdiv="BE"))
        fr = office(holidays=holidays.France())
        assert by != be
        assert by != fr

    def test_holiday_added_by_hand_matters(self):
        """A HolidayBase with a date added by hand differs from a plain one."""
        custom = holidays.Germany(years=2025)
        custom[date(2025, 6, 2)] = "Company day"
        a = office(holidays=custom)
        assert a != office(holidays=holidays.Germany(years=2025))
        assert a.is_open(utc(2025, 6, 2, 12)) is False

    def test_holidays_list_and_set(self):
        """Holidays given as a list or as a set compare and hash equal."""
        days = [date(2025, 6, 2), date(2025, 12, 24), date(2025, 6, 2)]
        a = office(holidays=days)
        b = office(holidays=set(days))
        assert a == b
        assert hash(a) == hash(b)
        assert a != office(holidays=[date(2025, 6, 2)])

    def test_closures_order_does_not_matter(self):
        """Closures given in another order give an equal calendar."""
        c1 = Closure(utc(2025, 6, 2), utc(2025, 6, 3))
        c2 = Closure(utc(2025, 7, 2), utc(2025, 7, 3))
        assert office(closures=[c1, c2]) == office(closures=[c2, c1])

    def test_usable_as_dict_key(self):
        """Equal calendars find each other in a dict."""
        table = {office(holidays=holidays.Germany()): "de"}
        assert table[office(holidays=holidays.Germany())] == "de"

    def test_frozen(self):
        """Calendars cannot be changed after creation."""
        cal = office()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cal.tz = BERLIN  # type: ignore[misc]

    def test_closure_frozen_and_equal(self):
        """Closures and openings are frozen values."""
        a = Closure(utc(2025, 6, 2), utc(2025, 6, 3), reason="move")
        assert a == Closure(utc(2025, 6, 2), utc(2025, 6, 3), reason="move")
        assert hash(a) == hash(Closure(utc(2025, 6, 2), utc(2025, 6, 3), reason="move"))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            a.reason = "x"  # type: ignore[misc]

    def test_always_constant(self):
        """ALWAYS is the 24/7 calendar in UTC."""
        assert BusinessCalendar.always() == ALWAYS
        assert BusinessCalendar(WeeklyHours.always(), tz="UTC") == ALWAYS
        assert BusinessCalendar.always("Europe/Berlin") != ALWAYS

    def test_hours_spec_is_parsed(self):
        """The hours may be given as a mapping, a string or WeeklyHours."""
        a = BusinessCalendar({"mon-fri": "09:00-17:00"}, tz="UTC")
        assert a.hours == WeeklyHours.parse("mon-fri 09:00-17:00")

    def test_tz_string_is_converted(self):
        """An IANA name becomes a ZoneInfo."""
        assert office("Europe/Berlin").tz == BERLIN

    def test_repr(self):
        """The repr shows the hours and the zone."""
        assert repr(office("Europe/Berlin")) == (
            "BusinessCalendar(WeeklyHours.parse('mon-fri 09:00-17:00'), "
            "tz='Europe/Berlin')"
        )


# -- bad input -------------------------------------------------------------------------

NAIVE = datetime(2025, 1, 1)
AWARE = utc(2025, 1, 1)
HOLIDAYS_TYPE_MSG = (
    r"^holidays must be a holidays\.HolidayBase or an iterable of dates, "
)
NAIVE_MSG = "must be timezone-aware, got naive 2025-01-01T00:00:00$"


class TestNaive:
    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda cal: cal.is_open(NAIVE), "t"),
            (lambda cal: cal.between(NAIVE, AWARE), "a"),
            (lambda cal: cal.between(AWARE, NAIVE), "b"),
            (lambda cal: cal.add(NAIVE, H), "t"),
            (lambda cal: cal.add(NAIVE, timedelta(0)), "t"),
            (lambda cal: cal.add(NAIVE, -H), "t"),
            (lambda cal: cal.subtract(NAIVE, H), "t"),
            (lambda cal: cal.subtract(NAIVE, timedelta(0)), "t"),
            (lambda cal: cal.next_open(NAIVE), "t"),
            (lambda cal: cal.next_close(NAIVE), "t"),
            (lambda cal: cal.open_intervals(NAIVE, AWARE), "a"),
            (lambda cal: cal.open_intervals(AWARE, NAIVE), "b"),
        ],
    )
    @pytest.mark.parametrize(
        "cal", [office(), office("Europe/Berlin") | office("America/New_York")]
    )
    def test_naive_argument(self, call, name, cal):
        """Every method rejects a naive datetime, naming the argument."""
        with pytest.raises(NaiveDatetimeError, match=rf"^{name} {NAIVE_MSG}") as info:
            call(cal)
        assert info.value.name == name
        assert info.value.value == NAIVE

    @pytest.mark.parametrize(
        ("build", "name"),
        [
            (lambda: Closure(NAIVE, AWARE), "closure.start"),
            (lambda: Closure(AWARE, NAIVE), "closure.end"),
            (lambda: Opening(NAIVE, AWARE), "opening.start"),
            (lambda: Opening(AWARE, NAIVE), "opening.end"),
            (lambda: office(closures=[(NAIVE, AWARE)]), "closure.start"),
        ],
    )
    def test_naive_period(self, build, name):
        """Closures and openings reject naive datetimes, naming the field."""
        with pytest.raises(NaiveDatetimeError, match=rf"^{name} {NAIVE_MSG}"):
            build()

    def test_naive_is_sla_error(self):
        """NaiveDatetimeError is an SlaError and a ValueError."""
        with pytest.raises(SlaError, match=rf"^t {NAIVE_MSG}"):
            ALWAYS.is_open(NAIVE)
        with pytest.raises(ValueError, match=rf"^t {NAIVE_MSG}"):
            ALWAYS.is_open(NAIVE)


class TestBadValues:
    @pytest.mark.parametrize(
        "name", ["Mars/Olympus_Mons", "", "Europe/berlin_x", "Europe", "x" * 300]
    )
    def test_unknown_zone(self, name):
        """An unknown zone name raises CalendarError quoting the name."""
        with pytest.raises(
            CalendarError, match=rf"^unknown time zone '{name}'$"
        ) as info:
            BusinessCalendar("mon-fri 09:00-17:00", tz=name)
        assert info.value.field == "tz"

    def test_unknown_zone_in_always(self):
        """BusinessCalendar.always checks its zone too."""
        with pytest.raises(CalendarError, match=r"^unknown time zone 'Nowhere/Land'$"):
            BusinessCalendar.always("Nowhere/Land")

    @pytest.mark.parametrize("kind", [Closure, Opening])
    @pytest.mark.parametrize("end", [utc(2025, 6, 2, 12), utc(2025, 6, 2, 11)])
    def test_period_end_not_after_start(self, kind, end):
        """A closure or opening ending at or before its start raises CalendarError."""
        name = kind.__name__.lower()
        match = (
            rf"^{name} end {re.escape(end.isoformat())}"
            r" is not after its start 2025-06-02T12:00:00\+00:00$"
        )
        with pytest.raises(CalendarError, match=match) as info:
            kind(utc(2025, 6, 2, 12), end)
        assert info.value.field == "end"

    def test_period_end_compared_as_instants(self):
        """13:00 CEST (11:00Z) is before 12:00Z, so it is not after the start."""
        with pytest.raises(
            CalendarError, match=r"^closure end 2025-06-02T13:00:00\+02:00 is not after"
        ):
            Closure(utc(2025, 6, 2, 12), datetime(2025, 6, 2, 13, tzinfo=BERLIN))

    @pytest.mark.parametrize(
        ("items", "match"),
        [
            (
                [date(2025, 1, 1), "2025-01-02"],
                r"^holidays\[1\] must be a datetime\.date, got str '2025-01-02'$",
            ),
            (
                [datetime(2025, 1, 1)],
                (
                    r"^holidays\[0\] must be a datetime\.date, got datetime "
                    r"datetime\.datetime\(2025, 1, 1, 0, 0\)$"
                ),
            ),
            ([20250101], r"^holidays\[0\] must be a datetime\.date, got int 20250101$"),
        ],
    )
    def test_holiday_item_not_a_date(self, items, match):
        """A holiday that is not a date raises CalendarError naming its index."""
        with pytest.raises(CalendarError, match=match) as info:
            office(holidays=items)
        assert info.value.field == "holidays"

    @pytest.mark.parametrize(
        ("key", "match"),
        [
            (
                datetime(2025, 1, 1),
                (
                    r"^shift keys must be datetime\.date, got datetime "
                    r"datetime\.datetime\(2025, 1, 1, 0, 0\)$"
                ),
            ),
            (
                "2025-01-01",
                r"^shift keys must be datetime\.date, got str '2025-01-01'$",
            ),
        ],
    )
    def test_shift_key_not_a_date(self, key, match):
        """A shift keyed by a datetime (or a string) raises CalendarError."""
        with pytest.raises(CalendarError, match=match) as info:
            office(shifts={key: "closed"})
        assert info.value.field == "shifts"

    def test_shift_given_twice(self):
        """The same date twice in shift pairs raises CalendarError."""
        pairs = [(date(2025, 1, 1), "closed"), (date(2025, 1, 1), "09:00-10:00")]
        with pytest.raises(
            CalendarError, match=r"^shift for 2025-01-01 is given twice$"
        ):
            office(shifts=pairs)

    @pytest.mark.parametrize(
        ("spec", "match"),
        [
            ("xx", r"^bad interval 'xx' on 2025-01-01: expected HH:MM-HH:MM$"),
            (
                "09:00-12:00,11:00-13:00",
                r"^overlapping intervals on 2025-01-01: 09:00-12:00 and 11:00-13:00$",
            ),
            ("09:00-24:30", r"^bad time '24:30' on 2025-01-01: out of range$"),
        ],
    )
    def test_bad_shift_hours(self, spec, match):
        """Bad shift hours raise CalendarError naming the date."""
        with pytest.raises(CalendarError, match=match) as info:
            office(shifts={date(2025, 1, 1): spec})
        assert info.value.day == "2025-01-01"

    def test_bad_hours(self):
        """Bad weekly hours raise CalendarError from the calendar constructor too."""
        with pytest.raises(CalendarError, match=r"^unknown day 'xyz'"):
            BusinessCalendar({"xyz": "09:00-17:00"}, tz="UTC")


class TestNeverOpen:
    @pytest.mark.parametrize(
        "cal",
        [
            BusinessCalendar("", tz="UTC"),
            BusinessCalendar({"mon-sun": "closed"}, tz="Europe/Berlin"),
            office(holidays=[date(2025, 6, 2)]) & BusinessCalendar("", tz="UTC"),
        ],
    )
    def test_add_subtract_next_open(self, cal):
        """A calendar that never opens raises NeverOpenError instead of looping."""
        t = utc(2025, 6, 2)
        after = r"^the calendar is never open after 2025-06-02T00:00:00\+00:00$"
        before = r"^the calendar is never open before 2025-06-02T00:00:00\+00:00$"
        with pytest.raises(NeverOpenError, match=after):
            cal.add(t, H)
        with pytest.raises(NeverOpenError, match=before):
            cal.add(t, -H)
        with pytest.raises(NeverOpenError, match=before):
            cal.subtract(t, H)
        with pytest.raises(NeverOpenError, match=after):
            cal.next_open(t)

    def test_other_queries_answer(self):
        """between, is_open, next_close and add(t, 0) still answer."""
        cal = BusinessCalendar("", tz="UTC")
        t = utc(2025, 6, 2)
        assert cal.between(t, t + timedelta(days=3650)) == timedelta(0)
        assert cal.is_open(t) is False
        assert cal.next_close(t) == t
        assert cal.add(t, timedelta(0)) == t
        assert list(cal.open_intervals(t, t + timedelta(days=7))) == []

    def test_is_calendar_error(self):
        """NeverOpenError is a CalendarError."""
        with pytest.raises(CalendarError, match=r"^the calendar is never open after"):
            BusinessCalendar("", tz="UTC").add(utc(2025, 6, 2), H)


class TestTypeErrors:
    @pytest.mark.parametrize(
        ("call", "match"),
        [
            (lambda cal: cal.add(AWARE, 5), r"^d must be a timedelta, got int$"),
            (lambda cal: cal.add(AWARE, "1h"), r"^d must be a timedelta, got str$"),
            (lambda cal: cal.subtract(AWARE, 5), r"^d must be a timedelta, got int$"),
            (lambda cal: cal.is_open("2025"), r"^t must be a datetime, got str$"),
            (
                lambda cal: cal.is_open(date(2025, 1, 1)),
                r"^t must be a datetime, got date$",
            ),
            (
                lambda cal: cal.add(date(2025, 1, 1), H),
                r"^t must be a datetime, got date$",
            ),
            (
                lambda cal: cal.subtract(None, H),
                r"^t must be a datetime, got NoneType$",
            ),
            (lambda cal: cal.between(AWARE, 5), r"^b must be a datetime, got int$"),
            (lambda cal: cal.between(5, AWARE), r"^a must be a datetime, got int$"),
            (
                lambda cal: cal.next_open(date(2025, 1, 1)),
                r"^t must be a datetime, got date$",
            ),
            (lambda cal: cal.next_close(None), r"^t must be a datetime, got NoneType$"),
            (
                lambda cal: cal.open_intervals(AWARE, "x"),
                r"^b must be a datetime, got str$",
            ),
        ],
    )
    def test_query_types(self, call, match):
        """Arguments of the wrong Python type raise TypeError."""
        with pytest.raises(TypeError, match=match):
            call(office())

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"tz": 5}, r"^tz must be an IANA time zone name or a ZoneInfo, got int$"),
            (
                {"tz": "UTC", "holidays": "DE"},
                HOLIDAYS_TYPE_MSG + r"got str$",
            ),
            (
                {"tz": "UTC", "holidays": 5},
                HOLIDAYS_TYPE_MSG + r"got int$",
            ),
            ({"tz": "UTC", "shifts": 5}, r"^shifts must map dates to hours, got int$"),
            ({"tz": "UTC", "closures": 5}, r"^closures must be an iterable, got int$"),
            (
                {"tz": "UTC", "closures": [5]},
                r"^closures must hold Closure objects or \(start, end\) pairs, got 5$",
            ),
            (
                {"tz": "UTC", "openings": [Closure(AWARE, AWARE + H)]},
                (
                    r"^openings must hold Opening objects or \(start, end\) pairs, "
                    r"got Closure\("
                ),
            ),
        ],
    )
    def test_constructor_types(self, kwargs, match):
        """Constructor arguments of the wrong Python type raise TypeError."""
        with pytest.raises(TypeError, match=match):
            BusinessCalendar("mon-fri 09:00-17:00", **kwargs)

    def test_hours_type(self):
        """Hours of the wrong type raise TypeError."""
        with pytest.raises(
            TypeError, match=r"^weekly hours must be a string or a mapping, got int$"
        ):
            BusinessCalendar(5, tz="UTC")  # type: ignore[arg-type]
