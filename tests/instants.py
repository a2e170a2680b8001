"""Building and reading instants in tests: one small set of helpers for every file.

    >>> utc(2026, 10, 5, 9)
    datetime.datetime(2026, 10, 5, 9, 0, tzinfo=datetime.timezone.utc)
    >>> at("2026-10-05T09:00", "Europe/Berlin").isoformat()
    '2026-10-05T09:00:00+02:00'
    >>> local("America/New_York", 2026, 3, 8, 12).isoformat()
    '2026-03-08T12:00:00-04:00'
    >>> us(utc(1970, 1, 1, microsecond=5)), from_us(5) == utc(1970, 1, 1, microsecond=5)
    (5, True)
    >>> in_utc(at("2026-10-05T09:00", BERLIN)) == utc(2026, 10, 5, 7)
    True

Wall times are read with ``fold=0`` (the earlier of a repeated hour), as
`datetime` does; `at` refuses a wall time a zone skips, so a test never builds a
non-existent instant by accident.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final, overload
from zoneinfo import ZoneInfo

__all__ = (
    "BERLIN",
    "EPOCH",
    "NEW_YORK",
    "US",
    "UTC",
    "at",
    "from_us",
    "in_utc",
    "local",
    "us",
    "utc",
)

BERLIN: Final = ZoneInfo("Europe/Berlin")
NEW_YORK: Final = ZoneInfo("America/New_York")
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
US: Final = timedelta(microseconds=1)
"""One microsecond, the resolution of every instant and duration."""


def _zone(zone: tzinfo | str) -> tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def utc(  # noqa: PLR0917 - mirrors the datetime constructor
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> datetime:
    """An aware UTC datetime: ``utc(2026, 10, 5, 9)``."""
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


def local(  # noqa: PLR0917 - mirrors the datetime constructor
    zone: tzinfo | str,
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> datetime:
    """A wall time in `zone` (a `tzinfo` or an IANA name), ``fold=0``."""
    return datetime(
        year, month, day, hour, minute, second, microsecond, tzinfo=_zone(zone)
    )


def at(text: str, zone: tzinfo | str | None = None) -> datetime:
    """An ISO 8601 instant: ``at("2026-10-05T09:00Z")``.

    A text with an offset is that instant (shown in `zone` when one is given); a
    text without one is a wall time in `zone`, which must then be given and must
    not be skipped by a clock change there.
    """
    value = datetime.fromisoformat(text)
    if value.tzinfo is not None:
        return value if zone is None else value.astimezone(_zone(zone))
    if zone is None:
        msg = f"{text!r} has no offset: give the zone its wall time is read in"
        raise ValueError(msg)
    wall = value.replace(tzinfo=_zone(zone))
    back = wall.astimezone(UTC).astimezone(wall.tzinfo).replace(tzinfo=None)
    if back != value:
        msg = f"{text!r} does not exist in {zone}: the clocks skip it"
        raise ValueError(msg)
    return wall


def us(t: datetime) -> int:
    """Microseconds from 1970-01-01 UTC to the aware instant `t`."""
    return (t - EPOCH) // US


def from_us(count: int, zone: tzinfo | str = UTC) -> datetime:
    """The instant `count` microseconds after 1970-01-01 UTC, shown in `zone`."""
    return (EPOCH + count * US).astimezone(_zone(zone))


@overload
def in_utc(t: datetime) -> datetime: ...
@overload
def in_utc(t: None) -> None: ...
def in_utc(t: datetime | None) -> datetime | None:
    """`t` shown in UTC (None stays None), to compare instants, not wall clocks."""
    return None if t is None else t.astimezone(UTC)
