# The work of one partition on a cluster worker, the same for Dask (a pandas
# DataFrame) and Spark (a pyarrow Table): the definitions come from their shipment
# (unpickled once per process), the partition is measured or tallied by the table
# engine exactly as one machine measures a whole table, and an error names the
# partition. Rows that a shuffle moved carry their place in the input (`ORIGIN`):
# they are put back in input order first, so events at the same instant keep their
# order, and a bad row is named where it was.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ._cluster_errors import ORIGIN, located
from ._dataset import Dataset
from ._frames import library_of
from ._measure_table import measure_table
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from ._cluster_ship import Shipment

    #: A tally's start, end, now and whether it keeps breaches.
    Window = tuple[datetime | date, datetime | date, datetime, bool]

#: The parts of a dataset a cluster job reads, as `Dataset`'s arguments.
Part = Literal["tickets", "outages", "contacts", "responses", "records"]
PARTS: tuple[Part, ...] = ("tickets", "outages", "contacts", "responses", "records")


def in_input_order(events: Any) -> tuple[Any, Sequence[int] | None]:
    """`events` without the `ORIGIN` column, its rows in input order, and their origins.

    The origins are None if the rows did not move. A pandas frame indexed by
    ``ticket_id`` gets the index back as a column.

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"kind": ["b", "a"], ORIGIN: [5, 2]})
        >>> ordered, origins = in_input_order(frame)
        >>> ordered["kind"].tolist(), origins.tolist()
        (['a', 'b'], [2, 5])
    """
    library = library_of(events)
    if library == "pandas":
        if events.index.name == "ticket_id" and "ticket_id" not in events.columns:
            events = events.reset_index()
        if ORIGIN not in events.columns:
            return events, None
        events = events.sort_values(ORIGIN, kind="stable")
        origins = events[ORIGIN].to_numpy()
        return events.drop(columns=ORIGIN).reset_index(drop=True), origins
    if library == "pyarrow" and ORIGIN in events.column_names:
        events = events.sort_by(ORIGIN)  # a stable sort
        origins = events.column(ORIGIN).to_numpy()
        return events.drop_columns([ORIGIN]), origins
    return events, None


def measure_part(shipment: Shipment, events: Any, now: datetime, partition: int) -> Any:
    """The clocks of one partition of ticket events (`measure_table`'s table).

    Args:
        shipment: The policies and priority rules, as a pair.
        events: The partition: a pandas DataFrame or a pyarrow Table.
        now: The instant to measure at.
        partition: The partition's number, for errors.

    Raises:
        TableError: As `measure_table`, naming the partition.
    """
    policies, rules = shipment.load()
    events, origins = in_input_order(events)
    try:
        return measure_table(policies, events, now=now, priority_rules=rules)
    except SlaError as error:
        raise located(
            error, part="tickets", partition=partition, origins=origins
        ) from error


def tally_part(
    shipment: Shipment,
    part: Part,
    table: Any,
    window: Window,
    partition: int,
) -> Any:
    """The tally of one partition of one part of a dataset.

    Args:
        shipment: The agreement.
        part: Which part of a dataset the partition is (``tickets``...).
        table: The partition: a pandas DataFrame or a pyarrow Table.
        window: The tally's start, end, now and whether it keeps breaches.
        partition: The partition's number, for errors.

    Raises:
        DataError: As `Agreement.tally` (a `TableError` for a bad table), naming
            the partition.
    """
    agreement = shipment.load()
    start, end, now, breaches = window
    table, origins = in_input_order(table)
    try:
        data = Dataset(**{part: table})
        return agreement.tally(data, start, end, now=now, breaches=breaches)
    except SlaError as error:
        raise located(error, part=part, partition=partition, origins=origins) from error


def empty_tally(shipment: Shipment, window: Window) -> Any:
    """The tally of no data: where the partitions' tallies are added to."""
    start, end, now, breaches = window
    return shipment.load().tally(Dataset(), start, end, now=now, breaches=breaches)


def policy_tuple(policies: Any) -> tuple[Any, ...]:
    """One policy or a sequence of them, as a tuple (checked by `measure_table`)."""
    from ._policy import Policy  # noqa: PLC0415 - a run-time check

    return (policies,) if isinstance(policies, Policy) else tuple(policies)
