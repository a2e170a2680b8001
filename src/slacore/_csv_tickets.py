# The tickets reader: a CSV file of ticket events, one row per thing that happened to
# a ticket, gathered into `Ticket`s (the shared line-by-line reader is `_csv_file`).

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._csv_file import CsvFile, Source, read_csv
from ._records import EVENT_KINDS, VALUE_KINDS, Ticket, TicketEvent

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from zoneinfo import ZoneInfo

_TICKET_KINDS: Final = ("created", *sorted(EVENT_KINDS))
_VALUE_KINDS: Final = frozenset(VALUE_KINDS)
_MAX_LINES_LISTED: Final = 10

TICKET_COLUMNS: Final = ("ticket_id", "at", "kind", "value")
"""The required columns of a tickets file."""


class _TicketRows:
    """The rows of one ticket seen so far."""

    __slots__ = ("bad", "created", "events", "lines")

    def __init__(self) -> None:
        self.lines: list[int] = []
        # (line, created_at, priority, fields); None where the cell had a problem.
        self.created: list[
            tuple[int, datetime | None, str | None, dict[str, Any] | None]
        ] = []
        self.events: list[tuple[int, TicketEvent]] = []
        self.bad = False


def _lines_text(lines: list[int]) -> str:
    """``line 4`` or ``lines 4, 9, 12`` (the first ten, then how many more)."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    shown = ", ".join(str(line) for line in lines[:_MAX_LINES_LISTED])
    more = len(lines) - _MAX_LINES_LISTED
    return "lines " + shown + (f" and {more} more" if more > 0 else "")


def _ticket_fields(
    file: CsvFile, cells: list[str], extras: list[tuple[str, int]], line: int
) -> dict[str, Any] | None:
    plain = [(name, index) for name, index in extras if name != "tags"]
    fields = file.fields(cells, plain, line)
    tags_at = file.columns.get("tags")
    if fields is not None and tags_at is not None:
        tags = tuple(tag.strip() for tag in cells[tags_at].split("|") if tag.strip())
        if tags:
            fields["tags"] = tags
    return fields


def _ticket_row(
    file: CsvFile,
    tickets: dict[str, _TicketRows],
    cells: list[str],
    line: int,
    extras: list[tuple[str, int]],
) -> None:
    columns = file.columns
    before = len(file.problems)
    ticket_id = file.required(cells[columns["ticket_id"]], "ticket_id", line)
    at = file.required_value(file.instant, cells[columns["at"]], "at", line)
    kind = file.required(cells[columns["kind"]], "kind", line)
    value = cells[columns["value"]] or None
    created = None
    event = None
    if kind == "created":
        if value is None:
            file.problem("value", "a created row needs the priority as its value", line)
        created = (line, at, value, _ticket_fields(file, cells, extras, line))
    elif kind in EVENT_KINDS:
        if value is None and kind in _VALUE_KINDS:
            message = f"a {kind} row needs the new {kind} as its value"
            file.problem("value", message, line)
        for name, index in extras:
            if cells[index]:
                file.problem(
                    name,
                    "only a ticket's created row may hold its fields",
                    line,
                    expected="an empty cell",
                    found=repr(cells[index]),
                )
        if at is not None and len(file.problems) == before:
            event = TicketEvent(at, kind, value)
    elif kind is not None:
        file.problem(
            "kind",
            "unknown kind",
            line,
            expected=", ".join(_TICKET_KINDS),
            found=repr(kind),
        )
    if ticket_id is None:
        return
    rows = tickets.get(ticket_id)
    if rows is None:
        rows = tickets[ticket_id] = _TicketRows()
    rows.lines.append(line)
    if len(file.problems) > before:
        rows.bad = True
    if created is not None:
        rows.created.append(created)
    if event is not None:
        rows.events.append((line, event))


def _ticket(file: CsvFile, ticket_id: str, rows: _TicketRows) -> Ticket | None:
    if not rows.created:
        message = (
            f"ticket {ticket_id!r} has no created row "
            f"(its rows: {_lines_text(rows.lines)})"
        )
        file.problem("ticket_id", message, rows.lines[0], found=repr(ticket_id))
        return None
    line, created_at, priority, fields = rows.created[0]
    for again, *_ in rows.created[1:]:
        message = (
            f"ticket {ticket_id!r} has a second created row (the first is on "
            f"line {line})"
        )
        file.problem("kind", message, again, found="'created'")
    if created_at is None or priority is None or fields is None:
        return None  # the created row's own problems are reported
    early = False
    for event_line, event in rows.events:
        if event.at < created_at:
            early = True
            message = f"before ticket {ticket_id!r} was created (on line {line})"
            file.problem(
                "at",
                message,
                event_line,
                expected=f"not before {created_at.isoformat()}",
                found=repr(event.at.isoformat()),
            )
    if rows.bad or early or len(rows.created) > 1:
        return None
    events = [event for _, event in rows.events]
    return Ticket(ticket_id, created_at, priority, events, fields=fields)


def _build_tickets(file: CsvFile) -> list[Ticket]:
    if "priority" in file.columns:
        message = "not allowed: the priority is the created row's value"
        file.problem("priority", message, file.header_line)
        file.finish()
    extras = file.extras(TICKET_COLUMNS)
    tickets: dict[str, _TicketRows] = {}
    for line, cells in file.rows():
        _ticket_row(file, tickets, cells, line, extras)
    out: list[tuple[int, Ticket]] = []
    for ticket_id, rows in tickets.items():
        ticket = _ticket(file, ticket_id, rows)
        if ticket is not None:
            out.append((rows.created[0][0], ticket))
    out.sort(key=lambda pair: pair[0])
    return [ticket for _, ticket in out]


def read_tickets(
    source: Source,
    *,
    tz: str | ZoneInfo | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Ticket]:
    """Read helpdesk tickets from a CSV file of ticket events.

    Each row is one thing that happened to a ticket: columns ``ticket_id``, ``at``,
    ``kind`` and ``value`` (all required in the header). `kind` is

    - ``created``: the ticket was created at `at`, with the priority in `value`.
      Any further columns of this row are the ticket's
      [`fields`][slacore.Ticket] (see below).
    - ``customer_message``, ``agent_reply``, ``internal_note``: `value` is
      optional and kept as the event's value.
    - ``status``, ``priority`` or ``group``: `value` is the new status,
      priority or support group (required).

    A ticket's rows may come in any order and may be spread through the file,
    but each ticket needs exactly one ``created`` row, and none of its events
    may lie before it. Events at the same instant keep their order in the file.
    Ids are kept as strings (``"0042"`` stays ``"0042"``). Tickets come back in
    the order of their ``created`` rows.

    Further columns are the ticket's fields, filled on the ``created`` row only
    (on other rows they must be empty). An empty cell is an absent field; a
    ``tags`` column is split on ``|`` into a tuple of tags (empty parts
    dropped); a column whose name ends in ``_at`` holds timestamps; a cell
    ``true`` or ``false`` (any case) is a bool; any other cell is a string. A
    ``priority`` column is not allowed (the priority is the ``created`` row's
    value).

    Timestamps carry a UTC offset (``2026-10-05T09:12:00+02:00``, or ``Z``) and
    keep it; a timestamp without one is read in the file's time zone, stated by
    a comment line ``# tz: Europe/Berlin`` before the header, or in `tz`.
    A wall time that is ambiguous or skipped in that zone (at a DST change) is a
    problem. The CSV inputs reference page lists every rule.

    Args:
        source: A path, or an open text stream (opened with ``newline=""`` if it
            is a file, so that line breaks inside quoted cells are kept). A
            path is read as UTF-8, with or without a byte order mark.
        tz: The zone of timestamps without an offset: an IANA name or a
            `ZoneInfo`. If the file states a zone too, it must be the same one.
        progress: Called with the number of rows read so far, every 10,000
            rows.

    Returns:
        The tickets, in the order of their ``created`` rows.

    Raises:
        DataFileError: Listing every problem in the file, each with its line
            (the header is line 1, unless comment lines come before it) and
            column. Its `path` is the path, or ``"<stream>"``.
        CalendarError: If `tz` is not a known time zone.
        OSError: If the file can't be opened.
        TypeError: If `source` is a binary stream, or `tz` neither a name nor a
            `ZoneInfo`.

    Examples:
        >>> import io
        >>> text = '''ticket_id,at,kind,value,plan,tags
        ... T-1,2026-10-05T09:00:00+02:00,created,high,gold,vip|eu
        ... T-1,2026-10-05T09:40:00+02:00,agent_reply,,,
        ... T-1,2026-10-05T11:00:00+02:00,status,solved,,
        ... '''
        >>> [ticket] = read_tickets(io.StringIO(text))
        >>> ticket.id, ticket.priority, ticket.fields["tags"]
        ('T-1', 'high', ('vip', 'eu'))
        >>> [(e.kind, e.value) for e in ticket.events]
        [('agent_reply', None), ('status', 'solved')]
    """
    return read_csv(
        source, _build_tickets, tz=tz, progress=progress, required=TICKET_COLUMNS
    )
