"""Pause-aware timers (API.md section 2), on hand-worked scenarios.

Most scenarios run on `OFFICE`, Monday to Friday 09:00-17:00 in Europe/Berlin, in
June 2025 (CEST, UTC+02:00; no holidays): Monday is 2025-06-02, Friday 2025-06-06,
and the next Monday 2025-06-09. The others run on `ALWAYS` (24/7 in UTC).

Readings taken where API.md is silent or ambiguous (each has a test here):

- Computed instants (`due_at`, `breached_at`, `warnings`) are shown in `now`'s zone,
  as section 1 does for calendar results; `started_at`/`stopped_at` are the event
  times as given.
- "The instant elapsed reached X" is the *earliest* such instant; X = 0 is reached
  when the cycle starts (so a zero target started before opening time is due, and
  breached, at the START instant).
- `due_at` when running with ``remaining == 0`` exactly is that instant (it may lie
  before `now`, when the target ran out exactly at closing time).
- An event exactly at `now` counts; events after `now` are not checked against the
  cycle grammar (a log that goes wrong later still shows what it showed), but the
  whole log must be in time order.
- `warn_at` thresholds are ``ceil(fraction * target)`` computed exactly, whatever
  the thread's decimal context.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from zoneinfo import ZoneInfo

import attrs
import pytest
from tests.instants import local, utc

from slacore import (
    ALWAYS,
    Action,
    BusinessCalendar,
    NaiveDatetimeError,
    Policy,
    SlaError,
    Targets,
    Timer,
    TimerError,
    TimerEvent,
    TimerEventError,
    TimerState,
    TimerStatus,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
US = timedelta(microseconds=1)
ZERO = timedelta(0)
START, PAUSE, RESUME, STOP = Action.START, Action.PAUSE, Action.RESUME, Action.STOP
NOT_STARTED, RUNNING = TimerState.NOT_STARTED, TimerState.RUNNING
PAUSED, STOPPED = TimerState.PAUSED, TimerState.STOPPED


def berlin(*args: int) -> datetime:
    """An aware Europe/Berlin wall time (fold=0)."""
    return local(BERLIN, *args)


def june(day: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall time in June 2025 (2 = Monday ... 6 = Friday, 9 = Monday)."""
    return berlin(2025, 6, day, hour, minute)


def mon(hour: int, minute: int = 0, second: int = 0, microsecond: int = 0) -> datetime:
    """A UTC time on Monday 2025-06-02."""
    return utc(2025, 6, 2, hour, minute, second, microsecond)


def log(*entries: tuple[datetime, Action]) -> list[TimerEvent]:
    """An event log from ``(at, action)`` pairs, in the order given."""
    return [TimerEvent(at, action) for at, action in entries]


def exactly(message: str) -> str:
    """A `pytest.raises` pattern that matches *message* and nothing else."""
    return f"^{re.escape(message)}$"


def status(**fields: object) -> TimerStatus:
    """A TimerStatus whose unnamed fields are those of a fresh, unstarted timer."""
    defaults: dict[str, object] = {
        "state": NOT_STARTED,
        "started_at": None,
        "stopped_at": None,
        "elapsed": ZERO,
        "remaining": ZERO,
        "breached": False,
        "breached_at": None,
        "due_at": None,
        "met": None,
        "warnings": (),
    }
    return TimerStatus(**{**defaults, **fields})  # type: ignore[arg-type]


FOUR_HOURS = Timer(target=4 * H, calendar=OFFICE)
TWO_HOURS = Timer(target=2 * H, calendar=OFFICE)


class TestNotStarted:
    """Before any START the timer shows its full target and nothing else."""

    def test_empty_log(self):
        """An empty log is one NOT_STARTED status with the whole target remaining."""
        timer = Timer(
            target=4 * H, calendar=OFFICE, warn_at=(Decimal("0.75"),), warn_before=(H,)
        )

        actual = timer.evaluate([], june(2, 10))

        assert actual == status(
            remaining=4 * H, warnings=(None,), warnings_before=(None,)
        )

    def test_cycles_of_an_empty_log(self):
        """`cycles` of an empty log is a one-tuple holding the NOT_STARTED status."""
        actual = FOUR_HOURS.cycles([], june(2, 10))

        assert actual == (status(remaining=4 * H),)

    def test_start_after_now(self):
        """A START after `now` has not happened yet, so the timer has not started."""
        actual = FOUR_HOURS.evaluate(log((june(2, 11), START)), june(2, 10))

        assert actual == status(remaining=4 * H)


class TestRunning:
    """A running clock counts business time and knows when it will run out."""

    def test_inside_business_hours(self):
        """Started Monday 10:00 and asked at 12:30: 2h30 used, due at 14:00."""
        actual = FOUR_HOURS.evaluate(log((june(2, 10), START)), june(2, 12, 30))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 10),
            elapsed=2 * H + 30 * MIN,
            remaining=H + 30 * MIN,
            due_at=june(2, 14),
            wall_elapsed=2 * H + 30 * MIN,
        )

    def test_overnight(self):
        """Monday 15:00 to Tuesday 10:00 is 2h + 1h of business time; due Tue 11:00."""
        actual = FOUR_HOURS.evaluate(log((june(2, 15), START)), june(3, 10))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 15),
            elapsed=3 * H,
            remaining=H,
            due_at=june(3, 11),
            wall_elapsed=19 * H,
        )

    def test_started_before_opening(self):
        """Started at 07:00, the clock does not count until 09:00: due at 13:00."""
        actual = FOUR_HOURS.evaluate(log((june(2, 7), START)), june(2, 8, 30))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 7),
            remaining=4 * H,
            due_at=june(2, 13),
            wall_elapsed=H + 30 * MIN,
        )

    def test_over_a_weekend(self):
        """Friday 15:00 to Saturday noon is 2h; the other 2h run out Monday 11:00."""
        actual = FOUR_HOURS.evaluate(log((june(6, 15), START)), june(7, 12))

        assert actual == status(
            state=RUNNING,
            started_at=june(6, 15),
            elapsed=2 * H,
            remaining=2 * H,
            due_at=june(9, 11),
            wall_elapsed=21 * H,
        )

    def test_always(self):
        """On ALWAYS the clock is the wall clock: started 09:00 with 4h, due 13:00."""
        timer = Timer(target=4 * H)

        actual = timer.evaluate(log((mon(9), START)), mon(10))

        assert actual == status(
            state=RUNNING,
            started_at=mon(9),
            elapsed=H,
            remaining=3 * H,
            due_at=mon(13),
            wall_elapsed=H,
        )


class TestPause:
    """A paused clock stops counting, so its due date moves later."""

    WEEKEND_LOG = log((june(6, 14), START), (june(6, 15), PAUSE), (june(9, 11), RESUME))

    def test_paused_over_the_weekend(self):
        """Paused Friday 15:00, asked Saturday: 1h used, Friday's last 2h paused."""
        actual = FOUR_HOURS.evaluate(self.WEEKEND_LOG, june(7, 12))

        assert actual == status(
            state=PAUSED,
            started_at=june(6, 14),
            elapsed=H,
            remaining=3 * H,
            wall_elapsed=H,
            paused_for=2 * H,
        )

    def test_paused_clock_does_not_count(self):
        """Asked Saturday or Monday 08:00, a clock paused on Friday shows the same."""
        saturday = FOUR_HOURS.evaluate(self.WEEKEND_LOG, june(7, 12))
        monday = FOUR_HOURS.evaluate(self.WEEKEND_LOG, june(9, 8))

        assert (monday.elapsed, monday.paused_for) == (
            saturday.elapsed,
            saturday.paused_for,
        )

    def test_due_date_moves_while_paused(self):
        """Due Monday 10:00 before the pause, the clock is due 14:00 after it.

        The pause covered Friday 15:00-17:00 and Monday 09:00-11:00: 4h of business
        time, and the due date moved by exactly that.
        """
        before = FOUR_HOURS.evaluate(self.WEEKEND_LOG[:1], june(6, 15))
        after = FOUR_HOURS.evaluate(self.WEEKEND_LOG, june(9, 11))

        assert (before.due_at, after.due_at, after.paused_for) == (
            june(9, 10),
            june(9, 14),
            4 * H,
        )
        assert OFFICE.between(before.due_at, after.due_at) == after.paused_for

    def test_resume(self):
        """Run 09:00-10:00, pause to 12:00, run to 13:00: 2h used, due 15:00."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 12), RESUME))

        actual = FOUR_HOURS.evaluate(events, june(2, 13))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 9),
            elapsed=2 * H,
            remaining=2 * H,
            due_at=june(2, 15),
            wall_elapsed=2 * H,
            paused_for=2 * H,
        )

    def test_paused_for_counts_business_time_only(self):
        """A pause from 16:00 to 19:00 covers 1h of business time."""
        timer = Timer(target=10 * H, calendar=OFFICE)
        events = log((june(2, 9), START), (june(2, 16), PAUSE), (june(2, 19), RESUME))

        actual = timer.evaluate(events, june(3, 10))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 9),
            elapsed=8 * H,
            remaining=2 * H,
            due_at=june(3, 12),
            wall_elapsed=22 * H,
            paused_for=H,
        )


class TestStop:
    """A STOP ends the cycle and settles whether it was met."""

    def test_stop_while_running(self):
        """Stopped at 12:00 after 3h of 4h: met, and nothing changes afterwards."""
        events = log((june(2, 9), START), (june(2, 12), STOP))

        actual = FOUR_HOURS.evaluate(events, june(3, 9))

        assert actual == status(
            state=STOPPED,
            started_at=june(2, 9),
            stopped_at=june(2, 12),
            elapsed=3 * H,
            remaining=H,
            met=True,
            wall_elapsed=3 * H,
        )

    def test_stop_while_paused(self):
        """STOP is allowed while paused; the paused hour is not elapsed time."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 11), STOP))

        actual = FOUR_HOURS.evaluate(events, june(2, 12))

        assert actual == status(
            state=STOPPED,
            started_at=june(2, 9),
            stopped_at=june(2, 11),
            elapsed=H,
            remaining=3 * H,
            met=True,
            wall_elapsed=H,
            paused_for=H,
        )

    def test_stopped_clock_is_frozen(self):
        """Asked a day or a week after the STOP, a stopped timer shows the same."""
        events = log((june(2, 9), START), (june(2, 12), STOP))

        assert FOUR_HOURS.evaluate(events, june(9, 9)) == FOUR_HOURS.evaluate(
            events, june(3, 9)
        )


class TestMetAndBreached:
    """Running out exactly on time is met; a microsecond more is a breach."""

    def test_met_exactly_on_time(self):
        """Stopped after exactly 4h of a 4h target: met, not breached."""
        events = log((june(2, 9), START), (june(2, 13), STOP))

        actual = FOUR_HOURS.evaluate(events, june(2, 14))

        assert actual == status(
            state=STOPPED,
            started_at=june(2, 9),
            stopped_at=june(2, 13),
            elapsed=4 * H,
            remaining=ZERO,
            met=True,
            wall_elapsed=4 * H,
        )

    def test_running_exactly_at_target(self):
        """At the due instant itself the clock is not breached and is due now."""
        actual = FOUR_HOURS.evaluate(log((june(2, 9), START)), june(2, 13))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 9),
            elapsed=4 * H,
            remaining=ZERO,
            due_at=june(2, 13),
            wall_elapsed=4 * H,
        )

    def test_one_microsecond_late(self):
        """A microsecond after the due instant the clock is breached at that instant."""
        now = berlin(2025, 6, 2, 13, 0, 0, 1)

        actual = FOUR_HOURS.evaluate(log((june(2, 9), START)), now)

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 9),
            elapsed=4 * H + US,
            remaining=-US,
            breached=True,
            breached_at=june(2, 13),
            wall_elapsed=4 * H + US,
            ever_breached=True,
        )

    def test_runs_out_at_closing_time(self):
        """Started 13:00, the target runs out at 17:00: still due then, at 18:00."""
        actual = FOUR_HOURS.evaluate(log((june(2, 13), START)), june(2, 18))

        assert (actual.remaining, actual.breached, actual.due_at) == (
            ZERO,
            False,
            june(2, 17),
        )

    def test_breached_at_closing_time(self):
        """Breached on Tuesday's first microsecond, the breach dates from Mon 17:00."""
        now = berlin(2025, 6, 3, 9, 0, 0, 1)

        actual = FOUR_HOURS.evaluate(log((june(2, 13), START)), now)

        assert (actual.breached, actual.breached_at, actual.due_at) == (
            True,
            june(2, 17),
            None,
        )

    def test_breached_while_running(self):
        """Monday 15:00 to Wednesday 10:00 is 11h: 7h over, breached Tuesday 11:00."""
        actual = FOUR_HOURS.evaluate(log((june(2, 15), START)), june(4, 10))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 15),
            elapsed=11 * H,
            remaining=-7 * H,
            breached=True,
            breached_at=june(3, 11),
            wall_elapsed=43 * H,
            ever_breached=True,
        )

    def test_breached_and_stopped(self):
        """Stopped after the breach: met is False and breached_at stays."""
        events = log((june(2, 15), START), (june(4, 10), STOP))

        actual = FOUR_HOURS.evaluate(events, june(4, 12))

        assert actual == status(
            state=STOPPED,
            started_at=june(2, 15),
            stopped_at=june(4, 10),
            elapsed=11 * H,
            remaining=-7 * H,
            breached=True,
            breached_at=june(3, 11),
            met=False,
            wall_elapsed=43 * H,
            ever_breached=True,
        )

    def test_breached_at_skips_the_pause(self):
        """Paused 11:00-14:00, the fourth running hour ends at 16:00."""
        events = log((june(2, 9), START), (june(2, 11), PAUSE), (june(2, 14), RESUME))

        actual = FOUR_HOURS.evaluate(events, june(2, 17))

        assert (actual.elapsed, actual.breached_at, actual.paused_for) == (
            5 * H,
            june(2, 16),
            3 * H,
        )

    def test_breached_is_remembered_while_paused(self):
        """A clock paused after its breach stays breached, with no due date."""
        events = log((june(2, 9), START), (june(2, 14), PAUSE))

        actual = FOUR_HOURS.evaluate(events, june(2, 16))

        assert (actual.state, actual.breached, actual.breached_at, actual.due_at) == (
            PAUSED,
            True,
            june(2, 13),
            None,
        )


class TestCycles:
    """A START after a STOP opens a new cycle; `evaluate` shows the last one."""

    EVENTS = log((june(2, 9), START), (june(2, 12), STOP), (june(2, 14), START))

    def test_two_cycles(self):
        """A breached first cycle and a running second one, each measured alone."""
        actual = TWO_HOURS.cycles(self.EVENTS, june(2, 15))

        assert actual == (
            status(
                state=STOPPED,
                started_at=june(2, 9),
                stopped_at=june(2, 12),
                elapsed=3 * H,
                remaining=-H,
                breached=True,
                breached_at=june(2, 11),
                met=False,
                wall_elapsed=3 * H,
                ever_breached=True,
            ),
            status(
                state=RUNNING,
                started_at=june(2, 14),
                elapsed=H,
                remaining=H,
                due_at=june(2, 16),
                wall_elapsed=H,
                ever_breached=True,
            ),
        )

    def test_evaluate_is_the_last_cycle(self):
        """`evaluate` returns the last entry of `cycles`."""
        actual = TWO_HOURS.evaluate(self.EVENTS, june(2, 15))

        assert actual == TWO_HOURS.cycles(self.EVENTS, june(2, 15))[-1]

    def test_never_breached(self):
        """When no cycle breached, ever_breached is False throughout."""
        events = log(
            (june(2, 9), START),
            (june(2, 10), STOP),
            (june(2, 11), START),
            (june(2, 12), STOP),
        )

        actual = [s.ever_breached for s in TWO_HOURS.cycles(events, june(2, 13))]

        assert actual == [False, False]

    def test_ever_breached_looks_back_only(self):
        """A met cycle before a breached one is not marked; the breached one is."""
        events = log((june(2, 9), START), (june(2, 10), STOP), (june(2, 11), START))

        actual = [
            (s.met, s.breached, s.ever_breached)
            for s in TWO_HOURS.cycles(events, june(2, 14))
        ]

        assert actual == [(True, False, False), (None, True, True)]

    def test_three_cycles_with_pauses(self):
        """Cycles may pause and may stop while paused; each starts from zero."""
        events = log(
            (june(2, 9), START),
            (june(2, 10), PAUSE),
            (june(2, 11), STOP),
            (june(2, 12), START),
            (june(2, 12, 30), PAUSE),
            (june(2, 13), RESUME),
            (june(2, 14), STOP),
            (june(2, 15), START),
            (june(2, 15, 30), PAUSE),
        )

        actual = [
            (s.state, s.elapsed, s.paused_for, s.started_at)
            for s in TWO_HOURS.cycles(events, june(2, 16))
        ]

        assert actual == [
            (STOPPED, H, H, june(2, 9)),
            (STOPPED, H + 30 * MIN, 30 * MIN, june(2, 12)),
            (PAUSED, 30 * MIN, 30 * MIN, june(2, 15)),
        ]


class TestNow:
    """Events after `now` are ignored, so `now` can be any past instant."""

    EVENTS = log(
        (june(2, 9), START),
        (june(2, 10), PAUSE),
        (june(2, 12), RESUME),
        (june(2, 16), STOP),
    )

    @pytest.mark.parametrize(
        ("now", "state", "elapsed", "due_at"),
        [
            (june(2, 8), NOT_STARTED, ZERO, None),
            (june(2, 9), RUNNING, ZERO, june(2, 13)),
            (june(2, 9, 59), RUNNING, 59 * MIN, june(2, 13)),
            (june(2, 10), PAUSED, H, None),
            (june(2, 11), PAUSED, H, None),
            (june(2, 12), RUNNING, H, june(2, 15)),
            (june(2, 15), RUNNING, 4 * H, june(2, 15)),
            (june(2, 15, 30), RUNNING, 4 * H + 30 * MIN, None),
            (june(2, 16), STOPPED, 5 * H, None),
            (june(3, 10), STOPPED, 5 * H, None),
        ],
        ids=[
            "0800",
            "0900",
            "0959",
            "1000",
            "1100",
            "1200",
            "1500",
            "1530",
            "1600",
            "tue",
        ],
    )
    def test_what_the_timer_showed(self, now, state, elapsed, due_at):
        """The same log, asked at different instants, shows the timer at that time."""
        actual = FOUR_HOURS.evaluate(self.EVENTS, now)

        assert (actual.state, actual.elapsed, actual.due_at) == (state, elapsed, due_at)

    def test_showed_at_ten(self):
        """What did this timer show at 10:00? Paused, with 1h used (PAUSE at 10:00)."""
        actual = FOUR_HOURS.evaluate(self.EVENTS, june(2, 10))

        assert actual == status(
            state=PAUSED,
            started_at=june(2, 9),
            elapsed=H,
            remaining=3 * H,
            wall_elapsed=H,
        )

    def test_same_as_the_log_up_to_now(self):
        """Leaving out the events after `now` changes nothing."""
        actual = FOUR_HOURS.cycles(self.EVENTS, june(2, 11))

        assert actual == FOUR_HOURS.cycles(self.EVENTS[:2], june(2, 11))

    def test_later_misfit_is_not_checked(self):
        """A second PAUSE at 11:00 does not stop strict mode showing 10:30."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 11), PAUSE))

        actual = FOUR_HOURS.evaluate(events, june(2, 10, 30))

        assert (actual.state, actual.elapsed) == (PAUSED, H)

    def test_later_misfit_raises_once_reached(self):
        """Asked at 11:00, the second PAUSE has happened and strict mode raises."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 11), PAUSE))
        message = (
            "event 2 (PAUSE at 2025-06-02T11:00:00+02:00) is not allowed while paused"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            FOUR_HOURS.evaluate(events, june(2, 11))

    def test_now_in_another_zone(self):
        """The same instant in UTC gives the same status, its instants shown in UTC."""
        now = utc(2025, 6, 2, 10, 30)  # 12:30 in Berlin

        actual = FOUR_HOURS.evaluate(log((june(2, 10), START)), now)

        assert actual == FOUR_HOURS.evaluate(log((june(2, 10), START)), june(2, 12, 30))
        assert (actual.due_at, actual.due_at.tzinfo) == (utc(2025, 6, 2, 12), UTC)


class TestTies:
    """Events at the same instant keep their given order."""

    def test_pause_and_resume_at_one_instant(self):
        """A PAUSE and a RESUME at 10:00 pause for no time at all."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 10), RESUME))

        actual = FOUR_HOURS.evaluate(events, june(2, 11))

        assert (actual.state, actual.elapsed, actual.paused_for, actual.due_at) == (
            RUNNING,
            2 * H,
            ZERO,
            june(2, 13),
        )

    def test_resume_before_pause_at_one_instant(self):
        """A RESUME given before the PAUSE of the same instant is out of place."""
        events = log((june(2, 9), START), (june(2, 10), RESUME), (june(2, 10), PAUSE))
        message = (
            "event 1 (RESUME at 2025-06-02T10:00:00+02:00) is not allowed while running"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            FOUR_HOURS.evaluate(events, june(2, 11))

    def test_resume_before_pause_lenient(self):
        """Leniently, that RESUME is skipped and the PAUSE holds."""
        events = log((june(2, 9), START), (june(2, 10), RESUME), (june(2, 10), PAUSE))

        actual = FOUR_HOURS.evaluate(events, june(2, 11), strict=False)

        assert (actual.state, actual.elapsed) == (PAUSED, H)

    def test_stop_and_start_at_one_instant(self):
        """A START at the STOP's instant opens a new cycle right away."""
        events = log((june(2, 9), START), (june(2, 12), STOP), (june(2, 12), START))

        actual = [
            (s.state, s.started_at, s.elapsed)
            for s in FOUR_HOURS.cycles(events, june(2, 13))
        ]

        assert actual == [(STOPPED, june(2, 9), 3 * H), (RUNNING, june(2, 12), H)]

    def test_start_and_stop_at_one_instant(self):
        """A cycle that stops as it starts used no time and is met."""
        events = log((june(2, 9), START), (june(2, 9), STOP))

        actual = FOUR_HOURS.evaluate(events, june(2, 10))

        assert actual == status(
            state=STOPPED,
            started_at=june(2, 9),
            stopped_at=june(2, 9),
            remaining=4 * H,
            met=True,
        )

    def test_event_at_now_counts(self):
        """A START exactly at `now` has happened: running, nothing used yet."""
        actual = FOUR_HOURS.evaluate(log((june(2, 10), START)), june(2, 10))

        assert (actual.state, actual.elapsed, actual.due_at) == (
            RUNNING,
            ZERO,
            june(2, 14),
        )


class TestRetroactive:
    """A log written after the fact is measured from its own instants."""

    def test_started_days_ago(self):
        """Started Monday 09:00, asked Thursday noon: 27h of 40h used, due Fri 17:00."""
        timer = Timer(target=40 * H, calendar=OFFICE)

        actual = timer.evaluate(log((june(2, 9), START)), june(5, 12))

        assert actual == status(
            state=RUNNING,
            started_at=june(2, 9),
            elapsed=27 * H,
            remaining=13 * H,
            due_at=june(6, 17),
            wall_elapsed=3 * 24 * H + 3 * H,
        )

    def test_started_a_year_ago(self):
        """52 weeks of office hours are 2080h; the breach dates from the first day."""
        events = log((berlin(2024, 6, 3, 9), START))

        actual = FOUR_HOURS.evaluate(events, june(2, 9))

        assert (actual.elapsed, actual.breached_at) == (
            2080 * H,
            berlin(2024, 6, 3, 13),
        )

    def test_pause_logged_in_the_past(self):
        """A whole day's pause logged after the fact moves the due date a day."""
        timer = Timer(target=16 * H, calendar=OFFICE)
        events = log((june(2, 9), START), (june(3, 9), PAUSE), (june(4, 9), RESUME))

        actual = timer.evaluate(events, june(4, 12))

        assert (actual.elapsed, actual.paused_for, actual.due_at) == (
            11 * H,
            8 * H,
            june(4, 17),
        )


class TestDst:
    """Elapsed time is real time: DST changes shorten or lengthen the day."""

    BERLIN_24_7 = BusinessCalendar("mon-sun 00:00-24:00", tz="Europe/Berlin")

    @pytest.mark.parametrize(
        "calendar", [ALWAYS, BERLIN_24_7], ids=["ALWAYS", "berlin"]
    )
    @pytest.mark.parametrize(
        ("day", "expected"),
        [(berlin(2025, 3, 30), 23 * H), (berlin(2025, 10, 26), 25 * H)],
        ids=["spring", "fall"],
    )
    def test_whole_day(self, calendar, day, expected):
        """The Sunday of a DST change has 23h or 25h, on any 24/7 calendar."""
        timer = Timer(target=48 * H, calendar=calendar)
        next_midnight = berlin(day.year, day.month, day.day + 1)

        actual = timer.evaluate(log((day, START)), next_midnight)

        assert (actual.elapsed, actual.wall_elapsed) == (expected, expected)

    def test_always_spring_forward_due_at(self):
        """24h from Saturday 12:00 CET is Sunday 13:00 CEST on the wall clock."""
        timer = Timer(target=24 * H)

        actual = timer.evaluate(
            log((berlin(2025, 3, 29, 12), START)), berlin(2025, 3, 29, 13)
        )

        assert (actual.due_at, actual.due_at.hour) == (utc(2025, 3, 30, 11), 13)

    def test_always_fall_back_breach(self):
        """Saturday 12:00 CEST to Sunday 12:00 CET is 25h: breached at 11:00 CET."""
        timer = Timer(target=24 * H)

        actual = timer.evaluate(
            log((berlin(2025, 10, 25, 12), START)), berlin(2025, 10, 26, 12)
        )

        assert (actual.elapsed, actual.breached_at, actual.breached_at.hour) == (
            25 * H,
            utc(2025, 10, 26, 10),
            11,
        )

    def test_office_over_spring_forward(self):
        """Friday 16:00 CET to Monday 09:30 CEST: 1h30 used, 64h30 of real time."""
        actual = TWO_HOURS.evaluate(
            log((berlin(2025, 3, 28, 16), START)), berlin(2025, 3, 31, 9, 30)
        )

        assert (actual.elapsed, actual.due_at, actual.wall_elapsed) == (
            H + 30 * MIN,
            berlin(2025, 3, 31, 10),
            64 * H + 30 * MIN,
        )

    def test_hours_inside_the_gap(self):
        """Sunday 01:00-04:00 on spring-forward day is 2h; the third is a week on."""
        night = BusinessCalendar("sun 01:00-04:00", tz="Europe/Berlin")
        timer = Timer(target=3 * H, calendar=night)

        actual = timer.evaluate(
            log((berlin(2025, 3, 30, 0), START)), berlin(2025, 3, 30, 5)
        )

        assert (actual.elapsed, actual.due_at) == (2 * H, berlin(2025, 4, 6, 2))

    def test_due_inside_the_fold(self):
        """Sunday 01:00-04:00 on fall-back day is 4h; 2h30 runs out at 02:30 CET.

        01:00 CEST is 23:00Z; 2h30 later is 01:30Z, the second 02:30 (fold=1).
        """
        night = BusinessCalendar("sun 01:00-04:00", tz="Europe/Berlin")
        timer = Timer(target=2 * H + 30 * MIN, calendar=night)
        now = berlin(2025, 10, 26, 0, 30)

        actual = timer.evaluate(log((now, START)), now)

        due = actual.due_at
        assert (due.astimezone(UTC), due.hour, due.minute, due.fold) == (
            utc(2025, 10, 26, 1, 30),
            2,
            30,
            1,
        )


class TestWarnAt:
    """`warn_at` fractions warn when elapsed reaches that part of the target."""

    def test_three_quarters(self):
        """At 3h of 4h, started Monday 15:00: Tuesday 10:00."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_at=(Decimal("0.75"),))

        actual = timer.evaluate(log((june(2, 15), START)), june(3, 11))

        assert actual.warnings == (june(3, 10),)

    def test_not_reached_yet(self):
        """Before elapsed gets to the fraction, the warning is None."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_at=(Decimal("0.75"),))

        actual = timer.evaluate(log((june(2, 15), START)), june(3, 9, 30))

        assert actual.warnings == (None,)

    def test_several_fractions(self):
        """One entry per fraction, in the given order; 1.5 lies after the breach."""
        timer = Timer(
            target=4 * H,
            calendar=OFFICE,
            warn_at=(Decimal("0.75"), Decimal("0.5"), Decimal(1), Decimal("1.5")),
        )

        actual = timer.evaluate(log((june(2, 9), START)), june(2, 16))

        assert actual.warnings == (june(2, 12), june(2, 11), june(2, 13), june(2, 15))

    def test_across_a_pause(self):
        """Half of 4h with a 2h pause after the first hour: reached at 13:00."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_at=(Decimal("0.5"),))
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 12), RESUME))

        actual = timer.evaluate(events, june(2, 13))

        assert actual.warnings == (june(2, 13),)

    def test_frozen_while_paused(self):
        """A paused clock reaches no further warnings."""
        timer = Timer(
            target=4 * H, calendar=OFFICE, warn_at=(Decimal("0.5"), Decimal("0.75"))
        )
        events = log((june(2, 9), START), (june(2, 11), PAUSE))

        actual = timer.evaluate(events, june(2, 16))

        assert actual.warnings == (june(2, 11), None)

    def test_one_third_rounds_up(self):
        """A third of one second is 333333.33...us, so the warning is at 333334us."""
        timer = Timer(target=timedelta(seconds=1), warn_at=(Decimal(1) / Decimal(3),))

        actual = timer.evaluate(log((mon(9), START)), mon(10))

        assert actual.warnings == (mon(9, 0, 0, 333_334),)

    def test_one_third_of_an_hour(self):
        """A third of an hour rounds up to exactly 20 minutes."""
        timer = Timer(target=H, warn_at=(Decimal(1) / Decimal(3),))

        actual = timer.evaluate(log((mon(9), START)), mon(10))

        assert actual.warnings == (mon(9, 20),)

    def test_two_thirds_exactly(self):
        """Decimal(2)/3 is 0.666...667, a hair over 2/3: 4h of it is 2h40m + 1us.

        0.6666666666666666666666666667 * 14_400_000_000us is
        9_600_000_000.00000000000000000048us, which rounds up to 9_600_000_001us.
        """
        timer = Timer(target=4 * H, warn_at=(Decimal(2) / Decimal(3),))

        actual = timer.evaluate(log((mon(9), START)), mon(14))

        assert actual.warnings == (mon(11, 40, 0, 1),)

    def test_independent_of_decimal_context(self):
        """The threshold is exact even when the thread's decimal precision is low.

        0.333333 * 4h is 4_799_995_200us, 1:19:59.9952 after the start.
        """
        timer = Timer(target=4 * H, warn_at=(Decimal("0.333333"),))

        with localcontext() as context:
            context.prec = 6
            actual = timer.evaluate(log((mon(9), START)), mon(14))

        assert actual.warnings == (mon(10, 19, 59, 995_200),)

    def test_accepts_str_and_int(self):
        """Fractions may be given as str or int; they are kept as Decimals."""
        timer = Timer(target=H, warn_at=["0.5", 1])

        assert timer.warn_at == (Decimal("0.5"), Decimal(1))


class TestWarnBefore:
    """`warn_before` warns that much business time before the target runs out."""

    def test_before_breach(self):
        """1h and 30min before a 4h target started Monday 15:00: Tue 10:00, 10:30."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_before=(H, 30 * MIN))

        actual = timer.evaluate(log((june(2, 15), START)), june(3, 11))

        assert actual.warnings_before == (june(3, 10), june(3, 10, 30))

    def test_not_reached_yet(self):
        """Before elapsed gets to target - before, the warning is None."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_before=(H,))

        actual = timer.evaluate(log((june(2, 15), START)), june(3, 9, 59))

        assert actual.warnings_before == (None,)

    @pytest.mark.parametrize("before", [4 * H, 5 * H], ids=["equal", "longer"])
    def test_at_least_the_target(self, before):
        """A warning as long as the target or longer is due at the START itself."""
        timer = Timer(target=4 * H, calendar=OFFICE, warn_before=(before,))

        actual = timer.evaluate(log((june(2, 7), START)), june(2, 8))

        assert actual.warnings_before == (june(2, 7),)


class TestWallElapsed:
    """`wall_elapsed` is real time while running, closed hours included."""

    def test_over_a_weekend(self):
        """Friday 16:00 to Monday 10:00 is 2h of business time and 66h of real time."""
        actual = FOUR_HOURS.evaluate(log((june(6, 16), START)), june(9, 10))

        assert (actual.elapsed, actual.wall_elapsed) == (2 * H, 66 * H)

    def test_pauses_excluded(self):
        """Running 09:00-10:00 and 20:00-21:00 is 2h of real time, 1h of business."""
        events = log((june(2, 9), START), (june(2, 10), PAUSE), (june(2, 20), RESUME))

        actual = FOUR_HOURS.evaluate(events, june(2, 21))

        assert (actual.elapsed, actual.wall_elapsed, actual.paused_for) == (
            H,
            2 * H,
            7 * H,
        )

    def test_always(self):
        """On ALWAYS, wall time and business time agree."""
        events = log((mon(9), START), (mon(10), PAUSE), (mon(11), RESUME))

        actual = Timer(target=H).evaluate(events, mon(12, 30))

        assert (actual.elapsed, actual.wall_elapsed) == (2 * H + 30 * MIN,) * 2


class TestZeroTarget:
    """A zero target is met only by a clock that never counts."""

    ZERO_ALWAYS = Timer(target=ZERO, warn_at=(Decimal("0.5"),))
    ZERO_OFFICE = Timer(target=ZERO, calendar=OFFICE)

    def test_not_started(self):
        """Not started, nothing remains and nothing is breached."""
        actual = self.ZERO_ALWAYS.evaluate([], mon(9))

        assert actual == status(warnings=(None,))

    def test_due_at_start(self):
        """Started now, the clock is due now and its warnings are reached now."""
        actual = self.ZERO_ALWAYS.evaluate(log((mon(9), START)), mon(9))

        assert actual == status(
            state=RUNNING, started_at=mon(9), due_at=mon(9), warnings=(mon(9),)
        )

    def test_breached_a_microsecond_later(self):
        """A microsecond of running is a breach, dated at the START."""
        actual = self.ZERO_ALWAYS.evaluate(log((mon(9), START)), mon(9, 0, 0, 1))

        assert (actual.remaining, actual.breached, actual.breached_at) == (
            -US,
            True,
            mon(9),
        )

    def test_closed_hours_do_not_breach(self):
        """Started at 07:00 and asked at 08:00, no business time has passed."""
        actual = self.ZERO_OFFICE.evaluate(log((june(2, 7), START)), june(2, 8))

        assert (actual.breached, actual.due_at) == (False, june(2, 7))

    def test_breached_at_opening(self):
        """Reading: elapsed was 0 from the 07:00 START, so the breach dates there."""
        now = berlin(2025, 6, 2, 9, 0, 0, 1)

        actual = self.ZERO_OFFICE.evaluate(log((june(2, 7), START)), now)

        assert (actual.breached, actual.breached_at) == (True, june(2, 7))

    def test_stopped_at_once(self):
        """Stopped at its START instant, a zero target is met."""
        events = log((mon(9), START), (mon(9), STOP))

        actual = self.ZERO_ALWAYS.evaluate(events, mon(10))

        assert (actual.met, actual.breached) == (True, False)


# Each row: actions at 09:00, 10:00, ... UTC on Monday (or given), the expected
# message, and the index of the event that does not fit.
ILLEGAL = [
    pytest.param(
        [START, PAUSE, PAUSE],
        "event 2 (PAUSE at 2025-06-02T11:00:00+00:00) is not allowed while paused",
        id="second-pause",
    ),
    pytest.param(
        [START, RESUME],
        "event 1 (RESUME at 2025-06-02T10:00:00+00:00) is not allowed while running",
        id="resume-while-running",
    ),
    pytest.param(
        [START, START],
        "event 1 (START at 2025-06-02T10:00:00+00:00) is not allowed while running",
        id="start-while-running",
    ),
    pytest.param(
        [START, PAUSE, START],
        "event 2 (START at 2025-06-02T11:00:00+00:00) is not allowed while paused",
        id="start-while-paused",
    ),
    pytest.param(
        [PAUSE],
        "event 0 (PAUSE at 2025-06-02T09:00:00+00:00) is not allowed before any START",
        id="pause-before-start",
    ),
    pytest.param(
        [RESUME],
        "event 0 (RESUME at 2025-06-02T09:00:00+00:00) is not allowed before any START",
        id="resume-before-start",
    ),
    pytest.param(
        [STOP],
        "event 0 (STOP at 2025-06-02T09:00:00+00:00) is not allowed before any START",
        id="stop-before-start",
    ),
    pytest.param(
        [START, STOP, PAUSE],
        "event 2 (PAUSE at 2025-06-02T11:00:00+00:00) is not allowed after a STOP",
        id="pause-after-stop",
    ),
    pytest.param(
        [START, STOP, RESUME],
        "event 2 (RESUME at 2025-06-02T11:00:00+00:00) is not allowed after a STOP",
        id="resume-after-stop",
    ),
    pytest.param(
        [START, STOP, STOP],
        "event 2 (STOP at 2025-06-02T11:00:00+00:00) is not allowed after a STOP",
        id="stop-after-stop",
    ),
    pytest.param(
        [START, PAUSE, RESUME, RESUME],
        "event 3 (RESUME at 2025-06-02T12:00:00+00:00) is not allowed while running",
        id="second-resume",
    ),
]


def hourly(actions: list[Action]) -> list[TimerEvent]:
    """One event an hour from Monday 09:00 UTC."""
    return [TimerEvent(mon(9 + i), action) for i, action in enumerate(actions)]


class TestStrict:
    """Strict mode raises for every event that does not fit, naming it."""

    @pytest.mark.parametrize(("actions", "message"), ILLEGAL)
    def test_evaluate_raises(self, actions, message):
        """`evaluate` names the event's index, action, time and the state it met."""
        with pytest.raises(TimerEventError, match=exactly(message)):
            Timer(target=H).evaluate(hourly(actions), mon(23))

    @pytest.mark.parametrize(("actions", "message"), ILLEGAL)
    def test_cycles_raises(self, actions, message):
        """`cycles` raises the same error."""
        with pytest.raises(TimerEventError, match=exactly(message)):
            Timer(target=H).cycles(hourly(actions), mon(23))

    @pytest.mark.parametrize(("actions", "message"), ILLEGAL)
    def test_error_attributes(self, actions, message):
        """The error keeps the offending event and its index for programs."""
        events = hourly(actions)

        with pytest.raises(TimerEventError, match=exactly(message)) as caught:
            Timer(target=H).evaluate(events, mon(23))

        index = len(actions) - 1
        assert (caught.value.index, caught.value.event) == (index, events[index])

    def test_example_from_the_brief(self):
        """The error for a RESUME while running at 10:00 reads as documented."""
        events = log(
            (mon(8), START), (mon(9), PAUSE), (mon(9, 30), RESUME), (mon(10), RESUME)
        )
        message = (
            "event 3 (RESUME at 2025-06-02T10:00:00+00:00) is not allowed while running"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            Timer(target=H).evaluate(events, mon(11))

    def test_time_shown_as_given(self):
        """The message shows the event's time with the offset it was given in."""
        events = log((june(2, 9), START), (june(2, 10), START))
        message = (
            "event 1 (START at 2025-06-02T10:00:00+02:00) is not allowed while running"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            FOUR_HOURS.evaluate(events, june(2, 11))

    def test_is_an_sla_error(self):
        """TimerEventError is an SlaError, and so a ValueError."""
        with pytest.raises(
            ValueError, match=r"^event 0 \(PAUSE at .*before any START$"
        ):
            Timer(target=H).evaluate(hourly([PAUSE]), mon(23))

        assert issubclass(TimerEventError, SlaError)


class TestLenient:
    """Lenient mode skips every event that does not fit."""

    @pytest.mark.parametrize(("actions", "message"), ILLEGAL)
    def test_skips_the_misfit(self, actions, message):
        """The result equals the strict result of the log without the misfit."""
        events = hourly(actions)
        del message  # the same table as the strict tests; here nothing raises

        actual = Timer(target=H).cycles(events, mon(23), strict=False)

        assert actual == Timer(target=H).cycles(events[:-1], mon(23))

    def test_second_pause_keeps_the_first(self):
        """Of two PAUSEs the first counts: paused 10:00-12:00, 2h used by 13:00."""
        events = log((mon(9), START), (mon(10), PAUSE), (mon(11), PAUSE))
        events += log((mon(12), RESUME))

        actual = Timer(target=4 * H).evaluate(events, mon(13), strict=False)

        assert (actual.elapsed, actual.paused_for, actual.due_at) == (
            2 * H,
            2 * H,
            mon(15),
        )

    def test_many_misfits(self):
        """Only START 09:00, PAUSE 11:00 and STOP 12:00 fit; the rest are skipped."""
        events = log(
            (mon(8), PAUSE),
            (mon(9), START),
            (mon(9, 30), RESUME),
            (mon(10), START),
            (mon(11), PAUSE),
            (mon(11, 30), PAUSE),
            (mon(12), STOP),
            (mon(13), PAUSE),
            (mon(14), RESUME),
            (mon(15), STOP),
        )

        actual = Timer(target=4 * H).cycles(events, mon(16), strict=False)

        assert actual == (
            status(
                state=STOPPED,
                started_at=mon(9),
                stopped_at=mon(12),
                elapsed=2 * H,
                remaining=2 * H,
                met=True,
                wall_elapsed=2 * H,
                paused_for=H,
            ),
        )

    def test_valid_log_is_unchanged(self):
        """On a log that fits, lenient and strict agree."""
        events = log((mon(9), START), (mon(10), PAUSE), (mon(11), RESUME))

        actual = Timer(target=H).cycles(events, mon(12), strict=False)

        assert actual == Timer(target=H).cycles(events, mon(12))


class TestOrder:
    """Events out of time order raise in both modes."""

    @pytest.mark.parametrize("strict", [True, False])
    def test_out_of_order(self, strict):
        """The message names both events."""
        events = log((mon(10), START), (mon(9), PAUSE))
        message = (
            "event 1 (PAUSE at 2025-06-02T09:00:00+00:00) is before "
            "event 0 (START at 2025-06-02T10:00:00+00:00): events must be in time order"
        )

        with pytest.raises(TimerEventError, match=exactly(message)) as caught:
            Timer(target=H).evaluate(events, mon(12), strict=strict)

        assert (caught.value.index, caught.value.event) == (1, events[1])

    @pytest.mark.parametrize("strict", [True, False])
    def test_out_of_order_after_now(self, strict):
        """Reading: order is checked over the whole log, after `now` too."""
        events = log((mon(9), START), (mon(12), PAUSE), (mon(11), RESUME))
        message = (
            "event 2 (RESUME at 2025-06-02T11:00:00+00:00) is before "
            "event 1 (PAUSE at 2025-06-02T12:00:00+00:00): events must be in time order"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            Timer(target=H).evaluate(events, mon(10), strict=strict)

    def test_order_is_by_instant(self):
        """10:00 in Berlin (08:00Z) comes before 09:00 UTC, whatever the wall clock."""
        events = log((june(2, 10), START), (mon(9), PAUSE))

        actual = Timer(target=4 * H).evaluate(events, mon(10))

        assert (actual.state, actual.elapsed) == (PAUSED, H)


class TestConstruction:
    """Bad arguments raise TypeError for wrong types and TimerError for wrong values."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            pytest.param(
                {"target": -H},
                TimerError,
                "target must not be negative, got -1 day, 23:00:00",
                id="negative-target",
            ),
            pytest.param(
                {"target": 4},
                TypeError,
                "target must be a timedelta, got int",
                id="int-target",
            ),
            pytest.param(
                {"target": H, "warn_at": (0.75,)},
                TypeError,
                "warn_at[0] must be a Decimal, int or str, got 0.75",
                id="float-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_at": (True,)},
                TypeError,
                "warn_at[0] must be a Decimal, int or str, got True",
                id="bool-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_at": (Decimal("0.5"), 0)},
                TimerError,
                "warn_at[1] must be a positive fraction, got 0",
                id="zero-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_at": (Decimal("-0.5"),)},
                TimerError,
                "warn_at[0] must be a positive fraction, got -0.5",
                id="negative-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_at": (Decimal("NaN"),)},
                TimerError,
                "warn_at[0] must be a positive fraction, got NaN",
                id="nan-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_at": ("abc",)},
                TimerError,
                "warn_at[0] is not a number: 'abc'",
                id="text-warn-at",
            ),
            pytest.param(
                {"target": H, "warn_before": (ZERO,)},
                TimerError,
                "warn_before[0] must be positive, got 0:00:00",
                id="zero-warn-before",
            ),
            pytest.param(
                {"target": H, "warn_before": (5,)},
                TypeError,
                "warn_before[0] must be a timedelta, got int",
                id="int-warn-before",
            ),
            pytest.param(
                {"target": H, "calendar": "UTC"},
                TypeError,
                "calendar must be a BusinessCalendar or a ComposedCalendar, got str",
                id="str-calendar",
            ),
        ],
    )
    def test_bad_timer(self, kwargs, error, message):
        """Each bad argument raises naming the field and the value."""
        with pytest.raises(error, match=exactly(message)) as caught:
            Timer(**kwargs)
        if error is TimerError:  # the field is kept too: the message's first word
            assert caught.value.field == message.split()[0]

    def test_negative_target_is_a_timer_error(self):
        """`Timer(target=-1h)` is a TimerError (an SlaError), as `Targets`' is a
        PolicyError: the error of the timer area, naming the field."""
        with pytest.raises(TimerError, match=r"^target must not be negative") as info:
            Timer(target=-H)
        assert isinstance(info.value, SlaError)
        assert info.value.field == "target"

    def test_event_errors_are_timer_errors(self):
        """TimerEventError derives from TimerError; a bad action names its field."""
        assert issubclass(TimerEventError, TimerError)
        with pytest.raises(TimerError) as info:
            TimerEvent(mon(9), "begin")
        assert info.value.field == "action"

    def test_policy_warn_at_is_not_a_timer_error(self):
        """The shared fraction reader raises the caller's error: a policy's bad
        `warn_at` stays out of the timer area."""
        with pytest.raises(SlaError, match=r"^warn_at\[0\] must be a positive") as info:
            Policy("p", {"normal": Targets(resolution=H)}, warn_at=[0])
        assert not isinstance(info.value, TimerError)

    def test_sla_errors_are_value_errors(self):
        """A negative target is a ValueError too, so `except ValueError` catches it."""
        with pytest.raises(ValueError, match=r"^target must not be negative"):
            Timer(target=-US)

    def test_naive_event_time(self):
        """An event time without a timezone raises NaiveDatetimeError."""
        message = "at must be timezone-aware, got naive 2025-06-02T09:00:00"

        with pytest.raises(NaiveDatetimeError, match=exactly(message)):
            TimerEvent(datetime(2025, 6, 2, 9), START)

    def test_naive_now(self):
        """A naive `now` raises NaiveDatetimeError."""
        message = "now must be timezone-aware, got naive 2025-06-02T09:00:00"

        with pytest.raises(NaiveDatetimeError, match=exactly(message)):
            Timer(target=H).evaluate([], datetime(2025, 6, 2, 9))

    def test_event_time_not_a_datetime(self):
        """An event time that is not a datetime raises TypeError."""
        with pytest.raises(TypeError, match=exactly("at must be a datetime, got str")):
            TimerEvent("2025-06-02T09:00:00+00:00", START)  # type: ignore[arg-type]

    def test_unknown_action(self):
        """An unknown action name raises TimerEventError listing the known ones."""
        message = (
            "unknown timer action 'begin': expected one of start, pause, resume, stop"
        )

        with pytest.raises(TimerEventError, match=exactly(message)):
            TimerEvent(mon(9), "begin")

    def test_action_of_wrong_type(self):
        """An action that is neither an Action nor a str raises TypeError."""
        with pytest.raises(
            TypeError, match=exactly("action must be an Action, got int")
        ):
            TimerEvent(mon(9), 3)  # type: ignore[arg-type]

    def test_log_entry_not_an_event(self):
        """A log entry that is not a TimerEvent raises TypeError naming its index."""
        message = "event 1 must be a TimerEvent, got tuple"

        with pytest.raises(TypeError, match=exactly(message)):
            Timer(target=H).evaluate(
                [TimerEvent(mon(9), START), (mon(10), PAUSE)],  # type: ignore[list-item]
                mon(11),
            )


class TestEndOfRange:
    """Instants past what slacore computes with (the last day of 9999) are None."""

    def test_target_of_timedelta_max(self):
        """`Timer(target=timedelta.max)` reports a running status with no due time."""
        timer = Timer(target=timedelta.max, warn_at=(Decimal("0.5"),))

        actual = timer.evaluate(log((mon(9), START)), mon(10))

        assert (actual.state, actual.elapsed, actual.breached) == (RUNNING, H, False)
        assert actual.due_at is None
        assert actual.remaining == timedelta.max - H
        assert actual.warnings == (None,)

    def test_due_past_the_year_9999_on_business_hours(self):
        """A target that would fall due past the year 9999 has no due time."""
        timer = Timer(target=timedelta(days=3_000_000), calendar=OFFICE)

        actual = timer.evaluate(log((mon(9), START)), mon(10))

        assert actual.due_at is None
        assert actual.remaining == timedelta(days=3_000_000) - H

    def test_due_on_the_last_day(self):
        """A due time on the last computable day is given; past it, None."""
        start, now = utc(9999, 12, 29), utc(9999, 12, 29, 1)

        near = Timer(target=timedelta(hours=30)).evaluate(log((start, START)), now)
        far = Timer(target=timedelta(hours=49)).evaluate(log((start, START)), now)

        assert near.due_at == utc(9999, 12, 30, 6)
        assert far.due_at is None

    def test_breached_and_warned_on_the_last_days(self):
        """Breach and warning instants near the end of the range are still given."""
        start = utc(9999, 12, 30, 20)
        timer = Timer(target=2 * H, warn_at=(Decimal("0.5"),))

        actual = timer.evaluate(log((start, START)), utc(9999, 12, 31))

        assert actual.breached_at == utc(9999, 12, 30, 22)
        assert actual.warnings == (utc(9999, 12, 30, 21),)


class TestActionNames:
    """Actions may be given by name."""

    @pytest.mark.parametrize("name", ["pause", "PAUSE", "Pause"])
    def test_name(self, name):
        """The name, in any case, gives the Action."""
        assert TimerEvent(mon(9), name).action is PAUSE

    def test_equal_to_the_enum_form(self):
        """An event built from a name equals one built from the Action."""
        assert TimerEvent(mon(9), "pause") == TimerEvent(mon(9), PAUSE)

    def test_log_of_names(self):
        """A log written with names evaluates like one written with Actions."""
        events = [TimerEvent(mon(9), "start"), TimerEvent(mon(10), "pause")]

        actual = Timer(target=H).evaluate(events, mon(11))

        assert actual == Timer(target=H).evaluate(
            log((mon(9), START), (mon(10), PAUSE)), mon(11)
        )

    def test_iterable_log(self):
        """Any iterable of events works, a generator included."""
        events = log((mon(9), START), (mon(10), PAUSE))

        actual = Timer(target=H).evaluate(iter(events), mon(11))

        assert actual == Timer(target=H).evaluate(events, mon(11))


class TestValueObjects:
    """Timer, TimerEvent and TimerStatus are frozen, hashable values."""

    def values(self) -> list[tuple[object, object, object]]:
        """Two equal values built apart, and a different one, of each kind."""
        running = log((june(2, 9), START))
        return [
            (
                Timer(target=H, calendar=OFFICE, warn_at=("0.5",)),
                Timer(target=H, calendar=OFFICE, warn_at=(Decimal("0.5"),)),
                Timer(target=H, calendar=OFFICE, warn_at=("0.75",)),
            ),
            (
                TimerEvent(mon(9), START),
                TimerEvent(mon(9), "start"),
                TimerEvent(mon(9), STOP),
            ),
            (
                FOUR_HOURS.evaluate(running, june(2, 10)),
                FOUR_HOURS.evaluate(running, june(2, 10)),
                FOUR_HOURS.evaluate(running, june(2, 11)),
            ),
        ]

    def test_equal_by_value(self):
        """Values with equal fields are equal; others are not."""
        actual = [(a == b, a == c) for a, b, c in self.values()]

        assert actual == [(True, False)] * 3

    def test_hashable(self):
        """Equal values hash alike, so they deduplicate in a set."""
        actual = [len({a, b, c}) for a, b, c in self.values()]

        assert actual == [2] * 3

    @pytest.mark.parametrize(
        ("index", "field"), [(0, "target"), (1, "action"), (2, "elapsed")]
    )
    def test_frozen(self, index, field):
        """Assigning a field raises FrozenInstanceError."""
        value = self.values()[index][0]

        with pytest.raises(
            attrs.exceptions.FrozenInstanceError, match=exactly("can't set attribute")
        ):
            setattr(value, field, None)

    def test_repr(self):
        """The repr shows the fields."""
        actual = repr(TimerEvent(mon(9), "pause"))

        assert actual == (
            "TimerEvent(at=datetime.datetime(2025, 6, 2, 9, 0, "
            "tzinfo=datetime.timezone.utc), action=<Action.PAUSE: 'pause'>)"
        )
