"""The one instant reader and the homes of local midnight and wall times.

Readings decided here (docs/reference/csv-inputs.md, "Timestamps and time zones",
states them for users):

- A timestamp with an offset is that instant and keeps the offset; with a zone in
  brackets (RFC 9557) it carries the zone, whose offset it must be.
- Without an offset it is a wall time in the zone given, refused without one.
- A wall time the zone skips or repeats is refused, naming both offsets.
- A day starts at local midnight, or where the clocks skip midnight, when they
  land (01:00 in America/Santiago and America/Havana on the day summer time
  starts).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from slacore import CalendarError, NaiveDatetimeError, SlaError
from slacore._instants import (
    DATE_OR_TIMESTAMP_FORM,
    TIMESTAMP_FORM,
    Refusal,
    day_or_instant,
    local_midnight,
    midnight_us,
    parse_instant,
    read_instant,
    wall_instant,
)
from slacore._time import from_us, local_date, to_us

BERLIN = ZoneInfo("Europe/Berlin")
SANTIAGO = ZoneInfo("America/Santiago")
HAVANA = ZoneInfo("America/Havana")


def _loads(key: str) -> bool:
    try:
        ZoneInfo(key)
    except (OSError, ValueError):
        return False
    return True


ANY_ZONE = st.sampled_from(sorted(k for k in available_timezones() if _loads(k)))
CHANGING = st.sampled_from(
    (
        "Europe/Berlin",
        "Europe/London",
        "America/New_York",
        "Australia/Lord_Howe",  # half an hour
        "America/Santiago",
        "America/Havana",
    )
)
ZONES = st.one_of(CHANGING, ANY_ZONE).map(ZoneInfo)


# Wall times: any, and many near the changes (Sunday nights of the months the
# clocks change in much of the world), so that skipped and repeated ones come up.
@functools.cache
def _changes(key: str, year: int) -> tuple[datetime, ...]:
    """The instants (naive UTC) in `year` at which zone `key` changes its offset."""
    zone = ZoneInfo(key)

    def offset(utc: datetime) -> timedelta | None:
        return utc.replace(tzinfo=UTC).astimezone(zone).utcoffset()

    found = []
    day = datetime(year, 1, 1)
    while day.year == year:
        low, high = day, day + timedelta(days=1)
        if offset(low) != offset(high):
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (
                    (middle, high) if offset(middle) == offset(low) else (low, middle)
                )
            found.append(high)
        day += timedelta(days=1)
    return tuple(found)


@st.composite
def _near_a_change(draw: st.DrawFn) -> tuple[datetime, ZoneInfo]:
    """A wall time within 90 minutes of a change of its zone's offset."""
    key = draw(CHANGING)
    changes = _changes(key, draw(st.integers(1970, 2040)))
    assume(changes)
    zone = ZoneInfo(key)
    change = draw(st.sampled_from(changes)).replace(tzinfo=UTC)
    side = draw(st.sampled_from((-1, 1))) * timedelta(microseconds=1)
    wall = (change + side).astimezone(zone).replace(tzinfo=None)
    return wall + timedelta(minutes=draw(st.integers(-90, 90))), zone


def refusal(text: str, tz: ZoneInfo | None = None, **kwargs: Any) -> Refusal:
    found = parse_instant(text, tz, **kwargs)
    assert isinstance(found, Refusal)
    with pytest.raises(CalendarError) as info:
        read_instant(text, tz, **kwargs)
    assert str(info.value) == found.message
    return found


class TestOffsets:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "2026-10-05T09:12+02:00",
                datetime(2026, 10, 5, 9, 12, tzinfo=timezone(timedelta(hours=2))),
            ),
            ("2026-10-05 07:12Z", datetime(2026, 10, 5, 7, 12, tzinfo=UTC)),
            (
                "2026-10-05T09:12:30.25+0200",
                datetime(
                    2026, 10, 5, 9, 12, 30, 250_000, tzinfo=timezone(timedelta(hours=2))
                ),
            ),
            (
                "2026-10-05T13:00:00+05:45:00",
                datetime(
                    2026, 10, 5, 13, tzinfo=timezone(timedelta(hours=5, minutes=45))
                ),
            ),
            (
                "2026-10-05T02:00-09:30",
                datetime(
                    2026, 10, 5, 2, tzinfo=timezone(-timedelta(hours=9, minutes=30))
                ),
            ),
        ],
    )
    def test_an_offset_is_that_instant_and_is_kept(
        self, text: str, expected: datetime
    ) -> None:
        for zone in (None, BERLIN):  # a zone given does not change it
            found = read_instant(text, zone)
            assert to_us(found, "found") == to_us(expected, "expected")
            assert found.utcoffset() == expected.utcoffset()

    def test_even_in_a_fold(self) -> None:
        first = read_instant("2026-10-25T02:30+02:00", BERLIN)
        second = read_instant("2026-10-25T02:30+01:00", BERLIN)
        assert second - first == timedelta(hours=1)

    @pytest.mark.parametrize(
        ("text", "reason", "expected"),
        [
            ("noon", "not a timestamp", TIMESTAMP_FORM),
            ("2026-10-05", "not a timestamp", TIMESTAMP_FORM),
            ("2026-10-05T9:12Z", "not a timestamp", TIMESTAMP_FORM),
            (
                "\uff12\uff10\uff12\uff16-10-05T09:12Z",
                "not a timestamp",
                TIMESTAMP_FORM,
            ),
            (
                "2026-10-05T09:12:00.1234567Z",
                "more than 6 decimal places of a second",
                "microseconds at most",
            ),
            (
                "2026-10-05T09:12+24:00",
                "UTC offset out of range",
                "an offset from -23:59 to +23:59",
            ),
            (
                "2026-10-05T09:12+02:60",
                "UTC offset out of range",
                "an offset from -23:59 to +23:59",
            ),
        ],
    )
    def test_what_is_not_a_timestamp(
        self, text: str, reason: str, expected: str
    ) -> None:
        error = refusal(text)
        assert (error.text, error.reason, error.expected) == (text, reason, expected)
        assert error.message == f"{text!r}: {reason} (expected {expected})"

    def test_an_impossible_date(self) -> None:
        error = refusal("2026-02-30T09:00Z")
        assert error.reason.startswith("not a valid date and time (day is out of range")

    def test_read_instant_raises_a_calendar_error(self) -> None:
        with pytest.raises(CalendarError) as info:
            read_instant("noon", None)
        assert str(info.value) == (
            f"'noon': not a timestamp (expected {TIMESTAMP_FORM})"
        )
        assert isinstance(info.value, SlaError)


class TestWallTimes:
    def test_read_in_the_zone(self) -> None:
        found = read_instant("2026-10-05 09:12", BERLIN)
        assert found == datetime(2026, 10, 5, 9, 12, tzinfo=BERLIN)
        assert found.tzinfo is BERLIN

    def test_refused_without_a_zone(self) -> None:
        error = refusal("2026-10-05 09:12")
        assert error.reason == "no UTC offset, and no time zone is stated"
        assert error.expected == "an offset such as +02:00"
        hint = "an offset such as +02:00, or --tz"
        assert refusal("2026-10-05 09:12", no_zone=hint).expected == hint

    def test_skipped(self) -> None:
        """The clocks go from 02:00 to 03:00: 02:30 never happens in Berlin."""
        error = refusal("2026-03-29 02:30", BERLIN)
        assert error.reason == "does not exist in Europe/Berlin: the clocks skip it"
        assert error.expected == (
            "a UTC offset: +01:00 (before the change) or +02:00 (after it)"
        )
        assert error.message.startswith("'2026-03-29 02:30': does not exist in")

    def test_repeated(self) -> None:
        """The clocks go from 03:00 back to 02:00: 02:30 happens twice."""
        error = refusal("2026-10-25 02:30", BERLIN)
        assert error.reason == "ambiguous in Europe/Berlin: the clocks go back over it"
        assert error.expected == (
            "a UTC offset: +02:00 (the first time) or +01:00 (the second)"
        )

    def test_either_side_of_a_change_reads(self) -> None:
        assert read_instant(
            "2026-03-29 01:59:59.999999", BERLIN
        ).utcoffset() == timedelta(hours=1)
        assert read_instant("2026-03-29 03:00", BERLIN).utcoffset() == timedelta(
            hours=2
        )
        assert read_instant("2026-10-25 03:00", BERLIN).utcoffset() == timedelta(
            hours=1
        )

    def test_offsets_with_seconds_are_named_exactly(self) -> None:
        """Amsterdam went from +01:19:32 to +01:20 on 1 July 1937: 28 s skipped."""
        error = refusal("1937-07-01 00:00:10", ZoneInfo("Europe/Amsterdam"))
        assert error.reason == "does not exist in Europe/Amsterdam: the clocks skip it"
        assert error.expected == (
            "a UTC offset: +01:19:32 (before the change) or +01:20 (after it)"
        )


class TestZonesInBrackets:
    def test_the_zone_is_carried(self) -> None:
        found = read_instant("2026-10-25T02:30:00+01:00[Europe/Berlin]", None)
        assert found.tzinfo == BERLIN
        assert found.fold == 1
        assert found.utcoffset() == timedelta(hours=1)

    def test_the_offset_must_be_the_zones(self) -> None:
        error = refusal("2026-10-05T09:00+01:00[Europe/Berlin]")
        assert error.reason == (
            "Europe/Berlin is not at offset +01:00 at 2026-10-05T09:00:00"
        )

    def test_unknown_zone(self) -> None:
        assert refusal("2026-10-05T09:00+02:00[Mars/Base]").reason == (
            "unknown time zone 'Mars/Base'"
        )

    def test_an_offset_is_needed(self) -> None:
        assert refusal("2026-10-05T09:00[Europe/Berlin]", BERLIN).reason == (
            "the zone [Europe/Berlin] needs the UTC offset before it"
        )


class TestDates:
    def test_only_where_allowed(self) -> None:
        assert refusal("2026-10-05", BERLIN).expected == TIMESTAMP_FORM
        assert refusal("noon", BERLIN, dates=True).expected == DATE_OR_TIMESTAMP_FORM

    def test_a_date_is_its_first_instant(self) -> None:
        found = read_instant("2026-10-05", BERLIN, dates=True)
        assert found.isoformat() == "2026-10-05T00:00:00+02:00"
        assert read_instant("2026-09-06", SANTIAGO, dates=True).hour == 1

    def test_a_date_needs_a_zone(self) -> None:
        error = refusal("2026-10-05", None, dates=True)
        assert error.reason == "a date, and no time zone is stated"

    def test_impossible_and_out_of_range_dates(self) -> None:
        assert refusal("2026-02-30", BERLIN, dates=True).reason.startswith(
            "not a valid date ("
        )
        assert refusal("0001-01-01", BERLIN, dates=True).reason == (
            "midnight of that date in Europe/Berlin is out of range"
        )


class TestMidnight:
    @pytest.mark.parametrize(
        ("zone", "day", "expected"),
        [
            (BERLIN, date(2026, 3, 29), "2026-03-29T00:00:00+01:00"),
            (BERLIN, date(2026, 10, 25), "2026-10-25T00:00:00+02:00"),
            (SANTIAGO, date(2026, 9, 6), "2026-09-06T01:00:00-03:00"),
            (HAVANA, date(2026, 3, 8), "2026-03-08T01:00:00-04:00"),
            # Havana goes back from 01:00 to 00:00: the day starts at the first.
            (HAVANA, date(2026, 11, 1), "2026-11-01T00:00:00-04:00"),
            # Samoa skipped 30 December 2011: it "starts" with the 31st.
            (ZoneInfo("Pacific/Apia"), date(2011, 12, 30), "2011-12-31T00:00:00+14:00"),
        ],
    )
    def test_the_first_instant_of_a_day(
        self, zone: ZoneInfo, day: date, expected: str
    ) -> None:
        assert local_midnight(day, zone).isoformat() == expected
        assert midnight_us(day, zone) == to_us(datetime.fromisoformat(expected), "x")

    def test_a_gap_that_starts_before_midnight(self) -> None:
        """Toronto went from 23:30 to 00:30 on the night into 31 March 1919: the day
        began at 00:30, not an hour into the gap (01:00, as fold=0 would put it)."""
        toronto = ZoneInfo("America/Toronto")
        start = local_midnight(date(1919, 3, 31), toronto)
        assert start.isoformat() == "1919-03-31T00:30:00-04:00"
        assert local_date(midnight_us(date(1919, 3, 31), toronto) - 1, toronto) == (
            date(1919, 3, 30)
        )

    def test_out_of_range(self) -> None:
        with pytest.raises(CalendarError, match="outside the years"):
            local_midnight(date(1, 1, 1), BERLIN)

    @given(st.dates(date(1900, 1, 2), date(2100, 12, 31)), ZONES)
    def test_no_instant_of_the_day_comes_before(
        self, day: date, zone: ZoneInfo
    ) -> None:
        """The instant before belongs to an earlier day; this one to the day (or,
        where the whole day is skipped, to a later one)."""
        us = midnight_us(day, zone)
        assert local_date(us - 1, zone) < day <= local_date(us, zone)


class TestWallInstant:
    def test_pep_495_fold_0(self) -> None:
        assert wall_instant(datetime(2026, 3, 29, 2, 30), BERLIN).isoformat() == (
            "2026-03-29T03:30:00+02:00"
        )
        assert wall_instant(datetime(2026, 10, 25, 2, 30), BERLIN).isoformat() == (
            "2026-10-25T02:30:00+02:00"
        )
        assert wall_instant(datetime(2026, 7, 1, 12, tzinfo=UTC), BERLIN).hour == 12


class TestDayOrInstant:
    def test_each_kind(self) -> None:
        aware = datetime(2026, 1, 1, 9, tzinfo=UTC)
        assert day_or_instant(aware, "start", BERLIN) is aware
        assert day_or_instant(date(2026, 1, 1), "start", BERLIN).isoformat() == (
            "2026-01-01T00:00:00+01:00"
        )
        with pytest.raises(NaiveDatetimeError, match="start"):
            day_or_instant(datetime(2026, 1, 1), "start", BERLIN)
        with pytest.raises(TypeError, match="start must be a date or a datetime"):
            day_or_instant("2026-01-01", "start", BERLIN)


class TestRoundTrips:
    @given(st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 31)), ZONES)
    def test_an_instant_with_its_offset_reads_back(
        self, wall: datetime, zone: ZoneInfo
    ) -> None:
        """Any instant, written with its offset, is read back as that instant with
        that offset, whatever zone is given."""
        value = wall.replace(tzinfo=UTC).astimezone(zone)
        offset = value.utcoffset()
        assume(offset is not None and offset.microseconds == 0)
        text = value.isoformat()
        for given_zone in (None, zone):
            found = read_instant(text, given_zone)
            assert to_us(found, "found") == to_us(value, "value")
            assert found.utcoffset() == offset

    @given(st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 31)), ZONES)
    def test_an_instant_with_its_zone_reads_back(
        self, wall: datetime, zone: ZoneInfo
    ) -> None:
        """Written as RFC 9557 (offset and zone), it is the same instant in the
        same zone, folds included."""
        value = wall.replace(tzinfo=UTC).astimezone(zone)
        assume(value.utcoffset().microseconds == 0)  # type: ignore[union-attr]
        found = read_instant(f"{value.isoformat()}[{zone.key}]", None)
        assert found.tzinfo is zone
        assert to_us(found, "found") == to_us(value, "value")
        assert found.replace(tzinfo=None) == value.replace(tzinfo=None)

    @given(
        st.one_of(
            st.tuples(
                st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 31)), ZONES
            ),
            _near_a_change(),
        )
    )
    def test_a_wall_time_reads_back_unless_skipped_or_repeated(
        self, case: tuple[datetime, ZoneInfo]
    ) -> None:
        """Without an offset, a wall time reads as itself in the zone; one the zone
        skips or repeats is refused, and only those."""
        wall, zone = case
        candidates = {
            to_us(wall.replace(tzinfo=zone, fold=fold), "wall") for fold in (0, 1)
        }
        # The wall time exists once exactly when one instant shows it.
        shown = [
            us
            for us in candidates
            if from_us(us, zone).replace(tzinfo=None, fold=0) == wall
        ]
        text = wall.isoformat(sep=" ")
        if len(candidates) == 1:
            found = read_instant(text, zone)
            assert shown
            assert found.replace(tzinfo=None) == wall
            assert found.tzinfo is zone
            event("unique")
            return
        refused = parse_instant(text, zone)
        assert isinstance(refused, Refusal)
        repeated = len(shown) == 2  # else skipped: no instant shows it
        event("repeated" if repeated else "skipped")
        assert refused.reason.startswith(
            "ambiguous in" if repeated else "does not exist in"
        )
