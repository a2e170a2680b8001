# Writing documents: agreements to plain data (`dump`), and plain data to TOML text.

from __future__ import annotations

import contextlib
import json
import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import holidays as holidays_lib

from ._agreement import Agreement
from ._calendar import ALWAYS, ComposedCalendar
from ._conditions import All, AnyOf, Contains, Equals, In, Not
from ._durations import format_duration, format_span
from ._file_amendments import write_amendment
from ._file_fields import (
    AGREEMENT_KEYS,
    AMOUNTS,
    BUILT_IN,
    CREDIT_TYPES,
    NO_CAP,
    SPANS,
    FieldSpec,
    Kind,
    fields_of,
)
from ._file_lines import BARE, where
from ._file_reader import Format, format_of
from ._file_workload import write_workload
from ._hours import format_interval
from ._instants import local_midnight
from ._metric import Metric
from ._objective import DIRECTIONS
from ._parties import ResponsibilityKind
from ._periods import Period
from ._records import FrozenFields
from .exceptions import AgreementError, SlaError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

    from ._calendar import BusinessCalendar, Calendar
    from ._closures import Closure, Opening
    from ._file_lines import DocPath
    from ._holidays import HolidaySource
    from ._hours import DayHours
    from ._objective import Objective
    from ._parties import Party, Responsibility, TerminationRule
    from ._policy import Policy


def dump(agreement: Agreement, format: Format = "toml") -> str:  # noqa: A002 - API name
    """Write an agreement as TOML or JSON text that `loads` reads back equal.

    ``loads(dump(a, f), f) == a`` for every agreement a file can express. Decimals
    are written as strings (exact), durations as ``"1h30m"``, instants as offset
    date-times, and every calendar once under ``calendars``, named
    ``calendar-1``, ``calendar-2``, ... in order of first use (``"always"`` is
    built in). Keys at their default value are left out.

    Args:
        agreement: The agreement.
        format: ``"toml"`` or ``"json"`` (indented by two spaces).

    Returns:
        The document's text.

    Raises:
        AgreementError: If the agreement holds something a file cannot express: a
            callable condition, a holiday class outside the `holidays` package or a
            sum of holiday sets, or a `relativedelta` with absolute fields. Its
            `field` names the place, such as ``policies[0].condition``.
        SlaError: If `format` is not ``"toml"`` or ``"json"``.

    Examples:
        >>> import slacore as sla
        >>> agreement = sla.load("tests/data/agreements/support.toml")
        >>> text = sla.dump(agreement)
        >>> sla.loads(text) == agreement
        True
        >>> sla.loads(sla.dump(agreement, "json"), "json") == agreement
        True
    """
    fmt = format_of(format)
    value: object = agreement  # checked at run time too
    if not isinstance(value, Agreement):
        msg = f"agreement must be an Agreement, got {type(value).__name__}"
        raise TypeError(msg)
    document = _Writer(value).agreement()
    if fmt == "toml":
        return to_toml(document)
    return json.dumps(_jsonable(document, ()), indent=2, ensure_ascii=False) + "\n"


def _same(value: Any, default: Any) -> bool:
    """Equal, and written the same (a Decimal keeps its exponent)."""
    if type(value) is not type(default) or value != default:
        return False
    return not isinstance(value, Decimal) or str(value) == str(default)


def _is_problematic(value: datetime) -> bool:
    """Whether the offset of `value` depends on its fold (a DST gap or fold).

    Such a datetime compares unequal to every datetime in another zone (PEP 495), so
    a fixed offset could not stand in for its zone.
    """
    return value.utcoffset() != value.replace(fold=1 - value.fold).utcoffset()


def _whole_microseconds(seconds: Decimal) -> int | None:
    """`seconds` as exact microseconds, or None if it is not a whole number of them.

    Integer arithmetic on the digits: a `Decimal` context would round.
    """
    if seconds.is_zero():
        return 0
    if not -7 < seconds.adjusted() < 15:  # under a microsecond, or beyond timedelta
        return None
    sign, digits, exponent = seconds.as_tuple()
    number = int("".join(map(str, digits)))
    shift = int(exponent) + 6
    us: int
    if shift >= 0:
        us = number * 10**shift
    else:
        us, rest = divmod(number, 10**-shift)
        if rest:
            return None
    return -us if sign else us


def _day_text(hours: DayHours) -> str:
    if not hours:
        return "closed"
    return ",".join(
        "00:00-24:00" if iv == (0, 1440) else format_interval(iv) for iv in hours
    )


def _error(field: DocPath, message: str) -> AgreementError:
    place = where(field)
    return AgreementError(f"{place}: {message}", field=place)


class _Writer:
    """Turns an agreement into a document (dicts, lists and scalars)."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement_value = agreement
        self.tz = agreement.tz
        self.names: dict[Calendar, str] = {}
        self.calendars: dict[str, Any] = {}

    def instant(self, value: datetime, tz: ZoneInfo) -> Any:
        """A date for local midnight in `tz`, else an offset date-time.

        A wall time that its zone repeats or skips is written with its zone in
        brackets (RFC 9557), the only way to keep it equal to itself.
        """
        if value.tzinfo is tz and value.time() == datetime.min.time():
            # Not when DST skips midnight: the day then starts at 01:00.
            midnight = local_midnight(value.date(), tz)
            if midnight.time() == value.time() and midnight.fold == value.fold:
                return value.date()
        offset = value.utcoffset()
        key = getattr(value.tzinfo, "key", None)
        odd = offset is not None and offset % timedelta(minutes=1) != timedelta(0)
        if (odd or _is_problematic(value)) and isinstance(key, str):
            return f"{value.isoformat()}[{key}]"
        if odd:
            return value.isoformat()
        return value

    def agreement(self) -> dict[str, Any]:
        a = self.agreement_value
        doc: dict[str, Any] = {"name": a.name, "kind": a.kind.value}
        doc["parties"] = [self.party(p) for p in a.parties]
        doc["objectives"] = [
            self.objective(o, ("objectives", i)) for i, o in enumerate(a.objectives)
        ]
        if a.services:
            doc["services"] = list(a.services)
        if a.period is not Period.MONTHLY:
            doc["period"] = a.period.value
        if a.tz.key != ALWAYS.tz.key:
            doc["tz"] = a.tz.key
        doc["effective_from"] = self.instant(a.effective_from, a.tz)
        if a.effective_until is not None:
            doc["effective_until"] = self.instant(a.effective_until, a.tz)
        for key in SPANS:
            span = getattr(a, key)
            if span is not None:
                try:
                    doc[key] = format_span(span)
                except SlaError as exc:
                    raise _error((key,), str(exc)) from None
        if a.termination is not None:
            doc["termination"] = self.termination(a.termination)
        for key in AMOUNTS:
            amount = getattr(a, key)
            if amount is not None and not (
                key == "pool_allocation" and _same(amount, Decimal(100))
            ):
                doc[key] = str(amount)
        if a.policies:
            doc["policies"] = [
                self.policy(p, ("policies", i)) for i, p in enumerate(a.policies)
            ]
        if a.structure is not attrs.evolve(a, structure=None).structure:
            doc["structure"] = a.structure.value
        if a.responsibilities:
            doc["responsibilities"] = [self.duty(r) for r in a.responsibilities]
        if a.earn_back is not None:
            doc["earn_back"] = a.earn_back
        if a.workload is not None:
            doc["workload"] = write_workload(self, a.workload, ("workload",))
        if a.amendments:
            doc["amendments"] = [
                write_amendment(self, amendment, a.tz, ("amendments", i))
                for i, amendment in enumerate(a.amendments)
            ]
        # The amounts come right after the fee in the order of Agreement's fields.
        order = [name for name in AGREEMENT_KEYS if name in doc]
        doc = {name: doc[name] for name in order}
        if self.calendars:
            doc["calendars"] = self.calendars
        return doc

    def party(self, party: Party) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": party.name, "role": party.role.value}
        if party.contact is not None:
            doc["contact"] = party.contact
        return doc

    def duty(self, duty: Responsibility) -> dict[str, Any]:
        doc: dict[str, Any] = {"party": duty.party, "description": duty.description}
        if duty.kind is not ResponsibilityKind.DUTY:
            doc["kind"] = duty.kind.value
        return doc

    def termination(self, rule: TerminationRule) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        if rule.consecutive_misses != 3:
            doc["consecutive_misses"] = rule.consecutive_misses
        if rule.objectives is not None:
            doc["objectives"] = sorted(rule.objectives)
        return doc

    def objective(self, objective: Objective, path: DocPath) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": objective.name}
        measure = objective.measure
        doc["goal"] = str(objective.goal)
        us = _whole_microseconds(objective.goal)
        if type(measure).goal_rule.duration and us is not None:
            with contextlib.suppress(OverflowError):  # longer than a timedelta
                doc["goal"] = format_duration(timedelta(microseconds=us))
        if objective.direction != DIRECTIONS[0]:
            doc["direction"] = objective.direction
        if objective.allocation is not None:
            doc["allocation"] = str(objective.allocation)
        if objective.provider is not None:
            doc["provider"] = objective.provider
        if objective.description:
            doc["description"] = objective.description
        doc["measure"] = self.fields(
            measure, (*path, "measure"), {"type": measure.kind}
        )
        if objective.credit is not None:
            credit = objective.credit
            kind = next(k for k, cls in CREDIT_TYPES.items() if type(credit) is cls)
            doc["credit"] = self.fields(credit, (*path, "credit"), {"type": kind})
        return doc

    def fields(self, value: Any, path: DocPath, doc: dict[str, Any]) -> dict[str, Any]:
        """Every field of `value` not at its default, written by its field's type."""
        for spec in fields_of(type(value)):
            found = getattr(value, spec.name)
            if not spec.required and _same(found, spec.default):
                continue
            if found is None:  # cap = "none" where the default is a cap
                doc[spec.key] = NO_CAP
                continue
            doc[spec.key] = self.field(spec, found, (*path, spec.key))
        return doc

    def field(self, spec: FieldSpec, value: Any, path: DocPath) -> Any:  # noqa: PLR0911 - one per kind
        """One value, written as its field's kind says."""
        match spec.kind:
            case Kind.DURATION:
                return format_duration(value)
            case Kind.DECIMAL:
                return str(value)
            case Kind.STRINGS:
                return sorted(value)
            case Kind.CHOICE:  # an enum member, or a Literal's string
                return value.value if spec.item is not None else value
            case Kind.CALENDAR:
                return self.calendar(value, path)
            case Kind.CONDITION:
                return self.condition(value, path)
            case Kind.TABLES:
                return [
                    Inline(self.fields(item, (*path, index), {}))
                    for index, item in enumerate(value)
                ]
            case _:  # integers and strings
                return value

    def policy(self, policy: Policy, path: DocPath) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": policy.name}
        if policy.calendar != ALWAYS:
            doc["calendar"] = self.calendar(policy.calendar, (*path, "calendar"))
        if policy.pause_statuses != frozenset({"pending", "on-hold"}):
            doc["pause_statuses"] = sorted(policy.pause_statuses)
        if policy.pauses != frozenset({Metric.RESOLUTION}):
            doc["pauses"] = [m.value for m in Metric if m in policy.pauses]
        if policy.warn_at:
            doc["warn_at"] = [str(f) for f in policy.warn_at]
        if policy.condition is not None:
            doc["condition"] = self.condition(policy.condition, (*path, "condition"))
        doc["targets"] = {
            name: Inline(self.fields(targets, (*path, "targets", name), {}))
            for name, targets in policy.targets
        }
        if policy.groups:
            doc["groups"] = list(policy.groups)
        if policy.group_targets:
            doc["group_targets"] = [
                Inline(self.fields(target, (*path, "group_targets", index), {}))
                for index, target in enumerate(policy.group_targets)
            ]
        return doc

    def condition(self, value: Any, path: DocPath) -> Inline:
        if isinstance(value, Equals | Contains):
            kind = "equals" if isinstance(value, Equals) else "contains"
            return Inline(
                type=kind,
                field=value.field,
                value=self.plain(value.value, (*path, "value")),
            )
        if isinstance(value, In):
            items = [self.plain(v, (*path, "values")) for v in value.values]
            return Inline(
                type="in", field=value.field, values=sorted(items, key=toml_value)
            )
        if isinstance(value, All | AnyOf):
            kind = "all" if isinstance(value, All) else "any"
            items = [
                self.condition(c, (*path, "conditions", i))
                for i, c in enumerate(value.conditions)
            ]
            return Inline(type=kind, conditions=items)
        if isinstance(value, Not):
            inner = self.condition(value.condition, (*path, "condition"))
            return Inline(type="not", condition=inner)
        msg = f"only slacore's declarative conditions can be written, got {value!r}"
        raise _error(path, msg)

    def plain(self, value: Any, path: DocPath) -> Any:
        if isinstance(value, bool | int | str):
            return value
        if isinstance(value, Decimal) and value.is_finite():
            return value
        if isinstance(value, float) and math.isfinite(value):
            return value
        if isinstance(value, tuple):
            return [self.plain(item, (*path, i)) for i, item in enumerate(value)]
        if isinstance(value, FrozenFields):
            return Inline({k: self.plain(v, (*path, k)) for k, v in value.items()})
        msg = (
            "a condition value must be plain data (a string, an integer, a number, "
            f"a boolean, a tuple or a mapping of them), got {value!r}"
        )
        raise _error(path, msg)

    # -- calendars -------------------------------------------------------------------

    def calendar(self, value: Calendar, path: DocPath) -> str:
        """The name of `value` under ``calendars`` (written there on first use).

        `path` is where it is used, for errors.
        """
        if value == ALWAYS:
            return BUILT_IN
        try:
            name = self.names.get(value)
        except TypeError:  # unhashable holidays (a sum): `business` says why
            name = None
        if name is not None:
            return name
        if isinstance(value, ComposedCalendar):
            key = "union" if value.op == "|" else "intersection"
            parts = self.operands(value)
            doc: dict[str, Any] = {
                key: [self.calendar(p, (*path, key, i)) for i, p in enumerate(parts)]
            }
        else:
            doc = self.business(value, path)
        name = f"calendar-{len(self.calendars) + 1}"
        self.names[value] = name
        self.calendars[name] = doc
        return name

    def operands(self, value: ComposedCalendar) -> list[Calendar]:
        """The operands of a chain ``a | b | c`` (left-nested), in order."""
        left = value.left
        if isinstance(left, ComposedCalendar) and left.op == value.op:
            return [*self.operands(left), value.right]
        return [left, value.right]

    def business(self, cal: BusinessCalendar, path: DocPath) -> dict[str, Any]:
        doc: dict[str, Any] = {"hours": cal.hours.format()}
        if cal.tz.key != self.tz.key:
            doc["tz"] = cal.tz.key
        if cal.holidays is not None:
            doc["holidays"] = self.holidays(cal.holidays, (*path, "holidays"))
        if cal.shifts:
            doc["shifts"] = {day.isoformat(): _day_text(h) for day, h in cal.shifts}
        for key in ("closures", "openings"):
            spans = getattr(cal, key)
            if spans:
                doc[key] = [self.span(span, cal.tz) for span in spans]
        return doc

    def span(self, value: Closure | Opening, tz: ZoneInfo) -> dict[str, Any]:
        doc = {
            "start": self.instant(value.start, tz),
            "end": self.instant(value.end, tz),
        }
        if value.reason:
            doc["reason"] = value.reason
        return doc

    def holidays(self, source: HolidaySource, path: DocPath) -> Any:
        key = source.key
        if key[0] == "dates":
            return sorted(key[1])
        if key[0] != "base" or key[1] != "holidays":
            msg = (
                "only holidays of the holidays package (a country or a market, "
                f"not a sum or another class) can be written, got {source!r}"
            )
            raise _error(path, msg)
        code, subdiv, observed, categories, language, expand = key[2:8]
        market = code in holidays_lib.list_supported_financial()
        doc = Inline({"market" if market else "country": code})
        if subdiv is not None:
            doc["subdiv"] = subdiv
        if not observed:
            doc["observed"] = False
        if categories != frozenset({"public"}):
            doc["categories"] = sorted(categories)
        if language is not None:
            doc["language"] = language
        if not expand:
            doc["expand"] = False
            doc["dates"] = sorted(key[8])
            return doc
        added, removed = key[8], key[9]
        if added:
            doc["added"] = Inline(
                {day.isoformat(): name for day, name in sorted(added)}
            )
        if removed:
            doc["removed"] = sorted(removed)
        return doc


def _jsonable(value: Any, path: DocPath) -> Any:
    """The document with dates, date-times and decimals as JSON can hold them."""
    if isinstance(value, dict):
        return {key: _jsonable(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item, (*path, i)) for i, item in enumerate(value)]
    if isinstance(value, date):  # dates and date-times
        return value.isoformat()
    if isinstance(value, Decimal):
        number = float(value)
        if Decimal(repr(number)) != value:
            msg = f"the number {value} cannot be written exactly in JSON"
            raise _error(path, msg)
        return number
    return value


# -- TOML text ------------------------------------------------------------------


class Inline(dict[str, Any]):
    """A table written inline (``{a = 1, b = 2}``) rather than under a header."""


def _key(key: str) -> str:
    return key if BARE.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string, with every character TOML requires escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\b\t\n\f\r":
            out.append(
                {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}.get(char, "\\r")
            )
        elif code < 0x20 or code == 0x7F or char in "\x85\u2028\u2029":
            # Control characters must be escaped; the last three are escaped
            # too, as editors show them as line breaks.
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:  # noqa: PLR0911 - one return per TOML type
    """One value in TOML's inline syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | time):  # dates, times and date-times
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pairs = (f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    msg = f"cannot write {type(value).__name__} to TOML"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _is_section(value: Any) -> bool:
    return isinstance(value, dict) and not isinstance(value, Inline)


def _is_array_of_sections(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(_is_section(item) for item in value)
    )


def to_toml(document: Mapping[str, Any]) -> str:
    """Write a document (dicts, lists, scalars) as TOML text.

    Tables become ``[sections]`` and arrays of tables ``[[sections]]``, except
    `Inline` tables, which stay on their key's line.
    """
    out: list[str] = []
    _write_table(document, (), out, header=None)
    return "\n".join(out).strip("\n") + "\n"


def _write_table(
    table: Mapping[str, Any], path: tuple[str, ...], out: list[str], header: str | None
) -> None:
    plain = [
        (k, v)
        for k, v in table.items()
        if not _is_section(v) and not _is_array_of_sections(v)
    ]
    nested = [
        (k, v) for k, v in table.items() if _is_section(v) or _is_array_of_sections(v)
    ]
    if header is not None and (plain or not nested or header.startswith("[[")):
        out.extend(("", header))
    out.extend(f"{_key(k)} = {toml_value(v)}" for k, v in plain)
    for key, value in nested:
        inner = (*path, key)
        name = ".".join(_key(part) for part in inner)
        if _is_section(value):
            _write_table(value, inner, out, f"[{name}]")
        else:
            for item in value:
                _write_table(item, inner, out, f"[[{name}]]")
