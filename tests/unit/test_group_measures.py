"""OLA objectives: `GroupAttainment` in agreements, reports, tallies and files.

A multi-level agreement for October 2026 (UTC): the customer promises resolution in
4 hours; L1 and L2 owe each other their hold and first-reply targets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

import slacore as sla
from slacore._group_measures import GroupAttainment, GroupOutcome, group_outcomes
from slacore._groups import GroupMetric, GroupTarget

MIN = timedelta(minutes=1)
H = timedelta(hours=1)
OCTOBER = datetime(2026, 10, 1, tzinfo=UTC)
L1_HOURS = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC)


def ev(when, kind, value=None):
    return sla.TicketEvent(when, kind, value)


POLICY = sla.Policy(
    "desk",
    {"low": sla.Targets(resolution=4 * H), "high": sla.Targets(resolution=H)},
    groups=["L1", "L2"],
    group_targets=[
        GroupTarget("L1", hold=10 * MIN, first_reply=5 * MIN, calendar=L1_HOURS),
        GroupTarget("L2", hold=2 * H),
    ],
)

TICKETS = [
    # L1 passes on after 12 minutes (missed 09:10), L2 solves in 48 (met).
    sla.Ticket(
        "T-1",
        at(5, 9),
        "low",
        [
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 2), "agent_reply"),
            ev(at(5, 9, 12), "group", "L2"),
            ev(at(5, 10), "status", "solved"),
        ],
    ),
    # L1 solves in 6 minutes without a reply: hold met, first reply missed 09:05.
    sla.Ticket(
        "T-2",
        at(6, 9),
        "high",
        [ev(at(6, 9), "group", "L1"), ev(at(6, 9, 6), "status", "solved")],
    ),
    # L2 still holds at `now` after 3 hours: its hold breached at 11:00 on the 7th.
    sla.Ticket("T-3", at(7, 9), "low", [ev(at(7, 9), "group", "L2")]),
    # Created in November: counts nowhere in October.
    sla.Ticket(
        "T-4",
        at(31, 23),
        "low",
        [ev(datetime(2026, 11, 2, 9, tzinfo=UTC), "group", "L1")],
    ),
]
NOW = at(7, 12)


def agreement(*objectives: sla.Objective) -> sla.Agreement:
    return sla.Agreement(
        "Desk tiers",
        "multi_level",
        [
            sla.Party("L1 desk", "provider"),
            sla.Party("L2 desk", "provider"),
            sla.Party("Globex", "customer"),
        ],
        list(objectives),
        effective_from=date(2026, 10, 1),
        policies=[POLICY],
    )


CUSTOMER = sla.Objective(
    "resolution", sla.TicketAttainment("resolution"), 90, provider="L2 desk"
)
L1_HOLD = sla.Objective("L1 hold", GroupAttainment("L1"), 90, provider="L1 desk")
L1_REPLY = sla.Objective(
    "L1 first reply", GroupAttainment("L1", "first_reply"), 90, provider="L1 desk"
)
L2_HOLD = sla.Objective("L2 hold", GroupAttainment("L2"), 90, provider="L2 desk")


class TestOutcomes:
    def test_decided_clocks_in_order(self):
        """Each decided group clock, at its breach (else stop) instant."""
        stamps, rows = group_outcomes([POLICY], TICKETS, NOW)
        hold, reply = GroupMetric.HOLD, GroupMetric.FIRST_REPLY
        assert [(sla_at(s), r) for s, r in zip(stamps, rows, strict=True)] == [
            (at(5, 9, 2), GroupOutcome("L1", reply, "low", "desk", True)),
            (at(5, 9, 10), GroupOutcome("L1", hold, "low", "desk", False)),
            (at(5, 10), GroupOutcome("L2", hold, "low", "desk", True)),
            (at(6, 9, 5), GroupOutcome("L1", reply, "high", "desk", False)),
            (at(6, 9, 6), GroupOutcome("L1", hold, "high", "desk", True)),
            (at(7, 11), GroupOutcome("L2", hold, "low", "desk", False)),
        ]

    def test_a_policy_without_group_targets_decides_nothing(self):
        plain = sla.Policy("plain", {"low": sla.Targets(resolution=H)})
        assert group_outcomes([plain], TICKETS, NOW) == ([], [])


def sla_at(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)


class TestReports:
    def test_ola_objectives_beside_the_customer_sla(self):
        report = agreement(CUSTOMER, L1_HOLD, L1_REPLY, L2_HOLD).evaluate(
            sla.Dataset(tickets=TICKETS), OCTOBER, now=NOW
        )
        found = {
            r.objective: (r.value, r.count, r.good, r.breaches, r.met, r.provider)
            for r in report.results
        }
        assert found == {
            # T-1 met (1 h of 4), T-2 met (6 min of 1 h); T-3 still running at 3 h
            "resolution": (Decimal(100), 2, 2, 0, True, "L2 desk"),
            "L1 hold": (Decimal(50), 2, 1, 1, False, "L1 desk"),
            "L1 first reply": (Decimal(50), 2, 1, 1, False, "L1 desk"),
            "L2 hold": (Decimal(50), 2, 1, 1, False, "L2 desk"),
        }
        assert {r.measure for r in report.results} == {
            "ticket_attainment",
            "group_attainment",
        }

    def test_filters(self):
        high = sla.Objective("L1 high", GroupAttainment("L1", priorities=["high"]), 90)
        other = sla.Objective("desk", GroupAttainment("L1", policy="desk"), 90)
        report = agreement(high, other).evaluate(
            sla.Dataset(tickets=TICKETS), OCTOBER, now=NOW
        )
        assert [(r.value, r.count) for r in report.results] == [
            (Decimal(100), 1),
            (Decimal(50), 2),
        ]

    def test_a_group_no_policy_targets(self):
        with pytest.raises(sla.AgreementError, match="group 'L3'") as info:
            agreement(CUSTOMER, sla.Objective("L3", GroupAttainment("L3"), 90))
        assert info.value.field == "objectives[1].measure.group"

    def test_tables_give_the_same_report(self):
        terms = agreement(CUSTOMER, L1_HOLD, L1_REPLY, L2_HOLD)
        table = sla.tickets_to_table(TICKETS, like="pandas")
        by_objects = terms.evaluate(sla.Dataset(tickets=TICKETS), OCTOBER, now=NOW)
        by_table = terms.evaluate(sla.Dataset(tickets=table), OCTOBER, now=NOW)
        assert by_table == by_objects

    @pytest.mark.parametrize("split", [0, 1, 2, 3, 4])
    def test_tallies_of_a_split_add_up(self, split):
        terms = agreement(L1_HOLD, L1_REPLY, L2_HOLD)
        end = datetime(2026, 11, 1, tzinfo=UTC)
        whole = terms.tally(sla.Dataset(tickets=TICKETS), OCTOBER, end, now=NOW)
        left = terms.tally(sla.Dataset(tickets=TICKETS[:split]), OCTOBER, end, now=NOW)
        right = terms.tally(sla.Dataset(tickets=TICKETS[split:]), OCTOBER, end, now=NOW)
        assert terms.report(right + left) == terms.report(whole)


class TestMeasure:
    def test_fields(self):
        m = GroupAttainment("L1", "first_reply", ["high"], policy="desk")
        assert (m.group, m.metric, m.priorities, m.policy) == (
            "L1",
            GroupMetric.FIRST_REPLY,
            frozenset({"high"}),
            "desk",
        )
        assert GroupAttainment("L2").metric is GroupMetric.HOLD
        assert m.kind in sla.measure_kinds()

    def test_bad_fields(self):
        with pytest.raises(sla.AgreementError, match="metric must be one of") as info:
            GroupAttainment("L1", "resolution")
        assert info.value.field == "metric"
        with pytest.raises(sla.AgreementError, match="non-empty name") as info:
            GroupAttainment("")
        assert info.value.field == "group"
        with pytest.raises(sla.AgreementError, match="from 0 to 100"):
            sla.Objective("x", GroupAttainment("L1"), 101)


class TestFiles:
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_round_trip(self, fmt):
        tiered = sla.Policy(
            "desk",
            {"low": sla.Targets(resolution=4 * H)},
            pause_statuses=["pending"],
            groups=["L1", "L2"],
            group_targets=[
                GroupTarget(
                    "L1",
                    hold=10 * MIN,
                    first_reply=5 * MIN,
                    calendar=L1_HOURS,
                    pauses=["hold"],
                ),
                GroupTarget("L1", hold=5 * MIN, priority="urgent"),
                GroupTarget("L2", hold=2 * H),
            ],
        )
        terms = sla.Agreement(
            "Desk tiers",
            "internal",
            [sla.Party("L1 desk", "provider"), sla.Party("L2 desk", "customer")],
            [
                L1_HOLD,
                sla.Objective(
                    "L1 reply",
                    GroupAttainment("L1", "first_reply", ["low"], policy="desk"),
                    80,
                ),
            ],
            effective_from=date(2026, 10, 1),
            policies=[tiered],
        )
        text = sla.dump(terms, format=fmt)
        assert sla.loads(text, format=fmt) == terms
        assert "group_targets" in text
        assert "group_attainment" in text

    def test_a_policy_without_groups_writes_no_group_keys(self):
        terms = agreement(CUSTOMER)
        plain = sla.Agreement(
            terms.name,
            terms.kind,
            terms.parties,
            terms.objectives,
            effective_from=date(2026, 10, 1),
            policies=[sla.Policy("p", {"low": sla.Targets(resolution=H)})],
        )
        text = sla.dump(plain)
        assert "group" not in text

    def test_a_target_for_a_group_never_named_is_placed(self):
        text = """
name = "Desk"
kind = "internal"
effective_from = "2026-10-01"
parties = [{name = "L1", role = "provider"}, {name = "L2", role = "customer"}]
objectives = [{name = "hold", goal = "90", measure = {type = "group_attainment", \
group = "L1"}}]

[[policies]]
name = "desk"
targets = {}
groups = ["L1", "L2"]
group_targets = [{group = "L1", hold = "10m"}, {group = "L3", hold = "1h"}]
"""
        with pytest.raises(sla.AgreementFileError) as info:
            sla.loads(text, format="toml")
        [problem] = info.value.problems
        assert problem.where == "policies[0].group_targets[1].group"
        assert "L3" in problem.message

    def test_a_bad_group_target_key_is_placed(self):
        text = """
name = "Desk"
kind = "internal"
effective_from = "2026-10-01"
parties = [{name = "L1", role = "provider"}, {name = "L2", role = "customer"}]
objectives = [{name = "hold", goal = "90", measure = {type = "group_attainment", \
group = "L1", metric = "lunch"}}]

[[policies]]
name = "desk"
targets = {}
group_targets = [{group = "L1", hold = "ten minutes"}]
"""
        with pytest.raises(sla.AgreementFileError) as info:
            sla.loads(text, format="toml")
        wheres = sorted(p.where for p in info.value.problems)
        assert wheres == [
            "objectives[0].measure.metric",
            "policies[0].group_targets[0].hold",
        ]
