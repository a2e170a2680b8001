"""Credit terms across periods: caps, minimums, earn-back, termination, money math."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from tests.agreements import BERLIN, agreement, at, leads, records

import slacore as sla


class TestCredits:
    def test_no_credit_terms(self) -> None:
        report = agreement(leads()).evaluate(sla.Dataset(), date(2026, 1, 1))
        assert report.missed == ("leads",)
        assert report.credit_percent == 0
        assert report.credit_amount is None
        assert report.net_credit_amount is None
        assert report.results[0].credit_amount is None

    def test_at_risk_caps_the_total_and_scales_shares(self) -> None:
        a = agreement(
            leads(credit=sla.BreachCountCredit(1, 8)),
            sla.Objective("more", sla.Volume(), 2, credit=sla.BreachCountCredit(1, 4)),
            fee=1000,
            at_risk=6,
        )
        report = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert report.uncapped_percent == 12
        assert (report.credit_percent, report.credit_amount) == (6, Decimal("60.00"))
        assert report.capped_by == "at_risk"
        first, second = report.results
        assert (first.credit_percent, first.paid_percent) == (8, 4)
        assert (second.credit_percent, second.paid_percent) == (4, 2)
        assert first.credit_amount == Decimal("80.00")

    def test_allocation(self) -> None:
        # At risk 12 % of 10,000 = 1,200; leads own 150 % of the pool's share
        # scale: 12 * 50 / 100 = 6 % on a miss; the step credit pays a share of
        # its own allocation.
        a = agreement(
            leads(allocation=50),
            sla.Objective(
                "pipeline",
                sla.Volume(),
                10,
                allocation=100,
                credit=sla.StepCredit(10, 2, 25),
            ),
            fee=10_000,
            at_risk=12,
            pool_allocation=250,
        )
        data = records(*[(1, d) for d in range(1, 6)])  # 5 records: both miss
        report = a.evaluate(data, date(2026, 1, 1))
        leads_result, pipeline = report.results
        assert leads_result.credit_percent == 0  # 5 >= 3: met
        # Pipeline: 5 short of 10 -> 3 started steps of 2 -> 75 % of its share of
        # 12 % (allocation 100) = 9 %.
        assert pipeline.credit_percent == 9
        assert report.credit_amount == Decimal("900.00")
        empty = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert empty.results[0].credit_percent == 6
        # 5 steps would be 125 % of 12; a step credit is capped at 100 % by default
        assert empty.uncapped_percent == 6 + 12
        assert (empty.credit_percent, empty.capped_by) == (12, "at_risk")

    def test_minimum_credit(self) -> None:
        a = agreement(
            leads(credit=sla.BreachCountCredit(1, 1)), fee=1000, minimum_credit=50
        )
        report = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert report.uncapped_percent == 1
        assert (report.credit_amount, report.capped_by) == (Decimal("0.00"), "minimum")
        assert report.results[0].paid_percent == 0
        b = agreement(
            leads(credit=sla.BreachCountCredit(1, 5)), fee=1000, minimum_credit=50
        )
        assert b.evaluate(sla.Dataset(), date(2026, 1, 1)).credit_amount == 50

    def test_yearly_cap(self) -> None:
        a = agreement(
            leads(credit=sla.BreachCountCredit(1, 10)),
            fee=1000,
            yearly_cap=250,
            effective_from=date(2026, 7, 1),
        )
        reports = a.evaluate_range(sla.Dataset(), date(2026, 7, 1), date(2027, 9, 1))
        amounts = [r.credit_amount for r in reports]
        assert amounts[:4] == [100, 100, 50, 0]
        assert [r.capped_by for r in reports[:4]] == [
            None,
            None,
            "yearly_cap",
            "yearly_cap",
        ]
        assert sum(amounts[:12]) == 250  # type: ignore[arg-type]
        # A new contract year starts on 1 July 2027.
        assert amounts[12:] == [100, 100]
        assert reports[2].credit_percent == 5

    def test_earn_back(self) -> None:
        a = agreement(leads(credit=sla.BreachCountCredit(1, 5)), fee=1000, earn_back=2)
        data = records(*[(m, d) for m in (2, 3, 5) for d in (1, 2, 3)])
        reports = a.evaluate_range(data, date(2026, 1, 1), date(2026, 7, 1))
        # Jan missed; Feb, Mar met: January's credit is earned back in March.
        # Apr missed; May met, Jun missed: nothing earned back.
        assert [r.met for r in reports] == [False, True, True, False, True, False]
        march = reports[2]
        assert march.earned_back == (
            sla.EarnBack("leads", at(2026, 1, 1), Decimal(5), Decimal("50.00")),
        )
        assert (march.earned_back_amount, march.net_credit_amount) == (50, -50)
        assert all(not r.earned_back for i, r in enumerate(reports) if i != 2)
        assert reports[0].net_credit_amount == 50
        assert "Earned back: leads (2026-01-01)" in march.to_markdown()

    def test_earn_back_without_fee(self) -> None:
        a = agreement(leads(credit=sla.BreachCountCredit(1, 5)), earn_back=1)
        reports = a.evaluate_range(
            records((2, 1), (2, 2), (2, 3)), date(2026, 1, 1), date(2026, 3, 1)
        )
        assert reports[1].earned_back == (
            sla.EarnBack("leads", at(2026, 1, 1), Decimal(5), None),
        )
        assert reports[1].earned_back_amount is None
        text = reports[1].to_markdown()
        assert "- Earned back: leads (2026-01-01)" in text
        assert "Net credit" not in text

    def test_tiered_credit_on_an_unmeasured_period(self) -> None:
        schedule = sla.CreditSchedule([sla.CreditTier(50, 10)])
        a = agreement(sla.Objective("nps", sla.NetPromoterScore(), 50, credit=schedule))
        report = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert (report.results[0].met, report.credit_percent) == (None, 0)

    def test_repeated_miss(self) -> None:
        a = agreement(leads(credit=sla.RepeatedMissCredit(2, 3, 10)), fee=100)
        data = records(*[(m, d) for m in (2, 4) for d in (1, 2, 3)])
        reports = a.evaluate_range(data, date(2026, 1, 1), date(2026, 6, 1))
        # Missed: Jan, Mar, May. Misses in the windows of 3: Jan 1, Mar 2, May 2.
        assert [r.results[0].missed_in_window for r in reports] == [1, 1, 2, 1, 2]
        assert [r.credit_amount for r in reports] == [0, 0, 10, 0, 10]

    def test_termination_fires_on_the_third_month(self) -> None:
        a = agreement(
            leads(),
            sla.Objective("other", sla.Volume(), 0),
            termination=sla.TerminationRule(3, objectives=["leads"]),
        )
        data = records((4, 1), (4, 2), (4, 3))
        reports = a.evaluate_range(data, date(2026, 1, 1), date(2026, 7, 1))
        assert [r.terminable for r in reports] == [
            False,
            False,
            True,
            False,
            False,
            False,
        ]
        assert reports[2].missed_run == (at(2026, 1, 1), at(2026, 2, 1), at(2026, 3, 1))
        assert [len(r.missed_run) for r in reports] == [1, 2, 3, 0, 1, 2]
        assert "Termination right" in reports[2].to_markdown()
        four = a.evaluate_range(sla.Dataset(), date(2026, 1, 1), date(2026, 5, 1))
        assert [r.terminable for r in four] == [False, False, True, True]
        assert four[3].missed_run[0] == at(2026, 2, 1)

    def test_review_claims_recipients(self) -> None:
        a = agreement(
            leads(),
            review_every=relativedelta(months=6),
            claim_window=relativedelta(months=2),
            responsibilities=[
                sla.Responsibility("Acme", "reports monthly"),
                sla.Responsibility("Globex", "reads it", kind="report"),
                sla.Responsibility("Acme", "on call", kind="escalation"),
            ],
            tz="Europe/Berlin",
        )
        june, july = a.evaluate_range(sla.Dataset(), date(2026, 6, 1), date(2026, 8, 1))
        assert june.next_review == at(2026, 7, 1, tz=BERLIN)
        assert not june.review_due
        assert july.review_due
        assert july.next_review == at(2026, 7, 1, tz=BERLIN)
        assert june.claim_deadline == at(2026, 9, 1, tz=BERLIN)
        assert (june.recipients, june.escalation) == (("Globex",), ("Acme",))
        plain = agreement(leads(), claim_window=timedelta(days=30))
        report = plain.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert report.claim_deadline == at(2026, 3, 3)
        assert (report.recipients, report.escalation) == (("Globex",), ())


class TestMoneyMath:
    """Issue 9: money math never depends on the caller's decimal context."""

    def test_hostile_context(self) -> None:
        import decimal

        a = agreement(leads(3, credit=sla.StepCredit(10, 2, 5)), fee="99999.99")
        expected = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        with decimal.localcontext() as context:
            context.prec = 3
            context.traps[decimal.Inexact] = True
            got = a.evaluate(sla.Dataset(), date(2026, 1, 1))
        assert got == expected
        assert got.credit_amount == Decimal("25000.00")  # 24999.9975

    def test_total_capped_at_the_fee(self) -> None:
        """Two missed objectives paying 100 % each owe the fee once, not twice."""
        miss = sla.BreachCountCredit(1, 100)
        a = agreement(
            sla.Objective("one", sla.Volume(), 3, credit=None),
            sla.Objective("two", sla.Ratio(sla.Equals("ok", True)), 100, credit=miss),
            fee=1000,
        )
        data = sla.Dataset(records=[{"at": at(2026, 1, 5), "ok": False}])
        report = a.evaluate(data, date(2026, 1, 1))
        assert report.uncapped_percent == 100
        three = agreement(
            sla.Objective("one", sla.Volume(), 3, credit=miss),
            sla.Objective("two", sla.Ratio(sla.Equals("ok", True)), 100, credit=miss),
            fee=1000,
        )
        report = three.evaluate(data, date(2026, 1, 1))
        assert report.uncapped_percent == 200
        assert (report.credit_percent, report.capped_by) == (100, "fee")
        assert report.credit_amount == Decimal("1000.00")
