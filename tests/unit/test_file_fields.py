"""How attrs fields are spelled in files (slacore._file_fields)."""

from __future__ import annotations

from datetime import timedelta  # noqa: TC003 - fields_of resolves the annotations
from decimal import Decimal
from typing import Any, Literal

import attrs
import pytest

import slacore as sla
from slacore._calendar import Calendar  # noqa: TC001 - fields_of resolves the annotations
from slacore._conditions import Condition, check_condition
from slacore._file_fields import CREDIT_TYPES, Kind, fields_of, keys_of, required_of
from slacore._measure_registry import measure_class, measure_kinds


@attrs.frozen
class _Part:
    size: int


@attrs.frozen
class _Everything:
    """A class with a field of every kind a file can hold."""

    wait: timedelta
    amount: Decimal
    count: int
    name: str
    tags: frozenset[str]
    metric: sla.Metric
    calendar: Calendar
    condition: Condition
    parts: tuple[_Part, ...]
    maybe_wait: timedelta | None = None
    cap: Decimal | None = Decimal(100)
    maybe_name: str | None = attrs.field(default=None, kw_only=True)
    where: Any = attrs.field(default=None, validator=check_condition, kw_only=True)
    hidden: int = attrs.field(default=0, init=False)


@attrs.frozen
class _Modes:
    mode: Literal["fast", "slow"] = "fast"


@attrs.frozen
class _Unreadable:
    callback: Any


class TestFieldsOf:
    def test_every_kind(self):
        """Each field's kind comes from its resolved type."""
        found = {
            spec.key: (spec.kind, spec.optional) for spec in fields_of(_Everything)
        }
        assert found == {
            "wait": (Kind.DURATION, False),
            "amount": (Kind.DECIMAL, False),
            "count": (Kind.INTEGER, False),
            "name": (Kind.STRING, False),
            "tags": (Kind.STRINGS, False),
            "metric": (Kind.CHOICE, False),
            "calendar": (Kind.CALENDAR, False),
            "condition": (Kind.CONDITION, False),
            "parts": (Kind.TABLES, False),
            "maybe_wait": (Kind.DURATION, True),
            "cap": (Kind.DECIMAL, True),
            "maybe_name": (Kind.STRING, True),
            "where": (Kind.CONDITION, False),
        }

    def test_items(self):
        """A choice knows its enum, an array of tables its class."""
        specs = {spec.key: spec for spec in fields_of(_Everything)}
        assert specs["metric"].item is sla.Metric
        assert specs["parts"].item is _Part
        assert specs["name"].item is None

    def test_choices(self):
        """An enum's values, or a Literal's strings, are a field's choices."""
        specs = {spec.key: spec for spec in fields_of(_Everything)}
        assert specs["metric"].choices == tuple(m.value for m in sla.Metric)
        (mode,) = fields_of(_Modes)
        assert (mode.kind, mode.item, mode.choices) == (
            Kind.CHOICE,
            None,
            ("fast", "slow"),
        )

    def test_required_keys_are_the_fields_without_default(self):
        """Required keys come from the fields; fields not in __init__ are left out."""
        assert required_of(_Everything) == keys_of(_Everything)[:9]
        assert "hidden" not in keys_of(_Everything)

    def test_none_word(self):
        """Only an optional number may say "none" for None (``cap = "none"``)."""
        specs = {spec.key: spec for spec in fields_of(_Everything)}
        assert [key for key, spec in specs.items() if spec.none_word] == ["cap"]

    def test_unreadable_type(self):
        """A field no file can spell is a TypeError naming it."""
        with pytest.raises(TypeError, match="callback"):
            fields_of(_Unreadable)

    @pytest.mark.parametrize("kind", measure_kinds())
    def test_every_registered_measure_is_readable(self, kind):
        """Every measure of the registry has a file spelling for each field."""
        cls = measure_class(kind)
        assert cls is not None
        assert {spec.name for spec in fields_of(cls)} == {
            field.name for field in attrs.fields(cls) if field.init
        }

    @pytest.mark.parametrize("cls", CREDIT_TYPES.values())
    def test_every_credit_is_readable(self, cls):
        """Credits too; their cap is the optional number that may say "none"."""
        specs = {spec.key: spec for spec in fields_of(cls)}
        assert specs["cap"].optional
        assert specs["cap"].kind is Kind.DECIMAL
