from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Literal,
    Protocol,
    Self,
    TypeAlias,
    TypeVar,
    final,
    overload,
)

import attrs

from . import _batch
from ._closures import Closure, Opening, to_closures, to_openings, us_spans
from ._engine import SHIFT, Engine, chunk_range, engine_for
from ._holidays import HolidaySource, HolidaysSpec
from ._hours import DayHours, HoursSpec, WeeklyHours, parse_day
from ._intervals import Span, clip, merge, subtract
from ._time import (
    EPOCH,
    EPOCH_ORDINAL,
    MAX_US,
    MIN_US,
    ONE_US,
    US_PER_DAY,
    duration_us,
    from_us,
    local_date,
    local_epoch,
    require_aware,
    to_us,
    to_zone,
    wall_to_us,
)
from .exceptions import CalendarError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import numpy as np
    import numpy.typing as npt


class _SeriesLike(Protocol):
    """A pandas or polars Series, or an Arrow array: what turns into numpy."""

    def to_numpy(self, *args: Any, **kwargs: Any) -> Any: ...


_Column = TypeVar("_Column", bound=_SeriesLike)

# The local dates compiled: all that `date` holds but the last, so that an overnight
# interval's end (on the next date) is still a `date`. With any zone offset this
# covers every instant from `MIN_US` to `MAX_US`.
_DATE_MIN: Final = date.min.toordinal()
_DATE_MAX: Final = date.max.toordinal() - 1


def _bad_instant(value: object, name: str) -> Exception:
    """The error for something that is not an aware datetime."""
    try:
        require_aware(value, name)
    except (TypeError, CalendarError) as exc:
        return exc
    return TypeError(f"{name} must be an aware datetime")  # pragma: no cover


def _to_hours(value: HoursSpec) -> WeeklyHours:
    return WeeklyHours.parse(value)


def _to_shifts(value: Any) -> tuple[tuple[date, DayHours], ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, str):
        items = list(value)
    else:
        msg = f"shifts must map dates to hours, got {type(value).__name__}"
        raise TypeError(msg)
    out: dict[date, DayHours] = {}
    for item in items:
        day, spec = item
        if isinstance(day, datetime) or not isinstance(day, date):
            msg = f"shift keys must be datetime.date, got {type(day).__name__} {day!r}"
            raise CalendarError(msg, field="shifts", day=day)
        if day in out:
            msg = f"shift for {day.isoformat()} is given twice"
            raise CalendarError(msg, field="shifts", day=day)
        if isinstance(spec, tuple) and all(isinstance(iv, tuple) for iv in spec):
            out[day] = WeeklyHours((spec,) + ((),) * 6).days[0]
        else:
            out[day] = parse_day(spec, where=day.isoformat())
    return tuple(sorted(out.items()))


def _to_tz(value: str | ZoneInfo) -> ZoneInfo:
    return to_zone(value)


def _to_holidays(value: HolidaysSpec) -> HolidaySource | None:
    return HolidaySource.of(value)


def _zone_key(tz: ZoneInfo) -> str:
    return str(tz)  # the IANA key (the repr for a zone read from a file)


class _Calendar:
    """The public query methods, shared by `BusinessCalendar` and `ComposedCalendar`.

    Each calendar has an `Engine` (`_engine.Engine`), its compiled open time,
    built on the first query and left out of equality, hashing, the repr and
    pickles; every query below converts its arguments and asks the engine.
    """

    __slots__ = ()

    _engine: Engine | None

    @property
    def engine(self) -> Engine:
        """The compiled open time (package-internal): built on first use.

        Equal calendars in one process share one engine, so a calendar that arrives
        by pickle (its definition only) compiles where it is first asked, once.

        Examples:
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.engine is BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine
            True
        """
        engine = self._engine
        if engine is None:
            engine = self._build_engine()
            object.__setattr__(self, "_engine", engine)
        return engine

    if TYPE_CHECKING:  # provided by every calendar class

        def _build_engine(self) -> Engine:
            """The engine of this definition: shared through `engine_for`."""

    def __getstate__(self) -> dict[str, Any]:
        """The definition (the fields given to `__init__`), without the engine."""
        fields = attrs.fields(type(self))  # type: ignore[arg-type]
        return {f.name: getattr(self, f.name) for f in fields if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the definition; the engine is compiled again on first use."""
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_engine", None)

    def is_open(self, t: datetime, /) -> bool:
        """Whether instant `t` lies inside an open interval ``[start, end)``.

        Args:
            t: An aware datetime.

        Raises:
            NaiveDatetimeError: If `t` has no timezone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.is_open(datetime(2025, 6, 2, 9, tzinfo=timezone.utc))
            True
            >>> cal.is_open(datetime(2025, 6, 2, 17, tzinfo=timezone.utc))
            False
        """
        try:
            delta = t - EPOCH
        except TypeError:
            raise _bad_instant(t, "t") from None
        # `_time.to_us`, inlined on this hot path (as in `between` and `add`).
        return (self._engine or self.engine).is_open_us(
            (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        )

    def between(self, a: datetime, b: datetime, /) -> timedelta:
        """Open time inside ``[a, b)``; ``-between(b, a)`` when `b` is before `a`.

        Real elapsed time is counted, so a DST change inside the span is honoured,
        and the result is exact to the microsecond.

        Args:
            a: Start instant, aware.
            b: End instant, aware (any timezone).

        Returns:
            The business time between the two instants.

        Raises:
            NaiveDatetimeError: If either instant has no timezone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> fri = datetime(2025, 6, 6, 16, tzinfo=timezone.utc)
            >>> mon = datetime(2025, 6, 9, 10, tzinfo=timezone.utc)
            >>> cal.between(fri, mon)
            datetime.timedelta(seconds=7200)
            >>> cal.between(mon, fri)
            datetime.timedelta(days=-1, seconds=79200)
        """
        try:
            da = a - EPOCH
        except TypeError:
            raise _bad_instant(a, "a") from None
        try:
            db = b - EPOCH
        except TypeError:
            raise _bad_instant(b, "b") from None
        # `_time.to_us`, inlined on this hot path; `_time` is its home.
        ua = (da.days * 86_400 + da.seconds) * 1_000_000 + da.microseconds
        ub = (db.days * 86_400 + db.seconds) * 1_000_000 + db.microseconds
        engine = self._engine or self.engine
        k = ua >> SHIFT
        if k == ub >> SHIFT:
            # `Engine.position_span`'s one-chunk case, inlined on this hot path (a
            # measured 8 % of a call); the engine is its home.
            chunk = engine.chunks.get(k) or engine.chunk(k)
            starts, ends, cum_end = chunk.starts, chunk.ends, chunk.cum_end
            i = bisect_right(starts, ua) - 1
            pa = 0 if i < 0 else cum_end[i] - (ends[i] - ua if ua < ends[i] else 0)
            i = bisect_right(starts, ub) - 1
            pb = 0 if i < 0 else cum_end[i] - (ends[i] - ub if ub < ends[i] else 0)
            return ONE_US * (pb - pa)
        return ONE_US * engine.between_us(ua, ub)

    def add(self, t: datetime, d: timedelta, /) -> datetime:
        """Return the instant `d` of business time after `t`.

        For ``d >= 0`` this is the earliest ``s >= t`` with ``between(t, s) == d``,
        so ``add(t, 0) == t`` and a target that runs out exactly at closing time is
        due at closing time. A negative `d` is
        [`subtract(t, -d)`][slacore.BusinessCalendar.subtract].

        Args:
            t: Start instant, aware. The result carries its tzinfo.
            d: Business time to add, exact to the microsecond.

        Returns:
            The due instant, in `t`'s timezone.

        Raises:
            NaiveDatetimeError: If `t` has no timezone.
            NeverOpenError: If the calendar never opens again after `t`.
            CalendarError: If the answer lies past the year 9999.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.add(
            ...     datetime(2025, 6, 6, 16, tzinfo=timezone.utc), timedelta(hours=2)
            ... )
            datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.timezone.utc)
            >>> cal.add(
            ...     datetime(2025, 6, 6, 16, tzinfo=timezone.utc), timedelta(hours=1)
            ... )
            datetime.datetime(2025, 6, 6, 17, 0, tzinfo=datetime.timezone.utc)
        """
        try:
            delta = t - EPOCH
        except TypeError:
            raise _bad_instant(t, "t") from None
        # `_time.duration_us` and `_time.to_us`, inlined on this hot path; `_time`
        # is their home (and reads every value that is not a timedelta).
        try:
            dus = (d.days * 86_400 + d.seconds) * 1_000_000 + d.microseconds
        except AttributeError:
            dus = duration_us(d, "d")  # not a timedelta: raises the TypeError
        us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        tz = t.tzinfo
        engine = self._engine or self.engine
        if dus <= 0:
            if dus == 0:
                return t
            return from_us(engine.subtract_us(us, -dus), tz)  # type: ignore[arg-type]
        # `Engine.add_us`'s one-chunk case, inlined on this hot path (a measured 4 %
        # of a call); the engine is its home, and answers every other case.
        k = us >> SHIFT
        chunk = engine.chunks.get(k) or engine.chunk(k)
        cum_end = chunk.cum_end
        i = bisect_right(chunk.starts, us) - 1
        if i < 0:
            target = dus
        else:
            end = chunk.ends[i]
            target = cum_end[i] - (end - us if us < end else 0) + dus
        if target <= chunk.total:
            j = bisect_left(cum_end, target)
            r = chunk.ends[j] - (cum_end[j] - target)
            if MIN_US <= r <= MAX_US:  # `from_us`, less its range check
                return tz.fromutc(local_epoch(tz) + ONE_US * r)  # type: ignore[union-attr, arg-type]
        return from_us(engine.add_us(us, dus), tz)  # type: ignore[arg-type]

    def subtract(self, t: datetime, d: timedelta, /) -> datetime:
        """Return the instant `d` of business time before `t`.

        For ``d >= 0`` this is the latest ``s <= t`` with ``between(s, t) == d``, so
        an amount that runs out exactly at an opening time lands on the opening
        time. A negative `d` is [`add(t, -d)`][slacore.BusinessCalendar.add].

        Args:
            t: End instant, aware. The result carries its tzinfo.
            d: Business time to go back, exact to the microsecond.

        Returns:
            The earlier instant, in `t`'s timezone.

        Raises:
            NaiveDatetimeError: If `t` has no timezone.
            NeverOpenError: If the calendar was never open before `t`.
            CalendarError: If the answer lies before the year 1.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.subtract(
            ...     datetime(2025, 6, 9, 10, tzinfo=timezone.utc), timedelta(hours=2)
            ... )
            datetime.datetime(2025, 6, 6, 16, 0, tzinfo=datetime.timezone.utc)
        """
        try:
            delta = t - EPOCH
        except TypeError:
            raise _bad_instant(t, "t") from None
        dus = duration_us(d, "d")
        # `_time.to_us` below, inlined as in `add`; `_time` is its home.
        if dus <= 0:
            if dus == 0:
                return t
            us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            return from_us(self.engine.add_us(us, -dus), t.tzinfo)  # type: ignore[arg-type]
        us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return from_us(self.engine.subtract_us(us, dus), t.tzinfo)  # type: ignore[arg-type]

    def next_open(self, t: datetime, /) -> datetime:
        """The earliest instant at or after `t` when the calendar is open.

        Returns `t` itself when the calendar is open at `t`.

        Raises:
            NaiveDatetimeError: If `t` has no timezone.
            NeverOpenError: If the calendar never opens again after `t`.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.next_open(datetime(2025, 6, 7, 12, tzinfo=timezone.utc))
            datetime.datetime(2025, 6, 9, 9, 0, tzinfo=datetime.timezone.utc)
        """
        us = to_us(t, "t")
        return from_us(self.engine.next_open_us(us), t.tzinfo)  # type: ignore[arg-type]

    def next_close(self, t: datetime, /) -> datetime | None:
        """The earliest instant at or after `t` when the calendar is not open.

        Returns `t` itself when the calendar is closed at `t`, and `None` for a
        calendar that never closes again (such as [`ALWAYS`][slacore.ALWAYS]).

        Raises:
            NaiveDatetimeError: If `t` has no timezone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.next_close(datetime(2025, 6, 2, 10, tzinfo=timezone.utc))
            datetime.datetime(2025, 6, 2, 17, 0, tzinfo=datetime.timezone.utc)
            >>> print(ALWAYS.next_close(datetime(2025, 6, 2, tzinfo=timezone.utc)))
            None
        """
        us = to_us(t, "t")
        end = self.engine.next_close_us(us)
        return None if end is None else from_us(end, t.tzinfo)  # type: ignore[arg-type]

    def open_intervals(
        self, a: datetime, b: datetime, /
    ) -> Iterator[tuple[datetime, datetime]]:
        """The open time inside ``[a, b)`` as merged ``(start, end)`` pairs, in order.

        Intervals that touch are merged (an overnight shift that meets the next
        day's hours is one interval), and the first and last are clipped to the
        span. The pairs carry `a`'s tzinfo. Their lengths, taken in UTC (two
        datetimes with the same tzinfo subtract on the wall clock), add up to
        ``between(a, b)``.

        Raises:
            NaiveDatetimeError: If either instant has no timezone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-12:00,13:00-17:00", tz="UTC")
            >>> for s, e in cal.open_intervals(
            ...     datetime(2025, 6, 2, 10, tzinfo=timezone.utc),
            ...     datetime(2025, 6, 2, 15, tzinfo=timezone.utc),
            ... ):
            ...     print(s.time(), e.time())
            10:00:00 12:00:00
            13:00:00 15:00:00
        """
        ua, ub = to_us(a, "a"), to_us(b, "b")
        tz = a.tzinfo
        if ua >= ub:
            return iter(())
        return (
            (from_us(s, tz), from_us(e, tz))  # type: ignore[arg-type]
            for s, e in self.engine.spans(ua, ub)
        )

    @overload
    def add_many(
        self, starts: npt.NDArray[np.datetime64], durations: Any
    ) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_many(self, starts: _Column, durations: Any) -> _Column: ...
    @overload
    def add_many(
        self, starts: Iterable[datetime], durations: timedelta | Iterable[timedelta]
    ) -> list[datetime]: ...
    def add_many(self, starts: Any, durations: Any) -> Any:
        """[`add`][slacore.BusinessCalendar.add] over many starts at once.

        Takes a sequence of aware datetimes with one timedelta or a sequence of them
        (returns a list of datetimes), or numpy ``datetime64`` values read as UTC with
        ``timedelta64`` durations (returns a ``datetime64[us]`` array, UTC; ``NaT``
        stays ``NaT``), or a pandas or polars Series or an Arrow array of aware
        datetimes in any zone, with a timedelta or a Series/array of durations
        (returns the same kind: a Series with the starts' index, name and zone, or
        an Arrow array; nulls stay null). The numpy, Series and Arrow paths are
        vectorised and need the ``tables`` extra (and the library's own).

        Raises:
            SlaError: If the two sequences differ in length.
            NaiveDatetimeError: If a start has no timezone (naming its index).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> t = datetime(2025, 6, 6, 16, tzinfo=timezone.utc)
            >>> [
            ...     d.hour
            ...     for d in cal.add_many(
            ...         [t, t], [timedelta(hours=1), timedelta(hours=2)]
            ...     )
            ... ]
            [17, 10]
            >>> import numpy as np
            >>> cal.add_many(
            ...     np.array(["2025-06-06T16:00"], "datetime64[us]"),
            ...     np.timedelta64(2, "h"),
            ... )
            array(['2025-06-09T10:00:00.000000'], dtype='datetime64[us]')
        """
        return _batch.add_many(self, starts, durations)

    @overload
    def between_many(
        self, starts: npt.NDArray[np.datetime64], ends: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.timedelta64]: ...
    @overload
    def between_many(self, starts: _SeriesLike, ends: _SeriesLike) -> Any: ...
    @overload
    def between_many(
        self, starts: Iterable[datetime], ends: Iterable[datetime]
    ) -> list[timedelta]: ...
    def between_many(self, starts: Any, ends: Any) -> Any:
        """[`between`][slacore.BusinessCalendar.between] over many pairs at once.

        Takes two sequences of aware datetimes (returns a list of timedeltas), two
        numpy ``datetime64`` arrays read as UTC (returns ``timedelta64[us]``; ``NaT``
        in, ``NaT`` out), or two pandas or polars Series or Arrow arrays of aware
        datetimes in any zones (returns a duration Series of the same library, with
        the starts' index, or an Arrow duration array; a null in either gives a
        null), as ``cal.between_many(df.created_at, df.first_reply_at)``.

        Raises:
            SlaError: If the two sequences differ in length.

        Examples:
            >>> import numpy as np
            >>> cal = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
            >>> cal.between_many(
            ...     np.array(["2025-06-06T16:00"], "datetime64[us]"),
            ...     np.array(["2025-06-09T10:00"], "datetime64[us]"),
            ... ).astype("timedelta64[m]")
            array([120], dtype='timedelta64[m]')
        """
        return _batch.between_many(self, starts, ends)

    def __or__(self, other: object) -> ComposedCalendar:
        """Open when either calendar is open; the left calendar's tz."""
        if not isinstance(other, _Calendar):
            return NotImplemented
        return ComposedCalendar("|", self, other)  # type: ignore[arg-type]

    def __and__(self, other: object) -> ComposedCalendar:
        """Open when both calendars are open; the left calendar's tz."""
        if not isinstance(other, _Calendar):
            return NotImplemented
        return ComposedCalendar("&", self, other)  # type: ignore[arg-type]


@final
@attrs.frozen(repr=False, getstate_setstate=False)
class BusinessCalendar(_Calendar):
    """When the clock runs: weekly hours in a time zone, less holidays and closures.

    The hours are wall-clock times in `tz`, mapped to instants with PEP 495
    ``fold=0``: a DST change lengthens or shortens that day's business time by the
    real amount, and an interval that a DST gap leaves with no real time is empty.
    Each interval belongs to the local date it starts on. Precedence, strongest
    first: closures, then openings, then shifts (date-specific hours, which also
    beat holidays), then holidays, then the weekly hours.

    Calendars are immutable values, compare and hash by value, and compile their
    open time lazily per chunk of about a year, so `add` and `between` cost about
    the same for a span of ten years as for a day.

    Attributes:
        hours: The weekly hours (a spec string or mapping is parsed).
        tz: The zone the hours are read in (an IANA name is converted).
        holidays: Dates the weekly hours do not apply (`holidays.HolidayBase` or
            dates), closing every interval that starts on such a local date.
        shifts: Date-specific hours, replacing that date's weekly hours and winning
            over holidays: a mapping of `date` to a day spec (``"09:00-12:00"``,
            ``"closed"``).
        closures: Periods closed whatever else says.
        openings: Extra open periods, e.g. a working Saturday.

    Examples:
        >>> import holidays
        >>> from datetime import date, datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> cal = BusinessCalendar(
        ...     "mon-fri 09:00-17:00",
        ...     tz="Europe/Berlin",
        ...     holidays=holidays.country_holidays("DE", subdiv="BY"),
        ...     shifts={date(2025, 12, 24): "09:00-12:00"},
        ... )
        >>> print(
        ...     cal.add(datetime(2025, 12, 23, 16, tzinfo=berlin), timedelta(hours=5))
        ... )
        2025-12-29 10:00:00+01:00
    """

    hours: WeeklyHours = attrs.field(converter=_to_hours)
    tz: ZoneInfo = attrs.field(
        converter=_to_tz,
        eq=_zone_key,
    )
    holidays: HolidaySource | None = attrs.field(
        default=None, converter=_to_holidays, kw_only=True
    )
    shifts: tuple[tuple[date, DayHours], ...] = attrs.field(
        default=None, converter=_to_shifts, kw_only=True
    )
    closures: tuple[Closure, ...] = attrs.field(
        default=(), converter=to_closures, kw_only=True
    )
    openings: tuple[Opening, ...] = attrs.field(
        default=(), converter=to_openings, kw_only=True
    )
    _engine: Engine | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False
    )

    @classmethod
    def always(cls, tz: str | ZoneInfo = "UTC") -> Self:
        """A calendar that is always open (24/7), in `tz`.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar.always()
            >>> t = datetime(2025, 3, 30, tzinfo=timezone.utc)
            >>> cal.add(t, timedelta(hours=30)) == t + timedelta(hours=30)
            True
        """
        return cls(WeeklyHours.always(), tz=tz)

    def _build_engine(self) -> Engine:
        key = (
            self.hours,
            self.tz,  # by identity: two zones of one name may hold different rules
            self.holidays,
            self.shifts,
            self.closures,
            self.openings,
        )
        return engine_for(key, self._compiled)

    def _compiled(self) -> Engine:
        """A new engine: the weekly hours laid out day by day, less the exceptions."""
        closures = us_spans(self.closures)
        openings = us_spans(self.openings)
        lo, hi = MAX_US + 1, MIN_US - 1
        for start, end in closures + openings:
            lo, hi = min(lo, start), max(hi, end)
        dated = [day for day, _ in self.shifts]
        if self.holidays is not None and (found := self.holidays.bounds()) is not None:
            dated.extend(found)
        if dated:
            first, last = min(dated).toordinal(), max(dated).toordinal()
            lo = min(lo, (first - 2 - EPOCH_ORDINAL) * US_PER_DAY)
            hi = max(hi, (last + 3 - EPOCH_ORDINAL) * US_PER_DAY)
        shifts = dict(self.shifts)
        tz = self.tz
        days = self.hours.days
        holidays = self.holidays

        def source(k: int) -> list[Span]:
            lo, hi = chunk_range(k)
            first = max(local_date(lo, tz).toordinal() - 2, _DATE_MIN)
            last = min(local_date(hi - 1, tz).toordinal() + 1, _DATE_MAX)
            spans: list[Span] = []
            year, closed = 0, frozenset[date]()
            for ordinal in range(first, last + 1):
                day = date.fromordinal(ordinal)
                intervals = shifts.get(day) if shifts else None
                if intervals is None:
                    if holidays is not None:
                        if day.year != year:
                            year, closed = day.year, holidays.dates_in(day.year)
                        if day in closed:
                            continue
                    intervals = days[(ordinal - 1) % 7]
                for start, end in intervals:
                    a = wall_to_us(day, start, tz)
                    b = wall_to_us(day, end, tz)
                    if a < b:
                        spans.append((a, b))
            if openings:
                spans.extend(clip(openings, lo, hi))
            merged = merge(spans)
            if closures:
                merged = subtract(merged, clip(closures, lo, hi))
            return clip(merged, lo, hi)

        return Engine(source, (lo, hi))

    def __repr__(self) -> str:
        parts = [repr(self.hours), f"tz={_zone_key(self.tz)!r}"]
        if self.holidays is not None:
            parts.append(f"holidays={self.holidays!r}")
        if self.shifts:
            parts.append(f"shifts=<{len(self.shifts)} dates>")
        if self.closures:
            parts.append(f"closures=<{len(self.closures)}>")
        if self.openings:
            parts.append(f"openings=<{len(self.openings)}>")
        return f"BusinessCalendar({', '.join(parts)})"


@final
@attrs.frozen(repr=False, getstate_setstate=False)
class ComposedCalendar(_Calendar):
    """Two calendars combined: ``a | b`` (open when either is) or ``a & b`` (both).

    Built with the operators, never directly needed. The operands may be in
    different time zones; the result's `tz` is the left operand's. A composition
    answers every calendar query, at the same speed, and composes further.

    Attributes:
        op: ``"|"`` for union, ``"&"`` for intersection.
        left: The left operand.
        right: The right operand.

    Examples:
        >>> from datetime import datetime, timezone
        >>> berlin = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
        >>> new_york = BusinessCalendar("mon-fri 09:00-17:00", tz="America/New_York")
        >>> desk = berlin | new_york
        >>> desk.is_open(datetime(2025, 6, 2, 18, tzinfo=timezone.utc))
        True
        >>> (berlin & new_york).between(
        ...     datetime(2025, 6, 2, tzinfo=timezone.utc),
        ...     datetime(2025, 6, 3, tzinfo=timezone.utc),
        ... )
        datetime.timedelta(seconds=7200)
    """

    op: Literal["|", "&"] = attrs.field(validator=attrs.validators.in_(("|", "&")))
    left: BusinessCalendar | ComposedCalendar
    right: BusinessCalendar | ComposedCalendar
    _engine: Engine | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False
    )

    @property
    def tz(self) -> ZoneInfo:
        """The left operand's time zone."""
        return self.left.tz

    def _build_engine(self) -> Engine:
        left, right = self.left.engine, self.right.engine
        # The operands' engines stand for their definitions (equal ones are shared).
        return engine_for((self.op, left, right), lambda: left.combine(self.op, right))

    def __repr__(self) -> str:
        return f"({self.left!r} {self.op} {self.right!r})"


Calendar: TypeAlias = BusinessCalendar | ComposedCalendar
"""Any calendar: a `BusinessCalendar` or a composition (for annotations)."""

ALWAYS: Final = BusinessCalendar.always()
"""Open 24/7, in UTC: the calendar of timers that run on wall-clock time.

Examples:
    >>> from datetime import datetime, timezone
    >>> ALWAYS.is_open(datetime(2025, 12, 25, 3, tzinfo=timezone.utc))
    True
"""
