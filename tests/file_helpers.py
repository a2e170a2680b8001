"""Shared helpers for the agreement-file tests: documents, texts and round trips."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import slacore as sla
from slacore import dump, loads
from slacore._file_writer import to_toml

DATA = Path(__file__).resolve().parent / "data" / "agreements"
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


class _Custom:
    """A condition of one's own: anything with `matches`."""

    def matches(self, _ticket):
        return True


def minimal(**extra):
    """A valid agreement document, with `extra` keys set (None deletes a key)."""
    doc = {
        "name": "Leads",
        "kind": "internal",
        "effective_from": date(2026, 1, 1),
        "parties": [
            {"name": "Marketing", "role": "provider"},
            {"name": "Sales", "role": "customer"},
        ],
        "objectives": [{"name": "leads", "goal": "500", "measure": {"type": "volume"}}],
    }
    doc.update(extra)
    return {key: value for key, value in doc.items() if value is not None}


def jsonable(value):
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def text_of(doc, fmt="toml"):
    return to_toml(doc) if fmt == "toml" else json.dumps(jsonable(doc))


def read(doc, fmt="toml"):
    return loads(text_of(doc, fmt), fmt)


def problems(source, fmt="toml"):
    """The problems of a document (a dict) or a text; fails if it loads."""
    text = source if isinstance(source, str) else text_of(source, fmt)
    with pytest.raises(sla.AgreementFileError) as info:
        loads(text, fmt)
    return list(info.value.problems)


def one_problem(source, fmt="toml"):
    found = problems(source, fmt)
    assert len(found) == 1, found
    return found[0]


def with_objective(measure, goal="90", *, top=None, **extra):
    """A document whose one objective has this measure (`top`: more document keys)."""
    objective = {"name": "o", "goal": goal, "measure": measure, **extra}
    return minimal(objectives=[objective], **(top or {}))


def round_trips(agreement):
    for fmt in ("toml", "json"):
        text = dump(agreement, fmt)
        again = loads(text, fmt)
        assert again == agreement, text
        assert dump(again, fmt) == text


def agreement_with(*objectives, **kw):
    kw.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement(
        "Support",
        "customer",
        [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        list(objectives) or [sla.Objective("leads", sla.Volume(), 500)],
        **kw,
    )


def on_calendar(calendar, **kw):
    """An agreement that measures availability on `calendar`."""
    return agreement_with(
        sla.Objective("uptime", sla.Availability("api", calendar=calendar), 99), **kw
    )
