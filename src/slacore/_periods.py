from __future__ import annotations

import enum
from datetime import date, datetime, tzinfo
from typing import Final, cast, final

from dateutil.relativedelta import MO, relativedelta

from ._instants import local_midnight, midnight_us
from ._time import from_us, to_us
from .exceptions import AgreementError, CalendarError

_STEPS: Final = {
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "yearly": relativedelta(years=1),
}


@final
class Period(enum.Enum):
    """How long an agreement's reporting period is.

    Periods are aligned to the calendar in the agreement's time zone: a week starts
    on Monday at local midnight, a month on the 1st, a quarter on 1 January, 1 April,
    1 July or 1 October, a year on 1 January. A period is the half-open interval
    from one local midnight to the next period's (where the clocks skip midnight,
    from the day's first instant: 01:00 in America/Santiago when summer time
    starts), so periods tile time with no gap or overlap, and a month in which the
    clocks change is an hour shorter or longer in real time.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> start, end = Period.MONTHLY.bounds(datetime(2026, 10, 20, tzinfo=berlin))
        >>> start.isoformat(), end.isoformat()
        ('2026-10-01T00:00:00+02:00', '2026-11-01T00:00:00+01:00')
        >>> from datetime import timezone
        >>> end.astimezone(timezone.utc) - start  # real time: 31 days and an hour
        datetime.timedelta(days=31, seconds=3600)
    """

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @classmethod
    def parse(cls, value: Period | str, field: str = "period") -> Period:
        """Read a period from its name (any case) or return a `Period` unchanged.

        Raises:
            AgreementError: If `value` names no period.

        Examples:
            >>> Period.parse("Quarterly")
            <Period.QUARTERLY: 'quarterly'>
        """
        if isinstance(value, Period):
            return value
        text: object = value
        if isinstance(text, str) and text.strip().lower() in _STEPS:
            return cls(text.strip().lower())
        names = ", ".join(_STEPS)
        msg = f"{field} must be one of {names}, got {value!r}"
        raise AgreementError(msg, field=field)

    @property
    def step(self) -> relativedelta:
        """The period's length on the wall clock, as a `relativedelta`.

        Examples:
            >>> Period.QUARTERLY.step
            relativedelta(months=+3)
        """
        return _STEPS[self.value]

    def first_day(self, day: date) -> date:
        """The local date the period containing `day` starts on.

        Examples:
            >>> from datetime import date
            >>> Period.WEEKLY.first_day(date(2026, 11, 22))  # a Sunday
            datetime.date(2026, 11, 16)
        """
        if self is Period.WEEKLY:
            return day + relativedelta(weekday=MO(-1))
        if self is Period.MONTHLY:
            return day.replace(day=1)
        if self is Period.QUARTERLY:
            return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return date(day.year, 1, 1)

    def bounds(
        self, t: datetime, tz: tzinfo | None = None
    ) -> tuple[datetime, datetime]:
        """The ``[start, end)`` of the period containing instant `t`.

        Args:
            t: An aware instant.
            tz: The zone the periods are aligned in; `t`'s own zone by default. The
                bounds carry this zone.

        Raises:
            NaiveDatetimeError: If `t` has no timezone.
            CalendarError: If the period does not end by 9999-12-31, the last day
                a datetime can hold.

        Examples:
            >>> from datetime import datetime, timezone
            >>> start, end = Period.YEARLY.bounds(
            ...     datetime(2026, 7, 1, tzinfo=timezone.utc)
            ... )
            >>> start.year, end.year
            (2026, 2027)
        """
        t_us = to_us(t, "t")
        zone = cast("tzinfo", t.tzinfo) if tz is None else tz  # aware: checked above
        first = self.first_day(from_us(t_us, zone).date())
        end = _later(first, self.step, 1)
        if end is None:
            msg = (
                f"the {self.value} period starting {first.isoformat()} ends after "
                "9999-12-31, outside the years a datetime can hold (1-9999)"
            )
            raise CalendarError(msg, day=first, field="period")
        return local_midnight(first, zone), from_us(midnight_us(end, zone), zone)

    def starts(self, first: date, tz: tzinfo) -> _Starts:
        """The period starts from the one containing local date `first`, onwards.

        Examples:
            >>> from datetime import date, timezone
            >>> starts = Period.QUARTERLY.starts(date(2026, 5, 5), timezone.utc)
            >>> [next(starts).month for _ in range(3)]
            [4, 7, 10]
        """
        return _Starts(self, self.first_day(first), tz)


class _Starts:
    """An endless iterator over period starts (local midnights, as aware datetimes)."""

    __slots__ = ("_count", "_first", "_period", "_tz")

    def __init__(self, period: Period, first: date, tz: tzinfo) -> None:
        self._period = period
        self._first = first
        self._tz = tz
        self._count = 0

    def __iter__(self) -> _Starts:
        return self

    def __next__(self) -> datetime:
        # Each start is computed from the first (not by repeated addition), so month
        # ends never drift.
        day = _later(self._first, self._period.step, self._count)
        if day is None:
            msg = (
                f"no {self._period.value} period starts after 9999-12-31, the last "
                "day a datetime can hold"
            )
            raise CalendarError(msg, field="period")
        self._count += 1
        return local_midnight(day, self._tz)


def _later(first: date, step: relativedelta, count: int) -> date | None:
    """`first` plus `count` steps, or None past the last day a `date` can hold."""
    try:
        return first + step * count
    except (ValueError, OverflowError):  # "year 10000 is out of range"
        return None
