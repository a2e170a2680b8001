"""A slow, obviously correct reference model of business-calendar arithmetic.

It shares no code with slacore's engine: it reads the public fields of calendar
values (``hours.days``, ``tz``, ``shifts``, ``holidays``, ``closures``,
``openings``; ``op``, ``left``, ``right`` for compositions) and follows API.md
section 1 word for word, on UTC datetimes, one local day at a time:

- for each local date D, the day's intervals are ``shifts[D]`` if D has a shift,
  else none if D is a holiday, else the weekly hours of D's weekday;
- the wall interval ``[D + start min, D + end min)`` becomes the instants of its
  wall-clock ends read with PEP 495 ``fold=0``; it is empty if its end instant is
  not after its start instant;
- open time is (all day intervals | openings) - closures;
- ``a | b`` and ``a & b`` are the union and intersection of the operands' open
  time.

Queries look at a window of days (up to `HORIZON`) around the instants asked
about, so answers that lie further away are reported as unknown (`None` or
`OutOfHorizon`), never guessed. Speed does not matter here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

#: How far `add`, `subtract`, `next_open` and `next_close` look.
HORIZON = timedelta(days=120)
_WINDOWS = (timedelta(days=4), timedelta(days=32), HORIZON)
_ZERO = timedelta(0)

Span = tuple[datetime, datetime]


class OutOfHorizon(Exception):  # noqa: N818 - it is not an error of the model
    """The answer is not within `HORIZON` of the instant asked about."""


def utc(t: datetime) -> datetime:
    """The same instant in UTC."""
    return t.astimezone(UTC)


def wall_to_utc(day: date, minute: int, tz: Any) -> datetime:
    """The instant of the wall time *minute* minutes after local midnight of *day*."""
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)  # naive
    return wall.replace(tzinfo=tz).astimezone(UTC)  # fold=0, the default


def merge(spans: list[Span]) -> list[Span]:
    """Sorted union: empty spans dropped, overlapping or touching spans joined."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    """Every overlap of a span of *a* with a span of *b*, merged."""
    return merge([(max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b])


def cut(spans: list[Span], holes: list[Span]) -> list[Span]:
    """The parts of *spans* outside every hole."""
    for hs, he in holes:
        pieces: list[Span] = []
        for s, e in spans:
            pieces.extend([(s, min(e, hs)), (max(s, he), e)])
        spans = merge(pieces)
    return spans


def clip(spans: list[Span], a: datetime, b: datetime) -> list[Span]:
    """The parts of *spans* inside ``[a, b)``."""
    return merge([(max(s, a), min(e, b)) for s, e in spans])


def day_hours(cal: Any, day: date) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` minutes that apply to local date *day*."""
    shifts = dict(cal.shifts)
    if day in shifts:
        return tuple(shifts[day])
    if cal.holidays is not None and day in cal.holidays.dates_in(day.year):
        return ()
    return tuple(cal.hours.days[day.weekday()])


def intervals(cal: Any, a: datetime, b: datetime) -> list[Span]:
    """The open time inside ``[a, b)``: sorted, merged UTC spans."""
    a, b = utc(a), utc(b)
    if b <= a:
        return []
    if hasattr(cal, "op"):
        left, right = intervals(cal.left, a, b), intervals(cal.right, a, b)
        return merge(left + right) if cal.op == "|" else intersect(left, right)
    # An interval starts on its own date (at or after local midnight) and lasts
    # under two days, so these dates hold every interval that can meet [a, b).
    first = a.astimezone(cal.tz).date() - timedelta(days=3)
    last = b.astimezone(cal.tz).date() + timedelta(days=1)
    spans: list[Span] = []
    day = first
    while day <= last:
        for start, end in day_hours(cal, day):
            spans.append(
                (wall_to_utc(day, start, cal.tz), wall_to_utc(day, end, cal.tz))
            )
        day += timedelta(days=1)
    spans += [(utc(o.start), utc(o.end)) for o in cal.openings]
    spans = cut(merge(spans), [(utc(c.start), utc(c.end)) for c in cal.closures])
    return clip(spans, a, b)


def between(cal: Any, a: datetime, b: datetime) -> timedelta:
    """Open time inside ``[a, b)``; ``-between(b, a)`` when ``b < a``."""
    if utc(b) < utc(a):
        return -between(cal, b, a)
    return sum((e - s for s, e in intervals(cal, a, b)), _ZERO)


def is_open(cal: Any, t: datetime) -> bool:
    """Whether *t* lies in an open span."""
    t = utc(t)
    return any(
        s <= t < e
        for s, e in intervals(cal, t - timedelta(days=1), t + timedelta(days=1))
    )


def add(cal: Any, t: datetime, d: timedelta) -> datetime:
    """The earliest ``s >= t`` with ``between(t, s) == d`` (``subtract`` for ``d < 0``).

    Raises:
        OutOfHorizon: If the answer is further than `HORIZON` away.
    """
    t = utc(t)
    if d < _ZERO:
        return subtract(cal, t, -d)
    if d == _ZERO:
        return t
    for window in _WINDOWS:
        left = d
        for s, e in intervals(cal, t, t + window):
            if e - s >= left:
                return s + left
            left -= e - s
    raise OutOfHorizon


def subtract(cal: Any, t: datetime, d: timedelta) -> datetime:
    """The latest ``s <= t`` with ``between(s, t) == d`` (``add`` for ``d < 0``).

    Raises:
        OutOfHorizon: If the answer is further than `HORIZON` away.
    """
    t = utc(t)
    if d < _ZERO:
        return add(cal, t, -d)
    if d == _ZERO:
        return t
    for window in _WINDOWS:
        left = d
        for s, e in reversed(intervals(cal, t - window, t)):
            if e - s >= left:
                return e - left
            left -= e - s
    raise OutOfHorizon


def next_open(cal: Any, t: datetime) -> datetime | None:
    """The earliest open ``s >= t``; `None` if there is none within `HORIZON`."""
    t = utc(t)
    for window in _WINDOWS:
        spans = intervals(cal, t, t + window)
        if spans:
            return spans[0][0]
    return None


def next_close(cal: Any, t: datetime) -> datetime | None:
    """The earliest ``s >= t`` that is not open; `None` if not within `HORIZON`."""
    t = utc(t)
    for window in _WINDOWS:
        spans = intervals(cal, t, t + window)
        if not spans or spans[0][0] > t:
            return t
        if spans[0][1] < t + window:
            return spans[0][1]
    return None
