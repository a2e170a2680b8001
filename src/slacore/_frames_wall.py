# Instants of table cells that are not already instants: text with or without an
# offset and naive datetimes, read by the CSV readers' rule (`_instants`), and
# whole columns of naive wall times localised in a zone (one offset per distinct
# hour; an hour with a DST change read row by row). Used by `_frames.Column`.

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from ._instants import Refusal, parse_instant
from ._time import US_PER_SECOND, to_us

if TYPE_CHECKING:
    from collections.abc import Callable
    from zoneinfo import ZoneInfo

    from ._table_problems import Problems

_US_PER_HOUR: Final = 3600 * US_PER_SECOND
_NO_ZONE: Final = "an offset such as +02:00, or tz="


def timedelta_us(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * US_PER_SECOND + value.microseconds


def read_text(text: str, tz: ZoneInfo | None) -> int | Refusal:
    found = parse_instant(text.strip(), tz, no_zone=_NO_ZONE)
    if isinstance(found, Refusal):
        return found
    return to_us(found, "at")


def read_datetime(value: datetime, tz: ZoneInfo | None) -> int | Refusal | None:
    if value.utcoffset() is not None:
        return to_us(value, "at")
    if tz is None:
        return None
    return read_text(value.isoformat(), tz)


def _constant(text: str) -> Callable[[int], str]:
    return lambda _row: text


def localise(  # noqa: PLR0917 - internal, called once
    np: Any, wall: Any, missing: Any, tz: ZoneInfo, problems: Problems, name: str
) -> Any:
    """Wall times (µs, naive) in `tz` as instants, by the CSV readers' rule.

    The offset is found once per distinct hour; an hour in which it changes (a DST
    change) is read row by row, refusing the wall times `tz` skips or repeats.
    """
    live = np.flatnonzero(~missing)
    out = wall.copy()
    if len(live) == 0:
        return out
    hours, inverse = np.unique(wall[live] // _US_PER_HOUR, return_inverse=True)
    offsets = np.zeros(len(hours), dtype=np.int64)
    mixed = np.zeros(len(hours), dtype=bool)
    epoch = datetime(1970, 1, 1)  # noqa: DTZ001 - a wall time
    for index, hour in enumerate(hours.tolist()):
        start = epoch + timedelta(hours=hour)
        end = start + timedelta(hours=1, microseconds=-1)
        found = {
            tz.utcoffset(start),
            tz.utcoffset(start.replace(fold=1)),
            tz.utcoffset(end),
            tz.utcoffset(end.replace(fold=1)),
        }
        if len(found) == 1:
            offset = found.pop()
            offsets[index] = 0 if offset is None else timedelta_us(offset)
        else:
            mixed[index] = True
    out[live] = wall[live] - offsets[inverse]
    for row in live[mixed[inverse]].tolist():
        text = (epoch + timedelta(microseconds=int(wall[row]))).isoformat()
        found_us = read_text(text, tz)
        if isinstance(found_us, Refusal):
            problems.rows(
                name,
                found_us.reason,
                [row],
                expected=found_us.expected,
                found=_constant(repr(text)),
            )
            missing[row] = True
        else:
            out[row] = found_us
    return out
