from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Final, Literal

from ._intervals import intersect, merge
from ._time import MAX_US, MIN_US, format_us
from .exceptions import CalendarError, NeverOpenError

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

    from ._intervals import Span

# Open time is compiled lazily in chunks of 2**45 microseconds (about 407 days) of
# UTC time. Chunks tile time exactly, so a chunk is found with a shift, and each
# chunk's spans are clipped to it; a span that crosses a boundary is split in two.
SHIFT: Final = 45
CHUNK_US: Final = 1 << SHIFT
# How many whole chunks (past every dated closure, opening, shift or holiday) may be
# empty, or fully open, before a search concludes it will stay so forever.
PATIENCE: Final = 3


def chunk_range(k: int) -> tuple[int, int]:
    """The ``[start, end)`` microseconds of chunk *k*."""
    return k << SHIFT, (k + 1) << SHIFT


class Chunk:
    """The open spans of one chunk, with cumulative open time for bisection."""

    __slots__ = ("cum_end", "cum_start", "ends", "full", "starts", "total")

    def __init__(self, spans: list[Span], k: int) -> None:
        lo, hi = chunk_range(k)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.cum_end = list(accumulate(e - s for s, e in spans))
        self.cum_start = [
            c - (e - s) for c, (s, e) in zip(self.cum_end, spans, strict=True)
        ]
        self.total = self.cum_end[-1] if spans else 0
        self.full = len(spans) == 1 and spans[0] == (lo, hi)

    def spans(self) -> list[Span]:
        """The chunk's open spans, in order."""
        return list(zip(self.starts, self.ends, strict=True))

    def reach(self, amount: int) -> int:
        """The earliest instant with *amount* (0 < amount <= total) open before it."""
        cum_end = self.cum_end
        j = bisect_left(cum_end, amount)
        return self.ends[j] - (cum_end[j] - amount)

    def position(self, us: int) -> int:
        """Open time in this chunk before instant *us*."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum_end[i] - (end - us if us < end else 0)


class Engine:
    """The compiled open time of one calendar, and every query on it.

    The package-internal interface of calendars: `BusinessCalendar` and
    `ComposedCalendar` answer their public queries through it, and timers, measures
    and the batch path call it directly. Instants and durations are integer
    microseconds since 1970-01-01T00:00Z (`_time.to_us`, `_time.duration_us`); spans
    are half-open ``(start, end)`` pairs.

    A calendar builds its engine on its first query (`engine_for` shares one per
    process among equal calendars) and never pickles it: a calendar travels as its
    definition and compiles again where it lands. Open time is compiled per chunk
    (`SHIFT`), on demand, and kept.

    The interface:

    * `between_us`, `position_span`: open time between two instants;
    * `add_us`, `add_us_or_none`, `subtract_us`: the instant a given open time
      after (or before) another;
    * `is_open_us`, `next_open_us`, `next_close_us`: open or not, and when that
      changes;
    * `spans`, `chunk_spans`: the merged open spans of a range (for measures and
      for the numpy batch path);
    * `chunk`, `bounds`, `combine`: the compiled chunks themselves, where dated
      exceptions end, and the engine of a union or intersection.

    Attributes:
        bounds: ``(lo, hi)``: outside ``[lo, hi)`` the calendar only repeats its
            weekly and yearly pattern, with no dated exceptions left.
        chunks: The chunks compiled so far, by chunk number (for a hot path that
            inlines `chunk`).

    Examples:
        >>> from slacore._calendar import BusinessCalendar
        >>> from slacore._time import US_PER_DAY
        >>> engine = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine
        >>> monday = 20_241 * US_PER_DAY  # 2025-06-02T00:00Z
        >>> engine.between_us(monday, monday + US_PER_DAY) // 3_600_000_000
        8
        >>> engine.add_us(monday, 3_600_000_000) - monday == 10 * 3_600_000_000
        True
    """

    __slots__ = ("__weakref__", "_source", "bounds", "chunks")

    def __init__(self, source: Callable[[int], list[Span]], bounds: Span) -> None:
        """An engine over *source*, which gives the open spans of a chunk.

        ``source(k)`` returns chunk *k*'s merged open spans clipped to
        `chunk_range(k)`; it is asked only for chunks that reach into the years
        1-9999.
        """
        self._source = source
        self.bounds = bounds
        self.chunks: dict[int, Chunk] = {}

    def chunk(self, k: int) -> Chunk:
        """Chunk *k*, compiled on first use (empty outside ``[MIN_US, MAX_US]``)."""
        chunk = self.chunks.get(k)
        if chunk is None:
            lo, hi = chunk_range(k)
            spans = [] if hi <= MIN_US or lo >= MAX_US else self._source(k)
            chunk = self.chunks[k] = Chunk(spans, k)
        return chunk

    def combine(self, op: Literal["|", "&"], other: Engine) -> Engine:
        """The engine of the union (``"|"``) or intersection (``"&"``) of two."""
        left, right = self.chunk, other.chunk

        def source(k: int) -> list[Span]:
            a, b = left(k).spans(), right(k).spans()
            return merge(a + b) if op == "|" else intersect(a, b)

        (llo, lhi), (rlo, rhi) = self.bounds, other.bounds
        return Engine(source, (min(llo, rlo), max(lhi, rhi)))

    # -- open time between two instants --------------------------------------------

    def between_us(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``; ``-between_us(b, a)`` when *b* is before *a*."""
        if a <= b:
            return self.position_span(a, b)
        return -self.position_span(b, a)

    def position_span(self, a: int, b: int) -> int:
        """Open time in ``[a, b)`` for ``a <= b``."""
        chunks, chunk = self.chunks, self.chunk
        ka, kb = a >> SHIFT, b >> SHIFT
        ca = chunks.get(ka) or chunk(ka)
        if ka == kb:  # both in one chunk: `Chunk.position` twice, inlined
            starts, ends, cum_end = ca.starts, ca.ends, ca.cum_end
            i = bisect_right(starts, a) - 1
            pa = 0 if i < 0 else cum_end[i] - (ends[i] - a if a < ends[i] else 0)
            i = bisect_right(starts, b) - 1
            pb = 0 if i < 0 else cum_end[i] - (ends[i] - b if b < ends[i] else 0)
            return pb - pa
        total = ca.total - ca.position(a)
        for k in range(ka + 1, kb):
            total += (chunks.get(k) or chunk(k)).total
        return total + (chunks.get(kb) or chunk(kb)).position(b)

    # -- adding and subtracting open time ------------------------------------------

    def add_us(self, us: int, d: int) -> int:
        """The earliest instant with *d* > 0 of open time in ``[us, result)``.

        Raises:
            NeverOpenError: If the calendar never opens again after *us*.
            CalendarError: If the answer lies past `MAX_US` (the year 9999).
        """
        found = self.add_us_or_none(us, d)
        if found is None:
            msg = f"adding from {format_us(us)} runs past the year 9999"
            raise CalendarError(msg)
        return found

    def add_us_or_none(self, us: int, d: int) -> int | None:
        """`add_us`, but None where the answer lies past `MAX_US` (the year 9999).

        Raises:
            NeverOpenError: If the calendar never opens again after *us*.
        """
        if us + d > MAX_US:  # open time never outruns real time
            return None
        k = us >> SHIFT
        chunk = self.chunks.get(k) or self.chunk(k)
        target = chunk.position(us) + d
        if target <= chunk.total:  # `Chunk.reach`, inlined: timers' hot path
            cum_end = chunk.cum_end
            j = bisect_left(cum_end, target)
            r = chunk.ends[j] - (cum_end[j] - target)
            return None if r > MAX_US else r
        found = self._add_walk(us, k, target - chunk.total)
        return None if found is None or found > MAX_US else found

    def _add_walk(self, us: int, k: int, remaining: int) -> int | None:
        """Go on adding *remaining* > 0 from the start of chunk ``k + 1``.

        *us* is where the addition began (chunk *k*), for error messages. Whole
        chunks with open time are skipped by their totals; the first empty chunk
        hands over to `_add_walk_checked`, which watches for a calendar that never
        opens again and for the end of the datetime range (None).
        """
        chunks, chunk_of = self.chunks, self.chunk
        while True:
            k += 1
            chunk = chunks.get(k) or chunk_of(k)
            total = chunk.total
            if remaining <= total:
                return chunk.reach(remaining)
            if not total:
                return self._add_walk_checked(us, k, remaining)
            remaining -= total

    def _add_walk_checked(self, us: int, k: int, remaining: int) -> int | None:
        """`_add_walk` from the empty chunk *k* on, with its stopping rules."""
        chunks, chunk_of = self.chunks, self.chunk
        hi = self.bounds[1]
        idle = 0
        # The end of the last open time seen: what the error names if it runs out.
        before = chunks.get(k - 1) or chunk_of(k - 1)
        last = max(us, before.ends[-1]) if before.ends else us
        while True:
            start = k << SHIFT
            if start > MAX_US:
                return None
            chunk = chunks.get(k) or chunk_of(k)
            total = chunk.total
            if remaining <= total:
                return chunk.reach(remaining)
            remaining -= total
            if total:
                idle, last = 0, chunk.ends[-1]
            elif start >= hi:
                idle += 1
                if idle >= PATIENCE:
                    msg = f"the calendar is never open after {format_us(last)}"
                    raise NeverOpenError(msg)
            k += 1

    def subtract_us(self, us: int, d: int) -> int:
        """The latest instant with *d* > 0 of open time in ``[result, us)``.

        Raises:
            NeverOpenError: If the calendar was never open before *us*.
            CalendarError: If the answer lies before `MIN_US` (the year 1).
        """
        if us - d < MIN_US:  # open time never outruns real time
            raise _before_year_1(us)
        chunks, chunk_of = self.chunks, self.chunk
        k = us >> SHIFT
        chunk = chunks.get(k) or chunk_of(k)
        target = chunk.position(us) - d
        lo = self.bounds[0]
        idle = 0
        # The start of the first open time seen: what the error names if it runs out.
        first = min(us, chunk.starts[0]) if chunk.starts else us
        while target < 0:
            end = k << SHIFT
            k -= 1
            if end <= MIN_US:
                raise _before_year_1(us)
            chunk = chunks.get(k) or chunk_of(k)
            total = chunk.total
            target += total
            if total:
                idle, first = 0, chunk.starts[0]
            elif end <= lo:
                idle += 1
                if idle >= PATIENCE:
                    msg = f"the calendar is never open before {format_us(first)}"
                    raise NeverOpenError(msg)
        cum_start = chunk.cum_start
        j = bisect_right(cum_start, target) - 1
        found = chunk.starts[j] + (target - cum_start[j])
        if found < MIN_US:
            raise _before_year_1(us)
        return found

    # -- open or closed ------------------------------------------------------------

    def is_open_us(self, us: int) -> bool:
        """Whether instant *us* lies inside an open span."""
        k = us >> SHIFT
        chunk = self.chunks.get(k) or self.chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        return i >= 0 and us < chunk.ends[i]

    def next_open_us(self, us: int) -> int:
        """The earliest open instant at or after *us*.

        Raises:
            NeverOpenError: If the calendar never opens again (before the year 9999).
        """
        k = us >> SHIFT
        chunk = self.chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        if i >= 0 and us < chunk.ends[i]:
            return us
        if i + 1 < len(chunk.starts):
            return chunk.starts[i + 1]
        hi = self.bounds[1]
        idle = 0
        while True:
            k += 1
            start = k << SHIFT
            if start > MAX_US:
                msg = f"the calendar does not open after {format_us(us)} before 9999"
                raise NeverOpenError(msg)
            chunk = self.chunk(k)
            if chunk.starts:
                return chunk.starts[0]
            if start >= hi:
                idle += 1
                if idle >= PATIENCE:
                    msg = f"the calendar is never open after {format_us(us)}"
                    raise NeverOpenError(msg)

    def next_close_us(self, us: int) -> int | None:
        """The earliest closed instant at or after *us*; None if it never closes."""
        k = us >> SHIFT
        chunk = self.chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        if i < 0 or us >= chunk.ends[i]:
            return us
        end = chunk.ends[i]
        hi = self.bounds[1]
        idle = 0
        while end == (k + 1) << SHIFT:  # the span may go on in the next chunk
            k += 1
            if end > MAX_US:
                return None
            chunk = self.chunk(k)
            if not chunk.starts or chunk.starts[0] != end:
                return end
            end = chunk.ends[0]
            if chunk.full and (k << SHIFT) >= hi:
                idle += 1
                if idle >= PATIENCE:
                    return None
        return end

    # -- spans -----------------------------------------------------------------------

    def spans(self, a: int, b: int) -> Iterator[Span]:
        """Merged open spans inside ``[a, b)``, clipped to it, in order."""
        pending: Span | None = None
        for k in range(a >> SHIFT, (b >> SHIFT) + 1):
            chunk = self.chunk(k)
            i = max(bisect_right(chunk.starts, a) - 1, 0)
            starts, ends = chunk.starts, chunk.ends
            for j in range(i, len(starts)):
                s, e = max(starts[j], a), min(ends[j], b)
                if s >= b:
                    break
                if s >= e:
                    continue
                if pending is not None and pending[1] == s:
                    pending = (pending[0], e)
                    continue
                if pending is not None:
                    yield pending
                pending = (s, e)
        if pending is not None:
            yield pending

    def chunk_spans(self, k_first: int, k_last: int) -> list[Span]:
        """All compiled spans of chunks *k_first*..*k_last*, in order (for batches)."""
        out: list[Span] = []
        for k in range(k_first, k_last + 1):
            chunk = self.chunk(k)
            out.extend(zip(chunk.starts, chunk.ends, strict=True))
        return out


def _before_year_1(us: int) -> CalendarError:
    return CalendarError(f"subtracting from {format_us(us)} runs past the year 1")


# The engines alive in this process, by their calendar's definition: equal calendars
# (one unpickled per task, say) share one engine, so each compiles once per process.
# Weak values: an engine goes when the last calendar holding it does.
_LIVE: weakref.WeakValueDictionary[Hashable, Engine] = weakref.WeakValueDictionary()


def engine_for(key: Hashable, build: Callable[[], Engine]) -> Engine:
    """The live engine compiled for the definition *key*, or a new one by *build*.

    *key* must compare equal only for definitions with the same open time (a
    calendar's fields, its zone by identity); an unhashable one (a holiday set that
    cannot hash) gets an engine of its own. Two threads may both build one: either is
    right, and the last one stored is shared from then on.
    """
    try:
        found = _LIVE.get(key)
    except TypeError:  # unhashable: not shared
        return build()
    if found is None:
        found = build()
        _LIVE[key] = found
    return found
