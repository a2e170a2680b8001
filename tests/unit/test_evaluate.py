"""Evaluating agreements: which items count in which period, as of `now`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from tests.agreements import H, agreement, at, leads, records

import slacore as sla


class TestEvaluation:
    def test_volume_and_unmeasurable(self) -> None:
        a = agreement(
            leads(),
            sla.Objective("nps", sla.NetPromoterScore(), 30),
            tz="Europe/Berlin",
        )
        data = records((1, 5), (1, 6), (1, 31), (2, 1))
        # 31 January 23:30 UTC is February in Berlin.
        data = sla.Dataset(records=[*data.records, {"at": at(2026, 1, 31, 23, 30)}])
        report = a.evaluate(data, date(2026, 1, 1))
        volume, nps = report.results
        assert (volume.value, volume.met, volume.count, volume.breaches) == (
            3,
            True,
            3,
            0,
        )
        assert (nps.value, nps.met, nps.count) == (None, None, 0)
        assert report.met
        assert a.evaluate(data, date(2026, 2, 1)).result("leads").value == 2
        assert a.evaluate(data, date(2026, 3, 1)).missed == ("leads",)
        with pytest.raises(KeyError, match="speed"):
            report.result("speed")

    def test_volume_sum_and_where(self) -> None:
        qualified = sla.Equals("stage", "qualified")
        a = agreement(
            sla.Objective(
                "pipeline", sla.Volume("amount", "sum", where=qualified), 1000
            )
        )
        data = sla.Dataset(
            records=[
                {"at": at(2026, 1, 2), "stage": "qualified", "amount": "600.10"},
                {"at": at(2026, 1, 3), "stage": "qualified", "amount": 400.0},
                {"at": at(2026, 1, 4), "stage": "new", "amount": 5000},
            ]
        )
        result = a.evaluate(data, date(2026, 1, 1)).results[0]
        assert result.value == Decimal("1000.10")
        assert result.met
        assert result.count == 2
        broken = sla.Dataset(records=[{"at": at(2026, 1, 2), "stage": "qualified"}])
        with pytest.raises(sla.DataError, match="no 'amount'") as info:
            a.evaluate(broken, date(2026, 1, 1))
        assert info.value.field == "records[0].amount"

    def test_where_reads_priority(self) -> None:
        urgent = sla.Equals("priority", "urgent")
        a = agreement(
            sla.Objective("urgent", sla.Volume(where=urgent), 0, direction="at_most")
        )
        data = sla.Dataset(records=[{"at": at(2026, 1, 2), "priority": "urgent"}])
        result = a.evaluate(data, date(2026, 1, 1)).results[0]
        assert (result.value, result.met, result.breaches) == (1, False, 1)

    def test_deadline(self) -> None:
        cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
        a = agreement(
            sla.Objective("follow-up", sla.Deadline("contacted", 8 * H, cal), 80)
        )
        friday = at(2026, 1, 30, 16)  # due Monday 2 Feb 16:00
        data = sla.Dataset(
            records=[
                {"at": at(2026, 1, 5, 9), "contacted": at(2026, 1, 5, 17)},  # on time
                {"at": at(2026, 1, 6, 9), "contacted": at(2026, 1, 7, 9, 1)},  # late
                {"at": at(2026, 1, 7, 9)},  # missing, long past: late
                {"at": friday, "contacted": at(2026, 2, 2, 16)},  # exactly on time
                {"at": friday},  # pending at now=2026-02-01: counts nowhere
            ]
        )
        result = a.evaluate(data, date(2026, 1, 1)).results[0]
        # The deed on Monday came after now (1 February): not known yet, and that
        # record's deadline has not passed, so it counts nowhere yet.
        assert (result.count, result.good, result.breaches) == (3, 1, 2)
        assert result.value == Decimal(100) / 3
        later = a.evaluate(data, date(2026, 1, 1), now=at(2026, 2, 2, 16, 0, 0, 1))
        assert later.results[0].count == 5
        naive = sla.Dataset(
            records=[{"at": at(2026, 1, 5), "contacted": datetime(2026, 1, 5)}]
        )
        with pytest.raises(sla.NaiveDatetimeError, match=r"records\[0\].contacted"):
            a.evaluate(naive, date(2026, 1, 1))

    def test_ticket_outcomes_count_where_they_happen(self) -> None:
        policy = sla.Policy(
            "support",
            {
                "high": sla.Targets(resolution=4 * H),
                "low": sla.Targets(resolution=48 * H),
            },
        )
        a = agreement(
            sla.Objective("high", sla.TicketAttainment("resolution", ["high"]), 90),
            sla.Objective(
                "all", sla.TicketAttainment("resolution", policy="support"), 90
            ),
            sla.Objective("fr", sla.TicketAttainment("first_response"), 90),
            policies=[policy],
        )
        created = at(2026, 1, 31, 22)
        tickets = [
            # Breached at 02:00 on 1 February, solved on 3 February: counts in February.
            sla.Ticket(
                1,
                created,
                "high",
                [sla.TicketEvent(at(2026, 2, 3), "status", "solved")],
            ),
            # Solved in time in January.
            sla.Ticket(
                2,
                at(2026, 1, 5),
                "high",
                [sla.TicketEvent(at(2026, 1, 5, 1), "status", "solved")],
            ),
            # Still running, not breached at now: counts nowhere.
            sla.Ticket(3, at(2026, 2, 27), "low"),
            # Priority unknown to the policy: not measured.
            sla.Ticket(4, at(2026, 1, 5), "whatever"),
        ]
        data = sla.Dataset(tickets=tickets)
        jan, feb = a.evaluate_range(data, date(2026, 1, 1), date(2026, 3, 1))
        assert (jan.results[0].count, jan.results[0].value) == (1, 100)
        assert (feb.results[0].count, feb.results[0].value, feb.results[0].met) == (
            1,
            0,
            False,
        )
        assert feb.results[1].count == 1
        assert feb.results[2].met is None
        # The same period evaluated alone, as of the same instant, agrees.
        assert a.evaluate(data, date(2026, 2, 1), now=at(2026, 3, 1)) == feb

    def test_priority_filter_and_policy_filter(self) -> None:
        p1 = sla.Policy(
            "vip", {"high": sla.Targets(first_response=H)}, condition=sla.HasTag("vip")
        )
        p2 = sla.Policy("rest", {"high": sla.Targets(first_response=H)})
        a = agreement(
            sla.Objective(
                "vip", sla.TicketAttainment("first_response", policy="vip"), 90
            ),
            policies=[p1, p2],
        )
        tickets = [
            sla.Ticket(
                1,
                at(2026, 1, 5),
                "high",
                [sla.TicketEvent(at(2026, 1, 5, 0, 30), "agent_reply")],
                fields={"tags": ["vip"]},
            ),
            sla.Ticket(2, at(2026, 1, 5), "high"),
        ]
        result = a.evaluate(sla.Dataset(tickets=tickets), date(2026, 1, 1)).results[0]
        assert (result.count, result.value) == (1, 100)

    def test_service_level_nps_average(self) -> None:
        a = agreement(
            sla.Objective(
                "calls", sla.ServiceLevel(timedelta(seconds=20), service="sales"), 80
            ),
            sla.Objective("nps", sla.NetPromoterScore(), 0),
            sla.Objective("csat", sla.AverageScore("csat"), "4.5"),
            sla.Objective("score", sla.AverageScore(), 5),
        )
        s = timedelta(seconds=1)
        contacts = [
            sla.Contact(10 * s, at=at(2026, 1, 2), service="sales"),
            sla.Contact(30 * s, at=at(2026, 1, 2), service="sales"),
            sla.Contact(5 * s, answered=False, at=at(2026, 1, 2), service="sales"),
            sla.Contact(5 * s, at=at(2026, 1, 2), service="support"),
        ]
        responses = [
            sla.Response(at(2026, 1, 3), 10, fields={"csat": 5}),
            sla.Response(at(2026, 1, 3), 9, fields={"csat": "4"}),
            sla.Response(at(2026, 1, 3), 3),
        ]
        report = a.evaluate(
            sla.Dataset(contacts=contacts, responses=responses), date(2026, 1, 1)
        )
        calls, nps, csat, score = report.results
        assert (calls.count, calls.good, calls.breaches) == (3, 1, 2)
        assert calls.value == Decimal(100) / 3
        assert (nps.value, nps.good, nps.breaches) == (Decimal(100) / 3, 2, 1)
        assert (csat.value, csat.count, csat.met, csat.breaches) == (
            Decimal("4.5"),
            2,
            True,
            1,
        )
        assert (score.value, score.breaches) == (Decimal(22) / 3, 1)

    def test_contact_centre_measures(self) -> None:
        s = timedelta(seconds=1)
        a = agreement(
            sla.Objective(
                "abandoned",
                sla.AbandonRate(short_abandon=5 * s),
                10,
                direction="at_most",
            ),
            sla.Objective(
                "asa", sla.AverageWait(service="sales"), 30 * s, direction="at_most"
            ),
            sla.Objective(
                "none", sla.AverageWait(service="nobody"), 30 * s, direction="at_most"
            ),
        )
        contacts = [
            sla.Contact(10 * s, at=at(2026, 1, 2), service="sales"),
            sla.Contact(45 * s, at=at(2026, 1, 2), service="sales"),
            sla.Contact(3 * s, answered=False, at=at(2026, 1, 2)),  # short abandon
            sla.Contact(60 * s, answered=False, at=at(2026, 1, 2)),
        ]
        rate, asa, none = a.evaluate(
            sla.Dataset(contacts=contacts), date(2026, 1, 1)
        ).results
        # One abandoned of three counted.
        assert (rate.value, rate.met, rate.count, rate.breaches) == (
            Decimal(100) / 3,
            False,
            3,
            1,
        )
        # (10 + 45) / 2 = 27.5 seconds; one answer took longer than 30.
        assert (asa.value, asa.met, asa.count, asa.breaches) == (
            Decimal("27.5"),
            True,
            2,
            1,
        )
        assert asa.goal == 30
        assert none.value is None

    def test_mean_time_to_resolve(self) -> None:
        office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
        policy = sla.Policy(
            "p", {"high": sla.Targets(resolution=8 * H)}, calendar=office
        )
        a = agreement(
            sla.Objective(
                "mttr", sla.MeanTime("resolution", "high"), 4 * H, direction="at_most"
            ),
            sla.Objective(
                "other", sla.MeanTime("resolution", policy="p"), H, direction="at_most"
            ),
            policies=[policy],
        )

        def solved(n: int, created: datetime, done: datetime) -> sla.Ticket:
            return sla.Ticket(
                n, created, "high", [sla.TicketEvent(done, "status", "solved")]
            )

        tickets = [
            solved(1, at(2026, 1, 5, 9), at(2026, 1, 5, 11)),  # 2 h
            solved(
                2, at(2026, 1, 9, 16), at(2026, 1, 12, 12, 0, 0, 500_000)
            ),  # 4 h 0.5 s
            solved(3, at(2026, 1, 30, 16), at(2026, 2, 2, 10)),  # stops in February
            sla.Ticket(4, at(2026, 1, 7, 9), "high"),  # still running
        ]
        report = a.evaluate(sla.Dataset(tickets=tickets), date(2026, 1, 1))
        mttr, other = report.results
        assert mttr.value == Decimal("10800.25")  # (7,200 + 14,400.5) / 2 seconds
        assert (mttr.met, mttr.count, mttr.good, mttr.breaches) == (True, 2, 1, 1)
        assert other.met is False
        assert other.value == mttr.value
        feb = a.evaluate(sla.Dataset(tickets=tickets), date(2026, 2, 1))
        assert feb.results[0].value == 7200

    def test_ratio(self) -> None:
        a = agreement(
            sla.Objective(
                "ok",
                sla.Ratio(sla.Equals("ok", True), where=sla.Equals("kind", "api")),
                99,
            )
        )
        data = sla.Dataset(
            records=[
                {"at": at(2026, 1, 2), "kind": "api", "ok": n != 0} for n in range(50)
            ]
            + [{"at": at(2026, 1, 2), "kind": "web", "ok": False}]
        )
        result = a.evaluate(data, date(2026, 1, 1)).results[0]
        assert (result.value, result.met, result.count, result.breaches) == (
            98,
            False,
            50,
            1,
        )
        with pytest.raises(sla.AgreementError, match="good record") as info:
            sla.Ratio(None)
        assert info.value.field == "good"

    def test_duration_goals(self) -> None:
        assert sla.Objective(
            "asa", sla.AverageWait(), timedelta(microseconds=1500)
        ).goal == Decimal("0.0015")
        with pytest.raises(sla.AgreementError, match="goal"):
            sla.Objective("asa", sla.AverageWait(), -1)
        with pytest.raises(sla.AgreementError, match="goal"):
            sla.Objective("rate", sla.AbandonRate(), 101)

    def test_bad_measurement_data(self) -> None:
        a = agreement(
            sla.Objective("calls", sla.ServiceLevel(timedelta(seconds=20)), 80)
        )
        with pytest.raises(sla.DataError, match="no 'at'") as info:
            a.evaluate(sla.Dataset(contacts=[sla.Contact(H)]), date(2026, 1, 1))
        assert info.value.field == "contacts[0].at"
        b = agreement(sla.Objective("nps", sla.NetPromoterScore(), 0))
        bad = sla.Dataset(
            responses=[
                sla.Response(at(2026, 1, 3), 10),
                sla.Response(at(2026, 1, 3), "8.5"),
            ]
        )
        with pytest.raises(sla.DataError, match="integer from 0 to 10") as info:
            b.evaluate(bad, date(2026, 1, 1))
        assert info.value.field == "responses[1].score"
        c = agreement(sla.Objective("csat", sla.AverageScore("csat"), 4))
        worse = sla.Dataset(
            responses=[sla.Response(at(2026, 1, 3), 1, fields={"csat": "good"})]
        )
        with pytest.raises(sla.SlaError, match=r"responses\[0\]"):
            c.evaluate(worse, date(2026, 1, 1))

    def test_availability_with_budget(self) -> None:
        up = sla.Objective(
            "uptime",
            sla.Availability("api", burn_window=timedelta(days=1)),
            "99.9",
            credit=sla.CreditSchedule(
                [sla.CreditTier("99.9", 10), sla.CreditTier(99, 25)]
            ),
        )
        a = agreement(up, fee=2000)
        outages = [
            sla.Outage("api", at(2026, 4, 10), at(2026, 4, 10, 0, 30)),
            sla.Outage("api", at(2026, 4, 10, 0, 15), at(2026, 4, 10, 0, 43)),
            sla.Outage("api", at(2026, 4, 11), at(2026, 4, 11, 6), planned=True),
            sla.Outage("db", at(2026, 4, 12), at(2026, 4, 13)),
        ]
        data = sla.Dataset(outages=outages)
        whole = a.evaluate(data, date(2026, 4, 1)).results[0]
        # 43 minutes down out of 30 days minus 6 planned hours = 42,840 minutes.
        assert whole.value == Decimal(100) * (42_840 - 43) / 42_840
        assert whole.met is False
        assert (whole.count, whole.breaches) == (2, 2)
        assert whole.credit_percent == 10
        report = a.evaluate(data, date(2026, 4, 1), now=at(2026, 4, 10, 12))
        assert not report.complete
        result = report.results[0]
        # As of 10 April noon: 9.5 days measured (the maintenance is still ahead).
        assert result.value == Decimal(100) * (13_680 - 43) / 13_680
        assert result.credit_percent == 10
        assert report.credit_amount == Decimal("200.00")
        budget = result.error_budget
        assert budget is not None
        assert budget.allowed == timedelta(minutes=42.84)
        assert budget.used == timedelta(minutes=43)
        # Burn over the trailing day: 43 of 1,440 minutes, against 0.1 %.
        assert result.burn_rate == Decimal(43) / 1440 / Decimal("0.001")
        # No burn rate once now is past the period.
        past = a.evaluate(data, date(2026, 4, 1), now=at(2026, 5, 2))
        assert past.results[0].burn_rate is None
        quiet = a.evaluate(data, date(2026, 5, 1)).results[0]
        assert (quiet.value, quiet.count) == (100, 0)

    def test_identical_outages(self) -> None:
        a = agreement(sla.Objective("uptime", sla.Availability("api"), 99))
        one = sla.Outage("api", at(2026, 1, 2), at(2026, 1, 2, 7, 26, 24))
        report = a.evaluate(sla.Dataset(outages=[one, one]), date(2026, 1, 1))
        # 7 h 26 min 24 s is exactly 1 % of January's 744 hours.
        assert report.results[0].value == 99
        assert report.results[0].count == 2

    def test_future_periods_are_not_measured(self) -> None:
        a = agreement(leads(), termination=sla.TerminationRule(1))
        reports = a.evaluate_range(
            records((1, 2)), date(2026, 1, 1), date(2026, 4, 1), now=at(2026, 2, 10)
        )
        assert [r.results[0].value for r in reports] == [1, 0, None]
        assert [r.complete for r in reports] == [True, False, False]
        assert [r.terminable for r in reports] == [True, True, False]

    def test_availability_not_measurable(self) -> None:
        closed = sla.BusinessCalendar("", tz="UTC")
        a = agreement(
            sla.Objective("uptime", sla.Availability("api", calendar=closed), 99)
        )
        result = a.evaluate(sla.Dataset(), date(2026, 1, 1)).results[0]
        assert (result.value, result.met, result.error_budget) == (None, None, None)

    def test_since(self) -> None:
        a = agreement(leads(), termination=sla.TerminationRule(2))
        data = records((3, 2), (3, 3))
        assert a.evaluate(data, date(2026, 3, 1)).terminable
        since = sla.Dataset(records=data.records, since=at(2026, 3, 1))
        report = a.evaluate(since, date(2026, 3, 1))
        assert not report.terminable
        assert report.missed_run == (at(2026, 3, 1),)
        assert a.evaluate(since, date(2026, 2, 1)).results[0].value is None


class TestFarFuture:
    """Issue 9: reports past the year 9999 fail at once with a CalendarError."""

    def test_period_ending_after_9999(self) -> None:
        with pytest.raises(sla.CalendarError, match="ends after 9999-12-31") as info:
            agreement(leads()).evaluate(sla.Dataset(), date(9999, 12, 1))
        assert info.value.field == "period"

    def test_contract_year_ending_after_9999(self) -> None:
        """Oct 9999 is a month a datetime holds, but its contract year is not."""
        a = agreement(leads())
        with pytest.raises(sla.CalendarError, match="contract year") as info:
            a.evaluate(sla.Dataset(), date(9999, 10, 1))
        assert info.value.field == "period"

    def test_contract_year_ending_in_9999_is_fine(self) -> None:
        """A contract year from 9998-12-15 ends in 9999: the period reports."""
        a = agreement(leads(), effective_from=date(9998, 12, 15))
        report = a.evaluate(sla.Dataset(), date(9999, 3, 1), now=at(9999, 4, 1))
        assert report.results[0].value == 0
