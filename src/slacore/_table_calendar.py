# A calendar's compiled open time over a range of chunks as numpy arrays: business
# positions and additions for whole columns of instants at once (the columnar
# engine's calendar arithmetic, equal to `Engine.position_span` and
# `Engine.add_us_or_none` item by item).

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._engine import SHIFT
from ._time import MAX_US

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ._engine import Engine

    Ints = npt.NDArray[np.int64]


class SpanTable:
    """The open spans of chunks ``k_first..k_last`` with global cumulative time.

    `position(us)` is the open time between the start of chunk `k_first` and each
    instant (inside the table's chunks), so the difference of two positions is the
    open time between them, as `Engine.position_span` counts it.
    """

    def __init__(self, np: Any, engine: Engine, k_first: int, k_last: int) -> None:
        self.np = np
        self.engine = engine
        spans = engine.chunk_spans(k_first, k_last)
        arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
        self.k_first, self.k_last = k_first, k_last
        self.starts: Ints = arr[:, 0]
        self.ends: Ints = arr[:, 1]
        self.cum_end: Ints = np.cumsum(self.ends - self.starts)
        self.total = int(self.cum_end[-1]) if len(spans) else 0

    @classmethod
    def covering(cls, np: Any, engine: Engine, lo: int, hi: int) -> SpanTable:
        """A table for instants in ``[lo, hi]`` and additions from them.

        One chunk past *hi* is included, so that additions of less than about a
        year of open time stay inside the table.
        """
        return cls(np, engine, lo >> SHIFT, min((hi >> SHIFT) + 1, MAX_US >> SHIFT))

    def position(self, us: Ints) -> Ints:
        """Open time before each instant (all inside the table's chunks)."""
        np = self.np
        if len(self.starts) == 0:
            return np.zeros_like(us)  # type: ignore[no-any-return]
        i = np.searchsorted(self.starts, us, side="right") - 1
        safe = np.maximum(i, 0)
        before = self.cum_end[safe] - np.maximum(self.ends[safe] - us, 0)
        return np.where(i >= 0, before, 0)  # type: ignore[no-any-return]

    def add(self, us: Ints, amount: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """`Engine.add_us_or_none` item by item, for amounts > 0.

        Returns the instants and a mask of the items with no answer (past the year
        9999). Items whose answer lies past the table are asked of the scalar
        engine, which also raises `NeverOpenError` for a calendar that never opens
        again, as the object path does.
        """
        np = self.np
        out = np.zeros(len(us), dtype=np.int64)
        none = np.zeros(len(us), dtype=bool)
        if len(us) == 0:
            return out, none
        target = self.position(us) + amount
        inside = target <= self.total
        if inside.any():
            tg = target[inside]
            j = np.searchsorted(self.cum_end, tg, side="left")
            out[inside] = self.ends[j] - (self.cum_end[j] - tg)
        add = self.engine.add_us_or_none
        for i in np.flatnonzero(~inside).tolist():
            found = add(int(us[i]), int(amount[i]))
            if found is None:
                none[i] = True
            else:
                out[i] = found
        none |= (out > MAX_US) | (us > MAX_US - amount)
        return out, none


class JointTable:
    """The open time of several calendars in one table, for one search per column.

    Calendar ``k``'s spans (all tables cover the same chunks) are shifted by ``k``
    times the width of those chunks, so that each lies in a range of its own, and
    a global running total of open time follows them: the open time before an
    instant of calendar ``k`` is one `searchsorted` of the shifted instant, and
    differences of positions of one calendar are its open time, as in
    `SpanTable`. A sentinel span first makes every search land on a span.
    """

    def __init__(self, np: Any, tables: list[SpanTable]) -> None:
        self.np = np
        self.tables = tables
        k_first, k_last = tables[0].k_first, tables[0].k_last
        width = (k_last - k_first + 1) << SHIFT
        base = k_first << SHIFT
        self.shift: Ints = np.array(
            [k * width - base for k in range(len(tables))], dtype=np.int64
        )
        low = -(1 << 62)
        starts = [np.array([low], dtype=np.int64)]
        ends = [np.array([low], dtype=np.int64)]
        for k, table in enumerate(tables):
            starts.append(table.starts + self.shift[k])
            ends.append(table.ends + self.shift[k])
        self.starts: Ints = np.concatenate(starts)
        self.ends: Ints = np.concatenate(ends)
        self.cum_end: Ints = np.cumsum(self.ends - self.starts)
        sizes = np.array([len(table.starts) for table in tables], dtype=np.int64)
        #: The running total at the end of each calendar's spans.
        self.cum_hi: Ints = self.cum_end[np.cumsum(sizes)]
        self._buckets(width * len(tables))

    def _buckets(self, width: int) -> None:
        """A look-up of the last span starting at or before each bucket's start.

        Buckets of 2**bits microseconds (about an hour, finer if needed) that
        hold at most one span start past their own start turn the search for an
        instant's span into two look-ups. None if no width up to 2**24 µs
        (17 seconds) does, or the table would be too large.
        """
        np = self.np
        self.bits = 0
        self.first: Ints | None = None
        # The last start is a sentinel past everything, for `starts[first + 1]`.
        self.next_starts: Ints = np.append(self.starts, np.iinfo(np.int64).max)
        for bits in range(32, 23, -2):
            size = (width >> bits) + 2
            if size > 1 << 22:
                return
            edges = np.arange(size, dtype=np.int64) << bits
            first = np.searchsorted(self.starts, edges, side="right") - 1
            inside = np.diff(np.append(first, len(self.starts) - 1))
            if int(inside.max()) <= 1:
                self.bits, self.first = bits, first
                return

    def _span_of(self, q: Ints) -> Ints:
        """The index of the last span starting at or before each shifted instant."""
        np = self.np
        if self.first is None:
            return np.searchsorted(self.starts, q, side="right") - 1  # type: ignore[no-any-return]
        i = self.first[q >> self.bits]
        return i + (self.next_starts[i + 1] <= q)  # type: ignore[no-any-return]

    def position(self, calendar: Ints | int, us: Ints) -> Ints:
        """Open time before each instant, by its calendar (an index, or one for all).

        Only differences of positions of one calendar mean anything.
        """
        np = self.np
        q = us + self.shift[calendar]
        i = self._span_of(q)
        return self.cum_end[i] - np.maximum(self.ends[i] - q, 0)  # type: ignore[no-any-return]

    def add(
        self, calendar: Ints, us: Ints, amount: Ints
    ) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """`Engine.add_us_or_none` item by item, by each item's calendar (amounts > 0).

        As `SpanTable.add`: answers past the table are asked of the scalar engine.
        """
        np = self.np
        out = np.zeros(len(us), dtype=np.int64)
        none = np.zeros(len(us), dtype=bool)
        if len(us) == 0:
            return out, none
        target = self.position(calendar, us) + amount
        inside = target <= self.cum_hi[calendar]
        if inside.all():
            j = np.searchsorted(self.cum_end, target, side="left")
            out = self.ends[j] - (self.cum_end[j] - target) - self.shift[calendar]
        else:
            tg = target[inside]
            j = np.searchsorted(self.cum_end, tg, side="left")
            out[inside] = (
                self.ends[j] - (self.cum_end[j] - tg) - self.shift[calendar[inside]]
            )
            for i in np.flatnonzero(~inside).tolist():
                engine = self.tables[int(calendar[i])].engine
                found = engine.add_us_or_none(int(us[i]), int(amount[i]))
                if found is None:
                    none[i] = True
                else:
                    out[i] = found
        none |= (out > MAX_US) | (us > MAX_US - amount)
        return out, none
