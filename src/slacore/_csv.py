# CSV inputs: tickets, outages, contacts, survey responses and records.
#
# Each reader streams its file line by line (the text is never held whole), checks
# every row and collects every problem it finds, each with its physical line number,
# then raises one `DataFileError` listing them all. Nothing is silently dropped: a
# row is either read into an object or reported. The column rules are documented on
# each reader and in docs/reference/csv-inputs.md.

from __future__ import annotations

import csv
import itertools
import os
import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from ._durations import parse_duration
from ._instants import Refusal, parse_instant
from ._records import EVENT_KINDS, Contact, Outage, Response, Ticket, TicketEvent
from ._time import to_zone
from .exceptions import CalendarError, DataFileError, FileProblem, SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from zoneinfo import ZoneInfo

_T = TypeVar("_T")
_Source: TypeAlias = "str | os.PathLike[str] | IO[str]"
_Progress: TypeAlias = "Callable[[int], None] | None"

PROGRESS_EVERY: Final = 10_000
"""A reader calls its `progress` callback every this many rows."""

_STREAM: Final = "<stream>"
"""The `path` of the error when the source is an open stream rather than a path."""

_NO_ZONE: Final = "an offset such as +02:00, a '# tz:' line or tz="
_TZ_LINE: Final = re.compile(r"#\s*tz\s*:(.*)", re.IGNORECASE | re.DOTALL)
_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
# Durations: seconds (90, 12.5) or a clock (0:01:30) read here, each as (days,
# hours, minutes, seconds, fraction of a second); the compact and ISO 8601 forms
# (1h2m30s, PT1M30S) by `parse_duration`, as everywhere in slacore.
_SECONDS: Final = re.compile(r"()()()(\d+)(?:\.(\d+))?", re.ASCII)
_CLOCK: Final = re.compile(r"()(\d+):([0-5]\d):([0-5]\d)(?:\.(\d+))?", re.ASCII)
_DURATION_FORM: Final = (
    "seconds such as 12.5, or 1h2m30s, PT1H2M30S or 1:02:30, never negative"
)
_BOOLEANS: Final = {
    "true": True,
    "yes": True,
    "1": True,
    "false": False,
    "no": False,
    "0": False,
}
_BOOLEAN_FORM: Final = "true, false, yes, no, 1 or 0"
_CELL_BOOLEANS: Final = {"true": True, "false": False}
_TICKET_KINDS: Final = ("created", *sorted(EVENT_KINDS))
_VALUE_KINDS: Final = frozenset({"status", "priority"})
_MAX_LINES_LISTED: Final = 10


class _Bad(Exception):  # noqa: N818 - internal: a cell's problem, never escapes
    """A cell that is not valid: what is wrong and what would have been valid."""

    def __init__(self, message: str, expected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


def _microseconds(fraction: str | None) -> int:
    """The digits after a decimal point as microseconds (at most 6 digits)."""
    if fraction is None:
        return 0
    if len(fraction) > 6:
        msg = "more than 6 decimal places of a second"
        raise _Bad(msg, "microseconds at most")
    return int(fraction.ljust(6, "0"))


def _kept(lines: Iterator[str], into: list[str]) -> Iterator[str]:
    """`lines`, each also appended to `into` (which the caller clears per row)."""
    keep = into.append
    for line in lines:
        keep(line)
        yield line


def _long_cell(text: str, limit: int) -> int | None:
    """The index of the first cell of CSV row `text` over `limit` characters.

    Follows the dialect the readers use (commas; ``"`` quotes a cell, doubled
    inside it; spaces before a cell skipped), counting as the csv module does;
    None when no cell is that long (the row was refused for something else).
    """
    index = length = position = 0
    quoted = False
    start = True
    while position < len(text):
        char = text[position]
        position += 1
        if quoted:
            if char == '"':
                if text[position : position + 1] != '"':
                    quoted = False
                    continue
                position += 1
        elif char == ",":
            index += 1
            length = 0
            start = True
            continue
        elif char in "\r\n" or (start and char == " "):
            continue
        elif start and char == '"':
            quoted = True
            start = False
            continue
        start = False
        length += 1
        if length > limit:
            return index
    return None


def _duration(text: str) -> timedelta:
    found = _SECONDS.fullmatch(text) or _CLOCK.fullmatch(text)
    if found is None:
        try:
            value = parse_duration(text)
        except SlaError:
            msg = "not a duration"
            raise _Bad(msg, _DURATION_FORM) from None
        if value < timedelta(0):
            msg = "a wait is never negative"
            raise _Bad(msg, _DURATION_FORM)
        return value
    days, hours, minutes, seconds, fraction = found.groups()
    whole = int(days or 0) * 86_400 + int(hours or 0) * 3600
    whole += int(minutes or 0) * 60 + int(seconds or 0)
    micro = _microseconds(fraction)
    try:
        return timedelta(seconds=whole, microseconds=micro)
    except OverflowError:
        msg = "the duration is too long"
        raise _Bad(msg, "at most 999999999 days") from None


def _boolean(text: str) -> bool:
    value = _BOOLEANS.get(text.lower())
    if value is None:
        msg = "not a boolean"
        raise _Bad(msg, _BOOLEAN_FORM)
    return value


def _number(text: str) -> Decimal:
    if _NUMBER.fullmatch(text) is None:
        msg = "not a number"
        raise _Bad(msg, "a decimal number such as 9 or 8.5")
    return Decimal(text)


class _File:
    """One CSV file being read: its zone, its header, its rows and its problems."""

    def __init__(
        self,
        lines: Iterable[str],
        path: str,
        tz: ZoneInfo | None,
        progress: _Progress,
    ) -> None:
        self.path = path
        self.problems: list[FileProblem] = []
        self.zone = tz
        self.columns: dict[str, int] = {}
        self.header: list[str] = []
        self.header_line = 1
        self._tz_arg = tz
        self._tz_line: int | None = None
        self._progress = progress
        self._lines = iter(lines)
        self._offset = 0  # physical lines before the header
        self._reader: Any = None
        # The physical lines of the row being read, kept for the one problem that
        # needs them: a cell over the csv module's size limit (see `_unreadable`).
        self._row_lines: list[str] = []

    # -- problems ---------------------------------------------------------------------

    def problem(
        self,
        where: str,
        message: str,
        line: int | None,
        *,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.problems.append(FileProblem(where, message, line, expected, found))

    def error(self) -> DataFileError:
        """One `DataFileError` listing every problem, in line order."""
        found = sorted(self.problems, key=lambda p: (p.line is None, p.line or 0))
        return DataFileError.of_problems(self.path, found)

    def finish(self) -> None:
        """Raise `error()` if there is any problem."""
        if self.problems:
            raise self.error()

    # -- header -----------------------------------------------------------------------

    def read_header(
        self, required: tuple[str, ...], allowed: tuple[str, ...] | None
    ) -> None:
        """Read the comment lines, the header and check its columns."""
        lines = self._lines
        first: object = next(lines, None)
        if first is not None:
            if not isinstance(first, str):
                kind = type(first).__name__
                msg = f"source must be a path or a text stream, got lines of {kind}"
                raise TypeError(msg)
            lines = itertools.chain([first.removeprefix("\ufeff")], lines)
        count = 0
        raw = ""
        for raw in lines:
            count += 1
            text = raw.strip()
            if not text:
                continue
            if not text.startswith("#"):
                break
            self._comment(text, count)
        else:
            self.problem(
                "header", "the file has no header row", count + 1, expected="a header"
            )
            return
        self._offset = count - 1
        self.header_line = count
        self._reader = csv.reader(
            _kept(itertools.chain([raw], lines), self._row_lines),
            strict=True,
            skipinitialspace=True,
        )
        try:
            header = next(self._reader)
        except csv.Error as exc:
            self._unreadable(exc, "header", count, [])
            return
        self.header = [name.strip() for name in header]
        self._check_columns(required, allowed)

    def _comment(self, text: str, line: int) -> None:
        found = _TZ_LINE.fullmatch(text)
        if found is None:
            return  # a free comment
        name = found[1].strip()
        if self._tz_line is not None:
            message = f"the time zone is stated twice (first on line {self._tz_line})"
            self.problem("tz", message, line, found=repr(name))
            return
        self._tz_line = line
        try:
            zone = to_zone(name)
        except CalendarError:
            self.problem(
                "tz",
                "unknown time zone",
                line,
                expected="an IANA name",
                found=repr(name),
            )
            return
        if self._tz_arg is not None and self._tz_arg.key != zone.key:
            message = (
                f"the file states time zone {zone.key!r} but tz={self._tz_arg.key!r} "
                "was passed"
            )
            self.problem(
                "tz", message, line, expected=repr(self._tz_arg.key), found=repr(name)
            )
            return
        self.zone = zone

    def _check_columns(
        self, required: tuple[str, ...], allowed: tuple[str, ...] | None
    ) -> None:
        line = self.header_line
        for index, name in enumerate(self.header):
            if not name:
                self.problem(f"column {index + 1}", "the column has no name", line)
            elif name in self.columns:
                first = self.columns[name] + 1
                message = f"duplicate column (columns {first} and {index + 1})"
                self.problem(name, message, line)
            else:
                self.columns[name] = index
        for name in required:
            if name not in self.columns:
                self.problem(
                    name,
                    "missing required column",
                    line,
                    expected=", ".join(required),
                )
        if allowed is not None:
            for name in self.columns:
                if name not in allowed:
                    self.problem(
                        name, "unknown column", line, expected=", ".join(allowed)
                    )

    # -- rows -------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each data row as (its first physical line, its cells stripped).

        Blank lines are skipped; a row the CSV parser can't read, or with another
        number of cells than the header, is a problem and is not yielded.
        """
        reader = self._reader
        offset = self._offset
        width = len(self.header)
        progress = self._progress
        previous = reader.line_num
        count = 0
        kept = self._row_lines
        while True:
            line = offset + previous + 1
            kept.clear()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                previous = reader.line_num
                count += 1
                self._unreadable(exc, "row", line, self.header)
                continue
            previous = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
            if len(row) != width:
                message = f"the row has {len(row)} cells but the header has {width}"
                self.problem("row", message, line)
                continue
            yield line, [cell.strip() for cell in row]

    def _unreadable(
        self, exc: csv.Error, where: str, line: int, header: list[str]
    ) -> None:
        """A row (or the header) the csv module refused, as a problem."""
        limit = csv.field_size_limit()  # without an argument: only reads it
        index = _long_cell("".join(self._row_lines), limit)
        if index is None:
            self.problem(where, f"unreadable CSV: {exc}", line)
            return
        if index < len(header):
            where = header[index]
        elif where == "row":
            where = f"column {index + 1}"
        message = f"the cell is longer than {limit:,} characters, the most it may hold"
        self.problem(where, message, line, expected=f"at most {limit:,} characters")

    def extras(self, known: tuple[str, ...]) -> list[tuple[str, int]]:
        """The columns other than *known*, with their positions."""
        return [(name, i) for name, i in self.columns.items() if name not in known]

    # -- cells ------------------------------------------------------------------------

    def required(self, text: str, where: str, line: int) -> str | None:
        """*text*, or None and a problem if the cell is empty."""
        if not text:
            self.problem(where, "a value is required", line)
            return None
        return text

    def cell(
        self, read: Callable[[str], _T], text: str, where: str, line: int
    ) -> _T | None:
        """``read(text)``, or None and a problem if *text* is not valid."""
        try:
            return read(text)
        except _Bad as bad:
            self.problem(
                where, bad.message, line, expected=bad.expected, found=repr(text)
            )
            return None

    def instant(self, text: str, where: str, line: int) -> datetime | None:
        """A timestamp cell (non-empty) as an aware datetime, or None and a problem."""
        return self.cell(self._instant, text, where, line)

    def _instant(self, text: str) -> datetime:
        found = parse_instant(text, self.zone, no_zone=_NO_ZONE)
        if isinstance(found, Refusal):
            raise _Bad(found.reason, found.expected)
        return found

    def duration(self, text: str, where: str, line: int) -> timedelta | None:
        """A duration cell (non-empty), or None and a problem."""
        return self.cell(_duration, text, where, line)

    def boolean(self, text: str, where: str, line: int) -> bool | None:
        """A boolean cell (non-empty), or None and a problem."""
        return self.cell(_boolean, text, where, line)

    def number(self, text: str, where: str, line: int) -> Decimal | None:
        """A decimal number cell (non-empty), or None and a problem."""
        return self.cell(_number, text, where, line)

    def fields(
        self, cells: list[str], extras: list[tuple[str, int]], line: int
    ) -> dict[str, Any] | None:
        """The extra columns of a row as fields, or None if one has a problem."""
        out: dict[str, Any] = {}
        ok = True
        for name, index in extras:
            text = cells[index]
            if not text:
                continue
            value: Any
            if name.endswith("_at"):
                value = self.instant(text, name, line)
                if value is None:
                    ok = False
                    continue
            else:
                value = _CELL_BOOLEANS.get(text.lower(), text)
            out[name] = value
        return out if ok else None


def _read(
    source: _Source,
    build: Callable[[_File], _T],
    *,
    tz: str | ZoneInfo | None,
    progress: _Progress,
    required: tuple[str, ...],
    allowed: tuple[str, ...] | None = None,
) -> _T:
    zone = None if tz is None else to_zone(tz)
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        with open(path, encoding="utf-8-sig", newline="") as stream:  # noqa: PTH123
            return _run(_File(stream, path, zone, progress), build, required, allowed)
    return _run(_File(source, _STREAM, zone, progress), build, required, allowed)


def _run(
    file: _File,
    build: Callable[[_File], _T],
    required: tuple[str, ...],
    allowed: tuple[str, ...] | None,
) -> _T:
    try:
        file.read_header(required, allowed)
        file.finish()  # a bad header or zone: the rows can't be read
        result = build(file)
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start : exc.end]
        file.problem("file", "the file is not UTF-8 text", None, found=repr(bad))
        raise file.error() from exc
    file.finish()
    return result


# -- tickets -------------------------------------------------------------------------

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
    file: _File, cells: list[str], extras: list[tuple[str, int]], line: int
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
    file: _File,
    tickets: dict[str, _TicketRows],
    cells: list[str],
    line: int,
    extras: list[tuple[str, int]],
) -> None:
    columns = file.columns
    before = len(file.problems)
    ticket_id = file.required(cells[columns["ticket_id"]], "ticket_id", line)
    at_text = file.required(cells[columns["at"]], "at", line)
    at = None if at_text is None else file.instant(at_text, "at", line)
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


def _ticket(file: _File, ticket_id: str, rows: _TicketRows) -> Ticket | None:
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


def _build_tickets(file: _File) -> list[Ticket]:
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
    source: _Source,
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
    - ``status`` or ``priority``: `value` is the new status or priority
      (required).

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
    return _read(
        source, _build_tickets, tz=tz, progress=progress, required=TICKET_COLUMNS
    )


# -- outages -------------------------------------------------------------------------

OUTAGE_COLUMNS: Final = ("service", "start", "end")
"""The required columns of an outages file (``planned`` is optional)."""


def _build_outages(file: _File) -> list[Outage]:
    columns = file.columns
    i_service, i_start, i_end = (columns[name] for name in OUTAGE_COLUMNS)
    i_planned = columns.get("planned")
    out = []
    for line, cells in file.rows():
        service = file.required(cells[i_service], "service", line)
        start = _instant(file, cells[i_start], "start", line)
        end = _instant(file, cells[i_end], "end", line)
        planned: bool | None = False
        if i_planned is not None and cells[i_planned]:
            planned = file.boolean(cells[i_planned], "planned", line)
        if service is None or start is None or end is None or planned is None:
            continue
        if end < start:
            file.problem(
                "end",
                "the outage ends before it starts",
                line,
                expected=f"not before {start.isoformat()}",
                found=repr(cells[i_end]),
            )
            continue
        out.append(Outage(service, start, end, planned=planned))
    return out


def _instant(file: _File, text: str, where: str, line: int) -> datetime | None:
    """A required timestamp cell."""
    if not text:
        file.problem(where, "a value is required", line)
        return None
    return file.instant(text, where, line)


def read_outages(
    source: _Source,
    *,
    tz: str | ZoneInfo | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Outage]:
    """Read outages from a CSV file: one row per outage, ``[start, end)``.

    Columns: ``service`` (required, the service's name), ``start`` and ``end``
    (required timestamps, `end` not before `start`), and optionally ``planned``
    (``true``/``false``, ``yes``/``no``, ``1``/``0`` in any case; empty means
    false), which marks scheduled maintenance. No other column is allowed.

    Timestamps follow the rules of [`read_tickets`][slacore.read_tickets]: an
    offset on each, or a ``# tz:`` line, or `tz`.

    Args:
        source: A path, or an open text stream.
        tz: The zone of timestamps without an offset.
        progress: Called with the number of rows read so far, every 10,000
            rows.

    Returns:
        The outages, in file order.

    Raises:
        DataFileError: Listing every problem in the file, with its line.
        CalendarError: If `tz` is not a known time zone.

    Examples:
        >>> import io
        >>> text = '''# tz: Europe/Berlin
        ... service,start,end,planned
        ... api,2026-10-07 14:02,2026-10-07 14:31,
        ... api,2026-10-18T02:00:00+02:00,2026-10-18T04:00:00+02:00,yes
        ... '''
        >>> outages = read_outages(io.StringIO(text))
        >>> [(o.end - o.start, o.planned) for o in outages]
        [(datetime.timedelta(seconds=1740), False), (datetime.timedelta(seconds=7200), True)]
    """  # noqa: E501
    return _read(
        source,
        _build_outages,
        tz=tz,
        progress=progress,
        required=OUTAGE_COLUMNS,
        allowed=(*OUTAGE_COLUMNS, "planned"),
    )


# -- contacts ------------------------------------------------------------------------

CONTACT_COLUMNS: Final = ("at", "wait", "answered")
"""The required columns of a contacts file (``service`` is optional)."""


def _build_contacts(file: _File) -> list[Contact]:
    columns = file.columns
    i_at, i_wait, i_answered = (columns[name] for name in CONTACT_COLUMNS)
    i_service = columns.get("service")
    out = []
    for line, cells in file.rows():
        at = _instant(file, cells[i_at], "at", line)
        wait_text = file.required(cells[i_wait], "wait", line)
        wait = None if wait_text is None else file.duration(wait_text, "wait", line)
        answered_text = file.required(cells[i_answered], "answered", line)
        answered = (
            None
            if answered_text is None
            else file.boolean(answered_text, "answered", line)
        )
        service = None if i_service is None else cells[i_service] or None
        if at is None or wait is None or answered is None:
            continue
        out.append(Contact(wait, answered, at=at, service=service))
    return out


def read_contacts(
    source: _Source,
    *,
    tz: str | ZoneInfo | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Contact]:
    """Read contacts (calls, chats) offered to a queue from a CSV file.

    Columns: ``at`` (required timestamp: when the contact was offered),
    ``wait`` (required: how long it waited, in seconds as a decimal number
    such as ``12.5``, or as ``1h2m30s``, ``PT1M30S`` or ``0:01:30``; exact to
    the microsecond, so at most 6 decimal places; never negative), ``answered``
    (required: ``true``/``false``, ``yes``/``no``, ``1``/``0``; false for an
    abandoned contact) and optionally ``service`` (empty means none). No other
    column is allowed.

    Timestamps follow the rules of [`read_tickets`][slacore.read_tickets].

    Args:
        source: A path, or an open text stream.
        tz: The zone of timestamps without an offset.
        progress: Called with the number of rows read so far, every 10,000
            rows.

    Returns:
        The contacts, in file order.

    Raises:
        DataFileError: Listing every problem in the file, with its line.
        CalendarError: If `tz` is not a known time zone.

    Examples:
        >>> import io
        >>> text = '''at,wait,answered,service
        ... 2026-10-05T09:00:04Z,12.5,yes,phone
        ... 2026-10-05T09:01:10Z,1m30s,no,
        ... '''
        >>> [(c.wait, c.answered, c.service) for c in read_contacts(io.StringIO(text))]
        [(datetime.timedelta(seconds=12, microseconds=500000), True, 'phone'),
         (datetime.timedelta(seconds=90), False, None)]
    """
    return _read(
        source,
        _build_contacts,
        tz=tz,
        progress=progress,
        required=CONTACT_COLUMNS,
        allowed=(*CONTACT_COLUMNS, "service"),
    )


# -- responses -----------------------------------------------------------------------

RESPONSE_COLUMNS: Final = ("at", "score")
"""The required columns of a responses file (``service`` is optional)."""


def _build_responses(file: _File) -> list[Response]:
    columns = file.columns
    i_at, i_score = columns["at"], columns["score"]
    i_service = columns.get("service")
    extras = file.extras((*RESPONSE_COLUMNS, "service"))
    out = []
    for line, cells in file.rows():
        at = _instant(file, cells[i_at], "at", line)
        score_text = file.required(cells[i_score], "score", line)
        score = None if score_text is None else file.number(score_text, "score", line)
        service = None if i_service is None else cells[i_service] or None
        fields = file.fields(cells, extras, line)
        if at is None or score is None or fields is None:
            continue
        out.append(Response(at, score, service=service, fields=fields))
    return out


def read_responses(
    source: _Source,
    *,
    tz: str | ZoneInfo | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Response]:
    """Read survey responses from a CSV file: one row per response.

    Columns: ``at`` (required timestamp), ``score`` (required decimal number
    such as ``9`` or ``8.5``, read exactly as a `Decimal`), optionally
    ``service`` (empty means none), and any others, which become the
    response's `fields` by the rules for extra columns: empty cells are absent,
    a name ending in ``_at`` holds timestamps, ``true``/``false`` are bools,
    and everything else stays a string (a measure that averages a field reads
    it as a number then).

    Timestamps follow the rules of [`read_tickets`][slacore.read_tickets].

    Args:
        source: A path, or an open text stream.
        tz: The zone of timestamps without an offset.
        progress: Called with the number of rows read so far, every 10,000
            rows.

    Returns:
        The responses, in file order.

    Raises:
        DataFileError: Listing every problem in the file, with its line.
        CalendarError: If `tz` is not a known time zone.

    Examples:
        >>> import io
        >>> text = '''at,score,service,csat,comment
        ... 2026-10-06T10:00:00+02:00,9,api,5,"fast, friendly"
        ... 2026-10-06T11:30:00+02:00,6,,,
        ... '''
        >>> first, second = read_responses(io.StringIO(text))
        >>> first.score, first.service, first.fields
        (Decimal('9'), 'api', FrozenFields({'csat': '5', 'comment': 'fast, friendly'}))
        >>> second.service, len(second.fields)
        (None, 0)
    """
    return _read(
        source, _build_responses, tz=tz, progress=progress, required=RESPONSE_COLUMNS
    )


# -- records -------------------------------------------------------------------------


def _build_records(file: _File) -> list[dict[str, Any]]:
    i_at = file.columns["at"]
    extras = file.extras(("at",))
    out = []
    for line, cells in file.rows():
        at = _instant(file, cells[i_at], "at", line)
        fields = file.fields(cells, extras, line)
        if at is None or fields is None:
            continue
        out.append({"at": at, **fields})
    return out


def read_records(
    source: _Source,
    *,
    tz: str | ZoneInfo | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Read records (leads, orders, ...) from a CSV file: one mapping per row.

    Columns: ``at`` (required timestamp: the instant the record counts at) and
    any others, read by the rules for extra columns: an empty cell is an absent
    key; a column whose name ends in ``_at`` holds timestamps (such as
    ``contacted_at`` for a [`Deadline`][slacore.Deadline]); a cell ``true`` or
    ``false`` (any case) is a bool; everything else stays a string (a
    [`Volume`][slacore.Volume] that sums a field reads it as a number then).

    Timestamps follow the rules of [`read_tickets`][slacore.read_tickets].

    Args:
        source: A path, or an open text stream.
        tz: The zone of timestamps without an offset.
        progress: Called with the number of rows read so far, every 10,000
            rows.

    Returns:
        The records, in file order, as dicts (a
        [`Dataset`][slacore.Dataset] freezes them).

    Raises:
        DataFileError: Listing every problem in the file, with its line.
        CalendarError: If `tz` is not a known time zone.

    Examples:
        >>> import io
        >>> text = '''at,lead,amount,qualified,contacted_at
        ... 2026-10-05 09:12,L-1,1200.50,true,2026-10-05 11:00
        ... 2026-10-05 17:40,L-2,,false,
        ... '''
        >>> first, second = read_records(io.StringIO(text), tz="Europe/Berlin")
        >>> first["amount"], first["qualified"], first["contacted_at"].hour
        ('1200.50', True, 11)
        >>> sorted(second)
        ['at', 'lead', 'qualified']
    """
    return _read(source, _build_records, tz=tz, progress=progress, required=("at",))
