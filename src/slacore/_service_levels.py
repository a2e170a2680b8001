# Service levels: availability, contact-centre service level, NPS, error budgets
# and burn rates, as functions of records. Everything here is exact: instants and
# durations are integer microseconds, and every percent and ratio is a `Decimal`
# computed from integers (never a float, never `timedelta.total_seconds()`).

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal, final

import attrs

from ._calendar import ALWAYS, BusinessCalendar, Calendar
from ._decimal import HUNDRED, ZERO, divide, percent, to_decimal
from ._hours import WeeklyHours
from ._intervals import Span, clip, intersect, merge, subtract
from ._records import Contact, Outage
from ._time import ONE_US, duration_us, to_us
from ._timer import check_calendar
from .exceptions import DataError, SlaError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime, timedelta

_ALL_DAY: Final = WeeklyHours.always().days
_MODES: Final = ("offered", "exclude", "positive")


@final
@attrs.frozen(kw_only=True)
class ErrorBudget:
    """How much downtime a goal allows over a window, and how much is spent so far.

    Attributes:
        goal: The availability goal, a percent (``Decimal("99.9")``).
        start: The start of the window.
        end: The end of the window (exclusive).
        now: The instant the budget was read at.
        measured: Measured time of the whole window: the calendar's open time in
            ``[start, end)`` less exclusions and planned maintenance.
        allowed: The budget, ``measured * (100 - goal) / 100`` rounded down to the
            microsecond.
        used: Downtime inside the measured time of ``[start, min(now, end))``.
        left: ``allowed - used``; negative once the budget is overspent.
        consumed: `used` as a percent of `allowed`; None when `allowed` is zero.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timedelta, timezone
        >>> june = datetime(2025, 6, 1, tzinfo=timezone.utc)
        >>> budget = sla.error_budget(
        ...     "99.9", june, june + timedelta(days=30), [], now=june
        ... )
        >>> budget.allowed, budget.exhausted
        (datetime.timedelta(seconds=2592), False)
    """

    goal: Decimal
    start: datetime
    end: datetime
    now: datetime
    measured: timedelta
    allowed: timedelta
    used: timedelta
    left: timedelta
    consumed: Decimal | None

    @property
    def exhausted(self) -> bool:
        """Whether more downtime was used than the budget allows (``used > allowed``).

        Using exactly the whole budget is not exhausted: the goal is still met.
        """
        return self.used > self.allowed


# -- availability ------------------------------------------------------------------


def _always_open(calendar: Calendar) -> bool:
    """Whether *calendar* is open every instant (24/7, with no dated exceptions)."""
    return calendar is ALWAYS or (
        isinstance(calendar, BusinessCalendar)
        and calendar.hours.days == _ALL_DAY
        and calendar.holidays is None
        and not calendar.shifts
        and not calendar.closures
    )


def uptime_us(
    start_us: int,
    end_us: int,
    outages: Iterable[tuple[int, int]],
    calendar: Calendar,
    exclusions: Iterable[tuple[int, int]],
) -> tuple[int, int]:
    """Measured time and downtime of the window ``[start_us, end_us)``.

    Spans are half-open microseconds, in any order; they may overlap and reach
    outside the window. Measured time is the calendar's open time in the window
    less the exclusions; downtime is the part of it inside an outage (overlaps
    counted once). An empty or reversed window gives ``(0, 0)``.

    Returns:
        ``(measured_us, down_us)``.
    """
    if end_us <= start_us:
        return 0, 0
    if _always_open(calendar):
        open_spans = [(start_us, end_us)]
    else:
        open_spans = list(calendar.engine.spans(start_us, end_us))
    measured_spans = subtract(open_spans, merge(clip(exclusions, start_us, end_us)))
    down_spans = intersect(measured_spans, merge(clip(outages, start_us, end_us)))
    measured = sum(e - s for s, e in measured_spans)
    down = sum(e - s for s, e in down_spans)
    return measured, down


def outage_spans(items: Iterable[object], name: str) -> tuple[list[Span], list[Span]]:
    """Read outages or exclusions into microsecond spans.

    Each item is an [`Outage`][slacore.Outage] or a ``(start, end)`` pair of aware
    datetimes. A planned outage goes to the second list (exclusions), everything
    else to the first.

    Args:
        items: The outages or exclusions.
        name: The argument's name for messages (``"outages"``).

    Returns:
        ``(spans, planned)``, unmerged.

    Raises:
        TypeError: If an item is neither an `Outage` nor a pair.
        DataError: If a pair ends before it starts (field `name`, its index).
        NaiveDatetimeError: If a pair holds a naive datetime.
    """
    if isinstance(items, Outage | str | bytes):  # a common slip: one, not a list
        msg = f"{name} must be an iterable of outages, got {type(items).__name__}"
        raise TypeError(msg)
    spans: list[Span] = []
    planned: list[Span] = []
    for index, item in enumerate(items):
        if isinstance(item, Outage):
            (planned if item.planned else spans).append(item.span_us)
            continue
        if not (isinstance(item, tuple | list) and len(item) == 2):
            msg = (
                f"{name}[{index}] must be an Outage or a (start, end) pair, "
                f"got {type(item).__name__}"
            )
            raise TypeError(msg)
        start, end = item
        start_us = to_us(start, f"{name}[{index}][0]")
        end_us = to_us(end, f"{name}[{index}][1]")
        if end_us < start_us:
            msg = (
                f"{name}[{index}] ends before it starts: "
                f"{end.isoformat()} is before {start.isoformat()}"
            )
            raise DataError(msg, field=name, index=index)
        spans.append((start_us, end_us))
    return spans, planned


def _window(start: datetime, end: datetime) -> tuple[int, int]:
    start_us, end_us = to_us(start, "start"), to_us(end, "end")
    if end_us <= start_us:
        msg = f"end {end.isoformat()} is not after start {start.isoformat()}"
        raise DataError(msg, field="end")
    return start_us, end_us


def _inputs(
    outages: Iterable[Outage | tuple[datetime, datetime]],
    exclusions: Iterable[Outage | tuple[datetime, datetime]],
    calendar: Calendar,
) -> tuple[list[Span], list[Span]]:
    """Check the calendar; read outages and exclusions (planned outages included)."""
    check_calendar(None, None, calendar)
    down, planned = outage_spans(outages, "outages")
    excluded, also_planned = outage_spans(exclusions, "exclusions")
    return down, excluded + planned + also_planned


def availability(
    start: datetime,
    end: datetime,
    outages: Iterable[Outage | tuple[datetime, datetime]],
    *,
    calendar: Calendar = ALWAYS,
    exclusions: Iterable[Outage | tuple[datetime, datetime]] = (),
) -> Decimal:
    """Percent of the measured time in ``[start, end)`` that was not inside an outage.

    The measured time is the calendar's open time in the window (all of it with
    the default 24/7 [`ALWAYS`][slacore.ALWAYS]; business hours with a business
    calendar), less the exclusions. Outages may overlap (the overlap counts once),
    are clipped to the window and count only inside measured time. Exclusions, and
    every `Outage` with ``planned=True`` wherever it is passed, leave both the
    measured time and the downtime. The result is
    ``(measured - down) * 100 / measured``, exact where the quotient terminates
    (else to 28 significant digits); round it only when you report it.

    Args:
        start: The start of the window, aware.
        end: The end of the window (exclusive), aware.
        outages: [`Outage`][slacore.Outage] values or ``(start, end)`` pairs of
            aware datetimes.
        calendar: The hours that are measured.
        exclusions: Periods left out entirely (scheduled maintenance), as outages or
            pairs.

    Returns:
        The availability, from 0 to 100.

    Raises:
        DataError: If `end` is not after `start` (field ``end``); if an outage or
            exclusion pair ends before it starts (field ``outages`` or
            ``exclusions``, with its index); if nothing in the window is measured
            (field ``calendar``).
        NaiveDatetimeError: If an instant has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timedelta, timezone
        >>> start = datetime(2025, 6, 1, tzinfo=timezone.utc)
        >>> down = start + timedelta(days=3)
        >>> sla.availability(
        ...     start,
        ...     start + timedelta(days=30),
        ...     [(down, down + timedelta(minutes=4, seconds=19.2))],
        ... )
        Decimal('99.99')
    """
    start_us, end_us = _window(start, end)
    down, excluded = _inputs(outages, exclusions, calendar)
    measured, down_us = uptime_us(start_us, end_us, down, calendar, excluded)
    if measured == 0:
        msg = (
            f"there is no measured time in the window from {start.isoformat()} "
            f"to {end.isoformat()}: the calendar is closed or everything is excluded"
        )
        raise DataError(msg, field="calendar")
    return percent(measured - down_us, measured)


# -- contact-centre service level --------------------------------------------------


def _check_duration(value: object, name: str) -> int:
    us = duration_us(value, name)
    if us < 0:
        msg = f"{name} must not be negative, got {value}"
        raise DataError(msg, field=name)
    return us


def service_level_counts(
    contacts: Iterable[Contact],
    threshold: timedelta,
    abandoned: str,
    short_abandon: timedelta | None,
) -> tuple[int, int]:
    """Count the contacts that met the threshold, and those counted at all.

    The rules of [`service_level`][slacore.service_level]; no error when nothing is
    counted.

    Returns:
        ``(met, counted)``.
    """
    limit = _check_duration(threshold, "threshold")
    if abandoned not in _MODES:
        modes = ", ".join(repr(mode) for mode in _MODES)
        msg = f"abandoned must be one of {modes}, got {abandoned!r}"
        raise DataError(msg, field="abandoned")
    short = (
        -1 if short_abandon is None else _check_duration(short_abandon, "short_abandon")
    )
    exclude, positive = abandoned == "exclude", abandoned == "positive"
    met = counted = 0
    items: Iterable[object] = contacts
    for index, contact in enumerate(items):
        if not isinstance(contact, Contact):
            kind = type(contact).__name__
            msg = f"contacts[{index}] must be a Contact, got {kind}"
            raise TypeError(msg)
        wait = duration_us(contact.wait, "wait")
        if contact.answered:
            counted += 1
            met += wait <= limit
        elif wait <= short or exclude:
            continue
        else:
            counted += 1
            met += positive and wait <= limit
    return met, counted


def service_level(
    contacts: Iterable[Contact],
    threshold: timedelta,
    *,
    abandoned: Literal["offered", "exclude", "positive"] = "offered",
    short_abandon: timedelta | None = None,
) -> Decimal:
    """Percent of contacts answered within `threshold`: "X % answered within Y".

    A contact answered with ``wait <= threshold`` (inclusive: answered at exactly
    20 seconds meets a 20-second threshold) is met. The result is met contacts
    over counted contacts, times 100. Abandoned contacts count as `abandoned`
    says:

    - ``"offered"``: in the denominator only (they count against the level);
    - ``"exclude"``: left out of both numerator and denominator;
    - ``"positive"``: abandoned within the threshold counts as met, later ones in
      the denominator only.

    First, whatever `abandoned` says, contacts abandoned with
    ``wait <= short_abandon`` are removed from both (callers who hung up at once).

    Args:
        contacts: [`Contact`][slacore.Contact] values.
        threshold: The answer time to meet.
        abandoned: What abandoned contacts do.
        short_abandon: Abandons this quick are not counted at all; None for no
            such rule.

    Returns:
        The service level, from 0 to 100.

    Raises:
        DataError: For a negative `threshold` or `short_abandon`, an unknown
            `abandoned` (field ``abandoned``), or nothing left to count (field
            ``contacts``).

    Examples:
        >>> import slacore as sla
        >>> from datetime import timedelta
        >>> s = lambda n: timedelta(seconds=n)
        >>> calls = [sla.Contact(s(10)), sla.Contact(s(45)), sla.Contact(s(5), False)]
        >>> sla.service_level(calls, s(20))
        Decimal('33.33333333333333333333333333')
        >>> sla.service_level(calls, s(20), abandoned="positive")
        Decimal('66.66666666666666666666666667')
        >>> sla.service_level(calls, s(20), short_abandon=s(5))
        Decimal('50')
    """
    met, counted = service_level_counts(contacts, threshold, abandoned, short_abandon)
    if counted == 0:
        msg = (
            "contacts holds nothing to count: no contact was offered, or every one "
            "was abandoned and left out"
        )
        raise DataError(msg, field="contacts")
    return percent(met, counted)


# -- net promoter score ------------------------------------------------------------


def _score(value: object, index: int) -> int:
    """An NPS score as an int, checked to be an integer from 0 to 10."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        kind = type(value).__name__
        msg = f"scores[{index}] must be an int, got {kind}"
        raise TypeError(msg)
    score: int | None = None
    if isinstance(value, int):
        score = value
    elif value.is_finite() if isinstance(value, Decimal) else math.isfinite(value):
        score = int(value) if value == int(value) else None
    if score is None or not 0 <= score <= 10:
        msg = f"scores[{index}] must be an integer from 0 to 10, got {value}"
        raise DataError(msg, field="scores", index=index)
    return score


def nps_counts(scores: Iterable[object]) -> tuple[int, int, int]:
    """Count promoters (9-10), passives (7-8) and detractors (0-6).

    Scores are checked as [`nps`][slacore.nps] does.

    Returns:
        ``(promoters, passives, detractors)``.
    """
    promoters = passives = detractors = 0
    for index, value in enumerate(scores):
        score = _score(value, index)
        if score >= 9:
            promoters += 1
        elif score >= 7:
            passives += 1
        else:
            detractors += 1
    return promoters, passives, detractors


def nps(scores: Iterable[int | Decimal]) -> Decimal:
    """Net promoter score: percent of promoters minus percent of detractors.

    Promoters score 9 or 10, passives 7 or 8, detractors 0 to 6; the result,
    from -100 to 100, is ``(promoters - detractors) * 100 / n``, exact where the
    quotient terminates. Scores are integers from 0 to 10; a `Decimal` (or float)
    with an integral value, such as ``Decimal("9")`` from a
    [`Response`][slacore.Response], is read as that integer.

    Args:
        scores: The scores.

    Returns:
        The NPS.

    Raises:
        TypeError: For a score that is not a number (a bool is not a score).
        DataError: For a score that is not an integer from 0 to 10 (field
            ``scores``, with its index), or no scores at all.

    Examples:
        >>> import slacore as sla
        >>> sla.nps([10, 9, 8, 7, 3])
        Decimal('20')
    """
    promoters, passives, detractors = nps_counts(scores)
    total = promoters + passives + detractors
    if total == 0:
        msg = "scores is empty: nps needs at least one score"
        raise DataError(msg, field="scores")
    return percent(promoters - detractors, total)


# -- error budgets and burn rates --------------------------------------------------


def _goal(value: object) -> Decimal:
    try:
        goal = to_decimal(value, "goal")
    except SlaError as exc:
        raise DataError(str(exc), field="goal") from None
    if not ZERO <= goal <= HUNDRED:
        msg = f"goal must be a percent from 0 to 100, got {goal}"
        raise DataError(msg, field="goal")
    return goal


def _budget_ratio(goal: Decimal) -> tuple[int, int]:
    """``(100 - goal) / 100`` as an exact fraction ``(numerator, denominator)``."""
    numerator, denominator = goal.as_integer_ratio()
    return 100 * denominator - numerator, 100 * denominator


def error_budget(
    goal: Decimal | int | str,
    start: datetime,
    end: datetime,
    outages: Iterable[Outage | tuple[datetime, datetime]],
    *,
    calendar: Calendar = ALWAYS,
    exclusions: Iterable[Outage | tuple[datetime, datetime]] = (),
    now: datetime | None = None,
) -> ErrorBudget:
    """The error budget of an availability goal over ``[start, end)``, read at `now`.

    The budget is the downtime the goal allows over the whole window: ``(100 -
    goal)`` percent of its measured time (as in
    [`availability`][slacore.availability]: the calendar's open time less
    exclusions and planned maintenance), rounded down to the microsecond. Against
    it stands the downtime so far, in ``[start, min(now, end))``. Reading it
    mid-month shows a breach coming before the month ends. A window with no
    measured time has a zero budget (not an error).

    Args:
        goal: The availability goal, a percent from 0 to 100.
        start: The start of the window, aware.
        end: The end of the window (exclusive), aware.
        outages: [`Outage`][slacore.Outage] values or ``(start, end)`` pairs.
        calendar: The hours that are measured.
        exclusions: Periods left out entirely.
        now: The instant to read the budget at; `end` by default. Before `start`
            nothing is used yet.

    Returns:
        The budget, what is used and what is left.

    Raises:
        DataError: If `goal` is not a percent from 0 to 100 (field ``goal``), `end`
            is not after `start`, or an outage pair ends before it starts.
        NaiveDatetimeError: If an instant has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timedelta, timezone
        >>> june = datetime(2025, 6, 1, tzinfo=timezone.utc)
        >>> budget = sla.error_budget(
        ...     "99.9",
        ...     june,
        ...     june + timedelta(days=30),
        ...     [(june, june + timedelta(minutes=30))],
        ...     now=june + timedelta(days=10),
        ... )
        >>> print(budget.allowed, budget.used, budget.left, budget.consumed)
        0:43:12 0:30:00 0:13:12 69.44444444444444444444444444
    """
    goal_value = _goal(goal)
    _window(start, end)
    down, excluded = _inputs(outages, exclusions, calendar)
    return budget_of(
        goal_value,
        start,
        end,
        now=now,
        down=down,
        excluded=excluded,
        calendar=calendar,
    )


def budget_of(
    goal: Decimal,
    start: datetime,
    end: datetime,
    *,
    now: datetime | None,
    down: Iterable[Span],
    excluded: Iterable[Span],
    calendar: Calendar,
) -> ErrorBudget:
    """`error_budget` of checked inputs: outage and exclusion spans in µs."""
    start_us, end_us = to_us(start, "start"), to_us(end, "end")
    now_us = end_us if now is None else to_us(now, "now")
    down, excluded = list(down), list(excluded)
    measured, used = uptime_us(start_us, end_us, down, calendar, excluded)
    if now_us < end_us:
        _, used = uptime_us(start_us, now_us, down, calendar, excluded)
    numerator, denominator = _budget_ratio(goal)
    allowed = measured * numerator // denominator
    return ErrorBudget(
        goal=goal,
        start=start,
        end=end,
        now=end if now is None else now,
        measured=ONE_US * measured,
        allowed=ONE_US * allowed,
        used=ONE_US * used,
        left=ONE_US * (allowed - used),
        consumed=percent(used, allowed) if allowed else None,
    )


def burn_rate(
    goal: Decimal | int | str,
    now: datetime,
    window: timedelta,
    outages: Iterable[Outage | tuple[datetime, datetime]],
    *,
    calendar: Calendar = ALWAYS,
    exclusions: Iterable[Outage | tuple[datetime, datetime]] = (),
) -> Decimal:
    """How fast the error budget burns over the trailing ``[now - window, now)``.

    The share of the window's measured time that was down, divided by the share
    the goal allows: ``(down / measured) / ((100 - goal) / 100)``, exact where the
    quotient terminates. A burn rate of 1 spends the budget exactly at the pace
    that uses it up by the end of the period; 2 uses it up in half the period.
    The Google SRE workbook pages at 14.4 over one hour (2 % of a 30-day budget
    gone in an hour) and at 6 over six hours. A window with no measured time
    burns nothing: 0.

    Args:
        goal: The availability goal, a percent from 0 to below 100.
        now: The end of the window (exclusive), aware.
        window: How far back to look; positive.
        outages: [`Outage`][slacore.Outage] values or ``(start, end)`` pairs.
        calendar: The hours that are measured.
        exclusions: Periods left out entirely.

    Returns:
        The burn rate, 0 or more.

    Raises:
        DataError: If `goal` is not a percent below 100 (a goal of 100 leaves no
            budget to burn) or `window` is not positive.
        NaiveDatetimeError: If an instant has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timedelta, timezone
        >>> now = datetime(2025, 6, 2, 12, tzinfo=timezone.utc)
        >>> sla.burn_rate(
        ...     "99.9", now, timedelta(hours=1), [(now - timedelta(seconds=36), now)]
        ... )
        Decimal('10')
    """
    goal_value = _goal(goal)
    if goal_value == HUNDRED:
        msg = "goal must be below 100 for a burn rate: a goal of 100 has no budget"
        raise DataError(msg, field="goal")
    window_us = duration_us(window, "window")
    if window_us <= 0:
        msg = f"window must be positive, got {window}"
        raise DataError(msg, field="window")
    now_us = to_us(now, "now")
    down, excluded = _inputs(outages, exclusions, calendar)
    return burn_of(
        goal_value, now_us, window_us, down=down, excluded=excluded, calendar=calendar
    )


def burn_of(
    goal: Decimal,
    now_us: int,
    window_us: int,
    *,
    down: Iterable[Span],
    excluded: Iterable[Span],
    calendar: Calendar,
) -> Decimal:
    """`burn_rate` of checked inputs: outage and exclusion spans in µs."""
    measured, down_us = uptime_us(now_us - window_us, now_us, down, calendar, excluded)
    if down_us == 0:
        return ZERO
    numerator, denominator = _budget_ratio(goal)
    return divide(down_us * denominator, measured * numerator)
