"""The partials of percentiles and extremes: canonical, mergeable, small."""

from __future__ import annotations

import pickle
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore._distribution_parts import DurationCounts, Extremes
from slacore._percentile import percentile_of_sorted
from slacore.exceptions import SlaError, TallyError

VALUES = st.lists(st.integers(-(10**12), 10**12) | st.sampled_from((0, 60, 3600)))
RANKS = st.decimals(0, 100, places=3)


class TestDurationCounts:
    def test_hand_worked(self):
        part = DurationCounts.of([30, 10, 30, 20, 10])
        assert (part.values, part.counts, part.size) == ((10, 20, 30), (2, 1, 2), 5)
        assert list(part.sorted_values()) == [10, 10, 20, 30, 30]
        assert part.sorted_values()[2] == 20
        assert part.sorted_values()[-1] == 30
        assert part.sorted_values()[1:4] == [10, 20, 30]
        # rank ceil(p * 5 / 100): 20 -> 1, 40 -> 2, 41 -> 3, 80 -> 4, 81 -> 5
        found = [part.percentile(Decimal(p)) for p in (20, 40, 41, 80, 81)]
        assert found == [10, 10, 20, 30, 30]

    def test_empty(self):
        part = DurationCounts()
        assert part.size == 0
        assert part.count_where(lambda _: True) == 0
        with pytest.raises(SlaError, match="at least one value"):
            part.percentile(Decimal(50))
        with pytest.raises(IndexError):
            part.sorted_values()[0]

    def test_of_array_equals_of(self):
        values = [5, 1, 5, 2**40, 0, 1]
        found = DurationCounts.of_array(np, np.array(values, dtype=np.int64))
        assert found == DurationCounts.of(values)
        assert all(type(v) is int for v in found.values + found.counts)

    @pytest.mark.parametrize(
        ("values", "counts"),
        [((1, 1), (1, 1)), ((2, 1), (1, 1)), ((1,), (0,)), ((1, 2), (1,))],
    )
    def test_not_canonical(self, values, counts):
        with pytest.raises(TallyError) as info:
            DurationCounts(values, counts)
        assert info.value.field == "parts"

    def test_count_where_hand_worked(self):
        part = DurationCounts.of([10, 10, 20, 30, 30, 30])
        assert part.count_where(lambda v: v <= 20) == 3
        assert part.count_where(lambda v: v >= 20) == 4
        assert part.count_where(lambda v: v >= 25) == 3
        assert part.count_where(lambda v: v > 99) == 0
        assert part.count_where(lambda v: v < 99) == 6

    def test_pickles_small_without_numpy(self):
        part = DurationCounts.of_array(np, np.array([60_000_000] * 10_000))
        data = pickle.dumps(part)
        assert len(data) < 200
        assert b"numpy" not in data
        assert pickle.loads(data) == part  # noqa: S301 - our own

    @given(VALUES, RANKS)
    def test_percentile_is_the_sorted_lists(self, values, p):
        if not values:
            return
        part = DurationCounts.of(values)
        assert part.percentile(p) == percentile_of_sorted(sorted(values), p)
        assert list(part.sorted_values()) == sorted(values)

    @given(VALUES, st.integers(-(10**12), 10**12), st.booleans())
    def test_count_where_counts_as_a_loop(self, values, cut, below):
        part = DurationCounts.of(values)

        def keep(v: int) -> bool:
            return v <= cut if below else v >= cut

        assert part.count_where(keep) == sum(keep(v) for v in values)

    @given(VALUES, VALUES, VALUES)
    def test_adding_is_the_multiset_union(self, a, b, c):
        x, y, z = DurationCounts.of(a), DurationCounts.of(b), DurationCounts.of(c)
        assert x + y == DurationCounts.of(a + b)
        assert x + y == y + x
        assert (x + y) + z == x + (y + z)
        assert x + DurationCounts() == x


AMOUNTS = st.decimals(-1000, 1000, places=2) | st.sampled_from(
    [Decimal("1.5"), Decimal("1.50"), Decimal(0), Decimal("-0"), Decimal("0.00")]
)


class TestExtremes:
    def test_hand_worked(self):
        part = Extremes.of([Decimal(3), Decimal("-1.5"), Decimal(7)])
        assert part == Extremes(3, Decimal("-1.5"), Decimal(7))
        assert Extremes() + part == part
        assert Extremes.of([]) == Extremes(0, None, None)

    def test_equal_amounts_written_apart_give_one_answer(self):
        one = Extremes.of([Decimal("1.5")]) + Extremes.of([Decimal("1.50")])
        two = Extremes.of([Decimal("1.50")]) + Extremes.of([Decimal("1.5")])
        assert str(one.low) == str(two.low)
        assert str(one.high) == str(two.high)

    @given(st.lists(AMOUNTS), st.lists(AMOUNTS), st.lists(AMOUNTS))
    def test_adding_is_associative_and_commutative(self, a, b, c):
        x, y, z = Extremes.of(a), Extremes.of(b), Extremes.of(c)
        assert repr(x + y) == repr(y + x) == repr(Extremes.of(b + a))
        assert repr((x + y) + z) == repr(x + (y + z))
        if a:
            assert (x.low, x.high, x.count) == (min(a), max(a), len(a))
