"""The nearest-rank percentile rule: hand-worked ranks, bounds and a reference model."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore._percentile import (
    nearest_rank,
    percentile_of_array,
    percentile_of_sorted,
    to_percentile,
)
from slacore.exceptions import SlaError


@pytest.mark.parametrize(
    ("p", "n", "rank"),
    [
        ("95", 20, 19),  # 19/20 = 95 % exactly
        ("95", 21, 20),  # 19.95 rounds up
        ("90", 10, 9),
        ("50", 4, 2),
        ("50", 5, 3),
        ("99.9", 1000, 999),
        ("99.91", 1000, 1000),
        ("0", 7, 1),
        ("100", 7, 7),
        ("0.0001", 3, 1),
    ],
)
def test_nearest_rank_hand_worked(p: str, n: int, rank: int) -> None:
    assert nearest_rank(Decimal(p), n) == rank


def test_percentile_of_sorted_and_array_agree_on_a_hand_worked_list() -> None:
    values = [15, 20, 35, 40, 50]  # the textbook example
    assert percentile_of_sorted(values, Decimal(5)) == 15
    assert percentile_of_sorted(values, Decimal(30)) == 20
    assert percentile_of_sorted(values, Decimal(40)) == 20
    assert percentile_of_sorted(values, Decimal(50)) == 35
    assert percentile_of_sorted(values, Decimal(100)) == 50
    assert percentile_of_array(np, np.array([50, 15, 40, 20, 35]), Decimal(40)) == 20


def test_no_values_is_an_error() -> None:
    with pytest.raises(SlaError, match="at least one value"):
        nearest_rank(Decimal(50), 0)


@pytest.mark.parametrize("bad", ["-1", "100.01", "abc", 1.5, None])
def test_to_percentile_refuses_what_is_not_a_rank(bad: object) -> None:
    with pytest.raises(SlaError, match="percentile"):
        to_percentile(bad, "percentile")


@given(
    st.decimals(min_value=0, max_value=100, places=3),
    st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=60),
)
def test_nearest_rank_matches_its_definition(p: Decimal, values: list[int]) -> None:
    """Reference: the least value with at least p % of the values at or below it."""
    ordered = sorted(values)
    n = len(ordered)
    expected = next(v for v in ordered if sum(w <= v for w in ordered) * 100 >= p * n)
    assert percentile_of_sorted(ordered, p) == expected
    assert percentile_of_array(np, np.array(values, dtype=np.int64), p) == expected
