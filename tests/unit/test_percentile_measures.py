"""Percentile measures (tickets, waits, records): hand-worked figures and errors."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from tests.agreements import BERLIN, agreement, at
from tests.file_helpers import one_problem, round_trips, with_objective

import slacore as sla

MINUTE = timedelta(minutes=1)
MARCH = date(2026, 3, 1)
APRIL_1 = at(2026, 4, 1)
SUPPORT = sla.Policy(
    "support",
    {
        priority: sla.Targets(resolution=timedelta(hours=8))
        for priority in ("low", "normal", "high")
    },
)


def solved(number: int, opened, after: timedelta, priority: str = "normal"):
    """A ticket solved `after` its creation."""
    return sla.Ticket(
        f"T-{number}",
        opened,
        priority,
        [sla.TicketEvent(opened + after, "status", "solved")],
    )


def twenty() -> list[sla.Ticket]:
    """20 tickets of March, resolved in 10, 20, ..., 200 minutes (given shuffled)."""
    order = [7, 19, 0, 3, 12, 5, 18, 1, 9, 14, 2, 16, 4, 11, 6, 17, 8, 13, 10, 15]
    return [solved(i, at(2026, 3, 2 + i % 20, 9), 10 * (i + 1) * MINUTE) for i in order]


def march(*objectives: sla.Objective, **terms) -> sla.Agreement:
    terms.setdefault("policies", [SUPPORT])
    return agreement(*objectives, period="monthly", effective_from=MARCH, **terms)


def p_resolution(p, goal=timedelta(hours=3), name="p", **kw) -> sla.Objective:
    """The `p`-th percentile of resolution time at most `goal`."""
    return sla.Objective(
        name, sla.TicketPercentile("resolution", p, **kw), goal, direction="at_most"
    )


def first(report: sla.Report) -> sla.ObjectiveResult:
    return report.results[0]


class TestTicketPercentile:
    @pytest.mark.parametrize(
        ("p", "minutes", "met"),
        [
            ("95", 190, False),  # rank ceil(0.95 * 20) = 19: the 19th shortest
            ("90", 180, True),  # rank 18: exactly the goal, which is met
            ("50", 100, True),  # rank 10
            ("0", 10, True),  # the shortest
            ("100", 200, False),  # the longest
            ("95.1", 200, False),  # 19.02 rounds up to rank 20
            ("4.99", 10, True),  # 0.998 rounds up to rank 1
        ],
    )
    def test_twenty_resolution_times(self, p, minutes, met):
        a = march(p_resolution(p))
        result = first(a.evaluate(sla.Dataset(tickets=twenty()), MARCH, now=APRIL_1))
        assert result.value == minutes * 60
        assert result.met is met
        # Each cycle alone: 18 within 3 hours (10 ... 180 minutes), 2 over it.
        assert (result.count, result.good, result.breaches) == (20, 18, 2)

    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow", "numpy"])
    def test_tables_give_the_same_result(self, like):
        a = march(p_resolution("95"), p_resolution("37.5", goal=0, name="q"))
        tickets = twenty()
        objects = a.evaluate(sla.Dataset(tickets=tickets), MARCH, now=APRIL_1)
        table = sla.tickets_to_table(tickets, like=like)
        tables = a.evaluate(sla.Dataset(tickets=table), MARCH, now=APRIL_1)
        assert tables == objects
        assert first(tables).value == Decimal(190 * 60)
        assert tables.results[1].value == Decimal(80 * 60)  # rank ceil(7.5) = 8

    def test_priorities_and_policy_filter(self):
        vip = sla.Policy(
            "vip",
            {"high": sla.Targets(resolution=timedelta(hours=1))},
            condition=sla.HasTag("vip"),
        )
        tickets = [
            solved(1, at(2026, 3, 2, 9), 10 * MINUTE, "high"),
            solved(2, at(2026, 3, 2, 9), 20 * MINUTE, "high"),
            solved(3, at(2026, 3, 2, 9), 90 * MINUTE, "low"),
            sla.Ticket(
                "T-4",
                at(2026, 3, 2, 9),
                "high",
                [sla.TicketEvent(at(2026, 3, 2, 12), "status", "solved")],
                fields={"tags": ["vip"]},
            ),
        ]
        a = march(
            p_resolution(100, name="high", priorities=["high"]),
            p_resolution(100, name="support", policy="support"),
            p_resolution(100, name="vip", policy="vip"),
            policies=[vip, SUPPORT],
        )
        high, support, only_vip = a.evaluate(
            sla.Dataset(tickets=tickets), MARCH, now=APRIL_1
        ).results
        assert high.value == 3 * 3600  # T-4, high, is the longest (3 hours)
        assert support.value == 90 * 60  # T-4 is measured by the vip policy
        assert (only_vip.value, only_vip.count) == (3 * 3600, 1)

    def test_a_cycle_counts_in_the_period_it_stopped_in(self):
        tickets = [
            solved(1, at(2026, 3, 31, 23), timedelta(hours=2)),  # stops in April
            solved(2, at(2026, 3, 2, 9), 30 * MINUTE),
        ]
        a = march(p_resolution(50))
        march_report, april = a.evaluate_range(
            sla.Dataset(tickets=tickets), MARCH, date(2026, 5, 1), now=at(2026, 5, 1)
        )
        assert (first(march_report).value, first(march_report).count) == (1800, 1)
        assert (first(april).value, first(april).count) == (7200, 1)

    def test_business_time_pauses_excluded(self):
        office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz=BERLIN)
        policy = sla.Policy(
            "support",
            {"normal": sla.Targets(resolution=timedelta(hours=8))},
            calendar=office,
        )
        # Friday 16:00 Berlin to Monday 10:00 Berlin: 2 business hours.
        ticket = solved(1, at(2026, 3, 6, 15), timedelta(days=2, hours=18))
        a = march(p_resolution(95), policies=[policy])
        result = first(a.evaluate(sla.Dataset(tickets=[ticket]), MARCH, now=APRIL_1))
        assert result.value == 2 * 3600

    def test_a_period_without_cycles_has_nothing_to_measure(self):
        running = sla.Ticket("T-1", at(2026, 3, 2, 9), "normal", [])
        a = march(
            p_resolution(95), sla.Objective("mttr", sla.MeanTime("resolution"), 1)
        )
        report = a.evaluate(sla.Dataset(tickets=[running]), MARCH, now=APRIL_1)
        percentile, mean = report.results
        assert (percentile.value, percentile.met, percentile.count) == (None, None, 0)
        assert (mean.value, mean.met, mean.count) == (None, None, 0)

    def test_method_is_named(self):
        assert sla.TicketPercentile("resolution", 95).method == "nearest-rank"
        assert sla.WaitPercentile(95).method == "nearest-rank"
        assert sla.RecordPercentile("d", 95).method == "nearest-rank"


class TestWaitPercentile:
    def contacts(self) -> list[sla.Contact]:
        waits = [seconds * timedelta(seconds=1) for seconds in range(10, 0, -1)]
        found = [sla.Contact(w, at=at(2026, 3, 2, 9), service="sales") for w in waits]
        found.append(sla.Contact(timedelta(hours=1), answered=False, at=at(2026, 3, 2)))
        found.append(sla.Contact(timedelta(seconds=99), at=at(2026, 3, 2), service="x"))
        return found

    def test_answered_waits_only(self):
        a = march(
            sla.Objective("p90", sla.WaitPercentile(90, service="sales"), 9),
            sla.Objective("p100", sla.WaitPercentile(100), 60, direction="at_most"),
        )
        sales, every = a.evaluate(
            sla.Dataset(contacts=self.contacts()), MARCH, now=APRIL_1
        ).results
        # Waits 1..10 s; rank ceil(0.9 * 10) = 9; at least 9 s: 2 of 10 are.
        assert (sales.value, sales.met, sales.count, sales.good) == (9, True, 10, 2)
        # The abandoned hour is left out; the other service's 99 s is the greatest.
        assert (every.value, every.met, every.count, every.breaches) == (
            99,
            False,
            11,
            1,
        )

    def test_no_answered_contact(self):
        a = march(sla.Objective("p", sla.WaitPercentile(50), 9))
        only = [sla.Contact(timedelta(hours=1), answered=False, at=at(2026, 3, 2))]
        result = first(a.evaluate(sla.Dataset(contacts=only), MARCH, now=APRIL_1))
        assert (result.value, result.met, result.count) == (None, None, 0)


class TestRecordPercentile:
    def test_durations_and_their_text(self):
        records = [
            {"at": at(2026, 3, 2), "duration": timedelta(seconds=4)},
            {"at": at(2026, 3, 3), "duration": "12s"},
            {"at": at(2026, 3, 4), "duration": "PT0.5S"},
            {"at": at(2026, 3, 5), "duration": None},  # not known: left out
            {"at": at(2026, 3, 6)},
            {"at": at(2026, 3, 7), "duration": timedelta(seconds=7), "atm": "B"},
        ]
        a = march(
            sla.Objective(
                "p75", sla.RecordPercentile("duration", 75), 10, direction="at_most"
            ),
            sla.Objective(
                "p75 B",
                sla.RecordPercentile("duration", 75, where=sla.Equals("atm", "B")),
                10,
                direction="at_most",
            ),
        )
        every, atm_b = a.evaluate(
            sla.Dataset(records=records), MARCH, now=APRIL_1
        ).results
        # 0.5, 4, 7, 12 seconds: rank ceil(0.75 * 4) = 3 is 7 s.
        assert (every.value, every.met, every.count, every.breaches) == (7, True, 4, 1)
        assert (atm_b.value, atm_b.count) == (7, 1)

    @pytest.mark.parametrize("value", [5, "five", 1.5, Decimal(3)])
    def test_not_a_duration(self, value):
        records = [
            {"at": at(2026, 3, 2), "duration": timedelta(seconds=4)},
            {"at": at(2026, 3, 3), "duration": value},
        ]
        a = march(sla.Objective("p", sla.RecordPercentile("duration", 95), 10))
        with pytest.raises(sla.DataError, match=r"records\[1\]\.duration") as info:
            a.evaluate(sla.Dataset(records=records), MARCH, now=APRIL_1)
        assert (info.value.field, info.value.index) == ("records[1].duration", 1)

    def test_field_is_required(self):
        with pytest.raises(sla.AgreementError) as info:
            sla.RecordPercentile("", 95)
        assert info.value.field == "field"


class TestPercentileRank:
    @pytest.mark.parametrize("p", [-1, "100.001", Decimal("-0.1"), "abc", "NaN"])
    @pytest.mark.parametrize(
        "make",
        [
            lambda p: sla.TicketPercentile("resolution", p),
            sla.WaitPercentile,
            lambda p: sla.RecordPercentile("d", p),
        ],
    )
    def test_outside_0_to_100(self, make, p):
        with pytest.raises(sla.AgreementError, match="percentile") as info:
            make(p)
        assert info.value.field == "percentile"

    def test_given_as_text_or_int(self):
        assert sla.WaitPercentile("99.9").percentile == Decimal("99.9")
        assert sla.WaitPercentile(0).percentile == 0
        assert sla.WaitPercentile(100).percentile == 100

    def test_in_a_file_the_place_is_named(self):
        doc = with_objective({"type": "wait_percentile", "percentile": 101}, goal="30")
        problem = one_problem(doc)
        assert problem.where == "objectives[0].measure.percentile"
        assert "from 0 to 100" in problem.message


class TestFiles:
    @pytest.mark.parametrize(
        "measure",
        [
            sla.TicketPercentile("resolution", 95),
            sla.TicketPercentile("first_response", "99.5", ["high"], policy="support"),
            sla.WaitPercentile(90),
            sla.WaitPercentile(0, service="sales"),
            sla.RecordPercentile("duration", 100),
            sla.RecordPercentile("latency", 50, where=sla.Equals("atm", "B")),
        ],
    )
    def test_round_trip(self, measure):
        a = march(sla.Objective("p", measure, timedelta(hours=4), direction="at_most"))
        round_trips(a)
        text = sla.dump(a, format="toml")
        assert f'type = "{measure.kind}"' in text
        assert 'goal = "4h"' in text
        assert sla.loads(sla.dump(a, format="json"), "json") == a
