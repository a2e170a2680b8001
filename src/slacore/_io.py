# Agreement files: TOML and JSON documents to `Agreement` values and back.

from __future__ import annotations

import contextlib
import json
import math
import re
import tomllib
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import reduce
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import holidays as holidays_lib

from ._agreement import Agreement
from ._calendar import ALWAYS, BusinessCalendar, Closure, ComposedCalendar, Opening
from ._conditions import All, AnyOf, Contains, Equals, In, Not
from ._credits import (
    BreachCountCredit,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    StepCredit,
)
from ._durations import (
    format_duration,
    format_span,
    parse_duration,
)
from ._holidays import check_country
from ._hours import WeeklyHours, format_interval, parse_day
from ._measure_registry import MEASURES
from ._measures import ABANDONED_MODES, AGGREGATES
from ._objective import DIRECTIONS, Objective
from ._parties import (
    AgreementKind,
    Party,
    Responsibility,
    ResponsibilityKind,
    Role,
    Structure,
    TerminationRule,
)
from ._periods import Period
from ._policy import Metric, Policy, Targets
from ._records import FrozenFields
from ._schema import (
    INSTANT_HINT,
    NUMBER_HINT,
    Inline,
    Path,
    Reader,
    json_lines,
    json_object,
    local_midnight,
    show,
    to_toml,
    toml_lines,
    toml_value,
)
from .exceptions import AgreementError, AgreementFileError, FileProblem, SlaError

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Mapping
    from zoneinfo import ZoneInfo

    from ._calendar import Calendar
    from ._conditions import Condition
    from ._credits import Credit
    from ._holidays import HolidaySource
    from ._hours import DayHours
    from ._measures import Measure

__all__ = (
    "dump",
    "format_duration",
    "load",
    "load_calendars",
    "loads",
    "parse_duration",
)

Format = Literal["toml", "json"]
SUFFIXES: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}
STRING_SOURCE: Final = "<string>"
# Conditions and inline calendars nest; a document deeper than this is refused
# rather than walked (and a reference cycle between named calendars is reported).
MAX_DEPTH: Final = 32

AGREEMENT_KEYS: Final = (
    "name",
    "kind",
    "parties",
    "objectives",
    "services",
    "period",
    "tz",
    "effective_from",
    "effective_until",
    "review_every",
    "termination",
    "fee",
    "at_risk",
    "claim_window",
    "policies",
    "structure",
    "responsibilities",
    "pool_allocation",
    "earn_back",
    "minimum_credit",
    "yearly_cap",
    "calendars",
)
AGREEMENT_REQUIRED: Final = ("name", "kind", "parties", "objectives", "effective_from")
AMOUNTS: Final = ("fee", "at_risk", "pool_allocation", "minimum_credit", "yearly_cap")
SPANS: Final = ("review_every", "claim_window")
TARGET_KEYS: Final = (
    "first_response",
    "next_response",
    "periodic_update",
    "resolution",
    "calendar",
)
POLICY_KEYS: Final = (
    "name",
    "targets",
    "calendar",
    "pause_statuses",
    "pauses",
    "condition",
    "warn_at",
)
OBJECTIVE_KEYS: Final = (
    "name",
    "measure",
    "goal",
    "direction",
    "credit",
    "allocation",
    "provider",
    "description",
)
CALENDAR_KEYS: Final = ("hours", "tz", "holidays", "shifts", "closures", "openings")
COMPOSED_KEYS: Final = ("union", "intersection")
HOLIDAY_KEYS: Final = (
    "country",
    "market",
    "subdiv",
    "observed",
    "categories",
    "language",
    "added",
    "removed",
    "expand",
    "dates",
)
SPAN_KEYS: Final = ("start", "end", "reason")
BUILT_IN: Final = "always"
NO_CAP: Final = "none"

# Each measure's `type`, class and keys (the attrs fields, by name); the required
# keys are the fields without a default.
MEASURE_TYPES: Final[dict[str, type[Any]]] = {cls.kind: cls for cls in MEASURES}
CREDIT_TYPES: Final[dict[str, type[Any]]] = {
    "schedule": CreditSchedule,
    "step": StepCredit,
    "breach_count": BreachCountCredit,
    "repeated_miss": RepeatedMissCredit,
}
CONDITION_KEYS: Final = {
    "equals": ("field", "value"),
    "in": ("field", "values"),
    "contains": ("field", "value"),
    "has_tag": ("tag",),
    "all": ("conditions",),
    "any": ("conditions",),
    "not": ("condition",),
}
HOURS_HINT: Final = (
    'weekly hours: a string such as "mon-fri 09:00-17:00" or a table such as '
    '{mon-fri = "09:00-17:00"}'
)
DAY_HINT: Final = 'hours of one day such as "09:00-12:00" or "closed"'
CALENDAR_HINT: Final = "a calendar name or a calendar table"
CONDITION_VALUE_HINT: Final = (
    "a string, an integer, a number, true or false, or an array or table of them"
)
GOAL_HINT: Final = (
    'a number such as "99.95" (for mean_time and average_wait also a duration '
    'such as "8h")'
)
_DURATION_MEASURES: Final = ("mean_time", "average_wait")
_TICKET_MEASURES: Final = ("ticket_attainment", "mean_time")
# What a missing required key should hold, by key name.
HINTS: Final = {
    "name": "a string",
    "kind": "one of " + ", ".join(k.value for k in AgreementKind),
    "parties": "an array of parties (tables with name and role)",
    "objectives": "an array of objectives (tables with name, measure and goal)",
    "effective_from": INSTANT_HINT,
    "role": "one of " + ", ".join(r.value for r in Role),
    "party": "the name of a party",
    "description": "a string",
    "targets": "a table of priorities, each a table of targets",
    "hours": HOURS_HINT,
    "start": INSTANT_HINT,
    "end": INSTANT_HINT,
    "below": NUMBER_HINT,
    "percent": NUMBER_HINT,
    "threshold": "a duration or a number, as the type needs",
    "step": NUMBER_HINT,
    "tiers": "an array of tiers (tables with below and percent)",
    "min_breaches": "an integer",
    "misses": "an integer",
    "within": "a duration or an integer, as the type needs",
    "metric": "one of " + ", ".join(m.value for m in Metric),
    "service": "a string",
    "field": "a string",
    "good": "a condition table with a type",
    "value": CONDITION_VALUE_HINT,
    "values": "an array of values",
    "conditions": "an array of condition tables",
    "condition": "a condition table with a type",
    "tag": "a string",
    "measure": "a measure table with a type",
    "goal": GOAL_HINT,
}
_SYNTAX_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _required(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING)


def _keys(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.alias for f in attrs.fields(cls) if f.init)


# -- public functions -----------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Agreement:
    """Read an agreement from a TOML or JSON file.

    The format comes from the suffix (``.toml`` or ``.json``); the file is read as
    UTF-8 (a byte-order mark is allowed). Files are data only: nothing in them is
    executed or imported. The file format reference lists every key.

    Args:
        path: The file's path.

    Returns:
        The agreement.

    Raises:
        AgreementFileError: If the file is invalid; it lists every problem found,
            each with its key path, line, what was expected and what was found,
            and its `path` is the file's path.
        OSError: If the file cannot be read.

    Examples:
        >>> import slacore as sla
        >>> agreement = sla.load("tests/data/agreements/support.toml")
        >>> agreement.name, [o.name for o in agreement.objectives][:2]
        ('Acme Support for Globex', ['first-response', 'resolution'])
    """
    source, text, fmt = _read_file(path)
    return _read(text, fmt, source)


def _read_file(path: str | os.PathLike[str]) -> tuple[str, str, Format]:
    """The file's name, its text (UTF-8) and its format (from the suffix)."""
    source = str(path)
    suffix = FilePath(source).suffix
    fmt = SUFFIXES.get(suffix.lower())
    if fmt is None:
        problem = _document_problem(
            "unknown file type", expected=".toml or .json", found=show(suffix)
        )
        raise AgreementFileError._of(source, [problem])  # noqa: SLF001
    data = FilePath(source).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = _document_problem(f"not UTF-8 text: {exc.reason}")
        raise AgreementFileError._of(source, [problem]) from None  # noqa: SLF001
    return source, text, fmt


def loads(text: str, format: Format = "toml") -> Agreement:  # noqa: A002 - API name
    """Read an agreement from TOML or JSON text.

    Args:
        text: The document.
        format: ``"toml"`` or ``"json"``.

    Returns:
        The agreement.

    Raises:
        AgreementFileError: If the text is invalid, listing every problem; its
            `path` is ``"<string>"``.
        SlaError: If `format` is not ``"toml"`` or ``"json"``.

    Examples:
        >>> import slacore as sla
        >>> text = '''
        ... name = "Leads"
        ... kind = "internal"
        ... effective_from = 2026-01-01
        ... parties = [
        ...     {name = "Marketing", role = "provider"},
        ...     {name = "Sales", role = "customer"},
        ... ]
        ... [[objectives]]
        ... name = "leads"
        ... measure = {type = "volume"}
        ... goal = 500
        ... '''
        >>> sla.loads(text).objectives[0]
        Objective(name='leads', measure=Volume(field=None, aggregate='count', where=None), goal=Decimal('500'), direction='at_least', credit=None, allocation=None, provider=None, description='')
        >>> try:
        ...     sla.loads(text.replace("goal", "gaol"))
        ... except sla.AgreementFileError as exc:
        ...     for problem in exc.problems:
        ...         print(problem.line, problem.where, problem.message)
        9 objectives[0].goal missing required key
        12 objectives[0].gaol unknown key (did you mean 'goal'?)
    """  # noqa: E501
    raw: object = text  # checked at run time too
    if not isinstance(raw, str):
        msg = f"text must be a str, got {type(raw).__name__}"
        raise TypeError(msg)
    return _read(raw, _format(format), STRING_SOURCE)


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
    fmt = _format(format)
    value: object = agreement  # checked at run time too
    if not isinstance(value, Agreement):
        msg = f"agreement must be an Agreement, got {type(value).__name__}"
        raise TypeError(msg)
    document = _Writer(value).agreement()
    if fmt == "toml":
        return to_toml(document)
    return json.dumps(_jsonable(document, ()), indent=2, ensure_ascii=False) + "\n"


def load_calendars(path: str | os.PathLike[str]) -> dict[str, Calendar]:
    """Read the named calendars of an agreement file (its ``calendars`` table).

    Only the ``calendars`` table and the top-level ``tz`` (the default zone of a
    calendar that names none) are read; the rest of the file is not checked, so
    a file holding nothing but calendars works too.

    Args:
        path: A ``.toml`` or ``.json`` file.

    Returns:
        The calendars by name, in the file's order (without the built-in
        ``"always"``).

    Raises:
        AgreementFileError: If the file is not a ``.toml`` or ``.json`` file of
            UTF-8 text, or the calendars are invalid, listing every problem.
        OSError: If the file cannot be read.

    Examples:
        >>> from slacore._io import load_calendars
        >>> calendars = load_calendars("tests/data/agreements/support.toml")
        >>> sorted(calendars)
        ['office', 'office-or-on-call', 'on-call']
    """
    source, text, fmt = _read_file(path)
    document, lines = _parse(text, fmt, source)
    reader = Reader(lines, HINTS)
    reader.document = document
    loader = _Loader(reader)
    if isinstance(document, dict):
        loader.tz = _top_zone(reader, document)
        loader.set_calendars(document.get("calendars"))
        loader.resolve_all()
    else:
        reader.wrong_type(document, (), "a table")
    if reader.problems:
        raise AgreementFileError._of(source, _in_order(reader.problems))  # noqa: SLF001
    return {name: cal for name, cal in loader.built.items() if cal is not None}


# -- reading --------------------------------------------------------------------------


def _format(value: object) -> Format:
    if value == "toml":
        return "toml"
    if value == "json":
        return "json"
    msg = f"format must be 'toml' or 'json', got {value!r}"
    raise SlaError(msg)


def _document_problem(
    message: str,
    *,
    line: int | None = None,
    expected: str | None = None,
    found: str | None = None,
) -> FileProblem:
    return FileProblem("<document>", message, line, expected=expected, found=found)


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _parse(text: str, fmt: Format, source: str) -> tuple[Any, dict[Path, int]]:
    """The document and the line of each of its key paths."""
    try:
        if fmt == "toml":
            document = tomllib.loads(text, parse_float=Decimal)
            return document, toml_lines(text)
        document = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=json_object,
        )
        return document, json_lines(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _SYNTAX_POSITION.search(message)
        line = None
        if position is not None:
            message = message[: position.start()]
            line = int(position.group(1))
            message += f" at column {position.group(2)}"
        problem = _document_problem(f"invalid TOML: {message}", line=line)
        raise AgreementFileError._of(source, [problem]) from exc  # noqa: SLF001
    except json.JSONDecodeError as exc:
        problem = _document_problem(
            f"invalid JSON: {exc.msg} at column {exc.colno}", line=exc.lineno
        )
        raise AgreementFileError._of(source, [problem]) from exc  # noqa: SLF001
    except (ValueError, RecursionError) as exc:
        problem = _document_problem(f"invalid {fmt.upper()}: {exc}")
        raise AgreementFileError._of(source, [problem]) from exc  # noqa: SLF001


def _read(text: str, fmt: Format, source: str) -> Agreement:
    document, lines = _parse(text, fmt, source)
    reader = Reader(lines, HINTS)
    reader.document = document
    agreement = _Loader(reader).agreement(document)
    if reader.problems or agreement is None:
        raise AgreementFileError._of(source, _in_order(reader.problems))  # noqa: SLF001
    return agreement


def _in_order(problems: list[FileProblem]) -> list[FileProblem]:
    """Problems by line (document order); those without a line keep their order."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def _top_zone(reader: Reader, document: dict[str, Any]) -> ZoneInfo:
    if "tz" in document:
        found = reader.zone(document["tz"], ("tz",))
        if found is not None:
            return found
    return ALWAYS.tz


def _items(table: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The tables in the array `key` of `table`, with their indexes."""
    items = table.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _names(table: Mapping[str, Any], key: str) -> list[tuple[str, Path]]:
    """The string names of the tables in the array `key`, with their paths."""
    return [
        (item["name"], (key, index, "name"))
        for index, item in _items(table, key)
        if isinstance(item.get("name"), str)
    ]


class _Loader:
    """Builds an agreement from a document, reporting every problem it finds."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.tz: ZoneInfo = ALWAYS.tz
        self.raw: dict[str, Any] = {}
        self.built: dict[str, Calendar | None] = {}
        self.resolving: list[str] = []

    # -- helpers ---------------------------------------------------------------------

    def optional(
        self,
        table: Mapping[str, Any],
        path: Path,
        key: str,
        read: Callable[[Any, Path], Any],
        into: dict[str, Any],
    ) -> None:
        """Read `key` into `into` if it is present (and valid)."""
        if key in table:
            value = read(table[key], (*path, key))
            if value is not None:
                into[key] = value

    def array(
        self, value: Any, path: Path, read: Callable[[Any, Path], Any]
    ) -> list[Any] | None:
        """Read each item of an array; None if any item failed."""
        items = self.r.typed(value, path, list)
        if items is None:
            return None
        mark = self.r.mark()
        found = [read(item, (*path, index)) for index, item in enumerate(items)]
        return None if self.r.failed_since(mark) else found

    def duplicates(self, names: Iterable[tuple[str, Path]], what: str) -> None:
        """Report names given twice, at the second one."""
        seen: set[str] = set()
        for name, path in names:
            if name in seen:
                self.r.add(path, f"{what} {name!r} is named twice", found=show(name))
            seen.add(name)

    def reference(
        self, name: str | None, path: Path, known: Iterable[str], what: str
    ) -> None:
        """Report `name` at `path` if it is not one of `known`."""
        names = list(dict.fromkeys(known))
        if name is not None and name not in names:
            expected = f"the name of a {what} (the agreement has none)"
            if names:
                expected = "one of " + ", ".join(names)
            self.r.add(path, f"unknown {what}", expected=expected, found=show(name))

    # -- the agreement ---------------------------------------------------------------

    def agreement(self, document: Any) -> Agreement | None:
        table = self.r.table(document, (), AGREEMENT_KEYS, AGREEMENT_REQUIRED)
        if table is None:
            return None
        self.tz = _top_zone(self.r, table)
        self.set_calendars(table.get("calendars"))
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, (), "name", self.r.string, kw)
        self.optional(table, (), "kind", self.kind, kw)
        if "tz" in table:
            kw["tz"] = self.tz
        self.optional_array(table, "parties", self.party, kw)
        self.optional_array(table, "objectives", self.objective, kw)
        self.optional(table, (), "services", self.r.strings, kw)
        self.optional(table, (), "period", self.period, kw)
        for key in ("effective_from", "effective_until"):
            self.optional(table, (), key, self.instant, kw)
        for key in SPANS:
            self.optional(table, (), key, self.r.span, kw)
        self.optional(table, (), "termination", self.termination, kw)
        for key in AMOUNTS:
            self.optional(table, (), key, self.r.decimal, kw)
        self.optional_array(table, "policies", self.policy, kw)
        self.optional(table, (), "structure", self.structure, kw)
        self.optional_array(table, "responsibilities", self.responsibility, kw)
        self.optional(table, (), "earn_back", self.r.integer, kw)
        self.resolve_all()
        self.cross_check(table)
        if self.r.failed_since(mark) or self.r.problems:
            return None
        return self.r.build((), lambda: Agreement(**kw))

    def optional_array(
        self,
        table: Mapping[str, Any],
        key: str,
        read: Callable[[Any, Path], Any],
        into: dict[str, Any],
    ) -> None:
        if key in table:
            found = self.array(table[key], (key,), read)
            if found is not None:
                into[key] = found

    def cross_check(self, table: Mapping[str, Any]) -> None:
        """Names and references between parts, read from the document itself.

        Done on the raw document so that they are all reported at once, even
        where the objects around them could not be built.
        """
        parties = _names(table, "parties")
        self.duplicates(parties, "party")
        objectives = _names(table, "objectives")
        self.duplicates(objectives, "objective")
        if "parties" in table and isinstance(table["parties"], list):
            known = [name for name, _ in parties]
            for key, field in (
                ("responsibilities", "party"),
                ("objectives", "provider"),
            ):
                for index, item in _items(table, key):
                    name = item.get(field)
                    if isinstance(name, str):
                        self.reference(name, (key, index, field), known, "party")
        rule = table.get("termination")
        listed = rule.get("objectives") if isinstance(rule, dict) else None
        if isinstance(listed, list) and isinstance(table.get("objectives"), list):
            known = [name for name, _ in objectives]
            for index, name in enumerate(listed):
                if isinstance(name, str):
                    path: Path = ("termination", "objectives", index)
                    self.reference(name, path, known, "objective")
        if isinstance(table.get("policies", []), list):
            known = [name for name, _ in _names(table, "policies")]
            for index, item in _items(table, "objectives"):
                measure = item.get("measure")
                if not isinstance(measure, dict):
                    continue
                policy = measure.get("policy")
                if isinstance(policy, str) and measure.get("type") in _TICKET_MEASURES:
                    path = ("objectives", index, "measure", "policy")
                    self.reference(policy, path, known, "policy")

    def kind(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, [k.value for k in AgreementKind])

    def period(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, [p.value for p in Period])

    def structure(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, [s.value for s in Structure])

    def instant(self, value: Any, path: Path) -> datetime | None:
        return self.r.instant(value, path, self.tz)

    def party(self, value: Any, path: Path) -> Party | None:
        table = self.r.table(value, path, ("name", "role", "contact"), ("name", "role"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, path, "name", self.r.string, kw)
        roles = [role.value for role in Role]
        self.optional(table, path, "role", lambda v, p: self.r.choice(v, p, roles), kw)
        self.optional(table, path, "contact", self.r.string, kw)
        if self.r.failed_since(mark) or len(kw) < 2:
            return None
        return self.r.build(path, lambda: Party(**kw))

    def responsibility(self, value: Any, path: Path) -> Responsibility | None:
        keys = ("party", "description", "kind")
        table = self.r.table(value, path, keys, ("party", "description"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, path, "party", self.r.string, kw)
        self.optional(table, path, "description", self.r.string, kw)
        kinds = [kind.value for kind in ResponsibilityKind]
        self.optional(table, path, "kind", lambda v, p: self.r.choice(v, p, kinds), kw)
        if self.r.failed_since(mark) or len(kw) < 2:
            return None
        return self.r.build(path, lambda: Responsibility(**kw))

    def termination(self, value: Any, path: Path) -> TerminationRule | None:
        table = self.r.table(value, path, ("consecutive_misses", "objectives"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, path, "consecutive_misses", self.r.integer, kw)
        self.optional(table, path, "objectives", self.r.strings, kw)
        if self.r.failed_since(mark):
            return None
        return self.r.build(path, lambda: TerminationRule(**kw))

    # -- objectives, measures and credits ---------------------------------------------

    def objective(self, value: Any, path: Path) -> Objective | None:
        required = ("name", "measure", "goal")
        table = self.r.table(value, path, OBJECTIVE_KEYS, required)
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, path, "name", self.r.string, kw)
        self.optional(table, path, "measure", self.measure, kw)
        kind = kw["measure"].kind if "measure" in kw else None
        if "goal" in table:
            goal = self.goal(table["goal"], (*path, "goal"), kind)
            if goal is not None:
                kw["goal"] = goal
        directions = list(DIRECTIONS)
        self.optional(
            table, path, "direction", lambda v, p: self.r.choice(v, p, directions), kw
        )
        self.optional(table, path, "credit", self.credit, kw)
        self.optional(table, path, "allocation", self.r.decimal, kw)
        self.optional(table, path, "provider", self.r.string, kw)
        self.optional(table, path, "description", self.r.string, kw)
        if self.r.failed_since(mark) or any(key not in kw for key in required):
            return None
        return self.r.build(path, lambda: Objective(**kw))

    def goal(self, value: Any, path: Path, kind: str | None) -> Any:
        if kind in _DURATION_MEASURES and isinstance(value, str):
            try:
                Decimal(value.strip())
            except ArithmeticError:
                try:
                    return parse_duration(value)
                except SlaError:
                    self.r.add(path, "bad goal", expected=GOAL_HINT, found=show(value))
                    return None
        return self.r.decimal(value, path)

    def measure(self, value: Any, path: Path) -> Measure | None:
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, "a measure table with a type")
            return None
        if "type" not in value:
            self.r.missing((*path, "type"), "one of " + ", ".join(MEASURE_TYPES))
            return None
        kind = self.r.choice(value["type"], (*path, "type"), MEASURE_TYPES)
        if kind is None:
            return None
        cls = MEASURE_TYPES[kind]
        table = self.r.table(value, path, ("type", *_keys(cls)), _required(cls))
        if table is None:  # pragma: no cover - checked to be a table above
            return None
        measure: Measure | None = self.fields(table, path, cls, _MEASURE_READERS)
        return measure

    def fields(
        self,
        table: Mapping[str, Any],
        path: Path,
        cls: type[Any],
        readers: Mapping[str, str],
        preset: Mapping[str, Any] | None = None,
    ) -> Any:
        """Read each key of `cls` with the loader method `readers` names; build."""
        mark = self.r.mark()
        kw: dict[str, Any] = dict(preset or {})
        for key in _keys(cls):
            if key in table:
                read = getattr(self, readers[key])
                value = read(table[key], (*path, key))
                if value is not None:
                    kw[key] = value
        if self.r.failed_since(mark) or any(k not in kw for k in _required(cls)):
            return None
        return self.r.build(path, lambda: cls(**kw))

    # Readers `fields` calls by name (see _MEASURE_READERS and _CREDIT_READERS).

    def metric(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, [m.value for m in Metric])

    def abandoned(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, ABANDONED_MODES)

    def aggregate(self, value: Any, path: Path) -> str | None:
        return self.r.choice(value, path, AGGREGATES)

    def string(self, value: Any, path: Path) -> str | None:
        return self.r.string(value, path)

    def strings(self, value: Any, path: Path) -> list[str] | None:
        return self.r.strings(value, path)

    def duration(self, value: Any, path: Path) -> timedelta | None:
        return self.r.duration(value, path)

    def decimal(self, value: Any, path: Path) -> Decimal | None:
        return self.r.decimal(value, path)

    def integer(self, value: Any, path: Path) -> int | None:
        return self.r.integer(value, path)

    def tiers(self, value: Any, path: Path) -> list[CreditTier] | None:
        return self.array(value, path, self.tier)

    def tier(self, value: Any, path: Path) -> CreditTier | None:
        table = self.r.table(value, path, ("below", "percent"), ("below", "percent"))
        if table is None:
            return None
        tier: CreditTier | None = self.fields(table, path, CreditTier, _CREDIT_READERS)
        return tier

    def credit(self, value: Any, path: Path) -> Credit | None:
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, "a credit table with a type")
            return None
        if "type" not in value:
            self.r.missing((*path, "type"), "one of " + ", ".join(CREDIT_TYPES))
            return None
        kind = self.r.choice(value["type"], (*path, "type"), CREDIT_TYPES)
        if kind is None:
            return None
        cls = CREDIT_TYPES[kind]
        table = self.r.table(value, path, ("type", *_keys(cls)), _required(cls))
        if table is None:  # pragma: no cover - checked to be a table above
            return None
        preset = {"cap": None} if table.get("cap") == NO_CAP else {}  # no cap at all
        rest = {key: item for key, item in table.items() if key not in preset}
        credit: Credit | None = self.fields(rest, path, cls, _CREDIT_READERS, preset)
        return credit

    # -- policies and conditions ---------------------------------------------------

    def policy(self, value: Any, path: Path) -> Policy | None:
        table = self.r.table(value, path, POLICY_KEYS, ("name", "targets"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.optional(table, path, "name", self.r.string, kw)
        self.optional(table, path, "targets", self.targets, kw)
        self.optional(table, path, "calendar", self.calendar, kw)
        self.optional(table, path, "pause_statuses", self.r.strings, kw)
        self.optional(table, path, "pauses", self.metrics, kw)
        self.optional(table, path, "condition", self.condition, kw)
        self.optional(
            table, path, "warn_at", lambda v, p: self.array(v, p, self.r.decimal), kw
        )
        if self.r.failed_since(mark) or "name" not in kw or "targets" not in kw:
            return None
        name = kw.pop("name")
        targets = kw.pop("targets")
        return self.r.build(path, lambda: Policy(name, targets, **kw))

    def metrics(self, value: Any, path: Path) -> list[str] | None:
        return self.array(value, path, self.metric)

    def targets(self, value: Any, path: Path) -> dict[str, Targets] | None:
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[str, Targets] = {}
        for priority, tier in table.items():
            here = (*path, priority)
            tier_table = self.r.table(tier, here, TARGET_KEYS)
            if tier_table is None:
                continue
            targets = self.fields(tier_table, here, Targets, _TARGET_READERS)
            if targets is not None:
                found[priority] = targets
        return None if self.r.failed_since(mark) else found

    def condition(  # noqa: PLR0911 - one return per kind of condition
        self, value: Any, path: Path, depth: int = 0
    ) -> Condition | None:
        if depth > MAX_DEPTH:
            self.r.add(path, f"conditions nested more than {MAX_DEPTH} deep")
            return None
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, "a condition table with a type")
            return None
        if "type" not in value:
            self.r.missing((*path, "type"), "one of " + ", ".join(CONDITION_KEYS))
            return None
        kind = self.r.choice(value["type"], (*path, "type"), CONDITION_KEYS)
        if kind is None:
            return None
        keys = CONDITION_KEYS[kind]
        table = self.r.table(value, path, ("type", *keys), keys)
        if table is None or any(key not in table for key in keys):
            return None
        mark = self.r.mark()
        if kind in ("all", "any"):
            here = (*path, "conditions")
            items = self.array(
                table["conditions"], here, lambda v, p: self.condition(v, p, depth + 1)
            )
            if items is None:
                return None
            group = All if kind == "all" else AnyOf
            return self.r.build(path, lambda: group(tuple(items)))
        if kind == "not":
            inner = self.condition(table["condition"], (*path, "condition"), depth + 1)
            if inner is None:
                return None
            return self.r.build(path, lambda: Not(inner))
        if kind == "has_tag":
            tag = self.r.string(table["tag"], (*path, "tag"))
            return (
                None
                if tag is None
                else self.r.build(path, lambda: Contains("tags", tag))
            )
        field = self.r.string(table["field"], (*path, "field")) or ""
        if kind == "in":
            values = self.array(
                table["values"],
                (*path, "values"),
                lambda v, p: self.plain(v, p, depth + 1),
            )
            if self.r.failed_since(mark) or values is None:
                return None
            return self.r.build(path, lambda: In(field, values))
        found = self.plain(table["value"], (*path, "value"), depth + 1)
        if self.r.failed_since(mark):
            return None
        leaf = Equals if kind == "equals" else Contains
        return self.r.build(path, lambda: leaf(field, found))

    def plain(self, value: Any, path: Path, depth: int) -> Any:  # noqa: PLR0911
        """A condition's value: plain data, read as it is (nothing is evaluated)."""
        if depth > MAX_DEPTH:
            self.r.add(path, f"values nested more than {MAX_DEPTH} deep")
            return None
        if isinstance(value, bool | int | str):
            return value
        if isinstance(value, Decimal):
            if value.is_finite():
                return value
            self.r.add(path, "not a finite number", expected=NUMBER_HINT)
            return None
        if isinstance(value, list):
            return self.array(value, path, lambda v, p: self.plain(v, p, depth + 1))
        if isinstance(value, dict):
            mark = self.r.mark()
            self.r.mapping(value, path)
            found = {
                key: self.plain(item, (*path, key), depth + 1)
                for key, item in value.items()
            }
            return None if self.r.failed_since(mark) else found
        self.r.wrong_type(value, path, CONDITION_VALUE_HINT)
        return None

    # -- calendars -------------------------------------------------------------------

    def set_calendars(self, value: Any) -> None:
        """Take the ``calendars`` table (built lazily, on first reference)."""
        if value is None:
            return
        table = self.r.mapping(value, ("calendars",))
        if table is None:
            return
        if BUILT_IN in table:
            self.r.add(
                ("calendars", BUILT_IN),
                f"{BUILT_IN!r} is built in (open 24/7 in UTC) and cannot be redefined",
            )
        self.raw = {name: item for name, item in table.items() if name != BUILT_IN}

    def resolve_all(self) -> None:
        """Build every named calendar, referenced or not, to check them all."""
        for name in self.raw:
            self.named(name, ("calendars", name))

    def calendar(self, value: Any, path: Path, depth: int = 0) -> Calendar | None:
        """A calendar reference: a name, or a calendar table inline."""
        if isinstance(value, str):
            return self.named(value, path)
        if depth > MAX_DEPTH:
            self.r.add(path, f"calendars nested more than {MAX_DEPTH} deep")
            return None
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, CALENDAR_HINT)
            return None
        if any(key in value for key in COMPOSED_KEYS):
            return self.composed(value, path, depth)
        return self.business(value, path)

    def named(self, name: str, path: Path) -> Calendar | None:
        if name == BUILT_IN:
            return ALWAYS
        if name not in self.raw:
            names = ", ".join([BUILT_IN, *self.raw])
            self.r.add(
                path, "unknown calendar", expected="one of " + names, found=show(name)
            )
            return None
        if name in self.built:
            found = self.built[name]
            if found is None:
                self.r.fail()
            return found
        if name in self.resolving:
            cycle = " -> ".join([*self.resolving[self.resolving.index(name) :], name])
            self.r.add(path, f"calendars refer to each other in a cycle: {cycle}")
            return None
        self.resolving.append(name)
        found = self.calendar(self.raw[name], ("calendars", name), len(self.resolving))
        self.resolving.pop()
        self.built[name] = found
        if found is None:
            self.r.fail()
        return found

    def composed(
        self, value: dict[str, Any], path: Path, depth: int
    ) -> Calendar | None:
        table = self.r.table(value, path, COMPOSED_KEYS)
        if table is None:  # pragma: no cover - checked to be a table by `calendar`
            return None
        if len(table) != 1:
            self.r.add(path, "give either union or intersection, not both")
            return None
        key = next(iter(table))
        parts = self.array(
            table[key], (*path, key), lambda v, p: self.calendar(v, p, depth + 1)
        )
        if parts is None:
            return None
        if len(parts) < 2:
            self.r.add(
                (*path, key),
                f"a {key} needs at least two calendars",
                expected="an array of two or more calendars",
                found=f"{len(parts)}",
            )
            return None
        combined: Calendar
        if key == "union":
            combined = reduce(lambda a, b: a | b, parts)
        else:
            combined = reduce(lambda a, b: a & b, parts)
        return combined

    def business(self, value: dict[str, Any], path: Path) -> Calendar | None:
        table = self.r.table(value, path, CALENDAR_KEYS, ("hours",))
        if table is None:  # pragma: no cover - checked to be a table by `calendar`
            return None
        mark = self.r.mark()
        tz = self.tz
        if "tz" in table:
            tz = self.r.zone(table["tz"], (*path, "tz")) or tz
        kw: dict[str, Any] = {}
        self.optional(table, path, "hours", self.hours, kw)
        self.optional(table, path, "holidays", self.holidays, kw)
        self.optional(table, path, "shifts", self.shifts, kw)
        for key, kind in (("closures", Closure), ("openings", Opening)):
            if key in table:
                found = self.spans(table[key], (*path, key), kind, tz)
                if found is not None:
                    kw[key] = found
        if self.r.failed_since(mark) or "hours" not in kw:
            return None
        hours = kw.pop("hours")
        return self.r.build(path, lambda: BusinessCalendar(hours, tz=tz, **kw))

    def hours(self, value: Any, path: Path) -> WeeklyHours | None:
        spec = value
        if isinstance(value, dict):
            self.r.mapping(value, path)
            for day, hours in value.items():
                ok = isinstance(hours, str) or (
                    isinstance(hours, list) and all(isinstance(h, str) for h in hours)
                )
                if not ok:
                    self.r.wrong_type(hours, (*path, day), DAY_HINT)
                    return None
        elif not isinstance(value, str):
            self.r.wrong_type(value, path, HOURS_HINT)
            return None
        try:
            return WeeklyHours.parse(spec)
        except SlaError as exc:
            self.r.add(path, str(exc), expected=HOURS_HINT, found=show(value))
            return None

    def shifts(self, value: Any, path: Path) -> dict[date, str | list[str]] | None:
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[date, str | list[str]] = {}
        for key, hours in table.items():
            here = (*path, key)
            day = self.r.day(key, here)
            ok = isinstance(hours, str) or (
                isinstance(hours, list) and all(isinstance(h, str) for h in hours)
            )
            if not ok:
                self.r.wrong_type(hours, here, DAY_HINT)
                continue
            try:
                parse_day(hours, where=key)
            except SlaError as exc:
                self.r.add(here, str(exc), expected=DAY_HINT, found=show(hours))
                continue
            if day in found:
                self.r.add(here, "date given twice", found=show(key))
            elif day is not None:
                found[day] = hours
        return None if self.r.failed_since(mark) else found

    def spans(
        self, value: Any, path: Path, kind: type[Closure | Opening], tz: ZoneInfo
    ) -> list[Closure | Opening] | None:
        return self.array(value, path, lambda v, p: self.span(v, p, kind, tz))

    def span(
        self, value: Any, path: Path, kind: type[Closure | Opening], tz: ZoneInfo
    ) -> Closure | Opening | None:
        table = self.r.table(value, path, SPAN_KEYS, ("start", "end"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        for key in ("start", "end"):
            self.optional(table, path, key, lambda v, p: self.r.instant(v, p, tz), kw)
        self.optional(table, path, "reason", self.r.string, kw)
        if self.r.failed_since(mark) or "start" not in kw or "end" not in kw:
            return None
        field = kind.__name__.lower()
        return self.r.build(path, lambda: kind(**kw), rename={field: ("end",)})

    def holidays(self, value: Any, path: Path) -> Any:
        if isinstance(value, list):
            return self.array(value, path, self.r.day)
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, "an array of dates or a holidays table")
            return None
        table = self.r.table(value, path, HOLIDAY_KEYS)
        if table is None:  # pragma: no cover - checked to be a table above
            return None
        mark = self.r.mark()
        sources = [key for key in ("country", "market") if key in table]
        if len(sources) != 1:
            self.r.add(
                path,
                "give a country or a market" if not sources else "give one of them",
                expected='country = "DE" or market = "XNYS"',
            )
        kw: dict[str, Any] = {}
        for key in ("country", "market", "subdiv", "language"):
            self.optional(table, path, key, self.r.string, kw)
        for key in ("observed", "expand"):
            self.optional(table, path, key, self.r.boolean, kw)
        self.optional(table, path, "categories", self.r.strings, kw)
        self.optional(
            table, path, "removed", lambda v, p: self.array(v, p, self.r.day), kw
        )
        self.optional(
            table, path, "dates", lambda v, p: self.array(v, p, self.r.day), kw
        )
        self.optional(table, path, "added", self.added, kw)
        expand = kw.get("expand", True)
        if expand and "dates" in table:
            self.r.add((*path, "dates"), "dates are only given with expand = false")
        if not expand and ("added" in table or "removed" in table):
            self.r.add(path, "with expand = false, list the holidays in dates instead")
        if self.r.failed_since(mark):
            return None
        try:
            return _holiday_base(kw)
        except Exception as exc:  # noqa: BLE001 - any failure of `holidays` is a problem
            code = kw.get("country") or kw.get("market")
            self.r.add(path, f"no holidays for {code!r}: {exc}", found=show(code))
            return None

    def added(self, value: Any, path: Path) -> dict[date, str] | None:
        if isinstance(value, list):
            days = self.array(value, path, self.r.day)
            return None if days is None else dict.fromkeys(days, "Holiday")
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[date, str] = {}
        for key, name in table.items():
            day = self.r.day(key, (*path, key))
            text = self.r.string(name, (*path, key))
            if day is not None and text is not None:
                found[day] = text
        return None if self.r.failed_since(mark) else found


_MEASURE_READERS: Final = {
    "metric": "metric",
    "priorities": "strings",
    "policy": "string",
    "service": "string",
    "calendar": "calendar",
    "burn_window": "duration",
    "threshold": "duration",
    "abandoned": "abandoned",
    "short_abandon": "duration",
    "field": "string",
    "aggregate": "aggregate",
    "where": "condition",
    "within": "duration",
    "good": "condition",
}
_CREDIT_READERS: Final = {
    "tiers": "tiers",
    "cap": "decimal",
    "threshold": "decimal",
    "step": "decimal",
    "percent": "decimal",
    "min_breaches": "integer",
    "per_extra": "decimal",
    "misses": "integer",
    "within": "integer",
    "below": "decimal",
}
_TARGET_READERS: Final = dict.fromkeys(TARGET_KEYS[:-1], "duration") | {
    "calendar": "calendar"
}


def _holiday_base(kw: Mapping[str, Any]) -> holidays_lib.HolidayBase:
    """A `HolidayBase` from a holidays table's values (checked already)."""
    options: dict[str, Any] = {
        "subdiv": kw.get("subdiv"),
        "observed": kw.get("observed", True),
        "language": kw.get("language"),
    }
    if "categories" in kw:
        options["categories"] = tuple(kw["categories"])
    expand = kw.get("expand", True)
    if not expand:
        options.update(years=[], expand=False)
    if "country" in kw:
        check_country(kw["country"], kw.get("subdiv"))
        base = holidays_lib.country_holidays(kw["country"], **options)
    else:
        base = holidays_lib.financial_holidays(kw["market"], **options)
    if not expand:
        for day in kw.get("dates", ()):
            base[day] = "Holiday"
        return base
    # `pop` with a default that is not None: with None, holidays raises KeyError.
    for day in kw.get("removed", ()):
        base.pop(day, "")
    for day, name in kw.get("added", {}).items():
        base.pop(day, "")  # so the name replaces the day's names instead of joining
        base[day] = name
    return base


# -- writing --------------------------------------------------------------------------


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


def _error(field: Path, message: str) -> AgreementError:
    from ._schema import where  # noqa: PLC0415

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
        if a.structure is not a._default_structure():  # noqa: SLF001
            doc["structure"] = a.structure.value
        if a.responsibilities:
            doc["responsibilities"] = [self.duty(r) for r in a.responsibilities]
        if a.earn_back is not None:
            doc["earn_back"] = a.earn_back
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

    def objective(self, objective: Objective, path: Path) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": objective.name}
        measure = objective.measure
        doc["goal"] = str(objective.goal)
        us = _whole_microseconds(objective.goal)
        if measure.kind in _DURATION_MEASURES and us is not None:
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

    def fields(self, value: Any, path: Path, doc: dict[str, Any]) -> dict[str, Any]:
        """Every attrs field of `value` not at its default, written by its type."""
        for field in attrs.fields(type(value)):
            found = getattr(value, field.name)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()  # pragma: no cover - none in files
            if default is not attrs.NOTHING and _same(found, default):
                continue
            if found is None:  # cap = "none" where the default is a cap
                doc[field.alias] = NO_CAP
                continue
            doc[field.alias] = self.value(found, (*path, field.alias))
        return doc

    def value(self, value: Any, path: Path) -> Any:  # noqa: PLR0911 - one per type
        if isinstance(value, Metric):
            return value.value
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, timedelta):
            return format_duration(value)
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, BusinessCalendar | ComposedCalendar):
            return self.calendar(value, path)
        if isinstance(value, tuple) and all(isinstance(t, CreditTier) for t in value):
            return [Inline(below=str(t.below), percent=str(t.percent)) for t in value]
        if isinstance(value, str | int):
            return value
        return self.condition(value, path)

    def policy(self, policy: Policy, path: Path) -> dict[str, Any]:
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
        return doc

    def condition(self, value: Any, path: Path) -> Inline:
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

    def plain(self, value: Any, path: Path) -> Any:
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

    def calendar(self, value: Calendar, path: Path) -> str:
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

    def business(self, cal: BusinessCalendar, path: Path) -> dict[str, Any]:
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

    def holidays(self, source: HolidaySource, path: Path) -> Any:
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
        base = getattr(source, "_base", None)
        market = (
            getattr(base, "market", None) is not None
            if base is not None
            else code in holidays_lib.list_supported_financial()
        )
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


def _jsonable(value: Any, path: Path) -> Any:
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
