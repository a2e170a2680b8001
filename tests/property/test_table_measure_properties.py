"""The columnar engine equals the object path, field by field, to the microsecond.

One set of rules, executed twice: `Policy.measure` reads a ticket's events one by
one; `measure_columns` states the same rules over columns. Random policy lists
(conditions, tiers with their own calendars, composed calendars, pause statuses
and held metrics, warnings) x random tickets (DST zones, events at one instant,
reopens, priority changes) x `now` anywhere (before creation, on an event, later)
with priority rules, through both.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, note
from hypothesis import strategies as st
from tests.property.test_policy_properties import policies, tickets
from tests.table_model import columns_of, rows_of_columns, rows_of_measurements

import slacore as sla
from slacore import strategies as sst
from slacore._table_measure import measure_columns
from slacore._time import to_us

H = timedelta(hours=1)


@st.composite
def instants(draw: st.DrawFn, ticket_list: list[sla.Ticket]) -> datetime:
    """Before, at and after the tickets' events."""
    stamps = [t.created_at for t in ticket_list] + [
        e.at for t in ticket_list for e in t.events
    ]
    if not stamps:
        return draw(sst.aware_datetimes())
    base = draw(st.sampled_from(stamps))
    shift = draw(
        st.sampled_from([timedelta(0), -timedelta(microseconds=1)])
        | sst.durations(max_value=timedelta(days=6))
    )
    return (base + shift).astimezone(draw(sst.timezones()))


def rule_lists() -> st.SearchStrategy[list[sla.PriorityRule]]:
    rule = st.builds(
        sla.PriorityRule,
        sst.conditions(),
        st.sampled_from(("low", "normal", "high", "urgent")),
    )
    return st.lists(rule, max_size=2)


def policy_lists() -> st.SearchStrategy[list[sla.Policy]]:
    conditioned = st.builds(
        lambda p, c, name: __import__("attrs").evolve(p, condition=c, name=name),
        policies(),
        st.none() | sst.conditions(),
        st.sampled_from(("vip", "standard", "eu")),
    )
    return st.lists(conditioned, min_size=1, max_size=3) | st.builds(
        lambda p: [p], sst.policies()
    )


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[list[sla.Policy], list[sla.Ticket], datetime, list[sla.PriorityRule]]:
    found = draw(st.lists(tickets(max_events=16) | sst.tickets(), max_size=6))
    return draw(policy_lists()), found, draw(instants(found)), draw(rule_lists())


def both(policy_list, ticket_list, now, rules):
    ruled = [sla.apply_priority_rules(rules, t) for t in ticket_list]
    objects = rows_of_measurements(list(sla.measure_many(policy_list, ruled, now)))
    columns = measure_columns(
        np, policy_list, columns_of(ticket_list), now_us=to_us(now, "now"), rules=rules
    )
    return objects, rows_of_columns(columns)


@given(scenarios())
def test_tables_equal_objects(scenario) -> None:
    policy_list, ticket_list, now, rules = scenario
    objects, table = both(policy_list, ticket_list, now, rules)
    note(f"objects={objects}")
    note(f"table={table}")
    warn = max((len(p.warn_at) for p in policy_list), default=0)
    for row in objects:  # a policy with fewer warnings: missing ones are null
        for j in range(warn):
            row.setdefault(f"warning_{j + 1}", None)
    assert table == objects


def test_a_chunk_boundary_changes_nothing(monkeypatch) -> None:
    import slacore._table_measure as engine

    t = datetime(2025, 3, 28, 16, tzinfo=UTC)
    policy = sla.Policy(
        "p",
        {"high": sla.Targets(first_response=H, resolution=8 * H)},
        calendar=sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin"),
    )
    ticket_list = [
        sla.Ticket(
            i, t + i * H, "high", [sla.TicketEvent(t + (i + 1) * H, "agent_reply")]
        )
        for i in range(7)
    ]
    now = t + 20 * H
    whole = both([policy], ticket_list, now, [])
    monkeypatch.setattr(engine, "CHUNK_TICKETS", 3)
    assert both([policy], ticket_list, now, []) == whole
    assert whole[0] == whole[1]
