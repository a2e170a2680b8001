"""A naive, obviously correct reference model of slacore's pause-aware timers.

It shares no code with ``slacore._timer``: it reads only the public fields of a
`slacore.Timer` (``target``, ``calendar``, ``warn_at``, ``warn_before``) and of each
`slacore.TimerEvent` (``at``, ``action.name``), uses the calendar through its public
methods (``between``, ``add``, ``open_intervals``), and follows API.md section 2
word for word, on UTC datetimes:

1. Replay the log. An event earlier than the one before it raises (in both modes).
   An event after `now` is skipped. Otherwise the event must fit the state the log
   is in (``START`` when not started or after a ``STOP``; ``PAUSE`` or ``STOP`` while
   running; ``RESUME`` or ``STOP`` while paused): strict mode raises, lenient mode
   skips it. A ``START`` opens a new cycle; the other events join the last one.
2. Each accepted event of a cycle begins a span that lasts until the next accepted
   event of that cycle (or `now`): ``START``/``RESUME`` begin running spans,
   ``PAUSE`` begins paused spans, ``STOP`` ends the cycle.
3. ``elapsed`` is the sum of ``calendar.between`` over the running spans,
   ``paused_for`` the same over the paused spans, ``wall_elapsed`` the sum of the
   running spans' real lengths.
4. "The instant elapsed reached X" is found by walking the open intervals of the
   running spans in order and stopping inside the one where the running total
   reaches X (X = 0 is reached when the cycle starts); it is unknown (None) when
   elapsed never got to X.
5. Everything else is read off those numbers as the table in API.md says.

Fractions are multiplied exactly (as `fractions.Fraction`) and rounded up to the
microsecond. Computed instants are shown in `now`'s zone (the reading of API.md
section 1's "results carry t's tzinfo" that this model takes for timers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

NOT_STARTED, RUNNING, PAUSED, STOPPED = "NOT_STARTED", "RUNNING", "PAUSED", "STOPPED"

#: The actions each state accepts, and the state each action leads to.
ALLOWED = {
    NOT_STARTED: {"START"},
    RUNNING: {"PAUSE", "STOP"},
    PAUSED: {"RESUME", "STOP"},
    STOPPED: {"START"},
}
LEADS_TO = {"START": RUNNING, "PAUSE": PAUSED, "RESUME": RUNNING, "STOP": STOPPED}
#: How error messages name the state an event met.
STATE_WORDS = {
    NOT_STARTED: "before any START",
    RUNNING: "while running",
    PAUSED: "while paused",
    STOPPED: "after a STOP",
}
ZERO = timedelta(0)
US = timedelta(microseconds=1)


class ModelEventError(Exception):
    """The log does not fit (the model's counterpart of `TimerEventError`)."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class ModelStatus:
    """What the model says one cycle showed; the same fields as `TimerStatus`."""

    state: str
    started_at: datetime | None
    stopped_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    breached: bool
    breached_at: datetime | None
    due_at: datetime | None
    met: bool | None
    warnings: tuple[datetime | None, ...]
    warnings_before: tuple[datetime | None, ...]
    wall_elapsed: timedelta
    paused_for: timedelta
    ever_breached: bool


def utc(t: datetime) -> datetime:
    """The same instant in UTC (so that ``<`` and ``==`` compare instants)."""
    return t.astimezone(UTC)


def describe(index: int, event: Any) -> str:
    """How messages name an event: its index, action and time as given."""
    return f"event {index} ({event.action.name} at {event.at.isoformat()})"


def replay(events: Any, now: datetime, *, strict: bool) -> list[list[Any]]:
    """The accepted events of each cycle, oldest cycle first."""
    log = list(events)
    cycles: list[list[Any]] = []
    state = NOT_STARTED
    for index, event in enumerate(log):
        if index > 0 and utc(event.at) < utc(log[index - 1].at):
            before = describe(index - 1, log[index - 1])
            message = (
                f"{describe(index, event)} is before {before}: "
                "events must be in time order"
            )
            raise ModelEventError(message, index)
        if utc(event.at) > utc(now):
            continue
        action = event.action.name
        if action not in ALLOWED[state]:
            if strict:
                message = (
                    f"{describe(index, event)} is not allowed {STATE_WORDS[state]}"
                )
                raise ModelEventError(message, index)
            continue
        if action == "START":
            cycles.append([event])
        else:
            cycles[-1].append(event)
        state = LEADS_TO[action]
    return cycles


def spans(cycle: list[Any], now: datetime) -> tuple[list[Any], list[Any]]:
    """The running and the paused spans of a cycle, as UTC ``(start, end)`` pairs."""
    running, paused = [], []
    for event, following in zip(cycle, [*cycle[1:], None], strict=True):
        end = utc(now) if following is None else utc(following.at)
        action = event.action.name
        if action in {"START", "RESUME"}:
            running.append((utc(event.at), end))
        elif action == "PAUSE":
            paused.append((utc(event.at), end))
    return running, paused


def microseconds(d: timedelta) -> int:
    """A duration as a whole number of microseconds."""
    return d // US


def ceil_fraction(fraction: Any, target: timedelta) -> timedelta:
    """``fraction * target``, exactly, rounded up to the microsecond."""
    return US * math.ceil(Fraction(fraction) * microseconds(target))


def status(timer: Any, cycle: list[Any], now: datetime, *, ever: bool) -> ModelStatus:
    """The status of one cycle at `now`."""
    cal, target, tz = timer.calendar, timer.target, now.tzinfo
    running, paused = spans(cycle, now)
    elapsed = sum((cal.between(a, b) for a, b in running), ZERO)
    paused_for = sum((cal.between(a, b) for a, b in paused), ZERO)
    wall_elapsed = sum((b - a for a, b in running), ZERO)

    def reached(amount: timedelta) -> datetime | None:
        if amount > elapsed:
            return None
        if amount == ZERO:
            return running[0][0].astimezone(tz)
        done = ZERO
        for a, b in running:
            for s, e in cal.open_intervals(a, b):
                if done + (utc(e) - utc(s)) >= amount:
                    return (utc(s) + (amount - done)).astimezone(tz)
                done += utc(e) - utc(s)
        msg = "unreachable: amount <= elapsed"  # pragma: no cover
        raise AssertionError(msg)  # pragma: no cover

    last = cycle[-1].action.name
    state = {"STOP": STOPPED, "PAUSE": PAUSED}.get(last, RUNNING)
    remaining = target - elapsed
    breached = elapsed > target
    due_at = None
    if state == RUNNING and not breached:
        due_at = cal.add(now, remaining) if remaining > ZERO else reached(target)
    return ModelStatus(
        state=state,
        started_at=cycle[0].at,
        stopped_at=cycle[-1].at if state == STOPPED else None,
        elapsed=elapsed,
        remaining=remaining,
        breached=breached,
        breached_at=reached(target) if breached else None,
        due_at=due_at,
        met=(not breached) if state == STOPPED else None,
        warnings=tuple(reached(ceil_fraction(f, target)) for f in timer.warn_at),
        warnings_before=tuple(
            reached(max(target - before, ZERO)) for before in timer.warn_before
        ),
        wall_elapsed=wall_elapsed,
        paused_for=paused_for,
        ever_breached=ever or breached,
    )


def cycles(
    timer: Any, events: Any, now: datetime, *, strict: bool = True
) -> tuple[ModelStatus, ...]:
    """The model's answer to ``timer.cycles(events, now, strict=strict)``."""
    found = replay(events, now, strict=strict)
    if not found:
        return (
            ModelStatus(
                state=NOT_STARTED,
                started_at=None,
                stopped_at=None,
                elapsed=ZERO,
                remaining=timer.target,
                breached=False,
                breached_at=None,
                due_at=None,
                met=None,
                warnings=(None,) * len(timer.warn_at),
                warnings_before=(None,) * len(timer.warn_before),
                wall_elapsed=ZERO,
                paused_for=ZERO,
                ever_breached=False,
            ),
        )
    out = []
    ever = False
    for cycle in found:
        out.append(status(timer, cycle, now, ever=ever))
        ever = out[-1].ever_breached
    return tuple(out)


def evaluate(
    timer: Any, events: Any, now: datetime, *, strict: bool = True
) -> ModelStatus:
    """The model's answer to ``timer.evaluate(events, now, strict=strict)``."""
    return cycles(timer, events, now, strict=strict)[-1]


def normalised(status: Any) -> dict[str, Any]:
    """A status (slacore's or the model's) as plain values, instants in UTC."""

    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return utc(value)
        if isinstance(value, tuple):
            return tuple(plain(item) for item in value)
        return value

    fields = ModelStatus.__dataclass_fields__
    out = {name: plain(getattr(status, name)) for name in fields}
    out["state"] = getattr(status.state, "name", status.state)
    return out
