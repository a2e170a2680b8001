# CSV inputs: tickets, outages, contacts, survey responses and records.
#
# Each reader streams its file line by line (the text is never held whole), checks
# every row and collects every problem it finds, each with its physical line number,
# then raises one `DataFileError` listing them all. Nothing is silently dropped: a
# row is either read into an object or reported. The column rules are documented on
# each reader and in docs/reference/csv-inputs.md.
#
# This module holds the readers of the flat files (outages, contacts, responses,
# records); tickets are read by `_csv_tickets`, and both read through the shared
# line-by-line reader of `_csv_file`.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._csv_file import PROGRESS_EVERY, CsvFile, Source, read_csv
from ._csv_tickets import read_tickets
from ._records import Contact, Outage, Response

if TYPE_CHECKING:
    from collections.abc import Callable
    from zoneinfo import ZoneInfo

__all__ = [
    "PROGRESS_EVERY",
    "read_contacts",
    "read_outages",
    "read_records",
    "read_responses",
    "read_tickets",
]

# -- outages -------------------------------------------------------------------------

OUTAGE_COLUMNS: Final = ("service", "start", "end")
"""The required columns of an outages file (``planned`` is optional)."""


def _build_outages(file: CsvFile) -> list[Outage]:
    columns = file.columns
    i_service, i_start, i_end = (columns[name] for name in OUTAGE_COLUMNS)
    i_planned = columns.get("planned")
    out = []
    for line, cells in file.rows():
        service = file.required(cells[i_service], "service", line)
        start = file.required_value(file.instant, cells[i_start], "start", line)
        end = file.required_value(file.instant, cells[i_end], "end", line)
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


def read_outages(
    source: Source,
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
    return read_csv(
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


def _build_contacts(file: CsvFile) -> list[Contact]:
    columns = file.columns
    i_at, i_wait, i_answered = (columns[name] for name in CONTACT_COLUMNS)
    i_service = columns.get("service")
    out = []
    for line, cells in file.rows():
        at = file.required_value(file.instant, cells[i_at], "at", line)
        wait = file.required_value(file.duration, cells[i_wait], "wait", line)
        answered = file.required_value(
            file.boolean, cells[i_answered], "answered", line
        )
        service = None if i_service is None else cells[i_service] or None
        if at is None or wait is None or answered is None:
            continue
        out.append(Contact(wait, answered, at=at, service=service))
    return out


def read_contacts(
    source: Source,
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
    return read_csv(
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


def _build_responses(file: CsvFile) -> list[Response]:
    columns = file.columns
    i_at, i_score = columns["at"], columns["score"]
    i_service = columns.get("service")
    extras = file.extras((*RESPONSE_COLUMNS, "service"))
    out = []
    for line, cells in file.rows():
        at = file.required_value(file.instant, cells[i_at], "at", line)
        score = file.required_value(file.number, cells[i_score], "score", line)
        service = None if i_service is None else cells[i_service] or None
        fields = file.fields(cells, extras, line)
        if at is None or score is None or fields is None:
            continue
        out.append(Response(at, score, service=service, fields=fields))
    return out


def read_responses(
    source: Source,
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
    return read_csv(
        source, _build_responses, tz=tz, progress=progress, required=RESPONSE_COLUMNS
    )


# -- records -------------------------------------------------------------------------


def _build_records(file: CsvFile) -> list[dict[str, Any]]:
    i_at = file.columns["at"]
    extras = file.extras(("at",))
    out = []
    for line, cells in file.rows():
        at = file.required_value(file.instant, cells[i_at], "at", line)
        fields = file.fields(cells, extras, line)
        if at is None or fields is None:
            continue
        out.append({"at": at, **fields})
    return out


def read_records(
    source: Source,
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
    return read_csv(source, _build_records, tz=tz, progress=progress, required=("at",))
