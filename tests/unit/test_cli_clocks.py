"""`slacore measure`'s rows are the same from the engine's table as from objects.

`open_clocks_of_table` reads `measure_table`'s answer for a pyarrow table;
`open_clocks_of_measurements` reads `measure_many`'s (the path without the arrow
extra). For random policy lists x random tickets x `now` anywhere, both give the
same rows in the same order, every value equal and every instant in the same zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.property.test_table_measure_properties import instants, policy_lists

import slacore as sla
from slacore import strategies as sst
from slacore._cli_clocks import (
    open_clocks_of_measurements,
    open_clocks_of_table,
    urgency,
)

pytest.importorskip("pyarrow")

H = timedelta(hours=1)


def both(
    policies: list[sla.Policy], tickets: list[sla.Ticket], now: datetime
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    objects = open_clocks_of_measurements(sla.measure_many(policies, tickets, now))
    table = sla.tickets_to_table(tickets, like="pyarrow")
    clocks = sla.measure_table(policies, table, now=now)
    assert now.tzinfo is not None
    return objects, open_clocks_of_table(clocks, now.tzinfo)


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[list[sla.Policy], list[sla.Ticket], datetime]:
    ids = st.sampled_from(["T-1", "T-2", "T-3", "T-4", "T-5"])
    found = draw(st.lists(sst.tickets(ids=ids), max_size=5, unique_by=lambda t: t.id))
    return draw(policy_lists()), found, draw(instants(found))


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_the_same_rows_from_the_table_and_from_objects(
    scenario: tuple[list[sla.Policy], list[sla.Ticket], datetime],
) -> None:
    policies, tickets, now = scenario
    objects, table = both(policies, tickets, now)
    assert table == objects
    for row_o, row_t in zip(objects, table, strict=True):
        for name in ("due", "breached_at"):
            if row_o[name] is not None:
                assert row_t[name].utcoffset() == row_o[name].utcoffset()  # type: ignore[attr-defined]


def test_open_clocks_by_urgency() -> None:
    """Breached first (longest overdue first), then by due time, paused last."""
    t = datetime(2026, 10, 5, 9, tzinfo=UTC)
    policy = sla.Policy(
        "p",
        {"high": sla.Targets(first_response=H, resolution=8 * H)},
        pause_statuses=frozenset({"pending"}),
    )
    tickets = [
        sla.Ticket("late", t, "high"),
        sla.Ticket("later", t + H, "high"),
        sla.Ticket("held", t, "high", [sla.TicketEvent(t, "status", "pending")]),
        sla.Ticket("done", t, "high", [sla.TicketEvent(t, "status", "solved")]),
    ]
    now = t + 3 * H
    objects, table = both([policy], tickets, now)
    assert table == objects
    assert [(row["ticket"], row["metric"], row["state"]) for row in table] == [
        ("late", "first_response", "running"),  # breached at 10:00
        ("held", "first_response", "running"),  # breached at 10:00 too
        ("later", "first_response", "running"),  # breached at 11:00
        ("late", "resolution", "running"),  # due at 17:00
        ("later", "resolution", "running"),  # due at 18:00
        ("held", "resolution", "paused"),
    ]
    assert [urgency(row)[0] for row in table] == [0, 0, 0, 1, 1, 2]


def test_nothing_open() -> None:
    t = datetime(2026, 10, 5, 9, tzinfo=UTC)
    policy = sla.Policy("p", {"high": sla.Targets(first_response=H)})
    assert both([policy], [], t) == ([], [])
