"""Properties of the service-level metrics, and differential tests vs reference models.

Availability, error budgets and burn rates are checked against two references
written here, sharing no code with `slacore._service_levels`:

- a minute walk: on minute-aligned windows, outages, exclusions and calendars,
  every minute of the window is asked `calendar.is_open` and looked up in the
  outage and exclusion lists one by one;
- a set-based model on datetimes, built on `tests.oracle` (open intervals from the
  calendar's public fields, then cut, intersect and clip on UTC datetimes), for
  microsecond-sized windows and outages.

Windows lie near DST changes of Europe/Berlin, America/New_York and
Australia/Lord_Howe (or on an ordinary Monday); calendars are 24/7 or drawn by
`slacore.strategies` in those zones, with holidays, shifts, closures and openings
near the window, and compositions of two. Service level and NPS are checked
against straightforward per-item counting. Quotients are compared with one
correctly rounded 28-digit division of the exact fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import assume, event, given, note
from hypothesis import strategies as st
from tests import oracle

import slacore as sla
from slacore import ALWAYS, Contact, DataError, Outage
from slacore import strategies as sst
from slacore._service_levels import nps_counts, service_level_counts

US = timedelta(microseconds=1)
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
ZERO = timedelta(0)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
TZS = st.sampled_from(ZONES).map(ZoneInfo)
#: Where windows are: an ordinary Monday (what examples shrink to), then the DST
#: changes of 2025 in Berlin, New York and Lord Howe (30 minutes there).
ANCHORS = (
    datetime(2025, 6, 2, 7, tzinfo=UTC),
    datetime(2025, 3, 30, 1, tzinfo=UTC),
    datetime(2025, 10, 26, 1, tzinfo=UTC),
    datetime(2025, 3, 9, 7, tzinfo=UTC),
    datetime(2025, 11, 2, 6, tzinfo=UTC),
    datetime(2025, 4, 5, 15, tzinfo=UTC),
    datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
)
DECIMAL = Context(prec=28, rounding=ROUND_HALF_EVEN)
GOALS = st.sampled_from((Decimal("99.9"), Decimal(99), Decimal(0))) | st.decimals(
    0, 100, places=3
)


def rounded(exact: Fraction) -> Decimal:
    """*exact* as one correctly rounded 28-digit division."""
    return DECIMAL.divide(Decimal(exact.numerator), Decimal(exact.denominator))


def micros(d: timedelta) -> int:
    """A timedelta in integer microseconds."""
    return d // US


# -- scenarios ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A window, a calendar, and outage and exclusion items as the API takes them."""

    calendar: sla.Calendar
    start: datetime
    end: datetime
    outages: list[object]
    exclusions: list[object]

    def down_spans(self) -> list[tuple[datetime, datetime]]:
        """The outages that are downtime, as UTC spans."""
        return [span(item) for item in self.outages if not planned(item)]

    def excluded_spans(self) -> list[tuple[datetime, datetime]]:
        """Exclusions and planned outages, as UTC spans."""
        return [span(item) for item in self.exclusions] + [
            span(item) for item in self.outages if planned(item)
        ]


def planned(item: object) -> bool:
    """Whether an item is a planned outage."""
    return isinstance(item, Outage) and item.planned


def span(item: object) -> tuple[datetime, datetime]:
    """An item's ``(start, end)`` in UTC."""
    start, end = (item.start, item.end) if isinstance(item, Outage) else item  # type: ignore[misc]
    return oracle.utc(start), oracle.utc(end)


@st.composite
def items(draw, start: datetime, end: datetime, unit: timedelta) -> object:
    """An outage item near ``[start, end)``: a pair, a list or an Outage."""
    reach = 2 * HOUR // unit
    first = draw(st.integers(-reach, (end - start) // unit + reach))
    if unit == US:
        length = draw(
            st.integers(0, 10)
            | st.integers(0, 600).map(lambda m: m * 60_000_000)
            | st.tuples(st.integers(0, 600), st.integers(0, 59_999_999)).map(
                lambda parts: parts[0] * 60_000_000 + parts[1]
            )
        )
    else:
        length = draw(st.integers(0, 600))
    a = start + first * unit
    b = a + length * unit
    a, b = a.astimezone(draw(TZS)), b.astimezone(draw(TZS))
    kind = draw(st.sampled_from(("pair", "list", "outage", "planned")))
    if kind == "pair":
        return (a, b)
    if kind == "list":
        return [a, b]
    return Outage(draw(st.sampled_from(("api", "db"))), a, b, planned=kind == "planned")


@st.composite
def calendars_near(draw, anchor: datetime, unit: timedelta) -> sla.Calendar:
    """24/7, or a calendar from `slacore.strategies` with exceptions near *anchor*."""
    if draw(st.integers(0, 2)) == 0:
        return ALWAYS

    def periods(kind: type[sla.Closure | sla.Opening]) -> list[sla.Closure]:
        found = []
        for _ in range(draw(st.integers(0, 2))):
            first = draw(st.integers(-2 * DAY // unit, 3 * DAY // unit))
            length = draw(st.integers(1, DAY // unit))
            a = anchor + first * unit  # UTC: adding to an aware local time
            b = a + length * unit  # would add wall-clock time
            found.append(kind(a.astimezone(draw(TZS)), b.astimezone(draw(TZS))))
        return found

    day = anchor.date()

    def leaf() -> sla.BusinessCalendar:
        return draw(
            sst.business_calendars(
                tz=TZS,
                hours=sst.weekly_hours(min_open_days=5) | sst.weekly_hours(),
                holidays=st.none()
                | sst.holiday_dates(day - DAY, day + DAY, max_size=2),
                shifts=sst.shifts(day - DAY, day + 2 * DAY, max_size=2),
                closures=st.just(periods(sla.Closure)),
                openings=st.just(periods(sla.Opening)),
            )
        )

    if draw(st.integers(0, 3)) == 0:  # weekly hours only, nothing dated
        return sla.BusinessCalendar(draw(sst.weekly_hours()), tz=draw(TZS))
    calendar = leaf()
    if draw(st.integers(0, 3)) == 0:
        other = leaf()
        calendar = calendar | other if draw(st.booleans()) else calendar & other
    return calendar


@st.composite
def scenarios(draw, *, minutes: bool) -> Scenario:
    """A window near a DST change, with outages and exclusions around it.

    With *minutes*, every instant and calendar boundary is a whole UTC minute (the
    zones' offsets are whole minutes); else anything goes to the microsecond.
    """
    unit = MINUTE if minutes else US
    anchor = draw(st.sampled_from(ANCHORS))
    if minutes:
        start = anchor + draw(st.integers(-1440, 1440)) * MINUTE
        end = start + draw(st.integers(1, 2880)) * MINUTE
    else:
        start = anchor + draw(st.integers(-micros(DAY), micros(DAY))) * US
        # A window of a few microseconds, or up to two days (minutes, then any
        # microseconds: hypothesis draws big integers rarely).
        if draw(st.integers(0, 3)) == 0:
            length = draw(st.integers(1, 10)) * US
        else:
            length = draw(st.integers(0, 2880)) * MINUTE
            length += draw(st.integers(1, micros(MINUTE))) * US
        end = start + length
    calendar = draw(calendars_near(anchor, unit))
    outages = draw(st.lists(items(start, end, unit), max_size=6))
    exclusions = draw(st.lists(items(start, end, unit), max_size=3))
    start, end = start.astimezone(draw(TZS)), end.astimezone(draw(TZS))
    note(f"window {oracle.utc(start)}..{oracle.utc(end)}")
    return Scenario(calendar, start, end, outages, exclusions)


# -- reference models --------------------------------------------------------------


def minute_walk(s: Scenario) -> tuple[int, int]:
    """Measured and down minutes, asking about every minute one by one."""
    down_spans, excluded = s.down_spans(), s.excluded_spans()
    measured = down = 0
    t = oracle.utc(s.start)
    end = oracle.utc(s.end)
    while t < end:
        if s.calendar.is_open(t) and not any(a <= t < b for a, b in excluded):
            measured += 1
            down += any(a <= t < b for a, b in down_spans)
        t += MINUTE
    return measured, down


def set_model(s: Scenario, end: datetime | None = None) -> tuple[int, int]:
    """Measured and down microseconds of ``[start, end)``, as sets of datetimes."""
    start, end = oracle.utc(s.start), oracle.utc(s.end if end is None else end)
    if end <= start:
        return 0, 0
    open_spans = oracle.intervals(s.calendar, start, end)
    measured = oracle.cut(open_spans, oracle.merge(s.excluded_spans()))
    down = oracle.intersect(measured, oracle.clip(s.down_spans(), start, end))
    return (
        micros(sum((b - a for a, b in measured), ZERO)),
        micros(sum((b - a for a, b in down), ZERO)),
    )


def availability_or_none(s: Scenario, calendar: sla.Calendar | None = None):
    """`availability`, or None where it says there is no measured time."""
    try:
        return sla.availability(
            s.start,
            s.end,
            s.outages,
            calendar=s.calendar if calendar is None else calendar,
            exclusions=s.exclusions,
        )
    except DataError as exc:
        if exc.field != "calendar":  # only "no measured time" is expected
            raise
        return None


def expected_availability(measured: int, down: int) -> Decimal | None:
    """The exact availability of the reference counts, rounded once."""
    return (
        None if measured == 0 else rounded(Fraction(100 * (measured - down), measured))
    )


# -- availability ------------------------------------------------------------------


class TestAvailability:
    """Availability against the references, and its invariants."""

    @given(scenarios(minutes=True))
    def test_equals_minute_walk(self, s):
        """On whole minutes, availability is the minute walk's."""
        measured, down = minute_walk(s)
        event("nothing measured" if measured == 0 else f"down: {down > 0}")

        assert availability_or_none(s) == expected_availability(measured, down)

    @given(scenarios(minutes=False))
    def test_equals_set_model(self, s):
        """To the microsecond, availability is the set model's."""
        measured, down = set_model(s)
        event("nothing measured" if measured == 0 else f"down: {down > 0}")

        assert availability_or_none(s) == expected_availability(measured, down)

    @given(scenarios(minutes=False))
    def test_in_range(self, s):
        """Availability lies in [0, 100]."""
        actual = availability_or_none(s)
        assume(actual is not None)
        assert 0 <= actual <= 100

    @given(scenarios(minutes=False), st.data())
    def test_duplicate_outage(self, s, data):
        """Passing an outage twice changes nothing."""
        assume(s.outages)
        twice = data.draw(st.sampled_from(s.outages))
        doubled = Scenario(
            s.calendar, s.start, s.end, [*s.outages, twice], s.exclusions
        )

        assert availability_or_none(doubled) == availability_or_none(s)

    @given(scenarios(minutes=False), st.data())
    def test_split_outage(self, s, data):
        """Splitting an outage in two at any interior instant changes nothing."""
        assume(s.outages)
        index = data.draw(st.integers(0, len(s.outages) - 1))
        a, b = span(s.outages[index])
        assume(b - a >= 2 * US)
        cut = a + data.draw(st.integers(1, micros(b - a) - 1)) * US
        kind = planned(s.outages[index])
        pieces = [
            Outage("api", a, cut, planned=kind),
            Outage("db", cut, b, planned=kind),
        ]
        split = [*s.outages[:index], *pieces, *s.outages[index + 1 :]]

        actual = availability_or_none(
            Scenario(s.calendar, s.start, s.end, split, s.exclusions)
        )

        assert actual == availability_or_none(s)

    @given(scenarios(minutes=False), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, s, random):
        """Reordering outages and exclusions changes nothing."""
        outages, exclusions = list(s.outages), list(s.exclusions)
        random.shuffle(outages)
        random.shuffle(exclusions)

        actual = availability_or_none(
            Scenario(s.calendar, s.start, s.end, outages, exclusions)
        )

        assert actual == availability_or_none(s)

    @given(scenarios(minutes=False))
    def test_planned_outages_are_exclusions(self, s):
        """A planned outage counts the same among outages or among exclusions."""
        moved = [item for item in s.outages if planned(item)]
        kept = [item for item in s.outages if not planned(item)]

        actual = availability_or_none(
            Scenario(s.calendar, s.start, s.end, kept, [*s.exclusions, *moved])
        )

        assert actual == availability_or_none(s)

    @given(scenarios(minutes=False))
    def test_24_7_shortcut(self, s):
        """The 24/7 shortcut agrees with the general path (``ALWAYS | ALWAYS``)."""
        fast = availability_or_none(s, ALWAYS)

        assert fast == availability_or_none(s, ALWAYS | ALWAYS)
        assert fast == availability_or_none(
            s, sla.BusinessCalendar.always(s.end.tzinfo)
        )


# -- error budget and burn rate ----------------------------------------------------


class TestErrorBudget:
    """The budget's arithmetic holds, and matches the set model."""

    @given(scenarios(minutes=False), GOALS, st.integers(-micros(DAY), micros(3 * DAY)))
    def test_against_set_model(self, s, goal, offset):
        """Budget, use and what is left, from the set model; they add up."""
        now = (oracle.utc(s.start) + offset * US).astimezone(s.start.tzinfo)
        budget = sla.error_budget(
            goal,
            s.start,
            s.end,
            s.outages,
            calendar=s.calendar,
            exclusions=s.exclusions,
            now=now,
        )
        measured, _ = set_model(s)
        _, used = set_model(s, min(oracle.utc(now), oracle.utc(s.end)))
        allowed = Fraction(measured) * (100 - Fraction(goal)) / 100

        assert micros(budget.measured) == measured
        assert micros(budget.allowed) == int(allowed)  # floor: allowed >= 0
        assert micros(budget.used) == used
        assert budget.used + budget.left == budget.allowed
        assert budget.exhausted == (budget.used > budget.allowed)
        if budget.allowed:
            assert budget.consumed == rounded(
                Fraction(100 * used, micros(budget.allowed))
            )
        else:
            assert budget.consumed is None

    @given(scenarios(minutes=False), GOALS)
    def test_whole_window_matches_availability(self, s, goal):
        """Read at the end, the budget's use is the downtime behind availability."""
        budget = sla.error_budget(
            goal,
            s.start,
            s.end,
            s.outages,
            calendar=s.calendar,
            exclusions=s.exclusions,
        )
        actual = availability_or_none(s)
        measured = micros(budget.measured)

        assert actual == expected_availability(measured, micros(budget.used))


class TestBurnRate:
    """Burn rates are non-negative and match the set model."""

    @given(scenarios(minutes=False), GOALS.filter(lambda g: g < 100))
    def test_against_set_model(self, s, goal):
        """``(down / measured) / ((100 - goal) / 100)`` over the trailing window."""
        window = oracle.utc(s.end) - oracle.utc(s.start)
        actual = sla.burn_rate(
            goal, s.end, window, s.outages, calendar=s.calendar, exclusions=s.exclusions
        )
        measured, down = set_model(s)

        assert actual >= 0
        if down == 0:
            assert actual == 0
        else:
            assert actual == rounded(
                Fraction(100 * down, measured) / (100 - Fraction(goal))
            )


# -- service level -----------------------------------------------------------------

#: Waits: a few round values (so that waits often equal the threshold), any second
#: up to 90, or any microsecond up to two minutes.
WAITS = (
    st.sampled_from((ZERO, 10 * SECOND, 20 * SECOND))
    | st.integers(0, 90).map(lambda n: n * SECOND)
    | st.integers(0, micros(2 * MINUTE)).map(lambda n: n * US)
)
CONTACTS = st.lists(st.builds(Contact, WAITS, st.booleans()), max_size=30)
MODES = st.sampled_from(("offered", "exclude", "positive"))
SHORTS = st.none() | WAITS


def counted_by_hand(contacts, threshold, abandoned, short_abandon) -> tuple[int, int]:
    """Met and counted, one contact at a time, as API.md words it."""
    met = counted = 0
    for contact in contacts:
        if not contact.answered:
            if short_abandon is not None and contact.wait <= short_abandon:
                continue  # a short abandon: not counted at all
            if abandoned == "exclude":
                continue
            counted += 1
            if abandoned == "positive" and contact.wait <= threshold:
                met += 1
            continue
        counted += 1
        if contact.wait <= threshold:
            met += 1
    return met, counted


class TestServiceLevel:
    """Service level against per-contact counting, and its invariants."""

    @given(CONTACTS, MODES, st.data())
    def test_equals_counting(self, contacts, abandoned, data):
        """The level is met over counted, times 100, in [0, 100]."""
        # Thresholds and short abandons are often some contact's wait exactly.
        waits = st.sampled_from([c.wait for c in contacts]) if contacts else WAITS
        threshold = data.draw(
            waits if data.draw(st.booleans()) else WAITS, label="threshold"
        )
        short_abandon = data.draw(st.none() | waits | WAITS, label="short_abandon")
        met, counted = counted_by_hand(contacts, threshold, abandoned, short_abandon)

        assert service_level_counts(contacts, threshold, abandoned, short_abandon) == (
            met,
            counted,
        )
        if counted:
            actual = sla.service_level(
                contacts, threshold, abandoned=abandoned, short_abandon=short_abandon
            )
            assert actual == rounded(Fraction(100 * met, counted))
            assert 0 <= actual <= 100

    @given(CONTACTS, WAITS, MODES, WAITS)
    def test_short_abandon_only_removes(self, contacts, threshold, abandoned, short):
        """A short-abandon rule is the same as dropping those contacts first."""
        kept = [c for c in contacts if c.answered or c.wait > short]

        with_rule = service_level_counts(contacts, threshold, abandoned, short)
        without = service_level_counts(contacts, threshold, abandoned, None)

        assert with_rule == service_level_counts(kept, threshold, abandoned, None)
        assert with_rule[0] <= without[0]
        removed = 0 if abandoned == "exclude" else len(contacts) - len(kept)
        assert without[1] - with_rule[1] == removed

    @given(CONTACTS.filter(bool), SHORTS, st.data())
    def test_positive_counts_abandons_as_answered(self, contacts, short, data):
        """With "positive", an abandon that is counted counts as if answered."""
        threshold = data.draw(st.sampled_from([c.wait for c in contacts]))
        counted = [c for c in contacts if c.answered or short is None or c.wait > short]
        answered = [Contact(c.wait) for c in counted]

        assert service_level_counts(
            contacts, threshold, "positive", short
        ) == service_level_counts(answered, threshold, "offered", None)

    @given(CONTACTS, WAITS, SHORTS)
    def test_modes_order(self, contacts, threshold, short):
        """Counting abandons as positive or excluding them never lowers the level."""
        levels = {}
        for mode in ("offered", "exclude", "positive"):
            met, counted = service_level_counts(contacts, threshold, mode, short)
            levels[mode] = Fraction(met, counted) if counted else None
        assume(levels["exclude"] is not None)

        assert levels["offered"] <= levels["exclude"]
        assert levels["offered"] <= levels["positive"]


# -- NPS ---------------------------------------------------------------------------

SCORES = st.lists(
    st.integers(0, 10) | st.integers(0, 10).map(Decimal), min_size=1, max_size=50
)


class TestNps:
    """NPS against counting, and its range."""

    @given(SCORES)
    def test_equals_counting(self, scores):
        """Percent promoters minus percent detractors, in [-100, 100]."""
        promoters = sum(1 for s in scores if s >= 9)
        detractors = sum(1 for s in scores if s <= 6)

        actual = sla.nps(scores)

        assert nps_counts(scores) == (
            promoters,
            len(scores) - promoters - detractors,
            detractors,
        )
        assert actual == rounded(Fraction(100 * (promoters - detractors), len(scores)))
        assert -100 <= actual <= 100

    @given(SCORES, st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, scores, random):
        """Shuffling the scores changes nothing."""
        shuffled = list(scores)
        random.shuffle(shuffled)

        assert sla.nps(shuffled) == sla.nps(scores)
