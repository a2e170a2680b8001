"""`measure_table` equals `measure_many`, through the public path, in every library.

`test_table_measure_properties.py` holds the engine to the object path on event
columns built straight from the objects. This property goes the way a user does:
random policy lists (conditions, tiers with their own calendars, composed
calendars, pauses, warnings) x random tickets (DST zones, ties, reopens, priority
changes) x `now` anywhere, with priority rules; the tickets written by
`tickets_to_table` in a random library, their rows interleaved at random (a
ticket's own rows keep their order), the ``at`` column in a random zone or as
text with offsets, measured by `measure_table` in chunks of a random size; every
field of every cycle equal to `measure_many`'s, to the microsecond, with instants
as UTC datetimes and durations at microseconds.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any
from unittest import mock

import attrs
import numpy as np
from hypothesis import given, note
from hypothesis import strategies as st
from tests.property.test_table_measure_properties import scenarios
from tests.table_replay import LIBRARIES, Group, compare, objects_rows, table_columns

import slacore as sla
import slacore._table_measure as engine
from slacore import strategies as sst

if TYPE_CHECKING:
    from collections.abc import Sequence


def _take(table: Any, like: str, order: Sequence[int]) -> Any:
    """The rows of `table` in `order`."""
    positions = np.array(order, dtype=np.int64)
    if like == "numpy":
        return {name: values[positions] for name, values in table.items()}
    if like == "pandas":
        return table.iloc[positions].reset_index(drop=True)
    if like == "polars":
        return table[positions]
    return table.take(positions)


def _at_in(table: Any, like: str, zone: str | None) -> Any:
    """`table` with its ``at`` column in `zone`, or as text with offsets (None)."""
    if like == "numpy":
        if zone is None:
            at = table["at"].astype("datetime64[us]").astype(object)
            text = [a.replace(tzinfo=UTC).isoformat() for a in at]
            return {**table, "at": np.array(text, dtype=object)}
        return table  # numpy datetime64 is UTC
    if like == "pandas":
        at = table["at"].dt.tz_convert(zone or "UTC")
        if zone is None:
            at = at.map(lambda a: a.isoformat())
        return table.assign(at=at)
    if like == "polars":
        import polars as pl

        at = pl.col("at").dt.convert_time_zone(zone or "UTC")
        if zone is None:
            at = at.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f%:z")
        return table.with_columns(at)
    import pyarrow as pa

    index = table.schema.get_field_index("at")
    if zone is None:
        text = [a.isoformat() for a in table.column("at").to_pylist()]
        return table.set_column(index, "at", pa.array(text, pa.string()))
    at = table.column("at").cast(pa.timestamp("us", tz=zone))
    return table.set_column(index, "at", at)


@st.composite
def interleavings(draw: st.DrawFn, sizes: Sequence[int]) -> list[int]:
    """Row positions merging runs of `sizes` rows at random, each run in order."""
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    left = list(sizes)
    owners = draw(st.permutations([i for i, n in enumerate(sizes) for _ in range(n)]))
    order = []
    for owner in owners:
        order.append(starts[owner] + sizes[owner] - left[owner])
        left[owner] -= 1
    return order


@given(scenario=scenarios(), data=st.data())
def test_measure_table_equals_measure_many(scenario, data) -> None:
    policy_list, found, now, rules = scenario
    ints = data.draw(st.booleans(), label="integer ids")
    tickets = [
        attrs.evolve(t, id=i + 1 if ints else f"T-{i + 1}") for i, t in enumerate(found)
    ]
    like = data.draw(st.sampled_from(LIBRARIES), label="like")
    events = sla.tickets_to_table(tickets, like=like)
    order = data.draw(interleavings([1 + len(t.events) for t in tickets]))
    events = _take(events, like, order)
    zone = data.draw(st.none() | sst.timezones().map(str), label="zone of at")
    events = _at_in(events, like, zone)
    firsts = sorted(
        range(len(tickets)),
        key=lambda i: order.index(sum(1 + len(t.events) for t in tickets[:i])),
    )
    tickets = [tickets[i] for i in firsts]  # in the order of their created rows
    chunk = data.draw(st.sampled_from([1, 2, 3, engine.CHUNK_TICKETS]), label="chunk")
    policies = policy_list[0] if len(policy_list) == 1 else policy_list
    with mock.patch.object(engine, "CHUNK_TICKETS", chunk):
        table = sla.measure_table(policies, events, now=now, priority_rules=rules)
    group = Group(
        "property", tuple(policy_list), tuple(rules), tuple(tickets), now, True
    )
    objects = objects_rows(group)
    got = table_columns(table, like)
    note(f"table={got}")
    note(f"objects={objects}")
    assert compare(group, like, got, objects) == []
