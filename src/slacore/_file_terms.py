# Loading agreement terms from documents: the agreement, its parties, objectives,
# measures, credits, policies and conditions. Measures, credits and targets are read
# field by field, each field by its type (see `_file_fields`).

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from ._agreement import Agreement
from ._calendar import ALWAYS
from ._conditions import All, AnyOf, Contains, Equals, In, Not
from ._durations import parse_duration
from ._file_amendments import read_amendment
from ._file_calendars import HOURS_HINT, MAX_DEPTH, CalendarLoader, top_zone
from ._file_fields import (
    AGREEMENT_KEYS,
    AGREEMENT_REQUIRED,
    AMOUNTS,
    CREDIT_TYPES,
    NO_CAP,
    SPANS,
    FieldSpec,
    Kind,
    fields_of,
    keys_of,
    required_of,
)
from ._file_reader import INSTANT_HINT, NUMBER_HINT, Reader, show
from ._file_workload import read_workload
from ._groups import GroupTarget
from ._measure_registry import measure_class, measure_kinds
from ._metric import Metric
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
from ._policy import Policy, Targets
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from datetime import datetime

    from ._conditions import Condition
    from ._credits import Credit
    from ._file_lines import DocPath
    from ._measures import Measure

POLICY_KEYS: Final = (
    "name",
    "targets",
    "calendar",
    "pause_statuses",
    "pauses",
    "condition",
    "warn_at",
    "groups",
    "group_targets",
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
CONDITION_KEYS: Final = {
    "equals": ("field", "value"),
    "in": ("field", "values"),
    "contains": ("field", "value"),
    "has_tag": ("tag",),
    "all": ("conditions",),
    "any": ("conditions",),
    "not": ("condition",),
}
CONDITION_VALUE_HINT: Final = (
    "a string, an integer, a number, true or false, or an array or table of them"
)


def goal_hint() -> str:
    """What a goal may be, naming the measures whose goals are durations."""
    kinds = [kind for kind in measure_kinds() if _duration_goals(kind)]
    names = (
        ", ".join(kinds[:-1]) + " and " + kinds[-1]
        if len(kinds) > 1
        else "".join(kinds)
    )
    if not names:  # pragma: no cover - slacore's own measures include some
        return NUMBER_HINT
    return f'a number such as "99.95" (for {names} also a duration such as "8h")'


def _duration_goals(kind: str) -> bool:
    cls = measure_class(kind)
    return cls is not None and bool(cls.goal_rule.duration)


# What a missing required key should hold, by key name.
HINTS: Final = {
    "name": "a string",
    "kind": "one of " + ", ".join(k.value for k in AgreementKind),
    "parties": "an array of parties (tables with name and role)",
    "objectives": "an array of objectives (tables with name, measure and goal)",
    "effective_from": INSTANT_HINT,
    "effective": INSTANT_HINT,
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
    "goal": goal_hint(),
}


def _items(table: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The tables in the array `key` of `table`, with their indexes."""
    items = table.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _names(table: Mapping[str, Any], key: str) -> list[tuple[str, DocPath]]:
    """The string names of the tables in the array `key`, with their paths."""
    return [
        (item["name"], (key, index, "name"))
        for index, item in _items(table, key)
        if isinstance(item.get("name"), str)
    ]


class TermsLoader:
    """Builds an agreement from a document, reporting every problem it finds."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.calendars = CalendarLoader(reader, ALWAYS.tz)

    def duplicates(self, names: Iterable[tuple[str, DocPath]], what: str) -> None:
        """Report names given twice, at the second one."""
        seen: set[str] = set()
        for name, path in names:
            if name in seen:
                self.r.add(path, f"{what} {name!r} is named twice", found=show(name))
            seen.add(name)

    def reference(
        self, name: str | None, path: DocPath, known: Iterable[str], what: str
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
        self.calendars.tz = top_zone(self.r, table)
        self.calendars.set_calendars(table.get("calendars"))
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, (), "name", self.r.string, kw)
        self.r.optional(table, (), "kind", self.kind, kw)
        if "tz" in table:
            kw["tz"] = self.calendars.tz
        self.optional_array(table, "parties", self.party, kw)
        self.optional_array(table, "objectives", self.objective, kw)
        self.r.optional(table, (), "services", self.r.strings, kw)
        self.r.optional(table, (), "period", self.period, kw)
        for key in ("effective_from", "effective_until"):
            self.r.optional(table, (), key, self.instant, kw)
        for key in SPANS:
            self.r.optional(table, (), key, self.r.span, kw)
        self.r.optional(table, (), "termination", self.termination, kw)
        for key in AMOUNTS:
            self.r.optional(table, (), key, self.r.decimal, kw)
        self.optional_array(table, "policies", self.policy, kw)
        self.r.optional(table, (), "structure", self.structure, kw)
        self.optional_array(table, "responsibilities", self.responsibility, kw)
        self.r.optional(table, (), "earn_back", self.r.integer, kw)
        self.optional_array(
            table, "amendments", lambda v, p: read_amendment(self, v, p), kw
        )
        self.r.optional(
            table, (), "workload", lambda v, p: read_workload(self, v, p), kw
        )
        self.calendars.resolve_all()
        self.cross_check(table)
        if self.r.failed_since(mark) or self.r.problems:
            return None
        return self.r.build((), lambda: Agreement(**kw))

    def optional_array(
        self,
        table: Mapping[str, Any],
        key: str,
        read: Callable[[Any, DocPath], Any],
        into: dict[str, Any],
    ) -> None:
        if key in table:
            found = self.r.array(table[key], (key,), read)
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
                    path: DocPath = ("termination", "objectives", index)
                    self.reference(name, path, known, "objective")
        if isinstance(table.get("policies", []), list):
            known = [name for name, _ in _names(table, "policies")]
            for index, item in _items(table, "objectives"):
                measure = item.get("measure")
                if not isinstance(measure, dict):
                    continue
                policy = measure.get("policy")
                cls = measure_class(str(measure.get("type")))
                if (
                    isinstance(policy, str)
                    and cls is not None
                    and cls.reads == "tickets"
                ):
                    path = ("objectives", index, "measure", "policy")
                    self.reference(policy, path, known, "policy")

    def kind(self, value: Any, path: DocPath) -> str | None:
        return self.r.choice(value, path, [k.value for k in AgreementKind])

    def period(self, value: Any, path: DocPath) -> str | None:
        return self.r.choice(value, path, [p.value for p in Period])

    def structure(self, value: Any, path: DocPath) -> str | None:
        return self.r.choice(value, path, [s.value for s in Structure])

    def instant(self, value: Any, path: DocPath) -> datetime | None:
        return self.r.instant(value, path, self.calendars.tz)

    def party(self, value: Any, path: DocPath) -> Party | None:
        table = self.r.table(value, path, ("name", "role", "contact"), ("name", "role"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "name", self.r.string, kw)
        roles = [role.value for role in Role]
        self.r.optional(
            table, path, "role", lambda v, p: self.r.choice(v, p, roles), kw
        )
        self.r.optional(table, path, "contact", self.r.string, kw)
        if self.r.failed_since(mark) or len(kw) < 2:
            return None
        return self.r.build(path, lambda: Party(**kw))

    def responsibility(self, value: Any, path: DocPath) -> Responsibility | None:
        keys = ("party", "description", "kind")
        table = self.r.table(value, path, keys, ("party", "description"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "party", self.r.string, kw)
        self.r.optional(table, path, "description", self.r.string, kw)
        kinds = [kind.value for kind in ResponsibilityKind]
        self.r.optional(
            table, path, "kind", lambda v, p: self.r.choice(v, p, kinds), kw
        )
        if self.r.failed_since(mark) or len(kw) < 2:
            return None
        return self.r.build(path, lambda: Responsibility(**kw))

    def termination(self, value: Any, path: DocPath) -> TerminationRule | None:
        table = self.r.table(value, path, ("consecutive_misses", "objectives"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "consecutive_misses", self.r.integer, kw)
        self.r.optional(table, path, "objectives", self.r.strings, kw)
        if self.r.failed_since(mark):
            return None
        return self.r.build(path, lambda: TerminationRule(**kw))

    # -- objectives, measures and credits ---------------------------------------------

    def objective(self, value: Any, path: DocPath) -> Objective | None:
        required = ("name", "measure", "goal")
        table = self.r.table(value, path, OBJECTIVE_KEYS, required)
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "name", self.r.string, kw)
        self.r.optional(table, path, "measure", self.measure, kw)
        measure = type(kw["measure"]) if "measure" in kw else None
        if "goal" in table:
            goal = self.goal(table["goal"], (*path, "goal"), measure)
            if goal is not None:
                kw["goal"] = goal
        directions = list(DIRECTIONS)
        self.r.optional(
            table, path, "direction", lambda v, p: self.r.choice(v, p, directions), kw
        )
        self.r.optional(table, path, "credit", self.credit, kw)
        self.r.optional(table, path, "allocation", self.r.decimal, kw)
        self.r.optional(table, path, "provider", self.r.string, kw)
        self.r.optional(table, path, "description", self.r.string, kw)
        if self.r.failed_since(mark) or any(key not in kw for key in required):
            return None
        return self.r.build(path, lambda: Objective(**kw))

    def goal(self, value: Any, path: DocPath, measure: type[Any] | None) -> Any:
        """A goal: a number, or for a measure with duration goals also a duration."""
        duration = measure is not None and measure.goal_rule.duration
        if duration and isinstance(value, str):
            try:
                Decimal(value.strip())
            except ArithmeticError:
                try:
                    return parse_duration(value)
                except SlaError:
                    self.r.add(
                        path, "bad goal", expected=goal_hint(), found=show(value)
                    )
                    return None
        return self.r.decimal(value, path)

    def type_of(
        self, value: Any, path: DocPath, what: str, types: Mapping[str, Any]
    ) -> str | None:
        """The ``type`` of a table, one of `types`; None and a problem if it has none.

        A value that is not a table, a table with no ``type``, and a ``type`` not in
        `types` are each a problem at `path` (or at its ``type``).
        """
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, f"a {what} table with a type")
            return None
        if "type" not in value:
            self.r.missing((*path, "type"), "one of " + ", ".join(types))
            return None
        return self.r.choice(value["type"], (*path, "type"), types)

    def typed_table(
        self, value: Any, path: DocPath, what: str, types: Mapping[str, type[Any]]
    ) -> Any:
        """A table with a ``type`` key naming one of `types`, read by its fields."""
        kind = self.type_of(value, path, what, types)
        if kind is None:
            return None
        cls = types[kind]
        table = self.r.table(value, path, ("type", *keys_of(cls)), required_of(cls))
        if table is None:  # pragma: no cover - checked to be a table above
            return None
        return self.fields(table, path, cls)

    def measure(self, value: Any, path: DocPath) -> Measure | None:
        """A measure table: its ``type`` is a kind of the measure registry."""
        kinds = {kind: measure_class(kind) for kind in measure_kinds()}
        known = {kind: cls for kind, cls in kinds.items() if cls is not None}
        measure: Measure | None = self.typed_table(value, path, "measure", known)
        return measure

    def credit(self, value: Any, path: DocPath) -> Credit | None:
        """A credit table: its ``type`` is one of `CREDIT_TYPES`."""
        credit: Credit | None = self.typed_table(value, path, "credit", CREDIT_TYPES)
        return credit

    def fields(self, table: Mapping[str, Any], path: DocPath, cls: type[Any]) -> Any:
        """Read each key of `table` by the type of `cls`'s field of that name; build.

        A key whose field takes None but defaults to something else may say
        ``"none"`` (``cap = "none"``: no cap at all).
        """
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        for spec in fields_of(cls):
            if spec.key not in table:
                continue
            raw = table[spec.key]
            if spec.none_word and raw == NO_CAP:
                kw[spec.key] = None
                continue
            value = self.field(spec, raw, (*path, spec.key))
            if value is not None:
                kw[spec.key] = value
        if self.r.failed_since(mark) or any(k not in kw for k in required_of(cls)):
            return None
        return self.r.build(path, lambda: cls(**kw))

    def field(self, spec: FieldSpec, value: Any, path: DocPath) -> Any:  # noqa: PLR0911 - one per kind
        """One value, read as its field's kind says."""
        match spec.kind:
            case Kind.DURATION:
                return self.r.duration(value, path)
            case Kind.DECIMAL:
                return self.r.decimal(value, path)
            case Kind.INTEGER:
                return self.r.integer(value, path)
            case Kind.STRING:
                return self.r.string(value, path)
            case Kind.STRINGS:
                return self.r.strings(value, path)
            case Kind.CHOICE:
                return self.r.choice(value, path, spec.choices)
            case Kind.CALENDAR:
                return self.calendars.calendar(value, path)
            case Kind.CONDITION:
                return self.condition(value, path)
            case _:  # Kind.TABLES: an array of tables, each of the item class
                item = spec.item
                return self.r.array(value, path, lambda v, p: self.table_of(item, v, p))

    def table_of(self, cls: Any, value: Any, path: DocPath) -> Any:
        """A table holding the fields of `cls` (a tier of a credit schedule)."""
        table = self.r.table(value, path, keys_of(cls), required_of(cls))
        return None if table is None else self.fields(table, path, cls)

    # -- policies and conditions ---------------------------------------------------

    def policy(self, value: Any, path: DocPath) -> Policy | None:
        table = self.r.table(value, path, POLICY_KEYS, ("name", "targets"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "name", self.r.string, kw)
        self.r.optional(table, path, "targets", self.targets, kw)
        self.r.optional(table, path, "calendar", self.calendars.calendar, kw)
        self.r.optional(table, path, "pause_statuses", self.r.strings, kw)
        self.r.optional(table, path, "pauses", self.metrics, kw)
        self.r.optional(table, path, "condition", self.condition, kw)
        self.r.optional(
            table, path, "warn_at", lambda v, p: self.r.array(v, p, self.r.decimal), kw
        )
        self.r.optional(table, path, "groups", self.r.strings, kw)
        self.r.optional(table, path, "group_targets", self.group_targets, kw)
        if self.r.failed_since(mark) or "name" not in kw or "targets" not in kw:
            return None
        name = kw.pop("name")
        targets = kw.pop("targets")
        return self.r.build(path, lambda: Policy(name, targets, **kw))

    def group_targets(self, value: Any, path: DocPath) -> list[GroupTarget] | None:
        """An array of group target tables, each read by `GroupTarget`'s fields."""
        return self.r.array(value, path, lambda v, p: self.table_of(GroupTarget, v, p))

    def metrics(self, value: Any, path: DocPath) -> list[str] | None:
        metrics = [metric.value for metric in Metric]
        return self.r.array(value, path, lambda v, p: self.r.choice(v, p, metrics))

    def targets(self, value: Any, path: DocPath) -> dict[str, Targets] | None:
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[str, Targets] = {}
        for priority, tier in table.items():
            here = (*path, priority)
            targets = self.table_of(Targets, tier, here)
            if targets is not None:
                found[priority] = targets
        return None if self.r.failed_since(mark) else found

    def condition(  # noqa: PLR0911 - one return per kind of condition
        self, value: Any, path: DocPath, depth: int = 0
    ) -> Condition | None:
        if depth > MAX_DEPTH:
            self.r.add(path, f"conditions nested more than {MAX_DEPTH} deep")
            return None
        kind = self.type_of(value, path, "condition", CONDITION_KEYS)
        if kind is None:
            return None
        keys = CONDITION_KEYS[kind]
        table = self.r.table(value, path, ("type", *keys), keys)
        if table is None or any(key not in table for key in keys):
            return None
        mark = self.r.mark()
        if kind in ("all", "any"):
            here = (*path, "conditions")
            items = self.r.array(
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
            values = self.r.array(
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

    def plain(self, value: Any, path: DocPath, depth: int) -> Any:  # noqa: PLR0911
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
            return self.r.array(value, path, lambda v, p: self.plain(v, p, depth + 1))
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
