"""Agreements, objectives and periods: construction, validation and spellings."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from tests.agreements import BERLIN, PARTIES, H, agreement, at, leads

import slacore as sla


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
            sla.Volume("x", "median")
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
