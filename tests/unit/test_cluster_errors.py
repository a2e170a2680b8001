"""Errors of a partition measured after a shuffle name rows as the input had them."""

from __future__ import annotations

import pandas as pd
import pytest

import slacore as sla
from slacore._cluster_errors import located, origin_of
from slacore.exceptions import TableProblem


def _events(rows):
    frame = pd.DataFrame(rows, columns=["ticket_id", "at", "kind", "value"])
    frame["at"] = pd.to_datetime(frame["at"]).dt.tz_localize("UTC")
    return frame


def test_a_second_created_row_and_an_early_event_name_the_created_row():
    events = _events(
        [
            ("T-1", "2026-01-05 10:00", "created", "P1"),
            ("T-1", "2026-01-05 09:00", "agent_reply", None),
            ("T-1", "2026-01-05 11:00", "created", "P2"),
        ]
    )
    with pytest.raises(sla.TableError) as info:
        sla.tickets_from_table(events)
    early, again = info.value.problems
    assert (early.row, early.refers_to) == (1, 0)
    assert early.found.endswith("2026-01-05T10:00:00+00:00, row 0)")
    assert (again.row, again.refers_to) == (2, 0)
    assert again.found == "'T-1' (its first created row is row 0)"


def test_after_a_shuffle_the_named_row_is_placed_in_the_input_too():
    problem = TableProblem(
        "kind",
        "the ticket has a second created row",
        row=1,
        found="'row 0' (its first created row is row 0)",
        refers_to=0,
    )
    error = sla.TableError.of_problems("tickets", [problem])
    origins = [origin_of(4, 17), origin_of(2, 3)]
    moved = located(error, part="tickets", partition=0, origins=origins)
    assert isinstance(moved, sla.TableError)
    (found,) = moved.problems
    # The ticket id that looks like a row reference is left alone.
    assert found.found == "'row 0' (its first created row is input partition 4, row 17)"
    assert str(moved).splitlines()[1] == (
        "  input partition 2, row 3: kind: the ticket has a second created row "
        "(found 'row 0' (its first created row is input partition 4, row 17))"
    )
    assert moved.partition == 0


def test_a_problem_naming_no_other_row_keeps_its_text():
    problem = TableProblem("kind", "unknown kind", row=0, found="'x'")
    error = sla.TableError.of_problems("tickets", [problem])
    moved = located(error, part="tickets", partition=1, origins=[origin_of(0, 5)])
    assert isinstance(moved, sla.TableError)
    assert moved.problems == (problem,)
    assert "input partition 0, row 5: kind: unknown kind (found 'x')" in str(moved)
