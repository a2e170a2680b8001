"""Objects and tables side by side: tickets as event columns, measurements as rows."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

import numpy as np

from slacore._event_columns import KINDS, EventColumns, Factor
from slacore._time import duration_us, to_us

if TYPE_CHECKING:
    from slacore import Ticket

_KIND = {k: i for i, k in enumerate(KINDS)}


def columns_of(tickets: list[Ticket]) -> EventColumns:
    """Tickets as event columns, straight from the objects."""
    names = sorted({name for t in tickets for name in t.fields})
    offsets = [0]
    at, kind, value = [], [], []
    for t in tickets:
        _, stamps = t.timeline_us
        for event, stamp in zip(t.events, stamps, strict=True):
            at.append(stamp)
            kind.append(_KIND[event.kind])
            value.append(event.value)
        offsets.append(len(at))
    return EventColumns(
        ticket_id=np.array([t.id for t in tickets] + [None], dtype=object)[:-1],
        created_us=np.array([t.timeline_us[0] for t in tickets], dtype=np.int64),
        priority=Factor.of(np, [t.priority for t in tickets]),
        fields={
            name: Factor.of(np, [t.fields.get(name) for t in tickets]) for name in names
        },
        offsets=np.array(offsets, dtype=np.int64),
        at_us=np.array(at, dtype=np.int64),
        kind=np.array(kind, dtype=np.int8),
        value=Factor.of(np, value),
        tz=UTC,
    )


def _us(value: Any) -> int | None:
    return None if value is None else to_us(value, "at")


def _d(value: Any) -> int:
    return duration_us(value, "d")


def rows_of_measurements(pairs: list[tuple[Ticket, Any]]) -> list[dict[str, Any]]:
    """`measure_many` results as the rows `measure_table` gives."""
    rows = []
    for ticket, m in pairs:
        if m is None:
            continue
        for metric, statuses in m.cycles:
            for i, s in enumerate(statuses):
                row = {
                    "ticket_id": ticket.id,
                    "policy": m.policy,
                    "metric": metric.value,
                    "cycle": i,
                    "priority": m.priority,
                    "state": s.state.value,
                    "started_at": _us(s.started_at),
                    "stopped_at": _us(s.stopped_at),
                    "target": _d(s.elapsed + s.remaining),
                    "elapsed": _d(s.elapsed),
                    "remaining": _d(s.remaining),
                    "paused_for": _d(s.paused_for),
                    "wall_elapsed": _d(s.wall_elapsed),
                    "due_at": _us(s.due_at),
                    "breached": s.breached,
                    "ever_breached": s.ever_breached,
                    "breached_at": _us(s.breached_at),
                    "met": s.met,
                }
                for j, w in enumerate(s.warnings):
                    row[f"warning_{j + 1}"] = _us(w)
                rows.append(row)
    return rows


def rows_of_columns(cols: dict[str, Any]) -> list[dict[str, Any]]:
    """Numpy output columns as rows of plain values (µs for instants/durations)."""
    n = len(cols["ticket_id"])
    out: list[dict[str, Any]] = [{} for _ in range(n)]
    for name, values in cols.items():
        if values.dtype.kind in "mM":
            nat = np.isnat(values)
            ints = values.astype("int64").tolist()
            plain = [None if x else v for x, v in zip(nat.tolist(), ints, strict=True)]
        else:
            plain = values.tolist()
        for row, v in zip(out, plain, strict=True):
            row[name] = v
    return out
