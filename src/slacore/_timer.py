from __future__ import annotations

import enum
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._calendar import ALWAYS, BusinessCalendar, ComposedCalendar
from ._time import ONE_US, duration_us, from_us_or_none, require_aware, to_us
from .exceptions import SlaError, TimerError, TimerEventError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._calendar import Calendar
    from ._engine import Engine

_ZERO = timedelta(0)


@final
class Action(enum.Enum):
    """What a timer event does to the clock.

    Examples:
        >>> Action.PAUSE
        <Action.PAUSE: 'pause'>
    """

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@final
class TimerState(enum.Enum):
    """Where a timer cycle stands at the instant asked about.

    Examples:
        >>> TimerState.RUNNING.value
        'running'
    """

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


def _check_aware(
    _instance: Any, attribute: attrs.Attribute[datetime], value: Any
) -> None:
    require_aware(value, attribute.name)


def _to_action(action: Action | str) -> Action:
    value: object = action  # checked at run time too: callers may pass anything
    if isinstance(value, Action):
        return value
    if isinstance(value, str):
        try:
            return Action(value.lower())
        except ValueError:
            pass
        names = ", ".join(a.value for a in Action)
        msg = f"unknown timer action {value!r}: expected one of {names}"
        raise TimerEventError(msg, field="action")
    msg = f"action must be an Action, got {type(value).__name__}"
    raise TypeError(msg)


@final
@attrs.frozen
class TimerEvent:
    """One entry of a timer's event log: at instant `at`, `action` happened.

    Attributes:
        at: When it happened, timezone-aware.
        action: An [`Action`][slacore.Action] (its name, ``"pause"``, is accepted).

    An unknown action name raises [`TimerEventError`][slacore.TimerEventError] (a
    `TimerError`, field ``action``); a naive `at`, `NaiveDatetimeError` naming ``at``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> TimerEvent(datetime(2025, 6, 2, 9, tzinfo=timezone.utc), "start").action
        <Action.START: 'start'>
    """

    at: datetime = attrs.field(validator=_check_aware)
    action: Action = attrs.field(converter=_to_action)


def _sla_error(msg: str, _field: str) -> SlaError:
    return SlaError(msg)


def _timer_error(msg: str, field: str) -> SlaError:
    return TimerError(msg, field=field)


def to_fractions(
    value: Iterable[Decimal | int | str],
    error: Callable[[str, str], SlaError] = _sla_error,
) -> tuple[Decimal, ...]:
    """Read warning fractions; a bad value raises ``error(message, field)``."""
    out = []
    for index, item in enumerate(value):
        field = f"warn_at[{index}]"
        if isinstance(item, float | bool) or not isinstance(item, Decimal | int | str):
            msg = f"{field} must be a Decimal, int or str, got {item!r}"
            raise TypeError(msg)
        try:
            fraction = Decimal(item)
        except ArithmeticError:
            msg = f"{field} is not a number: {item!r}"
            raise error(msg, field) from None
        if not fraction.is_finite() or fraction <= 0:
            msg = f"{field} must be a positive fraction, got {item}"
            raise error(msg, field)
        out.append(fraction)
    return tuple(out)


def _to_warn_at(value: Iterable[Decimal | int | str]) -> tuple[Decimal, ...]:
    return to_fractions(value, _timer_error)


def _to_befores(value: Iterable[timedelta]) -> tuple[timedelta, ...]:
    out = []
    items: Iterable[object] = value
    for index, item in enumerate(items):
        if not isinstance(item, timedelta):
            kind = type(item).__name__
            msg = f"warn_before[{index}] must be a timedelta, got {kind}"
            raise TypeError(msg)
        if item <= _ZERO:
            msg = f"warn_before[{index}] must be positive, got {item}"
            raise TimerError(msg, field=f"warn_before[{index}]")
        out.append(item)
    return tuple(out)


def _check_target(_instance: Any, _attribute: Any, target: timedelta) -> None:
    value: object = target  # checked at run time too: callers may pass anything
    if not isinstance(value, timedelta):
        msg = f"target must be a timedelta, got {type(value).__name__}"
        raise TypeError(msg)
    if value < _ZERO:
        msg = f"target must not be negative, got {value}"
        raise TimerError(msg, field="target")


def check_calendar(_instance: Any, _attribute: Any, value: object) -> None:
    if not isinstance(value, BusinessCalendar | ComposedCalendar):
        msg = (
            "calendar must be a BusinessCalendar or a ComposedCalendar, "
            f"got {type(value).__name__}"
        )
        raise TypeError(msg)


@final
@attrs.frozen(kw_only=True)
class TimerStatus:
    """What one cycle of a timer showed at the instant asked about.

    Attributes:
        state: Not started, running, paused or stopped.
        started_at: When the cycle started, or None.
        stopped_at: When it stopped, or None.
        elapsed: Business time (by the timer's calendar) while running, up to
            ``min(now, stopped_at)``.
        remaining: ``target - elapsed``; negative once overdue.
        breached: ``elapsed > target`` (running out exactly on time is met).
        breached_at: When breached, the instant `elapsed` reached the target.
        due_at: While running and not breached, the instant the target runs out if
            the clock keeps running; else None. Running out exactly on time is
            met, so when the target ran out at a closing time, `due_at` is that
            (past) closing time until the calendar opens again and the clock
            breaches: a scheduler should wake at ``calendar.next_open(due_at)``,
            not at `due_at`. None too when that instant lies past the last day
            of the year 9999 (a target such as ``timedelta.max`` never falls due);
            so are `breached_at` and the warnings in that case.
        met: True or False once stopped (not breached / breached); else None.
        warnings: One entry per `warn_at` fraction: the instant `elapsed` reached
            that fraction of the target, or None.
        warnings_before: One entry per `warn_before` duration: the instant
            `elapsed` reached ``target - duration`` (the start, if the duration is
            longer than the target), or None.
        wall_elapsed: Real time while running (pauses excluded, closed hours
            included).
        paused_for: Business time spent paused.
        ever_breached: Whether this cycle or any earlier one of the same log
            breached.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> start = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> status = Timer(target=timedelta(hours=4)).evaluate(
        ...     [TimerEvent(start, Action.START)], start + timedelta(hours=1)
        ... )
        >>> status.state, status.remaining, status.due_at.hour
        (<TimerState.RUNNING: 'running'>, datetime.timedelta(seconds=10800), 13)
    """

    state: TimerState
    started_at: datetime | None
    stopped_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    breached: bool
    breached_at: datetime | None
    due_at: datetime | None
    met: bool | None
    warnings: tuple[datetime | None, ...]
    warnings_before: tuple[datetime | None, ...] = ()
    wall_elapsed: timedelta = _ZERO
    paused_for: timedelta = _ZERO
    ever_breached: bool = False


# -- the event log ---------------------------------------------------------------------


_STOPPED: Final = TimerState.STOPPED
_RUNNING: Final = TimerState.RUNNING
_PAUSED: Final = TimerState.PAUSED


def _describe(index: int, event: TimerEvent) -> str:
    return f"event {index} ({event.action.name} at {event.at.isoformat()})"


_ALLOWED: dict[TimerState, frozenset[Action]] = {
    TimerState.NOT_STARTED: frozenset({Action.START}),
    TimerState.RUNNING: frozenset({Action.PAUSE, Action.STOP}),
    TimerState.PAUSED: frozenset({Action.RESUME, Action.STOP}),
    TimerState.STOPPED: frozenset({Action.START}),
}
_AFTER: dict[Action, TimerState] = {
    Action.START: TimerState.RUNNING,
    Action.PAUSE: TimerState.PAUSED,
    Action.RESUME: TimerState.RUNNING,
    Action.STOP: TimerState.STOPPED,
}
_STATE_WORDS: dict[TimerState, str] = {
    TimerState.NOT_STARTED: "before any START",
    TimerState.RUNNING: "while running",
    TimerState.PAUSED: "while paused",
    TimerState.STOPPED: "after a STOP",
}


class Cycle:
    """The running and paused spans of one cycle, as integer microseconds."""

    __slots__ = ("paused", "running", "start", "start_at", "stop", "stop_at")

    def __init__(self, start: int, start_at: datetime) -> None:
        self.start = start
        self.start_at = start_at
        self.running: list[tuple[int, int | None]] = [(start, None)]
        self.paused: list[tuple[int, int | None]] = []
        self.stop: int | None = None
        self.stop_at: datetime | None = None

    def apply(self, action: Action, at: int, when: datetime, *, running: bool) -> None:
        """Apply PAUSE, RESUME or STOP (the state allows it: checked by the caller)."""
        if action is Action.PAUSE:
            self.running[-1] = (self.running[-1][0], at)
            self.paused.append((at, None))
        elif action is Action.RESUME:
            self.paused[-1] = (self.paused[-1][0], at)
            self.running.append((at, None))
        else:  # STOP, while running or paused
            spans = self.running if running else self.paused
            spans[-1] = (spans[-1][0], at)
            self.stop, self.stop_at = at, when


def _cycles(events: Iterable[TimerEvent], now_us: int, *, strict: bool) -> list[Cycle]:
    """Read the log into cycles, applying the strict or lenient rules."""
    cycles: list[Cycle] = []
    state = TimerState.NOT_STARTED
    previous: tuple[int, int, TimerEvent] | None = None
    log: Iterable[object] = events
    for index, event in enumerate(log):
        if not isinstance(event, TimerEvent):
            msg = f"event {index} must be a TimerEvent, got {type(event).__name__}"
            raise TypeError(msg)
        at = to_us(event.at, f"events[{index}].at")
        if previous is not None and at < previous[0]:
            before = _describe(previous[1], previous[2])
            msg = (
                f"{_describe(index, event)} is before {before}: "
                "events must be in time order"
            )
            raise TimerEventError(msg, index=index, event=event)
        previous = (at, index, event)
        if at > now_us:
            continue  # ignored: what the timer showed at `now` cannot know it yet
        if event.action not in _ALLOWED[state]:
            if not strict:
                continue
            msg = f"{_describe(index, event)} is not allowed {_STATE_WORDS[state]}"
            raise TimerEventError(msg, index=index, event=event)
        action = event.action
        if action is Action.START:
            cycles.append(Cycle(at, event.at))
        else:
            running = state is TimerState.RUNNING
            cycles[-1].apply(action, at, event.at, running=running)
        state = _AFTER[action]
    return cycles


@final
@attrs.frozen(kw_only=True)
class Timer:
    """An SLA clock: a target of business time, counted while the clock runs.

    The clock counts business time by its calendar between START (or RESUME) and
    PAUSE (or STOP). Feed it the event log and the instant to ask about.

    Attributes:
        target: The business time allowed.
        calendar: The hours the clock counts in; [`ALWAYS`][slacore.ALWAYS] (24/7)
            by default.
        warn_at: Fractions of the target (``Decimal("0.75")``) that raise a warning
            when reached; thresholds are rounded up to the microsecond.
        warn_before: Business time before the target runs out that raises a warning.

    A bad value raises [`TimerError`][slacore.TimerError] naming the field
    (``target``, ``warn_at[1]``, ``warn_before[0]``); a wrong type, `TypeError`.
    A target may be as long as ``timedelta.max``: its status then has no due time.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from decimal import Decimal
        >>> at = lambda h: datetime(2025, 6, 2, h, tzinfo=timezone.utc)
        >>> timer = Timer(target=timedelta(hours=4), warn_at=(Decimal("0.5"),))
        >>> log = [
        ...     TimerEvent(at(9), Action.START),
        ...     TimerEvent(at(10), Action.PAUSE),
        ...     TimerEvent(at(12), Action.RESUME),
        ... ]
        >>> status = timer.evaluate(log, at(13))
        >>> status.elapsed, status.paused_for, status.due_at.hour
        (datetime.timedelta(seconds=7200), datetime.timedelta(seconds=7200), 15)
        >>> status.warnings[0].hour
        13
    """

    target: timedelta = attrs.field(validator=_check_target)
    calendar: Calendar = attrs.field(default=ALWAYS, validator=check_calendar)
    warn_at: tuple[Decimal, ...] = attrs.field(default=(), converter=_to_warn_at)
    warn_before: tuple[timedelta, ...] = attrs.field(default=(), converter=_to_befores)
    # The target and warning thresholds in microseconds, computed once.
    _limits: tuple[int, tuple[int, ...]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        target = duration_us(self.target, "target")
        thresholds = tuple(share(f, target) for f in self.warn_at) + tuple(
            max(target - duration_us(before, "warn_before"), 0)
            for before in self.warn_before
        )
        object.__setattr__(self, "_limits", (target, thresholds))

    def evaluate(
        self, events: Iterable[TimerEvent], now: datetime, *, strict: bool = True
    ) -> TimerStatus:
        """What the timer showed at `now`: the status of its last cycle.

        Events after `now` are ignored, so `now` can be any past instant.

        Args:
            events: The log, in time order (ties keep their order).
            now: The instant asked about, aware.
            strict: With True, an event that does not fit the cycle grammar
                ``START (PAUSE RESUME)* [PAUSE] [STOP]`` raises; with False it is
                skipped.

        Returns:
            The last cycle's status (NOT_STARTED when the log has no START yet).

        Raises:
            TimerEventError: For events out of time order, or (strict) out of place,
                naming the event's index.
            NaiveDatetimeError: If `now` or an event time has no timezone.
            NeverOpenError: If the clock is running and its calendar never opens
                again, so there is no due date to give.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> at = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
            >>> Timer(target=timedelta(hours=1)).evaluate([], at).state
            <TimerState.NOT_STARTED: 'not_started'>
        """
        return self.cycles(events, now, strict=strict)[-1]

    def cycles(
        self, events: Iterable[TimerEvent], now: datetime, *, strict: bool = True
    ) -> tuple[TimerStatus, ...]:
        """The status of every cycle at `now`, oldest first.

        A START after a STOP opens a new cycle. With no cycle yet, the result is one
        NOT_STARTED status. Arguments and errors as in
        [`evaluate`][slacore.Timer.evaluate].

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> at = lambda h: datetime(2025, 6, 2, h, tzinfo=timezone.utc)
            >>> log = [
            ...     TimerEvent(at(9), "start"),
            ...     TimerEvent(at(12), "stop"),
            ...     TimerEvent(at(13), "start"),
            ... ]
            >>> [c.met for c in Timer(target=timedelta(hours=2)).cycles(log, at(14))]
            [False, None]
        """
        now_us = to_us(now, "now")
        return self.cycle_statuses(_cycles(events, now_us, strict=strict), now, now_us)

    def cycle_statuses(
        self, found: list[Cycle], now: datetime, now_us: int
    ) -> tuple[TimerStatus, ...]:
        """The status of each cycle already read from a log (package-internal).

        For callers that build the cycles themselves, such as a policy reading a
        ticket's events: *now_us* is *now* as microseconds (`_time.to_us`).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from slacore._time import to_us
            >>> now = datetime(2025, 6, 2, 10, tzinfo=timezone.utc)
            >>> start = now - timedelta(hours=1)
            >>> timer = Timer(target=timedelta(hours=4))
            >>> timer.cycle_statuses(
            ...     [Cycle(to_us(start, "start"), start)], now, to_us(now, "now")
            ... )[0].remaining
            datetime.timedelta(seconds=10800)
        """
        if not found:
            return (self._not_started(),)
        tz = now.tzinfo
        assert tz is not None  # noqa: S101 - `now` was checked to be aware
        out = []
        ever = False
        status = self._status
        for cycle in found:
            found_status = status(cycle, tz, now_us, ever)
            ever = found_status.ever_breached
            out.append(found_status)
        return tuple(out)

    # -- computing one status --------------------------------------------------------

    def _not_started(self) -> TimerStatus:
        return TimerStatus(
            state=TimerState.NOT_STARTED,
            started_at=None,
            stopped_at=None,
            elapsed=_ZERO,
            remaining=self.target,
            breached=False,
            breached_at=None,
            due_at=None,
            met=None,
            warnings=(None,) * len(self.warn_at),
            warnings_before=(None,) * len(self.warn_before),
        )

    def _status(
        self,
        cycle: Cycle,
        tz: tzinfo,
        now_us: int,
        ever: bool,  # noqa: FBT001 - private, positional for speed
    ) -> TimerStatus:
        # All arithmetic on integer microseconds, through the calendar's engine.
        engine = self.calendar.engine
        stop = cycle.stop
        end_us = now_us if stop is None else min(stop, now_us)
        position = engine.position_span

        running = cycle.running
        paused = 0
        if len(running) == 1 and not cycle.paused:  # the common case: no pauses
            start, until = running[0]
            until_us = end_us if until is None else until
            elapsed = position(start, until_us)
            wall = until_us - start
            spans = [(start, elapsed)]
        else:
            spans = []  # (start, business time) of each running span
            elapsed = wall = 0
            for start, until in running:
                until_us = end_us if until is None else until
                business = position(start, until_us)
                spans.append((start, business))
                elapsed += business
                wall += until_us - start
            for start, until in cycle.paused:
                paused += position(start, end_us if until is None else until)

        target, thresholds = self._limits
        breached = elapsed > target
        if stop is not None:
            state = _STOPPED
        elif running[-1][1] is None:
            state = _RUNNING
        else:
            state = _PAUSED
        due_at = None
        if state is _RUNNING and not breached:
            left = target - elapsed
            if left:  # None past the year 9999: a target too long to fall due
                due = engine.add_us_or_none(now_us, left)
                due_at = None if due is None else from_us_or_none(due, tz)
            else:
                due_at = _reached(engine, spans, target, tz)
        warnings: tuple[datetime | None, ...] = ()
        warnings_before: tuple[datetime | None, ...] = ()
        if thresholds:
            found = tuple(
                _reached(engine, spans, amount, tz) if amount <= elapsed else None
                for amount in thresholds
            )
            warnings = found[: len(self.warn_at)]
            warnings_before = found[len(self.warn_at) :]
        return TimerStatus(
            state=state,
            started_at=cycle.start_at,
            stopped_at=cycle.stop_at,
            elapsed=(elapsed_td := ONE_US * elapsed),
            remaining=self.target - elapsed_td,
            breached=breached,
            breached_at=_reached(engine, spans, target, tz) if breached else None,
            due_at=due_at,
            met=None if stop is None else not breached,
            warnings=warnings,
            warnings_before=warnings_before,
            wall_elapsed=ONE_US * wall,
            paused_for=ONE_US * paused if paused else _ZERO,
            ever_breached=ever or breached,
        )


def _reached(
    engine: Engine, spans: list[tuple[int, int]], amount: int, tz: tzinfo
) -> datetime | None:
    """The instant the running spans' business time first reached *amount*.

    The caller knows the spans hold at least *amount* in all. None if that instant
    lies past `MAX_US` (an event or `now` in the last day of the year 9999).
    """
    before = 0
    for start, business in spans:
        if before + business >= amount:
            left = amount - before
            found = engine.add_us_or_none(start, left) if left else start
            return None if found is None else from_us_or_none(found, tz)
        before += business
    msg = "internal error: the running spans hold less than the amount asked for"
    raise AssertionError(msg)  # pragma: no cover


def share(fraction: Decimal, target: int) -> int:
    """``fraction * target`` microseconds, rounded up: exact, whatever the context.

    Integer arithmetic on the fraction's exact ratio, so the thread's decimal
    precision cannot round a threshold the wrong way.
    """
    numerator, denominator = fraction.as_integer_ratio()
    return -((-numerator * target) // denominator)
