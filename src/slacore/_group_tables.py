# Group holds of a table of ticket events: the table read by the tickets reader, each
# ticket measured by `Policy.measure_groups` (the object path: there is no columnar
# group engine), and one row per hold written in the input's library.

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any, Final

from ._event_columns import to_tickets
from ._frames import library_of
from ._frames_kinds import numpy
from ._frames_out import Out, build_table
from ._policy import Policy, select_policy
from ._table_tickets import read_ticket_table
from ._time import duration_us, to_us

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ._groups import GroupHold

HOLD_COLUMNS: Final = (
    "ticket_id",
    "policy",
    "priority",
    "group",
    "hold",
    "assigned_at",
    "released_at",
    "release",
    "held_for",
    "target",
    "met",
    "breached_at",
    "first_reply_target",
    "first_reply_at",
    "first_reply_met",
    "first_reply_breached_at",
)
"""The columns of `group_holds_table`, in order."""

_INSTANTS: Final = frozenset(
    {"assigned_at", "released_at", "breached_at", "first_reply_at"}
    | {"first_reply_breached_at"}
)
_DURATIONS: Final = frozenset({"held_for", "target", "first_reply_target"})
_BOOLEANS: Final = frozenset({"met", "first_reply_met"})


def _row(policy: str, ticket_id: object, priority: str, hold: GroupHold) -> list[Any]:
    reply = hold.first_reply
    return [
        ticket_id,
        policy,
        priority,
        hold.group,
        hold.index,
        hold.assigned_at,
        hold.released_at,
        hold.release,
        hold.held_for,
        hold.target,
        hold.met,
        hold.breached_at,
        hold.first_reply_target,
        None if reply is None else reply.stopped_at,
        None if reply is None else reply.met,
        None if reply is None else reply.breached_at,
    ]


def _column(name: str, values: list[Any], zone: Any) -> Out:
    np = numpy()
    missing = np.array([value is None for value in values], dtype=bool)
    if name in _INSTANTS or name in _DURATIONS:
        convert = to_us if name in _INSTANTS else duration_us
        data = np.array(
            [0 if value is None else convert(value, name) for value in values],
            dtype=np.int64,
        )
        if name in _INSTANTS:
            return Out("instant", data, missing, zone)
        return Out("duration", data, missing)
    if name in _BOOLEANS:
        data = np.array([bool(value) for value in values], dtype=bool)
        return Out("boolean", data, missing)
    if name == "hold":
        return Out("integer", np.array(values, dtype=np.int64))
    out = np.empty(len(values), dtype=object)
    out[:] = values
    if name == "ticket_id" and values and all(type(v) is int for v in values):
        return Out("integer", out.astype(np.int64))
    return Out("string", out)


def group_holds_table(
    policies: Policy | Sequence[Policy],
    events: object,
    *,
    now: datetime,
    tz: str | ZoneInfo | None = None,
) -> Any:
    """Every group hold of every ticket in a table of ticket events, at `now`.

    The table is the tickets CSV's (see
    [`tickets_from_table`][slacore.tickets_from_table]), with ``group`` rows
    assigning support groups. Each ticket is measured by the first policy whose
    condition it meets, with
    [`Policy.measure_groups`][slacore.Policy.measure_groups]: the rows are the
    object path's holds, ticket by ticket (tickets no policy selects are
    absent). There is no columnar engine for group holds: this reads the table
    into `Ticket` objects, so it costs what measuring the objects costs.

    The result, in the input's library, has one row per hold, tickets in the
    order of their created rows: ``ticket_id``, ``policy``, ``priority`` (in
    force at `now`), ``group``, ``hold`` (its index among the ticket's holds),
    ``assigned_at``, ``released_at``, ``release`` (``reassigned``, ``solved`` or
    null while held), ``held_for``, ``target``, ``met``, ``breached_at``,
    ``first_reply_target``, ``first_reply_at`` (when the first-reply clock
    stopped), ``first_reply_met`` and ``first_reply_breached_at``; nulls where a
    value is None. Instants are in the ``at`` column's zone.

    Raises:
        TableError: If the table has problems (each named with its row).
        DataError: If a policy declares its groups and a row assigns another.
        NaiveDatetimeError: If `now` has no timezone.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import numpy as np
        >>> import slacore as sla
        >>> from slacore._groups import GroupTarget
        >>> policy = sla.Policy(
        ...     "desk",
        ...     {},
        ...     group_targets=[GroupTarget("L1", hold=timedelta(minutes=10))],
        ... )
        >>> events = {
        ...     "ticket_id": np.array(["T-1", "T-1", "T-1"]),
        ...     "at": np.array(
        ...         ["2026-10-05T09:00", "2026-10-05T09:00", "2026-10-05T09:12"],
        ...         dtype="datetime64[us]",
        ...     ),
        ...     "kind": np.array(["created", "group", "group"]),
        ...     "value": np.array(["low", "L1", "L2"]),
        ... }
        >>> now = datetime(2026, 10, 5, 10, tzinfo=timezone.utc)
        >>> holds = group_holds_table(policy, events, now=now)
        >>> holds["group"].tolist(), holds["met"].tolist()
        (['L1', 'L2'], [False, None])
    """
    chosen = (policies,) if isinstance(policies, Policy) else tuple(policies)
    to_us(now, "now")
    like = library_of(events)
    columns = read_ticket_table(events, tz=tz)
    rows: list[list[Any]] = []
    for ticket in to_tickets(columns):
        policy = select_policy(chosen, ticket)
        if policy is None:
            continue
        found = policy.measure_groups(ticket, now)
        rows.extend(
            _row(policy.name, ticket.id, found.priority, hold) for hold in found.holds
        )
    values = list(zip(*rows, strict=True)) if rows else [() for _ in HOLD_COLUMNS]
    zone = "UTC" if columns.tz is UTC else columns.tz
    out = {
        name: _column(name, list(column), zone)
        for name, column in zip(HOLD_COLUMNS, values, strict=True)
    }
    return build_table(out, "numpy" if like is None else like)
