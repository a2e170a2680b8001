"""The calendar engine: compiled open time and its package interface."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import slacore as sla
from slacore._engine import CHUNK_US, Engine, chunk_range
from slacore._time import (
    MAX_US,
    MIN_US,
    US_PER_DAY,
    to_us,
)

MON = datetime(2025, 6, 2, 9, tzinfo=UTC)


HOUR_US = 3_600_000_000
MON_US = to_us(MON, "t") - 9 * HOUR_US  # 2025-06-02T00:00Z


def office_engine() -> Engine:
    """The engine of Mon-Fri 09:00-17:00 UTC."""
    return sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine


class TestEngineInterface:
    """The package-internal interface timers, measures and batches call."""

    def test_between_and_position_span(self):
        """Open time between two instants, signed for reversed ones."""
        engine = office_engine()
        week = MON_US + 7 * US_PER_DAY
        assert engine.between_us(MON_US, week) == 40 * HOUR_US
        assert engine.between_us(week, MON_US) == -40 * HOUR_US
        assert engine.position_span(MON_US, week) == 40 * HOUR_US
        far = MON_US + 3 * CHUNK_US  # spans several chunks
        assert engine.between_us(MON_US, far) == engine.position_span(MON_US, far)

    def test_add_and_subtract(self):
        """Adding and subtracting open time, with the range edges."""
        engine = office_engine()
        fri_16 = MON_US + 4 * US_PER_DAY + 16 * HOUR_US
        mon_10 = MON_US + 7 * US_PER_DAY + 10 * HOUR_US
        assert engine.add_us(fri_16, 2 * HOUR_US) == mon_10
        assert engine.subtract_us(mon_10, 2 * HOUR_US) == fri_16
        assert engine.add_us_or_none(MAX_US - HOUR_US, 2 * HOUR_US) is None
        with pytest.raises(sla.CalendarError, match=r"runs past the year 9999$"):
            engine.add_us(MAX_US - HOUR_US, 2 * HOUR_US)
        with pytest.raises(sla.CalendarError, match=r"runs past the year 1$"):
            engine.subtract_us(MIN_US + HOUR_US, 2 * HOUR_US)

    def test_open_and_next(self):
        """Open or not, and when that changes."""
        engine = office_engine()
        assert engine.is_open_us(MON_US + 9 * HOUR_US) is True
        assert engine.is_open_us(MON_US + 17 * HOUR_US) is False
        assert engine.next_open_us(MON_US) == MON_US + 9 * HOUR_US
        assert engine.next_close_us(MON_US + 10 * HOUR_US) == MON_US + 17 * HOUR_US
        assert sla.ALWAYS.engine.next_close_us(MON_US) is None

    def test_spans(self):
        """Merged open spans of a range, clipped; and whole chunks for batches."""
        engine = office_engine()
        spans = list(
            engine.spans(MON_US + 10 * HOUR_US, MON_US + US_PER_DAY + 10 * HOUR_US)
        )
        assert spans == [
            (MON_US + 10 * HOUR_US, MON_US + 17 * HOUR_US),
            (MON_US + US_PER_DAY + 9 * HOUR_US, MON_US + US_PER_DAY + 10 * HOUR_US),
        ]
        k = MON_US // CHUNK_US
        whole = engine.chunk_spans(k, k)
        lo, hi = chunk_range(k)
        assert whole == engine.chunk(k).spans()
        assert all(lo <= s < e <= hi for s, e in whole)

    def test_combine(self):
        """The engine of a union or an intersection, and its bounds."""
        day = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC").engine
        late = sla.BusinessCalendar("mon-fri 12:00-20:00", tz="UTC").engine
        either, both = day.combine("|", late), day.combine("&", late)
        assert either.between_us(MON_US, MON_US + US_PER_DAY) == 11 * HOUR_US
        assert both.between_us(MON_US, MON_US + US_PER_DAY) == 5 * HOUR_US
        assert either.bounds == (MAX_US + 1, MIN_US - 1)  # no dated exceptions

    def test_chunks_outside_the_range_are_empty(self):
        """Chunks wholly outside the years 1-9999 hold no open time."""
        engine = sla.ALWAYS.engine
        assert engine.chunk((MAX_US >> 45) + 2).total == 0
        assert engine.chunk((MIN_US >> 45) - 2).total == 0
