# The dataset an agreement is measured on: tickets, outages, contacts, responses and
# records, each read once from objects or from a table (a ticket table stays columns,
# see `_dataset_tables`).

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, final

import attrs

from ._dataset_tables import TicketTable, is_table, table_items, tickets_of
from ._records import Contact, FrozenFields, Outage, Response, Ticket
from ._time import require_aware
from ._validators import typed_tuple
from .exceptions import DataError

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo


def _freeze_record(index: int, record: object) -> Mapping[str, Any]:
    if not isinstance(record, Mapping):
        msg = f"records[{index}] must be a mapping, got {type(record).__name__}"
        raise TypeError(msg)
    at = record.get("at")
    if at is None:
        msg = f"records[{index}] has no 'at' (the instant it counts at)"
        raise DataError(msg, field=f"records[{index}].at", index=index)
    require_aware(at, f"records[{index}].at")
    return record if isinstance(record, FrozenFields) else FrozenFields(record)


def _to_records(value: Any) -> Any:
    if is_table(value):
        return value  # read in __attrs_post_init__, with the dataset's tz
    return tuple(_freeze_record(index, record) for index, record in enumerate(value))


def _to_tickets(value: Any) -> Sequence[Ticket]:
    if isinstance(value, TicketTable) or is_table(value):
        return value  # type: ignore[no-any-return]
    return typed_tuple(Ticket, "tickets", value)


def _to_outages(value: Any) -> Any:
    return value if is_table(value) else typed_tuple(Outage, "outages", value)


def _to_contacts(value: Any) -> Any:
    return value if is_table(value) else typed_tuple(Contact, "contacts", value)


def _to_responses(value: Any) -> Any:
    return value if is_table(value) else typed_tuple(Response, "responses", value)


@final
@attrs.frozen(eq=False)
class Dataset:
    """Everything an agreement is measured on, read once.

    Each argument may be any iterable (a generator, a list, a query result); it is
    consumed once on construction, so nothing is loaded twice. Each may also be a
    table (a pandas, polars or pyarrow table, or a mapping of column name to
    numpy array; the ``tables`` extra) with the columns of its CSV reader
    (docs/reference/csv-inputs.md), checked at once (`TableError` listing every
    problem). A table of ticket events stays columns, and `Agreement.evaluate`
    measures it with the columnar engine (see
    [`measure_table`][slacore.measure_table]); `tickets` is then a read-only
    sequence that builds `Ticket` objects only if it is read. Outages,
    contacts, responses and records from tables become their objects.

    Attributes:
        tickets: Helpdesk tickets, for ticket-attainment objectives.
        outages: Outages (planned ones are exclusions), for availability.
        contacts: Contacts offered to a queue, each with its `at`, for service
            levels.
        responses: Survey responses, for NPS and average scores.
        records: Mappings with an aware ``at`` and any other fields, for volumes
            and deadlines.
        since: Where the data starts, if it does not reach back to the
            agreement's start: periods that end by then are not measured (their
            results are None) instead of counting as empty.
        tz: The zone of naive datetimes in tables (refused without it).

    Raises:
        DataError: If a record has no ``at``.
        TableError: If a table is invalid, listing every problem by column and
            row.

    Examples:
        >>> from datetime import datetime, timezone
        >>> import slacore as sla
        >>> at = datetime(2026, 10, 5, tzinfo=timezone.utc)
        >>> data = sla.Dataset(records=({"at": at, "lead": n} for n in range(3)))
        >>> len(data.records), data.records[2]["lead"]
        (3, 2)
    """

    tickets: Sequence[Ticket] = attrs.field(default=(), converter=_to_tickets)
    outages: tuple[Outage, ...] = attrs.field(default=(), converter=_to_outages)
    contacts: tuple[Contact, ...] = attrs.field(default=(), converter=_to_contacts)
    responses: tuple[Response, ...] = attrs.field(default=(), converter=_to_responses)
    records: tuple[Mapping[str, Any], ...] = attrs.field(
        default=(), converter=_to_records
    )
    since: datetime | None = attrs.field(default=None, kw_only=True)
    tz: str | ZoneInfo | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.since is not None:
            require_aware(self.since, "since")
        tz = self.tz
        object.__setattr__(self, "tickets", tickets_of(self.tickets, tz))
        for part in ("outages", "contacts", "responses"):
            found = table_items(part, getattr(self, part), tz)
            object.__setattr__(self, part, tuple(found))
        records = table_items("records", self.records, tz)
        if records is not self.records:
            object.__setattr__(self, "records", _to_records(records))
