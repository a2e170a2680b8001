# Timestamps in an Arrow text column, read for whole columns at once.
#
# slacore reads a timestamp's text by one rule (`parse_instant`), in Python, once
# per distinct text: about 3 µs each, most of the time of reading a big tickets CSV
# through pyarrow, where nearly every timestamp is distinct. The commonest form, a
# date and time with an offset (`2026-10-05T09:12:00+02:00`, `...Z`, a space for
# the `T`, up to 6 decimals of a second), names its instant by arithmetic alone: it
# is read here with Arrow's regular expressions and numpy. Every other text (no
# offset, a zone in brackets, an offset without a colon, an impossible date, years
# at the ends of the calendar) is left to `parse_instant`, through the table reader,
# so that the answers, and the problems, are exactly the rule's.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from ._frames import Column

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ._table_problems import Problems

_ZERO: Final = ord("0")
_DASH: Final = ord("-")
_COLON: Final = ord(":")
_NO_SECONDS: Final = len("2026-10-05T09:12")
_WITH_SECONDS: Final = len("2026-10-05T09:12:00")
_WITH_FRACTION: Final = len("2026-10-05T09:12:00.5")
_SHORTEST: Final = len("2026-10-05T09:12Z")
_PLACES: Final = 6
_US_PER_SECOND: Final = 1_000_000
_US_PER_DAY: Final = 86_400 * _US_PER_SECOND
# Years 1 and 9999 are left to the rule: an offset may take them past the calendar.
_FIRST_YEAR: Final = 2
_LAST_YEAR: Final = 9998


def text_instants(
    column: Any, name: str, tz: ZoneInfo | None, problems: Problems
) -> tuple[Any, Any]:
    """A text column's instants as int64 microseconds (UTC) and where none is.

    `column` is an Arrow string array (or chunked array). Texts with an offset are
    read here; the others by `parse_instant`, with a problem of its row (in
    `problems`, under `name`) for each text it refuses. A missing cell (null or
    empty) is missing, and so is a refused one.
    """
    np = importlib.import_module("numpy")
    pa = importlib.import_module("pyarrow")
    pc = importlib.import_module("pyarrow.compute")
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = column.cast(pa.string())  # dictionary-encoded or string views
    us, fast = _offset_instants(np, column)
    rest = pc.if_else(pa.array(fast), pa.scalar(None, column.type), column)
    found = Column(name, pa.chunked_array([rest])).instants(problems, tz)
    if found is None:  # pragma: no cover - a text column always reads
        return us, ~fast
    slow_us, slow_missing = found
    return np.where(fast, us, slow_us), slow_missing & ~fast


def _offset_instants(np: Any, column: Any) -> tuple[Any, Any]:
    """Microseconds of the texts with an offset, and which texts those are.

    Read from the column's bytes with numpy: each text's length says where its
    parts are (``YYYY-MM-DD?HH:MM`` then ``:SS`` then ``.f`` to ``.ffffff``, then
    ``Z`` or ``+HH:MM``); a text of any other shape is not one of them.
    """
    n = len(column)
    offsets, data = _buffers(np, column)
    start = offsets[:-1]
    length = offsets[1:] - start
    valid = _valid(np, column)
    z_end = length >= _SHORTEST

    def byte(position: Any) -> Any:
        """Each text's byte at `position` (0 where it is beyond the text)."""
        where = start + position
        inside = (position >= 0) & (position < length)
        return np.where(inside, data[np.clip(where, 0, len(data) - 1)], 0)

    def digits(position: Any, count: int) -> tuple[Any, Any]:
        value = np.zeros(n, dtype=np.int64)
        ok = np.ones(n, dtype=bool)
        for k in range(count):
            d = byte(position + k).astype(np.int64) - _ZERO
            ok &= (d >= 0) & (d <= 9)
            value = value * 10 + d
        return value, ok

    last = byte(length - 1)
    zulu = last == ord("Z")
    zone_length = np.where(zulu, 1, 6)
    core = length - zone_length
    year, ok = digits(0, 4)
    month, good = digits(5, 2)
    ok &= good
    day, good = digits(8, 2)
    ok &= good
    hour, good = digits(11, 2)
    ok &= good
    minute, good = digits(14, 2)
    ok &= good
    separator = byte(np.full(n, 10))
    ok &= (byte(np.full(n, 4)) == _DASH) & (byte(np.full(n, 7)) == _DASH)
    ok &= (separator == ord("T")) | (separator == ord(" "))
    ok &= byte(np.full(n, 13)) == _COLON
    with_seconds = core >= _WITH_SECONDS
    second, good = digits(17, 2)
    ok &= ~with_seconds | (good & (byte(np.full(n, 16)) == _COLON))
    second = np.where(with_seconds, second, 0)
    places = np.where(core >= _WITH_FRACTION, core - _WITH_FRACTION + 1, 0)
    ok &= (core == _NO_SECONDS) | (core == _WITH_SECONDS) | (places >= 1)
    ok &= places <= _PLACES
    ok &= (places == 0) | (byte(np.full(n, 19)) == ord("."))
    fraction = np.zeros(n, dtype=np.int64)
    for k in range(_PLACES):
        d = byte(np.full(n, 20 + k)).astype(np.int64) - _ZERO
        used = k < places
        ok &= ~used | ((d >= 0) & (d <= 9))
        fraction = fraction * 10 + np.where(used, d, 0)
    sign_byte = byte(core)
    offset_hours, good_hours = digits(core + 1, 2)
    offset_minutes, good_minutes = digits(core + 4, 2)
    numeric = (
        ((sign_byte == ord("+")) | (sign_byte == ord("-")))
        & good_hours
        & good_minutes
        & (byte(core + 3) == _COLON)
    )
    ok &= zulu | numeric
    sign = np.where(sign_byte == ord("-"), -1, 1)
    offset = np.where(zulu, 0, sign * (offset_hours * 60 + offset_minutes))
    ok &= (
        valid
        & z_end
        & (year >= _FIRST_YEAR)
        & (year <= _LAST_YEAR)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 59)
        & (zulu | ((offset_hours <= 23) & (offset_minutes <= 59)))
    )
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    after = (months + 1).astype("datetime64[M]").astype("datetime64[D]")
    ok &= day <= after.astype(np.int64) - first
    days = first + day - 1
    seconds = (hour * 60 + minute - offset) * 60 + second
    us = days * _US_PER_DAY + seconds * _US_PER_SECOND + fraction
    return np.where(ok, us, 0), ok


def _buffers(np: Any, column: Any) -> tuple[Any, Any]:
    """The offsets (n + 1, int64) and the bytes (uint8) of an Arrow string array."""
    _, offsets_buffer, data_buffer = column.buffers()
    kind = np.int64 if column.type.equals(_large_string()) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=kind)
    offsets = offsets[column.offset : column.offset + len(column) + 1].astype(np.int64)
    if data_buffer is None:
        data = np.zeros(1, dtype=np.uint8)
    else:
        data = np.frombuffer(data_buffer, dtype=np.uint8)
    if len(data) == 0:
        data = np.zeros(1, dtype=np.uint8)
    return offsets, data


def _valid(np: Any, column: Any) -> Any:
    return np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _large_string() -> Any:
    return importlib.import_module("pyarrow").large_string()
