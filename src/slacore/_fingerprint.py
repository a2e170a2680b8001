# A stable fingerprint of an agreement: the same text in every process (no hash
# seeds, no memory addresses), so that tallies made on different machines can tell
# whether they were made by the same agreement.

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from types import CodeType
from typing import Any

import attrs

from ._holidays import HolidaySource


def fingerprint(value: object) -> str:
    """A hex digest of `value`'s canonical text (see `canonical`)."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:32]


def canonical(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """`value` as text that equal values share in every process.

    Attrs values by their compared fields, sets and mappings sorted, instants
    with their zone's name, classes by their qualified name, functions by
    theirs and a digest of their code and of what they close over.
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


def _code(code: CodeType) -> str:
    """A digest of a function's code: its bytecode, constants and names."""
    consts = ",".join(
        _code(c) if isinstance(c, CodeType) else canonical(c) for c in code.co_consts
    )
    text = f"{code.co_code.hex()}|{consts}|{','.join(code.co_names)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _captured(function: Any) -> str:
    """What a function carries besides its code: defaults and closed-over values."""
    cells = getattr(function, "__closure__", None) or ()
    values = []
    for cell in cells:
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            values.append("<empty>")
            continue
        code = getattr(value, "__code__", None)
        if isinstance(code, CodeType):  # by its code only: it may close over itself
            values.append(_code(code))
        else:
            values.append(canonical(value))
    defaults = getattr(function, "__defaults__", None) or ()
    return ",".join([*values, *(canonical(d) for d in defaults)])


def _zone(zone: tzinfo | None) -> str:
    return "" if zone is None else str(getattr(zone, "key", zone))


def _named(value: Any) -> str:
    """Functions by name and code, classes by name, other objects by a repr.

    A repr that holds a memory address is left for the type's name.
    """
    name = getattr(value, "__qualname__", None)
    if isinstance(name, str):
        named = f"{getattr(value, '__module__', '')}.{name}"
        code = getattr(value, "__code__", None)
        if isinstance(code, CodeType):
            # Two lambdas of one module share a name: their code tells them apart.
            return f"{named}<{_code(code)}|{_captured(value)}>"
        return named
    text = repr(value)
    kind = type(value)
    if " at 0x" in text:
        return f"{kind.__module__}.{kind.__qualname__}"
    return f"{kind.__qualname__}:{text}"
