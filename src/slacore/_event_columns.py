# A validated event table as numpy arrays: what the table readers produce and the
# columnar engine consumes (the contract between `_table_tickets` and `_table_engine`).

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:
    from datetime import tzinfo

    import numpy as np
    import numpy.typing as npt

#: The event kinds of a ticket's non-created rows, by their integer code.
KINDS: Final = (
    "customer_message",
    "agent_reply",
    "internal_note",
    "status",
    "priority",
)
CUSTOMER_MESSAGE: Final = 0
AGENT_REPLY: Final = 1
INTERNAL_NOTE: Final = 2
STATUS: Final = 3
PRIORITY: Final = 4


@attrs.frozen(eq=False)
class EventColumns:
    """A ticket event table, checked and sorted, as numpy arrays.

    Tickets are in the order of their ``created`` rows (as `read_tickets` returns
    them). The events of ticket ``i`` are rows ``offsets[i]:offsets[i + 1]`` of the
    event arrays, sorted by instant; events at the same instant keep their order in
    the table (as `Ticket` sorts them). ``created`` rows are not among the events.

    Attributes:
        ticket_id: Object array (n_tickets) of ids as the table holds them: `str`,
            or Python `int` for an integer column.
        created_us: int64 (n_tickets): each creation instant, µs since the epoch.
        priority: Object array (n_tickets) of `str`: the created row's value.
        fields: Field name to object array (n_tickets): each ticket's value, None
            where absent (a `tags` value is a tuple of str).
        offsets: int64 (n_tickets + 1): where each ticket's events begin and end.
        at_us: int64 (n_events): each event's instant.
        kind: int8 (n_events): each event's kind, an index into `KINDS`.
        value: Object array (n_events): the event's value (`str`) or None.
        tz: The zone instants are shown in when turned back into datetimes
            (the `at` column's zone; UTC for a column of strings with offsets).
    """

    ticket_id: npt.NDArray[np.object_]
    created_us: npt.NDArray[np.int64]
    priority: npt.NDArray[np.object_]
    fields: dict[str, npt.NDArray[np.object_]]
    offsets: npt.NDArray[np.int64]
    at_us: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    value: npt.NDArray[np.object_]
    tz: tzinfo

    @property
    def n_tickets(self) -> int:
        """How many tickets."""
        return len(self.created_us)

    def slice(self, lo: int, hi: int) -> EventColumns:
        """Tickets ``lo:hi`` and their events (views, not copies)."""
        a, b = int(self.offsets[lo]), int(self.offsets[hi])
        fields: dict[str, Any] = {k: v[lo:hi] for k, v in self.fields.items()}
        return EventColumns(
            ticket_id=self.ticket_id[lo:hi],
            created_us=self.created_us[lo:hi],
            priority=self.priority[lo:hi],
            fields=fields,
            offsets=self.offsets[lo : hi + 1] - a,
            at_us=self.at_us[a:b],
            kind=self.kind[a:b],
            value=self.value[a:b],
            tz=self.tz,
        )
