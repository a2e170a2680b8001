"""The cluster's check of tickets created in two partitions, against one machine.

Random partitions of created rows (ids drawn from a small pool, so that they
repeat; some partitions as Arrow tables), each partition free of its own
duplicates (else that partition fails on its own): the check, given each
partition's hashes and a way to ask partitions for their rows, raises exactly when
`measure_table` on the concatenation finds a second created row, listing the same
tickets in the same order. With a hash that collides all the time, the answer is
the same: equal hashes are only suspects.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacore as sla
from slacore import _cluster_dupes
from slacore._cluster_dupes import check_created, created_hashes, created_rows

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

NOW = datetime(2026, 1, 2, tzinfo=UTC)
POLICY = sla.Policy("desk", {"normal": sla.Targets(first_response=timedelta(hours=1))})
IDS = st.sampled_from(["T-1", "T-2", "T-3", "T-10", "x", "T-1 "])
PARTITIONS = st.lists(
    st.tuples(st.lists(IDS, unique=True, max_size=4), st.booleans()), max_size=5
)


def _table(ids, *, arrow):
    table = pd.DataFrame(
        {
            "ticket_id": pd.Series(ids, dtype=object),
            "at": pd.Series([datetime(2026, 1, 1, tzinfo=UTC)] * len(ids)),
            "kind": "created",
            "value": "normal",
        }
    )
    return pa.Table.from_pandas(table, preserve_index=False) if arrow else table


def _named(error):
    """The ticket each problem names (its found text's head), or a count's text."""
    return [
        problem.message if problem.found is None else problem.found.split()[0]
        for problem in error.problems
    ]


def _one_machine(partitions):
    ids = [ticket for tickets, _ in partitions for ticket in tickets]
    try:
        sla.measure_table(POLICY, _table(ids, arrow=False), now=NOW)
    except sla.TableError as error:
        return _named(error)
    return None


def _cluster(partitions):
    tables = {n: _table(ids, arrow=arrow) for n, (ids, arrow) in enumerate(partitions)}

    def fetch(suspects):
        return {n: created_rows(tables[n], hashes) for n, hashes in suspects.items()}

    try:
        check_created({n: created_hashes(t) for n, t in tables.items()}, fetch)
    except sla.TableError as error:
        return _named(error)
    return None


def _colliding(ids):
    return pd.util.hash_array(
        pd.array([len(str(i)) % 2 for i in ids], dtype="int64").to_numpy(),
        categorize=False,
    )


@given(PARTITIONS)
def test_the_check_refuses_what_one_machine_refuses(partitions):
    assert _cluster(partitions) == _one_machine(partitions)


@given(PARTITIONS)
def test_colliding_hashes_change_nothing(partitions):
    with mock.patch.object(_cluster_dupes, "_hashes", _colliding):
        assert _cluster(partitions) == _one_machine(partitions)
