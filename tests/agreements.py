"""Builders shared by the agreement, evaluation and credit-terms tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from tests.instants import BERLIN, local

import slacore as sla

__all__ = ("BERLIN", "H", "PARTIES", "agreement", "at", "leads", "records")

H = timedelta(hours=1)
PARTIES = (sla.Party("Acme", "provider"), sla.Party("Globex", "customer"))


def at(*args: int, tz: tzinfo = UTC) -> datetime:
    """An aware datetime, UTC unless `tz` says otherwise."""
    return local(tz, *args)


def agreement(*objectives: sla.Objective, **terms: object) -> sla.Agreement:
    """A customer agreement between Acme and Globex from 2026-01-01."""
    terms.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement("A", "customer", PARTIES, objectives, **terms)  # type: ignore[arg-type]


def leads(goal: int = 3, **kw: object) -> sla.Objective:
    """A volume objective: at least `goal` records a period."""
    return sla.Objective("leads", sla.Volume(), goal, **kw)  # type: ignore[arg-type]


def records(*days: tuple[int, int]) -> sla.Dataset:
    """One record per (month, day) of 2026, at noon UTC."""
    return sla.Dataset(records=[{"at": at(2026, m, d, 12)} for m, d in days])
