# A stable fingerprint of an agreement: the same text in every process (no hash
# seeds, no memory addresses), so that tallies made on different machines can tell
# whether they were made by the same agreement.

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from ._holidays import HolidaySource


def fingerprint(value: object) -> str:
    """A hex digest of `value`'s canonical text (see `canonical`)."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:32]


def canonical(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """`value` as text that equal values share in every process.

    Attrs values by their compared fields, sets and mappings sorted, instants
    with their zone's name, functions and classes by their qualified name.
    """
    if isinstance(value, HolidaySource):  # compares by its value key
        return f"holidays{canonical(value.key)}"
    kind: Any = type(value)
    if attrs.has(kind):
        fields = (f for f in attrs.fields(kind) if f.eq)
        inner = ",".join(
            f"{f.name}={canonical(getattr(value, f.name))}" for f in fields
        )
        return f"{type(value).__qualname__}({inner})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return repr(value)
    if isinstance(value, Decimal | timedelta):
        return str(value)
    if isinstance(value, datetime | date | time):
        zone = getattr(value, "tzinfo", None)
        return f"{value.isoformat()}[{_zone(zone)}]"
    if isinstance(value, tzinfo):
        return _zone(value)
    if isinstance(value, Mapping):
        items = sorted(f"{canonical(k)}:{canonical(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, tuple | list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    return _named(value)


def _zone(zone: tzinfo | None) -> str:
    return "" if zone is None else str(getattr(zone, "key", zone))


def _named(value: Any) -> str:
    """Functions and classes by name; other objects by a repr without addresses."""
    name = getattr(value, "__qualname__", None)
    if isinstance(name, str):
        return f"{getattr(value, '__module__', '')}.{name}"
    text = repr(value)
    kind = type(value)
    if " at 0x" in text:
        return f"{kind.__module__}.{kind.__qualname__}"
    return f"{kind.__qualname__}:{text}"
