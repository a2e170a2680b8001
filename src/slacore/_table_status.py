# From cycles' spans to what each cycle shows at `now`: the rules of
# `Timer._status` stated over columns (elapsed business time, pauses, state,
# breach, due time and warnings), with each calendar's open time as numpy arrays.

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ._table_calendar import JointTable, SpanTable
from ._table_clocks import owners

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ._engine import Engine
    from ._table_clocks import Cycles

    Ints = npt.NDArray[np.int64]
    Mask = npt.NDArray[np.bool_]

#: State codes of the output (`TimerState` order).
NOT_STARTED, RUNNING, PAUSED, STOPPED = 0, 1, 2, 3


@attrs.frozen(eq=False)
class Instants:
    """A column of instants (µs) with a mask of missing ones."""

    us: Ints
    missing: Mask


@attrs.frozen(eq=False)
class Statuses:
    """Each cycle's status at `now`, as columns (one row per cycle)."""

    state: Ints
    elapsed: Ints
    paused_for: Ints
    wall_elapsed: Ints
    breached: Mask
    breached_at: Instants
    due_at: Instants
    warnings: tuple[Instants, ...]


class Calendars:
    """The calendars' open time as one `JointTable`, built once per run.

    Calendars are indices into `engines` (a list that may grow between chunks:
    the table is rebuilt for new ones).
    """

    def __init__(self, np: Any, engines: list[Engine], lo: int, now_us: int) -> None:
        self.np = np
        self.engines = engines
        self.lo = lo
        self.now_us = now_us
        self._tables: list[SpanTable] = []
        self._joint: JointTable | None = None

    def joint(self) -> JointTable:
        """One table of every calendar, from the earliest instant to past `now`."""
        if self._joint is None or len(self._tables) < len(self.engines):
            for engine in self.engines[len(self._tables) :]:
                table = SpanTable.covering(self.np, engine, self.lo, self.now_us)
                self._tables.append(table)
            self._joint = JointTable(self.np, self._tables)
        return self._joint

    def positions(self, calendar: Ints, us: Ints) -> Ints:
        """Each instant's open-time position by its row's calendar."""
        return self.joint().position(calendar, us)

    def add(self, calendar: Ints, us: Ints, amount: Ints) -> Instants:
        """``add_us_or_none`` row by row, by each row's calendar (amounts > 0)."""
        return Instants(*self.joint().add(calendar, us, amount))


def cycle_statuses(
    np: Any,
    cycles: Cycles,
    *,
    target: Ints,
    calendar: Ints,
    thresholds: Ints,
    calendars: Calendars,
) -> Statuses:
    """Every cycle's status at `now`.

    Per cycle: its *target*, its *calendar* (an index into *calendars*) and its
    warning *thresholds* (a row per cycle, -1 where a policy has fewer).
    """
    now_us = calendars.now_us
    c = len(cycles.ticket)
    lo = cycles.span_lo
    span_cycle = owners(np, lo, len(cycles.span_start))
    span_cal = calendar[span_cycle]
    start, end, running = cycles.span_start, cycles.span_end, cycles.running
    # A span ends where the next one of its cycle starts: the positions of the
    # starts, and of each cycle's last end, are all the positions needed.
    at_start = calendars.positions(span_cal, start)
    at_end = np.empty_like(at_start)
    at_end[:-1] = at_start[1:]
    if c:
        last = lo[1:] - 1
        at_end[last] = calendars.positions(calendar, end[last])
    business = at_end - at_start
    run_business = np.where(running, business, 0)
    heads = lo[:-1]

    def per_cycle(values: Ints) -> Ints:
        if c == 0:
            return np.zeros(0, dtype=np.int64)  # type: ignore[no-any-return]
        return np.add.reduceat(values, heads)  # type: ignore[no-any-return]

    elapsed = per_cycle(run_business)
    wall = per_cycle(np.where(running, end - start, 0))
    paused_for = per_cycle(np.where(running, 0, business))
    last_running = running[lo[1:] - 1] if c else np.zeros(0, dtype=bool)
    state = np.where(
        cycles.stopped, STOPPED, np.where(last_running, RUNNING, PAUSED)
    ).astype(np.int64)
    breached = elapsed > target

    cum = np.cumsum(run_business)
    before_cycle = (cum - run_business)[heads] if c else cum
    cum_in = cum - before_cycle[span_cycle] if c else cum

    def reached(which: Mask, amount: Ints) -> Instants:
        """When each cycle in *which* reached *amount* of running business time.

        As `_timer._reached`; every cycle in *which* holds at least that much.
        """
        out = Instants(np.zeros(c, dtype=np.int64), np.ones(c, dtype=bool))
        if not which.any():
            return out
        hit = running & which[span_cycle] & (cum_in >= amount[span_cycle])
        spans = np.flatnonzero(hit)
        hit_cycle = span_cycle[spans]  # ascending: the first hit of each cycle
        first = np.ones(len(spans), dtype=bool)
        first[1:] = hit_cycle[1:] != hit_cycle[:-1]
        spans, whose = spans[first], hit_cycle[first]
        left = amount[whose] - (cum_in[spans] - run_business[spans])
        at = start[spans].copy()
        missing = np.zeros(len(spans), dtype=bool)
        more = left > 0
        if more.any():
            found = calendars.add(calendar[whose[more]], at[more], left[more])
            at[more], missing[more] = found.us, found.missing
        out.us[whose] = at
        out.missing[whose] = missing
        return out

    breached_at = reached(breached, target)
    due = Instants(np.zeros(c, dtype=np.int64), np.ones(c, dtype=bool))
    live = (state == RUNNING) & ~breached
    left = target - elapsed
    ahead = live & (left > 0)
    if ahead.any():
        found = calendars.add(
            calendar[ahead],
            np.full(int(ahead.sum()), now_us, dtype=np.int64),
            left[ahead],
        )
        due.us[ahead], due.missing[ahead] = found.us, found.missing
    on_time = live & (left == 0)
    if on_time.any():
        found = reached(on_time, target)
        due.us[on_time], due.missing[on_time] = (
            found.us[on_time],
            found.missing[on_time],
        )
    warnings = tuple(
        reached((column >= 0) & (column <= elapsed), column) for column in thresholds.T
    )
    return Statuses(
        state=state,
        elapsed=elapsed,
        paused_for=paused_for,
        wall_elapsed=wall,
        breached=breached,
        breached_at=breached_at,
        due_at=due,
        warnings=warnings,
    )
