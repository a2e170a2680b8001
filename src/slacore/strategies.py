"""Hypothesis strategies for slacore's business calendars.

Public, so that projects which build on slacore can property-test against it.
Importing this module imports [hypothesis](https://hypothesis.readthedocs.io/)
(the optional extra ``slacore[strategies]``); ``import slacore`` never does.

The strategies follow the hypothesis API style: tweaks are keyword-only and take
strategies rather than values (except the ``min_value``/``max_value`` pairs and
sizes), impossible combinations raise `hypothesis.errors.InvalidArgument`, and
everything shrinks toward the simple case: UTC, closed or one-interval hours, no
holidays, no closures, zero durations. Hours come out valid by construction (they
never overlap, overnight spill included), so no example is thrown away.

Examples:
    >>> from datetime import timedelta
    >>> from hypothesis import given, settings
    >>> from slacore import strategies as sst
    >>> @settings(max_examples=20, database=None, deadline=None)
    ... @given(
    ...     cal=sst.business_calendars(hours=sst.weekly_hours(min_open_days=1)),
    ...     t=sst.aware_datetimes(),
    ...     d=sst.durations(max_value=timedelta(days=2)),
    ... )
    ... def test_between_undoes_add(cal, t, d):
    ...     assert cal.between(t, cal.add(t, d)) == d
    >>> test_between_undoes_add()
"""

# ruff: noqa: B008 - strategies are immutable, so calling them in argument defaults
# is safe, and it is the hypothesis API style (``timezones=timezones()``).
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

import holidays as _holidays
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._calendar import BusinessCalendar, Calendar, Closure, ComposedCalendar, Opening
from ._hours import DayHours, WeeklyHours

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = (
    "TRICKY_ZONES",
    "aware_datetimes",
    "business_calendars",
    "calendars",
    "closures",
    "day_hours",
    "durations",
    "holiday_dates",
    "openings",
    "shifts",
    "timezones",
    "weekly_hours",
)

TRICKY_ZONES: Final = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "America/Sao_Paulo",
)
"""IANA zones that exercise the edge cases of wall-clock business hours.

UTC first (what everything shrinks to); one-hour DST gaps and folds in Europe and
North America; Lord Howe's 30-minute DST; the half-hour and 45-minute offsets of
India and Nepal; Kiritimati at +14:00, which skipped 1994-12-31 entirely; and
Sao Paulo, whose DST changed at midnight until 2019.
"""

_DAY: Final = 1440
_US_PER_MINUTE: Final = 60_000_000
_MIN_DATETIME: Final = datetime(1990, 1, 1)  # noqa: DTZ001 - naive bounds are wall clock
_MAX_DATETIME: Final = datetime(2060, 12, 31, 23, 59, 59, 999_999)  # noqa: DTZ001
_MIN_DATE: Final = date(1990, 1, 1)
_MAX_DATE: Final = date(2060, 12, 31)

# Round minutes are where bugs live (09:00, 02:00 in a DST gap, 24:00), so they are
# weighted up next to every other minute. One `sampled_from` is one cheap draw, and
# it shrinks toward its first entry: no gap, and a one-minute interval.
_ROUND_GAPS: Final = (0, 60, 120, 150, 540)
_ROUND_LENGTHS: Final = (60, 30, 90, 480, _DAY)
_WHOLE_DAY: Final = st.sampled_from((False,) * 7 + (True,))
_GAPS: Final = st.sampled_from(_ROUND_GAPS * 60 + tuple(range(_DAY)))
_LENGTHS: Final = st.sampled_from((1, *_ROUND_LENGTHS * 60, *range(1, _DAY + 1)))
_COUNTRY_HOLIDAYS: Final = (("US", None), ("DE", "BY"), ("GB", None), ("AU", "NSW"))


def timezones() -> st.SearchStrategy[ZoneInfo]:
    """IANA zones from [`TRICKY_ZONES`][slacore.strategies.TRICKY_ZONES].

    Shrinks to UTC.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(timezones(), lambda tz: True, settings=quiet)
        zoneinfo.ZoneInfo(key='UTC')
    """
    return st.sampled_from(TRICKY_ZONES).map(ZoneInfo)


def _is_naive(value: datetime) -> bool:
    return value.utcoffset() is None


def _in_zone(utc_wall: datetime, tz: ZoneInfo) -> datetime:
    return utc_wall.replace(tzinfo=UTC).astimezone(tz)


def aware_datetimes(
    min_value: datetime = _MIN_DATETIME,
    max_value: datetime = _MAX_DATETIME,
    *,
    timezones: st.SearchStrategy[ZoneInfo] = timezones(),
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes, to the microsecond, in zones drawn from `timezones`.

    Naive bounds (the default: 1990-01-01 00:00 to 2060-12-31 23:59:59.999999)
    bound the wall-clock time in the drawn zone, as `hypothesis.strategies.datetimes`
    does, so wall times that a DST gap skips and both sides of a fold come out too.
    Aware bounds bound the instant: the value is drawn in UTC and shown in the
    drawn zone. Shrinks, like hypothesis' datetimes, toward 2000-01-01 (or the
    bound nearest to it) in UTC.

    Args:
        min_value: Earliest value; naive (wall clock) or aware (an instant).
        max_value: Latest value, of the same kind as `min_value`.
        timezones: The zones to show values in.

    Raises:
        InvalidArgument: If one bound is naive and the other aware, or the bounds
            are in the wrong order.

    Examples:
        >>> from hypothesis import given, settings
        >>> lo = datetime(2025, 3, 30, 0, tzinfo=UTC)
        >>> hi = datetime(2025, 3, 30, 4, tzinfo=UTC)
        >>> @settings(max_examples=20, database=None, deadline=None)
        ... @given(aware_datetimes(lo, hi))
        ... def check(t):
        ...     assert t.utcoffset() is not None and lo <= t <= hi
        >>> check()
    """
    if _is_naive(min_value) != _is_naive(max_value):
        msg = (
            f"min_value={min_value!r} and max_value={max_value!r} must both be naive "
            "(wall clock) or both be aware (instants)"
        )
        raise InvalidArgument(msg)
    if _is_naive(min_value):
        if min_value > max_value:
            msg = f"min_value={min_value!r} is after max_value={max_value!r}"
            raise InvalidArgument(msg)
        return st.datetimes(min_value, max_value, timezones=timezones)
    lo = min_value.astimezone(UTC).replace(tzinfo=None)
    hi = max_value.astimezone(UTC).replace(tzinfo=None)
    if lo > hi:
        msg = f"min_value={min_value!r} is after max_value={max_value!r}"
        raise InvalidArgument(msg)
    return st.builds(_in_zone, st.datetimes(lo, hi), timezones)


def _us(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def durations(
    min_value: timedelta = timedelta(0),
    max_value: timedelta = timedelta(days=7),
) -> st.SearchStrategy[timedelta]:
    """Durations in ``[min_value, max_value]``, exact to the microsecond.

    Whole minutes come out often (a target that runs out exactly at closing time
    is the interesting case); shrinks toward `min_value`, zero by default.

    Args:
        min_value: The shortest duration (may be negative).
        max_value: The longest duration; seven days by default.

    Raises:
        InvalidArgument: If `min_value` is greater than `max_value`.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(durations(), lambda d: True, settings=quiet)
        datetime.timedelta(0)
    """
    lo, hi = _us(min_value), _us(max_value)
    if lo > hi:
        msg = f"min_value={min_value!r} is greater than max_value={max_value!r}"
        raise InvalidArgument(msg)
    exact = st.integers(lo, hi)
    first_minute, last_minute = -(-lo // _US_PER_MINUTE), hi // _US_PER_MINUTE
    if first_minute <= last_minute:
        minutes = st.integers(first_minute, last_minute).map(
            lambda m: m * _US_PER_MINUTE
        )
        exact = minutes | exact
    return exact.map(lambda us: timedelta(microseconds=us))


def _day(
    draw: st.DrawFn, *, floor: int, ceiling: int, must_open: bool, overnight: bool
) -> DayHours:
    """One day's intervals, starting at or after *floor*, ending at or before *ceiling*.

    A walk from *floor*: each step skips a gap and opens for a length, so the
    intervals are sorted and never overlap. An interval starts before 24:00 and
    lasts at most a day; it runs past midnight only when *overnight*. Now and then
    a day with nothing spilling into it is open all day instead.
    """
    if floor == 0 and draw(_WHOLE_DAY):
        return ((0, _DAY),)
    steps = draw(
        st.lists(st.tuples(_GAPS, _LENGTHS), min_size=1 if must_open else 0, max_size=3)
    )
    limit = ceiling if overnight else min(ceiling, _DAY)
    out: list[tuple[int, int]] = []
    cursor = floor
    for gap, length in steps:
        start = cursor + gap
        if start >= _DAY:
            if out or not must_open:
                break
            start = _DAY - 1  # keep the one interval an open day must have
        end = min(start + length, start + _DAY, limit)
        if end <= start:
            break
        out.append((start, end))
        cursor = end
        if cursor >= _DAY:
            break
    return tuple(out)


@st.composite
def _day_hours(draw: st.DrawFn, overnight: bool) -> DayHours:  # noqa: FBT001
    return _day(draw, floor=0, ceiling=2 * _DAY, must_open=False, overnight=overnight)


def day_hours(*, overnight: bool = True) -> st.SearchStrategy[DayHours]:
    """One day's hours: sorted ``(start, end)`` minutes after local midnight.

    Up to three intervals that do not overlap; the last may run past midnight
    (an end above 1440) when `overnight`, and ``(0, 1440)`` is a whole day. This is
    the form of [`WeeklyHours.days`][slacore.WeeklyHours] entries and of a shift's
    hours. Shrinks toward a closed day.

    Args:
        overnight: Whether an interval may run past midnight.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(day_hours(), lambda day: True, settings=quiet)
        ()
        >>> len(find(day_hours(), bool, settings=quiet))  # one interval, at least
        1
    """
    return _day_hours(overnight)


@st.composite
def _weekly_hours(draw: st.DrawFn, min_open_days: int, overnight: bool) -> WeeklyHours:  # noqa: FBT001
    count = draw(st.integers(min_open_days, 7))
    open_days = set(draw(st.permutations(range(7)))[:count])
    days: list[DayHours] = []
    floor = 0
    for weekday in range(7):
        ceiling = 2 * _DAY
        if weekday == 6:  # Sunday night may spill into Monday, up to its first start
            ceiling = _DAY + (days[0][0][0] if days[0] else _DAY)
        day: DayHours = ()
        if weekday in open_days:
            day = _day(
                draw, floor=floor, ceiling=ceiling, must_open=True, overnight=overnight
            )
        days.append(day)
        floor = max(day[-1][1] - _DAY, 0) if day else 0
    return WeeklyHours(tuple(days))


def weekly_hours(
    *, min_open_days: int = 0, overnight: bool = True
) -> st.SearchStrategy[WeeklyHours]:
    """Valid [`WeeklyHours`][slacore.WeeklyHours], overnight intervals included.

    Each day gets up to three intervals, laid out in order around the week so that
    no two overlap, not even after an overnight interval (Sunday's included)
    spills into the next day. Whole days (``00:00-24:00``) and back-to-back 24-hour
    days come out too. Shrinks toward a closed week.

    Args:
        min_open_days: At least this many weekdays (0 to 7) have an interval.
        overnight: Whether intervals may run past midnight.

    Raises:
        InvalidArgument: If `min_open_days` is not between 0 and 7.

    Examples:
        >>> from hypothesis import Phase, find, given, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(weekly_hours(), lambda hours: True, settings=quiet)
        WeeklyHours.parse('')
        >>> @settings(max_examples=20, database=None, deadline=None)
        ... @given(weekly_hours(min_open_days=5, overnight=False))
        ... def check(hours):
        ...     assert sum(bool(day) for day in hours.days) >= 5
        ...     assert all(end <= 1440 for day in hours.days for _, end in day)
        >>> check()
    """
    if not 0 <= min_open_days <= 7:
        msg = f"min_open_days={min_open_days!r} must be between 0 and 7"
        raise InvalidArgument(msg)
    return _weekly_hours(min_open_days, overnight)


def holiday_dates(
    min_value: date = _MIN_DATE,
    max_value: date = _MAX_DATE,
    *,
    max_size: int = 5,
) -> st.SearchStrategy[frozenset[date]]:
    """Sets of holiday dates in ``[min_value, max_value]`` (1990 to 2060 by default).

    A calendar's `holidays` accepts any iterable of dates. Narrow the bounds to the
    dates your test looks at, or the holidays will rarely matter. Shrinks toward no
    holidays.

    Args:
        min_value: The earliest date.
        max_value: The latest date.
        max_size: The most dates in one set.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(holiday_dates(), lambda days: True, settings=quiet)
        frozenset()
    """
    return st.frozensets(st.dates(min_value, max_value), max_size=max_size)


def shifts(
    min_value: date = _MIN_DATE,
    max_value: date = _MAX_DATE,
    *,
    hours: st.SearchStrategy[DayHours] = day_hours(),
    max_size: int = 3,
) -> st.SearchStrategy[dict[date, DayHours]]:
    """Date-specific hours for a calendar's `shifts`: dates mapped to a day's hours.

    A shift replaces the weekly hours of its local date and wins over a holiday;
    an empty day (``()``) closes the date. Shrinks toward no shifts.

    Args:
        min_value: The earliest date.
        max_value: The latest date.
        hours: The hours of one shifted date.
        max_size: The most dates.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(shifts(), lambda days: True, settings=quiet)
        {}
    """
    return st.dictionaries(st.dates(min_value, max_value), hours, max_size=max_size)


@st.composite
def _span(
    draw: st.DrawFn,
    starts: st.SearchStrategy[datetime],
    lengths: st.SearchStrategy[timedelta],
) -> tuple[datetime, datetime]:
    start = draw(starts)
    length = draw(lengths)
    if length <= timedelta(0):
        msg = f"lengths must be positive, got {length!r}"
        raise InvalidArgument(msg)
    return start, (start.astimezone(UTC) + length).astimezone(start.tzinfo)


_SPAN_LENGTHS: Final = durations(timedelta(microseconds=1), timedelta(days=2))


def closures(
    *,
    starts: st.SearchStrategy[datetime] = aware_datetimes(),
    lengths: st.SearchStrategy[timedelta] = _SPAN_LENGTHS,
) -> st.SearchStrategy[Closure]:
    """[`Closure`][slacore.Closure] periods: closed ``[start, start + length)``.

    The length is real elapsed time; the end is shown in the start's zone.

    Args:
        starts: Aware start instants.
        lengths: Positive lengths (up to two days by default).

    Raises:
        InvalidArgument: When drawing, if `lengths` gives a length that is not
            positive.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> closure = find(closures(), lambda c: True, settings=quiet)
        >>> closure.end - closure.start
        datetime.timedelta(seconds=60)
    """
    return _span(starts, lengths).map(lambda span: Closure(*span))


def openings(
    *,
    starts: st.SearchStrategy[datetime] = aware_datetimes(),
    lengths: st.SearchStrategy[timedelta] = _SPAN_LENGTHS,
) -> st.SearchStrategy[Opening]:
    """[`Opening`][slacore.Opening] periods: extra open ``[start, start + length)``.

    Args:
        starts: Aware start instants.
        lengths: Positive lengths (up to two days by default).

    Raises:
        InvalidArgument: When drawing, if `lengths` gives a length that is not
            positive.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> opening = find(openings(), lambda o: True, settings=quiet)
        >>> opening.end - opening.start
        datetime.timedelta(seconds=60)
    """
    return _span(starts, lengths).map(lambda span: Opening(*span))


def _country(spec: tuple[str, str | None]) -> _holidays.HolidayBase:
    code, subdiv = spec
    return _holidays.country_holidays(code, subdiv=subdiv)


#: What a calendar's `holidays` strategy gives.
_HolidaysSpec: TypeAlias = "_holidays.HolidayBase | frozenset[date] | None"
_DEFAULT_HOLIDAYS: Final[st.SearchStrategy[_HolidaysSpec]] = (
    st.none() | holiday_dates() | st.sampled_from(_COUNTRY_HOLIDAYS).map(_country)
)


def business_calendars(
    *,
    tz: st.SearchStrategy[ZoneInfo] = timezones(),
    hours: st.SearchStrategy[WeeklyHours] = weekly_hours(),
    holidays: st.SearchStrategy[_HolidaysSpec] = _DEFAULT_HOLIDAYS,
    shifts: st.SearchStrategy[Mapping[date, DayHours]] = shifts(),
    closures: st.SearchStrategy[Sequence[Closure]] = st.lists(closures(), max_size=2),
    openings: st.SearchStrategy[Sequence[Opening]] = st.lists(openings(), max_size=2),
) -> st.SearchStrategy[BusinessCalendar]:
    """[`BusinessCalendar`][slacore.BusinessCalendar] values.

    By default: any weekly hours (a closed week included, which with no openings
    is a calendar that never opens), in a tricky zone, sometimes with holiday dates
    or a country's holidays, shifts, closures and openings spread over 1990 to
    2060. Pass narrower strategies to put the dated exceptions where a test looks.
    Shrinks toward a closed week in UTC with nothing else.

    Args:
        tz: The calendar's zone.
        hours: The weekly hours.
        holidays: `None`, an iterable of dates or a `holidays.HolidayBase`.
        shifts: Dates mapped to that date's own hours.
        closures: Closed periods.
        openings: Extra open periods.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(business_calendars(), lambda cal: True, settings=quiet)
        BusinessCalendar(WeeklyHours.parse(''), tz='UTC')
        >>> all(
        ...     find(
        ...         business_calendars(hours=weekly_hours(min_open_days=7)),
        ...         lambda cal: True,
        ...         settings=quiet,
        ...     ).hours.days
        ... )
        True
    """
    return st.builds(
        BusinessCalendar,
        hours,
        tz,
        holidays=holidays,
        shifts=shifts,
        closures=closures,
        openings=openings,
    )


def _compose(
    parts: tuple[Literal["|", "&"], Calendar, Calendar],
) -> ComposedCalendar:
    op, left, right = parts
    return left | right if op == "|" else left & right


def calendars(
    *,
    leaves: st.SearchStrategy[BusinessCalendar] = business_calendars(),
    max_leaves: int = 3,
) -> st.SearchStrategy[Calendar]:
    """Calendars: business calendars and their ``|`` and ``&`` compositions.

    The operands of a composition draw their own zones, so compositions across
    zones (a follow-the-sun desk) come out. Shrinks toward a single calendar.

    Args:
        leaves: The business calendars that are composed.
        max_leaves: The most business calendars in one composition.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> from slacore import ComposedCalendar
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(calendars(), lambda cal: True, settings=quiet)
        BusinessCalendar(WeeklyHours.parse(''), tz='UTC')
        >>> composed = find(
        ...     calendars(),
        ...     lambda cal: isinstance(cal, ComposedCalendar),
        ...     settings=quiet,
        ... )
        >>> composed.op
        '|'
    """
    ops: st.SearchStrategy[Literal["|", "&"]] = st.sampled_from(("|", "&"))
    return st.recursive(
        leaves,
        lambda children: st.tuples(ops, children, children).map(_compose),
        max_leaves=max_leaves,
    )
