"""Properties of pause-aware timers, and differential tests vs tests/timer_model.py.

Event logs are drawn here from the cycle grammar ``START (PAUSE RESUME)* [PAUSE]
[STOP]`` (repeated, each cycle but the last stopped), or as arbitrary action
sequences (misfits, and sometimes events out of time order). Their instants lie
near DST changes of Europe/Berlin and Australia/Lord_Howe (or on ordinary days),
carry microseconds, and are shown in several zones. Calendars are 24/7, office
hours in Berlin, or drawn by `slacore.strategies` with their dated exceptions near
the events (compositions too).

Instants are compared in UTC: two datetimes that share a tzinfo compare by wall
clock, which is not instant equality inside a DST fold.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st
from tests import timer_model as model
from tests.timer_model import utc

import slacore as sla
from slacore import Action, Timer, TimerEvent, TimerState

try:
    from slacore import strategies as sst
except ImportError:  # pragma: no cover - the strategies module is someone else's
    sst = None

START, PAUSE, RESUME, STOP = Action.START, Action.PAUSE, Action.RESUME, Action.STOP
US = timedelta(microseconds=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
ZERO = timedelta(0)
ZONES = (
    "UTC",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/New_York",
    "Asia/Kathmandu",
)
TZS = st.sampled_from(ZONES).map(ZoneInfo)
OFFICE = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
DE_BY = holidays.country_holidays("DE", subdiv="BY")

#: Where logs start: DST changes (Berlin spring and fall, Lord Howe's 30-minute
#: changes), an ordinary Monday, and a leap day. The first is what examples shrink to.
ANCHORS = (
    datetime(2025, 6, 2, 7, tzinfo=UTC),
    datetime(2025, 3, 30, 1, tzinfo=UTC),
    datetime(2025, 10, 26, 1, tzinfo=UTC),
    datetime(2025, 4, 5, 15, tzinfo=UTC),
    datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
    datetime(2024, 2, 29, 12, tzinfo=UTC),
)


def durations(lo: timedelta, hi: timedelta) -> st.SearchStrategy[timedelta]:
    """Durations in ``[lo, hi]``: often whole minutes, else any microsecond."""
    lo_us, hi_us = lo // US, hi // US
    minutes = st.integers(-(-lo_us // 60_000_000), hi_us // 60_000_000).map(
        lambda m: m * MINUTE
    )
    return minutes | st.integers(lo_us, hi_us).map(lambda us: us * US)


#: Gaps between events: ties, a microsecond, round times, or anything up to 2 days.
GAPS = st.sampled_from((ZERO, US, 30 * MINUTE, HOUR, 8 * HOUR, DAY)) | durations(
    ZERO, 2 * DAY
)
#: How far an out-of-order event goes back.
SETBACKS = st.sampled_from((US, HOUR)) | durations(US, DAY)
TARGETS = st.sampled_from((ZERO, HOUR, 4 * HOUR, 8 * HOUR)) | durations(ZERO, 3 * DAY)
#: Fractions with at most six places: their product with a target is exact within
#: the default 28-digit decimal context (see `TestWarnings.test_thresholds_are_exact`
#: for the others).
SHORT_FRACTIONS = st.sampled_from(
    (Decimal("0.5"), Decimal("0.75"), Decimal(1), Decimal("1.5"), Decimal(1) / 3)
) | st.decimals(Decimal("0.000001"), Decimal(2), places=6)
#: Fractions with many digits, e.g. ``Decimal(2) / 3`` = 0.666...667.
LONG_FRACTIONS = (
    st.sampled_from((Decimal(2) / 3, Decimal(1) / 18))
    | st.builds(
        lambda a, b: Decimal(a) / Decimal(b), st.integers(1, 30), st.integers(1, 30)
    )
    | st.decimals(Decimal("1e-20"), Decimal(2), places=27)
)
BEFORES = durations(US, 3 * DAY)


# -- calendars -------------------------------------------------------------------------


def simple_calendars(anchor: datetime) -> st.SearchStrategy[sla.Calendar]:
    """Calendars built by hand, when `slacore.strategies` is not available."""
    day = anchor.date()
    hours = st.sampled_from(
        (
            "mon-fri 09:00-17:00",
            "mon-sun 22:00-06:00",
            "mon-sat 00:00-24:00",
            "tue,thu 01:30-03:00,13:00-14:00",
            "",
        )
    )
    return st.builds(
        sla.BusinessCalendar,
        hours,
        tz=TZS,
        holidays=st.none() | st.just((day, day + DAY)),
    )


def strategy_calendars(anchor: datetime) -> st.SearchStrategy[sla.Calendar]:
    """Calendars from `slacore.strategies`, their dated exceptions near *anchor*."""
    lo, hi = anchor - 2 * DAY, anchor + 8 * DAY
    near = sst.aware_datetimes(lo, hi, timezones=TZS)
    first, last = lo.date(), hi.date()
    leaves = sst.business_calendars(
        tz=TZS,
        hours=sst.weekly_hours(min_open_days=5) | sst.weekly_hours(),
        holidays=st.none()
        | sst.holiday_dates(first, last, max_size=3)
        | st.just(DE_BY),
        shifts=sst.shifts(first, last, max_size=2),
        closures=st.lists(sst.closures(starts=near), max_size=2),
        openings=st.lists(sst.openings(starts=near), max_size=2),
    )
    return leaves | sst.calendars(leaves=leaves, max_leaves=2)


def calendars_near(anchor: datetime) -> st.SearchStrategy[sla.Calendar]:
    """24/7, Berlin office hours, or a random calendar whose exceptions are near."""
    drawn = simple_calendars(anchor) if sst is None else strategy_calendars(anchor)
    return st.sampled_from((sla.ALWAYS, OFFICE)) | drawn


CALENDARS = tuple(calendars_near(anchor) for anchor in ANCHORS)


def describe(cal: sla.Calendar) -> str:
    """A calendar with its dated exceptions, for a failing example's report."""
    if isinstance(cal, sla.ComposedCalendar):
        return f"({describe(cal.left)} {cal.op} {describe(cal.right)})"
    parts = [repr(cal.hours.format()), repr(cal.tz.key)]
    if cal.holidays is not None:
        parts.append(f"holidays={cal.holidays!r}")
    if cal.shifts:
        parts.append(f"shifts={dict(cal.shifts)!r}")
    parts.extend(f"closure={utc(c.start)}..{utc(c.end)}" for c in cal.closures)
    parts.extend(f"opening={utc(o.start)}..{utc(o.end)}" for o in cal.openings)
    return f"BusinessCalendar({', '.join(parts)})"


# -- logs ------------------------------------------------------------------------------


@st.composite
def timed(
    draw, actions: list[Action], base: datetime, *, setback: bool = False
) -> list[TimerEvent]:
    """Events for *actions*, one gap after another from *base*, in random zones.

    With *setback*, one of the gaps goes back in time instead.
    """
    gaps = [draw(GAPS) for _ in actions]
    if setback and gaps:
        gaps[draw(st.integers(0, len(gaps) - 1))] = -draw(SETBACKS)
    events = []
    at = base
    for action, gap in zip(actions, gaps, strict=True):
        at += gap
        events.append(TimerEvent(at.astimezone(draw(TZS)), action))
    return events


@st.composite
def cycle_actions(draw, *, last: bool) -> list[Action]:
    """One cycle: ``START (PAUSE RESUME)* [PAUSE] [STOP]``; stopped unless *last*."""
    actions = [START]
    for _ in range(draw(st.integers(0, 3))):
        actions += [PAUSE, RESUME]
    if draw(st.booleans()):
        actions.append(PAUSE)
    if not last or draw(st.booleans()):
        actions.append(STOP)
    return actions


@st.composite
def valid_logs(draw, base: datetime) -> list[TimerEvent]:
    """Logs that fit the grammar: one to three cycles, each but the last stopped."""
    count = draw(st.integers(1, 3))
    actions = []
    for index in range(count):
        actions += draw(cycle_actions(last=index == count - 1))
    return draw(timed(actions, base))


@st.composite
def arbitrary_logs(draw, base: datetime, *, in_order: bool = False) -> list[TimerEvent]:
    """Any actions, often misfits; unless *in_order*, one event may go back in time."""
    actions = draw(st.lists(st.sampled_from(list(Action)), max_size=10))
    return draw(timed(actions, base, setback=not in_order and draw(st.booleans())))


@st.composite
def nows(draw, base: datetime, events: list[TimerEvent]) -> datetime:
    """Any time around the log, or exactly at (or a microsecond off) an event."""
    instants = [utc(event.at) for event in events] or [base]
    kind = draw(st.sampled_from(("after", "during", "event", "near event")))
    if kind == "event":
        at = draw(st.sampled_from(instants))
    elif kind == "near event":
        at = draw(st.sampled_from(instants)) + draw(st.sampled_from((-US, US, HOUR)))
    elif kind == "during":
        span = (max(instants) - min(instants)) // US
        at = min(instants) + draw(st.integers(-(DAY // US), span)) * US
    else:
        at = max(instants) + draw(durations(ZERO, 3 * DAY))
    return at.astimezone(draw(TZS))


@st.composite
def timers(draw, calendar: sla.Calendar, fractions=SHORT_FRACTIONS) -> Timer:
    """Timers on *calendar* with up to three `warn_at` and two `warn_before`."""
    return Timer(
        target=draw(TARGETS),
        calendar=calendar,
        warn_at=draw(st.lists(fractions, max_size=3)),
        warn_before=draw(st.lists(BEFORES, max_size=2)),
    )


@st.composite
def scenarios(draw, logs=valid_logs, fractions=SHORT_FRACTIONS):
    """A timer, a log near one of the anchors, and the instant to ask about."""
    index = draw(st.integers(0, len(ANCHORS) - 1))
    calendar = draw(CALENDARS[index])
    timer = draw(timers(calendar, fractions))
    base = ANCHORS[index] + draw(durations(-DAY, DAY))
    events = draw(logs(base))
    now = draw(nows(base, events))
    note(f"calendar: {describe(calendar)}")
    note(f"events (UTC): {[(utc(e.at).isoformat(), e.action.name) for e in events]}")
    note(f"now (UTC): {utc(now).isoformat()}")
    return timer, events, now


VALID = scenarios()
ARBITRARY = scenarios(logs=arbitrary_logs)
IN_ORDER = scenarios(logs=functools.partial(arbitrary_logs, in_order=True))


# -- helpers ---------------------------------------------------------------------------


def check_never_open(timer: Timer, now: datetime) -> None:
    """A NeverOpenError is legitimate only if the calendar lacks open time ahead.

    The clock never needs more than its target, so a calendar with that much open
    time in the next two years could have answered.
    """
    ahead = timer.calendar.between(now, utc(now) + 800 * DAY)
    assert ahead < timer.target, "NeverOpenError, yet the calendar opens ahead"


def cycles(timer: Timer, events, now: datetime, *, strict: bool = True):
    """`timer.cycles`, discarding examples whose calendar never opens again."""
    try:
        return timer.cycles(events, now, strict=strict)
    except sla.NeverOpenError:
        check_never_open(timer, now)
        assume(False)
        raise  # pragma: no cover - assume(False) does not return


def instant(value: datetime | None) -> datetime | None:
    """An instant in UTC (or None), for comparing by instant."""
    return None if value is None else utc(value)


def outcome(f, *args, **kwargs):
    """What a call did: ``("ok", normalised statuses)`` or ``("error", ...)``."""
    try:
        result = f(*args, **kwargs)
    except (sla.TimerEventError, model.ModelEventError) as exc:
        return ("error", str(exc), exc.index)
    except sla.NeverOpenError:
        return ("never open",)
    return ("ok", [model.normalised(status) for status in result])


def check_against_model(timer: Timer, events, now: datetime, *, strict: bool) -> None:
    """slacore and the reference model agree on every cycle, or on the error."""
    actual = outcome(timer.cycles, events, now, strict=strict)
    expected = outcome(model.cycles, timer, events, now, strict=strict)
    if actual == expected == ("never open",):
        check_never_open(timer, now)
        assume(False)
    assert actual == expected


# -- properties ------------------------------------------------------------------------


class TestInvariants:
    """Relations between the fields of every status."""

    @given(case=IN_ORDER)
    def test_elapsed_plus_remaining_is_target(self, case):
        """``elapsed + remaining == target`` for every cycle."""
        timer, events, now = case
        statuses = cycles(timer, events, now, strict=False)
        actual = [s.elapsed + s.remaining for s in statuses]
        assert actual == [timer.target] * len(statuses)

    @given(case=IN_ORDER)
    def test_breached_is_over_target(self, case):
        """``breached == (elapsed > target)``, and the breach has an instant iff so."""
        timer, events, now = case
        for s in cycles(timer, events, now, strict=False):
            assert s.breached == (s.elapsed > timer.target)
            assert (s.breached_at is not None) == s.breached

    @given(case=IN_ORDER)
    def test_met_due_and_state(self, case):
        """`met` is set only once stopped; `due_at` only while running unbreached."""
        timer, events, now = case
        for s in cycles(timer, events, now, strict=False):
            stopped = s.state is TimerState.STOPPED
            assert s.met == (not s.breached if stopped else None)
            assert (s.stopped_at is not None) == stopped
            running = s.state is TimerState.RUNNING and not s.breached
            assert (s.due_at is not None) == running

    @given(case=IN_ORDER)
    def test_business_time_within_real_time(self, case):
        """``0 <= elapsed <= wall_elapsed``; `paused_for` is never negative."""
        timer, events, now = case
        for s in cycles(timer, events, now, strict=False):
            assert ZERO <= s.elapsed <= s.wall_elapsed
            assert s.paused_for >= ZERO

    @given(case=IN_ORDER)
    def test_ever_breached_accumulates(self, case):
        """`ever_breached` is whether this cycle or an earlier one breached."""
        timer, events, now = case
        statuses = cycles(timer, events, now, strict=False)
        actual = [s.ever_breached for s in statuses]
        assert actual == [
            any(s.breached for s in statuses[: i + 1]) for i in range(len(statuses))
        ]

    @given(case=IN_ORDER, tz=TZS)
    def test_zone_of_now_does_not_matter(self, case, tz):
        """The same `now` in another zone gives the same instants, shown in its zone."""
        timer, events, now = case
        elsewhere = now.astimezone(tz)
        actual = [
            model.normalised(s) for s in cycles(timer, events, elsewhere, strict=False)
        ]
        expected = [
            model.normalised(s) for s in cycles(timer, events, now, strict=False)
        ]
        assert actual == expected
        for s in cycles(timer, events, elsewhere, strict=False):
            shown = [s.due_at, s.breached_at, *s.warnings, *s.warnings_before]
            assert all(t.tzinfo is tz for t in shown if t is not None)


class TestNow:
    """Events after `now` change nothing."""

    @given(case=VALID)
    def test_later_events_are_ignored(self, case):
        """Dropping every event after `now` gives the same cycles."""
        timer, events, now = case
        kept = [e for e in events if utc(e.at) <= utc(now)]
        assert cycles(timer, events, now) == cycles(timer, kept, now)

    @given(data=st.data(), case=VALID)
    def test_later_misfits_are_ignored(self, data, case):
        """Appending any actions after `now` (and the log) changes nothing, strictly."""
        timer, events, now = case
        after = max([utc(now) + US] + [utc(e.at) for e in events])
        extra = data.draw(arbitrary_logs(after, in_order=True), label="extra")
        assert cycles(timer, events + extra, now) == cycles(timer, events, now)

    @given(case=IN_ORDER)
    def test_lenient_later_events_are_ignored(self, case):
        """Leniently too, on any in-order log."""
        timer, events, now = case
        kept = [e for e in events if utc(e.at) <= utc(now)]
        assert cycles(timer, events, now, strict=False) == cycles(
            timer, kept, now, strict=False
        )


@st.composite
def paused_copies(draw, events: list[TimerEvent], now: datetime):
    """*events* with a PAUSE and a RESUME inserted inside one running span."""
    runs = [i for i, e in enumerate(events) if e.action in {START, RESUME}]
    i = draw(st.sampled_from(runs))
    lo = utc(events[i].at)
    hi = utc(events[i + 1].at) if i + 1 < len(events) else max(lo, utc(now)) + DAY
    span = (hi - lo) // US
    offsets = st.sampled_from((0, span)) | st.integers(0, span)
    p = lo + draw(offsets) * US
    r = (
        p
        + draw(st.sampled_from((0, (hi - p) // US)) | st.integers(0, (hi - p) // US))
        * US
    )
    pair = [
        TimerEvent(p.astimezone(draw(TZS)), PAUSE),
        TimerEvent(r.astimezone(draw(TZS)), RESUME),
    ]
    note(f"inserted: PAUSE {p.isoformat()}, RESUME {r.isoformat()} after event {i}")
    return [*events[: i + 1], *pair, *events[i + 1 :]]


class TestPauses:
    """Pausing never makes the clock run faster."""

    @given(data=st.data(), case=VALID)
    def test_pause_pair_never_hastens(self, data, case):
        """A PAUSE/RESUME pair never increases `elapsed` nor moves `due_at` earlier."""
        timer, events, now = case
        paused = data.draw(paused_copies(events, now), label="paused")
        before = cycles(timer, events, now)
        after = cycles(timer, paused, now)
        assert len(after) == len(before)
        for old, new in zip(before, after, strict=True):
            assert new.elapsed <= old.elapsed
            assert new.paused_for >= old.paused_for
            if old.due_at is not None and new.due_at is not None:
                assert utc(new.due_at) >= utc(old.due_at)
            assert new.breached <= old.breached


class TestDueAt:
    """`due_at` is the instant the remaining business time runs out."""

    @given(case=VALID)
    def test_remaining_business_time_ahead(self, case):
        """Running, ``between(now, due_at) == remaining``, and no earlier instant."""
        timer, events, now = case
        s = cycles(timer, events, now)[-1]
        assume(s.due_at is not None and s.remaining > ZERO)
        cal = timer.calendar
        assert cal.between(now, s.due_at) == s.remaining
        assert cal.between(now, utc(s.due_at) - US) < s.remaining

    @given(case=VALID)
    def test_due_when_elapsed_reached_target(self, case):
        """With nothing remaining, `due_at` is the first instant elapsed was target."""
        timer, events, now = case
        last = cycles(timer, events, now)[-1]
        assume(last.state is TimerState.RUNNING)
        exact = attrs.evolve(timer, target=last.elapsed)
        s = cycles(exact, events, now)[-1]
        assert (s.remaining, s.breached) == (ZERO, False)
        assert utc(s.due_at) <= utc(now)
        assert cycles(exact, events, s.due_at)[-1].elapsed == exact.target
        if exact.target > ZERO:
            just_before = utc(s.due_at) - US
            assert cycles(exact, events, just_before)[-1].elapsed < exact.target


class TestModes:
    """Strict and lenient mode differ only on misfits."""

    @given(case=VALID)
    def test_lenient_equals_strict_on_valid_logs(self, case):
        """On a log that fits the grammar the two modes agree."""
        timer, events, now = case
        assert cycles(timer, events, now, strict=False) == cycles(timer, events, now)

    @given(case=IN_ORDER)
    def test_lenient_never_raises_on_ordered_logs(self, case):
        """Lenient mode accepts any log in time order."""
        timer, events, now = case
        assert len(cycles(timer, events, now, strict=False)) >= 1

    @given(case=IN_ORDER)
    def test_lenient_is_strict_on_the_accepted_events(self, case):
        """Leniently, a log shows what strictly its fitting events show."""
        timer, events, now = case
        accepted = [
            e for cycle in model.replay(events, now, strict=False) for e in cycle
        ]
        assert cycles(timer, events, now, strict=False) == cycles(timer, accepted, now)


class TestWarnings:
    """Warnings come in the order of their thresholds."""

    @given(case=IN_ORDER)
    def test_non_decreasing_in_fraction(self, case):
        """With fractions sorted, warnings are non-decreasing and None comes last."""
        timer, events, now = case
        fractions = sorted(timer.warn_at)
        sorted_timer = Timer(
            target=timer.target, calendar=timer.calendar, warn_at=fractions
        )
        for s in cycles(sorted_timer, events, now, strict=False):
            reached = [utc(w) for w in s.warnings if w is not None]
            assert reached == sorted(reached)
            assert list(s.warnings[len(reached) :]) == [None] * (
                len(fractions) - len(reached)
            )

    @given(case=IN_ORDER)
    def test_non_increasing_in_warn_before(self, case):
        """With durations sorted, earlier warnings come from the longer durations."""
        timer, events, now = case
        befores = sorted(timer.warn_before, reverse=True)
        sorted_timer = Timer(
            target=timer.target, calendar=timer.calendar, warn_before=befores
        )
        for s in cycles(sorted_timer, events, now, strict=False):
            reached = [utc(w) for w in s.warnings_before if w is not None]
            assert reached == sorted(reached)
            assert list(s.warnings_before[len(reached) :]) == [None] * (
                len(befores) - len(reached)
            )

    @given(
        fraction=LONG_FRACTIONS,
        target=TARGETS,
        start=st.sampled_from(ANCHORS),
        calendar=st.sampled_from((sla.ALWAYS, OFFICE)),
    )
    def test_threshold_of_one_run(self, fraction, target, start, calendar):
        """One run: the warning is `calendar.add(start, ceil(fraction * target))`."""
        timer = Timer(target=target, calendar=calendar, warn_at=(fraction,))
        amount = model.ceil_fraction(fraction, target)
        now = calendar.add(start, amount + HOUR)

        [actual] = timer.evaluate([TimerEvent(start, START)], now).warnings

        assert (instant(actual), calendar.between(start, actual)) == (
            instant(calendar.add(start, amount) if amount else start),
            amount,
        )

    @given(case=scenarios(fractions=LONG_FRACTIONS))
    def test_thresholds_are_exact(self, case):
        """Each warning is where elapsed reached ``ceil(fraction * target)`` exactly."""
        timer, events, now = case
        actual = [[instant(w) for w in s.warnings] for s in cycles(timer, events, now)]
        expected = [
            [instant(w) for w in s.warnings] for s in model.cycles(timer, events, now)
        ]
        assert actual == expected


@pytest.mark.slow
class TestAgainstModel:
    """Every field of every cycle equals the reference model's, and so do errors."""

    @given(case=VALID, strict=st.booleans())
    def test_valid_logs(self, case, strict):
        """Logs that fit the grammar."""
        check_against_model(*case, strict=strict)

    @given(case=ARBITRARY, strict=st.booleans())
    def test_arbitrary_logs(self, case, strict):
        """Misfits and out-of-order events: the same statuses or the same error."""
        check_against_model(*case, strict=strict)

    @given(case=VALID)
    def test_evaluate_is_the_last_cycle(self, case):
        """`evaluate` equals the model's last cycle."""
        timer, events, now = case
        try:
            actual = model.normalised(timer.evaluate(events, now))
        except sla.NeverOpenError:
            check_never_open(timer, now)
            assume(False)
        assert actual == model.normalised(model.evaluate(timer, events, now))
