"""Hypothesis strategies for slacore's values, from calendars to agreements.

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

import math
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

import holidays as _holidays
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._agreement import Agreement
from ._calendar import ALWAYS, BusinessCalendar, Calendar, ComposedCalendar
from ._closures import Closure, Opening
from ._conditions import All, AnyOf, Condition, Contains, Equals, HasTag, In, Not
from ._contact_measures import AbandonRate, AverageWait, ServiceLevel
from ._credits import (
    BreachCountCredit,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    StepCredit,
)
from ._hours import DayHours, WeeklyHours
from ._measures import ABANDONED_MODES, AGGREGATES
from ._metric import Metric
from ._objective import DIRECTIONS, Objective
from ._outage_measures import Availability
from ._parties import (
    AgreementKind,
    Party,
    Responsibility,
    ResponsibilityKind,
    Role,
    Structure,
    TerminationRule,
)
from ._periods import Period
from ._policy import Policy, Targets
from ._record_measures import Deadline, Ratio, Volume
from ._records import Contact, Outage, Response, Ticket, TicketEvent
from ._strategies_amendments import amended_agreements
from ._strategies_groups import (
    GROUPS,
    group_attainments,
    group_targets,
    tiered_policies,
    tiered_tickets,
)
from ._strategies_percentiles import (
    DURATION_FIELDS,
    PERCENTILE_KINDS,
    percentile_measure_strategies,
    percentiles,
)
from ._strategies_workload import workload_agreements, workload_bands, workloads
from ._survey_measures import AverageScore, NetPromoterScore
from ._ticket_measures import MeanTime, TicketAttainment
from ._timer import Action, Timer, TimerEvent
from ._volume_measures import ContactVolume, TicketVolume

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ._credits import Credit
    from ._measures import Measure

__all__ = (
    "DURATION_FIELDS",
    "GROUPS",
    "MEASURE_KINDS",
    "PRIORITIES",
    "SERVICES",
    "TICKET_STATUSES",
    "TRICKY_ZONES",
    "agreements",
    "amended_agreements",
    "aware_datetimes",
    "breach_count_credits",
    "business_calendars",
    "calendars",
    "closures",
    "conditions",
    "contacts",
    "credit_schedules",
    "credits",
    "day_hours",
    "durations",
    "group_attainments",
    "group_targets",
    "holiday_dates",
    "measures",
    "objectives",
    "openings",
    "outages",
    "parties",
    "percentiles",
    "policies",
    "repeated_miss_credits",
    "responses",
    "step_credits",
    "shifts",
    "targets",
    "ticket_events",
    "ticket_fields",
    "tickets",
    "tiered_policies",
    "tiered_tickets",
    "timer_event_sequences",
    "timer_events",
    "timers",
    "timezones",
    "weekly_hours",
    "workload_agreements",
    "workload_bands",
    "workloads",
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


# -- timers ------------------------------------------------------------------------

_OPEN_CALENDARS: Final[st.SearchStrategy[Calendar]] = st.just(ALWAYS) | (
    business_calendars(hours=weekly_hours(min_open_days=1))
)
_GAPS_BETWEEN_EVENTS: Final = durations(max_value=timedelta(days=1))


def _later(start: datetime, offset: timedelta) -> datetime:
    """`start` plus `offset` of real elapsed time, shown in `start`'s zone."""
    return (start.astimezone(UTC) + offset).astimezone(start.tzinfo)


def timer_events(
    *,
    times: st.SearchStrategy[datetime] = aware_datetimes(),
    actions: st.SearchStrategy[Action] = st.sampled_from(Action),
) -> st.SearchStrategy[TimerEvent]:
    """Single [`TimerEvent`][slacore.TimerEvent] values.

    Shrinks toward a START at 2000-01-01 00:00 UTC.

    Args:
        times: Aware instants.
        actions: The actions.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(timer_events(), lambda e: True, settings=quiet)
        TimerEvent(at=datetime.datetime(2000, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), action=<Action.START: 'start'>)
    """  # noqa: E501
    return st.builds(TimerEvent, times, actions)


# One cycle: how many PAUSE RESUME pairs, a trailing PAUSE, a STOP.
_CYCLE: Final = st.tuples(st.integers(0, 3), st.booleans(), st.booleans())


@st.composite
def _timer_event_sequences(
    draw: st.DrawFn,
    valid: bool,  # noqa: FBT001
    starts: st.SearchStrategy[datetime],
    gaps: st.SearchStrategy[timedelta],
    max_size: int,
) -> list[TimerEvent]:
    actions: list[Action] = []
    if valid:
        cycles = draw(st.lists(_CYCLE, max_size=max(max_size // 2, 1)))
        for index, (pairs, pause, stop) in enumerate(cycles):
            cycle = [Action.START, *[Action.PAUSE, Action.RESUME] * pairs]
            if pause:
                cycle.append(Action.PAUSE)
            if stop or index < len(cycles) - 1:  # a new START needs a STOP first
                cycle.append(Action.STOP)
            if len(actions) + len(cycle) > max_size:
                break
            actions += cycle
    else:
        actions = draw(st.lists(st.sampled_from(Action), max_size=max_size))
    if not actions:
        return []
    at = draw(starts)
    offset = timedelta(0)
    out = []
    for action in actions:
        gap = draw(gaps)
        if gap < timedelta(0):
            msg = f"gaps must not be negative, got {gap!r}"
            raise InvalidArgument(msg)
        offset += gap
        out.append(TimerEvent(_later(at, offset), action))
    return out


def timer_event_sequences(
    *,
    valid: bool = True,
    starts: st.SearchStrategy[datetime] = aware_datetimes(),
    gaps: st.SearchStrategy[timedelta] = _GAPS_BETWEEN_EVENTS,
    max_size: int = 12,
) -> st.SearchStrategy[list[TimerEvent]]:
    """Timer event logs, in time order (a zero gap gives events at the same instant).

    With `valid`, every log follows the cycle grammar
    ``START (PAUSE RESUME)* [PAUSE] [STOP]``, one or more cycles (each but the
    last stopped), so ``timer.evaluate(log, now, strict=True)`` accepts it.
    Without, the actions are anything, for the lenient reading and for errors.
    Each event is shown in the first event's zone. Shrinks toward an empty log.

    Args:
        valid: Whether the logs follow the cycle grammar.
        starts: The first event's instant.
        gaps: The real time between one event and the next (not negative; up to
            a day by default).
        max_size: The most events in one log.

    Raises:
        InvalidArgument: If `max_size` is negative; when drawing, if `gaps`
            gives a negative gap.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(timer_event_sequences(), lambda log: True, settings=quiet)
        []
        >>> log = find(timer_event_sequences(), lambda log: log, settings=quiet)
        >>> [(event.action.name, str(event.at)) for event in log]
        [('START', '2000-01-01 00:00:00+00:00')]
        >>> log = find(
        ...     timer_event_sequences(valid=False), lambda log: log, settings=quiet
        ... )
        >>> [event.action.name for event in log]
        ['START']
    """
    if max_size < 0:
        msg = f"max_size={max_size!r} must not be negative"
        raise InvalidArgument(msg)
    return _timer_event_sequences(valid, starts, gaps, max_size)


_FRACTIONS: Final = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal(2), places=2
)
_WARN_BEFORE: Final = durations(timedelta(microseconds=1), timedelta(days=1))


def timers(
    *,
    calendars: st.SearchStrategy[Calendar] = _OPEN_CALENDARS,
    targets: st.SearchStrategy[timedelta] = durations(max_value=timedelta(days=7)),
    warn_at: st.SearchStrategy[Sequence[Decimal]] = st.lists(_FRACTIONS, max_size=2),
    warn_before: st.SearchStrategy[Sequence[timedelta]] = st.lists(
        _WARN_BEFORE, max_size=2
    ),
) -> st.SearchStrategy[Timer]:
    """[`Timer`][slacore.Timer] values.

    By default the calendar is [`ALWAYS`][slacore.ALWAYS] or a business calendar
    open at least one day a week (a running timer on a calendar that never opens
    has no due time), with warnings at fractions ``0.01`` to ``2`` of the target
    and up to a day before it. Shrinks toward a zero target on `ALWAYS`, with no
    warnings.

    Args:
        calendars: The calendar the timer counts in.
        targets: Targets (not negative).
        warn_at: Positive `Decimal` fractions of the target.
        warn_before: Positive durations before the target runs out.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> timer = find(timers(), lambda timer: True, settings=quiet)
        >>> timer.target, timer.calendar is ALWAYS, timer.warn_at, timer.warn_before
        (datetime.timedelta(0), True, (), ())
        >>> find(timers(), lambda timer: timer.warn_at, settings=quiet).warn_at
        (Decimal('0.01'),)
    """
    return st.builds(
        Timer,
        target=targets,
        calendar=calendars,
        warn_at=warn_at,
        warn_before=warn_before,
    )


# -- helpdesk tickets ----------------------------------------------------------------

TICKET_STATUSES: Final = ("open", "new", "pending", "on-hold", "solved", "closed")
"""The ticket statuses the strategies use: a helpdesk's usual ones.

``"pending"`` and ``"on-hold"`` are a policy's default pause statuses; ``"solved"``
and ``"closed"`` stop the clocks.
"""

PRIORITIES: Final = ("low", "normal", "high", "urgent")
"""The priorities the strategies use by default, lowest first."""

_PLANS: Final = ("free", "pro", "enterprise")
_CHANNELS: Final = ("email", "web", "chat", "phone")
_TAGS: Final = ("vip", "billing", "outage", "eu", "bug")
# Replies and messages are most of a ticket's events; status and priority changes,
# fewer. Shrinks toward a customer message.
_EVENT_KINDS: Final = (
    ("customer_message",) * 4
    + ("agent_reply",) * 4
    + ("internal_note",) * 2
    + ("status",) * 3
    + ("priority",)
)
_DEFAULT_PRIORITIES: Final = st.sampled_from(PRIORITIES)
_DEFAULT_STATUSES: Final = st.sampled_from(TICKET_STATUSES)


@st.composite
def _ticket_event(
    draw: st.DrawFn,
    at: datetime,
    kinds: st.SearchStrategy[str],
    statuses: st.SearchStrategy[str],
    priorities: st.SearchStrategy[str],
) -> TicketEvent:
    kind = draw(kinds)
    value = None
    if kind == "status":
        value = draw(statuses)
    elif kind == "priority":
        value = draw(priorities)
    return TicketEvent(at, kind, value)


@st.composite
def _ticket_event_at(
    draw: st.DrawFn,
    times: st.SearchStrategy[datetime],
    kinds: st.SearchStrategy[str],
    statuses: st.SearchStrategy[str],
    priorities: st.SearchStrategy[str],
) -> TicketEvent:
    return draw(_ticket_event(draw(times), kinds, statuses, priorities))


def ticket_events(
    *,
    times: st.SearchStrategy[datetime] = aware_datetimes(),
    kinds: st.SearchStrategy[str] = st.sampled_from(_EVENT_KINDS),
    statuses: st.SearchStrategy[str] = _DEFAULT_STATUSES,
    priorities: st.SearchStrategy[str] = _DEFAULT_PRIORITIES,
) -> st.SearchStrategy[TicketEvent]:
    """Single [`TicketEvent`][slacore.TicketEvent] values.

    Customer messages and agent replies most often, then status changes (to one
    of `statuses`), internal notes and priority changes (to one of `priorities`).
    Shrinks toward a customer message at 2000-01-01 00:00 UTC.

    Args:
        times: Aware instants.
        kinds: Event kinds (see `TicketEvent`).
        statuses: The new status of a ``"status"`` event.
        priorities: The new priority of a ``"priority"`` event.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(ticket_events(), lambda e: True, settings=quiet).kind
        'customer_message'
        >>> find(ticket_events(), lambda e: e.kind == "status", settings=quiet).value
        'open'
    """
    return _ticket_event_at(times, kinds, statuses, priorities)


def ticket_fields(
    *,
    plans: st.SearchStrategy[str] = st.sampled_from(_PLANS),
    channels: st.SearchStrategy[str] = st.sampled_from(_CHANNELS),
    tags: st.SearchStrategy[str] = st.sampled_from(_TAGS),
) -> st.SearchStrategy[dict[str, Any]]:
    """A ticket's `fields`: maybe a ``plan``, a ``channel`` and a list of ``tags``.

    Each key is present or not. Shrinks toward no fields.

    Args:
        plans: The ``plan`` values.
        channels: The ``channel`` values.
        tags: The tags in ``tags`` (up to three, no repeats).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(ticket_fields(), lambda fields: True, settings=quiet)
        {}
        >>> find(ticket_fields(), lambda fields: "tags" in fields, settings=quiet)[
        ...     "tags"
        ... ]
        []
    """
    return st.fixed_dictionaries(
        {},
        optional={
            "plan": plans,
            "channel": channels,
            "tags": st.lists(tags, max_size=3, unique=True),
        },
    )


@st.composite
def _tickets(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str | int],
    created: st.SearchStrategy[datetime],
    priorities: st.SearchStrategy[str],
    kinds: st.SearchStrategy[str],
    statuses: st.SearchStrategy[str],
    gaps: st.SearchStrategy[timedelta],
    fields: st.SearchStrategy[Mapping[str, Any]],
    max_events: int,
) -> Ticket:
    ticket_id = draw(ids)
    created_at = draw(created)
    priority = draw(priorities)
    count = draw(st.integers(0, max_events))
    events = []
    offset = timedelta(0)
    for _ in range(count):
        gap = draw(gaps)
        if gap < timedelta(0):
            msg = f"gaps must not be negative, got {gap!r}"
            raise InvalidArgument(msg)
        offset += gap
        at = _later(created_at, offset)
        events.append(draw(_ticket_event(at, kinds, statuses, priorities)))
    return Ticket(ticket_id, created_at, priority, events, fields=draw(fields))


def tickets(
    *,
    ids: st.SearchStrategy[str | int] = st.integers(1, 10**6),
    created: st.SearchStrategy[datetime] = aware_datetimes(),
    priorities: st.SearchStrategy[str] = _DEFAULT_PRIORITIES,
    kinds: st.SearchStrategy[str] = st.sampled_from(_EVENT_KINDS),
    statuses: st.SearchStrategy[str] = _DEFAULT_STATUSES,
    gaps: st.SearchStrategy[timedelta] = _GAPS_BETWEEN_EVENTS,
    fields: st.SearchStrategy[Mapping[str, Any]] = ticket_fields(),
    max_events: int = 12,
) -> st.SearchStrategy[Ticket]:
    """[`Ticket`][slacore.Ticket] values with a realistic mix of events.

    The events (see [`ticket_events`][slacore.strategies.ticket_events]) come at
    or after `created_at`, in time order, each `gaps` after the one before (a zero
    gap gives events at the same instant), shown in the creation instant's zone.
    Priority events take their values from `priorities`, so a policy's tiers
    apply as the priority changes. Shrinks toward ticket 1, with the first
    priority, no events and no fields, created at 2000-01-01 00:00 UTC.

    Args:
        ids: Ticket ids.
        created: Creation instants.
        priorities: The priority at creation and of priority events.
        kinds: Event kinds.
        statuses: The new status of status events.
        gaps: The real time between one event and the next, and from creation
            to the first (not negative; up to a day by default).
        fields: The ticket's `fields`.
        max_events: The most events on one ticket.

    Raises:
        InvalidArgument: If `max_events` is negative; when drawing, if `gaps`
            gives a negative gap.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(tickets(), lambda ticket: True, settings=quiet)
        Ticket(id=1, created_at=datetime.datetime(2000, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), priority='low', events=(), fields=FrozenFields({}))
        >>> ticket = find(tickets(), lambda t: len(t.events) > 1, settings=quiet)
        >>> [(e.kind, e.at == ticket.created_at) for e in ticket.events]
        [('customer_message', True), ('customer_message', True)]
    """  # noqa: E501
    if max_events < 0:
        msg = f"max_events={max_events!r} must not be negative"
        raise InvalidArgument(msg)
    return _tickets(
        ids=ids,
        created=created,
        priorities=priorities,
        kinds=kinds,
        statuses=statuses,
        gaps=gaps,
        fields=fields,
        max_events=max_events,
    )


# -- conditions, targets and policies ----------------------------------------------


def _leaves(priorities: st.SearchStrategy[str]) -> st.SearchStrategy[Condition]:
    values: dict[str, st.SearchStrategy[str]] = {
        "priority": priorities,
        "plan": st.sampled_from(_PLANS),
        "channel": st.sampled_from(_CHANNELS),
    }
    fields = st.sampled_from(tuple(values))
    equals = fields.flatmap(lambda f: st.builds(Equals, st.just(f), values[f]))
    in_ = fields.flatmap(
        lambda f: st.builds(In, st.just(f), st.frozensets(values[f], max_size=3))
    )
    tags = st.sampled_from(_TAGS)
    has_tag: st.SearchStrategy[Condition] = st.builds(HasTag, tags)
    contains = st.builds(Contains, st.just("tags"), tags)
    return st.one_of(equals, in_, has_tag, contains)


def _combine(
    children: st.SearchStrategy[Condition],
) -> st.SearchStrategy[Condition]:
    several = st.lists(children, max_size=3).map(tuple)
    return st.one_of(
        st.builds(All, several), st.builds(AnyOf, several), st.builds(Not, children)
    )


def conditions(
    *,
    priorities: st.SearchStrategy[str] = _DEFAULT_PRIORITIES,
    max_leaves: int = 4,
) -> st.SearchStrategy[Condition]:
    """Declarative conditions over a ticket's priority, ``plan``, ``channel`` and tags.

    Leaves are [`Equals`][slacore.Equals] and [`In`][slacore.In] over priority,
    plan and channel, and [`HasTag`][slacore.HasTag] / [`Contains`][slacore.Contains]
    over tags, with the values [`tickets`][slacore.strategies.tickets] uses, so
    they match now and then; [`All`][slacore.All], [`AnyOf`][slacore.AnyOf] (empty
    ones included) and [`Not`][slacore.Not] combine them. Shrinks toward
    ``Equals("priority", ...)`` with the first priority.

    Args:
        priorities: The priorities that conditions on priority name.
        max_leaves: The most leaves in one condition.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> from slacore import Not
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(conditions(), lambda c: True, settings=quiet)
        Equals(field='priority', value='low')
        >>> negated = find(conditions(), lambda c: isinstance(c, Not), settings=quiet)
        >>> ticket = find(tickets(), lambda t: True, settings=quiet)
        >>> negated.matches(ticket) is not negated.condition.matches(ticket)
        True
    """
    return st.recursive(_leaves(priorities), _combine, max_leaves=max_leaves)


_TARGET_DURATIONS: Final = st.none() | durations(max_value=timedelta(days=7))
_TIER_CALENDARS: Final[st.SearchStrategy[Calendar | None]] = st.none() | _OPEN_CALENDARS


def targets(
    *,
    durations: st.SearchStrategy[timedelta | None] = _TARGET_DURATIONS,
    calendars: st.SearchStrategy[Calendar | None] = _TIER_CALENDARS,
) -> st.SearchStrategy[Targets]:
    """[`Targets`][slacore.Targets]: one priority's tier.

    Each metric's target is drawn from `durations` (None: not measured); the
    tier's own calendar is None (the policy's), [`ALWAYS`][slacore.ALWAYS] or a
    business calendar open at least one day a week. Shrinks toward no targets
    and no calendar of its own.

    Args:
        durations: Each metric's target, or None.
        calendars: The tier's calendar, or None.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(targets(), lambda t: True, settings=quiet)
        Targets(first_response=None, next_response=None, periodic_update=None, resolution=None, calendar=None)
        >>> find(targets(), lambda t: t.calendar, settings=quiet).calendar is ALWAYS
        True
    """  # noqa: E501
    return st.builds(
        Targets,
        first_response=durations,
        next_response=durations,
        periodic_update=durations,
        resolution=durations,
        calendar=calendars,
    )


_POLICY_NAMES: Final = ("support", "vip", "standard")
_DEFAULT_PAUSE_STATUSES: Final = frozenset({"pending", "on-hold"})
_DEFAULT_PAUSES: Final = frozenset({Metric.RESOLUTION})


def policies(
    *,
    names: st.SearchStrategy[str] = st.sampled_from(_POLICY_NAMES),
    calendars: st.SearchStrategy[Calendar] = _OPEN_CALENDARS,
    priorities: st.SearchStrategy[str] = _DEFAULT_PRIORITIES,
    targets: st.SearchStrategy[Targets] = targets(),
    max_tiers: int = 4,
    pause_statuses: st.SearchStrategy[frozenset[str]] = (
        st.just(_DEFAULT_PAUSE_STATUSES) | st.frozensets(_DEFAULT_STATUSES)
    ),
    pauses: st.SearchStrategy[frozenset[Metric]] = (
        st.just(_DEFAULT_PAUSES) | st.frozensets(st.sampled_from(Metric))
    ),
    conditions: st.SearchStrategy[Condition | None] = st.none() | conditions(),
    warn_at: st.SearchStrategy[Sequence[Decimal]] = st.lists(_FRACTIONS, max_size=2),
) -> st.SearchStrategy[Policy]:
    """[`Policy`][slacore.Policy] values: tiers for one to `max_tiers` priorities.

    Some priorities have no tier (a ticket at one is measured on no metric);
    some tiers have a calendar of their own. Shrinks toward one tier with no
    targets for the first priority, on `ALWAYS`, with the default pause
    statuses and pauses, no condition and no warnings.

    Args:
        names: Policy names.
        calendars: The policy's calendar.
        priorities: The priorities that get tiers.
        targets: The tiers.
        max_tiers: The most tiers (at least 1).
        pause_statuses: Statuses that pause the clocks.
        pauses: The metrics the pause statuses pause.
        conditions: The policy's condition, or None.
        warn_at: Warning fractions for every clock.

    Raises:
        InvalidArgument: If `max_tiers` is less than 1.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> policy = find(policies(), lambda p: True, settings=quiet)
        >>> policy.name, [name for name, _ in policy.targets], policy.condition
        ('support', ['low'], None)
        >>> policy.calendar is ALWAYS, sorted(policy.pause_statuses)
        (True, ['on-hold', 'pending'])
    """
    if max_tiers < 1:
        msg = f"max_tiers={max_tiers!r} must be at least 1"
        raise InvalidArgument(msg)
    return st.builds(
        Policy,
        names,
        st.dictionaries(priorities, targets, min_size=1, max_size=max_tiers),
        calendar=calendars,
        pause_statuses=pause_statuses,
        pauses=pauses,
        condition=conditions,
        warn_at=warn_at,
    )


# -- service-level data ------------------------------------------------------------

SERVICES: Final = ("api", "web", "db", "email")
"""The service names the strategies use by default."""

_OUTAGE_LENGTHS: Final = durations(max_value=timedelta(days=2))
_WAITS: Final = durations(max_value=timedelta(minutes=10))
_OPTIONAL_SERVICES: Final[st.SearchStrategy[str | None]] = st.none() | st.sampled_from(
    SERVICES
)
_NPS_SCORES: Final = st.integers(0, 10).map(Decimal)
_COMMENTS: Final = ("great", "too slow", "", "thanks!")
_RESPONSE_FIELDS: Final[st.SearchStrategy[dict[str, Any]]] = st.fixed_dictionaries(
    {},
    optional={
        "csat": st.integers(1, 5),
        "effort": st.decimals(1, 7, places=1),
        "comment": st.sampled_from(_COMMENTS),
    },
)


@st.composite
def _outages(
    draw: st.DrawFn,
    services: st.SearchStrategy[str],
    starts: st.SearchStrategy[datetime],
    lengths: st.SearchStrategy[timedelta],
    planned: st.SearchStrategy[bool],
) -> Outage:
    service = draw(services)
    start = draw(starts)
    length = draw(lengths)
    if length < timedelta(0):
        msg = f"lengths must not be negative, got {length!r}"
        raise InvalidArgument(msg)
    return Outage(service, start, _later(start, length), planned=draw(planned))


def outages(
    service: str | None = None,
    *,
    starts: st.SearchStrategy[datetime] = aware_datetimes(),
    lengths: st.SearchStrategy[timedelta] = _OUTAGE_LENGTHS,
    planned: st.SearchStrategy[bool] = st.booleans(),
) -> st.SearchStrategy[Outage]:
    """[`Outage`][slacore.Outage] values: ``[start, start + length)`` of one service.

    The length is real elapsed time (zero-length outages included); the end is
    shown in the start's zone. Some outages are planned maintenance. Shrinks
    toward an unplanned, zero-length outage of ``"api"`` at 2000-01-01 00:00 UTC.

    Args:
        service: The service every outage is of; None draws one of
            [`SERVICES`][slacore.strategies.SERVICES].
        starts: Aware start instants.
        lengths: Lengths, not negative (up to two days by default).
        planned: Whether an outage is planned maintenance.

    Raises:
        InvalidArgument: If `service` is empty; when drawing, if `lengths` gives
            a negative length.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> outage = find(outages(), lambda o: True, settings=quiet)
        >>> outage.service, outage.end - outage.start, outage.planned
        ('api', datetime.timedelta(0), False)
        >>> find(outages("db"), lambda o: o.planned, settings=quiet).service
        'db'
    """
    if service is not None and not service.strip():
        msg = f"service={service!r} must be a non-empty name"
        raise InvalidArgument(msg)
    services = st.sampled_from(SERVICES) if service is None else st.just(service)
    return _outages(services, starts, lengths, planned)


def contacts(
    *,
    waits: st.SearchStrategy[timedelta] = _WAITS,
    answered: st.SearchStrategy[bool] = st.sampled_from((True, False)),
    times: st.SearchStrategy[datetime | None] = aware_datetimes(),
    services: st.SearchStrategy[str | None] = _OPTIONAL_SERVICES,
) -> st.SearchStrategy[Contact]:
    """[`Contact`][slacore.Contact] values: calls or chats offered to a queue.

    By default every contact has an `at` (an agreement needs it to put the
    contact in a period), waits up to ten minutes, and is answered or abandoned.
    Shrinks toward a contact answered at once, at 2000-01-01 00:00 UTC, of no
    service.

    Args:
        waits: The time in the queue, not negative.
        answered: False for an abandoned contact.
        times: When it was offered; include None (``st.none() | ...``) for
            contacts without an instant.
        services: The queue or service, or None.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> contact = find(contacts(), lambda c: True, settings=quiet)
        >>> contact.wait, contact.answered, contact.service
        (datetime.timedelta(0), True, None)
    """
    return st.builds(Contact, waits, answered, at=times, service=services)


def responses(
    *,
    times: st.SearchStrategy[datetime] = aware_datetimes(),
    scores: st.SearchStrategy[Decimal] = _NPS_SCORES,
    services: st.SearchStrategy[str | None] = _OPTIONAL_SERVICES,
    fields: st.SearchStrategy[Mapping[str, Any]] = _RESPONSE_FIELDS,
) -> st.SearchStrategy[Response]:
    """[`Response`][slacore.Response] values: survey answers.

    Scores are `Decimal` integers from 0 to 10 by default, so that every response
    counts for a net promoter score; pass other `scores` (such as
    ``st.decimals(0, 10, places=1)``) for averages. `fields` may hold a ``csat``
    rating (1 to 5), an ``effort`` score (a `Decimal`, 1 to 7) and a ``comment``.
    Shrinks toward a score of 0 at 2000-01-01 00:00 UTC, with no service and no
    fields.

    Args:
        times: When the response was given, aware.
        scores: The scores, finite.
        services: The service rated, or None.
        fields: The other answers.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> response = find(responses(), lambda r: True, settings=quiet)
        >>> response.score, response.service, dict(response.fields)
        (Decimal('0'), None, {})
        >>> find(responses(), lambda r: "csat" in r.fields, settings=quiet).fields
        FrozenFields({'csat': 1})
    """
    return st.builds(Response, times, scores, service=services, fields=fields)


# -- credits -------------------------------------------------------------------------


def _numbers(
    low: Decimal | int, high: Decimal | int, places: int
) -> st.SearchStrategy[Decimal]:
    """Decimals in ``[low, high]``, whole or with up to `places` decimal places.

    Whole numbers come first, so values shrink toward the lowest whole one.
    """
    exact = st.decimals(low, high, places=places)
    first, last = math.ceil(low), math.floor(high)
    if first > last:
        return exact
    return st.integers(first, last).map(Decimal) | exact


_CREDIT_PERCENTS: Final = _numbers(0, 100, 2)
_CAPS: Final[st.SearchStrategy[Decimal | None]] = st.none() | _CREDIT_PERCENTS
_SCHEDULE_CAPS: Final[st.SearchStrategy[Decimal | None]] = (
    st.just(Decimal(100)) | st.none() | _CREDIT_PERCENTS
)
_TOP_BELOWS: Final = _numbers(0, 100, 3)
_TIER_STEPS: Final = _numbers(Decimal("0.01"), 20, 2)
_FIRST_TIER_PERCENTS: Final = _numbers(0, 50, 2)


@st.composite
def _credit_schedules(
    draw: st.DrawFn, max_tiers: int, caps: st.SearchStrategy[Decimal | None]
) -> CreditSchedule:
    # A walk down from the highest tier: each `below` strictly lower, each percent
    # strictly higher, so the schedule is in order by construction.
    count = draw(st.integers(1, max_tiers))
    below = draw(_TOP_BELOWS)
    percent = draw(_FIRST_TIER_PERCENTS)
    tiers = [CreditTier(below, percent)]
    for _ in range(count - 1):
        below -= draw(_TIER_STEPS)
        percent += draw(_TIER_STEPS)
        tiers.append(CreditTier(below, percent))
    return CreditSchedule(tiers, cap=draw(caps))


def credit_schedules(
    *,
    max_tiers: int = 4,
    caps: st.SearchStrategy[Decimal | None] = _SCHEDULE_CAPS,
) -> st.SearchStrategy[CreditSchedule]:
    """Tiered [`CreditSchedule`][slacore.CreditSchedule] values, in order.

    One to `max_tiers` [`CreditTier`][slacore.CreditTier] rows, from a highest
    `below` of 0 to 100 down, each `below` strictly lower (it may go negative, as
    for an NPS) and each `percent` strictly higher. Shrinks toward one tier
    ``below=0, percent=0`` with the default cap of 100.

    Args:
        max_tiers: The most tiers (at least 1).
        caps: The cap, in percent of the fee, or None.

    Raises:
        InvalidArgument: If `max_tiers` is less than 1.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(credit_schedules(), lambda s: True, settings=quiet)
        CreditSchedule(tiers=(CreditTier(below=Decimal('0'), percent=Decimal('0')),), cap=Decimal('100'))
        >>> schedule = find(
        ...     credit_schedules(), lambda s: len(s.tiers) > 2, settings=quiet
        ... )
        >>> [str(tier.below) for tier in schedule.tiers]
        ['0', '-1', '-2']
    """  # noqa: E501
    if max_tiers < 1:
        msg = f"max_tiers={max_tiers!r} must be at least 1"
        raise InvalidArgument(msg)
    return _credit_schedules(max_tiers, caps)


def step_credits(
    *,
    thresholds: st.SearchStrategy[Decimal] = _TOP_BELOWS,
    steps: st.SearchStrategy[Decimal] = _TIER_STEPS,
    percents: st.SearchStrategy[Decimal] = _CREDIT_PERCENTS,
    caps: st.SearchStrategy[Decimal | None] = _CAPS,
) -> st.SearchStrategy[StepCredit]:
    """[`StepCredit`][slacore.StepCredit] values: a percent per started step short.

    Shrinks toward ``StepCredit(0, 1, 0)`` with no cap.

    Args:
        thresholds: The attainment credits start under.
        steps: The step sizes, positive.
        percents: The credit per step, not negative.
        caps: The cap, or None.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(step_credits(), lambda c: True, settings=quiet)
        StepCredit(threshold=Decimal('0'), step=Decimal('1'), percent=Decimal('0'), cap=None)
    """  # noqa: E501
    return st.builds(StepCredit, thresholds, steps, percents, cap=caps)


def breach_count_credits(
    *,
    min_breaches: st.SearchStrategy[int] = st.integers(1, 10),
    percents: st.SearchStrategy[Decimal] = _CREDIT_PERCENTS,
    per_extra: st.SearchStrategy[Decimal] = st.just(Decimal(0)) | _CREDIT_PERCENTS,
    caps: st.SearchStrategy[Decimal | None] = _CAPS,
) -> st.SearchStrategy[BreachCountCredit]:
    """[`BreachCountCredit`][slacore.BreachCountCredit] values.

    Shrinks toward ``BreachCountCredit(1, 0)`` with nothing per extra breach and
    no cap.

    Args:
        min_breaches: The breaches that trigger the credit, at least 1.
        percents: The credit at `min_breaches`, not negative.
        per_extra: The credit per further breach, not negative.
        caps: The cap, or None.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(breach_count_credits(), lambda c: True, settings=quiet)
        BreachCountCredit(min_breaches=1, percent=Decimal('0'), per_extra=Decimal('0'), cap=None)
    """  # noqa: E501
    return st.builds(
        BreachCountCredit, min_breaches, percents, per_extra=per_extra, cap=caps
    )


@st.composite
def _repeated_miss_credits(
    draw: st.DrawFn,
    max_within: int,
    percents: st.SearchStrategy[Decimal],
    caps: st.SearchStrategy[Decimal | None],
) -> RepeatedMissCredit:
    misses = draw(st.integers(1, max_within))
    within = draw(st.integers(misses, max_within))
    return RepeatedMissCredit(misses, within, draw(percents), cap=draw(caps))


def repeated_miss_credits(
    *,
    max_within: int = 12,
    percents: st.SearchStrategy[Decimal] = _CREDIT_PERCENTS,
    caps: st.SearchStrategy[Decimal | None] = _CAPS,
) -> st.SearchStrategy[RepeatedMissCredit]:
    """[`RepeatedMissCredit`][slacore.RepeatedMissCredit] values: N misses within M.

    `misses` is from 1 to `max_within` and `within` from `misses` to
    `max_within`, so the rule is valid by construction. Shrinks toward
    ``RepeatedMissCredit(1, 1, 0)`` with no cap.

    Args:
        max_within: The longest window of periods (at least 1).
        percents: The credit, not negative.
        caps: The cap, or None.

    Raises:
        InvalidArgument: If `max_within` is less than 1.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(repeated_miss_credits(), lambda c: True, settings=quiet)
        RepeatedMissCredit(misses=1, within=1, percent=Decimal('0'), cap=None)
    """
    if max_within < 1:
        msg = f"max_within={max_within!r} must be at least 1"
        raise InvalidArgument(msg)
    return _repeated_miss_credits(max_within, percents, caps)


_ATTAINMENT_CREDITS: Final[st.SearchStrategy[Credit]] = st.one_of(
    credit_schedules(), step_credits()
)
_COUNT_CREDITS: Final[st.SearchStrategy[Credit]] = st.one_of(
    breach_count_credits(), repeated_miss_credits()
)


def credits(  # noqa: A001 - shadows the REPL's `credits`, not one slacore uses
    *, direction: Literal["at_least", "at_most"] = "at_least"
) -> st.SearchStrategy[Credit]:
    """Any credit rule: a schedule, a step, a breach-count or a repeated-miss credit.

    With ``direction="at_most"``, only the count-based credits (breach count and
    repeated misses): a tiered or step credit pays for falling short, so an
    ``at_most`` objective cannot take one. Shrinks toward the simplest
    [`credit_schedules`][slacore.strategies.credit_schedules] value (for
    ``at_least``) or breach-count credit (for ``at_most``).

    Args:
        direction: The direction of the objective the credit is for.

    Raises:
        InvalidArgument: If `direction` is neither ``"at_least"`` nor
            ``"at_most"``.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> type(find(credits(), lambda c: True, settings=quiet)).__name__
        'CreditSchedule'
        >>> at_most = credits(direction="at_most")
        >>> type(find(at_most, lambda c: True, settings=quiet)).__name__
        'BreachCountCredit'
    """
    if direction not in DIRECTIONS:
        msg = f"direction={direction!r} must be 'at_least' or 'at_most'"
        raise InvalidArgument(msg)
    if direction == "at_most":
        return _COUNT_CREDITS
    return st.one_of(_ATTAINMENT_CREDITS, _COUNT_CREDITS)


# -- measures and objectives -------------------------------------------------------

MEASURE_KINDS: Final = (
    "volume",
    "availability",
    "service_level",
    "nps",
    "average_score",
    "deadline",
    "ticket_attainment",
    "mean_time",
    "abandon_rate",
    "average_wait",
    "ratio",
    *PERCENTILE_KINDS,
    "ticket_volume",
    "contact_volume",
)
"""The `kind` of each measure, in the order `measures` shrinks through."""

_VOLUME_FIELDS: Final = ("amount", "seats", "value")
_DEADLINE_FIELDS: Final = ("contacted_at", "resolved_at", "qualified_at")
_SCORE_FIELDS: Final = ("score", "csat", "effort")
_BURN_WINDOWS: Final = st.just(timedelta(hours=1)) | durations(
    timedelta(microseconds=1), timedelta(days=7)
)
_THRESHOLDS: Final = durations(max_value=timedelta(minutes=5))
_SHORT_ABANDONS: Final[st.SearchStrategy[timedelta | None]] = st.none() | durations(
    max_value=timedelta(seconds=30)
)
_WITHIN: Final = durations(max_value=timedelta(days=7))
_AVAILABILITY_CALENDARS: Final[st.SearchStrategy[Calendar]] = (
    st.just(ALWAYS) | calendars()
)
_DEFAULT_WHERE: Final[st.SearchStrategy[Condition | None]] = st.none() | conditions()


@st.composite
def _volumes(draw: st.DrawFn, wheres: st.SearchStrategy[Condition | None]) -> Volume:
    aggregate = draw(st.sampled_from(AGGREGATES))
    fields = st.sampled_from(_VOLUME_FIELDS)
    field = draw(st.none() | fields if aggregate == "count" else fields)
    return Volume(field, aggregate, where=draw(wheres))


def _measure_strategies(
    services: st.SearchStrategy[str],
    policy_names: st.SearchStrategy[str | None],
    availability_calendars: st.SearchStrategy[Calendar],
    deadline_calendars: st.SearchStrategy[Calendar],
    wheres: st.SearchStrategy[Condition | None],
) -> dict[str, st.SearchStrategy[Measure]]:
    optional_services = st.none() | services
    return {
        "volume": _volumes(wheres),
        "availability": st.builds(
            Availability,
            services,
            calendar=availability_calendars,
            burn_window=_BURN_WINDOWS,
        ),
        "service_level": st.builds(
            ServiceLevel,
            _THRESHOLDS,
            st.sampled_from(ABANDONED_MODES),
            short_abandon=_SHORT_ABANDONS,
            service=optional_services,
        ),
        "nps": st.builds(NetPromoterScore, service=optional_services),
        "average_score": st.builds(
            AverageScore, st.sampled_from(_SCORE_FIELDS), service=optional_services
        ),
        "deadline": st.builds(
            Deadline,
            st.sampled_from(_DEADLINE_FIELDS),
            _WITHIN,
            deadline_calendars,
            where=wheres,
        ),
        "ticket_attainment": st.builds(
            TicketAttainment,
            st.sampled_from(Metric),
            st.none() | st.frozensets(_DEFAULT_PRIORITIES, min_size=1),
            policy=policy_names,
        ),
        "mean_time": st.builds(
            MeanTime,
            st.sampled_from(Metric),
            st.none() | st.frozensets(_DEFAULT_PRIORITIES, min_size=1),
            policy=policy_names,
        ),
        "abandon_rate": st.builds(
            AbandonRate, short_abandon=_SHORT_ABANDONS, service=optional_services
        ),
        "average_wait": st.builds(AverageWait, service=optional_services),
        "ratio": st.builds(Ratio, conditions(), where=wheres),
        **percentile_measure_strategies(
            services=optional_services,
            policy_names=policy_names,
            priorities=_DEFAULT_PRIORITIES,
            wheres=wheres,
        ),
        "ticket_volume": st.builds(TicketVolume, where=wheres),
        "contact_volume": st.builds(ContactVolume, optional_services),
    }


@st.composite
def _measures(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[str],
    table: dict[str, st.SearchStrategy[Measure]],
) -> Measure:
    kind = draw(kinds)
    if kind not in table:
        msg = f"kinds gave {kind!r}, which is not one of {MEASURE_KINDS}"
        raise InvalidArgument(msg)
    return draw(table[kind])


def measures(
    *,
    kinds: st.SearchStrategy[str] = st.sampled_from(MEASURE_KINDS),
    services: st.SearchStrategy[str] = st.sampled_from(SERVICES),
    policy_names: st.SearchStrategy[str | None] = (
        st.none() | st.sampled_from(_POLICY_NAMES)
    ),
    availability_calendars: st.SearchStrategy[Calendar] = _AVAILABILITY_CALENDARS,
    deadline_calendars: st.SearchStrategy[Calendar] = _OPEN_CALENDARS,
    wheres: st.SearchStrategy[Condition | None] = _DEFAULT_WHERE,
) -> st.SearchStrategy[Measure]:
    """Any of slacore's own measures an [`Objective`][slacore.Objective] takes.

    [`Volume`][slacore.Volume] counts, sums, means, minima or maxima,
    [`Availability`][slacore.Availability]
    of a service (on `ALWAYS` or any calendar, one that never opens included:
    its periods are not measured), [`ServiceLevel`][slacore.ServiceLevel],
    [`NetPromoterScore`][slacore.NetPromoterScore],
    [`AverageScore`][slacore.AverageScore] of the ``score`` or of a field that
    [`responses`][slacore.strategies.responses] fills,
    [`Deadline`][slacore.Deadline] on a calendar that opens, and
    [`TicketAttainment`][slacore.TicketAttainment], the mean times and waits,
    and the percentiles ([`TicketPercentile`][slacore.TicketPercentile],
    [`WaitPercentile`][slacore.WaitPercentile], and
    [`RecordPercentile`][slacore.RecordPercentile] of one of
    [`DURATION_FIELDS`][slacore.strategies.DURATION_FIELDS]), and the counts of
    tickets created and contacts offered ([`TicketVolume`][slacore.TicketVolume],
    [`ContactVolume`][slacore.ContactVolume]). Volumes, ticket volumes, deadlines
    and record percentiles take a condition from
    [`conditions`][slacore.strategies.conditions] now and then.
    Shrinks toward ``Volume()``.

    Args:
        kinds: Which measures, by their `kind` (see
            [`MEASURE_KINDS`][slacore.strategies.MEASURE_KINDS]).
        services: The service of an availability, and of the other measures
            that may name one (or None).
        policy_names: The `policy` a ticket attainment is limited to, or None.
        availability_calendars: The hours an availability measures.
        deadline_calendars: The hours a deadline counts in.
        wheres: The condition of a volume or a deadline, or None.

    Raises:
        InvalidArgument: When drawing, if `kinds` gives an unknown kind.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(measures(), lambda m: True, settings=quiet)
        Volume(field=None, aggregate='count', where=None)
        >>> find(
        ...     measures(kinds=st.just("availability")), lambda m: True, settings=quiet
        ... )
        Availability(service='api', calendar=BusinessCalendar(WeeklyHours.parse('mon-sun 00:00-24:00'), tz='UTC'), burn_window=datetime.timedelta(seconds=3600))
    """  # noqa: E501
    table = _measure_strategies(
        services, policy_names, availability_calendars, deadline_calendars, wheres
    )
    return _measures(kinds, table)


def _label(first: str, rest: str) -> str:
    return first + rest


# Free text that is a valid name: it starts with a character that is neither a space
# nor a control character, so it never strips to nothing.
_LABELS: Final = st.builds(
    _label, st.characters(exclude_categories=("C", "Z")), st.text(max_size=12)
)
_OBJECTIVE_NAMES: Final = (
    st.sampled_from(
        ("uptime", "first-response", "resolution", "calls", "nps", "csat", "leads")
    )
    | _LABELS
)
_PARTY_NAMES: Final = (
    st.sampled_from(("Acme", "Globex", "Initech", "Marketing", "Sales", "IT")) | _LABELS
)
_PARTY_CONTACTS: Final[st.SearchStrategy[str | None]] = (
    st.none() | st.sampled_from(("support@acme.example", "#sales-ops")) | _LABELS
)
_DESCRIPTIONS: Final = st.just("") | _LABELS
_AGREEMENT_NAMES: Final = st.sampled_from(("Support", "Hosting", "Leads")) | _LABELS
_SCORE_GOALS: Final = _numbers(-10, 10, 2)
_ALLOCATIONS: Final = _numbers(Decimal("0.01"), 100, 2)


def _goals(measure: Measure) -> st.SearchStrategy[Decimal]:
    """Goals in the range the measure's goal rule allows, at realistic scales."""
    rule = measure.goal_rule
    low, high = rule.low, rule.high
    if low is not None and high is not None:
        return _numbers(low, high, 3 if rule.unit == "%" else 1)
    if low is not None:  # counts, sums and seconds
        return _numbers(low, low + 1_000_000, 2)
    if high is not None:
        return _numbers(high - 1_000_000, high, 2)
    return _SCORE_GOALS


@st.composite
def _objectives(
    draw: st.DrawFn,
    *,
    names: st.SearchStrategy[str],
    measures: st.SearchStrategy[Measure],
    directions: st.SearchStrategy[str],
    allocations: st.SearchStrategy[Decimal | None],
    providers: st.SearchStrategy[str | None],
    descriptions: st.SearchStrategy[str],
) -> Objective:
    name = draw(names)
    measure = draw(measures)
    goal = draw(_goals(measure))
    direction = draw(directions)
    if direction not in DIRECTIONS:
        msg = f"directions gave {direction!r}, not 'at_least' or 'at_most'"
        raise InvalidArgument(msg)
    # A tiered or step credit needs `at_least`; `credits` keeps to that.
    fitting = credits() if direction == "at_least" else credits(direction="at_most")
    credit = draw(st.none() | fitting)
    return Objective(
        name,
        measure,
        goal,
        direction=direction,
        credit=credit,
        allocation=draw(allocations),
        provider=draw(providers),
        description=draw(descriptions),
    )


def objectives(
    *,
    names: st.SearchStrategy[str] = _OBJECTIVE_NAMES,
    measures: st.SearchStrategy[Measure] = measures(),
    directions: st.SearchStrategy[str] = st.sampled_from(DIRECTIONS),
    allocations: st.SearchStrategy[Decimal | None] = st.none() | _ALLOCATIONS,
    providers: st.SearchStrategy[str | None] = st.none() | _PARTY_NAMES,
    descriptions: st.SearchStrategy[str] = _DESCRIPTIONS,
) -> st.SearchStrategy[Objective]:
    """[`Objective`][slacore.Objective] values, valid by construction.

    The goal is in the range the measure allows (0 to 100 for a percent, -100 to
    100 for an NPS, not negative for a volume); the credit, when there is one,
    is any of [`credits`][slacore.strategies.credits] for ``at_least`` and a
    count-based one for ``at_most``. Shrinks toward an ``at_least`` objective
    ``"uptime"`` on ``Volume()`` with a goal of 0 and nothing else.

    Args:
        names: Objective names.
        measures: What is measured.
        directions: ``"at_least"`` or ``"at_most"``.
        allocations: The share of the at-risk pool (above 0, at most 100), or None.
        providers: The accountable party's name, or None.
        descriptions: Free text.

    Raises:
        InvalidArgument: When drawing, if `directions` gives an unknown direction.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(objectives(), lambda o: True, settings=quiet)
        Objective(name='uptime', measure=Volume(field=None, aggregate='count', where=None), goal=Decimal('0'), direction='at_least', credit=None, allocation=None, provider=None, description='')
        >>> at_most = find(
        ...     objectives(),
        ...     lambda o: o.direction == "at_most" and o.credit,
        ...     settings=quiet,
        ... )
        >>> type(at_most.credit).__name__
        'BreachCountCredit'
    """  # noqa: E501
    return _objectives(
        names=names,
        measures=measures,
        directions=directions,
        allocations=allocations,
        providers=providers,
        descriptions=descriptions,
    )


def parties(
    *,
    names: st.SearchStrategy[str] = _PARTY_NAMES,
    roles: st.SearchStrategy[Role] = st.sampled_from(Role),
    contacts: st.SearchStrategy[str | None] = _PARTY_CONTACTS,
) -> st.SearchStrategy[Party]:
    """[`Party`][slacore.Party] values: a provider or a customer, maybe a contact.

    Shrinks toward ``Party("Acme", "provider")``.

    Args:
        names: Party names (not blank).
        roles: Provider or customer.
        contacts: Who to reach, or None.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(parties(), lambda p: True, settings=quiet)
        Party(name='Acme', role=<Role.PROVIDER: 'provider'>, contact=None)
    """
    return st.builds(Party, names, roles, contacts)


# -- agreements ----------------------------------------------------------------------

_AGREEMENT_STARTS: Final[st.SearchStrategy[date | datetime]] = (
    st.dates(_MIN_DATE, _MAX_DATE) | aware_datetimes()
)
_MAX_TERM_DAYS: Final = 1100
_FEES: Final = _numbers(0, 100_000, 2)
_AT_RISK: Final = _numbers(0, 100, 2)
_POOLS: Final = st.just(Decimal(100)) | _numbers(0, 300, 2)
_RESPONSIBILITY_TEXTS: Final = (
    st.sampled_from(("keep the status page current", "receives the monthly report"))
    | _LABELS
)


@st.composite
def _relativedeltas(draw: st.DrawFn) -> relativedelta:
    years = draw(st.integers(0, 2))
    months = draw(st.integers(0, 18))
    weeks = draw(st.integers(0, 4))
    days = draw(st.integers(0, 31))
    if not (years or months or weeks or days):
        months = 1  # a span must be positive
    return relativedelta(years=years, months=months, weeks=weeks, days=days)


#: A positive span: on the wall clock (`relativedelta`) or in real time.
_SPANS: Final[st.SearchStrategy[relativedelta | timedelta | None]] = st.one_of(
    st.none(),
    _relativedeltas(),
    durations(timedelta(microseconds=1), timedelta(days=800)),
)


@st.composite
def _effective_until(
    draw: st.DrawFn, start: date | datetime, tz: ZoneInfo
) -> date | datetime | None:
    choice = draw(st.integers(0, 2))  # none, a date, an instant
    if choice == 0:
        return None
    if choice == 2 and isinstance(start, datetime):  # any real time later will do
        term = durations(timedelta(microseconds=1), timedelta(days=_MAX_TERM_DAYS))
        return _later(start, draw(term))
    day = start.astimezone(tz).date() if isinstance(start, datetime) else start
    # Two days on, local midnight is after the start even where a day was skipped.
    after = day + timedelta(days=draw(st.integers(2, _MAX_TERM_DAYS)))
    if choice == 1:
        return after
    return datetime.combine(after, time(), tzinfo=tz)


def _parties_of(
    draw: st.DrawFn,
    kind: AgreementKind,
    names: st.SearchStrategy[str],
    max_parties: int,
) -> list[Party]:
    count = draw(st.integers(2, max_parties))
    found = draw(st.lists(names, min_size=count, max_size=count, unique=True))
    providers = 1
    if kind is AgreementKind.MULTI_LEVEL:
        providers = draw(st.integers(1, count - 1))
    roles = [Role.PROVIDER] * providers + [Role.CUSTOMER] * (count - providers)
    roles = list(draw(st.permutations(roles)))
    return [
        Party(name, role, draw(_PARTY_CONTACTS))
        for name, role in zip(found, roles, strict=True)
    ]


def _allocation(
    draw: st.DrawFn, at_risk: Decimal | None, left: Decimal
) -> Decimal | None:
    """An allocation of at most what the pool has `left`, or None."""
    if at_risk is None or left < Decimal("0.01"):
        return None
    most = min(left, Decimal(100))
    return draw(st.none() | st.just(most) | _numbers(Decimal("0.01"), most, 2))


@st.composite
def _agreements(
    draw: st.DrawFn,
    *,
    names: st.SearchStrategy[str],
    kinds: st.SearchStrategy[AgreementKind],
    periods: st.SearchStrategy[Period],
    tzs: st.SearchStrategy[ZoneInfo],
    starts: st.SearchStrategy[date | datetime],
    max_objectives: int,
    max_parties: int,
) -> Agreement:
    kind = draw(kinds)
    tz = draw(tzs)
    party_list = _parties_of(draw, kind, _PARTY_NAMES, max_parties)
    party_names = [party.name for party in party_list]
    accountable = [p.name for p in party_list if p.role is Role.PROVIDER]
    if kind is AgreementKind.INTERNAL:  # either side may owe the other
        accountable = party_names
    services: tuple[str, ...] = tuple(
        draw(st.lists(st.sampled_from(SERVICES), max_size=3, unique=True))
    )
    policy_names = draw(
        st.lists(st.sampled_from(_POLICY_NAMES), max_size=2, unique=True)
    )
    fee = draw(st.none() | _FEES)
    at_risk = draw(st.none() | _AT_RISK)
    pool = draw(_POOLS)
    count = draw(st.integers(1, max_objectives))
    objective_names = draw(
        st.lists(_OBJECTIVE_NAMES, min_size=count, max_size=count, unique=True)
    )
    kinds_of_measures = measures(
        services=st.sampled_from(services or SERVICES),
        policy_names=st.none() | st.sampled_from(policy_names)
        if policy_names
        else st.none(),
    )
    objective_list = []
    left = pool
    for name in objective_names:
        allocation = _allocation(draw, at_risk, left)
        if allocation is not None:
            left -= allocation
        objective_list.append(
            draw(
                objectives(
                    names=st.just(name),
                    measures=kinds_of_measures,
                    allocations=st.just(allocation),
                    providers=st.none() | st.sampled_from(accountable),
                )
            )
        )
    if not policy_names and any(o.measure.reads == "tickets" for o in objective_list):
        policy_names = [_POLICY_NAMES[0]]  # ticket objectives need a policy
    policy_list = [
        draw(policies(names=st.just(name), max_tiers=2)) for name in policy_names
    ]
    termination = draw(
        st.none()
        | st.builds(
            TerminationRule,
            st.integers(1, 6),
            st.none() | st.frozensets(st.sampled_from(objective_names), min_size=1),
        )
    )
    start = draw(starts)
    with_fee = st.none() if fee is None else st.none() | _FEES
    return Agreement(
        draw(names),
        kind,
        party_list,
        objective_list,
        services=services,
        period=draw(periods),
        tz=tz,
        effective_from=start,
        effective_until=draw(_effective_until(start, tz)),
        review_every=draw(_SPANS),
        termination=termination,
        fee=fee,
        at_risk=at_risk,
        claim_window=draw(_SPANS),
        policies=policy_list,
        structure=draw(st.none() | st.sampled_from(Structure)),
        responsibilities=draw(
            st.lists(
                st.builds(
                    Responsibility,
                    st.sampled_from(party_names),
                    _RESPONSIBILITY_TEXTS,
                    kind=st.sampled_from(ResponsibilityKind),
                ),
                max_size=3,
            )
        ),
        pool_allocation=pool,
        earn_back=draw(st.none() | st.integers(1, 6)),
        minimum_credit=draw(with_fee),
        yearly_cap=draw(with_fee),
    )


def agreements(
    *,
    names: st.SearchStrategy[str] = _AGREEMENT_NAMES,
    kinds: st.SearchStrategy[AgreementKind] = st.sampled_from(AgreementKind),
    periods: st.SearchStrategy[Period] = st.sampled_from(Period),
    timezones: st.SearchStrategy[ZoneInfo] = timezones(),
    starts: st.SearchStrategy[date | datetime] = _AGREEMENT_STARTS,
    max_objectives: int = 4,
    max_parties: int = 4,
) -> st.SearchStrategy[Agreement]:
    """Complete, valid [`Agreement`][slacore.Agreement] values.

    Two to `max_parties` parties with unique names (several providers only in a
    multi-level agreement, at least one customer), one to `max_objectives`
    objectives with unique names drawn from
    [`objectives`][slacore.strategies.objectives] and
    [`measures`][slacore.strategies.measures], and every term, each present or
    not: services (availability objectives then measure one of them), an end
    date or instant, a review cadence and a claim window (a `relativedelta` or
    a `timedelta`), a termination rule (over all objectives or named ones), a
    fee with a minimum credit and a yearly cap, an at-risk percent with
    allocations that add up to at most the pool allocation, earn-back, a
    structure, responsibilities of every kind, and policies (always when an
    objective measures tickets; a ticket attainment names one of them or none).
    An objective's provider is one of the providers (either side in an internal
    agreement), or None. Valid by construction: no draw is thrown away.
    Shrinks toward a customer agreement ``"Support"`` between ``"Acme"`` and
    ``"Globex"``, monthly in UTC from 2000-01-01, with the objective of
    [`objectives`][slacore.strategies.objectives] and no terms.

    Args:
        names: Agreement names.
        kinds: Customer, internal, multi-level or vendor.
        periods: The reporting period.
        timezones: The agreement's zone.
        starts: `effective_from`: a date (local midnight) or an aware instant.
        max_objectives: The most objectives (at least 1).
        max_parties: The most parties (at least 2).

    Raises:
        InvalidArgument: If `max_objectives` is less than 1 or `max_parties` less
            than 2.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> import slacore as sla
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> agreement = find(agreements(), lambda a: True, settings=quiet)
        >>> agreement.kind, [party.name for party in agreement.parties]
        (<AgreementKind.CUSTOMER: 'customer'>, ['Acme', 'Globex'])
        >>> agreement.effective_from, agreement.objectives[0].measure
        (datetime.datetime(2000, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), Volume(field=None, aggregate='count', where=None))
        >>> report = agreement.evaluate(sla.Dataset(), agreement.effective_from)
        >>> report.results[0].value
        Decimal('0')
    """  # noqa: E501
    if max_objectives < 1:
        msg = f"max_objectives={max_objectives!r} must be at least 1"
        raise InvalidArgument(msg)
    if max_parties < 2:
        msg = f"max_parties={max_parties!r} must be at least 2"
        raise InvalidArgument(msg)
    return _agreements(
        names=names,
        kinds=kinds,
        periods=periods,
        tzs=timezones,
        starts=starts,
        max_objectives=max_objectives,
        max_parties=max_parties,
    )
