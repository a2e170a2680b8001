# Instants from text and from local dates: the one reader and the one rule.
#
# What a person wrote is read here: the command line's --now, --start and --end,
# the CSV readers' timestamp cells, and (as `read_instant`) anything else that reads
# an instant from text. The rule, stated once for users in
# docs/reference/csv-inputs.md ("Timestamps and time zones"):
#
# - a date and time with a UTC offset is that instant, and keeps its offset;
# - with an offset and an IANA zone in brackets (RFC 9557) it carries that zone,
#   whose offset at that wall time it must be;
# - without an offset it is a wall time in the zone the caller was given (--tz, a
#   CSV "# tz:" line or tz=, the agreement's zone), and refused when none was;
# - a wall time that zone skips (clocks going forward) or repeats (clocks going
#   back) names no single instant: it is refused, with the two offsets it could
#   have been written with. Nothing is guessed.
#
# Computed wall times (a period start plus a month, midnight of a date) are not
# read from text and are never refused: `local_midnight` is the first instant of a
# local date, and `wall_instant` reads a computed wall time as PEP 495 fold=0 does.

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Final, final

import attrs

from ._time import (
    duration_us,
    from_us,
    local_date,
    require_aware,
    to_us,
    to_zone,
    wall_to_us,
)
from .exceptions import CalendarError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

TIMESTAMP_FORM: Final = (
    "YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an offset such as +02:00 or Z"
)
"""What a timestamp looks like, for messages."""

DATE_OR_TIMESTAMP_FORM: Final = f"a date YYYY-MM-DD or {TIMESTAMP_FORM}"
"""What an instant looks like where a date (local midnight) is allowed too."""

NO_ZONE_HINT: Final = "an offset such as +02:00"
"""The default `expected` of a wall time read without a zone."""

_TIMESTAMP: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(?:(Z)|([+-])(\d{2})(?::(\d{2})(?::(\d{2}))?|(\d{2})))?"
    r"(?:\[([^\[\]]*)\])?",
    re.ASCII,
)
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MAX_FRACTION: Final = 6


@final
@attrs.frozen
class Refusal:
    """Why a text names no single instant, and what would have been valid.

    Attributes:
        text: The text as given.
        reason: What is wrong (``"does not exist in Europe/Berlin: the clocks skip
            it"``).
        expected: What would have been valid.

    Examples:
        >>> parse_instant("noon", None).reason
        'not a timestamp'
    """

    text: str
    reason: str
    expected: str

    @property
    def message(self) -> str:
        """The refusal in one line: the text, the reason, what would do.

        Examples:
            >>> parse_instant("noon", None).message
            "'noon': not a timestamp (expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an offset such as +02:00 or Z)"
        """  # noqa: E501
        return f"{self.text!r}: {self.reason} (expected {self.expected})"


def read_instant(
    text: str,
    tz: ZoneInfo | None,
    *,
    dates: bool = False,
    no_zone: str = NO_ZONE_HINT,
) -> datetime:
    """The instant `text` names, by slacore's one rule; else a `CalendarError`.

    The rule is `parse_instant`'s; this raises where that returns a `Refusal`.

    Raises:
        CalendarError: If `text` names no single instant; the message is the
            refusal's (`Refusal.message`).

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> read_instant("2026-10-05 09:12", berlin).isoformat()
        '2026-10-05T09:12:00+02:00'
        >>> read_instant("2026-10-25 02:30", berlin)
        Traceback (most recent call last):
        ...
        slacore.exceptions.CalendarError: '2026-10-25 02:30': ambiguous in Europe/Berlin: the clocks go back over it (expected a UTC offset: +02:00 (the first time) or +01:00 (the second))
    """  # noqa: E501
    found = parse_instant(text, tz, dates=dates, no_zone=no_zone)
    if isinstance(found, Refusal):
        raise CalendarError(found.message)
    return found


def parse_instant(  # noqa: PLR0911 - one return per rule
    text: str,
    tz: ZoneInfo | None,
    *,
    dates: bool = False,
    no_zone: str = NO_ZONE_HINT,
) -> datetime | Refusal:
    """The instant `text` names, or a `Refusal`: slacore's one reader of instants.

    `text` is ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` (``T`` or a space between date
    and time), optionally followed by a UTC offset (``Z``, ``+02:00``, ``+0200``,
    ``+05:45:00``) and then optionally by an IANA zone in brackets (RFC 9557).

    - With an offset it is that instant, carrying the offset (a
      ``datetime.timezone``).
    - With an offset and a zone in brackets it carries the zone, whose offset at
      that wall time the given one must be (this is how a wall time the zone
      repeats or skips is written exactly).
    - Without an offset it is a wall time in `tz`; refused when `tz` is None.
    - A wall time that `tz` skips or repeats at a DST change is refused: it names
      no single instant. The refusal names both offsets it could be written with.
    - With `dates`, a date alone is the first instant of that date in `tz`
      (see `local_midnight`).

    Args:
        text: The text, already stripped of surrounding spaces.
        tz: The zone of a wall time without an offset, or None for none.
        dates: Whether a date alone is allowed (as local midnight).
        no_zone: What to suggest when a wall time comes without a zone (such as
            ``"an offset such as +02:00, or --tz"``).

    Returns:
        An aware datetime, or a `Refusal` saying why there is none.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> parse_instant("2026-10-05T09:12+02:00", None).isoformat()
        '2026-10-05T09:12:00+02:00'
        >>> parse_instant("2026-10-05 09:12", berlin).isoformat()
        '2026-10-05T09:12:00+02:00'
        >>> parse_instant("2026-03-29 02:30", berlin).reason
        'does not exist in Europe/Berlin: the clocks skip it'
        >>> parse_instant("2026-10-25T02:30+01:00", berlin).isoformat()
        '2026-10-25T02:30:00+01:00'
    """
    found = _TIMESTAMP.fullmatch(text)
    if found is None:
        if dates and _DATE.fullmatch(text):
            return _read_day(text, tz, no_zone)
        form = DATE_OR_TIMESTAMP_FORM if dates else TIMESTAMP_FORM
        return Refusal(text, "not a timestamp", form)
    fraction, z, sign, hours, minutes, seconds, compact, zone_name = found.group(
        7, 8, 9, 10, 11, 12, 13, 14
    )
    if fraction is not None and len(fraction) > _MAX_FRACTION:
        return Refusal(
            text, "more than 6 decimal places of a second", "microseconds at most"
        )
    if sign is not None and (
        int(hours) > 23 or int(minutes or compact) > 59 or int(seconds or 0) > 59
    ):
        return Refusal(
            text, "UTC offset out of range", "an offset from -23:59 to +23:59"
        )
    iso = text if zone_name is None else text[: found.start(14) - 1]
    try:
        value = datetime.fromisoformat(iso)  # the forms _TIMESTAMP allows
    except ValueError as exc:
        return Refusal(text, f"not a valid date and time ({exc})", TIMESTAMP_FORM)
    if zone_name is not None:
        return _read_zoned(text, value, zone_name)
    if z is not None or sign is not None:
        return value
    if tz is None:
        return Refusal(text, "no UTC offset, and no time zone is stated", no_zone)
    return _read_wall(text, value.replace(tzinfo=tz), tz)


def _read_wall(text: str, value: datetime, zone: ZoneInfo) -> datetime | Refusal:
    """`value` (a wall time carrying `zone`, fold=0) if it names one instant."""
    # PEP 495: in a fold, fold=0 is the earlier instant (the larger offset); in a
    # gap, fold=0 reads the wall time with the offset in force before the gap.
    first = zone.utcoffset(value)
    second = zone.utcoffset(value.replace(fold=1))
    if first == second or first is None or second is None:
        return value
    if first > second:
        return Refusal(
            text,
            f"ambiguous in {zone.key}: the clocks go back over it",
            f"a UTC offset: {_offset(first)} (the first time) or {_offset(second)} "
            "(the second)",
        )
    return Refusal(
        text,
        f"does not exist in {zone.key}: the clocks skip it",
        f"a UTC offset: {_offset(first)} (before the change) or {_offset(second)} "
        "(after it)",
    )


def _read_zoned(text: str, value: datetime, name: str) -> datetime | Refusal:
    """`value` (with an offset) in the bracketed zone `name` (RFC 9557)."""
    offset = value.utcoffset()
    if offset is None:
        return Refusal(
            text, f"the zone [{name}] needs the UTC offset before it", TIMESTAMP_FORM
        )
    try:
        zone = to_zone(name)
    except CalendarError:
        return Refusal(
            text, f"unknown time zone {name!r}", "an IANA name such as Europe/Berlin"
        )
    wall = value.replace(tzinfo=None)
    for fold in (0, 1):
        candidate = wall.replace(tzinfo=zone, fold=fold)
        if candidate.utcoffset() == offset:
            return candidate
    return Refusal(
        text,
        f"{name} is not at offset {_offset(offset)} at {wall.isoformat()}",
        f"the offset {name} has then",
    )


def _read_day(text: str, tz: ZoneInfo | None, no_zone: str) -> datetime | Refusal:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        return Refusal(text, f"not a valid date ({exc})", DATE_OR_TIMESTAMP_FORM)
    if tz is None:
        return Refusal(text, "a date, and no time zone is stated", no_zone)
    try:
        return local_midnight(day, tz)
    except CalendarError:
        return Refusal(
            text,
            f"midnight of that date in {tz.key} is out of range",
            "a date from 0001-01-02 to 9999-12-30",
        )


def _offset(value: timedelta) -> str:
    """A UTC offset as ``+02:00`` (``+05:45:30`` with seconds)."""
    sign = "-" if value < timedelta(0) else "+"
    seconds = abs(value) // timedelta(seconds=1)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


# -- local dates and wall times -------------------------------------------------------


def midnight_us(day: date, tz: tzinfo) -> int:
    """The first instant of local date `day` in `tz`, as microseconds since the epoch.

    That is local midnight, except where the clocks skip midnight (in
    America/Santiago or America/Havana they go from 00:00 straight to 01:00 on
    the day summer time starts): then the day starts when the clocks land (at
    01:00; in Toronto on 31 March 1919, when they went from 23:30 to 00:30, at
    00:30). Where midnight comes twice (the clocks go back to 23:00 or from 01:00
    to 00:00), the day starts at the first.

    Examples:
        >>> from datetime import date
        >>> from zoneinfo import ZoneInfo
        >>> from slacore._time import from_us
        >>> santiago = ZoneInfo("America/Santiago")
        >>> from_us(midnight_us(date(2026, 9, 6), santiago), santiago).isoformat()
        '2026-09-06T01:00:00-03:00'
    """
    us = wall_to_us(day, 0, tz)  # fold=0: in a gap, read with the offset before it
    midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - a wall time
    before = tz.utcoffset(midnight)
    after = tz.utcoffset(midnight.replace(fold=1))
    if before is None or after is None or before >= after:
        return us  # midnight exists (once, or first of two)
    # Midnight lies in a gap. fold=0 lands on or after the day's first instant, the
    # fold=1 reading before it: the first instant whose local date is `day` lies
    # between (at the gap's end, when the gap starts before midnight).
    low = us - duration_us(after - before, "gap")
    high = us
    while high - low > 1:
        middle = (low + high) // 2
        if local_date(middle, tz) < day:
            low = middle
        else:
            high = middle
    return high


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The first instant of local date `day` in `tz`, carrying `tz`.

    See `midnight_us` for days whose midnight the clocks skip.

    Raises:
        CalendarError: If that instant lies outside the years a datetime can hold.

    Examples:
        >>> from datetime import date
        >>> from zoneinfo import ZoneInfo
        >>> local_midnight(date(2026, 10, 25), ZoneInfo("Europe/Berlin")).isoformat()
        '2026-10-25T00:00:00+02:00'
        >>> local_midnight(date(2026, 3, 8), ZoneInfo("America/Havana")).isoformat()
        '2026-03-08T01:00:00-04:00'
    """
    return from_us(midnight_us(day, tz), tz)


def wall_instant(wall: datetime, tz: tzinfo) -> datetime:
    """The instant a computed local wall time means in `tz`, carrying `tz`.

    For wall times slacore computes (a period start plus some months), not ones
    read from text (`read_instant` refuses what this resolves): a repeated wall
    time is its first occurrence, and a skipped one is read with the offset in
    force before the gap, so it lands as far past the gap as it lay into it
    (PEP 495 ``fold=0``, RFC 5545).

    Args:
        wall: A wall time; its tzinfo, if any, is ignored.
        tz: The zone.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> wall_instant(datetime(2026, 3, 29, 2, 30), berlin).isoformat()
        '2026-03-29T03:30:00+02:00'
        >>> wall_instant(datetime(2026, 10, 25, 2, 30), berlin).isoformat()
        '2026-10-25T02:30:00+02:00'
    """
    return from_us(to_us(wall.replace(tzinfo=tz, fold=0), "wall"), tz)


def day_or_instant(value: object, field: str, tz: tzinfo) -> datetime:
    """An aware datetime as it is; a local date as its first instant in `tz`.

    Raises:
        NaiveDatetimeError: If `value` is a datetime without a timezone.
        TypeError: If `value` is neither a date nor a datetime.

    Examples:
        >>> from datetime import date
        >>> from zoneinfo import ZoneInfo
        >>> day_or_instant(date(2026, 1, 1), "start", ZoneInfo("UTC")).isoformat()
        '2026-01-01T00:00:00+00:00'
    """
    if isinstance(value, datetime):
        return require_aware(value, field)
    if isinstance(value, date):
        return local_midnight(value, tz)
    msg = f"{field} must be a date or a datetime, got {type(value).__name__}"
    raise TypeError(msg)
