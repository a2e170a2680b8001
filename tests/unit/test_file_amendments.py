"""Amendments in agreement files: round trips, and problems named by their place."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from decimal import Decimal

import pytest
from tests.file_helpers import (
    BERLIN,
    agreement_with,
    minimal,
    one_problem,
    problems,
    read,
    round_trips,
)

import slacore as sla
from slacore import _cli
from slacore._amendments import Amendment

LEADS = sla.Objective("leads", sla.Volume(), 500)
MORE = sla.Objective("leads", sla.Volume(), 600)
NOON = datetime(2026, 7, 1, 12, tzinfo=BERLIN)
CALLS = sla.Objective("calls", sla.Volume(), 10, direction="at_most")


def objective(name: str = "leads", goal: str = "600") -> dict[str, object]:
    return {"name": name, "goal": goal, "measure": {"type": "volume"}}


class TestRoundTrips:
    @pytest.mark.parametrize(
        "amendments",
        [
            [Amendment(date(2026, 7, 1), objectives=[MORE, CALLS], note="review")],
            [
                Amendment(date(2026, 3, 16), fee=1200, until=NOON),
                Amendment(
                    datetime(2026, 7, 1, 12, tzinfo=BERLIN),
                    objectives=[MORE],
                    at_risk=5,
                ),
            ],
        ],
    )
    def test_history_round_trips(self, amendments: list[Amendment]) -> None:
        agreement = agreement_with(
            LEADS, fee=1000, at_risk=10, tz="Europe/Berlin", amendments=amendments
        )
        round_trips(agreement)

    def test_read(self) -> None:
        doc = minimal(
            fee="100",
            amendments=[
                {
                    "effective": date(2026, 7, 1),
                    "note": "12-month review",
                    "fee": "120",
                    "objectives": [objective()],
                }
            ],
        )
        agreement = read(doc)
        (amendment,) = agreement.amendments
        assert amendment.note == "12-month review"
        assert amendment.fee == Decimal(120)
        assert amendment.objectives is not None
        assert amendment.objectives[0].goal == 600
        assert [v.fee for v in agreement.versions] == [100, 120]

    def test_the_shipped_example_loads(self) -> None:
        agreement = sla.load("tests/data/agreements/amended.toml")
        assert [v.number for v in agreement.versions] == [0, 1]
        round_trips(agreement)


class TestProblems:
    def test_overlapping_amendments_name_the_second(self) -> None:
        doc = minimal(
            fee="100",
            amendments=[
                {"effective": date(2026, 7, 1), "fee": "120"},
                {"effective": date(2026, 7, 1), "fee": "130"},
            ],
        )
        problem = one_problem(doc)
        assert problem.where == "amendments[1].effective"
        assert "at the same instant as amendments[0]" in problem.message
        assert problem.line is not None

    def test_a_gap_names_its_place_and_line(self) -> None:
        text = textwrap.dedent(
            """\
            name = "Leads"
            kind = "internal"
            effective_from = 2026-01-01
            fee = "100"
            objectives = [{ name = "leads", goal = "5", measure = { type = "volume" } }]
            parties = [
              { name = "Marketing", role = "provider" },
              { name = "Sales", role = "customer" },
            ]

            [[amendments]]
            effective = 2026-04-01
            until = 2026-06-01
            fee = "110"

            [[amendments]]
            effective = 2026-07-01
            fee = "120"
            """
        )
        problem = one_problem(text)
        assert problem.where == "amendments[1].effective"
        assert problem.line == 17
        assert "leaves a gap after amendments[0]" in problem.message

    def test_each_amendments_problems_at_once(self) -> None:
        doc = minimal(
            amendments=[
                {"effective": "soon", "fee": "x", "colour": "red"},
                {"note": "no date", "objectives": [objective(), objective()]},
            ]
        )
        found = {(p.where, p.message) for p in problems(doc, "json")}
        assert ("amendments[0].effective", "not a timestamp") in found
        assert ("amendments[0].fee", "not a number") in found
        assert ("amendments[0].colour", "unknown key") in found
        assert ("amendments[1].effective", "missing required key") in found
        assert (
            "amendments[1].objectives[1].name",
            "objective 'leads' is named twice",
        ) in found

    def test_a_bad_objective_in_an_amendment(self) -> None:
        doc = minimal(
            amendments=[
                {"effective": date(2026, 7, 1), "objectives": [objective(goal="-1")]}
            ]
        )
        problem = one_problem(doc)
        assert problem.where == "amendments[0].objectives[0].goal"

    def test_an_invalid_version_names_the_amendment(self) -> None:
        doc = minimal(
            amendments=[
                {
                    "effective": date(2026, 7, 1),
                    "objectives": [objective() | {"provider": "Nobody"}],
                }
            ]
        )
        problem = one_problem(doc)
        assert problem.where == "amendments[0].objectives[0].provider"
        assert problem.message.startswith("amendments[0]: objective 'leads' names")

    def test_a_fee_the_agreement_does_not_have(self) -> None:
        doc = minimal(amendments=[{"effective": date(2026, 7, 1), "fee": "1"}])
        problem = one_problem(doc)
        assert problem.where == "amendments[0].fee"

    def test_an_amendment_that_changes_nothing(self) -> None:
        doc = minimal(amendments=[{"effective": date(2026, 7, 1), "note": "hm"}])
        problem = one_problem(doc)
        assert problem.where == "amendments[0].objectives"
        assert "changes objectives, fee, at_risk or workload" in problem.message

    def test_not_an_array(self) -> None:
        problem = one_problem(minimal(amendments={"effective": date(2026, 7, 1)}))
        assert problem.where == "amendments"
        assert problem.message == "wrong type"


def test_validate_names_the_place(tmp_path, capsys) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        textwrap.dedent(
            """\
            name = "Leads"
            kind = "internal"
            effective_from = 2026-01-01
            effective_until = 2027-01-01
            objectives = [{ name = "leads", goal = "5", measure = { type = "volume" } }]
            parties = [
              { name = "Marketing", role = "provider" },
              { name = "Sales", role = "customer" },
            ]

            [[amendments]]
            effective = 2026-07-01
            until = 2026-12-01
            objectives = [{ name = "leads", goal = "6", measure = { type = "volume" } }]
            """
        )
    )
    code = _cli.main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "line 13: amendments[0].until" in err
    assert "leaves a gap" in err


def test_validate_counts_the_amendments(capsys) -> None:
    code = _cli.main(["validate", "tests/data/agreements/amended.toml"])
    out = capsys.readouterr().out
    assert code == 0
    assert out == (
        "tests/data/agreements/amended.toml: ok: customer agreement "
        "'Acme Hosting for Globex', 1 objective, 1 amendment, monthly, UTC\n"
    )
