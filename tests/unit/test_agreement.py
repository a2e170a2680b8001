"""Agreements, objectives, periods and reports: validation and the evaluation rules."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

import slacore as sla

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)


def at(*args: int, tz: tzinfo = UTC) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


PARTIES = (sla.Party("Acme", "provider"), sla.Party("Globex", "customer"))


def agreement(*objectives: sla.Objective, **terms: object) -> sla.Agreement:
    terms.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement("A", "customer", PARTIES, objectives, **terms)  # type: ignore[arg-type]


def leads(goal: int = 3, **kw: object) -> sla.Objective:
    return sla.Objective("leads", sla.Volume(), goal, **kw)  # type: ignore[arg-type]


def records(*days: tuple[int, int]) -> sla.Dataset:
    """One record per (month, day) of 2026, at noon UTC."""
    return sla.Dataset(records=[{"at": at(2026, m, d, 12)} for m, d in days])


class TestPeriod:
    def test_parse(self) -> None:
        assert sla.Period.parse(" Weekly ") is sla.Period.WEEKLY
        with pytest.raises(sla.AgreementError, match="fortnightly") as info:
            sla.Period.parse("fortnightly")
        assert info.value.field == "period"
        with pytest.raises(sla.AgreementError):
            sla.Period.parse(7)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("period", "t", "start", "end"),
        [
            ("weekly", at(2026, 3, 29, 12, tz=BERLIN), (2026, 3, 23), (2026, 3, 30)),
            ("monthly", at(2026, 3, 29, 12, tz=BERLIN), (2026, 3, 1), (2026, 4, 1)),
            ("quarterly", at(2026, 3, 29, 12, tz=BERLIN), (2026, 1, 1), (2026, 4, 1)),
            ("yearly", at(2026, 3, 29, 12, tz=BERLIN), (2026, 1, 1), (2027, 1, 1)),
            ("quarterly", at(2026, 12, 31, 23, tz=BERLIN), (2026, 10, 1), (2027, 1, 1)),
        ],
    )
    def test_bounds(
        self,
        period: str,
        t: datetime,
        start: tuple[int, int, int],
        end: tuple[int, int, int],
    ) -> None:
        found = sla.Period.parse(period).bounds(t)
        assert found == (at(*start, tz=BERLIN), at(*end, tz=BERLIN))

    def test_dst_month_is_an_hour_short(self) -> None:
        start, end = sla.Period.MONTHLY.bounds(at(2026, 3, 10, tz=BERLIN))
        assert end.astimezone(UTC) - start == timedelta(days=31) - H
        assert start.utcoffset() == H
        assert end.utcoffset() == 2 * H

    def test_bounds_in_another_zone(self) -> None:
        # 23:30 UTC on 31 March is already April in Berlin.
        start, _ = sla.Period.MONTHLY.bounds(at(2026, 3, 31, 23, 30), BERLIN)
        assert start == at(2026, 4, 1, tz=BERLIN)
        assert start.tzinfo is BERLIN

    def test_repeated_last_hour(self) -> None:
        """A zone that falls back from 00:00 to 23:00 (as Sao Paulo did).

        Sunday 23:00-24:00 happens twice, and the second pass is still Sunday: the
        week ends at the one Monday 00:00, after it.
        """

        class FallBackAtMidnight(tzinfo):
            # -02:00 until 2026-03-02T02:00Z (local Monday 00:00), then -03:00:
            # local Sunday 23:00-24:00 happens twice.
            switch = at(2026, 3, 2, 2)

            def utcoffset(self, dt: datetime | None) -> timedelta:
                assert dt is not None
                naive = dt.replace(tzinfo=None)
                if naive < datetime(2026, 3, 1, 23):
                    return -2 * H
                if naive >= datetime(2026, 3, 2):
                    return -3 * H
                return -3 * H if dt.fold else -2 * H

            def fromutc(self, dt: datetime) -> datetime:
                naive = dt.replace(tzinfo=None)
                if naive < self.switch.replace(tzinfo=None):
                    return (naive - 2 * H).replace(tzinfo=self)
                local = (naive - 3 * H).replace(tzinfo=self)
                if local.replace(tzinfo=None) < datetime(2026, 3, 2):
                    local = local.replace(fold=1)
                return local

            def dst(self, _dt: datetime | None) -> timedelta:
                return timedelta(0)

        zone = FallBackAtMidnight()
        second_pass = at(2026, 3, 2, 2, 30)  # local Sunday 23:30 again (fold=1)
        start, end = sla.Period.WEEKLY.bounds(second_pass, zone)
        assert (start, end) == (at(2026, 2, 23, 2), at(2026, 3, 2, 3))
        assert sla.Period.WEEKLY.bounds(end, zone)[0] == end

    def test_starts(self) -> None:
        starts = sla.Period.MONTHLY.starts(date(2026, 1, 31), BERLIN)
        assert [next(starts).month for _ in range(3)] == [1, 2, 3]
        assert iter(starts) is starts


class TestValidation:
    def test_goal_over_100(self) -> None:
        with pytest.raises(sla.AgreementError, match="from 0 to 100") as info:
            sla.Objective("up", sla.Availability("api"), "100.5")
        assert info.value.field == "goal"

    @pytest.mark.parametrize(
        ("measure", "goal"),
        [
            (sla.NetPromoterScore(), -101),
            (sla.Volume(), -1),
            (sla.Deadline("done", H), 101),
        ],
    )
    def test_goal_ranges(self, measure: sla.Measure, goal: int) -> None:
        with pytest.raises(sla.AgreementError) as info:
            sla.Objective("o", measure, goal)
        assert info.value.field == "goal"

    def test_goal_any_for_average(self) -> None:
        assert sla.Objective("csat", sla.AverageScore(), -3).goal == -3

    def test_goal_not_a_number(self) -> None:
        with pytest.raises(
            sla.AgreementError, match=r"goal of objective .o. must be a number"
        ):
            sla.Objective("o", sla.Volume(), "lots")

    def test_direction(self) -> None:
        with pytest.raises(sla.AgreementError, match="direction") as info:
            sla.Objective("o", sla.Volume(), 1, direction="above")
        assert info.value.field == "direction"

    def test_tiered_credit_needs_at_least(self) -> None:
        schedule = sla.CreditSchedule([sla.CreditTier(99, 10)])
        with pytest.raises(sla.AgreementError, match="at_least") as info:
            sla.Objective("o", sla.Volume(), 5, direction="at_most", credit=schedule)
        assert info.value.field == "credit"
        # A breach-count credit is fine on an at_most objective.
        sla.Objective(
            "o",
            sla.Volume(),
            5,
            direction="at_most",
            credit=sla.BreachCountCredit(1, 5),
        )

    def test_bad_types(self) -> None:
        with pytest.raises(TypeError, match="measure"):
            sla.Objective("o", "volume", 5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="credit"):
            sla.Objective("o", sla.Volume(), 5, credit=10)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"objectives\[0\] must be a Objective"):
            agreement("leads")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="termination"):
            agreement(leads(), termination=3)
        with pytest.raises(TypeError, match="effective_from"):
            agreement(leads(), effective_from="2026-01-01")
        with pytest.raises(TypeError, match="review_every"):
            agreement(leads(), review_every=18)
        with pytest.raises(TypeError, match="earn_back"):
            agreement(leads(), earn_back="2")
        with pytest.raises(TypeError, match=r"records\[0\]"):
            sla.Dataset(records=[("at", at(2026, 1, 1))])  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"tickets\[0\]"):
            sla.Dataset(tickets=["T-1"])  # type: ignore[list-item]

    @pytest.mark.parametrize("allocation", [0, 101, -5])
    def test_allocation_range(self, allocation: int) -> None:
        with pytest.raises(sla.AgreementError) as info:
            leads(allocation=allocation)
        assert info.value.field == "allocation"

    def test_allocation_over_the_pool(self) -> None:
        objectives = [
            leads(allocation=60),
            sla.Objective("csat", sla.AverageScore(), 4, allocation=50),
        ]
        with pytest.raises(sla.AgreementError, match="over the pool") as info:
            agreement(*objectives, at_risk=10)
        assert info.value.field == "objectives[1].allocation"
        # A larger stated pool allows it.
        agreement(*objectives, at_risk=10, pool_allocation=250)

    def test_allocation_needs_at_risk(self) -> None:
        with pytest.raises(sla.AgreementError, match="at_risk") as info:
            agreement(leads(allocation=50))
        assert info.value.field == "objectives[0].allocation"

    @pytest.mark.parametrize(
        ("terms", "field"),
        [
            ({"at_risk": 120}, "at_risk"),
            ({"fee": -1}, "fee"),
            ({"minimum_credit": 10}, "minimum_credit"),
            ({"yearly_cap": 10}, "yearly_cap"),
            ({"earn_back": 0}, "earn_back"),
            ({"period": "fortnightly"}, "period"),
            ({"tz": "Mars/Base"}, "tz"),
            ({"review_every": relativedelta(months=-1)}, "review_every"),
            ({"claim_window": timedelta(0)}, "claim_window"),
            ({"effective_until": date(2025, 12, 1)}, "effective_until"),
            ({"structure": "pyramid"}, "structure"),
            ({"services": ["api", ""]}, "services"),
        ],
    )
    def test_bad_terms(self, terms: dict[str, object], field: str) -> None:
        with pytest.raises(sla.AgreementError) as info:
            agreement(leads(), **terms)
        assert info.value.field == field
        assert str(info.value)

    def test_parties(self) -> None:
        with pytest.raises(sla.AgreementError, match="one provider and one customer"):
            sla.Agreement(
                "A",
                "customer",
                [sla.Party("Acme", "provider")],
                [leads()],
                effective_from=date(2026, 1, 1),
            )
        with pytest.raises(sla.AgreementError, match="named twice") as info:
            sla.Agreement(
                "A",
                "customer",
                [*PARTIES, sla.Party("Acme", "customer")],
                [leads()],
                effective_from=date(2026, 1, 1),
            )
        assert info.value.field == "parties[2].name"
        two = [*PARTIES, sla.Party("Initech", "provider")]
        with pytest.raises(sla.AgreementError, match="multi_level"):
            sla.Agreement(
                "A", "customer", two, [leads()], effective_from=date(2026, 1, 1)
            )
        multi = sla.Agreement(
            "A", "multi_level", two, [leads()], effective_from=date(2026, 1, 1)
        )
        assert multi.structure is sla.Structure.MULTI_LEVEL
        assert [p.name for p in multi.providers] == ["Acme", "Initech"]
        with pytest.raises(sla.AgreementError, match="role"):
            sla.Party("Acme", "supplier")
        with pytest.raises(sla.AgreementError, match="name"):
            sla.Party(" ", "provider")
        with pytest.raises(TypeError, match="name"):
            sla.Party(1, "provider")  # type: ignore[arg-type]
        with pytest.raises(sla.AgreementError, match="kind"):
            sla.Agreement(
                "A", "friendly", PARTIES, [leads()], effective_from=date(2026, 1, 1)
            )

    def test_structure_default(self) -> None:
        many = [*PARTIES, sla.Party("Initech", "customer")]
        a = sla.Agreement(
            "A", "customer", many, [leads()], effective_from=date(2026, 1, 1)
        )
        assert a.structure is sla.Structure.SERVICE_BASED
        assert [p.name for p in a.customers] == ["Globex", "Initech"]
        b = agreement(leads(), structure="service_based")
        assert b.structure is sla.Structure.SERVICE_BASED

    def test_objective_references(self) -> None:
        with pytest.raises(sla.AgreementError, match="named twice") as info:
            agreement(leads(), leads())
        assert info.value.field == "objectives[1].name"
        assert agreement(leads(provider="Globex")).objectives[0].provider == "Globex"
        with pytest.raises(sla.AgreementError, match="not a party") as info:
            agreement(leads(provider="Nobody"))
        assert info.value.field == "objectives[0].provider"
        with pytest.raises(sla.AgreementError, match="at least one objective"):
            agreement()
        tickets = sla.Objective("fr", sla.TicketAttainment("first_response"), 90)
        with pytest.raises(sla.AgreementError, match="needs policies") as info:
            agreement(tickets)
        assert info.value.field == "policies"
        mttr = sla.Objective(
            "mttr", sla.MeanTime("resolution"), 60, direction="at_most"
        )
        with pytest.raises(sla.AgreementError, match="needs policies"):
            agreement(mttr)
        policy = sla.Policy("p", {"high": sla.Targets(first_response=H)})
        named = sla.Objective(
            "fr", sla.TicketAttainment("first_response", policy="q"), 90
        )
        with pytest.raises(sla.AgreementError, match="unknown policy") as info:
            agreement(named, policies=[policy])
        assert info.value.field == "objectives[0].measure.policy"
        up = sla.Objective("up", sla.Availability("db"), 99)
        with pytest.raises(sla.AgreementError, match="does not cover") as info:
            agreement(up, services=["api"])
        assert info.value.field == "objectives[0].measure.service"
        rule = sla.TerminationRule(2, objectives=["nope"])
        with pytest.raises(sla.AgreementError, match="unknown objectives") as info:
            agreement(leads(), termination=rule)
        assert info.value.field == "termination.objectives"
        duty = sla.Responsibility("Nobody", "answers the phone")
        with pytest.raises(sla.AgreementError, match="unknown party") as info:
            agreement(leads(), responsibilities=[duty])
        assert info.value.field == "responsibilities[0].party"

    def test_measures(self) -> None:
        with pytest.raises(sla.AgreementError, match="metric") as info:
            sla.TicketAttainment("speed")
        assert info.value.field == "metric"
        with pytest.raises(sla.AgreementError, match="priorities"):
            sla.TicketAttainment("resolution", priorities=[])
        assert sla.TicketAttainment("resolution", "high").priorities == {"high"}
        with pytest.raises(sla.AgreementError, match="sums needs"):
            sla.Volume(aggregate="sum")
        with pytest.raises(sla.AgreementError, match="aggregate"):
            sla.Volume("x", "mean")
        with pytest.raises(sla.AgreementError, match="abandoned"):
            sla.ServiceLevel(H, "ignored")
        with pytest.raises(sla.AgreementError, match="threshold"):
            sla.ServiceLevel(-H)
        with pytest.raises(TypeError, match="threshold"):
            sla.ServiceLevel(20)  # type: ignore[arg-type]
        with pytest.raises(sla.AgreementError, match="burn_window"):
            sla.Availability("api", burn_window=timedelta(0))
        with pytest.raises(TypeError, match="burn_window"):
            sla.Availability("api", burn_window=60)  # type: ignore[arg-type]
        with pytest.raises(sla.AgreementError, match="service"):
            sla.Availability("")
        with pytest.raises(sla.AgreementError, match="field"):
            sla.Deadline("", H)

    def test_termination_rule(self) -> None:
        with pytest.raises(sla.AgreementError) as info:
            sla.TerminationRule(0)
        assert info.value.field == "consecutive_misses"
        with pytest.raises(TypeError):
            sla.TerminationRule(True)
        with pytest.raises(sla.AgreementError):
            sla.TerminationRule(3, objectives=[])
        assert sla.TerminationRule(3, "leads").objectives == {"leads"}

    def test_dataset(self) -> None:
        with pytest.raises(sla.DataError, match="has no 'at'") as info:
            sla.Dataset(records=[{"at": at(2026, 1, 1)}, {"lead": 1}])
        assert info.value.field == "records[1].at"
        assert info.value.index == 1
        with pytest.raises(sla.NaiveDatetimeError):
            sla.Dataset(records=[{"at": datetime(2026, 1, 1)}])
        with pytest.raises(sla.NaiveDatetimeError):
            sla.Dataset(since=datetime(2026, 1, 1))
        frozen = sla.Dataset(records=[{"at": at(2026, 1, 1), "tags": ["a"]}])
        assert frozen.records[0]["tags"] == ("a",)

    def test_value_objects(self) -> None:
        a, b = agreement(leads()), agreement(leads())
        assert a == b
        assert hash(a) == hash(b)
        assert a.tz == ZoneInfo("UTC")
        assert a.effective_from == at(2026, 1, 1)
        assert a.objective("leads") is a.objectives[0]
        with pytest.raises(sla.AgreementError, match="no objective"):
            a.objective("speed")
        assert "Volume" in repr(a)


class TestPeriods:
    def test_first_and_last_are_clipped(self) -> None:
        a = agreement(
            leads(),
            effective_from=at(2026, 1, 15, 9),
            effective_until=date(2026, 3, 10),
        )
        assert a.period_bounds(at(2026, 1, 20)) == (at(2026, 1, 15, 9), at(2026, 2, 1))
        periods = a.periods(at(2026, 1, 15, 9), date(2027, 1, 1))
        assert [(s.day, e.day) for s, e in periods] == [(15, 1), (1, 1), (1, 10)]
        with pytest.raises(sla.AgreementError, match="outside") as info:
            a.period_bounds(at(2026, 3, 10))
        assert info.value.field == "t"
        with pytest.raises(sla.AgreementError, match="outside"):
            a.periods(date(2025, 12, 1), date(2026, 2, 1))

    def test_outside_without_an_end(self) -> None:
        with pytest.raises(
            sla.AgreementError, match=r"from 2026-01-01T00:00:00\+00:00$"
        ):
            agreement(leads()).period_bounds(at(2025, 6, 1))

    def test_next_review_far_ahead(self) -> None:
        """Far ahead the jump estimate overshoots; the walk back corrects it."""
        step = relativedelta(months=18)
        a = agreement(leads(), effective_from=date(2000, 1, 1), review_every=step)
        after = at(9000, 3, 1)
        k = 1
        while datetime(2000, 1, 1, tzinfo=UTC) + step * k <= after:
            k += 1
        assert a.next_review(after) == datetime(2000, 1, 1, tzinfo=UTC) + step * k

    def test_start_must_be_a_period_start(self) -> None:
        a = agreement(leads())
        with pytest.raises(sla.AgreementError, match="not the start") as info:
            a.periods(date(2026, 1, 2), date(2026, 3, 1))
        assert info.value.field == "start"
        with pytest.raises(sla.AgreementError, match="not the start"):
            a.evaluate(sla.Dataset(), at(2026, 2, 1, 1))
        assert a.periods(date(2026, 2, 1), date(2026, 2, 1)) == ()
        assert a.evaluate_range(sla.Dataset(), date(2026, 2, 1), date(2026, 2, 1)) == ()

    def test_next_review(self) -> None:
        a = agreement(
            leads(),
            effective_from=date(2025, 1, 31),
            review_every=relativedelta(months=18),
            tz="Europe/Berlin",
        )
        assert a.next_review(at(2025, 1, 1)) == at(2026, 7, 31, tz=BERLIN)
        assert a.next_review(at(2026, 7, 30, 22)) == at(2028, 1, 31, tz=BERLIN)
        # Each review is counted from the start, so month ends do not drift.
        assert a.next_review(at(2029, 1, 1)) == at(2029, 7, 31, tz=BERLIN)
        assert a.next_review(at(2125, 1, 1)) == at(2125, 7, 31, tz=BERLIN)
        weekly = agreement(leads(), review_every=timedelta(weeks=1))
        assert weekly.next_review(at(2026, 1, 8)) == at(2026, 1, 15)
        assert agreement(leads()).next_review(at(2026, 1, 1)) is None
        ending = agreement(
            leads(),
            review_every=relativedelta(years=1),
            effective_until=date(2027, 1, 1),
        )
        assert ending.next_review(at(2026, 6, 1)) is None


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


class TestReportOutput:
    def report(self) -> sla.Report:
        up = sla.Objective(
            "uptime",
            sla.Availability("api"),
            "99.9",
            credit=sla.CreditSchedule([sla.CreditTier("99.9", 10)]),
        )
        a = agreement(
            up,
            leads(),
            fee="1000",
            review_every=relativedelta(months=1),
            claim_window=timedelta(days=30),
            at_risk=5,
        )
        outage = sla.Outage("api", at(2026, 1, 3), at(2026, 1, 3, 1))
        return a.evaluate(
            sla.Dataset(outages=[outage]), date(2026, 1, 1), now=at(2026, 1, 20)
        )

    def test_to_dict_is_json_safe(self) -> None:
        data = self.report().to_dict()
        text = json.dumps(data)
        assert '"credit_amount": "50.00"' in text
        assert data["period_start"] == "2026-01-01T00:00:00+00:00"
        uptime = data["results"][0]
        # As of 20 January: an hour down in 19 days.
        assert uptime["value"].startswith("99.7807")
        assert uptime["error_budget"]["used_seconds"] == "3600"
        assert uptime["error_budget"]["allowed_seconds"] == "2678.4"
        assert data["capped_by"] == "at_risk"
        assert data["results"][1]["error_budget"] is None

    def test_rows(self) -> None:
        rows = self.report().rows()
        assert [row["objective"] for row in rows] == ["uptime", "leads"]
        assert rows[0]["credit_percent"] == 10
        assert rows[0]["paid_percent"] == 5
        assert rows[1]["met"] is False
        assert rows[0]["provider"] == "Acme"
        assert set(rows[0]) == set(rows[1])

    def test_markdown(self) -> None:
        text = self.report().to_markdown()
        assert text.startswith("## A: 2026-01-01 to 2026-02-01\n")
        assert "| uptime | 99.7807 | >= 99.9 | **no** | 1 | 1 | 10 |" in text
        assert "| leads | 0 | >= 3 | **no** | 0 | 1 | 0 |" in text
        assert "- Credit owed: 5 % of the fee = 50.00 (capped by at risk)" in text
        assert "- Next review: 2026-02-01\n" in text
        assert "- Claim credits by: 2026-03-03T00:00:00+00:00" in text

    def test_markdown_not_measurable(self) -> None:
        a = agreement(
            sla.Objective("nps", sla.NetPromoterScore(), 10, direction="at_most")
        )
        text = a.evaluate(sla.Dataset(), date(2026, 1, 1)).to_markdown()
        assert "| nps | n/a | <= 10 | n/a | 0 | 0 | 0 |" in text


class TestSpellingsAndAreaErrors:
    """Issue 9: constructors accept the files' spellings and raise the area's error."""

    def test_fee_not_a_number_is_an_agreement_error(self) -> None:
        with pytest.raises(sla.AgreementError, match=r"^fee must be a number") as info:
            agreement(leads(), fee="abc")
        assert info.value.field == "fee"

    @pytest.mark.parametrize("fee", ["1E+15", "1E+30", "1E+999999"])
    def test_fee_too_large_is_refused(self, fee: str) -> None:
        with pytest.raises(sla.AgreementError, match=r"^fee must be below") as info:
            agreement(leads(), fee=fee)
        assert info.value.field == "fee"

    def test_review_every_as_text(self) -> None:
        a = agreement(leads(), review_every="18 months", claim_window="30d")
        assert a.review_every == relativedelta(months=18)
        assert a.claim_window == timedelta(days=30)
        with pytest.raises(sla.AgreementError, match=r"^review_every: bad span") as e:
            agreement(leads(), review_every="soon")
        assert e.value.field == "review_every"
        with pytest.raises(TypeError, match=r"^review_every must be a relativedelta"):
            agreement(leads(), review_every=18)

    def test_duration_goal_as_text(self) -> None:
        mttr = sla.MeanTime("resolution")
        assert sla.Objective("m", mttr, "4h", direction="at_most").goal == 14400
        assert sla.Objective("m", mttr, "90").goal == 90  # seconds
        with pytest.raises(sla.AgreementError, match=r"or a duration such as '4h'"):
            sla.Objective("m", mttr, "soon")

    def test_duration_goal_for_a_number_measure(self) -> None:
        with pytest.raises(sla.AgreementError, match="is a duration, but a volume"):
            sla.Objective("v", sla.Volume(), timedelta(hours=1))

    def test_negative_mean_time_goal_message(self) -> None:
        with pytest.raises(
            sla.AgreementError,
            match=r"^goal of objective 'm' must be at least 0 for a mean_time",
        ):
            sla.Objective("m", sla.MeanTime("resolution"), -5)

    def test_allocation_not_a_number(self) -> None:
        with pytest.raises(sla.AgreementError, match=r"^allocation must be") as info:
            sla.Objective("v", sla.Volume(), 1, allocation="half")
        assert info.value.field == "allocation"


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
