# `measure_table`: the columnar engine's public face. A table of ticket events in
# (pandas, polars, pyarrow or a mapping of numpy arrays), one row per ticket x metric
# x cycle out, in the same library. The rules are `Policy.measure`'s, run over
# columns by `_table_measure`; this module checks the arguments, `_table_frame`
# reads and writes the tables.

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._policy import Policy, PriorityRule
from ._table_frame import Progress, measure_frame
from ._time import to_us
from .exceptions import SlaError

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo


def measure_table(
    policies: Policy | Sequence[Policy],
    events: object,
    *,
    now: datetime,
    priority_rules: Sequence[PriorityRule] = (),
    progress: Progress = None,
    tz: str | ZoneInfo | None = None,
) -> Any:
    """Measure every clock of every ticket in a table of ticket events, at `now`.

    The same rules as [`measure_many`][slacore.measure_many], computed for whole
    columns at once: each ticket gets the first policy whose condition it meets
    (as [`select_policy`][slacore.select_policy]), after `priority_rules` have set
    its priority (as [`apply_priority_rules`][slacore.apply_priority_rules]).
    Tickets no policy selects are absent, as in `measure_many`. Declarative
    conditions (`Equals`, `In`, `Contains`, `HasTag`, `All`, `AnyOf`, `Not`) are
    evaluated column-wise; a plain callable condition is called per ticket, on
    `Ticket` objects built for the purpose, and is the slow path.

    The table is the tickets CSV's (see
    [`tickets_from_table`][slacore.tickets_from_table]): ``ticket_id``, ``at``,
    ``kind``, ``value`` and field columns filled on the created row.

    The result has one row per ticket x metric x cycle, tickets in the order of
    their created rows, metrics in `Metric` order, cycles in order, with the
    columns ``ticket_id``, ``policy``, ``metric``, ``cycle`` (0, 1, ...),
    ``priority`` (in force at `now`), ``state`` (a `TimerState` value),
    ``started_at``, ``stopped_at``, ``target``, ``elapsed``, ``remaining``,
    ``paused_for``, ``wall_elapsed``, ``due_at``, ``breached``,
    ``ever_breached``, ``breached_at``, ``met`` and ``warning_1``... (one per
    warning fraction of the policies): each a field of the cycle's
    `TimerStatus`. Instants are timezone-aware UTC datetimes at microsecond
    resolution, durations durations, and missing values nulls (``met`` is null
    while a cycle runs). A metric the ticket's targets name but that has not
    started has one ``not_started`` row.

    Tickets are measured in chunks, so memory stays a small multiple of the
    table's.

    Args:
        policies: One `Policy` or a sequence of them, in order of preference.
        events: A pandas, polars or pyarrow table, or a mapping of column name to
            numpy array.
        now: The instant to measure at (timezone-aware).
        priority_rules: Rules that set each ticket's priority before its policy
            is chosen.
        progress: A callable receiving (tickets done, total) after each chunk;
            True for a tqdm progress bar (the ``progress`` extra).
        tz: The zone of naive datetimes in the table (refused without it).

    Returns:
        A table in the library of `events` (a dict of numpy arrays for a
        mapping).

    Raises:
        TableError: If the table is invalid, listing every problem with its
            column and row.
        NaiveDatetimeError: If `now` has no timezone.
        SlaError: If `policies` or `priority_rules` are not what they should be.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import pandas as pd
        >>> import slacore as sla
        >>> policy = sla.Policy(
        ...     "standard", {"high": sla.Targets(first_response=timedelta(hours=1))}
        ... )
        >>> events = pd.DataFrame(
        ...     {
        ...         "ticket_id": ["T-1", "T-1", "T-2"],
        ...         "at": pd.to_datetime(
        ...             ["2026-10-05 09:00", "2026-10-05 09:40", "2026-10-05 10:00"]
        ...         ).tz_localize("UTC"),
        ...         "kind": ["created", "agent_reply", "created"],
        ...         "value": ["high", None, "high"],
        ...     }
        ... )
        >>> now = datetime(2026, 10, 5, 12, tzinfo=timezone.utc)
        >>> clocks = sla.measure_table(policy, events, now=now)
        >>> clocks[["ticket_id", "state", "elapsed", "breached"]]
          ticket_id    state         elapsed  breached
        0       T-1  stopped 0 days 00:40:00     False
        1       T-2  running 0 days 02:00:00      True
    """
    return measure_frame(
        checked_policies(policies),
        events,
        now_us=to_us(now, "now"),
        rules=_priority_rules(priority_rules),
        progress=progress,
        tz=tz,
    )


def checked_policies(policies: object) -> tuple[Policy, ...]:
    """One `Policy` or a sequence of them, as a tuple (an `SlaError` otherwise)."""
    if isinstance(policies, Policy):
        return (policies,)
    if isinstance(policies, str) or not isinstance(policies, Sequence):
        msg = f"policies must be a Policy or a sequence of them, got {policies!r}"
        raise SlaError(msg)
    for index, policy in enumerate(policies):
        if not isinstance(policy, Policy):
            msg = f"policies[{index}] must be a Policy, got {policy!r}"
            raise SlaError(msg)
    return tuple(policies)


def _priority_rules(rules: object) -> tuple[PriorityRule, ...]:
    if isinstance(rules, str) or not isinstance(rules, Sequence):
        msg = f"priority_rules must be a sequence of PriorityRule, got {rules!r}"
        raise SlaError(msg)
    for index, rule in enumerate(rules):
        if not isinstance(rule, PriorityRule):
            msg = f"priority_rules[{index}] must be a PriorityRule, got {rule!r}"
            raise SlaError(msg)
    return tuple(rules)
