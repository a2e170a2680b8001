"""Service-level metrics (API.md section 3), on hand-worked examples.

Readings taken where API.md is silent (each has a test here):

- Outage and exclusion items are `Outage` values or ``(start, end)`` pairs (tuples or
  lists); a planned `Outage` is an exclusion wherever it is passed, and any `Outage`
  passed in `exclusions` is an exclusion.
- A pair that ends before it starts raises `DataError` with ``field`` the argument
  (``"outages"``) and ``index`` its position; a zero-length one counts nothing.
- Availability over a window with no measured time raises (field ``calendar``);
  an error budget of such a window is zero and a burn rate over it is 0.
- NPS scores may be `int`, or `Decimal`/`float` with an integral value.
- The error budget is rounded down to the microsecond; ``consumed`` is None when
  the budget is zero; using exactly the whole budget is not ``exhausted``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from zoneinfo import ZoneInfo

import pytest

from slacore import (
    ALWAYS,
    BusinessCalendar,
    Contact,
    DataError,
    ErrorBudget,
    NaiveDatetimeError,
    Outage,
    Response,
    availability,
    burn_rate,
    error_budget,
    nps,
    service_level,
)
from slacore._service_levels import (
    nps_counts,
    outage_spans,
    service_level_counts,
    uptime_us,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
S = timedelta(seconds=1)
MIN = timedelta(minutes=1)
H = timedelta(hours=1)
DAY = timedelta(days=1)
US = timedelta(microseconds=1)
ZERO = timedelta(0)
JUNE = datetime(2025, 6, 1, tzinfo=UTC)  # a 30-day month starts here
JULY = datetime(2025, 7, 1, tzinfo=UTC)


def exactly(message: str) -> str:
    """A `pytest.raises` pattern that matches *message* and nothing else."""
    return f"^{re.escape(message)}$"


def mon(hour: int, minute: int = 0, second: int = 0, microsecond: int = 0) -> datetime:
    """A UTC time on Monday 2025-06-02."""
    return datetime(2025, 6, 2, hour, minute, second, microsecond, tzinfo=UTC)


def march(day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Berlin wall time in March 2025 (24 = Monday; DST starts Sunday 30 at 02:00)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BERLIN)


def us(t: datetime) -> int:
    """Microseconds since the epoch."""
    return (t - datetime(1970, 1, 1, tzinfo=UTC)) // US


# -- value objects -----------------------------------------------------------------


class TestAvailability:
    """Percent of measured time not inside an outage."""

    def test_four_nines(self):
        """4 min 19.2 s down in a 30-day month is exactly 99.99."""
        down = JUNE + 3 * DAY
        actual = availability(JUNE, JULY, [(down, down + 4 * MIN + 19_200_000 * US)])

        assert str(actual) == "99.99"

    def test_exact_whatever_the_context(self):
        """The thread's decimal context does not change the result."""
        down = JUNE + 3 * DAY
        with localcontext() as ctx:
            ctx.prec = 3
            actual = availability(JUNE, JULY, [(down, down + 259_200_000 * US)])

        assert str(actual) == "99.99"

    def test_no_outages(self):
        """No outages is 100."""
        assert str(availability(JUNE, JULY, [])) == "100"

    def test_all_down(self):
        """An outage over the whole window is 0."""
        assert availability(mon(9), mon(10), [(mon(8), mon(11))]) == 0

    def test_repeating_quotient(self):
        """One hour of three down is 66.66...67, to 28 significant digits."""
        actual = availability(mon(9), mon(12), [(mon(9), mon(10))])

        assert str(actual) == "66.66666666666666666666666667"

    def test_overlaps_count_once(self):
        """09:00-10:00 and 09:30-11:00 are 2 hours down of 10: 80."""
        outages = [(mon(9), mon(10)), (mon(9, 30), mon(11)), (mon(9), mon(10))]

        assert availability(mon(8), mon(18), outages) == 80

    def test_clipped_to_the_window(self):
        """Outages reaching outside the window count only inside it."""
        outages = [(mon(6), mon(9)), (mon(17), mon(20)), (mon(1), mon(2))]

        assert availability(mon(8), mon(18), outages) == 80

    def test_outage_objects_and_lists(self):
        """Outage values, tuples and lists are all accepted."""
        outages = [Outage("api", mon(8), mon(9)), [mon(9), mon(10)]]

        assert availability(mon(8), mon(18), outages) == 80

    def test_zero_length_outage(self):
        """A zero-length outage counts nothing."""
        assert availability(mon(8), mon(18), [(mon(9), mon(9))]) == 100

    def test_exclusions(self):
        """Exclusions leave measured time and downtime: 1 h down of 6 measured."""
        actual = availability(
            mon(8),
            mon(18),
            [(mon(12), mon(14))],  # 13:00-14:00 is excluded
            exclusions=[(mon(13), mon(17))],
        )

        assert str(actual) == "83.33333333333333333333333333"

    def test_planned_outage_is_an_exclusion(self):
        """A planned outage among the outages is excluded, not downtime."""
        outages = [
            Outage("api", mon(12), mon(14)),
            Outage("api", mon(13), mon(17), planned=True),
        ]

        assert availability(mon(8), mon(18), outages) == availability(
            mon(8), mon(18), [(mon(12), mon(14))], exclusions=[(mon(13), mon(17))]
        )

    def test_outage_among_exclusions(self):
        """Any Outage passed as an exclusion is an exclusion."""
        actual = availability(
            mon(8),
            mon(18),
            [(mon(9), mon(10))],
            exclusions=[Outage("api", mon(9), mon(10)), Outage("db", mon(16), mon(18))],
        )

        assert actual == 100

    def test_business_hours_over_a_dst_week(self):
        """Mon-Fri 09-17 Berlin, the week DST starts: 1 of 40 hours down is 97.5."""
        outages = [(march(28, 16), march(29, 10)), (march(30, 1), march(30, 4))]

        actual = availability(march(24), march(31), outages, calendar=OFFICE)

        assert actual == Decimal("97.5")

    def test_dst_day_is_23_hours(self):
        """Sunday 30 March 2025 in Berlin has 23 hours: 1 down is 22/23."""
        sunday = BusinessCalendar("sun 00:00-24:00", tz="Europe/Berlin")

        actual = availability(
            march(24), march(31), [(march(30, 10), march(30, 11))], calendar=sunday
        )

        assert actual == Decimal(2200) / Decimal(23)

    def test_always_in_another_zone(self):
        """A 24/7 calendar in Berlin measures real time over the DST change: 167 h."""
        always = BusinessCalendar.always("Europe/Berlin")

        actual = availability(
            march(24), march(31), [(march(30, 1), march(30, 4))], calendar=always
        )

        # 01:00 to 04:00 wall clock on the DST morning is two real hours.
        assert actual == Decimal(16500) / Decimal(167)

    def test_composed_calendar(self):
        """A composition is measured by its open time: 08-12 or 09-10."""
        early = BusinessCalendar("mon 08:00-10:00", tz="UTC")
        late = BusinessCalendar("mon 09:00-12:00", tz="UTC")

        actual = availability(
            mon(0), mon(23), [(mon(9, 30), mon(11))], calendar=early | late
        )
        both = availability(
            mon(0), mon(23), [(mon(9, 30), mon(11))], calendar=early & late
        )

        assert (actual, both) == (Decimal("62.5"), Decimal(50))

    def test_outage_outside_business_hours(self):
        """A night outage does not count against business hours."""
        actual = availability(
            march(24), march(29), [(march(25, 20), march(26, 8))], calendar=OFFICE
        )

        assert actual == 100

    def test_zone_of_inputs_does_not_matter(self):
        """Instants are compared as instants, whatever zone they are shown in."""
        a = availability(mon(8), mon(18), [(mon(9), mon(10))])
        b = availability(
            mon(8).astimezone(BERLIN),
            mon(18),
            [(mon(9).astimezone(ZoneInfo("Asia/Kathmandu")), mon(10))],
        )

        assert a == b == 90

    @pytest.mark.parametrize("end", [mon(9), mon(8)])
    def test_end_not_after_start(self, end):
        """An empty or reversed window is a DataError on `end`."""
        message = f"end {end.isoformat()} is not after start 2025-06-02T09:00:00+00:00"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            availability(mon(9), end, [])

        assert caught.value.field == "end"

    @pytest.mark.parametrize("name", ["outages", "exclusions"])
    def test_reversed_pair(self, name):
        """A pair that ends before it starts names the argument and index."""
        pairs = [(mon(9), mon(10)), (mon(11), mon(10))]
        kwargs = {"outages": [], "exclusions": ()}
        kwargs[name] = pairs
        message = (
            f"{name}[1] ends before it starts: 2025-06-02T10:00:00+00:00 is before "
            "2025-06-02T11:00:00+00:00"
        )

        with pytest.raises(DataError, match=exactly(message)) as caught:
            availability(mon(8), mon(18), **kwargs)

        assert (caught.value.field, caught.value.index) == (name, 1)

    @pytest.mark.parametrize(
        ("item", "kind"), [("down", "str"), ((mon(9),), "tuple"), (None, "NoneType")]
    )
    def test_bad_item(self, item, kind):
        """An item that is neither an Outage nor a pair is a TypeError."""
        message = f"outages[0] must be an Outage or a (start, end) pair, got {kind}"
        with pytest.raises(TypeError, match=exactly(message)):
            availability(mon(8), mon(18), [item])

    def test_one_outage_not_a_list(self):
        """Passing one Outage instead of a list is a TypeError."""
        message = "outages must be an iterable of outages, got Outage"
        with pytest.raises(TypeError, match=exactly(message)):
            availability(mon(8), mon(18), Outage("api", mon(9), mon(10)))  # type: ignore[arg-type]

    def test_naive_pair(self):
        """A naive instant in a pair names its place."""
        pair = (mon(9), datetime(2025, 6, 2, 10))
        with pytest.raises(NaiveDatetimeError, match=r"^outages\[0\]\[1\] must") as e:
            availability(mon(8), mon(18), [pair])

        assert e.value.name == "outages[0][1]"

    def test_naive_window(self):
        """A naive window start raises NaiveDatetimeError naming `start`."""
        with pytest.raises(NaiveDatetimeError, match=r"^start must be timezone-aware"):
            availability(datetime(2025, 6, 2), mon(18), [])

    def test_bad_calendar(self):
        """A calendar that is not a calendar is a TypeError."""
        with pytest.raises(TypeError, match=r"^calendar must be a BusinessCalendar"):
            availability(mon(8), mon(18), [], calendar="24/7")  # type: ignore[arg-type]

    def test_closed_calendar(self):
        """A window the calendar is closed over has nothing to measure."""
        message = (
            "there is no measured time in the window from 2025-03-29T00:00:00+01:00 "
            "to 2025-03-31T00:00:00+02:00: the calendar is closed or everything is "
            "excluded"
        )
        with pytest.raises(DataError, match=exactly(message)) as caught:
            availability(march(29), march(31), [], calendar=OFFICE)

        assert caught.value.field == "calendar"

    def test_everything_excluded(self):
        """A window that is all excluded has nothing to measure either."""
        with pytest.raises(DataError, match=r"^there is no measured time") as caught:
            availability(mon(8), mon(18), [], exclusions=[Outage("x", mon(7), mon(19))])

        assert caught.value.field == "calendar"


class TestUptimeUs:
    """The microsecond kernel the agreement layer uses."""

    def test_plain(self):
        """Measured and down microseconds of a 24/7 window."""
        actual = uptime_us(0, 100, [(10, 20), (15, 30), (90, 200)], ALWAYS, [(40, 50)])

        assert actual == (90, 30)

    @pytest.mark.parametrize(("start", "end"), [(5, 5), (10, 5)])
    def test_empty_window(self, start, end):
        """An empty or reversed window measures nothing."""
        assert uptime_us(start, end, [(0, 100)], ALWAYS, []) == (0, 0)

    def test_business_calendar(self):
        """With a calendar, only its open intervals are measured."""
        start, end = us(march(24)), us(march(31))
        outages = [(us(march(24, 8)), us(march(24, 10)))]

        assert uptime_us(start, end, outages, OFFICE, []) == (
            40 * 3600 * 10**6,
            3600 * 10**6,
        )

    def test_outage_spans(self):
        """Pairs and outages are read to spans; planned outages go second."""
        actual = outage_spans(
            [(mon(0), mon(1)), Outage("a", mon(2), mon(3), planned=True)], "outages"
        )

        assert actual == ([(us(mon(0)), us(mon(1)))], [(us(mon(2)), us(mon(3)))])


# -- service level -----------------------------------------------------------------

#: Threshold 20 s: two answered in time (one exactly at 20 s), one late, and
#: abandons at 3 s, 15 s and 40 s.
CONTACTS = (
    Contact(10 * S),
    Contact(20 * S),
    Contact(21 * S),
    Contact(3 * S, answered=False),
    Contact(15 * S, answered=False),
    Contact(40 * S, answered=False),
)


class TestServiceLevel:
    """Percent of contacts answered within the threshold."""

    @pytest.mark.parametrize(
        ("abandoned", "short_abandon", "met", "counted", "expected"),
        [
            ("offered", None, 2, 6, "33.33333333333333333333333333"),
            ("exclude", None, 2, 3, "66.66666666666666666666666667"),
            ("positive", None, 4, 6, "66.66666666666666666666666667"),
            ("offered", 5 * S, 2, 5, "40"),
            ("exclude", 5 * S, 2, 3, "66.66666666666666666666666667"),
            ("positive", 5 * S, 3, 5, "60"),
            ("positive", 15 * S, 2, 4, "50"),
            ("offered", 3 * S, 2, 5, "40"),
            ("offered", 2 * S, 2, 6, "33.33333333333333333333333333"),
        ],
    )
    def test_modes(self, abandoned, short_abandon, met, counted, expected):
        """Each abandoned mode and short-abandon setting, worked by hand."""
        actual = service_level(
            CONTACTS, 20 * S, abandoned=abandoned, short_abandon=short_abandon
        )
        counts = service_level_counts(CONTACTS, 20 * S, abandoned, short_abandon)

        assert (str(actual), counts) == (expected, (met, counted))

    def test_threshold_is_inclusive(self):
        """Answered at exactly the threshold is met; a microsecond later is not."""
        assert service_level([Contact(20 * S)], 20 * S) == 100
        assert service_level([Contact(20 * S + US)], 20 * S) == 0

    def test_positive_abandon_at_the_threshold(self):
        """With "positive", abandoned at exactly the threshold is met."""
        contacts = [Contact(20 * S, answered=False), Contact(20 * S + US, False)]

        assert service_level(contacts, 20 * S, abandoned="positive") == 50

    def test_zero_threshold(self):
        """A zero threshold meets only contacts answered at once."""
        assert service_level([Contact(ZERO), Contact(US)], ZERO) == 50

    def test_short_abandon_does_not_touch_answered(self):
        """A short abandon setting removes abandoned contacts only."""
        contacts = [Contact(S), Contact(S, answered=False)]

        assert service_level(contacts, ZERO, short_abandon=2 * S) == 0

    def test_generator(self):
        """Any iterable of contacts is accepted."""
        assert service_level((c for c in CONTACTS[:2]), 20 * S) == 100

    def test_counts_of_nothing(self):
        """The counting helper does not raise on nothing to count."""
        assert service_level_counts([], 20 * S, "offered", None) == (0, 0)

    def test_nothing_offered(self):
        """No contacts is a DataError on `contacts`."""
        message = (
            "contacts holds nothing to count: no contact was offered, or every one "
            "was abandoned and left out"
        )
        with pytest.raises(DataError, match=exactly(message)) as caught:
            service_level([], 20 * S)

        assert caught.value.field == "contacts"

    @pytest.mark.parametrize(
        ("abandoned", "short_abandon"), [("exclude", None), ("offered", 60 * S)]
    )
    def test_everything_left_out(self, abandoned, short_abandon):
        """Only abandoned contacts, all left out, is nothing to count."""
        with pytest.raises(DataError, match=r"^contacts holds nothing") as caught:
            service_level(
                CONTACTS[3:], 20 * S, abandoned=abandoned, short_abandon=short_abandon
            )

        assert caught.value.field == "contacts"

    def test_unknown_mode(self):
        """An unknown abandoned mode is a DataError on `abandoned`."""
        message = (
            "abandoned must be one of 'offered', 'exclude', 'positive', got 'ignore'"
        )
        with pytest.raises(DataError, match=exactly(message)) as caught:
            service_level(CONTACTS, 20 * S, abandoned="ignore")  # type: ignore[arg-type]

        assert caught.value.field == "abandoned"

    @pytest.mark.parametrize("name", ["threshold", "short_abandon"])
    def test_negative_durations(self, name):
        """A negative threshold or short abandon is a DataError naming it."""
        kwargs = {"threshold": 20 * S, "short_abandon": None}
        kwargs[name] = -S
        message = f"{name} must not be negative, got -1 day, 23:59:59"

        with pytest.raises(DataError, match=exactly(message)) as caught:
            service_level(CONTACTS, **kwargs)

        assert caught.value.field == name

    def test_threshold_type(self):
        """A threshold that is not a timedelta is a TypeError."""
        message = "threshold must be a timedelta, got int"
        with pytest.raises(TypeError, match=exactly(message)):
            service_level(CONTACTS, 20)  # type: ignore[arg-type]

    def test_contact_type(self):
        """An item that is not a Contact is a TypeError naming its index."""
        message = "contacts[1] must be a Contact, got timedelta"
        with pytest.raises(TypeError, match=exactly(message)):
            service_level([Contact(S), S], 20 * S)  # type: ignore[list-item]


# -- NPS ---------------------------------------------------------------------------


class TestNps:
    """Percent promoters minus percent detractors."""

    @pytest.mark.parametrize(
        ("scores", "expected"),
        [
            ([10, 9, 8, 7, 3], "20"),
            ([10, 10, 9], "100"),
            ([0, 6, 3], "-100"),
            ([7, 8], "0"),
            ([9, 6], "0"),
            ([10, 8, 8], "33.33333333333333333333333333"),
            ([0, 8, 8], "-33.33333333333333333333333333"),
            ([9, 9, 6, 7], "25"),
        ],
    )
    def test_examples(self, scores, expected):
        """Worked examples, from all promoters to all detractors."""
        assert str(nps(scores)) == expected

    def test_boundaries(self):
        """6 is a detractor, 7 and 8 passives, 9 a promoter."""
        assert nps_counts(range(11)) == (2, 2, 7)

    def test_integral_decimals_and_floats(self):
        """Integral Decimals and floats (survey exports) are read as integers."""
        scores = [Decimal(9), Decimal("10.0"), 3.0, Response(mon(9), "6").score]

        assert nps_counts(scores) == (2, 0, 2)
        assert nps(scores) == 0

    @pytest.mark.parametrize(
        ("scores", "index", "shown"),
        [
            ([10, 9, 11], 2, "11"),
            ([-1], 0, "-1"),
            ([9, 7.5], 1, "7.5"),
            ([Decimal("8.5")], 0, "8.5"),
            ([Decimal("NaN")], 0, "NaN"),
            ([float("inf")], 0, "inf"),
            ([10**100], 0, str(10**100)),
        ],
    )
    def test_out_of_range(self, scores, index, shown):
        """A score that is not an integer from 0 to 10 names its index."""
        message = f"scores[{index}] must be an integer from 0 to 10, got {shown}"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            nps(scores)

        assert (caught.value.field, caught.value.index) == ("scores", index)

    @pytest.mark.parametrize(
        ("score", "kind"), [(True, "bool"), ("9", "str"), (None, "NoneType")]
    )
    def test_wrong_type(self, score, kind):
        """A bool, a string or None is not a score: TypeError."""
        message = f"scores[1] must be an int, got {kind}"
        with pytest.raises(TypeError, match=exactly(message)):
            nps([9, score])

    def test_empty(self):
        """No scores is a DataError on `scores`."""
        message = "scores is empty: nps needs at least one score"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            nps(iter([]))

        assert (caught.value.field, caught.value.index) == ("scores", None)


# -- error budget and burn rate ----------------------------------------------------


class TestErrorBudget:
    """The downtime a goal allows, and how much of it is used."""

    def test_mid_month(self):
        """99.9 over 30 days allows 43 min 12 s; 30 min used by day 10 is 69.4 %."""
        budget = error_budget(
            "99.9",
            JUNE,
            JULY,
            [(JUNE + DAY, JUNE + DAY + 30 * MIN), (JUNE + 20 * DAY, JULY)],
            now=JUNE + 10 * DAY,
        )

        assert budget == ErrorBudget(
            goal=Decimal("99.9"),
            start=JUNE,
            end=JULY,
            now=JUNE + 10 * DAY,
            measured=30 * DAY,
            allowed=43 * MIN + 12 * S,
            used=30 * MIN,
            left=13 * MIN + 12 * S,
            consumed=Decimal(1800) * 100 / Decimal(2592),
        )
        assert not budget.exhausted

    def test_now_defaults_to_end(self):
        """Without `now` the whole window is read, and `now` is `end`."""
        budget = error_budget(Decimal(99), mon(0), mon(10), [(mon(9), mon(9, 6))])

        assert (budget.now, budget.allowed, budget.used, budget.left) == (
            mon(10),
            6 * MIN,
            6 * MIN,
            ZERO,
        )
        assert budget.consumed == 100
        assert not budget.exhausted  # using exactly the whole budget meets the goal

    def test_overspent(self):
        """An hour down against 43 min 12 s leaves a negative 16 min 48 s."""
        budget = error_budget("99.9", JUNE, JULY, [(JUNE, JUNE + H)])

        assert (budget.used, budget.left, budget.exhausted) == (
            H,
            -(16 * MIN + 48 * S),
            True,
        )
        assert budget.consumed == Decimal(3600) * 100 / Decimal(2592)

    def test_now_after_end(self):
        """Reading after the window counts the window only."""
        budget = error_budget(99, mon(0), mon(10), [(mon(9), mon(12))], now=mon(20))

        assert (budget.now, budget.used) == (mon(20), H)

    @pytest.mark.parametrize("now", [mon(0), mon(0) - DAY])
    def test_now_at_or_before_start(self, now):
        """Nothing is used before the window starts."""
        budget = error_budget(99, mon(0), mon(10), [(mon(0), mon(10))], now=now)

        assert (budget.used, budget.left, budget.consumed) == (ZERO, 6 * MIN, 0)

    def test_now_just_before_end(self):
        """Read a microsecond before the end, the last microsecond is not used."""
        end = mon(10)
        budget = error_budget(99, mon(0), end, [(end - US, end)], now=end - US)

        assert (budget.used, error_budget(99, mon(0), end, [(end - US, end)]).used) == (
            ZERO,
            US,
        )

    def test_rounded_down(self):
        """The budget is floored to the microsecond: 0.1 % of 1.000001 s is 1000 µs."""
        budget = error_budget("99.9", mon(0), mon(0, 0, 1, 1), [])

        assert budget.allowed == 1000 * US

    def test_goal_100(self):
        """A goal of 100 allows nothing: consumed is None, any downtime exhausts."""
        budget = error_budget(100, mon(0), mon(10), [(mon(1), mon(1, 0, 0, 1))])

        assert (budget.allowed, budget.consumed, budget.exhausted) == (ZERO, None, True)

    def test_goal_0(self):
        """A goal of 0 allows all measured time."""
        budget = error_budget(0, mon(0), mon(10), [])

        assert (budget.allowed, budget.consumed) == (10 * H, 0)

    def test_business_hours(self):
        """99 over a 40-hour week allows 24 min; 1 h down is 250 % consumed."""
        budget = error_budget(
            99,
            march(24),
            march(31),
            [(march(28, 16), march(29, 10))],
            calendar=OFFICE,
            now=march(29),
        )

        assert (budget.measured, budget.allowed, budget.used, budget.left) == (
            40 * H,
            24 * MIN,
            H,
            -36 * MIN,
        )
        assert budget.consumed == 250

    def test_exclusions_and_planned(self):
        """Exclusions shrink the budget; planned outages are not spent from it."""
        budget = error_budget(
            90,
            mon(0),
            mon(10),
            [Outage("api", mon(2), mon(4), planned=True), (mon(3), mon(5))],
            exclusions=[(mon(8), mon(10))],
        )

        assert (budget.measured, budget.allowed, budget.used) == (6 * H, 36 * MIN, H)

    def test_closed_window(self):
        """A window with no measured time has a zero budget."""
        budget = error_budget(99, march(29), march(31), [], calendar=OFFICE)

        assert (budget.measured, budget.allowed, budget.consumed) == (ZERO, ZERO, None)

    @pytest.mark.parametrize(
        ("goal", "message"),
        [
            (101, "goal must be a percent from 0 to 100, got 101"),
            ("-0.1", "goal must be a percent from 0 to 100, got -0.1"),
            ("abc", "goal must be a number, got 'abc'"),
            ("Infinity", "goal must be finite, got 'Infinity'"),
        ],
    )
    def test_bad_goal(self, goal, message):
        """A goal that is not a percent is a DataError on `goal`."""
        with pytest.raises(DataError, match=exactly(message)) as caught:
            error_budget(goal, mon(0), mon(10), [])

        assert caught.value.field == "goal"

    def test_float_goal(self):
        """A float goal is a TypeError (write "99.9")."""
        message = "goal must be a Decimal, int or str, got float"
        with pytest.raises(TypeError, match=exactly(message)):
            error_budget(99.9, mon(0), mon(10), [])  # type: ignore[arg-type]

    def test_bad_window(self):
        """An empty window is a DataError on `end`."""
        with pytest.raises(DataError, match=r"^end .* is not after start") as caught:
            error_budget(99, mon(10), mon(10), [])

        assert caught.value.field == "end"

    def test_naive_now(self):
        """A naive `now` raises NaiveDatetimeError naming `now`."""
        with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
            error_budget(99, mon(0), mon(10), [], now=datetime(2025, 6, 2, 5))


class TestBurnRate:
    """How fast the budget burns over a trailing window."""

    @pytest.mark.parametrize(
        ("down", "expected"),
        [
            (ZERO, "0"),
            (3600 * US * 1000, "1"),  # 3.6 s of an hour at 99.9: exactly on pace
            (36 * S, "10"),
            (51_840_000 * US, "14.4"),  # the page-now threshold
            (H, "1000"),
        ],
    )
    def test_one_hour_at_three_nines(self, down, expected):
        """Burn rates over one hour at a 99.9 goal, worked by hand."""
        now = mon(12)
        actual = burn_rate("99.9", now, H, [(now - down, now)])

        assert str(actual) == expected

    def test_goal_0(self):
        """At a goal of 0 the burn rate is the fraction down: 36 s of 1 h is 0.01."""
        assert str(burn_rate(0, mon(12), H, [(mon(11, 59, 24), mon(12))])) == "0.01"

    def test_clipped_to_the_window(self):
        """Only downtime inside ``[now - window, now)`` burns."""
        outages = [(mon(9), mon(11)), (mon(12), mon(13))]

        assert burn_rate(99, mon(12), H, outages) == 0

    def test_business_hours(self):
        """Six hours back from Monday 10:00 Berlin measure one hour; 30 min is 50."""
        now = march(24, 10)

        actual = burn_rate(
            99, now, 6 * H, [(march(24, 5), march(24, 9, 30))], calendar=OFFICE
        )

        assert actual == 50

    def test_exclusions(self):
        """Excluded time leaves measured time and downtime."""
        actual = burn_rate(
            90, mon(12), 2 * H, [(mon(10), mon(11))], exclusions=[(mon(10), mon(11))]
        )

        assert actual == 0

    def test_nothing_measured(self):
        """A window the calendar is closed over burns nothing."""
        actual = burn_rate(
            "99.9", march(29, 12), DAY, [(march(29), march(29, 12))], calendar=OFFICE
        )

        assert actual == 0

    def test_goal_100(self):
        """A goal of 100 has no budget to burn."""
        message = "goal must be below 100 for a burn rate: a goal of 100 has no budget"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            burn_rate(100, mon(12), H, [])

        assert caught.value.field == "goal"

    def test_goal_out_of_range(self):
        """A goal above 100 is a DataError on `goal`."""
        with pytest.raises(DataError, match=r"^goal must be a percent") as caught:
            burn_rate(200, mon(12), H, [])

        assert caught.value.field == "goal"

    @pytest.mark.parametrize(
        ("window", "shown"), [(ZERO, "0:00:00"), (-H, "-1 day, 23:00:00")]
    )
    def test_window_not_positive(self, window, shown):
        """A window that is not positive is a DataError on `window`."""
        message = f"window must be positive, got {shown}"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            burn_rate(99, mon(12), window, [])

        assert caught.value.field == "window"

    def test_window_type(self):
        """A window that is not a timedelta is a TypeError."""
        with pytest.raises(TypeError, match=r"^window must be a timedelta, got int$"):
            burn_rate(99, mon(12), 3600, [])  # type: ignore[arg-type]

    def test_naive_now(self):
        """A naive `now` raises NaiveDatetimeError naming `now`."""
        with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
            burn_rate(99, datetime(2025, 6, 2), H, [])
