# `slacore measure`'s rows: every ticket's open clocks, most urgent first. They come
# from the columnar engine's table (`measure_table`) when the tickets are a table,
# or from `measure_many`'s measurements when they are objects (without the arrow
# extra); both give the same rows, in the same order.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from ._time import to_us
from ._timer import TimerState

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import tzinfo

    from ._policy import Measurement
    from ._records import Ticket

OPEN: Final = frozenset({TimerState.RUNNING.value, TimerState.PAUSED.value})
"""The states of a clock `measure` lists."""

_FROM_TABLE: Final = (
    ("ticket", "ticket_id"),
    ("policy", "policy"),
    ("priority", "priority"),
    ("metric", "metric"),
    ("state", "state"),
    ("due", "due_at"),
    ("breached_at", "breached_at"),
    ("remaining", "remaining"),
)


def open_clocks_of_measurements(
    measured: Iterable[tuple[Ticket, Measurement | None]],
) -> list[dict[str, Any]]:
    """The open clocks of `measure_many`'s measurements, most urgent first."""
    rows: list[dict[str, Any]] = []
    for ticket, measurement in measured:
        if measurement is None:
            continue  # no policy applies to the ticket
        for metric, statuses in measurement.cycles:
            status = statuses[-1]
            if status.state.value not in OPEN:
                continue
            rows.append(
                {
                    "ticket": ticket.id,
                    "policy": measurement.policy,
                    "priority": measurement.priority,
                    "metric": metric.value,
                    "state": status.state.value,
                    "due": status.due_at,
                    "breached_at": status.breached_at,
                    "remaining": status.remaining,
                }
            )
    rows.sort(key=urgency)
    return rows


def open_clocks_of_table(clocks: Any, tz: tzinfo) -> list[dict[str, Any]]:
    """The open clocks of a pyarrow table from `measure_table`, most urgent first.

    A metric's clock is its last cycle (the rows of a ticket's metric are its
    cycles 0, 1, ... in order); instants are shown in `tz` (`now`'s zone), as
    `Policy.measure` gives them.
    """
    np = importlib.import_module("numpy")  # the arrow extra has numpy
    pa = importlib.import_module("pyarrow")
    pc = importlib.import_module("pyarrow.compute")
    n = clocks.num_rows
    cycle = clocks["cycle"].to_numpy()
    last = np.ones(n, dtype=bool)
    last[:-1] = cycle[1:] == 0
    is_open = pc.is_in(clocks["state"], value_set=pa.array(sorted(OPEN))).to_numpy(
        zero_copy_only=False
    )
    picked = clocks.take(pa.array(np.flatnonzero(last & is_open)))
    columns = {name: picked[source].to_pylist() for name, source in _FROM_TABLE}
    rows = [
        dict(zip(columns, cells, strict=True))
        for cells in zip(*columns.values(), strict=True)
    ]
    for row in rows:
        for name in ("due", "breached_at"):
            if row[name] is not None:
                row[name] = row[name].astimezone(tz)
    rows.sort(key=urgency)
    return rows


def urgency(row: dict[str, Any]) -> tuple[int, int]:
    """Breached clocks first (longest overdue first), then by due time; paused last."""
    if row["breached_at"] is not None:
        return 0, to_us(row["breached_at"], "breached_at")
    if row["due"] is not None:
        return 1, to_us(row["due"], "due")
    return 2, 0
