# Durations and spans as text: "4h", "1h30m", "PT4H" and "18 months", both ways.

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final

from dateutil.relativedelta import relativedelta

from ._time import US_PER_DAY, US_PER_MINUTE, US_PER_SECOND, duration_us
from .exceptions import SlaError

US_PER_HOUR: Final = 60 * US_PER_MINUTE
_PROBE: Final = datetime(2000, 1, 1, tzinfo=UTC)

DURATION_HINT: Final = 'a duration such as "4h", "1h30m", "90s" or "PT4H"'
SPAN_HINT: Final = (
    'a duration such as "30d" or "PT4H", or calendar time such as "18 months", '
    '"1 year" or "P18M"'
)

# Compact units, largest first: a duration names each at most once, in this order.
_UNITS: Final = {
    "w": 7 * US_PER_DAY,
    "d": US_PER_DAY,
    "h": US_PER_HOUR,
    "m": US_PER_MINUTE,
    "s": US_PER_SECOND,
    "ms": 1000,
    "us": 1,
    "µs": 1,
}
_RANK: Final = {unit: rank for rank, unit in enumerate(_UNITS)} | {"µs": 6}
# ASCII digits only (``\d`` would take any script's digits): the CSV readers and
# agreement files read durations with this one parser, so they share the rule.
_NUMBER: Final = r"[0-9]+(?:[.,][0-9]+)?"
_PART: Final = re.compile(rf"\s*({_NUMBER})\s*(ms|us|µs|w|d|h|m|s)(?![a-zµ])")
_ISO: Final = re.compile(
    rf"P(?:(?P<Y>{_NUMBER})Y)?(?:(?P<M>{_NUMBER})M)?(?:(?P<W>{_NUMBER})W)?"
    rf"(?:(?P<D>{_NUMBER})D)?"
    rf"(?:T(?:(?P<h>{_NUMBER})H)?(?:(?P<m>{_NUMBER})M)?(?:(?P<s>{_NUMBER})S)?)?"
)
_ISO_US: Final = {
    "W": 7 * US_PER_DAY,
    "D": US_PER_DAY,
    "h": US_PER_HOUR,
    "m": US_PER_MINUTE,
    "s": US_PER_SECOND,
}
# Calendar time in words: "1 year 6 months", "2 weeks", "10 days".
_WORD_UNITS: Final = {
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "second": "seconds",
    "microsecond": "microseconds",
}
_WORD: Final = re.compile(
    r"\s*,?\s*([+-]?[0-9]+)\s*(years?|months?|weeks?|days?|hours?|minutes?|seconds?"
    r"|microseconds?)\b",
    re.IGNORECASE,
)
_RELATIVE: Final = ("years", "months", "days", "hours", "minutes", "seconds")
_ABSOLUTE: Final = (
    "year",
    "month",
    "day",
    "weekday",
    "hour",
    "minute",
    "second",
    "microsecond",
)


def _bad(text: object, why: str = "") -> SlaError:
    detail = f" ({why})" if why else ""
    msg = f"bad duration {text!r}{detail}: expected {DURATION_HINT}"
    return SlaError(msg)


def _microseconds(number: str, unit_us: int, text: str) -> int:
    """Exactly ``number * unit_us``; it must come out a whole number."""
    try:
        exact = Decimal(number.replace(",", ".")) * unit_us
    except InvalidOperation:  # pragma: no cover - the patterns only pass digits
        raise _bad(text) from None
    if exact != exact.to_integral_value():
        raise _bad(text, "finer than a microsecond")
    return int(exact)


def _to_timedelta(us: int, text: str) -> timedelta:
    try:
        return timedelta(microseconds=us)
    except OverflowError:
        raise _bad(text, "too long") from None


def parse_duration(text: str) -> timedelta:
    """Read a duration: ``"4h"``, ``"30m"``, ``"1h30m"``, ``"90s"`` or ISO 8601.

    The compact form is numbers with units, largest unit first and each unit at
    most once: ``w`` (weeks of 7 days), ``d`` (days of 24 hours), ``h``, ``m``
    (minutes), ``s``, ``ms`` and ``us``; spaces between the parts are allowed, and
    ``"0"`` is zero. The ISO 8601 form is ``PnWnDTnHnMnS`` (``"PT4H"``,
    ``"P1DT2H"``); years and months are not durations, as they have no fixed
    length. Any part may have a decimal fraction (``"1.5h"``, ``"PT0.5S"``); the
    result is exact (no binary floats), so it must be a whole number of
    microseconds. A leading ``-`` makes the duration negative. Case and the
    surrounding spaces do not matter.

    [`format_duration`][slacore.format_duration] writes the compact form back.

    Args:
        text: The duration's text.

    Returns:
        The duration, exact to the microsecond.

    Raises:
        SlaError: If `text` is not a duration, finer than a microsecond, or
            longer than a `timedelta` can hold.
        TypeError: If `text` is not a string.

    Examples:
        >>> import slacore as sla
        >>> sla.parse_duration("1h30m")
        datetime.timedelta(seconds=5400)
        >>> sla.parse_duration("PT4H") == sla.parse_duration("4h")
        True
        >>> sla.parse_duration("1.5d")
        datetime.timedelta(days=1, seconds=43200)
        >>> sla.parse_duration("4 hours")
        Traceback (most recent call last):
        ...
        slacore.exceptions.SlaError: bad duration '4 hours': expected a duration such as "4h", "1h30m", "90s" or "PT4H"
    """  # noqa: E501
    raw: object = text  # checked at run time too
    if not isinstance(raw, str):
        msg = f"a duration must be a str, got {type(raw).__name__}"
        raise TypeError(msg)
    body = raw.strip().lower()
    sign = 1
    if body[:1] in "+-" and body:
        sign = -1 if body[0] == "-" else 1
        body = body[1:].lstrip()
    if body == "0":
        return timedelta(0)
    if body.startswith("p"):
        us = _iso_us(body.upper(), text)
    else:
        us = _compact_us(body, text)
    return _to_timedelta(sign * us, text)


def _compact_us(body: str, text: str) -> int:
    position, total, last = 0, 0, -1
    while position < len(body):
        match = _PART.match(body, position)
        if match is None:
            raise _bad(text)
        number, unit = match.groups()
        if _RANK[unit] <= last:
            raise _bad(text, "write each unit once, largest first")
        last = _RANK[unit]
        total += _microseconds(number, _UNITS[unit], text)
        position = match.end()
    if last < 0:
        raise _bad(text)
    return total


def _iso_parts(body: str, text: str) -> dict[str, str]:
    match = _ISO.fullmatch(body)
    if match is None or body.endswith("T") or not any(match.groupdict().values()):
        raise _bad(text)
    return {key: value for key, value in match.groupdict().items() if value}


def _iso_us(body: str, text: str) -> int:
    # The time designators are matched in upper case; the groups' names tell
    # minutes (m) from months (M).
    parts = _iso_parts(body, text)
    if "Y" in parts or "M" in parts:
        raise _bad(text, "years and months have no fixed length")
    return sum(_microseconds(value, _ISO_US[key], text) for key, value in parts.items())


def format_duration(value: timedelta) -> str:
    """Write a duration in the compact form, such as ``"1d2h30m"`` or ``"1m30.5s"``.

    Days are 24 hours; seconds carry a decimal fraction down to the microsecond;
    zero is ``"0s"`` and a negative duration starts with ``-``. The inverse of
    [`parse_duration`][slacore.parse_duration]: ``parse_duration(format_duration(d))
    == d`` for every `timedelta`.

    Args:
        value: The duration.

    Returns:
        The compact text.

    Raises:
        TypeError: If `value` is not a `timedelta`.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> import slacore as sla
        >>> sla.format_duration(timedelta(hours=26, minutes=30))
        '1d2h30m'
        >>> sla.format_duration(timedelta(seconds=90, milliseconds=500))
        '1m30.5s'
        >>> sla.format_duration(-timedelta(minutes=5)), sla.format_duration(timedelta())
        ('-5m', '0s')
    """
    us = duration_us(value, "duration")
    if us == 0:
        return "0s"
    sign = "-" if us < 0 else ""
    us = abs(us)
    days, us = divmod(us, US_PER_DAY)
    hours, us = divmod(us, US_PER_HOUR)
    minutes, us = divmod(us, US_PER_MINUTE)
    seconds, fraction = divmod(us, US_PER_SECOND)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else ""]
    parts.append(f"{minutes}m" if minutes else "")
    if fraction:
        parts.append(f"{seconds}.{fraction:06d}".rstrip("0") + "s")
    elif seconds:
        parts.append(f"{seconds}s")
    return sign + "".join(parts)


def parse_span(text: str) -> relativedelta | timedelta:
    """Read a span: calendar time as a `relativedelta`, real time as a `timedelta`.

    Calendar time is written in words (``"18 months"``, ``"1 year 6 months"``,
    ``"2 weeks"``, ``"10 days"``; whole numbers, signs allowed) or in ISO 8601 with
    years or months (``"P18M"``, ``"P1Y2M10D"``). Anything else is a duration
    (``"30d"``, ``"PT4H"``, ``"P10D"``), see `parse_duration`.

    Raises:
        SlaError: If `text` is neither.
    """
    raw: object = text  # checked at run time too
    if not isinstance(raw, str):
        msg = f"a span must be a str, got {type(raw).__name__}"
        raise TypeError(msg)
    body = raw.strip()
    upper = body.upper()
    if upper.startswith(("P", "-P", "+P")):
        sign = -1 if upper.startswith("-") else 1
        iso = upper.lstrip("+-")
        if _ISO.fullmatch(iso) and ("Y" in iso or "M" in iso.split("T")[0]):
            return _iso_relativedelta(iso, sign, text)
    words = _words(body)
    if words is not None:
        return words
    try:
        return parse_duration(body)
    except SlaError:
        msg = f"bad span {text!r}: expected {SPAN_HINT}"
        raise SlaError(msg) from None


def _iso_relativedelta(iso: str, sign: int, text: str) -> relativedelta:
    parts = _iso_parts(iso, text)
    names = {
        "Y": "years",
        "M": "months",
        "W": "weeks",
        "D": "days",
        "h": "hours",
        "m": "minutes",
        "s": "seconds",
    }
    values: dict[str, int] = {}
    for key, number in parts.items():
        if not (number.isascii() and number.isdigit()):
            msg = f"bad span {text!r}: calendar time takes whole numbers"
            raise SlaError(msg)
        values[names[key]] = sign * int(number)
    return _relativedelta(values, text)


def _relativedelta(values: dict[str, int], text: str) -> relativedelta:
    span = relativedelta(**values)  # type: ignore[arg-type]
    try:
        _ = _PROBE + span
    except (OverflowError, ValueError):
        msg = f"bad span {text!r}: too long"
        raise SlaError(msg) from None
    return span


def _words(body: str) -> relativedelta | None:
    position, values = 0, dict.fromkeys(_WORD_UNITS.values(), 0)
    seen: set[str] = set()
    while position < len(body):
        match = _WORD.match(body, position)
        if match is None:
            return None
        number, unit = match.groups()
        name = _WORD_UNITS[unit.lower().removesuffix("s")]
        if name in seen:
            return None
        seen.add(name)
        values[name] = int(number)
        position = match.end()
    if not seen:
        return None
    return _relativedelta({k: v for k, v in values.items() if v}, body)


def format_span(value: relativedelta | timedelta) -> str:
    """Write a span the way `parse_span` reads it back as the same type.

    Raises:
        SlaError: For a `relativedelta` with absolute fields (``year=``,
            ``weekday=``, ...), which a span cannot express.
    """
    if isinstance(value, timedelta):
        return format_duration(value)
    absolute = [name for name in _ABSOLUTE if getattr(value, name) is not None]
    if absolute or value.leapdays:
        names = ", ".join(absolute or ["leapdays"])
        msg = f"a relativedelta with absolute fields ({names}) cannot be written"
        raise SlaError(msg)
    parts = []
    for name in (*_RELATIVE, "microseconds"):
        number = getattr(value, name)
        if number:
            unit = name if abs(number) != 1 else name.removesuffix("s")
            parts.append(f"{number} {unit}")
    return " ".join(parts) or "0 days"
