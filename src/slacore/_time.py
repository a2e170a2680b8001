from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .exceptions import CalendarError, NaiveDatetimeError

# Instants are integer microseconds since 1970-01-01T00:00:00Z inside slacore.
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
US_PER_SECOND: Final = 1_000_000
US_PER_MINUTE: Final = 60 * US_PER_SECOND
US_PER_DAY: Final = 86_400 * US_PER_SECOND
# `ONE_US * n` is the fastest exact timedelta of n microseconds.
ONE_US: Final = timedelta(microseconds=1)
# The instants a `datetime` can hold, as microseconds (with a day of margin so that
# any zone's offset keeps the local value representable).
MIN_US: Final = (date.min.toordinal() + 1 - EPOCH_ORDINAL) * US_PER_DAY
MAX_US: Final = (date.max.toordinal() - EPOCH_ORDINAL) * US_PER_DAY


def require_aware(value: object, name: str) -> datetime:
    """Return *value* if it is an aware datetime, else raise naming *name*."""
    if not isinstance(value, datetime):
        msg = f"{name} must be a datetime, got {type(value).__name__}"
        raise TypeError(msg)
    if value.utcoffset() is None:
        raise NaiveDatetimeError.of(name, value)
    return value


def to_us(value: object, name: str) -> int:
    """Convert an aware datetime to integer microseconds since the epoch (UTC)."""
    try:
        delta: timedelta = value - EPOCH  # type: ignore[operator]
    except TypeError:
        require_aware(value, name)
        raise
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def duration_us(value: object, name: str) -> int:
    """Convert a timedelta to integer microseconds."""
    if not isinstance(value, timedelta):
        msg = f"{name} must be a timedelta, got {type(value).__name__}"
        raise TypeError(msg)
    return (value.days * 86_400 + value.seconds) * US_PER_SECOND + value.microseconds


# 1970-01-01T00:00 carrying each tzinfo seen, so that `tz.fromutc(epoch + delta)`
# converts in one step (half the cost of `astimezone`). A memo, bounded in size.
_LOCAL_EPOCHS: dict[tzinfo, datetime] = {}


def local_epoch(tz: tzinfo) -> datetime:
    """1970-01-01T00:00 with tzinfo *tz* (UTC wall fields, for `tz.fromutc`)."""
    try:
        found = _LOCAL_EPOCHS.get(tz)
    except TypeError:  # an unhashable tzinfo (dateutil's tzfile): no memo
        return datetime(1970, 1, 1, tzinfo=tz)
    # Equal tzinfos need not be the same object (fixed offsets compare by offset
    # alone), and `fromutc` insists on its own: check identity, not equality.
    if found is None or found.tzinfo is not tz:
        found = datetime(1970, 1, 1, tzinfo=tz)
        if len(_LOCAL_EPOCHS) < 1024:
            _LOCAL_EPOCHS[tz] = found
    return found


def from_us(us: int, tz: tzinfo) -> datetime:
    """Convert integer microseconds since the epoch to an aware datetime in *tz*.

    Raises:
        CalendarError: If *us* lies outside ``[MIN_US, MAX_US]``, naming it.
    """
    if not MIN_US <= us <= MAX_US:
        msg = f"the result {format_us(us)} lies outside the years 1-9999"
        raise CalendarError(msg)
    return tz.fromutc(local_epoch(tz) + ONE_US * us)


def from_us_or_none(us: int, tz: tzinfo) -> datetime | None:
    """`from_us`, but None outside ``[MIN_US, MAX_US]`` (past the year 9999)."""
    if not MIN_US <= us <= MAX_US:
        return None
    return tz.fromutc(local_epoch(tz) + ONE_US * us)


def to_zone(value: object) -> ZoneInfo:
    """Normalise an IANA name or a ZoneInfo to a ZoneInfo."""
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str):
        kind = type(value).__name__
        msg = f"tz must be an IANA time zone name or a ZoneInfo, got {kind}"
        raise TypeError(msg)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: "Europe"
        msg = f"unknown time zone {value!r}"
        raise CalendarError(msg, field="tz") from exc


def wall_to_us(day: date, minute: int, tz: tzinfo) -> int:
    """Map minute *minute* after local midnight of *day* to an instant (PEP 495 fold=0).

    *minute* may exceed 1440 for hours that run past midnight. A wall time that a DST
    gap skips is read with the offset in force before the gap, as PEP 495 ``fold=0``
    (and RFC 5545) do; a repeated wall time is its first occurrence.
    """
    days, minute = divmod(minute, 1440)
    ordinal = day.toordinal() + days
    local = datetime.fromordinal(ordinal).replace(hour=minute // 60, minute=minute % 60)
    offset = tz.utcoffset(local)
    if offset is None:  # pragma: no cover - ZoneInfo always answers
        offset = timedelta(0)
    offset_us = (offset.days * 86_400 + offset.seconds) * US_PER_SECOND
    return (ordinal - EPOCH_ORDINAL) * US_PER_DAY + minute * US_PER_MINUTE - offset_us


def local_date(us: int, tz: tzinfo) -> date:
    """The local date of instant *us* in *tz*, clamped to what `date` can hold."""
    us = min(max(us, MIN_US), MAX_US)
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz).date()


def format_us(us: int) -> str:
    """ISO form of an instant for messages, in UTC.

    Every instant a `datetime` holds is named by its ISO text (the whole years
    1-9999, not only ``[MIN_US, MAX_US]``); one past them by the end it passes.

    Examples:
        >>> format_us(0)
        '1970-01-01T00:00:00+00:00'
        >>> format_us(MAX_US * 2)
        'an instant after 9999-12-31T23:59:59.999999+00:00'
    """
    try:
        return (EPOCH + ONE_US * us).isoformat()
    except OverflowError:
        if us > 0:
            return f"an instant after {datetime.max.replace(tzinfo=UTC).isoformat()}"
        return f"an instant before {datetime.min.replace(tzinfo=UTC).isoformat()}"
