"""Period reports: what they say, and each of their renderers.

`Report` and `ObjectiveResult` are built here by hand, field by field, so every
branch of the renderers is reached without evaluating an agreement; one test
checks the renderers on a real evaluation too.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

import slacore as sla
from slacore import EarnBack, ObjectiveResult, Report
from slacore._report import text_table

OCT = datetime(2026, 10, 1, tzinfo=UTC)
NOV = datetime(2026, 11, 1, tzinfo=UTC)


def result(**changes: Any) -> ObjectiveResult:
    base = ObjectiveResult(
        objective="uptime",
        measure="availability",
        provider="Cloud Co",
        value=Decimal("99.81234567"),
        goal=Decimal("99.9"),
        direction="at_least",
        met=False,
        count=2,
        good=0,
        breaches=2,
        credit_percent=Decimal(10),
        credit_amount=Decimal("100.00"),
        paid_percent=Decimal(10),
        paid_amount=Decimal("100.00"),
    )
    return attrs.evolve(base, **changes)


def report(*results: ObjectiveResult, **changes: Any) -> Report:
    base = Report(
        agreement="Cloud",
        kind="customer",
        period_start=OCT,
        period_end=NOV,
        now=NOV,
        results=results or (result(),),
        fee=Decimal(1000),
        uncapped_percent=Decimal(10),
        credit_percent=Decimal(10),
        credit_amount=Decimal("100.00"),
        capped_by=None,
        earned_back=(),
        earned_back_amount=None,
        net_credit_amount=Decimal("100.00"),
        year_credit_amount=Decimal("100.00"),
        terminable=False,
        missed_run=(),
        next_review=None,
        review_due=False,
        claim_deadline=None,
        recipients=("Customer",),
        escalation=(),
    )
    return attrs.evolve(base, **changes)


RESPONSE = result(
    objective="first response",
    measure="ticket_attainment",
    provider=None,
    value=None,
    goal=Decimal(90),
    direction="at_least",
    met=None,
    count=0,
    breaches=0,
    credit_percent=Decimal(0),
    credit_amount=Decimal("0.00"),
    paid_percent=Decimal(0),
    paid_amount=Decimal("0.00"),
)
WAIT = result(
    objective="answer speed",
    measure="average_wait",
    value=Decimal(25),
    goal=Decimal(30),
    direction="at_most",
    met=True,
    count=40,
    good=40,
    breaches=0,
    credit_percent=Decimal(0),
)


class TestReading:
    def test_met_missed_and_result(self) -> None:
        r = report(result(), RESPONSE, WAIT)
        assert r.met is False
        assert r.missed == ("uptime",)
        assert r.result("answer speed") is WAIT
        with pytest.raises(KeyError, match="report has no objective 'nope'"):
            r.result("nope")

    def test_unmeasured_objectives_do_not_miss(self) -> None:
        assert report(RESPONSE, WAIT).met is True

    def test_complete(self) -> None:
        assert report().complete is True
        assert report(now=NOV - timedelta(microseconds=1)).complete is False


class TestToDict:
    def test_json_safe(self) -> None:
        back = EarnBack(
            "uptime", OCT - timedelta(days=31), Decimal(5), Decimal("50.00")
        )
        r = report(
            result(),
            RESPONSE,
            earned_back=(back,),
            earned_back_amount=Decimal("50.00"),
            net_credit_amount=Decimal("50.00"),
            missed_run=(OCT,),
            next_review=NOV,
            claim_deadline=NOV + timedelta(days=30),
        )
        data = r.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["period_start"] == "2026-10-01T00:00:00+00:00"
        assert (data["complete"], data["met"]) == (True, False)
        assert data["fee"] == "1000"
        assert data["credit_amount"] == "100.00"  # cents kept
        assert data["uncapped_percent"] == "10"
        assert data["earned_back"] == [
            {
                "objective": "uptime",
                "period_start": "2026-08-31T00:00:00+00:00",
                "percent": "5",
                "amount": "50.00",
            }
        ]
        assert data["missed_run"] == ["2026-10-01T00:00:00+00:00"]
        assert data["next_review"] == "2026-11-01T00:00:00+00:00"
        assert data["claim_deadline"] == "2026-12-01T00:00:00+00:00"
        assert data["recipients"] == ["Customer"]
        first, second = data["results"]
        assert first["value"] == "99.81234567"  # exact, not rounded for people
        assert second["value"] is None
        assert second["met"] is None

    def test_no_exponents(self) -> None:
        data = result(value=Decimal("1E+2"), goal=Decimal("1.50E1")).to_dict()
        assert (data["value"], data["goal"]) == ("100", "15")

    def test_error_budget_in_exact_seconds(self) -> None:
        budget = sla.error_budget("99.9", OCT, NOV, [], now=OCT + timedelta(days=1))
        data = result(error_budget=budget, burn_rate=Decimal("0.5")).to_dict()
        assert data["error_budget"] == {
            "allowed_seconds": "2678.4",
            "used_seconds": "0",
            "left_seconds": "2678.4",
            "consumed": "0",
        }
        assert data["burn_rate"] == "0.5"

    def test_without_a_fee(self) -> None:
        r = report(
            result(credit_amount=None, paid_amount=None),
            fee=None,
            credit_amount=None,
            net_credit_amount=None,
            year_credit_amount=None,
        )
        data = r.to_dict()
        assert data["fee"] is None
        assert data["results"][0]["credit_amount"] is None


class TestRows:
    def test_one_row_per_objective_with_their_types(self) -> None:
        rows = report(result(), RESPONSE).rows()
        assert [row["objective"] for row in rows] == ["uptime", "first response"]
        assert rows[0]["value"] == Decimal("99.81234567")
        assert rows[0]["period_start"] == OCT
        assert rows[1]["value"] is None
        assert set(rows[0]) == {
            "agreement",
            "period_start",
            "period_end",
            "objective",
            "measure",
            "provider",
            "value",
            "goal",
            "direction",
            "met",
            "count",
            "good",
            "breaches",
            "credit_percent",
            "credit_amount",
            "paid_percent",
            "paid_amount",
        }


class TestToMarkdown:
    def test_everything(self) -> None:
        back = EarnBack(
            "uptime", OCT - timedelta(days=31), Decimal(5), Decimal("50.00")
        )
        r = report(
            result(),
            RESPONSE,
            WAIT,
            capped_by="yearly_cap",
            earned_back=(back,),
            earned_back_amount=Decimal("50.00"),
            net_credit_amount=Decimal("50.00"),
            terminable=True,
            missed_run=(OCT - timedelta(days=30), OCT),
            next_review=OCT,
            review_due=True,
            claim_deadline=NOV,
        )
        assert r.to_markdown() == (
            "## Cloud: 2026-10-01 to 2026-11-01\n"
            "\n"
            "| objective | value | goal | met | count | breaches | credit % |\n"
            "| --- | ---: | ---: | :---: | ---: | ---: | ---: |\n"
            "| uptime | 99.8123 | >= 99.9 | **no** | 2 | 2 | 10 |\n"
            "| first response | n/a | >= 90 | n/a | 0 | 0 | 0 |\n"
            "| answer speed | 25 | <= 30 | yes | 40 | 0 | 0 |\n"
            "\n"
            "- Credit owed: 10 % of the fee = 100.00 (capped by yearly cap)\n"
            "- Earned back: uptime (2026-08-31)\n"
            "- Net credit: 50.00\n"
            "- Termination right: objectives missed in 2026-09-01, 2026-10-01\n"
            "- Next review: 2026-10-01 (due this period)\n"
            "- Claim credits by: 2026-11-01T00:00:00+00:00\n"
        )


class TestToText:
    def test_everything(self) -> None:
        back = EarnBack(
            "uptime", OCT - timedelta(days=31), Decimal(5), Decimal("50.00")
        )
        r = report(
            result(),
            RESPONSE,
            WAIT,
            capped_by="at_risk",
            earned_back=(back,),
            earned_back_amount=Decimal("50.00"),
            terminable=True,
            missed_run=(OCT - timedelta(days=30), OCT),
            next_review=OCT,
            review_due=True,
            claim_deadline=NOV,
        )
        assert r.to_text() == (
            "Cloud: 2026-10-01 to 2026-11-01\n"
            "\n"
            "objective         value     goal  met  count  breaches  credit %\n"
            "--------------  -------  -------  ---  -----  --------  --------\n"
            "uptime          99.8123  >= 99.9   NO      2         2        10\n"
            "first response      n/a    >= 90  n/a      0         0         0\n"
            "answer speed         25    <= 30  yes     40         0         0\n"
            "\n"
            "credit owed:      10 % of the fee = 100.00 (capped by at risk)\n"
            "earned back:      50.00\n"
            "termination:      may terminate (missed 2026-09-01, 2026-10-01)\n"
            "next review:      2026-10-01 (due this period)\n"
            "claim credits by: 2026-11-01T00:00:00+00:00\n"
        )

    def test_so_far_and_without_a_fee(self) -> None:
        back = EarnBack("uptime", OCT - timedelta(days=31), Decimal(5), None)
        r = report(
            result(credit_amount=None, paid_amount=None),
            now=OCT + timedelta(days=3),
            fee=None,
            credit_amount=None,
            earned_back=(back,),
            earned_back_amount=None,
            next_review=NOV,
        )
        lines = r.to_text().splitlines()
        assert lines[0] == (
            "Cloud: 2026-10-01 to 2026-11-01 (so far, as of 2026-10-04T00:00:00+00:00)"
        )
        assert lines[-3:] == [
            "credit owed:      10 % of the fee",
            "earned back:      uptime (2026-08-31)",
            "next review:      2026-11-01",
        ]

    def test_a_real_evaluation(self) -> None:
        """The text of an evaluated agreement has one table row per objective, and
        the same figures as `to_dict`."""
        agreement = sla.Agreement(
            "Leads",
            "internal",
            [sla.Party("Marketing", "provider"), sla.Party("Sales", "customer")],
            [sla.Objective("leads", sla.Volume(), 2)],
            effective_from=OCT,
            tz="UTC",
            fee="1000",
        )
        records = [{"at": OCT + timedelta(days=n)} for n in range(3)]
        [r] = agreement.evaluate_range(sla.Dataset(records=records), OCT, NOV)
        text = r.to_text()
        assert "leads" in text.splitlines()[4]
        assert f"{r.to_dict()['results'][0]['value']}  >= 2  yes" in text
        assert text.endswith("credit owed:      0 % of the fee = 0.00\n")


class TestTextTable:
    def test_alignment(self) -> None:
        assert text_table([["name", "n"], ["a", "10"], ["bb", "2"]]) == (
            "name   n\n----  --\na     10\nbb     2\n"
        )

    def test_trailing_spaces_are_trimmed(self) -> None:
        assert text_table([["a", "b"], ["long", ""]]) == "a     b\n----  -\nlong\n"


class TestNumbersForPeople:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (Decimal("99.81234567"), "99.8123"),
            (Decimal("99.99995"), "100"),  # half-even to 4 places
            (Decimal("2.50"), "2.5"),
            (Decimal("1E+3"), "1000"),
            (Decimal("0.0000"), "0"),
            (Decimal(-3), "-3"),
        ],
    )
    def test_at_most_four_places(self, value: Decimal, shown: str) -> None:
        text = report(result(value=value)).to_text()
        assert text.splitlines()[4].split()[1] == shown
