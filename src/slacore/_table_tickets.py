# Ticket event tables: a pandas, polars or pyarrow table (or a mapping of numpy
# arrays) with the columns of the tickets CSV, checked column by column and turned
# into `EventColumns` for the columnar engine, or into `Ticket`s; and tickets back
# into such a table.
#
# The rules are `read_tickets`' (docs/reference/csv-inputs.md), checked with numpy
# over whole columns: 14M rows take a few seconds. Python runs per row only where
# values become Python objects: the distinct texts of a column of timestamps, the
# fields of created rows, and the `Ticket`s `tickets_from_table` builds.

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from ._event_columns import KINDS, EventColumns, Factor, Fields, to_tickets
from ._frames import Column, Frame
from ._frames_kinds import numpy, objects
from ._frames_out import Out, build_table, check_like
from ._instants import Refusal, parse_instant
from ._records import VALUE_KINDS
from ._table_order import event_order, grouped_offsets, none_early, run_heads
from ._table_problems import Problems
from ._time import from_us, to_zone

if TYPE_CHECKING:
    from collections.abc import Iterable
    from zoneinfo import ZoneInfo

    from ._frames import Library
    from ._records import Ticket

TICKET_COLUMNS: Final = ("ticket_id", "at", "kind", "value")
"""The required columns of a ticket event table."""

_CREATED: Final = len(KINDS)  # the kind code of a created row (not an event)
_UNKNOWN: Final = -1
_MISSING: Final = -2
_ALL_KINDS: Final = ("created", *sorted(KINDS))
_NO_ZONE: Final = "an offset such as +02:00, or tz="
_KIND_ORDER: Final = (*KINDS, "created")  # index = kind code (_CREATED last)


def _check_columns(frame: Frame, problems: Problems) -> None:
    for name in TICKET_COLUMNS:
        if name not in frame.names:
            problems.column(
                name, "missing required column", expected=", ".join(TICKET_COLUMNS)
            )
    if "priority" in frame.names:
        problems.column(
            "priority", "not allowed: the priority is the created row's value"
        )


def _typed(
    column: Column, problems: Problems, kinds: tuple[str, ...], what: str
) -> None:
    if column.kind not in (*kinds, "null"):
        problems.column(
            column.name, "wrong column type", expected=what, found=column.dtype
        )


class _Reader:
    """One event table being checked: its columns, its problems, its rows."""

    def __init__(self, events: object, tz: ZoneInfo | None) -> None:
        self.frame = Frame(events, "events")
        self.tz = tz
        self.problems = Problems("tickets")
        self.np = numpy()

    def read(self) -> EventColumns:
        np, frame, problems = self.np, self.frame, self.problems
        _check_columns(frame, problems)
        problems.raise_any()  # without its columns, the rows can't be read
        ids = frame.column("ticket_id")
        kinds = frame.column("kind")
        values = frame.column("value")
        _typed(ids, problems, ("string", "integer"), "strings or integers")
        _typed(kinds, problems, ("string",), "strings")
        _typed(values, problems, ("string",), "strings")
        at_column = frame.column("at")
        instants = at_column.instants(problems, self.tz)
        extras = [frame.column(n) for n in frame.names if n not in TICKET_COLUMNS]
        for column in extras:
            self._check_field_type(column)
        problems.raise_if_columns()
        assert instants is not None  # noqa: S101 - else a problem was raised
        at, at_bad = instants
        at_null = at_column.missing()
        problems.rows("at", "a value is required", _where(np, at_null))
        id_codes, id_values = ids.codes(runs=True)
        problems.rows("ticket_id", "a value is required", _where(np, id_codes < 0))
        kind = self._kinds(kinds)
        value = Factor(*values.codes())
        self._check_values(kind, value.codes < 0)
        created = kind == _CREATED
        event = (kind >= 0) & (kind < _CREATED)
        for column in extras:
            filled = event & ~column.missing()
            problems.rows(
                column.name,
                "only a ticket's created row may hold its fields",
                _where(np, filled),
                expected="an empty cell",
                found=column.text,
            )
        on_created = _where(np, created)
        # Text and tags hold no problem to find: their codes wait until read.
        checked = {
            column.name: self._field(column, on_created)
            for column in extras
            if not _deferred(column)
        }
        heads = run_heads(np, id_codes)
        created_rows = self._tickets(id_codes, id_values, created, at, at_bad, heads)
        problems.raise_any()
        pick = np.searchsorted(on_created, created_rows)
        fields = Fields(
            {
                column.name: checked[column.name].take(pick)
                if column.name in checked
                else partial(self._field, column, created_rows)
                for column in extras
            }
        )
        return self._columns(
            id_codes, id_values, created_rows, heads, kind, at, value, fields, at_column
        )

    def _field(self, column: Column, rows: Any) -> Factor:
        """A field column's values on the created *rows*, as a factor."""
        array = column.objects_array()
        if column.name == "tags" and array is not None:
            return _tag_factor(self.np, array, column.missing(), rows)
        if _deferred(column):
            return Factor(*column.codes(rows))
        values = field_values(column, rows, self.tz, self.problems)
        return Factor.of(self.np, values.tolist())

    def _check_field_type(self, column: Column) -> None:
        if column.name == "tags":
            _typed(
                column, self.problems, ("string", "list"), "lists of strings, or text"
            )
        elif column.kind == "naive" and self.tz is None:
            column.instants(self.problems, None)  # the column's problem

    def _kinds(self, kinds: Column) -> Any:
        np, problems = self.np, self.problems
        known = kinds.lookup(_KIND_ORDER)
        if known is not None:  # every kind is a known one (or missing)
            if not len(known) or int(known.min()) >= 0:
                return known
            kind = np.where(known < 0, _MISSING, known)
            problems.rows("kind", "a value is required", _where(np, known < 0))
            return kind
        codes, uniques = kinds.codes()
        table = np.array(
            [
                _CREATED
                if u == "created"
                else KINDS.index(u)
                if u in KINDS
                else _UNKNOWN
                for u in uniques.tolist()
            ]
            + [_MISSING],
            dtype=np.int64,
        )
        kind = table[codes]  # code -1 (missing) picks the last entry
        problems.rows("kind", "a value is required", _where(np, kind == _MISSING))
        problems.rows(
            "kind",
            "unknown kind",
            _where(np, kind == _UNKNOWN),
            expected=", ".join(_ALL_KINDS),
            found=kinds.text,
        )
        return kind

    def _check_values(self, kind: Any, none: Any) -> None:
        np, problems = self.np, self.problems
        problems.rows(
            "value",
            "a created row needs the priority as its value",
            _where(np, none & (kind == _CREATED)),
        )
        for name in VALUE_KINDS:
            problems.rows(
                "value",
                f"a {name} row needs the new {name} as its value",
                _where(np, none & (kind == KINDS.index(name))),
            )

    def _tickets(  # noqa: PLR0917 - internal, called once
        self,
        id_codes: Any,
        id_values: Any,
        created: Any,
        at: Any,
        at_bad: Any,
        heads: Any,
    ) -> Any:
        """The tickets' created rows, in order, checking each has exactly one.

        *heads*: `run_heads` of the ids.
        """
        np, problems = self.np, self.problems
        n_ids = len(id_values)
        has_id = id_codes >= 0
        rows = np.flatnonzero(created & has_id)
        ticket = id_codes[rows]
        if len(ticket) > 1 and not bool((ticket[1:] > ticket[:-1]).all()):
            order = np.argsort(ticket, kind="stable")  # else ids coded as created
            rows, ticket = rows[order], ticket[order]
        first_of = np.ones(len(ticket), dtype=bool)
        first_of[1:] = ticket[1:] != ticket[:-1]
        first = np.full(n_ids, -1, dtype=np.int64)
        first[ticket[first_of]] = rows[first_of]
        again = rows[~first_of]

        def created_row(row: int) -> int:
            """The created row of `row`'s ticket (its first, if it has two)."""
            return int(first[id_codes[row]])

        problems.rows(
            "kind",
            "the ticket has a second created row",
            again,
            found=lambda row: (
                f"{id_values[id_codes[row]]!r} (its first created row is row "
                f"{created_row(row)})"
            ),
            refers_to=created_row,
        )
        # Each row's ticket's creation instant, in one gather of a per-ticket
        # array (the -1 of a missing id picks the last entry): `unknown` for a
        # missing id or an unreadable creation instant, `none` for no created row.
        unknown, none = np.iinfo(np.int64).min, np.iinfo(np.int64).min + 1
        creation_at = np.full(n_ids + 1, unknown, dtype=np.int64)
        good = first >= 0
        creation_at[:-1][~good] = none
        creation_at[:-1][good] = np.where(at_bad[first[good]], unknown, at[first[good]])
        if bool(good.all()) and none_early(np, id_codes, creation_at, at, heads):
            found = first[good]  # the usual table: nothing to find
            if len(found) > 1 and not bool((found[1:] > found[:-1]).all()):
                found = np.sort(found)  # ids not coded in the order of creation
            return found
        creation = creation_at[id_codes]
        lacking = _where(np, creation == none)
        if len(lacking):
            codes = id_codes[lacking]
            _, where = np.unique(codes, return_index=True)
            problems.rows(
                "ticket_id",
                "the ticket has no created row",
                np.sort(lacking[where]),
                found=lambda row: repr(id_values[id_codes[row]]),
            )
        # Events before their ticket's creation (when that is known).
        early = at < creation
        early &= creation > none
        early &= ~at_bad
        early &= ~created

        def before(row: int) -> str:
            creation_row = created_row(row)
            return (
                f"{_iso(at[row])} (ticket {id_values[id_codes[row]]!r} was created at "
                f"{_iso(at[creation_row])}, row {creation_row})"
            )

        problems.rows(
            "at",
            "before its ticket was created",
            _where(np, early),
            found=before,
            refers_to=created_row,
        )
        return np.sort(first[first >= 0])

    def _columns(  # noqa: PLR0917 - internal, called once
        self,
        id_codes: Any,
        id_values: Any,
        created_rows: Any,
        heads: Any,
        kind: Any,
        at: Any,
        value: Any,
        fields: Fields,
        at_column: Column,
    ) -> EventColumns:
        np = self.np
        n_tickets = len(created_rows)
        created_ids = id_codes[created_rows]
        created_us = at[created_rows]
        # The event rows, kept by a mask (a compress is quicker than a gather).
        rows: Any = kind != _CREATED
        at_us = at[rows]
        in_order = len(created_ids) == len(id_values) and bool(
            (created_ids == np.arange(n_tickets)).all()
        )  # ids coded in the order of their created rows: the code is the rank
        offsets = grouped_offsets(np, heads, created_rows, at_us) if in_order else None
        if offsets is None:
            if in_order:
                ticket = id_codes[rows]
            else:
                rank = np.full(len(id_values), -1, dtype=np.int64)
                rank[created_ids] = np.arange(n_tickets)
                ticket = rank[id_codes[rows]]
            order = event_order(np, ticket, at_us, created_us, n_tickets)
            if order is not None:
                rows = np.flatnonzero(rows)[order]
                ticket, at_us = ticket[order], at_us[order]
            offsets = np.zeros(n_tickets + 1, dtype=np.int64)
            np.cumsum(np.bincount(ticket, minlength=n_tickets), out=offsets[1:])
        return EventColumns(
            ticket_id=id_values[created_ids],
            created_us=created_us,
            priority=value.take(created_rows),
            fields=fields,
            offsets=offsets,
            at_us=at_us,
            kind=kind.astype(np.int8, copy=False)[rows],
            value=value.take(rows),
            tz=self._zone(at_column),
        )

    def _zone(self, at_column: Column) -> tzinfo:
        """The zone the tickets' instants are shown in: the column's, else `tz`."""
        if at_column.kind in ("naive", "string") and self.tz is not None:
            return self.tz
        if at_column.kind == "instant" and at_column.zone is not None:
            return at_column.zone
        return UTC


def field_values(
    column: Column,
    rows: Any,
    tz: ZoneInfo | None,
    problems: Problems,
    *,
    tags: bool = True,
) -> Any:
    """A field column's values on `rows` as Python objects (None where absent).

    Typed values stay typed; naive datetimes are wall times in `tz` (the caller
    has refused them without it); text in a column whose name ends in ``_at`` is
    a timestamp (a problem of its row if it is not one); ``tags`` gives tuples
    (text split on ``|``, as the tickets CSV does) unless `tags` is False (the
    records and responses readers keep text as text).
    """
    if column.kind == "naive":
        found = column.instants(problems, tz)
        if found is None:
            return objects([None] * len(rows))
        us, missing = found
        zone = tz or UTC
        return objects(
            [
                None if m else from_us(int(u), zone)
                for u, m in zip(us[rows].tolist(), missing[rows].tolist(), strict=True)
            ]
        )
    values = column.python(rows)
    if tags and column.name == "tags":
        return objects([_tags(v) for v in values.tolist()])
    if column.kind == "string" and column.name.endswith("_at"):
        return _timestamps(column.name, values, rows, tz, problems)
    return values


def _timestamps(
    name: str, values: Any, rows: Any, tz: ZoneInfo | None, problems: Problems
) -> Any:
    out: list[datetime | None] = []
    for value, row in zip(values.tolist(), rows.tolist(), strict=True):
        if value is None:
            out.append(None)
            continue
        found = parse_instant(value.strip(), tz, no_zone=_NO_ZONE)
        if isinstance(found, Refusal):
            problems.rows(
                name,
                found.reason,
                [row],
                expected=found.expected,
                found=text_of(repr(value)),
            )
            out.append(None)
        else:
            out.append(found)
    return objects(out)


def text_of(text: str | None) -> Any:
    """A problem's `found` for any row: *text*."""
    return lambda _row: text


def _tag_factor(np: Any, array: Any, missing: Any, rows: Any) -> Factor:
    """The tags of an object column on *rows*, as a factor of tuples.

    Python runs only for the rows that hold tags.
    """
    present = np.flatnonzero(~missing[rows])
    values = array[rows[present]].tolist()
    codes = np.full(len(rows), -1, dtype=np.int64)
    types = set(map(type, values))
    if types == {str}:  # text, as in the CSV: each distinct text split once
        texts = list(dict.fromkeys(values))
        factor = _tuple_factor(np, map(_tags, texts), len(texts))
        code_of = dict(zip(texts, factor.codes.tolist(), strict=True))
        codes[present] = np.fromiter(
            map(code_of.__getitem__, values), dtype=np.int64, count=len(values)
        )
        return Factor(codes, factor.names)
    if types <= {list, tuple}:  # lists of tags: no text to split
        factor = _tuple_factor(np, map(tuple, values), len(values))
    else:
        factor = _tuple_factor(np, map(_tags, values), len(values))
    codes[present] = factor.codes
    return Factor(codes, factor.names)


def _tuple_factor(
    np: Any, tags: Iterable[tuple[Any, ...] | None], count: int
) -> Factor:
    """*count* tag tuples as codes into the distinct ones (-1: no tag)."""
    seen: dict[tuple[Any, ...], int] = {}
    codes = np.fromiter(
        (-1 if t is None else seen.setdefault(t, len(seen)) for t in tags),
        dtype=np.int64,
        count=count,
    )
    return Factor(codes, objects(list(seen)))


def _tags(value: Any) -> tuple[Any, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):  # text, as in the CSV: split on |
        tags = tuple(tag.strip() for tag in value.split("|") if tag.strip())
        return tags or None
    if hasattr(value, "tolist"):  # a numpy array (a list column read from Parquet)
        value = value.tolist()
    return tuple(value)


def _deferred(column: Column) -> bool:
    """Whether a field column's codes can wait until read.

    Text, or tags as Python objects (lists, or text), have no problem to find.
    """
    if column.name == "tags":
        return column.objects_array() is not None
    return column.kind == "string" and not column.name.endswith("_at")


def _where(np: Any, mask: Any) -> Any:
    """``np.flatnonzero(mask)``, quicker when nothing is set (the usual case)."""
    if not mask.any():
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(mask)


def _iso(us: Any) -> str:
    return from_us(int(us), UTC).isoformat()


def read_ticket_table(
    events: object, *, tz: str | ZoneInfo | None = None
) -> EventColumns:
    """A ticket event table, checked and sorted, as numpy arrays (`EventColumns`).

    The table has the columns of the tickets CSV (see `tickets_from_table`).

    Raises:
        TableError: Listing every problem, with its column and row.
        TypeError: If `events` is not a table.
        CalendarError: If `tz` is not a known zone.
    """
    zone = None if tz is None else to_zone(tz)
    return _Reader(events, zone).read()


def tickets_from_table(
    events: object, *, tz: str | ZoneInfo | None = None
) -> list[Ticket]:
    """Tickets from a table of ticket events: a DataFrame, an Arrow table or arrays.

    The table is what the tickets CSV holds, one row per thing that happened to a
    ticket, by the same rules as [`read_tickets`][slacore.read_tickets]:

    - ``ticket_id`` (strings or integers, kept as they are), ``at``, ``kind``
      (``created``, ``customer_message``, ``agent_reply``, ``internal_note``,
      ``status``, ``priority``, ``group``) and ``value`` (text: the priority on
      a created row, the new status, priority or group, optional on messages
      and notes);
    - ``at`` holds timezone-aware datetimes (any zone, any unit), or text with
      offsets (read by the CSV rule); naive datetimes are wall times in `tz`,
      and refused without it; a numpy ``datetime64`` array is UTC;
    - any further column is a ticket field, filled on the created row only:
      typed values stay typed (ints, floats, bools, datetimes); a ``tags`` list
      column gives tuples, a ``tags`` text column is split on ``|``; text in a
      column whose name ends in ``_at`` is read as a timestamp;
    - a null, NaN or empty string is a missing value.

    Tickets come in the order of their created rows; events at the same instant
    keep their order in the table. Datetimes are shown in the ``at`` column's
    zone (`tz` for naive ones, UTC for text).

    Args:
        events: A pandas, polars or pyarrow table, or a mapping of column name to
            numpy array.
        tz: The zone of naive datetimes: an IANA name or a `ZoneInfo`.

    Returns:
        The tickets.

    Raises:
        TableError: Listing every problem at once, each with its column and row
            (0-based, in the table as given).
        TypeError: If `events` is not a table.

    Examples:
        >>> import pandas as pd
        >>> events = pd.DataFrame(
        ...     {
        ...         "ticket_id": ["T-1", "T-1", "T-1"],
        ...         "at": pd.to_datetime(
        ...             ["2026-10-05 09:00", "2026-10-05 09:40", "2026-10-05 11:00"]
        ...         ).tz_localize("Europe/Berlin"),
        ...         "kind": ["created", "agent_reply", "status"],
        ...         "value": ["high", None, "solved"],
        ...         "plan": ["gold", None, None],
        ...     }
        ... )
        >>> [ticket] = tickets_from_table(events)
        >>> ticket.id, ticket.priority, dict(ticket.fields)
        ('T-1', 'high', {'plan': 'gold'})
        >>> [(e.kind, e.value) for e in ticket.events]
        [('agent_reply', None), ('status', 'solved')]
    """
    return to_tickets(read_ticket_table(events, tz=tz))


def tickets_to_table(tickets: Iterable[Ticket], *, like: Library = "pandas") -> Any:
    """A table of ticket events: the table `tickets_from_table` reads back.

    One row per created row and per event, ticket by ticket: ``ticket_id``,
    ``at`` (timezone-aware, in the tickets' zone when they share one, else UTC,
    at microseconds), ``kind``, ``value``, then a column per field, filled on
    created rows (tags as a list column).

    Args:
        tickets: The tickets.
        like: ``"pandas"``, ``"polars"``, ``"pyarrow"``, or ``"numpy"`` for a
            dict of numpy arrays (``datetime64[us]`` UTC).

    Returns:
        The table.

    Raises:
        SlaError: If `like` is not one of those.
        DataError: If a field mixes types Arrow can't hold in one column.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from slacore import Ticket, TicketEvent
        >>> at = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
        >>> ticket = Ticket("T-1", at, "high", [TicketEvent(at, "agent_reply")])
        >>> table = tickets_to_table([ticket], like="polars")
        >>> table.select("ticket_id", "kind", "value").rows()
        [('T-1', 'created', 'high'), ('T-1', 'agent_reply', None)]
        >>> tickets_from_table(table) == [ticket]
        True
    """
    like = check_like(like)
    np = numpy()
    ids: list[Any] = []
    at: list[int] = []
    kind: list[str] = []
    value: list[str | None] = []
    names: dict[str, None] = {}
    rows_fields: list[tuple[int, Any]] = []
    zones: set[Any] = set()
    for ticket in tickets:
        created_us, stamps = ticket.timeline_us
        rows_fields.append((len(at), ticket.fields))
        names.update(dict.fromkeys(ticket.fields))
        ids.append(ticket.id)
        at.append(created_us)
        kind.append("created")
        value.append(ticket.priority)
        zones.add(ticket.created_at.tzinfo)
        for event, stamp in zip(ticket.events, stamps, strict=True):
            ids.append(ticket.id)
            at.append(stamp)
            kind.append(event.kind)
            value.append(event.value)
            zones.add(event.at.tzinfo)
    n = len(at)
    zone: Any = zones.pop() if len(zones) == 1 else "UTC"
    if not hasattr(zone, "key"):
        zone = "UTC"
    columns: dict[str, Out] = {
        "ticket_id": _out(objects(ids)),
        "at": Out("instant", np.array(at, dtype=np.int64), None, zone),
        "kind": Out("string", objects(kind)),
        "value": Out("string", objects(value)),
    }
    for name in names:
        cells: list[Any] = [None] * n
        for row, fields in rows_fields:
            cells[row] = fields.get(name)
        columns[name] = _out(objects(cells))
    return build_table(columns, like)


def _out(values: Any) -> Out:  # noqa: PLR0911 - one return per kind
    """A column of Python values (None: missing), written by their one type."""
    np = numpy()
    present = [v for v in values.tolist() if v is not None]
    types = {type(v) for v in present}
    missing = np.equal(values, None)
    if not present or types <= {str}:
        return Out("string", values)
    if types <= {bool}:
        return Out("boolean", np.where(missing, 0, values).astype(bool), missing)
    if types <= {int}:
        return Out("integer", np.where(missing, 0, values).astype(np.int64), missing)
    if types <= {float}:
        return Out("float", np.where(missing, np.nan, values).astype(np.float64))
    if all(issubclass(t, datetime) for t in types):
        us = [0 if v is None else _us(v) for v in values.tolist()]
        return Out("instant", np.array(us, dtype=np.int64), missing)
    if types <= {tuple, list}:
        return Out("list", values)
    return Out("object", values)


def _us(value: datetime) -> int:
    from ._time import to_us  # noqa: PLC0415

    return to_us(value, "field")
