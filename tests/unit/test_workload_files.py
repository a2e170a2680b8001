"""Workloads in agreement files: read, written back equal, problems placed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import slacore as sla

FILE = Path("tests/data/agreements/workload.toml")


def test_the_example_file_reads_as_written() -> None:
    agreement = sla.load(FILE)
    workload = agreement.workload
    assert workload is not None
    assert workload.measure == sla.TicketVolume()
    assert (workload.planned, workload.dead_band) == (10_000, (10, 10))
    assert (workload.charge_per_unit, workload.credit_per_unit) == (
        Decimal("4.50"),
        Decimal("3.00"),
    )
    assert workload.renegotiate == (25, 25)
    assert [b.name for b in workload.bands] == ["planned", "surge", "flood"]
    surge = workload.bands[1]
    assert surge.goals == (sla.GoalChange("p90 resolution", timedelta(hours=12)),)
    assert surge.goals[0].goal == 43_200
    assert workload.bands[2].excused == frozenset({"p90 resolution"})


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_workloads_round_trip(fmt: str) -> None:
    agreement = sla.load(FILE)
    amended = attrs.evolve(
        agreement,
        amendments=[
            sla.Amendment(
                date(2027, 1, 1),
                workload=sla.Workload(
                    sla.TicketVolume(where=sla.Equals("queue", "billing")),
                    "12000.5",
                    dead_band=(5, 15),
                    counted_from="plan",
                ),
            )
        ],
    )
    for value in (agreement, amended):
        assert sla.loads(sla.dump(value, format=fmt), format=fmt) == value  # type: ignore[arg-type]


def _problems(text: str) -> str:
    with pytest.raises(sla.AgreementFileError) as caught:
        sla.loads(text)
    return str(caught.value)


def test_bands_that_overlap_are_a_problem_at_their_line() -> None:
    text = FILE.read_text().replace("low = 150", "low = 140")
    found = _problems(text)
    assert "workload.bands[2].low: band 'flood' starts at 140 % and overlaps" in found
    assert "line 55" in found


def test_a_band_for_an_unknown_objective_is_a_problem() -> None:
    text = FILE.read_text().replace('objective = "p90 resolution"', 'objective = "p95"')
    found = _problems(text)
    assert "workload.bands[1].goals[0].objective" in found
    assert "'p95', which is not an objective" in found


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("dead_band = 10 ", "dead_band = [1, 2, 3] ", "workload.dead_band"),
        ("planned = 10000", 'planned = "many"', "workload.planned"),
        ('measure = { type = "ticket_volume" }', "", "workload.measure"),
        ("renegotiate = 25", "renegotiate = 5", "workload.renegotiate[0]"),
        ("high = 120", "high = 120\ncolour = 1", "workload.bands[0].colour"),
    ],
)
def test_bad_workload_keys_are_placed(old: str, new: str, place: str) -> None:
    text = FILE.read_text()
    assert old in text
    assert place in _problems(text.replace(old, new, 1))
