# The columnar engine's driver: priority rules, policy selection, tiers and the
# output rows of `measure_table`, chunk by chunk of tickets (bounded memory).

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ._event_columns import PRIORITY, STATUS, EventColumns, Factor, to_tickets
from ._frames_kinds import decoded
from ._metric import SOLVED, Metric
from ._table_clocks import Events, Rules, clock_cycles, run_starts, running_count
from ._table_conditions import TicketColumns, first_match
from ._table_status import NOT_STARTED, STOPPED, Calendars, cycle_statuses
from ._time import duration_us
from ._timer import TimerState, share

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator, Sequence

    import numpy as np
    import numpy.typing as npt

    from ._engine import Engine
    from ._policy import Policy, PriorityRule
    from ._table_clocks import Cycles

    Ints = npt.NDArray[np.int64]
    Codes = npt.NDArray[np.integer[Any]]  # int8 to int64, by how many names

#: Tickets per chunk: a chunk's arrays (about 60,000 events, 480 KB a column)
#: stay in the CPU's 2 MB core cache between numpy passes, yet the Python per
#: chunk is a small share. Measured in one process, alternating, best of three
#: (2026-12-06): the engine at 1M tickets 2.92 µs of user time a ticket at
#: 4,096, 2.90 at 3,072, 2.99 at 2,048, 3.08 at 8,192; `measure_table` at 300k
#: 4.37 against 5.24 at 8,192. Memory for intermediates stays far below the table's.
CHUNK_TICKETS: Final = 4096

#: The output columns, in order (warning columns come after `met`).
COLUMNS: Final = (
    "ticket_id",
    "policy",
    "metric",
    "cycle",
    "priority",
    "state",
    "started_at",
    "stopped_at",
    "target",
    "elapsed",
    "remaining",
    "paused_for",
    "wall_elapsed",
    "due_at",
    "breached",
    "ever_breached",
    "breached_at",
    "met",
)
_METRICS: Final = tuple(Metric)
_STATES: Final = tuple(state.value for state in TimerState)


class _Vocab:
    """Integer codes for strings (statuses, priorities), first seen first."""

    def __init__(self, *first: str) -> None:
        self.codes: dict[str, int] = {}
        self.names: list[str] = []
        for name in first:
            self.code(name)

    def code(self, name: str) -> int:
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = len(self.names)
            self.names.append(name)
        return found

    def remap(self, np: Any, names: Any) -> Ints:
        """Each of *names*' code here, and -1 last (for a factor's missing -1)."""
        out = np.empty(len(names) + 1, dtype=np.int64)
        out[:-1] = [self.code(str(n)) for n in list(names)]
        out[-1] = -1
        return out  # type: ignore[no-any-return]


class _Tiers:
    """Each (policy, priority) pair's targets, calendar and warning thresholds."""

    def __init__(self, np: Any, policies: Sequence[Policy]) -> None:
        self.np = np
        self.policies = policies
        self.index: dict[tuple[int, str], int] = {}
        self.targets: list[list[int]] = []  # per tier: µs per metric, -1 if none
        self.calendars: list[int] = []
        self.thresholds: list[list[list[int]]] = []  # per tier, metric: thresholds
        self.engines: list[Engine] = []
        self._engine_index: dict[int, int] = {}
        self.warnings = max((len(p.warn_at) for p in policies), default=0)

    def of(self, policy: Ints, priority: Ints, names: list[str]) -> Ints:
        """The tier of each (policy, priority code), -1 for none.

        *names* are the priority codes' names; a policy of -1 has no tier.
        """
        np = self.np
        if not self.policies:  # no policy selects any ticket
            return np.full(len(policy), -1, dtype=np.int64)  # type: ignore[no-any-return]
        table = np.array(
            [[self.tier(p, name) for name in names] for p in range(len(self.policies))],
            dtype=np.int64,
        ).reshape(len(self.policies), len(names))
        found = table[np.maximum(policy, 0), priority]
        return np.where(policy >= 0, found, -1)  # type: ignore[no-any-return]

    def tier(self, policy: int, priority: str) -> int:
        key = (policy, priority)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = self._build(policy, priority)
        return found

    def _build(self, policy_index: int, priority: str) -> int:
        policy = self.policies[policy_index]
        targets = policy.targets_for(priority)
        if targets is None:
            return -1
        engine = (targets.calendar or policy.calendar).engine
        cal = self._engine_index.get(id(engine))
        if cal is None:
            cal = self._engine_index[id(engine)] = len(self.engines)
            self.engines.append(engine)
        limits, thresholds = [], []
        for metric in _METRICS:
            target = targets.of(metric)
            us = -1 if target is None else duration_us(target, "target")
            limits.append(us)
            found = [share(f, us) for f in policy.warn_at] if us >= 0 else []
            thresholds.append(found + [-1] * (self.warnings - len(found)))
        self.targets.append(limits)
        self.calendars.append(cal)
        self.thresholds.append(thresholds)
        return len(self.targets) - 1


def measure_columns(
    np: Any,
    policies: Sequence[Policy],
    events: EventColumns,
    *,
    now_us: int,
    rules: Sequence[PriorityRule] = (),
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The rows of `measure_table` as numpy columns (see `COLUMNS`).

    Instants are ``datetime64[us]`` (NaT where missing), durations
    ``timedelta64[us]``, `met` an object array of True, False or None, strings
    object arrays; then ``warning_1``... per warning fraction of the policies.
    """
    run = _Run.of(np, policies, events, now_us, rules)
    parts = _joined(np, _parts(run, events, progress), events.n_tickets)
    return _output(np, events, run, parts)


def measure_parts(
    np: Any,
    policies: Sequence[Policy],
    events: EventColumns,
    *,
    now_us: int,
    progress: Callable[[int, int], None] | None = None,
    metrics: Collection[Metric] | None = None,
) -> Iterator[tuple[dict[str, Any], Sequence[str]]]:
    """`measure_columns` a chunk of tickets at a time, with codes.

    With `metrics`, only those clocks are measured (the others' rows are absent:
    a report that reads two clocks need not follow four).

    Each chunk's columns come with ``policy_code`` (an index into `policies`),
    ``metric_code`` (into `Metric`), ``ticket_code`` (the ticket's index in
    `events`) and ``priority_code`` (into the names that come with it, which
    grow from chunk to chunk: codes never change), so that a
    reader keeps what it needs of each chunk and memory stays bounded. Text
    columns (and `state`, `met`) stay `Coded`: a reader makes the values of the
    rows it keeps (`_table_status.STOPPED` is a stopped `state`'s code).
    """
    run = _Run.of(np, policies, events, now_us, (), metrics=metrics)
    for part in _parts(run, events, progress):
        found = _output(np, events, run, [part], codes=True, text=False)
        yield found, run.priorities.names


def _parts(
    run: _Run, events: EventColumns, progress: Callable[[int, int], None] | None
) -> Iterator[dict[str, Any]]:
    """The raw rows of each chunk of tickets (ticket indexes of the whole table)."""
    total = events.n_tickets
    if progress is not None:
        progress(0, total)
    for start in range(0, total, CHUNK_TICKETS):
        stop = min(start + CHUNK_TICKETS, total)
        found = run.chunk(events.slice(start, stop))
        if found is not None:
            found["ticket"] += start
            yield _finished(run.np, run, found)
        if progress is not None:
            progress(stop, total)


class _Run:
    """One `measure_columns` call: what its chunks share."""

    @classmethod
    def of(
        cls,
        np: Any,
        policies: Sequence[Policy],
        events: EventColumns,
        now_us: int,
        rules: Sequence[PriorityRule],
        *,
        metrics: Collection[Metric] | None = None,
    ) -> _Run:
        """A run over `events`: calendars compiled from the first creation."""
        first = int(events.created_us.min()) if events.n_tickets else now_us
        return cls(np, policies, rules, now_us, min(first, now_us), metrics=metrics)

    def __init__(
        self,
        np: Any,
        policies: Sequence[Policy],
        rules: Sequence[PriorityRule],
        now_us: int,
        first_us: int,
        *,
        metrics: Collection[Metric] | None = None,
    ) -> None:
        self.np = np
        self.policies = policies
        self.rules = rules
        self.now_us = now_us
        self.tiers = _Tiers(np, policies)
        self.statuses = _Vocab("new")
        self.priorities = _Vocab()
        self.calendars = Calendars(np, self.tiers.engines, first_us, now_us)
        self.unfollowed = [
            index
            for index, metric in enumerate(Metric)
            if metrics is not None and metric not in metrics
        ]

    def limits(self) -> Ints:
        """Each tier's target per metric (µs), -1 where none or not followed.

        Tiers are added as tickets need them, so this is read when used.
        """
        np = self.np
        limits: Ints = np.array(self.tiers.targets, dtype=np.int64).reshape(-1, 4)
        limits[:, self.unfollowed] = -1
        return limits

    def select(self, events: EventColumns) -> tuple[Any, Any]:
        """Each ticket's priority after the priority rules, and its policy."""
        np = self.np
        columns = TicketColumns(
            np, events.priority, events.fields, lambda: to_tickets(events)
        )
        rules = self.rules
        if rules:
            which = first_match([rule.condition for rule in rules], columns)
            if (which >= 0).any():
                old = events.priority
                names = np.empty(len(old.names) + len(rules), dtype=object)
                names[: len(old.names)] = old.names
                names[len(old.names) :] = [rule.priority for rule in rules]
                codes = np.where(which >= 0, len(old.names) + which, old.codes)
                columns = columns.with_priority(Factor(codes, names))
        policy = first_match([p.condition for p in self.policies], columns)
        return columns.priority, policy

    def chunk(self, events: EventColumns) -> dict[str, Any] | None:
        """The rows of one chunk of tickets, None if it has none."""
        np, now_us = self.np, self.now_us
        priority, policy = self.select(events)

        # The events up to `now`: a prefix of each ticket's (they are sorted).
        keep = events.at_us <= now_us
        if keep.all():  # the usual case: taken as they are, no copies
            offsets, at_us, kind = events.offsets, events.at_us, events.kind
            value = events.value
        else:
            kept = np.zeros(len(keep) + 1, dtype=np.int64)
            kept[1:] = running_count(np, keep)
            offsets = kept[events.offsets]
            at_us, kind = events.at_us[keep], events.kind[keep]
            value = events.value.take(keep)

        # The priority in force at `now`: the last priority event, else as ruled.
        vocab = self.priorities
        code = vocab.remap(np, priority.names)[priority.codes]
        changes = np.flatnonzero(kind == PRIORITY)
        if len(changes):
            owner = np.searchsorted(offsets, changes, side="right") - 1
            # Later changes overwrite earlier ones.
            code[owner] = vocab.remap(np, value.names)[value.codes[changes]]
        tier = self.tiers.of(policy, code, vocab.names)
        measured = np.flatnonzero(tier >= 0)
        if not len(measured):
            return None
        live = measured[events.created_us[measured] <= now_us]

        # The live measured tickets' events, with status codes.
        if len(live) == events.n_tickets and not offsets[0]:
            ev_offsets, ev_at, ev_kind, rows = offsets, at_us, kind, None
        else:
            counts = np.diff(offsets)[live]
            ev_offsets = np.zeros(len(live) + 1, dtype=np.int64)
            np.cumsum(counts, out=ev_offsets[1:])
            rows = _ranges(np, offsets[live], counts)
            ev_at, ev_kind = at_us[rows], kind[rows]
        ev_status = np.zeros(len(ev_kind), dtype=np.int64)
        is_status = np.flatnonzero(ev_kind == STATUS)
        status_of = self.statuses.remap(np, value.names)
        status_rows = is_status if rows is None else rows[is_status]
        ev_status[is_status] = status_of[value.codes[status_rows]]
        ev = Events(
            offsets=ev_offsets,
            created_us=events.created_us[live],
            policy=policy[live],
            at_us=ev_at,
            kind=ev_kind,
            status=ev_status,
        )
        rules = _rules(np, self.policies, self.statuses)
        # Only the metrics some ticket's tier targets are worth their cycles.
        limits = self.limits()
        tiers_in = np.flatnonzero(np.bincount(tier[live], minlength=len(limits)))
        wanted = (limits[tiers_in] >= 0).any(axis=0)
        cycles = clock_cycles(np, ev, rules, now_us, tuple(wanted.tolist()))
        return self._rows(cycles, live[cycles.ticket], tier, measured, code)

    def _rows(
        self, cycles: Cycles, owner: Ints, tier: Ints, measured: Ints, code: Ints
    ) -> dict[str, Any]:
        """The chunk's rows, in output order.

        The statuses of the targeted metrics' cycles, and a NOT_STARTED row for
        each targeted metric without a cycle (all of them, for a ticket created
        after `now`).
        """
        np, tiers = self.np, self.tiers
        limits = self.limits()
        targeted = limits[tier[owner], cycles.metric] >= 0
        if not targeted.all():
            cycles = _subset(np, cycles, targeted)
            owner = owner[targeted]
        cycle_ticket = owner
        cycle_tier = tier[cycle_ticket]
        target = limits[cycle_tier, cycles.metric]
        warn = np.array(tiers.thresholds, dtype=np.int64).reshape(
            len(tiers.targets), 4, tiers.warnings
        )
        found = cycle_statuses(
            np,
            cycles,
            target=target,
            calendar=np.array(tiers.calendars, dtype=np.int64)[cycle_tier],
            thresholds=warn[cycle_tier, cycles.metric],
            calendars=self.calendars,
        )

        n = len(tier)
        has = np.zeros((n, 4), dtype=bool)
        has[cycle_ticket, cycles.metric] = True
        wanted = np.zeros((n, 4), dtype=bool)
        wanted[measured] = limits[tier[measured]] >= 0
        empty_ticket, empty_metric = np.nonzero(wanted & ~has)

        # Merge the cycles and the empty rows, both in (ticket, metric) order
        # and never of the same pair: each one's place is its rank among its
        # own plus the other's rows before it.
        c, e = len(cycle_ticket), len(empty_ticket)
        cycle_key = cycle_ticket * 4 + cycles.metric
        empty_key = empty_ticket * 4 + empty_metric
        at_c = np.arange(c, dtype=np.int64) + np.searchsorted(empty_key, cycle_key)
        at_e = np.arange(e, dtype=np.int64) + np.searchsorted(cycle_key, empty_key)

        def both(a: Any, b: Any) -> Any:
            if e == 0:
                return a
            out = np.empty(c + e, dtype=a.dtype)
            out[at_c] = a
            out[at_e] = b
            return out

        ticket = both(cycle_ticket, empty_ticket)
        out = {
            "ticket": ticket,
            "tier": both(cycle_tier, tier[empty_ticket]),
            "metric": both(cycles.metric, empty_metric),
            "priority": code[ticket],
            "state": both(found.state, NOT_STARTED),
            "started_at": both(cycles.start_us, 0),
            "started_missing": both(np.zeros(c, dtype=bool), True),  # noqa: FBT003
            "stopped_at": both(cycles.stop_us, 0),
            "stopped_missing": both(~cycles.stopped, True),  # noqa: FBT003
            "target": both(target, limits[tier[empty_ticket], empty_metric]),
            "elapsed": both(found.elapsed, 0),
            "paused_for": both(found.paused_for, 0),
            "wall_elapsed": both(found.wall_elapsed, 0),
            "due_at": both(found.due_at.us, 0),
            "due_missing": both(found.due_at.missing, True),  # noqa: FBT003
            "breached": both(found.breached, False),  # noqa: FBT003
            "breached_at": both(found.breached_at.us, 0),
            "breached_missing": both(found.breached_at.missing, True),  # noqa: FBT003
        }
        for i, w in enumerate(found.warnings):
            out[f"warning_{i + 1}_at"] = both(w.us, 0)
            out[f"warning_{i + 1}_missing"] = both(w.missing, True)  # noqa: FBT003
        return out


def _ranges(np: Any, starts: Ints, counts: Ints) -> Ints:
    """The indices ``starts[i] .. starts[i] + counts[i] - 1`` for every i, in order."""
    heads = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=heads[1:])
    total = int(heads[-1])
    return np.repeat(starts - heads[:-1], counts) + np.arange(total, dtype=np.int64)  # type: ignore[no-any-return]


def _rules(np: Any, policies: Sequence[Policy], statuses: _Vocab) -> Rules:
    names = statuses.names
    held = np.zeros((len(policies), 4, len(names)), dtype=bool)
    for p, policy in enumerate(policies):
        pausing = np.array([name in policy.pause_statuses for name in names])
        for m, metric in enumerate(_METRICS):
            if metric in policy.pauses:
                held[p, m] = pausing
    solved = np.array([name in SOLVED for name in names], dtype=bool)
    return Rules(held=held, solved=solved)


def _subset(np: Any, cycles: Cycles, keep: Any) -> Cycles:
    """The cycles in *keep* and their spans."""
    import attrs  # noqa: PLC0415 - attrs.evolve, here only

    counts = np.diff(cycles.span_lo)
    span_keep = np.repeat(keep, counts)
    lo = np.zeros(int(keep.sum()) + 1, dtype=np.int64)
    np.cumsum(counts[keep], out=lo[1:])
    return attrs.evolve(
        cycles,
        ticket=cycles.ticket[keep],
        metric=cycles.metric[keep],
        start_us=cycles.start_us[keep],
        stop_us=cycles.stop_us[keep],
        stopped=cycles.stopped[keep],
        span_lo=lo,
        span_start=cycles.span_start[span_keep],
        span_end=cycles.span_end[span_keep],
        running=cycles.running[span_keep],
    )


@attrs.frozen(eq=False)
class Coded:
    """A column of strings (or other values) as codes into `names`, an object array.

    A code of -1 is a missing value; codes are as narrow as their names allow.
    """

    codes: Codes
    names: Any

    def values(self, rows: Any = None) -> Any:
        """The values (of `rows` only, if given) as an object array (None: missing)."""
        return decoded(self.codes if rows is None else self.codes[rows], self.names)


def measure_coded(
    np: Any,
    policies: Sequence[Policy],
    events: EventColumns,
    *,
    now_us: int,
    rules: Sequence[PriorityRule] = (),
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """`measure_columns` with its text columns and `met` as `Coded` (for writers)."""
    run = _Run.of(np, policies, events, now_us, rules)
    parts = _joined(np, _parts(run, events, progress), events.n_tickets)
    found = _coded(np, events, run, parts)
    del found["priority_code"]
    return found


def _output(
    np: Any,
    events: EventColumns,
    run: _Run,
    parts: list[dict[str, Any]],
    *,
    codes: bool = False,
    text: bool = True,
) -> dict[str, Any]:
    """Join the chunks into the output columns (and codes, if asked).

    Without `text`, the text columns stay `Coded`.
    """
    found = _coded(np, events, run, parts)
    out = {
        name: column.values() if text and isinstance(column, Coded) else column
        for name, column in found.items()
        if name != "priority_code"
    }
    if codes:
        tiers = run.tiers
        tier_index = np.zeros(len(tiers.targets) + 1, dtype=np.int64)
        for (p, _), t in tiers.index.items():
            if t >= 0:
                tier_index[t] = p
        out["policy_code"] = tier_index[found["policy"].codes]
        out["metric_code"] = found["metric"].codes
        out["priority_code"] = found["priority_code"]
        out["ticket_code"] = found["ticket_id"].codes  # the ticket's row in `events`
    return out


def _joined(
    np: Any, parts: Iterator[dict[str, Any]], total: int
) -> list[dict[str, Any]]:
    """The chunks' rows as one set of arrays (a list of one; none if no rows).

    The arrays are sized from the first chunk's rows per ticket and filled as
    the chunks come, so each chunk's arrays go once copied (no concatenation of
    them all at the end, and half the peak memory).
    """
    out: dict[str, Any] | None = None
    size = 0
    for part in parts:
        k = len(part["ticket"])
        if out is None:
            seen = int(part["ticket"].max()) + 1 if k else 1
            room = max(k, int(k * total / seen * 1.05) + 64)
            out = {key: np.empty(room, dtype=v.dtype) for key, v in part.items()}
        elif size + k > len(out["ticket"]):
            room = max(2 * len(out["ticket"]), size + k)
            grown = {key: np.empty(room, dtype=v.dtype) for key, v in out.items()}
            for key, v in out.items():
                grown[key][:size] = v[:size]
            out = grown
        for key, v in part.items():
            out[key][size : size + k] = v
        size += k
    if out is None:
        return []
    return [{key: v[:size] for key, v in out.items()}]


def _raw_keys(run: _Run) -> list[str]:
    """The columns `_Run.chunk` gives, in order."""
    keys = [
        "ticket",
        "tier",
        "metric",
        "priority",
        "state",
        "started_at",
        "started_missing",
        "stopped_at",
        "stopped_missing",
        "target",
        "elapsed",
        "paused_for",
        "wall_elapsed",
        "due_at",
        "due_missing",
        "breached",
        "breached_at",
        "breached_missing",
    ]
    for i in range(run.tiers.warnings):
        keys += [f"warning_{i + 1}_at", f"warning_{i + 1}_missing"]
    return keys


def _finished(np: Any, run: _Run, raw: dict[str, Any]) -> dict[str, Any]:
    """A chunk's raw rows as output columns (still coded where text).

    Done chunk by chunk, while the chunk's arrays are in cache: cycle numbers
    and `ever_breached` are runs of equal (ticket, metric), which a chunk of
    whole tickets holds whole; instants get their NaT in place.
    """
    ticket, metric = raw["ticket"], raw["metric"]
    rows = len(ticket)
    head = np.ones(rows, dtype=bool)
    if rows:
        head[1:] = (ticket[1:] != ticket[:-1]) | (metric[1:] != metric[:-1])
    run_start = run_starts(np, head)
    breached = raw["breached"].astype(bool)
    hits = running_count(np, breached)
    ever = hits > (hits - breached)[run_start]

    def instants(name: str) -> Any:
        values = raw[name].view("datetime64[us]")  # the chunk's own array
        values[raw[name.removesuffix("_at") + "_missing"]] = np.datetime64("NaT")
        return values

    def duration(values: Any) -> Any:
        return values.view("timedelta64[us]")

    # Codes in the narrowest type that holds them: a million tickets give
    # seven million rows, so each byte a row spares is 7 MB not written.
    state = raw["state"].astype(np.int8)
    priority = raw["priority"].astype(np.int32)
    out: dict[str, Any] = {
        "ticket": ticket,
        "tier": raw["tier"].astype(np.int32),
        "metric": metric.astype(np.int8),
        "cycle": np.arange(rows, dtype=np.int64) - run_start,
        "priority": np.where(priority < 0, len(run.priorities.names), priority),
        "priority_code": priority,
        "state": state,
        "started_at": instants("started_at"),
        "stopped_at": instants("stopped_at"),
        "target": duration(raw["target"]),
        "elapsed": duration(raw["elapsed"]),
        "remaining": duration(raw["target"] - raw["elapsed"]),
        "paused_for": duration(raw["paused_for"]),
        "wall_elapsed": duration(raw["wall_elapsed"]),
        "due_at": instants("due_at"),
        "breached": breached,
        "ever_breached": ever,
        "breached_at": instants("breached_at"),
        "met": np.where(state == STOPPED, ~breached, -1).astype(np.int8),
    }
    for i in range(run.tiers.warnings):
        out[f"warning_{i + 1}"] = instants(f"warning_{i + 1}_at")
    return out


def _empty(np: Any, run: _Run) -> dict[str, Any]:
    """No rows, as `_finished` columns."""
    raw = {
        key: np.zeros(0, dtype=bool if key.endswith("_missing") else np.int64)
        for key in _raw_keys(run)
    }
    raw["breached"] = np.zeros(0, dtype=bool)
    return _finished(np, run, raw)


def _coded(
    np: Any,
    events: EventColumns,
    run: _Run,
    parts: list[dict[str, Any]],
) -> dict[str, Any]:
    """The finished chunks as output columns, text columns and `met` coded."""
    tiers = run.tiers
    if len(parts) == 1:
        cols = parts[0]  # each chunk's arrays are its own
    elif parts:
        cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    else:
        cols = _empty(np, run)
    tier_policy = np.empty(len(tiers.targets), dtype=object)
    for (p, _), t in tiers.index.items():
        if t >= 0:
            tier_policy[t] = tiers.policies[p].name
    names = [m.value for m in _METRICS]
    out: dict[str, Any] = {
        "ticket_id": Coded(cols["ticket"], events.ticket_id),
        "policy": Coded(cols["tier"], tier_policy),
        "metric": Coded(cols["metric"], np.array(names, dtype=object)),
        "cycle": cols["cycle"],
        "priority": Coded(
            cols["priority"], np.array([*run.priorities.names, ""], dtype=object)
        ),
        "priority_code": cols["priority_code"],
        "state": Coded(cols["state"], np.array(_STATES, dtype=object)),
    }
    for name in _AS_THEY_ARE:
        out[name] = cols[name]
    out["met"] = Coded(cols["met"], np.array([False, True], dtype=object))
    for i in range(tiers.warnings):
        out[f"warning_{i + 1}"] = cols[f"warning_{i + 1}"]
    return out


#: The output columns written as the engine made them (between state and met).
_AS_THEY_ARE: Final = COLUMNS[COLUMNS.index("state") + 1 : COLUMNS.index("met")]
