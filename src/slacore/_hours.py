from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Final, Self, TypeAlias, final

import attrs

from .exceptions import CalendarError

#: One open interval of a day, in minutes after that day's local midnight.
#: The end may pass 1440 for hours that run past midnight.
Interval: TypeAlias = tuple[int, int]
DayHours: TypeAlias = tuple[Interval, ...]
#: What `WeeklyHours.parse` accepts.
HoursSpec: TypeAlias = "str | Mapping[str, str | Iterable[str]] | WeeklyHours"

DAY_KEYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES: Final = {
    **{key: index for index, key in enumerate(DAY_KEYS)},
    **{
        name: index
        for index, name in enumerate(
            (
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            )
        )
    },
}
_CLOSED: Final = frozenset({"", "closed"})
_WHOLE_DAY: Final = frozenset({"24h", "00:00-24:00"})
# Where the hours begin in a "days hours" group: a digit, or a word for a whole day.
_HOURS_START = re.compile(r"(?<![A-Za-z])(\d|closed\b|24h\b)", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def _fmt_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def format_interval(interval: Interval) -> str:
    """Format an interval the way it is written: ``22:00-06:00`` for overnight."""
    start, end = interval
    if end > 1440:
        end -= 1440
    return f"{_fmt_minute(start)}-{_fmt_minute(end)}"


def _parse_time(text: str, *, where: str, is_end: bool) -> int:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        msg = f"bad time {text.strip()!r} on {where}: expected HH:MM"
        raise CalendarError(msg, day=where)
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not is_end)):
        msg = f"bad time {text.strip()!r} on {where}: out of range"
        raise CalendarError(msg, day=where)
    return hour * 60 + minute


def parse_day(spec: object, *, where: str) -> DayHours:
    """Parse one day's hours: ``"09:00-12:00,13:00-17:00"``, ``"closed"``, ``"24h"``.

    *where* names the day (or date) in error messages. The intervals are returned
    sorted; overlaps inside the day raise `CalendarError`.
    """
    if isinstance(spec, str):
        parts = [part.strip() for part in spec.split(",")]
    elif isinstance(spec, Iterable):
        parts = []
        for item in spec:
            if not isinstance(item, str):
                msg = f"hours for {where} must be strings, got {type(item).__name__}"
                raise TypeError(msg)
            parts.extend(part.strip() for part in item.split(","))
    else:
        msg = f"hours for {where} must be a string, got {type(spec).__name__}"
        raise TypeError(msg)
    parts = [part for part in parts if part]
    if len(parts) == 1 and parts[0].lower() in _CLOSED:
        return ()
    intervals: list[Interval] = []
    for part in parts:
        lowered = part.lower()
        if lowered in _WHOLE_DAY:
            intervals.append((0, 1440))
            continue
        if lowered in _CLOSED:
            msg = f"{part!r} on {where} cannot be combined with open intervals"
            raise CalendarError(msg, day=where)
        pieces = part.split("-")
        if len(pieces) != 2:
            msg = f"bad interval {part!r} on {where}: expected HH:MM-HH:MM"
            raise CalendarError(msg, day=where)
        start = _parse_time(pieces[0], where=where, is_end=False)
        end = _parse_time(pieces[1], where=where, is_end=True)
        if end <= start:  # runs overnight into the next day
            end += 1440
        intervals.append((start, end))
    intervals.sort()
    for (s1, e1), (s2, e2) in itertools.pairwise(intervals):
        if s2 < e1:
            a, b = format_interval((s1, e1)), format_interval((s2, e2))
            msg = f"overlapping intervals on {where}: {a} and {b}"
            raise CalendarError(msg, day=where)
    return tuple(intervals)


def parse_days(key: str) -> list[int]:
    """Parse a day key: ``mon``, ``Monday``, ``mon-fri``, ``fri-mon``, ``sat,sun``."""
    days: list[int] = []
    for raw in key.split(","):
        part = raw.strip().lower()
        if not part:
            msg = f"empty day name in {key!r}: expected mon..sun, a range or a list"
            raise CalendarError(msg, day=key)
        bounds = [bound.strip() for bound in part.split("-")]
        if len(bounds) > 2 or any(bound not in _DAY_NAMES for bound in bounds):
            msg = f"unknown day {raw.strip()!r}: expected mon..sun, a range or a list"
            raise CalendarError(msg, day=raw.strip())
        first, last = _DAY_NAMES[bounds[0]], _DAY_NAMES[bounds[-1]]
        days.extend((first + step) % 7 for step in range((last - first) % 7 + 1))
    return days


def _validate_days(
    _instance: WeeklyHours,
    _attribute: attrs.Attribute[tuple[DayHours, ...]],
    value: tuple[DayHours, ...],
) -> None:
    if len(value) != 7:
        msg = f"weekly hours need 7 days (mon..sun), got {len(value)}"
        raise CalendarError(msg, field="days")
    # Lay the week out on one circle of 7 * 1440 minutes, overnight spill included.
    pieces: list[tuple[int, int, int, Interval]] = []
    for weekday, intervals in enumerate(value):
        for start, end in intervals:
            if not (0 <= start < 1440 and start < end <= start + 1440):
                msg = f"bad interval {(start, end)!r} on {DAY_KEYS[weekday]}"
                raise CalendarError(msg, day=DAY_KEYS[weekday])
            lo, hi = weekday * 1440 + start, weekday * 1440 + end
            pieces.append((lo, min(hi, 10080), weekday, (start, end)))
            if hi > 10080:  # Sunday night spills into Monday
                pieces.append((0, hi - 10080, weekday, (start, end)))
    pieces.sort()
    for (_, hi1, day1, iv1), (lo2, _, day2, iv2) in itertools.pairwise(pieces):
        if lo2 < hi1:
            where = DAY_KEYS[(lo2 // 1440) % 7]
            first = format_interval(iv1)
            if DAY_KEYS[day1] != where:
                first = f"{DAY_KEYS[day1]} {first}"
            second = format_interval(iv2)
            if DAY_KEYS[day2] != where:
                second = f"{DAY_KEYS[day2]} {second}"
            msg = f"overlapping intervals on {where}: {first} and {second}"
            raise CalendarError(msg, day=where)


def _to_days(value: Iterable[Iterable[Iterable[int]]]) -> tuple[DayHours, ...]:
    days = []
    for intervals in value:
        day: list[Interval] = []
        for interval in intervals:
            start, end = interval
            day.append((int(start), int(end)))
        days.append(tuple(sorted(day)))
    return tuple(days)


@final
@attrs.frozen(repr=False)
class WeeklyHours:
    """The hours a calendar is open in an ordinary week, as local wall-clock times.

    Build it with [`parse`][slacore.WeeklyHours.parse] or
    [`always`][slacore.WeeklyHours.always]. The canonical form, which `__init__`
    takes, is seven tuples (Monday first) of ``(start, end)`` minutes after that day's
    local midnight; an interval that runs past midnight has an end above 1440 and
    belongs to the day it starts on.

    Attributes:
        days: Monday..Sunday, each a sorted tuple of ``(start, end)`` minutes.

    Examples:
        >>> hours = WeeklyHours.parse({"mon-fri": "09:00-17:00", "sat": "10:00-14:00"})
        >>> hours
        WeeklyHours.parse('mon-fri 09:00-17:00; sat 10:00-14:00')
        >>> hours.days[5]
        ((600, 840),)
        >>> hours.per_week()
        datetime.timedelta(days=1, seconds=72000)
    """

    days: tuple[DayHours, ...] = attrs.field(
        converter=_to_days, validator=_validate_days
    )

    @classmethod
    def parse(cls, spec: HoursSpec) -> Self:
        """Read weekly hours from a mapping or a one-line string.

        Day keys are ``mon``..``sun`` or full English names in any case, ranges
        (``mon-fri``; ``fri-mon`` wraps over the weekend) and lists (``sat,sun``).
        Values are comma-separated ``HH:MM-HH:MM`` intervals, ``"closed"`` or ``""``
        for a closed day, and ``"24h"`` or ``"00:00-24:00"`` for a whole day. An
        interval whose end is not after its start (``"22:00-06:00"``) runs overnight
        and belongs to the day it starts on. Days not named are closed. In the string
        form, day groups are separated by ``;`` (or new lines) and each group is the
        day key, a space, then the hours.

        Args:
            spec: A mapping of day keys to hours, a one-line string, or a
                `WeeklyHours` (returned as it is).

        Returns:
            The weekly hours.

        Raises:
            CalendarError: For an unknown day, a day named twice, a bad time, or
                intervals that overlap (after overnight spill), naming the day.

        Examples:
            >>> WeeklyHours.parse("mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00")
            WeeklyHours.parse('mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00')
            >>> WeeklyHours.parse({"Friday": "22:00-06:00"}).days[4]
            ((1320, 1800),)
        """
        if isinstance(spec, WeeklyHours):
            return spec
        raw: object = spec
        if isinstance(raw, str):
            items: list[tuple[str, object]] = []
            for line in re.split(r"[;\n]", raw):
                group = line.strip()
                if not group:
                    continue
                found = _HOURS_START.search(group)
                key = group[: found.start()] if found else group
                hours = group[found.start() :] if found else ""
                key = key.strip()
                if not key:
                    msg = (
                        f"{group!r} names no days: a weekly hours spec needs day "
                        f"names before the hours, e.g. 'mon-sun {group}'"
                    )
                    raise CalendarError(msg, field="hours")
                if not hours.strip():
                    msg = f"missing hours for {key!r} (write 'closed' for a closed day)"
                    raise CalendarError(msg, day=key)
                items.append((key, hours))
        elif isinstance(raw, Mapping):
            items = []
            for key, hours in raw.items():
                if not isinstance(key, str):
                    msg = f"day keys must be strings, got {type(key).__name__}"
                    raise TypeError(msg)
                items.append((key, hours))
        else:
            msg = (
                f"weekly hours must be a string or a mapping, got {type(raw).__name__}"
            )
            raise TypeError(msg)
        days: list[DayHours | None] = [None] * 7
        for key, hours in items:
            for weekday in parse_days(key):
                if days[weekday] is not None:
                    msg = f"{DAY_KEYS[weekday]} is given twice (in {key!r})"
                    raise CalendarError(msg, day=DAY_KEYS[weekday])
                days[weekday] = parse_day(hours, where=DAY_KEYS[weekday])
        return cls(tuple(day or () for day in days))

    @classmethod
    def always(cls) -> Self:
        """Open all day, every day.

        Examples:
            >>> WeeklyHours.always()
            WeeklyHours.parse('mon-sun 00:00-24:00')
        """
        return cls(tuple(((0, 1440),) for _ in range(7)))

    def format(self) -> str:
        """Write the hours in the one-line form; `parse` reads it back unchanged.

        Consecutive days with the same hours are written as one range.

        Examples:
            >>> WeeklyHours.parse({"mon": "9:00-17:00", "tue": "09:00-17:00"}).format()
            'mon-tue 09:00-17:00'
            >>> WeeklyHours.parse("").format()
            ''
        """
        groups: list[str] = []
        weekday = 0
        while weekday < 7:
            last = weekday
            while last + 1 < 7 and self.days[last + 1] == self.days[weekday]:
                last += 1
            if self.days[weekday]:
                key = DAY_KEYS[weekday]
                if last > weekday:
                    key = f"{key}-{DAY_KEYS[last]}"
                hours = ",".join(
                    "00:00-24:00" if iv == (0, 1440) else format_interval(iv)
                    for iv in self.days[weekday]
                )
                groups.append(f"{key} {hours}")
            weekday = last + 1
        return "; ".join(groups)

    def per_week(self) -> timedelta:
        """Total wall-clock open time in one week (DST and holidays aside).

        Examples:
            >>> WeeklyHours.parse("mon-fri 09:00-17:00").per_week()
            datetime.timedelta(days=1, seconds=57600)
        """
        return timedelta(minutes=sum(e - s for day in self.days for s, e in day))

    def is_closed(self) -> bool:
        """Whether no day has any open interval.

        Examples:
            >>> WeeklyHours.parse("sat closed").is_closed()
            True
        """
        return not any(self.days)

    def __repr__(self) -> str:
        return f"WeeklyHours.parse({self.format()!r})"

    def __str__(self) -> str:
        return self.format()
