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

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ._table_problems import Problems

_ISO: Final = (
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
    r"(?:Z|(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2}))$"
)
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
    from ._frames import Column  # noqa: PLC0415 - needs numpy

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    us, fast = _offset_instants(np, pc, column)
    rest = pc.if_else(pa.array(fast), pa.scalar(None, pa.string()), column)
    found = Column(name, pa.chunked_array([rest], pa.string())).instants(problems, tz)
    if found is None:  # pragma: no cover - a text column always reads
        return us, ~fast
    slow_us, slow_missing = found
    return np.where(fast, us, slow_us), slow_missing & ~fast


def _offset_instants(np: Any, pc: Any, column: Any) -> tuple[Any, Any]:
    """Microseconds of the texts with an offset, and which texts those are."""
    n = len(column)
    parts = pc.extract_regex(column, _ISO)
    matched = np.asarray(parts.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    if not matched.any():
        return np.zeros(n, dtype=np.int64), matched

    def number(field: str, width: int = 0) -> Any:
        text = pc.struct_field(parts, field)
        if width:
            text = pc.utf8_rpad(text, width=width, padding="0")
        text = pc.if_else(pc.equal(text, ""), "0", text)
        return np.asarray(
            pc.fill_null(pc.cast(pc.fill_null(text, "0"), "int64"), 0).to_numpy(),
            dtype=np.int64,
        )

    year, month, day = number("y"), number("mo"), number("d")
    hour, minute, second = number("h"), number("mi"), number("s")
    fraction = number("f", 6)
    sign_text = pc.fill_null(pc.struct_field(parts, "sign"), "")
    minus = pc.equal(sign_text, "-").to_numpy(zero_copy_only=False)
    sign = np.where(np.asarray(minus, dtype=bool), -1, 1)
    offset_hours, offset_minutes = number("oh"), number("om")
    ok = (  # what `parse_instant` reads; the rest goes to it
        matched
        & (year >= _FIRST_YEAR)
        & (year <= _LAST_YEAR)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 59)
        & (offset_hours <= 23)
        & (offset_minutes <= 59)
    )
    offset = sign * (offset_hours * 60 + offset_minutes) * 60 * _US_PER_SECOND
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    after = (months + 1).astype("datetime64[M]").astype("datetime64[D]")
    ok &= day <= after.astype(np.int64) - first
    days = first + day - 1
    seconds = (hour * 60 + minute) * 60 + second
    us = days * _US_PER_DAY + seconds * _US_PER_SECOND + fraction - offset
    return np.where(ok, us, 0), ok
