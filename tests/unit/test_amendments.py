"""Amendments: versions of an agreement's terms, and periods an amendment splits.

The worked month is March 2026 (31 days, UTC), split by an amendment that takes
effect on the 16th: 15 days (360 hours) under version 0, 16 days (384 hours)
under version 1. Each part is measured on its own span under its own
objectives; each part's credit is a percent of its share of its version's fee
(the fee pro-rata by time); the period's percents weigh each part by its fee
times its length.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from tests.agreements import PARTIES, at
from tests.instants import BERLIN

import slacore as sla
from slacore._amendments import AgreementVersion, Amendment
from slacore._report_parts import ReportPart

MARCH = date(2026, 3, 1)
SPLIT = date(2026, 3, 16)


def uptime(goal: str, below: str, percent: int) -> sla.Objective:
    """An availability objective with one credit tier."""
    tiers = [sla.CreditTier(below, percent)]
    return sla.Objective(
        "uptime", sla.Availability("api"), goal, credit=sla.CreditSchedule(tiers)
    )


V0 = (uptime("99", "99", 10),)
V1 = (uptime("99.5", "99.5", 20), sla.Objective("leads", sla.Volume(), 2))


def hosting(*amendments: Amendment, **terms: object) -> sla.Agreement:
    terms.setdefault("effective_from", date(2026, 1, 1))
    terms.setdefault("fee", 3100)
    objectives = terms.pop("objectives", V0)
    return sla.Agreement(
        "Hosting",
        "customer",
        PARTIES,
        objectives,  # type: ignore[arg-type]
        amendments=amendments,
        **terms,  # type: ignore[arg-type]
    )


def review(**changes: object) -> Amendment:
    """The amendment of 16 March: the new objectives and a fee of 3720."""
    changes.setdefault("objectives", V1)
    changes.setdefault("fee", 3720)
    return Amendment(SPLIT, note="review", **changes)  # type: ignore[arg-type]


def down(day: int, hours: int, month: int = 3) -> sla.Outage:
    start = at(2026, month, day)
    return sla.Outage("api", start, start + timedelta(hours=hours))


# 6 hours down on 10 March (version 0's part), 1 hour on 20 March (version 1's).
MARCH_DATA = sla.Dataset(
    outages=[down(10, 6), down(20, 1)], records=[{"at": at(2026, 3, 20)}]
)


class TestSplitMonth:
    def report(self, agreement: sla.Agreement | None = None) -> sla.Report:
        agreement = agreement or hosting(review())
        return agreement.evaluate(MARCH_DATA, MARCH)

    def test_each_part_measured_under_its_own_version(self) -> None:
        report = self.report()
        first, second = report.parts
        assert (first.version, first.start, first.end) == (
            0,
            at(2026, 3, 1),
            at(2026, 3, 16),
        )
        assert (second.version, second.start, second.end) == (
            1,
            at(2026, 3, 16),
            at(2026, 4, 1),
        )
        assert second.note == "review"
        # 354 of 360 hours up: 98.33 %, under 99: the 10 % tier.
        (old,) = first.results
        assert old.value == Decimal(354) * 100 / Decimal(360)
        assert (old.goal, old.met, old.credit_percent) == (99, False, 10)
        # 383 of 384 hours up: 99.74 %, at least 99.5: met. One lead of 2.
        new, leads = second.results
        assert new.value == Decimal(383) * 100 / Decimal(384)
        assert (new.goal, new.met, new.credit_percent) == (Decimal("99.5"), True, 0)
        assert (leads.value, leads.met) == (1, False)

    def test_fee_pro_rata_by_time_and_credit_of_each_part(self) -> None:
        report = self.report()
        first, second = report.parts
        assert first.fee == 1500  # 3100 * 15 / 31
        assert second.fee == 1920  # 3720 * 16 / 31
        assert first.credit_amount == Decimal("150.00")  # 10 % of 1500
        assert first.results[0].credit_amount == Decimal("150.00")
        assert second.credit_amount == Decimal("0.00")
        assert report.fee == 3420
        assert report.credit_amount == Decimal("150.00")
        # A percent of the period's fee: 150 / 3420.
        assert report.credit_percent == Decimal(15000) / Decimal(3420)
        assert report.uncapped_percent == report.credit_percent
        assert report.net_credit_amount == Decimal("150.00")

    def test_report_names_the_version_and_every_result(self) -> None:
        report = self.report()
        assert report.version == 1
        assert [r.objective for r in report.results] == ["uptime", "uptime", "leads"]
        assert report.missed == ("uptime", "leads")
        assert report.result("uptime").goal == Decimal("99.5")  # the latest's
        assert not report.met

    def test_same_fee_in_both_versions_is_the_whole_fee(self) -> None:
        report = self.report(hosting(review(fee=None)))
        assert report.fee == 3100
        assert report.parts[1].fee == 1600  # 3100 * 16 / 31
        assert report.credit_amount == Decimal("150.00")
        # 10 % over 15 of 31 days.
        assert report.credit_percent == Decimal(150) / Decimal(31)

    def test_without_a_fee_the_percents_weigh_by_time(self) -> None:
        report = self.report(hosting(review(fee=None), fee=None))
        assert report.fee is None
        assert report.credit_amount is None
        assert report.parts[0].fee is None
        assert report.credit_percent == Decimal(150) / Decimal(31)

    def test_at_risk_of_each_version_caps_its_part(self) -> None:
        agreement = hosting(review(at_risk=50), at_risk=5)
        report = self.report(agreement)
        first = report.parts[0]
        assert (first.uncapped_percent, first.credit_percent) == (10, 5)
        assert first.capped_by == "at_risk"
        assert report.capped_by == "at_risk"
        assert report.credit_amount == Decimal("75.00")  # 5 % of 1500
        assert first.results[0].paid_percent == 5

    def test_yearly_cap_over_the_split_period(self) -> None:
        report = self.report(hosting(review(), yearly_cap=100))
        assert report.credit_amount == Decimal("100.00")
        assert report.capped_by == "yearly_cap"
        paid = report.parts[0].results[0]
        assert paid.credit_percent == 10
        # 10 % scaled by 100 / 150: 6.67 % of 1500 is the 100.00 paid.
        assert paid.paid_percent == Decimal(10) * (Decimal(100) / Decimal(150))
        assert paid.paid_amount == Decimal("100.00")
        assert report.credit_percent == Decimal(10000) / Decimal(3420)

    def test_text_and_markdown_show_each_part(self) -> None:
        report = self.report()
        text = report.to_text()
        assert "uptime (v0)  98.3333    >= 99   NO" in text
        assert "leads (v1)" in text
        assert "terms:            v0 2026-03-01 to 2026-03-16; v1 2026-03-16" in text
        markdown = report.to_markdown()
        assert "| uptime (v1) | 99.7396 | >= 99.5 | yes |" in markdown
        assert "- Terms: v0 2026-03-01 to 2026-03-16;" in markdown

    def test_to_dict_holds_the_parts(self) -> None:
        data = self.report().to_dict()
        assert data["version"] == 1
        first, second = data["parts"]
        assert (first["version"], first["fee"], first["credit_amount"]) == (
            0,
            "1500",
            "150.00",
        )
        assert second["note"] == "review"
        assert [r["objective"] for r in second["results"]] == ["uptime", "leads"]

    def test_tally_of_any_split_reports_as_evaluate(self) -> None:
        agreement = hosting(review())
        whole = agreement.evaluate_range(MARCH_DATA, date(2026, 1, 1), date(2026, 6, 1))
        outages = sla.Dataset(outages=MARCH_DATA.outages)
        records = sla.Dataset(records=MARCH_DATA.records)
        span = date(2026, 1, 1), date(2026, 6, 1)
        now = at(2026, 6, 1)
        tally = agreement.tally(records, *span, now=now)
        tally += agreement.tally(outages, *span, now=now)
        assert agreement.report(tally) == whole
        assert [(r.version, len(r.parts)) for r in whole] == [
            (0, 0),
            (0, 0),
            (1, 2),
            (1, 0),
            (1, 0),
        ]


class TestWholePeriods:
    def test_an_amendment_at_a_period_start_splits_nothing(self) -> None:
        agreement = hosting(Amendment(date(2026, 4, 1), objectives=V1, fee=3720))
        march, april = agreement.evaluate_range(MARCH_DATA, MARCH, date(2026, 5, 1))
        assert (march.version, march.parts, march.fee) == (0, (), 3100)
        assert (april.version, april.parts, april.fee) == (1, (), 3720)
        assert [r.objective for r in march.results] == ["uptime"]
        assert [r.objective for r in april.results] == ["uptime", "leads"]
        # March whole under version 0: 7 hours down in 744, 99.06 %: met.
        assert march.result("uptime").met is True

    def test_without_amendments_the_report_is_version_0(self) -> None:
        report = hosting().evaluate(MARCH_DATA, MARCH)
        assert (report.version, report.parts) == (0, ())
        assert "terms:" not in report.to_text()
        assert "Terms" not in report.to_markdown()


class TestHistoryAcrossAnAmendment:
    """Earn-back, termination runs and repeated misses count periods, by name."""

    def test_earn_back_returns_what_was_paid_under_the_old_fee(self) -> None:
        agreement = hosting(review(), earn_back=1)
        # February: 12 hours down in 672: 98.21 %, the 10 % tier of 3100.
        data = sla.Dataset(outages=[down(5, 12, month=2)])
        feb, march = agreement.evaluate_range(data, date(2026, 2, 1), date(2026, 4, 1))
        assert feb.credit_amount == Decimal("310.00")
        # March met in both parts: February's credit is earned back as paid.
        (back,) = march.earned_back
        assert (back.objective, back.period_start) == ("uptime", at(2026, 2, 1))
        assert (back.percent, back.amount) == (10, Decimal("310.00"))
        assert march.earned_back_amount == Decimal("310.00")
        assert march.net_credit_amount == Decimal("-310.00")

    def test_a_miss_in_one_part_is_a_missed_period(self) -> None:
        rule = sla.TerminationRule(2, frozenset({"uptime"}))
        agreement = hosting(review(), termination=rule)
        data = sla.Dataset(outages=[down(5, 12, month=2), down(10, 6)])
        feb, march = agreement.evaluate_range(data, date(2026, 2, 1), date(2026, 4, 1))
        assert not feb.terminable
        assert march.terminable
        assert march.missed_run == (at(2026, 2, 1), at(2026, 3, 1))

    def test_repeated_misses_count_by_objective_name(self) -> None:
        credit = sla.RepeatedMissCredit(2, 3, 5)
        old = sla.Objective("uptime", sla.Availability("api"), 99, credit=credit)
        new = sla.Objective("uptime", sla.Availability("api"), "99.5", credit=credit)
        agreement = hosting(review(objectives=[new]), objectives=[old])
        data = sla.Dataset(outages=[down(5, 12, month=2), down(20, 3)])
        feb, march = agreement.evaluate_range(data, date(2026, 2, 1), date(2026, 4, 1))
        assert feb.result("uptime").missed_in_window == 1
        # 381 of 384 hours: 99.22 %, under 99.5: the second miss in 3 periods.
        first, second = march.parts
        assert first.results[0].met is True
        assert second.results[0].missed_in_window == 2
        assert second.results[0].credit_percent == 5
        assert first.results[0].credit_percent == 0


class TestVersions:
    def agreement(self) -> sla.Agreement:
        return hosting(review(), Amendment(date(2026, 6, 1), fee=4000))

    def test_versions_in_order(self) -> None:
        versions = self.agreement().versions
        assert [v.number for v in versions] == [0, 1, 2]
        assert versions[0] == AgreementVersion(
            number=0,
            effective=at(2026, 1, 1),
            until=at(2026, 3, 16),
            objectives=V0,
            fee=Decimal(3100),
            at_risk=None,
        )
        assert versions[1].objectives == V1
        assert (versions[1].until, versions[1].note) == (at(2026, 6, 1), "review")
        assert (versions[2].objectives, versions[2].fee) == (V1, 4000)
        assert versions[2].until is None

    def test_version_at(self) -> None:
        agreement = self.agreement()
        just_before = at(2026, 3, 16) - timedelta(microseconds=1)
        assert agreement.version_at(just_before).number == 0
        assert agreement.version_at(at(2026, 3, 16)).number == 1
        assert agreement.version_at(at(2030, 1, 1)).number == 2
        with pytest.raises(sla.AgreementError, match="outside agreement"):
            agreement.version_at(at(2025, 12, 31))

    def test_a_date_is_local_midnight_in_the_agreements_zone(self) -> None:
        agreement = hosting(review(), tz="Europe/Berlin")
        (amendment,) = agreement.amendments
        assert amendment.effective == datetime(2026, 3, 16, tzinfo=BERLIN)
        assert agreement == hosting(review(), tz="Europe/Berlin")  # equal, and hashable
        assert hash(agreement) == hash(hosting(review(), tz="Europe/Berlin"))

    def test_amendments_change_the_fingerprint(self) -> None:
        assert hosting(review()).fingerprint != hosting().fingerprint

    def test_termination_may_name_an_objective_an_amendment_brings(self) -> None:
        rule = sla.TerminationRule(2, frozenset({"leads"}))
        assert hosting(review(), termination=rule).termination == rule


def error(*amendments: Amendment, **terms: object) -> sla.AgreementError:
    with pytest.raises(sla.AgreementError) as caught:
        hosting(*amendments, **terms)
    return caught.value


class TestValidation:
    def test_not_after_effective_from(self) -> None:
        for day in (date(2026, 1, 1), date(2025, 6, 1)):
            exc = error(Amendment(day, fee=1))
            assert exc.field == "amendments[0].effective"
            assert "must be after effective_from" in str(exc)

    def test_not_before_effective_until(self) -> None:
        exc = error(
            Amendment(date(2026, 7, 1), fee=1), effective_until=date(2026, 7, 1)
        )
        assert exc.field == "amendments[0].effective"
        assert "before effective_until" in str(exc)

    def test_two_at_one_instant_overlap(self) -> None:
        exc = error(review(), Amendment(SPLIT, fee=1))
        assert exc.field == "amendments[1].effective"
        assert "at the same instant as amendments[0]" in str(exc)

    def test_out_of_order(self) -> None:
        exc = error(review(), Amendment(date(2026, 2, 1), fee=1))
        assert exc.field == "amendments[1].effective"
        assert "before amendments[0]" in str(exc)

    def test_an_until_past_the_next_amendment_overlaps(self) -> None:
        exc = error(review(until=date(2026, 5, 1)), Amendment(date(2026, 4, 1), fee=1))
        assert exc.field == "amendments[1].effective"
        assert "overlaps amendments[0], which holds until 2026-05-01" in str(exc)

    def test_an_until_before_the_next_amendment_leaves_a_gap(self) -> None:
        exc = error(review(until=date(2026, 4, 1)), Amendment(date(2026, 5, 1), fee=1))
        assert exc.field == "amendments[1].effective"
        assert "leaves a gap after amendments[0]" in str(exc)

    def test_the_last_until_must_be_the_agreements_end(self) -> None:
        exc = error(review(until=date(2026, 4, 1)))
        assert exc.field == "amendments[0].until"
        assert "leaves a gap" in str(exc)
        assert "the agreement has no end" in str(exc)
        exc = error(review(until=date(2026, 8, 1)), effective_until=date(2026, 7, 1))
        assert exc.field == "amendments[0].until"
        assert "overlaps the agreement's end" in str(exc)
        ends = date(2026, 7, 1)
        agreement = hosting(review(until=ends), effective_until=ends)
        assert agreement.versions[1].until == at(2026, 7, 1)

    def test_untils_that_meet_the_next_amendment_are_fine(self) -> None:
        agreement = hosting(
            review(until=date(2026, 4, 1)), Amendment(date(2026, 4, 1), fee=1)
        )
        assert [v.fee for v in agreement.versions] == [3100, 3720, 1]

    def test_until_after_effective(self) -> None:
        with pytest.raises(sla.AgreementError) as caught:
            Amendment(at(2026, 3, 16), fee=1, until=at(2026, 3, 16))
        assert caught.value.field == "until"
        exc = error(review(until=date(2026, 3, 1)))
        assert exc.field == "amendments[0].until"

    def test_no_fee_to_change(self) -> None:
        exc = error(review(), fee=None)
        assert exc.field == "amendments[0].fee"
        assert "can change a fee, not add one" in str(exc)

    def test_each_version_is_a_valid_agreement(self) -> None:
        allocated = sla.Objective("leads", sla.Volume(), 2, allocation=10)
        exc = error(review(objectives=[allocated]))
        assert exc.field == "amendments[0].objectives[0].allocation"
        assert str(exc).startswith("amendments[0]: objective 'leads' has an allocation")
        twice = [V1[1], V1[1]]
        assert (
            error(review(objectives=twice)).field == "amendments[0].objectives[1].name"
        )

    def test_an_amendment_changes_something(self) -> None:
        with pytest.raises(
            sla.AgreementError, match="changes objectives, fee, at_risk or workload"
        ):
            Amendment(SPLIT)
        with pytest.raises(sla.AgreementError, match="must not be empty"):
            Amendment(SPLIT, objectives=[])

    def test_bad_values_name_their_field(self) -> None:
        with pytest.raises(sla.AgreementError) as caught:
            Amendment(SPLIT, fee=-1)
        assert caught.value.field == "fee"
        with pytest.raises(sla.AgreementError) as caught:
            Amendment(SPLIT, at_risk="lots")
        assert caught.value.field == "at_risk"

    def test_wrong_types(self) -> None:
        with pytest.raises(TypeError, match=r"amendments\[0\] must be a Amendment"):
            hosting("2026-03-16")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="effective must be a date or a datetime"):
            Amendment("2026-03-16", fee=1)  # type: ignore[arg-type]
        with pytest.raises(sla.NaiveDatetimeError):
            Amendment(datetime(2026, 3, 16), fee=1)
        with pytest.raises(TypeError, match="note must be a str"):
            Amendment(SPLIT, fee=1, note=None)  # type: ignore[arg-type]


class TestBreachesInASplitPeriod:
    def test_each_part_lists_its_own_objectives_misses(self) -> None:
        policy = sla.Policy(
            "p", {"high": sla.Targets(first_response=timedelta(hours=1))}
        )
        replies = sla.TicketAttainment("first_response")
        agreement = sla.Agreement(
            "Support",
            "customer",
            PARTIES,
            [sla.Objective("replies", replies, 90)],
            policies=[policy],
            effective_from=date(2026, 1, 1),
            amendments=[
                Amendment(SPLIT, objectives=[sla.Objective("fast", replies, 95)])
            ],
        )
        tickets = [
            sla.Ticket("T-1", at(2026, 3, 10, 9), "high"),
            sla.Ticket("T-2", at(2026, 3, 20, 9), "high"),
        ]
        report = agreement.evaluate(
            sla.Dataset(tickets=tickets), MARCH, now=at(2026, 4, 1)
        )
        rows = [(row.objective, row.ticket_id) for row in report.breaches.rows]
        assert rows == [("replies", "T-1"), ("fast", "T-2")]
        first, second = report.parts
        assert (first.results[0].count, second.results[0].count) == (1, 1)

    def test_a_report_part_is_a_value(self) -> None:
        part = hosting(review()).evaluate(MARCH_DATA, MARCH).parts[0]
        assert isinstance(part, ReportPart)
        assert attrs.evolve(part) == part
        assert hash(attrs.evolve(part)) == hash(part)
