"""The missed cycles a tally keeps: joined when tallies add, ordered once.

A reference model sorts plain row tuples by the breach order (breach instant,
then ticket, integer ids before text ones, then every other column); the
columnar blocks, added in any grouping and order, must list the same rows.
"""

from __future__ import annotations

import pickle
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

from slacore._breach_list import BreachList
from slacore._missed_cycles import BreachBlock, MissedCycles

_STOPPED = st.one_of(st.none(), st.integers(-(2**40), 2**40))
_ROWS = st.tuples(
    st.one_of(st.integers(0, 5), st.sampled_from(["T-1", "T-2", "10"])),
    st.sampled_from(["Gold", "Silver"]),
    st.sampled_from(["first_response", "resolution"]),
    st.integers(0, 3),
    st.sampled_from(["P1", "P2"]),
    st.integers(0, 5),
    st.integers(0, 4),  # few breach instants: many ties
    _STOPPED,
    st.integers(0, 3),
    st.integers(0, 3),
)


def _reference(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    def key(row: tuple[object, ...]) -> tuple[object, ...]:
        ticket, policy, metric, cycle, priority, started, at, stop, target, took = row
        ticket_key = (0, ticket, "") if isinstance(ticket, int) else (1, 0, ticket)
        stopped = (stop is not None, stop or 0)
        rest = (policy, metric, cycle, priority, started, *stopped, target, took)
        return (at, ticket_key, *rest)

    return sorted(rows, key=key)


@given(st.lists(st.lists(_ROWS, max_size=8), max_size=5), st.randoms())
def test_blocks_added_in_any_order_list_the_rows_in_breach_order(parts, random):
    cycles = [MissedCycles((BreachBlock.of_rows(rows),)) for rows in parts]
    shuffled = list(cycles)
    random.shuffle(shuffled)
    one = reduce(lambda a, b: a + b, cycles, MissedCycles())
    other = reduce(lambda a, b: b + a, shuffled, MissedCycles())
    expected = _reference([row for rows in parts for row in rows])
    assert list(zip(*one.columns, strict=True)) == expected
    assert one == other
    assert hash(one) == hash(other)
    assert len(one) == len(expected)
    assert pickle.loads(pickle.dumps(one)) == one  # noqa: S301 - our own bytes


@given(st.lists(_ROWS, max_size=6), st.lists(_ROWS, max_size=6))
def test_a_breach_list_gathers_objectives_in_the_order_given(first, second):
    gathered = BreachList.gather(
        [
            ("a", MissedCycles((BreachBlock.of_rows(first),))),
            ("b", MissedCycles((BreachBlock.of_rows(second),))),
        ]
    )
    expected = [("a", *row) for row in _reference(first)]
    expected += [("b", *row) for row in _reference(second)]
    assert [tuple(row) for row in gathered] == expected
    assert len(gathered) == len(expected)
    assert gathered.rows == tuple(gathered)


def test_an_empty_breach_list_has_no_rows():
    assert len(BreachList.gather([("a", MissedCycles())])) == 0
    assert BreachList.gather([]) == BreachList()
    assert MissedCycles() + MissedCycles() == MissedCycles()
    assert repr(MissedCycles()) == "MissedCycles(0 cycles in 0 blocks)"
