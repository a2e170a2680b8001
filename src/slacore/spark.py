"""slacore on Spark: clocks and reports of event tables too big for one machine.

The partitions of a Spark DataFrame of ticket events are measured on the workers
by the same columnar engine as [`measure_table`][slacore.measure_table]
(``mapInArrow``, the result's schema given), and an agreement's reports are made
from the partitions' [`Tally`][slacore.Tally]s, added up on the driver: the
answers are the ones one machine gives for the whole table. Needs the ``spark``
extra: ``pip install 'slacore[spark]'``. A classic (not Spark Connect) session.

**The workers' Python.** For a local master (``local[2]``...) whose Python
nobody chose, the workers run the driver's own Python (`sys.executable`), which
has slacore. Once per application slacore checks that the workers import
slacore, of the driver's version; if not, it raises an
[`SlaError`][slacore.SlaError] saying what to set: ``PYSPARK_PYTHON`` (or
``spark.pyspark.python``, and ``spark.executorEnv.PYSPARK_PYTHON`` on a cluster)
to a Python that has slacore, before the session is created.

**Tickets are kept whole.** By default (``shuffle=True``) the rows are numbered
in input order, repartitioned on ``ticket_id`` and put back in input order
within each partition, so events at the same instant keep their order. With
``shuffle=False`` the partitions are measured as they are, and a ticket whose
events span partitions raises [`TableError`][slacore.TableError] for its part
without a ``created`` row, naming the partition; a ticket whose ``created`` row is
in two partitions (a file read twice, say) raises on the driver the ``TableError``
one machine raises ("the ticket has a second created row"), naming the ticket, its
rows and both partitions. For that check each partition sends the driver the
64-bit hashes of its created tickets' ids (8 bytes a ticket, in its tally's row),
the driver looks for a hash two partitions share and asks just those partitions for
the ids behind it: the check is exact. [`measure`][slacore.spark.measure] runs it
first, as a job of its own that reads the ``ticket_id`` and ``kind`` columns.

**Errors.** [`tally`][slacore.spark.tally] and
[`evaluate_range`][slacore.spark.evaluate_range] raise on the driver the error
one machine raises, of the same class and attributes, its message starting with
the partition (its ``partition`` attribute too). The frame
[`measure`][slacore.spark.measure] returns is lazy: a bad partition fails the
Spark action that computes it, and Spark reports the error (class, partition and
message) inside its own ``PythonException``.

**Definitions travel once per task**, as their pickle (a few kilobytes) in the
function Spark sends; a worker process unpickles them once and compiles each
calendar on its first query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

try:
    import pyspark.sql
except ImportError as error:  # pragma: no cover - the extra is in dev
    msg = "slacore.spark needs PySpark: pip install 'slacore[spark]'"
    raise ImportError(msg) from error

from ._cluster_dupes import check_created
from ._cluster_parts import PARTS, policy_tuple
from ._cluster_ship import Shipment
from ._cluster_spark import (
    TALLY_SCHEMA,
    by_ticket,
    empty_arrow,
    fetcher,
    gather,
    hashes_in,
    hashes_of,
    map_in_arrow,
    measuring,
    plain_schema,
    ready,
    spark_schema,
    tallying,
)
from ._dataset import Dataset
from ._measure_table import measure_table
from ._time import require_aware

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from ._agreement import Agreement
    from ._cluster_parts import Part
    from ._policy import Policy, PriorityRule
    from ._report import Report

__all__ = ["evaluate_range", "measure", "tally"]


def measure(
    policies: Policy | Sequence[Policy],
    events: pyspark.sql.DataFrame,
    *,
    now: datetime,
    priority_rules: Sequence[PriorityRule] = (),
    shuffle: bool = True,
    partitions: int | None = None,
) -> pyspark.sql.DataFrame:
    """Measure every clock of every ticket in a Spark DataFrame of ticket events.

    The rows are [`measure_table`][slacore.measure_table]'s: one per ticket x
    metric x cycle, each equal to what one machine gives for the whole table,
    with its columns in Spark's types (instants as ``timestamp``, durations as
    ``interval day to second``, text as ``string``). Lazy, like any Spark
    DataFrame; its schema is known at once.

    Args:
        policies: One `Policy` or a sequence of them, in order of preference.
        events: The events table (the columns of the tickets CSV); ``at`` a
            ``timestamp`` column (or text with offsets).
        now: The instant to measure at (timezone-aware).
        priority_rules: Rules that set each ticket's priority first.
        shuffle: Whether slacore gathers each ticket's events into one
            partition (see the module's notes); False measures the partitions
            as they are, after a check (a job run at once) that no ticket is
            created in two.
        partitions: How many partitions the shuffle makes (the input's number
            by default).

    Returns:
        A Spark DataFrame of clocks.

    Raises:
        TableError: At once if the frame's columns are wrong, or (with `shuffle`
            False) if a ticket is created in two partitions, naming both.
        SlaError: If the workers cannot import slacore, saying what to set.

    Examples:
        The [guide](../guide/beyond-one-machine.md) runs this on ``local[2]``:

        >>> clocks = slacore.spark.measure(policy, events, now=now)  # doctest: +SKIP
        >>> clocks.filter("breached").count()  # doctest: +SKIP
        1
    """
    require_aware(now, "now")
    rules = tuple(priority_rules)
    chosen = policy_tuple(policies)
    session = events.sparkSession
    ready(session)
    empty = measure_table(chosen, empty_arrow(events), now=now, priority_rules=rules)
    shipment = Shipment.of((chosen, rules))
    whole = by_ticket(events, shuffle=shuffle, partitions=partitions)
    if not shuffle:
        check_created(hashes_of(whole), fetcher(whole))
    schema = plain_schema(empty.schema)
    function = measuring(shipment, now, schema)
    clocks: pyspark.sql.DataFrame = map_in_arrow(
        whole, function, spark_schema(schema.empty_table())
    )
    return clocks


def tally(
    agreement: Agreement,
    start: datetime | date,
    end: datetime | date,
    *,
    now: datetime,
    tickets: Any = None,
    outages: Any = None,
    contacts: Any = None,
    responses: Any = None,
    records: Any = None,
    breaches: bool = False,
    shuffle: bool = True,
    partitions: int | None = None,
) -> Any:
    """An agreement's [`Tally`][slacore.Tally] of data in Spark DataFrames.

    Each partition of each Spark DataFrame is tallied on a worker
    ([`Agreement.tally`][slacore.Agreement.tally] on that partition alone); the
    tallies come to the driver (kilobytes each) and are added there, with the
    tally of whatever is not a Spark DataFrame (a pandas table, a list of
    objects). The result equals the agreement's tally of all the data on one
    machine.

    Args:
        agreement: The agreement.
        start: The start of the first period (a date means local midnight).
        end: Periods starting at or after `end` are left out.
        now: The instant the data is as of (required).
        tickets: Ticket events: a Spark DataFrame (kept whole per ticket as in
            [`measure`][slacore.spark.measure]), or anything `Dataset` takes.
        outages: Outages, a Spark DataFrame split any way, or anything `Dataset`
            takes; likewise `contacts`, `responses` and `records`.
        contacts: As `outages`.
        responses: As `outages`.
        records: As `outages`.
        breaches: Whether the tally keeps each missed cycle, for the reports'
            breach lists.
        shuffle: As in [`measure`][slacore.spark.measure], for `tickets`.
        partitions: As in `measure`.

    Returns:
        The tally.

    Raises:
        DataError: As `Agreement.tally` would on the whole data, of the same
            class, naming the partition; with `shuffle` False, a `TableError`
            for a ticket created in two partitions, naming both.
        SlaError: If the workers cannot import slacore, saying what to set.

    Examples:
        The [guide](../guide/beyond-one-machine.md) runs this on ``local[2]``:

        >>> total = slacore.spark.tally(  # doctest: +SKIP
        ...     agreement, date(2026, 1, 1), date(2026, 3, 1), now=now, tickets=events
        ... )
        >>> agreement.report(total) == agreement.evaluate_range(  # doctest: +SKIP
        ...     sla.Dataset(tickets=events.toPandas()),
        ...     date(2026, 1, 1),
        ...     date(2026, 3, 1),
        ...     now=now,
        ... )
        True
    """
    require_aware(now, "now")
    inputs: dict[Part, Any] = {
        "tickets": tickets,
        "outages": outages,
        "contacts": contacts,
        "responses": responses,
        "records": records,
    }
    window = (start, end, now, breaches)
    frames = [(part, inputs[part]) for part in PARTS if _is_spark(inputs[part])]
    local = {
        part: value
        for part, value in inputs.items()
        if value is not None and not _is_spark(value)
    }
    shipment = Shipment.of(agreement)
    rows: list[Any] = []
    checks = []
    for part, frame in frames:
        ready(frame.sparkSession)
        agreement.tally(Dataset(**{part: empty_arrow(frame)}), start, end, now=now)
        check = part == "tickets" and not shuffle
        if part == "tickets":
            frame = by_ticket(frame, shuffle=shuffle, partitions=partitions)  # noqa: PLW2901
        function = tallying(shipment, part, window, check=check)
        found = map_in_arrow(frame, function, TALLY_SCHEMA).collect()
        rows += found
        if check:
            checks.append((hashes_in(found), fetcher(frame)))
    total = gather(rows, shipment, window)
    for hashes, fetch in checks:
        check_created(hashes, fetch)
    return total + agreement.tally(
        Dataset(**local), start, end, now=now, breaches=breaches
    )


def evaluate_range(
    agreement: Agreement,
    start: datetime | date,
    end: datetime | date,
    *,
    now: datetime,
    tickets: Any = None,
    outages: Any = None,
    contacts: Any = None,
    responses: Any = None,
    records: Any = None,
    breaches: bool = True,
    shuffle: bool = True,
    partitions: int | None = None,
) -> tuple[Report, ...]:
    """The reports of every period that starts in ``[start, end)``, from Spark data.

    [`tally`][slacore.spark.tally] then
    [`Agreement.report`][slacore.Agreement.report]: equal to
    [`Agreement.evaluate_range`][slacore.Agreement.evaluate_range] on all the
    data on one machine with the same `now`, breach lists included.

    Args:
        agreement: The agreement.
        start: The start of the first period (a date means local midnight).
        end: Periods starting at or after `end` are left out.
        now: The instant the data is as of.
        tickets: As in [`tally`][slacore.spark.tally].
        outages: As in `tally`.
        contacts: As in `tally`.
        responses: As in `tally`.
        records: As in `tally`.
        breaches: Whether the reports list their breaches (True, as one
            machine's); False moves less to the driver and leaves them empty.
        shuffle: As in [`measure`][slacore.spark.measure].
        partitions: As in `measure`.

    Raises:
        DataError: As `Agreement.evaluate_range` would, naming the partition.

    Examples:
        The [guide](../guide/beyond-one-machine.md) runs this on ``local[2]``:

        >>> reports = slacore.spark.evaluate_range(  # doctest: +SKIP
        ...     agreement, date(2026, 1, 1), date(2026, 3, 1), now=now, tickets=events
        ... )
        >>> [report.result("high").value for report in reports]  # doctest: +SKIP
        [Decimal('50'), Decimal('100')]
    """
    found = tally(
        agreement,
        start,
        end,
        now=now,
        tickets=tickets,
        outages=outages,
        contacts=contacts,
        responses=responses,
        records=records,
        breaches=breaches,
        shuffle=shuffle,
        partitions=partitions,
    )
    return agreement.report(found)


def _is_spark(value: object) -> bool:
    return isinstance(value, pyspark.sql.DataFrame)
