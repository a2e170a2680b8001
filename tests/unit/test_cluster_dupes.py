"""The check that no ticket is created in two partitions, in one process."""

from __future__ import annotations

import pytest

from slacore._cluster_dupes import (
    created_hashes,
    created_rows,
    second_created_error,
    shared,
)

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

KINDS = ["created", "agent_reply", "created", "created", "created", "created"]
IDS = ["T-1", "T-1", "T-2", None, "", "T-2"]


def test_hashes_are_of_created_rows_with_an_id_sorted_and_distinct():
    table = pd.DataFrame({"ticket_id": IDS, "kind": KINDS})
    found = created_hashes(table)
    expected = created_hashes(
        pd.DataFrame({"ticket_id": ["T-2", "T-1"], "kind": "created"})
    )
    assert found.tolist() == sorted(found.tolist()) == expected.tolist()
    assert len(found) == 2


def test_arrow_and_pandas_partitions_hash_alike():
    frame = pd.DataFrame({"ticket_id": IDS, "kind": KINDS})
    table = pa.Table.from_pandas(frame, preserve_index=False)
    assert created_hashes(table).tolist() == created_hashes(frame).tolist()
    coded = table.set_column(1, "kind", table.column("kind").dictionary_encode())
    assert created_hashes(coded).tolist() == created_hashes(frame).tolist()


def test_integer_ids_hash_as_their_text_so_typed_partitions_still_meet():
    ints = pd.DataFrame({"ticket_id": [7, 8], "kind": "created"})
    text = pa.table({"ticket_id": ["7"], "kind": ["created"]})
    assert set(created_hashes(text).tolist()) <= set(created_hashes(ints).tolist())
    suspects = shared({0: created_hashes(ints), 1: created_hashes(text)})
    found = {0: created_rows(ints, suspects[0]), 1: created_rows(text, suspects[1])}
    assert found == {0: [(0, 7)], 1: [(0, "7")]}
    assert second_created_error(found) is None  # 7 is not "7": suspects only


def test_a_frame_indexed_by_ticket_is_read_by_its_index():
    frame = pd.DataFrame({"ticket_id": ["A", "B"], "kind": ["x", "created"]})
    indexed = frame.set_index("ticket_id")
    assert created_rows(indexed, created_hashes(indexed)) == [(1, "B")]


def test_an_all_missing_kind_column_has_no_created_rows():
    table = pa.table({"ticket_id": ["T-1"], "kind": pa.nulls(1)})
    assert len(created_hashes(table)) == 0


def test_nothing_is_shared_by_one_partition_or_by_none():
    assert shared({}) == {}
    assert (
        shared(
            {4: created_hashes(pd.DataFrame({"ticket_id": ["a"], "kind": "created"}))}
        )
        == {}
    )


def test_a_ticket_in_three_partitions_is_named_twice_against_its_first_row():
    error = second_created_error({5: [(2, "T-9")], 0: [(7, "T-9")], 2: [(1, "T-9")]})
    assert error is not None
    assert str(error) == (
        "tickets partitions 0, 2 and 5: tickets table: 2 problems\n"
        "  partition 2, row 1: kind: the ticket has a second created row "
        "(found 'T-9' (its first created row is partition 0, row 7))\n"
        "  partition 5, row 2: kind: the ticket has a second created row "
        "(found 'T-9' (its first created row is partition 0, row 7))"
    )
    assert [problem.row for problem in error.problems] == [1, 2]
    assert (error.partition, error.partitions, error.field) == (2, (0, 2, 5), "kind")


def test_rows_of_one_partition_only_are_that_partitions_own_error():
    assert second_created_error({3: [(0, "T-1"), (5, "T-1")]}) is None


def test_past_ten_tickets_the_rest_are_counted():
    ids = [f"T-{n}" for n in range(13)]
    error = second_created_error({1: list(enumerate(ids)), 3: list(enumerate(ids))})
    assert error is not None
    assert len(error.problems) == 11
    assert [p.found.split()[0] for p in error.problems[:10]] == [
        repr(ticket) for ticket in ids[:10]
    ]
    last = error.problems[-1]
    assert (last.row, last.message) == (
        None,
        "the ticket has a second created row: 3 more rows like these",
    )
    assert str(error).splitlines()[0] == (
        "tickets partitions 1 and 3: tickets table: 11 problems"
    )
    assert str(error).splitlines()[-1] == (
        "  kind: the ticket has a second created row: 3 more rows like these"
    )
