"""Conditions that choose a policy or a priority: kinds, combinators, values, errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import slacore as sla
from slacore import (
    All,
    AnyOf,
    Contains,
    DataError,
    Equals,
    FrozenFields,
    HasTag,
    In,
    Not,
    Policy,
    PolicyError,
    PriorityRule,
    SlaError,
    Ticket,
)

T0 = datetime(2025, 9, 1, 9, tzinfo=UTC)


def ticket(priority: str = "normal", **fields: object) -> Ticket:
    """A ticket created at T0 with *fields*."""
    return Ticket("T-1", T0, priority, fields=fields)


GOLD_VIP = ticket(
    "high",
    plan="gold",
    tags=["vip", "eu"],
    subject="Printer on fire",
    seats=12,
    meta={"region": "eu", "langs": ["de", "fr"]},
)


class TestEquals:
    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (Equals("plan", "gold"), True),
            (Equals("plan", "silver"), False),
            (Equals("seats", 12), True),
            (Equals("seats", "12"), False),
            (Equals("tags", ["vip", "eu"]), True),
            (Equals("tags", ("vip", "eu")), True),
            (Equals("tags", ["eu", "vip"]), False),
            (Equals("meta", {"region": "eu", "langs": ["de", "fr"]}), True),
            (Equals("meta", {"region": "eu"}), False),
            (Equals("missing", "x"), False),
        ],
    )
    def test_matches(self, condition, expected):
        """Equals compares the frozen field value with the frozen condition value."""
        assert condition.matches(GOLD_VIP) is expected

    def test_missing_field_reads_as_none(self):
        """A field the ticket does not have reads as None."""
        assert Equals("plan", None).matches(ticket()) is True
        assert Equals("plan", None).matches(GOLD_VIP) is False

    def test_priority_is_the_tickets(self):
        """The ``priority`` field is the ticket's priority, not a field of that name."""
        t = Ticket("T-1", T0, "urgent", fields={"priority": "low"})
        assert Equals("priority", "urgent").matches(t) is True
        assert Equals("priority", "low").matches(t) is False

    def test_value_is_frozen(self):
        """Lists become tuples, sets frozensets and mappings FrozenFields."""
        assert Equals("tags", ["a", ["b"]]).value == ("a", ("b",))
        assert Equals("tags", {"a"}).value == frozenset({"a"})
        frozen = Equals("meta", {"k": [1, 2]}).value
        assert isinstance(frozen, FrozenFields)
        assert frozen == {"k": (1, 2)}

    def test_value_object(self):
        """Equal conditions compare and hash alike, and read well."""
        a = Equals("tags", ["vip"])
        assert a == Equals("tags", ("vip",))
        assert hash(a) == hash(Equals("tags", ("vip",)))
        assert repr(a) == "Equals(field='tags', value=('vip',))"
        assert len({a, Equals("tags", ("vip",)), Equals("tags", ("eu",))}) == 2


class TestIn:
    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (In("plan", ["gold", "platinum"]), True),
            (In("plan", ("silver", "bronze")), False),
            (In("plan", []), False),
            (In("seats", range(10, 20)), True),
            (In("priority", ["high", "urgent"]), True),
            (In("tags", [["vip", "eu"], ["other"]]), True),
            (In("missing", ["gold"]), False),
            (In("missing", [None]), True),
        ],
    )
    def test_matches(self, condition, expected):
        """In is true when the field's value is one of the values."""
        assert condition.matches(GOLD_VIP) is expected

    def test_values_are_frozen(self):
        """Values become a frozenset of frozen values (lists inside become tuples)."""
        assert In("tags", [["a", "b"], "c"]).values == frozenset({("a", "b"), "c"})
        assert hash(In("plan", ["gold"])) == hash(In("plan", ("gold",)))

    def test_unhashable_field_value_is_in_nothing(self):
        """A field value that cannot be hashed is in no set of values."""

        class Unhashable:
            __hash__ = None  # type: ignore[assignment]

        assert In("x", ["a"]).matches(_ticket_with_raw_field(Unhashable())) is False


def _ticket_with_raw_field(value: object) -> Ticket:
    """A ticket whose field ``x`` holds *value* unfrozen (fields bypassed)."""
    t = ticket()
    raw = FrozenFields()
    raw._data = {"x": value}  # type: ignore[attr-defined]
    object.__setattr__(t, "fields", raw)
    return t


class TestContains:
    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (Contains("tags", "vip"), True),
            (Contains("tags", "us"), False),
            (Contains("subject", "fire"), True),
            (Contains("subject", "Fire"), False),
            (Contains("meta", "region"), True),
            (Contains("seats", 1), False),
            (Contains("subject", 1), False),
            (Contains("missing", "vip"), False),
        ],
    )
    def test_matches(self, condition, expected):
        """Contains looks in lists, strings and mappings; nothing else contains."""
        assert condition.matches(GOLD_VIP) is expected

    def test_has_tag(self):
        """HasTag(tag) is Contains("tags", tag)."""
        assert HasTag("vip") == Contains("tags", "vip")
        assert HasTag("vip").matches(GOLD_VIP) is True
        assert HasTag("vip").matches(ticket(tags=["eu"])) is False
        assert HasTag("vip").matches(ticket()) is False


YES = Equals("plan", "gold")
NO = Equals("plan", "silver")


class TestCombinators:
    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (All((YES, YES)), True),
            (All((YES, NO)), False),
            (All(()), True),
            (AnyOf((NO, YES)), True),
            (AnyOf((NO, NO)), False),
            (AnyOf(()), False),
            (Not(YES), False),
            (Not(NO), True),
            (All([YES, AnyOf([NO, Not(NO)])]), True),
        ],
    )
    def test_truth_table(self, condition, expected):
        """All is and (true when empty), AnyOf is or (false when empty), Not is not."""
        assert condition.matches(GOLD_VIP) is expected

    def test_operators(self):
        """``&``, ``|`` and ``~`` build All, AnyOf and Not."""
        both, either, neither = YES & NO, YES | NO, ~YES
        nested = (YES & NO) | ~NO
        assert both == All((YES, NO))
        assert either == AnyOf((YES, NO))
        assert neither == Not(YES)
        assert nested == AnyOf((All((YES, NO)), Not(NO)))

    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (YES & HasTag("vip"), True),
            (YES & ~HasTag("vip"), False),
            (NO | HasTag("eu"), True),
            (~(NO | In("plan", ["bronze"])), True),
            (
                HasTag("vip") & In("priority", ["high"]) & ~Contains("subject", "spam"),
                True,
            ),
        ],
    )
    def test_operators_evaluate(self, condition, expected):
        """Conditions built with operators evaluate like the nested classes."""
        assert condition.matches(GOLD_VIP) is expected

    def test_combinations_are_values(self):
        """Combinations compare and hash by value, and read well."""
        assert hash(YES & NO) == hash(All((YES, NO)))
        assert repr(~HasTag("vip")) == (
            "Not(condition=Contains(field='tags', value='vip'))"
        )
        assert All([YES]).conditions == (YES,)


class TestCallables:
    def test_policy_condition(self):
        """A plain callable works as a policy's condition."""
        big = Policy("big", {}, condition=lambda t: t.fields.get("seats", 0) > 10)
        rest = Policy("rest", {})
        assert sla.select_policy([big, rest], GOLD_VIP) is big
        assert sla.select_policy([big, rest], ticket(seats=3)) is rest

    def test_truthy_result(self):
        """A callable's result counts by its truth value."""
        policy = Policy("p", {}, condition=lambda t: t.fields.get("tags", ()))
        assert sla.select_policy([policy], GOLD_VIP) is policy
        assert sla.select_policy([policy], ticket()) is None

    def test_priority_rule_condition(self):
        """A plain callable works as a priority rule's condition."""
        rule = PriorityRule(lambda t: "fire" in t.fields.get("subject", ""), "urgent")
        assert sla.apply_priority_rules([rule], GOLD_VIP).priority == "urgent"

    def test_not_inside_combinators(self):
        """Combinators take declarative conditions only, so they stay serialisable.

        A callable inside All is rejected like any other non-condition (the
        reading taken: the issue accepts callables as *a* condition, and All's
        items are typed as declarative conditions).
        """
        with pytest.raises(PolicyError, match=r"^conditions\[1\] is not a condition"):
            All((YES, lambda _: True))
        with pytest.raises(PolicyError, match=r"^conditions\[1\] is not a condition"):
            YES & (lambda _: True)  # type: ignore[operator]

    def test_object_with_matches(self):
        """An object with a ``matches`` method, which the validator accepts, is used.

        A regression test: `check_condition` and All accept any object with
        ``matches``, but `select_policy` once called it as a function (TypeError).
        """

        class Enterprise:
            def matches(self, t: Ticket) -> bool:
                return t.fields.get("plan") == "gold"

        policy = Policy("ent", {}, condition=Enterprise())
        assert All((Enterprise(),)).matches(GOLD_VIP) is True
        assert sla.select_policy([policy], GOLD_VIP) is policy


class TestFrozenFields:
    def test_mapping(self):
        """FrozenFields is a read-only mapping with frozen values."""
        fields = FrozenFields({"tags": ["a"], "set": {1}, "meta": {"k": ["v"]}})
        assert fields["tags"] == ("a",)
        assert fields["set"] == frozenset({1})
        assert fields["meta"] == {"k": ("v",)}
        assert isinstance(fields["meta"], FrozenFields)
        assert list(fields) == ["tags", "set", "meta"]
        assert len(fields) == 3
        assert fields.get("nope") is None
        with pytest.raises(TypeError):
            fields["x"] = 1  # type: ignore[index]

    def test_from_pairs(self):
        """Pairs work like a mapping."""
        assert FrozenFields([("a", [1])]) == {"a": (1,)}

    def test_value(self):
        """Equal contents compare and hash alike; the repr shows the frozen data."""
        a = FrozenFields({"x": [1, 2]})
        b = FrozenFields({"x": (1, 2)})
        assert a == b
        assert hash(a) == hash(b)
        assert a == {"x": (1, 2)}
        assert a != {"x": [1, 2]}
        assert a != "x"
        assert repr(a) == "FrozenFields({'x': (1, 2)})"

    def test_ticket_fields_are_frozen(self):
        """A ticket's fields are frozen on construction, so the ticket is hashable."""
        t = ticket(tags=["vip"], meta={"k": {"v"}})
        assert t.fields["tags"] == ("vip",)
        assert t.fields["meta"]["k"] == frozenset({"v"})
        assert hash(t) == hash(ticket(tags=("vip",), meta={"k": frozenset({"v"})}))


class TestBadInputs:
    @pytest.mark.parametrize("make", [Equals, Contains])
    def test_empty_field_name(self, make):
        """An empty field name is a PolicyError."""
        with pytest.raises(
            PolicyError,
            match=r"^a condition's field must be a non-empty string, got ''$",
        ):
            make("", "x")

    def test_empty_field_name_in(self):
        """An empty field name is a PolicyError for In too."""
        with pytest.raises(
            PolicyError,
            match=r"^a condition's field must be a non-empty string, got ''$",
        ):
            In("", ["x"])

    def test_field_name_not_a_string(self):
        """A field name that is not a string is refused."""
        with pytest.raises(
            PolicyError,
            match=r"^a condition's field must be a non-empty string, got 3$",
        ):
            Equals(3, "x")  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", ["vip", 3, None, ("plan", "gold")])
    def test_non_condition_inside_all(self, bad):
        """Something that is not a condition inside All or AnyOf is a PolicyError."""
        pattern = rf"^conditions\[1\] is not a condition: {_re(repr(bad))}$"
        with pytest.raises(PolicyError, match=pattern):
            All((YES, bad))
        with pytest.raises(PolicyError, match=pattern):
            AnyOf([YES, bad])

    def test_non_condition_inside_not(self):
        """Not of something that is not a condition is a PolicyError."""
        with pytest.raises(
            PolicyError, match=r"^Not\(...\) needs a condition, got 'vip'$"
        ):
            Not("vip")  # type: ignore[arg-type]

    def test_error_is_an_sla_error(self):
        """PolicyError is an SlaError and a ValueError."""
        with pytest.raises(SlaError):
            All(("vip",))  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="not a condition"):
            All(("vip",))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "make", [lambda v: Equals("x", v), lambda v: Contains("x", v)]
    )
    def test_unhashable_value(self, make):
        """A value that cannot be frozen into a hashable one is a PolicyError."""
        with pytest.raises(
            PolicyError,
            match=r"^value holds an unhashable bytearray: bytearray\(b'x'\)$",
        ):
            make(bytearray(b"x"))

    def test_unhashable_in_values(self):
        """Unhashable members of In's values are a PolicyError."""
        with pytest.raises(
            PolicyError,
            match=r"^values holds an unhashable bytearray: bytearray\(b''\)$",
        ):
            In("x", ["a", bytearray()])

    def test_unhashable_ticket_field(self):
        """An unhashable ticket field is a DataError naming the field."""
        with pytest.raises(
            DataError, match=r"^fields\['blob'\] holds an unhashable bytearray: "
        ):
            ticket(blob=bytearray(b"x"))

    def test_field_names_must_be_strings(self):
        """A mapping with a key that is not a string is a TypeError."""
        with pytest.raises(TypeError, match=r"^field names must be strings, got 1$"):
            FrozenFields({1: "x"})  # type: ignore[dict-item]

    @pytest.mark.parametrize("bad", ["vip", 3])
    def test_policy_condition_must_be_a_condition(self, bad):
        """A policy's condition is a condition, a callable or None."""
        with pytest.raises(
            PolicyError,
            match=rf"^condition must be a condition or a callable, got {bad!r}$",
        ):
            Policy("p", {}, condition=bad)

    def test_priority_rule_condition_must_be_a_condition(self):
        """A priority rule's condition is a condition or a callable."""
        with pytest.raises(
            PolicyError,
            match=r"^condition must be a condition or a callable, got 'vip'$",
        ):
            PriorityRule("vip", "urgent")  # type: ignore[arg-type]


def _re(text: str) -> str:
    import re

    return re.escape(text)


class TestReadingsMadeStrict:
    def test_in_refuses_a_bare_string(self):
        """In(field, "gold") would mean its letters: a TypeError instead."""
        with pytest.raises(
            TypeError, match=r"^In\(\.\.\.\) values must be a collection"
        ):
            In("plan", "gold")
