# Tables in a `Dataset`: a table of ticket events stays columns (`TicketTable`, a
# sequence of `Ticket`s built only when someone reads them), so that
# `Agreement.evaluate` measures it with the columnar engine; outages, contacts,
# responses and records from tables become their objects by their CSV readers'
# rules.

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, final, overload

from ._event_columns import EventColumns, to_tickets
from ._frames import library_of

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ._records import Ticket


def is_table(value: object) -> bool:
    """Whether `value` is a table: a pandas, polars or Arrow table, or a mapping."""
    library = library_of(value)
    if library == "numpy":
        return isinstance(value, Mapping)
    return library is not None and not _is_series(value)


def _is_series(value: object) -> bool:
    from ._frames import is_series  # noqa: PLC0415 - kept next to its use

    return is_series(value)


@final
class TicketTable(Sequence["Ticket"]):
    """Tickets read from a table of ticket events, kept as columns.

    A `Dataset` holds one when given a table of tickets: `Agreement.evaluate`
    measures it column-wise, and the `Ticket` objects are built only if
    something reads them (indexing, iterating), once.

    Examples:
        >>> import numpy as np
        >>> import slacore as sla
        >>> events = {
        ...     "ticket_id": np.array(["T-1"]),
        ...     "at": np.array(["2026-10-05T09:00"], dtype="datetime64[us]"),
        ...     "kind": np.array(["created"]),
        ...     "value": np.array(["low"]),
        ... }
        >>> tickets = sla.Dataset(tickets=events).tickets
        >>> len(tickets), tickets[0].priority
        (1, 'low')
    """

    __slots__ = ("_built", "columns")

    def __init__(self, columns: EventColumns) -> None:
        self.columns = columns
        self._built: list[Ticket] | None = None

    @classmethod
    def read(cls, table: object, tz: str | ZoneInfo | None) -> TicketTable:
        """A table of ticket events, checked (`TableError` listing every problem)."""
        from ._table_tickets import read_ticket_table  # noqa: PLC0415 - numpy

        return cls(read_ticket_table(table, tz=tz))

    def _tickets(self) -> list[Ticket]:
        if self._built is None:
            self._built = to_tickets(self.columns)
        return self._built

    def __len__(self) -> int:
        return self.columns.n_tickets

    @overload
    def __getitem__(self, index: int) -> Ticket: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Ticket]: ...
    def __getitem__(self, index: int | slice) -> Ticket | Sequence[Ticket]:
        return self._tickets()[index]

    def __iter__(self) -> Iterator[Ticket]:
        return iter(self._tickets())

    def __repr__(self) -> str:
        return f"<TicketTable: {len(self)} tickets>"


def tickets_of(value: Any, tz: str | ZoneInfo | None) -> Any:
    """`value` as a `TicketTable` if it is a table, else as it is."""
    return TicketTable.read(value, tz) if is_table(value) else value


def table_items(part: str, value: Any, tz: str | ZoneInfo | None) -> Any:
    """Outages, contacts, responses or records from a table, else `value`."""
    if not is_table(value):
        return value
    from . import _table_inputs  # noqa: PLC0415 - numpy, lazily

    read = getattr(_table_inputs, f"{part}_from_table")
    return read(value, tz=tz)
