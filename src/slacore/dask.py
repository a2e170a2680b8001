"""slacore on Dask: clocks and reports of event tables too big for one machine.

The partitions of a Dask DataFrame of ticket events are measured by the same
columnar engine as [`measure_table`][slacore.measure_table], each on a worker, and
an agreement's reports are made from the partitions'
[`Tally`][slacore.Tally]s, added up: the answers are the ones one machine gives
for the whole table. Needs the ``dask`` extra: ``pip install 'slacore[dask]'``.

**Tickets are kept whole.** Each ticket's events must meet in one partition. By
default (``shuffle=True``) slacore sees to it: a frame indexed by ``ticket_id``
with known divisions already has each ticket in one partition and is used as it
is; any other frame is shuffled on ``ticket_id``, each row carrying its place in
the input so that events at the same instant keep their order. With
``shuffle=False`` the partitions are measured as they are, and a ticket whose
events span partitions is never split silently: the part of it without its
``created`` row raises [`TableError`][slacore.TableError] ("the ticket has no
created row") naming the partition; and a ticket whose ``created`` row is in two
partitions (a file read twice, say) raises on the driver the ``TableError`` one
machine raises ("the ticket has a second created row"), naming the ticket, its rows
and both partitions. For that check each partition sends the driver the 64-bit
hashes of its created tickets' ids (8 bytes a ticket, beside its tally), the driver
looks for a hash two partitions share and asks just those partitions for the ids
behind it: the check is exact. [`measure`][slacore.dask.measure] runs it first, at
once, reading only the ``ticket_id`` and ``kind`` columns. A frame indexed by
``ticket_id`` with known divisions needs no check.

**Errors** are the ones one machine raises, of the same class with the same
attributes, raised on the driver; the message starts with the partition (for
example ``tickets partition 3: tickets table: 1 problem ...``) and the error's
``partition`` attribute holds its number. After a shuffle, a bad row is named by
its input partition and row.

**Definitions travel once.** Policies, priority rules and agreements are pickled
once on the driver (their definitions: a calendar leaves its compiled open time
out), put in the graph once, and unpickled once per worker process; a worker
compiles each calendar on its first query and reuses it for every later
partition.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

try:
    importlib.import_module("dask.dataframe")
except ImportError as error:  # pragma: no cover - the extra is in dev
    msg = "slacore.dask needs Dask: pip install 'slacore[dask]'"
    raise ImportError(msg) from error

from ._cluster_dask import (
    by_ticket,
    compute,
    fetcher,
    hashes_of,
    keeps_tickets_apart,
    measure_frame,
    meta_events,
    split_inputs,
    tally_graph,
)
from ._cluster_dupes import check_created
from ._cluster_parts import policy_tuple
from ._cluster_ship import Shipment
from ._dataset import Dataset
from ._measure_table import measure_table
from ._time import require_aware

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    import dask.dataframe as dd

    from ._agreement import Agreement
    from ._cluster_parts import Part
    from ._policy import Policy, PriorityRule
    from ._report import Report

__all__ = ["evaluate_range", "measure", "tally"]


def measure(
    policies: Policy | Sequence[Policy],
    events: dd.DataFrame,
    *,
    now: datetime,
    priority_rules: Sequence[PriorityRule] = (),
    shuffle: bool = True,
    partitions: int | None = None,
) -> dd.DataFrame:
    """Measure every clock of every ticket in a Dask DataFrame of ticket events.

    The rows are [`measure_table`][slacore.measure_table]'s, with its columns and
    types: one per ticket x metric x cycle, each equal to what one machine gives
    for the whole table. Tickets come partition by partition (in each, in the
    order of their created rows). Nothing is computed until you compute the
    result; the frame's columns and types are known at once (its ``meta``).

    Args:
        policies: One `Policy` or a sequence of them, in order of preference.
        events: The events table (the columns of the tickets CSV) as a Dask
            DataFrame.
        now: The instant to measure at (timezone-aware).
        priority_rules: Rules that set each ticket's priority first.
        shuffle: Whether slacore gathers each ticket's events into one
            partition (see the module's notes); False measures the partitions
            as they are, after a check (computed at once) that no ticket is
            created in two.
        partitions: How many partitions a shuffle makes (as many as the input's
            by default).

    Returns:
        A Dask DataFrame of clocks, one pandas partition per partition measured.

    Raises:
        TableError: At once if the frame's columns are wrong, or (with `shuffle`
            False) if a ticket is created in two partitions, naming both; when
            computed, if a partition's rows are wrong, naming the partition.
        NaiveDatetimeError: If `now` has no timezone.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> import slacore as sla
        >>> import slacore.dask
        >>> policy = sla.Policy(
        ...     "desk", {"high": sla.Targets(first_response=timedelta(hours=1))}
        ... )
        >>> events = pd.DataFrame(
        ...     {
        ...         "ticket_id": ["T-1", "T-2", "T-1"],
        ...         "at": pd.to_datetime(
        ...             ["2026-10-05 09:00", "2026-10-05 09:10", "2026-10-05 09:40"]
        ...         ).tz_localize("UTC"),
        ...         "kind": ["created", "created", "agent_reply"],
        ...         "value": ["high", "high", None],
        ...     }
        ... )
        >>> now = datetime(2026, 10, 5, 12, tzinfo=timezone.utc)
        >>> frame = dd.from_pandas(events, npartitions=2)
        >>> clocks = slacore.dask.measure(policy, frame, now=now)
        >>> found = clocks.compute(scheduler="sync").sort_values("ticket_id")
        >>> found[["ticket_id", "state", "breached"]]
          ticket_id    state  breached
        0       T-1  stopped     False
        0       T-2  running      True
    """
    require_aware(now, "now")
    rules = tuple(priority_rules)
    empty = meta_events(events)
    meta = measure_table(policies, empty, now=now, priority_rules=rules)
    shipment = Shipment.of((policy_tuple(policies), rules))
    whole = by_ticket(events, shuffle=shuffle, partitions=partitions)
    if not shuffle and not keeps_tickets_apart(whole):
        check_created(hashes_of(whole), fetcher(whole))
    clocks: dd.DataFrame = measure_frame(whole, shipment, meta, now)
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
    """An agreement's [`Tally`][slacore.Tally] of data in Dask DataFrames, computed.

    Each partition of each Dask DataFrame is tallied on a worker
    ([`Agreement.tally`][slacore.Agreement.tally] on that partition alone), and
    the tallies are added in a tree of sums; what is not a Dask DataFrame (a
    pandas table, a list of objects) is tallied here and added too. The result
    equals the agreement's tally of all the data on one machine, and
    [`Agreement.report`][slacore.Agreement.report] turns it into reports.

    Args:
        agreement: The agreement.
        start: The start of the first period (a date means local midnight).
        end: Periods starting at or after `end` are left out.
        now: The instant the data is as of (required: every part must be
            tallied with the same `now`).
        tickets: Ticket events: a Dask DataFrame (kept whole per ticket as in
            [`measure`][slacore.dask.measure]), or anything `Dataset` takes.
        outages: Outages, a Dask DataFrame split any way, or anything `Dataset`
            takes; likewise `contacts`, `responses` and `records`.
        contacts: As `outages`.
        responses: As `outages`.
        records: As `outages`.
        breaches: Whether the tally keeps each missed cycle, for the reports'
            breach lists (one row per missed cycle travels to the driver).
        shuffle: As in [`measure`][slacore.dask.measure], for `tickets`.
        partitions: As in [`measure`][slacore.dask.measure].

    Returns:
        The tally.

    Raises:
        DataError: As `Agreement.tally` would on the whole data (a
            `TableError` for a bad table), naming the partition; with `shuffle`
            False, a `TableError` for a ticket created in two partitions,
            naming both.
        AgreementError: If `start` is not a period start of the agreement.

    Examples:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> import dask
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> import slacore as sla
        >>> import slacore.dask
        >>> uptime = sla.Agreement(
        ...     "Hosting",
        ...     "customer",
        ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        ...     [sla.Objective("api", sla.Availability("api"), "99.9")],
        ...     effective_from=date(2026, 6, 1),
        ... )
        >>> outages = pd.DataFrame(
        ...     {
        ...         "service": ["api", "api"],
        ...         "start": pd.to_datetime(
        ...             ["2026-06-10 00:00", "2026-06-10 00:10"], utc=True
        ...         ),
        ...         "end": pd.to_datetime(
        ...             ["2026-06-10 00:30", "2026-06-10 01:00"], utc=True
        ...         ),
        ...     }
        ... )
        >>> now = datetime(2026, 7, 1, tzinfo=timezone.utc)
        >>> with dask.config.set(scheduler="sync"):
        ...     total = slacore.dask.tally(
        ...         uptime,
        ...         date(2026, 6, 1),
        ...         date(2026, 7, 1),
        ...         now=now,
        ...         outages=dd.from_pandas(outages, npartitions=2),
        ...     )
        >>> uptime.report(total)[0].result("api").value
        Decimal('99.86111111111111111111111111')
    """
    require_aware(now, "now")
    inputs: dict[Part, Any] = {
        "tickets": tickets,
        "outages": outages,
        "contacts": contacts,
        "responses": responses,
        "records": records,
    }
    frames, local = split_inputs(inputs)
    window = (start, end, now, breaches)
    for part, frame in frames:  # the columns, checked here before any work
        agreement.tally(Dataset(**{part: meta_events(frame)}), start, end, now=now)
    check = False
    if frames and frames[0][0] == "tickets":
        whole = by_ticket(frames[0][1], shuffle=shuffle, partitions=partitions)
        frames[0] = ("tickets", whole)
        check = not shuffle and not keeps_tickets_apart(whole)
    shipment = Shipment.of(agreement)
    found, hashes = compute(tally_graph(shipment, frames, window, check=check))
    if check:
        check_created(dict(enumerate(hashes)), fetcher(whole))
    return found + agreement.tally(local, start, end, now=now, breaches=breaches)


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
    """The reports of every period that starts in ``[start, end)``, from Dask data.

    [`tally`][slacore.dask.tally] then [`Agreement.report`][slacore.Agreement.report]:
    equal to [`Agreement.evaluate_range`][slacore.Agreement.evaluate_range] on all
    the data on one machine with the same `now`, breach lists included.

    Args:
        agreement: The agreement.
        start: The start of the first period (a date means local midnight).
        end: Periods starting at or after `end` are left out.
        now: The instant the data is as of.
        tickets: As in [`tally`][slacore.dask.tally].
        outages: As in `tally`.
        contacts: As in `tally`.
        responses: As in `tally`.
        records: As in `tally`.
        breaches: Whether the reports list their breaches (True, as one
            machine's); False moves less to the driver and leaves them empty.
        shuffle: As in [`measure`][slacore.dask.measure].
        partitions: As in `measure`.

    Raises:
        DataError: As `Agreement.evaluate_range` would, naming the partition.

    Examples:
        The [guide](../guide/beyond-one-machine.md) runs this on a
        two-worker cluster; on the synchronous scheduler:

        >>> from datetime import date, datetime, timedelta, timezone
        >>> import dask
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> import slacore as sla
        >>> import slacore.dask
        >>> leads = sla.Agreement(
        ...     "Leads",
        ...     "internal",
        ...     [sla.Party("Marketing", "provider"), sla.Party("Sales", "customer")],
        ...     [sla.Objective("leads", sla.Volume(), 3)],
        ...     effective_from=date(2026, 1, 1),
        ... )
        >>> records = pd.DataFrame(
        ...     {"at": pd.to_datetime(["2026-01-05", "2026-01-06"]).tz_localize("UTC")}
        ... )
        >>> with dask.config.set(scheduler="sync"):
        ...     (january,) = slacore.dask.evaluate_range(
        ...         leads,
        ...         date(2026, 1, 1),
        ...         date(2026, 2, 1),
        ...         now=datetime(2026, 2, 1, tzinfo=timezone.utc),
        ...         records=dd.from_pandas(records, npartitions=2),
        ...     )
        >>> january.result("leads").value, january.result("leads").met
        (Decimal('2'), False)
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
