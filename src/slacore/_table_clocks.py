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


def owners(np: Any, offsets: Ints, total: int) -> Ints:
    """Each of *total* rows' group, groups being ``offsets[i]:offsets[i + 1]``.

    ``np.repeat(np.arange(n), np.diff(offsets))``, three times quicker.
    """
    starts = np.bincount(offsets[1:-1], minlength=total)[:total]
    return np.cumsum(starts, dtype=np.int64)  # type: ignore[no-any-return]


def running_count(np: Any, mask: Mask) -> Ints:
    """Each row's number of set rows of *mask* up to it (itself included), int64.

    ``np.cumsum(mask, dtype=np.int64)``, twice as quick: numpy sums booleans
    into int32 without its buffered cast, and the widening after is cheap.
    """
    if len(mask) < 2**31:
        return np.cumsum(mask, dtype=np.int32).astype(np.int64)  # type: ignore[no-any-return]
    return np.cumsum(mask, dtype=np.int64)  # type: ignore[no-any-return]  # pragma: no cover


def run_starts(np: Any, head: Mask) -> Ints:
    """Each row's run's first row, runs starting where *head* is set (row 0 is)."""
    return np.flatnonzero(head)[running_count(np, head) - 1]  # type: ignore[no-any-return]


def _status_after(
    np: Any, s_tk_: Ints, s_status: Ints, last: Ints, owner: Ints
) -> Ints:
    """The status after each event, else "new".

    *last*: the status event in force (an index into the status events, whose
    tickets are *s_tk_*; -1 for none), if it is of the event's ticket, *owner*.
    """
    return np.where(s_tk_[last] == owner, s_status[last], NEW)  # type: ignore[no-any-return]


def _take(np: Any, values: Ints, index: Ints, ok: Mask) -> Ints:
    """``values[index]`` where *ok*, else 0."""
    out = np.zeros(len(index), dtype=np.int64)
    out[ok] = values[index[ok]]
    return out  # type: ignore[no-any-return]


def _waiting_starts(  # noqa: PLR0917 - internal
    np: Any, ev: Events, is_reply: Mask, solved_after: Mask, key: Ints, first_of: Ints
) -> Ints:
    """Where next-response cycles start.

    In each segment, the first customer message after some agent reply of the
    ticket, while not solved.
    """
    count = running_count(np, is_reply)
    replied = count - (count - is_reply)[first_of] > 0 if len(count) else is_reply
    waiting = ev.kind == CUSTOMER_MESSAGE
    candidates = np.flatnonzero(waiting & replied & ~solved_after)
    if len(candidates):
        fresh = np.ones(len(candidates), dtype=bool)
        fresh[1:] = key[candidates[1:]] != key[candidates[:-1]]
        candidates = candidates[fresh]
    return candidates  # type: ignore[no-any-return]


def _next_stop(
    np: Any, stops: Ints, cum_stop: Ints, after: Ints, end: Ints
) -> tuple[Ints, Mask]:
    """The first stop event index > *after* and < *end*, and whether there is one.

    *cum_stop* counts the stop events up to each event, so the first stop after
    an event is ``stops[cum_stop[event]]`` (``stops[0]`` before the first event).
    """
    j = np.zeros(len(after), dtype=np.int64)
    some = after >= 0
    j[some] = cum_stop[after[some]]
    found = np.full(len(after), -1, dtype=np.int64)
    ok = j < len(stops)
    found[ok] = stops[j[ok]]
    ok &= found < end
    return found, ok


def clock_cycles(
    np: Any,
    ev: Events,
    rules: Rules,
    now_us: int,
    metrics: tuple[bool, ...] = (True, True, True, True),
) -> Cycles:
    """Every clock cycle of every ticket in *ev*, with its spans.

    *metrics* says which metrics (in `Metric` order) to find cycles of.
    """
    n = len(ev.created_us)
    m = len(ev.at_us)
    counts = np.diff(ev.offsets)
    tk = owners(np, ev.offsets, m)

    is_status = ev.kind == STATUS
    # The status events, each with its ticket and the status it sets, then the
    # status before it (its ticket's previous status event's, else "new").
    s_idx = np.flatnonzero(is_status)
    s_tk_ = np.append(tk[s_idx], -1)  # the last entry for "none before"
    s_status = np.append(ev.status[s_idx], NEW)
    s_tk, s_after = s_tk_[:-1], s_status[:-1]
    s_before = np.full(len(s_idx), NEW, dtype=np.int64)
    if len(s_idx):
        same = s_tk[1:] == s_tk[:-1]
        s_before[1:][same] = s_after[:-1][same]
    s_solved_before = rules.solved[s_before]
    solve_at = s_idx[rules.solved[s_after] & ~s_solved_before]
    is_reply = ev.kind == AGENT_REPLY
    stop_ev = is_reply.copy()
    stop_ev[solve_at] = True
    stops = np.flatnonzero(stop_ev)
    cum_stop = running_count(np, stop_ev)

    parts = _Parts(np)
    tickets = np.arange(n, dtype=np.int64)
    created_seq = np.full(n, -1, dtype=np.int64)
    pol_t = ev.policy
    held = rules.held
    # Each status's held flags under each policy, a bit per metric (bit 4:
    # solved), looked up once per status event.
    n_status = held.shape[2]
    weights = np.array([1, 2, 4, 8], dtype=np.int64).reshape(1, 4, 1)
    bits = (held * weights).sum(axis=1) | (rules.solved.astype(np.int64) << 4)
    s_pol = pol_t[s_tk] * n_status
    bits_after = bits.ravel()[s_pol + s_after]
    bits_before = bits.ravel()[s_pol + s_before]

    def change_points(metric: int) -> Ints:
        """The status events where the clock's held flag changes."""
        if metric == 3:  # resolution: held while solved too
            mask = (1 << 3) | (1 << 4)
            change = ((bits_after & mask) > 0) != ((bits_before & mask) > 0)
        else:
            change = ((bits_after ^ bits_before) >> metric) & 1 > 0
        return s_idx[change]  # type: ignore[no-any-return]

    # first response: creation to the first stop event.
    if metrics[0]:
        after = ev.offsets[:-1] - 1
        first_stop, has_stop = _next_stop(np, stops, cum_stop, after, ev.offsets[1:])
        stop_at = _take(np, ev.at_us, first_stop, has_stop)
        ids = parts.add(
            0,
            tickets,
            (ev.created_us, created_seq),
            (stop_at, first_stop, has_stop),
            held[pol_t, 0, NEW],
        )
        points = change_points(0)
        # Before the first stop event of its ticket (and not one itself).
        first_cum = (cum_stop - stop_ev)[ev.offsets[:-1][tk[points]]]
        points = points[~stop_ev[points] & (cum_stop[points] == first_cum)]
        parts.point(ids[tk[points]], points, ev.at_us[points])

    # next response and periodic update: cycles within segments, which need
    # each event's status after it (counted, not searched: numpy's running
    # maximum is slow).
    if metrics[1] or metrics[2]:
        last = running_count(np, is_status) - 1
        st_after = _status_after(np, s_tk_, s_status, last, tk)
        solved_after = rules.solved[st_after]
        key = cum_stop + tk  # one value per (ticket, segment)
        first_of = ev.offsets[:-1][tk]
        end_of = ev.offsets[1:][tk]
        pol = ev.policy[tk]
    for metric in (1, 2):
        if not metrics[metric]:
            continue
        if metric == 1:
            starts = _waiting_starts(np, ev, is_reply, solved_after, key, first_of)
        else:
            starts = np.flatnonzero(is_reply & ~solved_after)
        stop_idx, stopped = _next_stop(np, stops, cum_stop, starts, end_of[starts])
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
        points = change_points(metric)
        points = points[~stop_ev[points]]
        inside = (cycle_of_key[key[points]] >= 0) & (start_of_key[key[points]] < points)
        points = points[inside]
        parts.point(cycle_of_key[key[points]], points, ev.at_us[points])

    if not metrics[3]:
        return _assemble(np, parts, now_us)
    # resolution: creation to the last solve, if still solved at `now`.
    solves = solve_at
    # The status at `now`: its ticket's last status event's, else "new".
    final = np.full(n, NEW, dtype=np.int64)
    has_events = counts > 0
    ends = ev.offsets[1:][has_events] - 1
    j = np.searchsorted(s_idx, ends, side="right") - 1
    final[has_events] = _status_after(np, s_tk_, s_status, j, tk[ends])
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
    points = change_points(3)
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
    groups = [g for g in parts.cycles if len(g[0])]
    c = sum(len(g[0]) for g in groups)
    n = max((int(g[0][-1]) for g in groups), default=-1) + 1  # tickets ascend
    # Each cycle's rank: the cycles of earlier (ticket, metric) pairs, then the
    # earlier cycles of its own pair (its metric's cycles are in order).
    per_pair = np.zeros((n, 4), dtype=np.int64)
    group_counts = []
    for group in groups:
        counts = np.bincount(group[0], minlength=n)
        per_pair[:, int(group[1][0])] += counts
        group_counts.append(counts)
    flat = per_pair.ravel()
    pair_lo = np.cumsum(flat) - flat
    ticket = np.empty(c, dtype=np.int64)
    metric = np.empty(c, dtype=np.int64)
    start_us = np.empty(c, dtype=np.int64)
    stop_us = np.empty(c, dtype=np.int64)
    stopped = np.empty(c, dtype=bool)
    ranks = []
    for group, counts in zip(groups, group_counts, strict=True):
        tk, m = group[0], int(group[1][0])
        first = np.cumsum(counts) - counts  # each ticket's first cycle in the group
        within = np.arange(len(tk), dtype=np.int64) - first[tk]
        rank_g = pair_lo[tk * 4 + m] + within
        ticket[rank_g] = tk
        metric[rank_g] = m
        start_us[rank_g] = group[2]
        stop_us[rank_g] = group[4]
        stopped[rank_g] = group[6]
        ranks.append(rank_g)
    rank = np.concatenate(ranks) if ranks else np.zeros(0, dtype=np.int64)

    # Each cycle's points, in order: their count, then each point's place.
    if not parts.points:
        parts.point(*(np.zeros(0, dtype=np.int64),) * 3)
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
            run_lo = run_starts(np, head)
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
    span_start[span_lo[:-1]] = start_us  # in output order from here
    span_end[span_lo[1:] - 1] = np.where(stopped, stop_us, now_us)
    at = span_lo[p_rank] + p_within
    span_end[at] = p_us
    span_start[at + 1] = p_us
    # A clock starts running: its spans alternate running, paused, running...
    # (the span after a cycle's point j is its span j + 1).
    running = np.ones(total, dtype=bool)
    running[at + 1] = (p_within & 1) == 1

    return Cycles(
        ticket=ticket,
        metric=metric,
        start_us=start_us,
        stop_us=stop_us,
        stopped=stopped,
        span_lo=span_lo,
        span_start=span_start,
        span_end=span_end,
        running=running,
    )
