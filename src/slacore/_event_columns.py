# A validated event table as numpy arrays: what the table readers produce and the
# columnar engine consumes (the contract between `_table_tickets` and
# `_table_measure`).

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ._frames_kinds import decoded

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

    from ._records import Ticket

#: The event kinds of a ticket's non-created rows, by their integer code.
KINDS: Final = (
    "customer_message",
    "agent_reply",
    "internal_note",
    "status",
    "priority",
    "group",
)
CUSTOMER_MESSAGE: Final = 0
AGENT_REPLY: Final = 1
INTERNAL_NOTE: Final = 2
STATUS: Final = 3
PRIORITY: Final = 4
GROUP: Final = 5  # the clocks of `_table_clocks` never read it


@attrs.frozen(eq=False)
class Factor:
    """A column as integer codes into its distinct values (code -1: missing).

    Attributes:
        codes: Integers (int64, or int32 from Arrow): each row's code, an index
            into `names`, or -1 for a missing value.
        names: Object array of the distinct values (any order, each once).
    """

    codes: npt.NDArray[np.integer[Any]]
    names: npt.NDArray[np.object_]

    @classmethod
    def of(cls, np: Any, values: Sequence[object]) -> Factor:
        """Factorise Python values (None is missing), in order of first sight."""
        seen: dict[tuple[type, object], int] = {}
        names: list[object] = []
        codes = np.empty(len(values), dtype=np.int64)
        for i, value in enumerate(values):
            if value is None:
                codes[i] = -1
                continue
            try:
                key: tuple[type, object] = (type(value), value)
                code = seen.get(key)
            except TypeError:  # unhashable (a mapping, a list): a code of its own
                key = (type(value), id(value))
                code = seen.get(key)
            if code is None:
                code = seen[key] = len(names)
                names.append(value)
            codes[i] = code
        out = np.empty(len(names), dtype=object)
        out[:] = names
        return cls(codes, out)

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, rows: Any) -> Factor:
        """The rows *rows* (a slice, mask or index array), with the same names."""
        return Factor(self.codes[rows], self.names)

    def values(self) -> list[object]:
        """The values as a list (None where missing)."""
        return decoded(self.codes, self.names).tolist()  # type: ignore[no-any-return]


class Fields(Mapping[str, Factor]):
    """Field name to each ticket's values (a `Factor`), each made when first read.

    A field's codes cost a pass over its column; a measure whose policies read
    no field never pays it. `take` stays lazy too. A field is given made, or as
    a callable making it (which must not fail: the reader checks a column
    before it defers it).

    Examples:
        >>> import numpy as np
        >>> made = []
        >>> plan = Factor(np.array([0, -1, 0]), np.array(["gold"], dtype=object))
        >>> fields = Fields({"plan": lambda: made.append("plan") or plan})
        >>> list(fields), made
        (['plan'], [])
        >>> fields.take(slice(0, 2))["plan"].values(), made
        (['gold', None], ['plan'])
    """

    __slots__ = ("_made", "_makers", "_names")

    def __init__(self, fields: Mapping[str, Factor | Callable[[], Factor]]) -> None:
        self._names = tuple(fields)
        self._made = {k: v for k, v in fields.items() if isinstance(v, Factor)}
        self._makers = {k: v for k, v in fields.items() if not isinstance(v, Factor)}

    def __getitem__(self, name: str) -> Factor:
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = self._makers.pop(name)()  # KeyError: none
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def take(self, rows: Any) -> Fields:
        """Each field's *rows* (a slice, mask or index array), made when read."""
        return Fields({name: partial(_taken, self, name, rows) for name in self})

    def __reduce__(self) -> tuple[type[Fields], tuple[dict[str, Factor]]]:
        return (Fields, ({name: self[name] for name in self},))  # made, to ship


def _taken(fields: Fields, name: str, rows: Any) -> Factor:
    return fields[name].take(rows)


def _as_fields(fields: Mapping[str, Factor | Callable[[], Factor]]) -> Fields:
    """*fields* as `Fields` (a plain mapping is taken as it is)."""
    return fields if isinstance(fields, Fields) else Fields(fields)


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
        priority: (n_tickets) each ticket's priority (`str`): the created row's
            value.
        fields: Field name to (n_tickets) each ticket's value, missing where
            absent (a `tags` value is a tuple of str); each made when first
            read.
        offsets: int64 (n_tickets + 1): where each ticket's events begin and end.
        at_us: int64 (n_events): each event's instant.
        kind: int8 (n_events): each event's kind, an index into `KINDS`.
        value: (n_events) each event's value (`str`), missing for None.
        tz: The zone instants are shown in when turned back into datetimes
            (the `at` column's zone; UTC for a column of strings with offsets).
    """

    ticket_id: npt.NDArray[np.object_]
    created_us: npt.NDArray[np.int64]
    priority: Factor
    fields: Fields = attrs.field(converter=_as_fields)
    offsets: npt.NDArray[np.int64]
    at_us: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    value: Factor
    tz: tzinfo

    @property
    def n_tickets(self) -> int:
        """How many tickets."""
        return len(self.created_us)

    def slice(self, lo: int, hi: int) -> EventColumns:
        """Tickets ``lo:hi`` and their events (views, not copies)."""
        a, b = int(self.offsets[lo]), int(self.offsets[hi])
        fields = self.fields.take(slice(lo, hi))
        return EventColumns(
            ticket_id=self.ticket_id[lo:hi],
            created_us=self.created_us[lo:hi],
            priority=self.priority.take(slice(lo, hi)),
            fields=fields,
            offsets=self.offsets[lo : hi + 1] - a,
            at_us=self.at_us[a:b],
            kind=self.kind[a:b],
            value=self.value.take(slice(a, b)),
            tz=self.tz,
        )


def datetimes(us: npt.NDArray[np.int64], tz: tzinfo) -> list[datetime]:
    """Aware datetimes in *tz* of µs since the epoch (one C conversion, then zones)."""
    naive: list[datetime] = us.astype("int64").view("datetime64[us]").tolist()
    if tz is UTC:
        return [d.replace(tzinfo=UTC) for d in naive]
    fromutc = tz.fromutc
    return [fromutc(d.replace(tzinfo=tz)) for d in naive]


def to_tickets(columns: EventColumns) -> list[Ticket]:
    """The tickets of *columns* as `Ticket` objects (instants in `columns.tz`)."""
    from ._records import Ticket, TicketEvent  # noqa: PLC0415 - a cycle otherwise

    created = datetimes(columns.created_us, columns.tz)
    ats = datetimes(columns.at_us, columns.tz)
    kinds = columns.kind.tolist()
    values = columns.value.values()
    offsets = columns.offsets.tolist()
    fields = {name: factor.values() for name, factor in columns.fields.items()}
    out = []
    for index, (ticket_id, priority) in enumerate(
        zip(columns.ticket_id.tolist(), columns.priority.values(), strict=True)
    ):
        lo, hi = offsets[index], offsets[index + 1]
        events = [
            TicketEvent(ats[i], KINDS[kinds[i]], cast("str | None", values[i]))
            for i in range(lo, hi)
        ]
        found = {name: v[index] for name, v in fields.items() if v[index] is not None}
        out.append(
            Ticket(ticket_id, created[index], str(priority), events, fields=found)
        )
    return out
