from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Final

from ._time import MAX_US, MIN_US, format_us
from .exceptions import CalendarError, NeverOpenError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import tzinfo

    from ._intervals import Span

# Open time is compiled lazily in chunks of 2**45 microseconds (about 407 days) of
# UTC time. Chunks tile time exactly, so a chunk is found with a shift, and each
# chunk's spans are clipped to it; a span that crosses a boundary is split in two.
SHIFT: Final = 45
CHUNK_US: Final = 1 << SHIFT
# How many whole chunks (past every dated closure, opening, shift or holiday) may be
# empty, or fully open, before a search concludes it will stay so forever.
PATIENCE: Final = 3


class Chunk:
    """The open spans of one chunk, with cumulative open time for bisection."""

    __slots__ = ("cum_end", "cum_start", "ends", "full", "starts", "total")

    def __init__(self, spans: list[Span], lo: int, hi: int) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.cum_end = list(accumulate(e - s for s, e in spans))
        self.cum_start = [
            c - (e - s) for c, (s, e) in zip(self.cum_end, spans, strict=True)
        ]
        self.total = self.cum_end[-1] if spans else 0
        self.full = len(spans) == 1 and spans[0] == (lo, hi)

    def position(self, us: int) -> int:
        """Open time in this chunk before instant *us*."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum_end[i] - (end - us if us < end else 0)


class CalendarEngine:
    """Query kernels shared by every calendar: a subclass provides `_compile`.

    State a subclass must set: ``_cache`` (a dict from chunk number to `Chunk`),
    ``_lo``/``_hi`` (outside ``[_lo, _hi)`` the calendar repeats its weekly and
    yearly pattern, with no dated exceptions left).
    """

    __slots__ = ()

    _cache: dict[int, Chunk]

    if TYPE_CHECKING:  # provided by every calendar class
        tz: tzinfo

        def _compile(self, k: int) -> Chunk:
            """The open spans of chunk *k*, merged and clipped to it."""

        def _bounds(self) -> tuple[int, int]:
            """Where dated exceptions end: outside, the calendar only repeats."""

    def _chunk(self, k: int) -> Chunk:
        chunk = self._cache.get(k)
        if chunk is None:
            chunk = self._cache[k] = self._compile(k)
        return chunk

    # -- kernels on integer microseconds --------------------------------------------

    def _position_span(self, a: int, b: int) -> int:
        """Open time in ``[a, b)`` for ``a <= b``."""
        cache = self._cache
        ka, kb = a >> SHIFT, b >> SHIFT
        ca = cache.get(ka) or self._chunk(ka)
        if ka == kb:  # both in one chunk: `Chunk.position` twice, inlined
            starts, ends, cum_end = ca.starts, ca.ends, ca.cum_end
            i = bisect_right(starts, a) - 1
            pa = 0 if i < 0 else cum_end[i] - (ends[i] - a if a < ends[i] else 0)
            i = bisect_right(starts, b) - 1
            pb = 0 if i < 0 else cum_end[i] - (ends[i] - b if b < ends[i] else 0)
            return pb - pa
        total = ca.total - ca.position(a)
        for k in range(ka + 1, kb):
            total += (cache.get(k) or self._chunk(k)).total
        return total + (cache.get(kb) or self._chunk(kb)).position(b)

    def _add_us(self, us: int, d: int) -> int:
        """The earliest instant with *d* > 0 of open time in ``[us, result)``."""
        cache = self._cache
        k = us >> SHIFT
        chunk = cache.get(k) or self._chunk(k)
        target = chunk.position(us) + d
        if target <= chunk.total:
            cum_end = chunk.cum_end
            j = bisect_left(cum_end, target)
            return chunk.ends[j] - (cum_end[j] - target)
        return self._add_walk(us, k, target - chunk.total)

    def _add_walk(self, us: int, k: int, remaining: int) -> int:
        """Go on adding *remaining* > 0 from the start of chunk ``k + 1``.

        *us* is where the addition began (chunk *k*), for error messages. Whole
        chunks with open time are skipped by their totals; the first empty chunk
        hands over to `_add_walk_checked`, which watches for a calendar that never
        opens again and for the end of the datetime range.
        """
        cache = self._cache
        while True:
            k += 1
            chunk = cache.get(k) or self._chunk(k)
            total = chunk.total
            if remaining <= total:
                cum_end = chunk.cum_end
                j = bisect_left(cum_end, remaining)
                return chunk.ends[j] - (cum_end[j] - remaining)
            if not total:
                return self._add_walk_checked(us, k, remaining)
            remaining -= total

    def _add_walk_checked(self, us: int, k: int, remaining: int) -> int:
        """`_add_walk` from the empty chunk *k* on, with its stopping rules."""
        cache = self._cache
        hi = self._bounds()[1]
        idle = 0
        # The end of the last open time seen: what the error names if it runs out.
        before = cache.get(k - 1) or self._chunk(k - 1)
        last = max(us, before.ends[-1]) if before.ends else us
        while True:
            start = k << SHIFT
            if start > MAX_US:
                msg = f"adding from {format_us(us)} runs past the year 9999"
                raise CalendarError(msg)
            chunk = cache.get(k) or self._chunk(k)
            total = chunk.total
            if remaining <= total:
                cum_end = chunk.cum_end
                j = bisect_left(cum_end, remaining)
                return chunk.ends[j] - (cum_end[j] - remaining)
            remaining -= total
            if total:
                idle, last = 0, chunk.ends[-1]
            elif start >= hi:
                idle += 1
                if idle >= PATIENCE:
                    msg = f"the calendar is never open after {format_us(last)}"
                    raise NeverOpenError(msg)
            k += 1

    def _subtract_us(self, us: int, d: int) -> int:
        """The latest instant with *d* > 0 of open time in ``[result, us)``."""
        cache = self._cache
        k = us >> SHIFT
        chunk = cache.get(k) or self._chunk(k)
        target = chunk.position(us) - d
        lo = self._bounds()[0]
        idle = 0
        # The start of the first open time seen: what the error names if it runs out.
        first = min(us, chunk.starts[0]) if chunk.starts else us
        while target < 0:
            end = k << SHIFT
            k -= 1
            if end <= MIN_US:
                msg = f"subtracting from {format_us(us)} runs past the year 1"
                raise CalendarError(msg)
            chunk = cache.get(k) or self._chunk(k)
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
        return chunk.starts[j] + (target - cum_start[j])

    def _is_open_us(self, us: int) -> bool:
        k = us >> SHIFT
        chunk = self._cache.get(k) or self._chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        return i >= 0 and us < chunk.ends[i]

    def _next_open_us(self, us: int) -> int:
        k = us >> SHIFT
        chunk = self._chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        if i >= 0 and us < chunk.ends[i]:
            return us
        if i + 1 < len(chunk.starts):
            return chunk.starts[i + 1]
        hi = self._bounds()[1]
        idle = 0
        while True:
            k += 1
            start = k << SHIFT
            if start > MAX_US:
                msg = f"the calendar does not open after {format_us(us)} before 9999"
                raise NeverOpenError(msg)
            chunk = self._chunk(k)
            if chunk.starts:
                return chunk.starts[0]
            if start >= hi:
                idle += 1
                if idle >= PATIENCE:
                    msg = f"the calendar is never open after {format_us(us)}"
                    raise NeverOpenError(msg)

    def _next_close_us(self, us: int) -> int | None:
        k = us >> SHIFT
        chunk = self._chunk(k)
        i = bisect_right(chunk.starts, us) - 1
        if i < 0 or us >= chunk.ends[i]:
            return us
        end = chunk.ends[i]
        hi = self._bounds()[1]
        idle = 0
        while end == (k + 1) << SHIFT:  # the span may go on in the next chunk
            k += 1
            if end > MAX_US:
                return None
            chunk = self._chunk(k)
            if not chunk.starts or chunk.starts[0] != end:
                return end
            end = chunk.ends[0]
            if chunk.full and (k << SHIFT) >= hi:
                idle += 1
                if idle >= PATIENCE:
                    return None
        return end

    def _spans(self, a: int, b: int) -> Iterator[Span]:
        """Merged open spans inside ``[a, b)``."""
        pending: Span | None = None
        for k in range(a >> SHIFT, (b >> SHIFT) + 1):
            chunk = self._chunk(k)
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

    def _spans_of(self, k_first: int, k_last: int) -> list[Span]:
        """All compiled spans of chunks *k_first*..*k_last*, in order (for batches)."""
        out: list[Span] = []
        for k in range(k_first, k_last + 1):
            chunk = self._chunk(k)
            out.extend(zip(chunk.starts, chunk.ends, strict=True))
        return out


def build_chunk(spans: list[Span], k: int) -> Chunk:
    """A chunk from merged spans already clipped to chunk *k*."""
    return Chunk(spans, k << SHIFT, (k + 1) << SHIFT)


def chunk_range(k: int) -> tuple[int, int]:
    """The ``[start, end)`` microseconds of chunk *k*."""
    return k << SHIFT, (k + 1) << SHIFT
