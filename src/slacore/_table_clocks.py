# From a chunk of tickets' events to every clock cycle's running and paused spans,
# for all tickets at once: the rules of `_policy._logs` stated over columns.
#
# The rules, as `_logs` applies them event by event (design.md, "two executions"):
#
# - The status starts as "new"; a status event sets it. A *solve* is a status event
#   into {"solved", "closed"} from a status outside it. A *stop event* is an agent
#   reply or a solve. Stop events cut a ticket's events into segments.
# - first response: one cycle, from creation to the first stop event.
# - next response: in each segment, the first customer message after some agent
#   reply, while not solved, starts a cycle that runs to the next stop event.
# - periodic update: each agent reply while not solved starts a cycle that runs to
#   the next stop event.
# - resolution: one cycle from creation, held while solved, stopped at the last
#   solve if the ticket is still solved at `now`.
# - A clock is *held* (paused) while the status is one of the policy's pause
#   statuses and the policy's pauses name the clock; resolution also while solved.
#   Spans change kind exactly where that flag changes inside a cycle.

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ._event_columns import AGENT_REPLY, CUSTOMER_MESSAGE, STATUS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Mask = npt.NDArray[np.bool_]

#: The status code of "new", every ticket's status before its first status event.
NEW = 0


@attrs.frozen(eq=False)
class Events:
    """One chunk's tickets and their events up to `now` (all measured, all live).

    Attributes:
        offsets: int64 (n + 1): ticket ``i``'s events are ``offsets[i]:offsets[i+1]``.
        created_us: int64 (n): creation instants.
        policy: int64 (n): each ticket's policy (an index into the policies).
        at_us: int64 (m): event instants, sorted within each ticket.
        kind: int8 (m): event kinds (`_event_columns.KINDS` codes).
        status: int64 (m): for status events, the new status's code; else 0.
    """

    offsets: Ints
    created_us: Ints
    policy: Ints
    at_us: Ints
    kind: npt.NDArray[np.int8]
    status: Ints


@attrs.frozen(eq=False)
class Rules:
    """What a policy says about pauses, as lookup tables by code.

    Attributes:
        held: bool (n_policies, 4, n_statuses): whether a status holds each clock
            (in `Metric` order) under each policy.
        solved: bool (n_statuses): whether a status is a solved one.
    """

    held: npt.NDArray[np.bool_]
    solved: Mask


@attrs.frozen(eq=False)
class Cycles:
    """Every cycle of a chunk, in output order (ticket, metric, start), and spans.

    Attributes:
        ticket: int64 (c): each cycle's ticket (index in the chunk).
        metric: int64 (c): its metric (index in `Metric`).
        start_us: int64 (c): when it started.
        stop_us: int64 (c): when it stopped (valid where `stopped`).
        stopped: bool (c): whether it stopped by `now`.
        span_lo: int64 (c + 1): cycle ``j``'s spans are ``span_lo[j]:span_lo[j+1]``.
        span_start: int64 (s): each span's start.
        span_end: int64 (s): each span's end (`now` for the open last one).
        running: bool (s): running (True) or paused (False).
    """

    ticket: Ints
    metric: Ints
    start_us: Ints
    stop_us: Ints
    stopped: Mask
    span_lo: Ints
    span_start: Ints
    span_end: Ints
    running: Mask


class _Parts:
    """Cycles and their flag change points gathered clock by clock."""

    def __init__(self, np: Any) -> None:
        self.np = np
        self.cycles: list[tuple[Any, ...]] = []
        self.points: list[tuple[Ints, Ints, Ints]] = []
        self.count = 0

    def add(
        self,
        metric: int,
        ticket: Ints,
        start: tuple[Ints, Ints],
        stop: tuple[Ints, Ints, Mask],
        held0: Mask,
    ) -> Ints:
        """Add cycles; returns their ids.

        A cycle that starts held still begins with an empty running span, as a
        clock started and paused at once does (`_timer._reached` of nothing is
        the start).
        """
        np = self.np
        ids = np.arange(self.count, self.count + len(ticket), dtype=np.int64)
        self.count += len(ticket)
        start_us, start_seq = start
        self.point(ids[held0], start_seq[held0], start_us[held0])
        held0 = np.zeros(len(ticket), dtype=bool)
        stop_us, stop_seq, stopped = stop
        metric_col = np.full(len(ticket), metric, dtype=np.int64)
        self.cycles.append(
            (ticket, metric_col, start_us, start_seq, stop_us, stop_seq, stopped, held0)
        )
        return ids  # type: ignore[no-any-return]

    def point(self, cycle: Ints, seq: Ints, us: Ints) -> None:
        """Flag change points inside cycles."""
        self.points.append((cycle, seq, us))


def _take(np: Any, values: Ints, index: Ints, ok: Mask) -> Ints:
    """``values[index]`` where *ok*, else 0."""
    out = np.zeros(len(index), dtype=np.int64)
    out[ok] = values[index[ok]]
    return out  # type: ignore[no-any-return]


def _next_stop(np: Any, stops: Ints, after: Ints, end: Ints) -> tuple[Ints, Mask]:
    """The first stop event index > *after* and < *end*, and whether there is one."""
    j = np.searchsorted(stops, after, side="right")
    found = np.full(len(after), -1, dtype=np.int64)
    ok = j < len(stops)
    found[ok] = stops[j[ok]]
    ok &= found < end
    return found, ok


def clock_cycles(np: Any, ev: Events, rules: Rules, now_us: int) -> Cycles:
    """Every clock cycle of every ticket in *ev*, with its spans."""
    n = len(ev.created_us)
    m = len(ev.at_us)
    idx = np.arange(m, dtype=np.int64)
    counts = np.diff(ev.offsets)
    tk = np.repeat(np.arange(n, dtype=np.int64), counts)
    first_of = ev.offsets[:-1][tk]
    end_of = ev.offsets[1:][tk]
    pol = ev.policy[tk]

    is_status = ev.kind == STATUS
    last = np.maximum.accumulate(np.where(is_status, idx, -1)) if m else idx
    st_after = np.where(last >= first_of, ev.status[np.maximum(last, 0)], NEW)
    st_before = np.empty_like(st_after)
    if m:
        st_before[1:] = st_after[:-1]
        st_before[idx == first_of] = NEW
    solved_after = rules.solved[st_after]
    solve = is_status & solved_after & ~rules.solved[st_before]
    is_reply = ev.kind == AGENT_REPLY
    stop_ev = is_reply | solve
    stops = np.flatnonzero(stop_ev)
    cum_stop = np.cumsum(stop_ev)
    key = cum_stop + tk  # one value per (ticket, segment)
    in_first = cum_stop - (cum_stop - stop_ev)[first_of] == 0 if m else stop_ev

    parts = _Parts(np)
    tickets = np.arange(n, dtype=np.int64)
    created_seq = np.full(n, -1, dtype=np.int64)
    pol_t = ev.policy
    held = rules.held

    def change_points(metric: int, extra: Mask | None = None) -> Mask:
        """Status events where the clock's held flag changes."""
        h_after = held[pol, metric, st_after]
        h_before = held[pol, metric, st_before]
        if extra is not None:  # resolution: held while solved too
            h_after = h_after | extra
            h_before = h_before | rules.solved[st_before]
        return is_status & (h_after != h_before)  # type: ignore[no-any-return]

    # first response: creation to the first stop event.
    first_stop, has_stop = _next_stop(np, stops, ev.offsets[:-1] - 1, ev.offsets[1:])
    stop_at = _take(np, ev.at_us, first_stop, has_stop)
    ids = parts.add(
        0,
        tickets,
        (ev.created_us, created_seq),
        (stop_at, first_stop, has_stop),
        held[pol_t, 0, NEW],
    )
    points = np.flatnonzero(change_points(0) & ~stop_ev & in_first)
    parts.point(ids[tk[points]], points, ev.at_us[points])

    # next response and periodic update: cycles within segments.
    replied = np.cumsum(is_reply)
    replied = replied - (replied - is_reply)[first_of] > 0 if m else is_reply
    waiting = ev.kind == CUSTOMER_MESSAGE
    candidates = np.flatnonzero(waiting & replied & ~solved_after)
    if len(candidates):
        fresh = np.ones(len(candidates), dtype=bool)
        fresh[1:] = key[candidates[1:]] != key[candidates[:-1]]
        candidates = candidates[fresh]
    for metric, starts in (
        (1, candidates),
        (2, np.flatnonzero(is_reply & ~solved_after)),
    ):
        stop_idx, stopped = _next_stop(np, stops, starts, end_of[starts])
        stop_at = _take(np, ev.at_us, stop_idx, stopped)
        ids = parts.add(
            metric,
            tk[starts],
            (ev.at_us[starts], starts),
            (stop_at, stop_idx, stopped),
            held[pol[starts], metric, st_after[starts]],
        )
        cycle_of_key = np.full(m + n + 1, -1, dtype=np.int64)
        start_of_key = np.full(m + n + 1, m, dtype=np.int64)
        cycle_of_key[key[starts]] = ids
        start_of_key[key[starts]] = starts
        points = np.flatnonzero(change_points(metric) & ~stop_ev)
        inside = (cycle_of_key[key[points]] >= 0) & (start_of_key[key[points]] < points)
        points = points[inside]
        parts.point(cycle_of_key[key[points]], points, ev.at_us[points])

    # resolution: creation to the last solve, if still solved at `now`.
    solves = np.flatnonzero(solve)
    final = np.full(n, NEW, dtype=np.int64)
    has_events = counts > 0
    final[has_events] = st_after[ev.offsets[1:][has_events] - 1]
    stopped = rules.solved[final]
    # Still solved at `now`: a solve lies in the ticket, and the last one counts.
    last_solve = np.full(n, m, dtype=np.int64)
    j = np.searchsorted(solves, ev.offsets[1:][stopped], side="left") - 1
    last_solve[stopped] = solves[j]
    stop_at = _take(np, ev.at_us, last_solve, stopped)
    ids = parts.add(
        3,
        tickets,
        (ev.created_us, created_seq),
        (stop_at, last_solve, stopped),
        held[pol_t, 3, NEW] | rules.solved[NEW],
    )
    points = np.flatnonzero(change_points(3, solved_after))
    points = points[points < last_solve[tk[points]]]
    parts.point(ids[tk[points]], points, ev.at_us[points])

    return _assemble(np, parts, now_us)


def _assemble(np: Any, parts: _Parts, now_us: int) -> Cycles:
    """Order the cycles for output and cut each into spans at its change points.

    No sorting: each metric's cycles come in ticket order (by start within a
    ticket), and each call of `_Parts.point` gives its points grouped by cycle,
    cycles in increasing order, points in event order, a cycle's held-at-start
    point (at its start) before its other points. So a cycle's place in the
    output is counted from the number of cycles per (ticket, metric), and each
    point's place among its cycle's from the points before it.
    """
    cols = [np.concatenate(col) for col in zip(*parts.cycles, strict=True)]
    ticket, metric, start_us, _, stop_us, _, stopped, _ = cols
    c = len(ticket)
    n = int(ticket.max()) + 1 if c else 0
    # Each cycle's rank: the cycles of earlier (ticket, metric) pairs, then the
    # earlier cycles of its own pair (its metric's cycles are in order).
    per_pair = np.zeros((n, 4), dtype=np.int64)
    group_lo = 0
    within = np.empty(c, dtype=np.int64)
    for group in parts.cycles:
        k = len(group[0])
        m = int(group[1][0]) if k else 0
        counts = np.bincount(group[0], minlength=n)
        per_pair[:, m] += counts
        first = np.cumsum(counts) - counts  # each ticket's first cycle in the group
        within[group_lo : group_lo + k] = np.arange(k) - first[group[0]]
        group_lo += k
    flat = per_pair.ravel()
    pair_lo = np.cumsum(flat) - flat
    rank = pair_lo[ticket * 4 + metric] + within

    # Each cycle's points, in order: their count, then each point's place.
    p_cycle = np.concatenate([p[0] for p in parts.points])
    p_us = np.concatenate([p[2] for p in parts.points])
    n_points = np.zeros(c, dtype=np.int64)
    p_within = np.empty(len(p_cycle), dtype=np.int64)
    lo = 0
    for cycle, _, _ in parts.points:
        k = len(cycle)
        if k:
            head = np.ones(k, dtype=bool)
            head[1:] = cycle[1:] != cycle[:-1]
            run_lo = np.maximum.accumulate(np.where(head, np.arange(k), 0))
            p_within[lo : lo + k] = n_points[cycle] + np.arange(k) - run_lo
            n_points += np.bincount(cycle, minlength=c)
        lo += k
    p_rank = rank[p_cycle]

    # Spans: a cycle's start, its points, its end, in output order.
    spans_of = np.empty(c, dtype=np.int64)
    spans_of[rank] = n_points + 1
    span_lo = np.zeros(c + 1, dtype=np.int64)
    np.cumsum(spans_of, out=span_lo[1:])
    total = int(span_lo[-1])
    span_start = np.empty(total, dtype=np.int64)
    span_end = np.empty(total, dtype=np.int64)
    first_span = span_lo[:-1][rank]
    span_start[first_span] = start_us
    span_end[span_lo[1:][rank] - 1] = np.where(stopped, stop_us, now_us)
    at = span_lo[p_rank] + p_within
    span_end[at] = p_us
    span_start[at + 1] = p_us
    # A clock starts running: its spans alternate running, paused, running...
    span_cycle = np.repeat(np.arange(c, dtype=np.int64), spans_of)
    running = (np.arange(total, dtype=np.int64) - span_lo[span_cycle]) % 2 == 0

    def ordered(values: Any) -> Any:
        out = np.empty_like(values)
        out[rank] = values
        return out

    return Cycles(
        ticket=ordered(ticket),
        metric=ordered(metric),
        start_us=ordered(start_us),
        stop_us=ordered(stop_us),
        stopped=ordered(stopped),
        span_lo=span_lo,
        span_start=span_start,
        span_end=span_end,
        running=running,
    )
