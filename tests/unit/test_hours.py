from __future__ import annotations

import re
from datetime import timedelta

import attrs
import pytest

from slacore import CalendarError, SlaError, WeeklyHours

CLOSED_WEEK = ((), (), (), (), (), (), ())
NINE_TO_FIVE = ((540, 1020),)


def week(
    **days: tuple[tuple[int, int], ...],
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Build the canonical seven-day tuple from keyword days (mon=..., sun=...)."""
    keys = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return tuple(days.get(key, ()) for key in keys)


class TestParseDayKeys:
    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            ("mon", week(mon=NINE_TO_FIVE)),
            ("tue", week(tue=NINE_TO_FIVE)),
            ("wed", week(wed=NINE_TO_FIVE)),
            ("thu", week(thu=NINE_TO_FIVE)),
            ("fri", week(fri=NINE_TO_FIVE)),
            ("sat", week(sat=NINE_TO_FIVE)),
            ("sun", week(sun=NINE_TO_FIVE)),
            ("Monday", week(mon=NINE_TO_FIVE)),
            ("TUESDAY", week(tue=NINE_TO_FIVE)),
            ("wEdNeSdAy", week(wed=NINE_TO_FIVE)),
            ("thursday", week(thu=NINE_TO_FIVE)),
            ("Friday", week(fri=NINE_TO_FIVE)),
            ("saturday", week(sat=NINE_TO_FIVE)),
            ("SUNDAY", week(sun=NINE_TO_FIVE)),
            ("MON", week(mon=NINE_TO_FIVE)),
            (
                "mon-fri",
                week(
                    mon=NINE_TO_FIVE,
                    tue=NINE_TO_FIVE,
                    wed=NINE_TO_FIVE,
                    thu=NINE_TO_FIVE,
                    fri=NINE_TO_FIVE,
                ),
            ),
            ("Monday-Tuesday", week(mon=NINE_TO_FIVE, tue=NINE_TO_FIVE)),
            ("mon - wed", week(mon=NINE_TO_FIVE, tue=NINE_TO_FIVE, wed=NINE_TO_FIVE)),
            (
                "fri-mon",
                week(
                    fri=NINE_TO_FIVE,
                    sat=NINE_TO_FIVE,
                    sun=NINE_TO_FIVE,
                    mon=NINE_TO_FIVE,
                ),
            ),
            ("sun-mon", week(sun=NINE_TO_FIVE, mon=NINE_TO_FIVE)),
            ("sun-sun", week(sun=NINE_TO_FIVE)),
            ("tue-mon", (NINE_TO_FIVE,) * 7),
            ("sat,sun", week(sat=NINE_TO_FIVE, sun=NINE_TO_FIVE)),
            ("sat, SUN", week(sat=NINE_TO_FIVE, sun=NINE_TO_FIVE)),
            ("mon,wed,fri", week(mon=NINE_TO_FIVE, wed=NINE_TO_FIVE, fri=NINE_TO_FIVE)),
            ("mon-tue,thu", week(mon=NINE_TO_FIVE, tue=NINE_TO_FIVE, thu=NINE_TO_FIVE)),
        ],
    )
    def test_mapping_key(self, key, expected):
        """A day key names single days, full names in any case, ranges and lists."""
        assert WeeklyHours.parse({key: "09:00-17:00"}).days == expected

    def test_days_not_named_are_closed(self):
        """Days the spec does not mention are closed."""
        assert WeeklyHours.parse({"wed": "09:00-17:00"}).days == week(wed=NINE_TO_FIVE)

    def test_empty_mapping_is_closed_week(self):
        """An empty mapping gives a week with no open time."""
        assert WeeklyHours.parse({}).days == CLOSED_WEEK

    def test_several_keys(self):
        """Several keys combine into one week."""
        hours = WeeklyHours.parse({"mon-fri": "09:00-17:00", "sat": "10:00-14:00"})
        assert hours.days == week(
            mon=NINE_TO_FIVE,
            tue=NINE_TO_FIVE,
            wed=NINE_TO_FIVE,
            thu=NINE_TO_FIVE,
            fri=NINE_TO_FIVE,
            sat=((600, 840),),
        )


class TestParseDayValues:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("09:00-17:00", ((540, 1020),)),
            ("9:00-17:00", ((540, 1020),)),
            (" 09:00 - 17:00 ", ((540, 1020),)),
            ("09:00-12:00,13:00-17:00", ((540, 720), (780, 1020))),
            ("13:00-17:00,09:00-12:00", ((540, 720), (780, 1020))),
            ("09:00-12:00, 13:00-17:00", ((540, 720), (780, 1020))),
            ("09:00-12:00,12:00-17:00", ((540, 720), (720, 1020))),
            ("00:00-00:01", ((0, 1),)),
            ("23:59-24:00", ((1439, 1440),)),
            ("10:00-24:00", ((600, 1440),)),
            ("closed", ()),
            ("CLOSED", ()),
            ("Closed", ()),
            ("", ()),
            ("  ", ()),
            ("24h", ((0, 1440),)),
            ("24H", ((0, 1440),)),
            ("00:00-24:00", ((0, 1440),)),
            ("00:00-00:00", ((0, 1440),)),
            ("22:00-06:00", ((1320, 1800),)),
            ("22:00-00:00", ((1320, 1440),)),
            ("12:00-12:00", ((720, 2160),)),
            ("08:00-12:00,20:00-02:00", ((480, 720), (1200, 1560))),
        ],
    )
    def test_mapping_value(self, value, expected):
        """A day's value is comma-separated intervals, closed, or the whole day."""
        assert WeeklyHours.parse({"mon": value}).days[0] == expected

    def test_value_as_list_of_strings(self):
        """A mapping value may also be a list of interval strings."""
        hours = WeeklyHours.parse({"mon": ["09:00-12:00", "13:00-17:00"]})
        assert hours.days[0] == ((540, 720), (780, 1020))

    def test_overnight_belongs_to_start_day(self):
        """An overnight interval is stored on the day it starts on, ending past 1440."""
        hours = WeeklyHours.parse({"fri": "22:00-06:00"})
        assert hours.days == week(fri=((1320, 1800),))

    def test_sunday_overnight_stays_on_sunday(self):
        """Sunday's overnight interval belongs to Sunday, not to Monday."""
        hours = WeeklyHours.parse({"sun": "22:00-06:00"})
        assert hours.days == week(sun=((1320, 1800),))

    def test_overnight_every_day(self):
        """Overnight hours every night do not overlap each other."""
        hours = WeeklyHours.parse({"mon-sun": "22:00-06:00"})
        assert hours.days == (((1320, 1800),),) * 7

    def test_overnight_touching_next_day(self):
        """An overnight interval may end exactly where the next day's hours start."""
        hours = WeeklyHours.parse({"mon": "22:00-06:00", "tue": "06:00-10:00"})
        assert hours.days == week(mon=((1320, 1800),), tue=((360, 600),))

    def test_full_day_intervals_every_day(self):
        """Whole days in a row touch without overlapping."""
        assert WeeklyHours.parse({"mon-sun": "24h"}).days == (((0, 1440),),) * 7


class TestParseString:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("mon 09:00-17:00", week(mon=NINE_TO_FIVE)),
            ("Monday 09:00-17:00", week(mon=NINE_TO_FIVE)),
            ("sat,sun 10:00-14:00", week(sat=((600, 840),), sun=((600, 840),))),
            (
                "fri-mon 10:00-14:00",
                week(
                    fri=((600, 840),),
                    sat=((600, 840),),
                    sun=((600, 840),),
                    mon=((600, 840),),
                ),
            ),
            (
                "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00",
                week(
                    mon=((540, 720), (780, 1020)),
                    tue=((540, 720), (780, 1020)),
                    wed=((540, 720), (780, 1020)),
                    thu=((540, 720), (780, 1020)),
                    fri=((540, 720), (780, 1020)),
                    sat=((600, 840),),
                ),
            ),
            (
                "mon 09:00-12:00, 13:00-17:00 ;  tue   10:00-11:00",
                week(mon=((540, 720), (780, 1020)), tue=((600, 660),)),
            ),
            (
                "mon 09:00-17:00\ntue 10:00-11:00",
                week(mon=NINE_TO_FIVE, tue=((600, 660),)),
            ),
            ("mon 09:00-17:00;", week(mon=NINE_TO_FIVE)),
            ("mon closed; tue 22:00-06:00", week(tue=((1320, 1800),))),
            ("sun 24h", week(sun=((0, 1440),))),
            ("", CLOSED_WEEK),
            ("  ;  ", CLOSED_WEEK),
        ],
    )
    def test_string_form(self, text, expected):
        """The one-line form separates day groups with ';' or new lines."""
        assert WeeklyHours.parse(text).days == expected

    def test_string_equals_mapping(self):
        """The string form and the mapping form of the same hours are equal."""
        text = WeeklyHours.parse("mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00")
        mapping = WeeklyHours.parse(
            {"mon-fri": "09:00-12:00,13:00-17:00", "sat": "10:00-14:00"}
        )
        assert text == mapping

    def test_weekly_hours_passes_through(self):
        """Parsing a WeeklyHours returns it unchanged."""
        hours = WeeklyHours.parse("mon 09:00-17:00")
        assert WeeklyHours.parse(hours) is hours


class TestFormat:
    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            ("mon-fri 09:00-17:00", "mon-fri 09:00-17:00"),
            ({"mon": "9:00-17:00", "tue": "09:00-17:00"}, "mon-tue 09:00-17:00"),
            ("mon,wed 09:00-10:00", "mon 09:00-10:00; wed 09:00-10:00"),
            ("fri-mon 10:00-11:00", "mon 10:00-11:00; fri-sun 10:00-11:00"),
            ("sun 22:00-06:00", "sun 22:00-06:00"),
            ("mon 24h", "mon 00:00-24:00"),
            ("mon 10:00-24:00", "mon 10:00-24:00"),
            ("mon 12:00-12:00", "mon 12:00-12:00"),
            ("mon 13:00-17:00,09:00-12:00", "mon 09:00-12:00,13:00-17:00"),
            ("", ""),
            ("mon closed", ""),
        ],
    )
    def test_format(self, spec, expected):
        """format() writes the canonical one-line form, grouping equal neighbours."""
        assert WeeklyHours.parse(spec).format() == expected

    @pytest.mark.parametrize(
        "spec",
        [
            "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00",
            "mon-sun 22:00-06:00",
            "mon 00:00-24:00; wed 12:00-12:00; sun 23:59-24:00",
            "tue 08:00-12:00,20:00-02:00; thu 00:00-00:01",
            "",
        ],
    )
    def test_round_trip(self, spec):
        """parse(format()) gives back equal hours."""
        hours = WeeklyHours.parse(spec)
        assert WeeklyHours.parse(hours.format()) == hours

    def test_str_is_format(self):
        """str() of weekly hours is the one-line form."""
        assert str(WeeklyHours.parse({"sat": "10:00-14:00"})) == "sat 10:00-14:00"

    def test_repr(self):
        """The repr is a parse call that rebuilds the value."""
        hours = WeeklyHours.parse({"mon-fri": "09:00-17:00", "sat": "10:00-14:00"})
        assert (
            repr(hours) == "WeeklyHours.parse('mon-fri 09:00-17:00; sat 10:00-14:00')"
        )

    def test_repr_evaluates_back(self):
        """Evaluating the repr gives equal hours."""
        hours = WeeklyHours.parse("mon 22:00-06:00; sun 24h")
        assert eval(repr(hours), {"WeeklyHours": WeeklyHours}) == hours  # noqa: S307


class TestAlways:
    def test_days(self):
        """always() is open all day on all seven days."""
        assert WeeklyHours.always().days == (((0, 1440),),) * 7

    def test_repr(self):
        """always() reads back as the whole week."""
        assert repr(WeeklyHours.always()) == "WeeklyHours.parse('mon-sun 00:00-24:00')"

    def test_equals_parsed(self):
        """always() equals the parsed whole week."""
        assert WeeklyHours.always() == WeeklyHours.parse("mon-sun 24h")


class TestPerWeek:
    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            ("mon-fri 09:00-17:00", timedelta(hours=40)),
            ("mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00", timedelta(hours=39)),
            ("mon-sun 24h", timedelta(days=7)),
            ("sun 22:00-06:00", timedelta(hours=8)),
            ("mon 12:00-12:00", timedelta(hours=24)),
            ("mon 00:00-00:01", timedelta(minutes=1)),
            ("", timedelta(0)),
        ],
    )
    def test_per_week(self, spec, expected):
        """per_week() is the wall-clock open time of one week, overnight included."""
        assert WeeklyHours.parse(spec).per_week() == expected


class TestIsClosed:
    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            ("", True),
            ("mon closed", True),
            ({"mon-sun": ""}, True),
            ("sun 23:59-24:00", False),
            ("mon-fri 09:00-17:00", False),
        ],
    )
    def test_is_closed(self, spec, expected):
        """is_closed() is true only when no day has an open interval."""
        assert WeeklyHours.parse(spec).is_closed() is expected


class TestValueObject:
    def test_frozen(self):
        """Weekly hours cannot be changed after creation."""
        hours = WeeklyHours.parse("mon 09:00-17:00")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            hours.days = ()  # type: ignore[misc]

    def test_equal_and_hash_by_value(self):
        """Equal hours written differently compare and hash equal."""
        a = WeeklyHours.parse("mon-fri 09:00-17:00")
        b = WeeklyHours.parse({"Monday-Friday": "9:00-17:00"})
        assert a == b
        assert hash(a) == hash(b)

    def test_different_hours_differ(self):
        """Different hours are not equal."""
        a = WeeklyHours.parse("mon-fri 09:00-17:00")
        assert a != WeeklyHours.parse("mon-fri 09:00-17:01")

    def test_canonical_constructor(self):
        """The constructor takes seven days of (start, end) minutes, lists allowed."""
        hours = WeeklyHours([[(540, 1020)]] * 5 + [[], []])
        assert hours == WeeklyHours.parse("mon-fri 09:00-17:00")

    def test_constructor_sorts_intervals(self):
        """The constructor sorts each day's intervals."""
        hours = WeeklyHours([[(780, 1020), (540, 720)], [], [], [], [], [], []])
        assert hours.days[0] == ((540, 720), (780, 1020))


class TestParseErrors:
    @pytest.mark.parametrize(
        ("spec", "match", "day"),
        [
            (
                {"xyz": "09:00-17:00"},
                r"^unknown day 'xyz': expected mon\.\.sun, a range or a list$",
                "xyz",
            ),
            ({"mo": "09:00-17:00"}, r"^unknown day 'mo'", "mo"),
            ({"mon-xyz": "09:00-17:00"}, r"^unknown day 'mon-xyz'", "mon-xyz"),
            (
                {"mon-tue-wed": "09:00-17:00"},
                r"^unknown day 'mon-tue-wed'",
                "mon-tue-wed",
            ),
            ({"mon,": "09:00-17:00"}, r"^empty day name in 'mon,'", "mon,"),
            ("weekday 09:00-17:00", r"^unknown day 'weekday'", "weekday"),
        ],
    )
    def test_unknown_day(self, spec, match, day):
        """An unknown day key raises CalendarError quoting the key."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse(spec)
        assert info.value.day == day

    @pytest.mark.parametrize("hours", ["24h", "09:00-17:00", "closed"])
    def test_hours_without_days(self, hours):
        """`BusinessCalendar("24h")`: a spec without day names says it needs them."""
        message = (
            f"'{hours}' names no days: a weekly hours spec needs day names before "
            f"the hours, e.g. 'mon-sun {hours}'"
        )
        with pytest.raises(CalendarError, match=f"^{re.escape(message)}$") as info:
            WeeklyHours.parse(hours)
        assert info.value.field == "hours"

    @pytest.mark.parametrize(
        ("spec", "match", "day"),
        [
            (
                {"mon-fri": "09:00-17:00", "fri": "10:00-11:00"},
                r"^fri is given twice \(in 'fri'\)$",
                "fri",
            ),
            (
                {"fri-mon": "09:00-17:00", "mon": "10:00-11:00"},
                r"^mon is given twice \(in 'mon'\)$",
                "mon",
            ),
            (
                {"mon,mon": "09:00-17:00"},
                r"^mon is given twice \(in 'mon,mon'\)$",
                "mon",
            ),
            (
                "mon 09:00-17:00; monday 10:00-11:00",
                r"^mon is given twice \(in 'monday'\)$",
                "mon",
            ),
            ({"sat": "", "sat,sun": "10:00-11:00"}, r"^sat is given twice", "sat"),
        ],
    )
    def test_day_given_twice(self, spec, match, day):
        """A day named by two keys raises CalendarError naming the day."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse(spec)
        assert info.value.day == day

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            ("9-17", r"^bad time '9' on tue: expected HH:MM$"),
            ("ab:cd-10:00", r"^bad time 'ab:cd' on tue: expected HH:MM$"),
            ("09:00-", r"^bad time '' on tue: expected HH:MM$"),
            ("09:0-10:00", r"^bad time '09:0' on tue: expected HH:MM$"),
            ("09:00-24:30", r"^bad time '24:30' on tue: out of range$"),
            ("24:00-10:00", r"^bad time '24:00' on tue: out of range$"),
            ("25:00-26:00", r"^bad time '25:00' on tue: out of range$"),
            ("09:60-10:00", r"^bad time '09:60' on tue: out of range$"),
            ("09:00", r"^bad interval '09:00' on tue: expected HH:MM-HH:MM$"),
            (
                "09:00-10:00-11:00",
                r"^bad interval '09:00-10:00-11:00' on tue: expected HH:MM-HH:MM$",
            ),
            ("open", r"^bad interval 'open' on tue: expected HH:MM-HH:MM$"),
            (
                "closed,09:00-10:00",
                r"^'closed' on tue cannot be combined with open intervals$",
            ),
        ],
    )
    def test_bad_time(self, value, match):
        """A malformed or out-of-range time raises CalendarError naming the day."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse({"tue": value})
        assert info.value.day == "tue"

    @pytest.mark.parametrize(
        ("spec", "match", "day"),
        [
            (
                {"mon": "09:00-12:00,11:00-13:00"},
                r"^overlapping intervals on mon: 09:00-12:00 and 11:00-13:00$",
                "mon",
            ),
            (
                {"wed": "09:00-17:00,10:00-11:00"},
                r"^overlapping intervals on wed: 09:00-17:00 and 10:00-11:00$",
                "wed",
            ),
            (
                {"thu": "22:00-06:00,23:00-23:30"},
                r"^overlapping intervals on thu: 22:00-06:00 and 23:00-23:30$",
                "thu",
            ),
            (
                {"mon": "00:00-24:00,24h"},
                r"^overlapping intervals on mon: 00:00-24:00 and 00:00-24:00$",
                "mon",
            ),
        ],
    )
    def test_overlap_within_day(self, spec, match, day):
        """Intervals of one day that overlap raise CalendarError naming the day."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse(spec)
        assert info.value.day == day

    @pytest.mark.parametrize(
        ("spec", "match", "day"),
        [
            (
                {"mon": "22:00-06:00", "tue": "05:00-09:00"},
                r"^overlapping intervals on tue: mon 22:00-06:00 and 05:00-09:00$",
                "tue",
            ),
            (
                {"sun": "22:00-06:00", "mon": "05:00-09:00"},
                r"^overlapping intervals on mon: sun 22:00-06:00 and 05:00-09:00$",
                "mon",
            ),
            (
                {"sat": "20:00-20:00", "sun": "08:00-09:00"},
                r"^overlapping intervals on sun: sat 20:00-20:00 and 08:00-09:00$",
                "sun",
            ),
            (
                "fri 18:00-03:00; sat 00:00-01:00",
                r"^overlapping intervals on sat: fri 18:00-03:00 and 00:00-01:00$",
                "sat",
            ),
            (
                {"sun": "12:00-12:00", "mon": "11:00-11:30"},
                r"^overlapping intervals on mon: sun 12:00-12:00 and 11:00-11:30$",
                "mon",
            ),
        ],
    )
    def test_overlap_after_overnight_spill(self, spec, match, day):
        """Overnight spill into the next day's hours raises, naming both intervals."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse(spec)
        assert info.value.day == day

    @pytest.mark.parametrize(
        ("text", "match", "day"),
        [
            (
                "mon-fri",
                r"^missing hours for 'mon-fri' \(write 'closed' for a closed day\)$",
                "mon-fri",
            ),
            (
                "mon-fri 09:00-17:00; sat",
                r"^missing hours for 'sat' \(write 'closed' for a closed day\)$",
                "sat",
            ),
            ("sun   ", r"^missing hours for 'sun'", "sun"),
        ],
    )
    def test_missing_hours_in_string(self, text, match, day):
        """A day group without hours in the string form raises CalendarError."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours.parse(text)
        assert info.value.day == day

    def test_errors_are_sla_errors(self):
        """Parse errors are SlaError and ValueError too."""
        with pytest.raises(SlaError, match=r"^unknown day 'xyz'"):
            WeeklyHours.parse({"xyz": ""})
        with pytest.raises(ValueError, match=r"^unknown day 'xyz'"):
            WeeklyHours.parse({"xyz": ""})


class TestConstructorErrors:
    def test_wrong_number_of_days(self):
        """The canonical form needs exactly seven days."""
        with pytest.raises(
            CalendarError, match=r"^weekly hours need 7 days \(mon\.\.sun\), got 6$"
        ) as info:
            WeeklyHours(((),) * 6)
        assert info.value.field == "days"

    @pytest.mark.parametrize(
        ("days", "match", "day"),
        [
            (((600, 500),), r"^bad interval \(600, 500\) on mon$", "mon"),
            (((-1, 10),), r"^bad interval \(-1, 10\) on mon$", "mon"),
            (((1440, 1500),), r"^bad interval \(1440, 1500\) on mon$", "mon"),
            (((0, 1441),), r"^bad interval \(0, 1441\) on mon$", "mon"),
        ],
    )
    def test_bad_interval(self, days, match, day):
        """Intervals outside a day (plus one overnight day) raise CalendarError."""
        with pytest.raises(CalendarError, match=match) as info:
            WeeklyHours((days, (), (), (), (), (), ()))
        assert info.value.day == day

    def test_overlap_in_canonical_form(self):
        """The canonical form checks overlaps too."""
        with pytest.raises(
            CalendarError,
            match=r"^overlapping intervals on mon: 09:00-12:00 and 11:00-13:00$",
        ):
            WeeklyHours((((540, 720), (660, 780)), (), (), (), (), (), ()))


class TestTypeErrors:
    @pytest.mark.parametrize(
        ("spec", "match"),
        [
            (5, r"^weekly hours must be a string or a mapping, got int$"),
            (None, r"^weekly hours must be a string or a mapping, got NoneType$"),
            ({1: "09:00-10:00"}, r"^day keys must be strings, got int$"),
            ({"mon": 5}, r"^hours for mon must be a string, got int$"),
            ({"mon": ["09:00-10:00", 5]}, r"^hours for mon must be strings, got int$"),
        ],
    )
    def test_wrong_python_type(self, spec, match):
        """Wrong Python types raise TypeError, not CalendarError."""
        with pytest.raises(TypeError, match=match):
            WeeklyHours.parse(spec)
