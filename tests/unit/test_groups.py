"""Support groups: holds, group targets and breach attribution, with hand-worked values.

Dates are in October 2026 (UTC): Mon 5, Tue 6, Wed 7. L1 works Mon-Fri 09:00-17:00,
L2 Mon-Fri 08:00-20:00; policies count in ALWAYS (24/7) unless a test says so.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

import slacore as sla
from slacore._attribution import Attribution, GroupShare, attribute
from slacore._groups import GroupMetric, GroupTarget

MIN = timedelta(minutes=1)
H = timedelta(hours=1)
L1_HOURS = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
L2_HOURS = sla.BusinessCalendar("mon-fri 08:00-20:00", tz="UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC)


def ev(when: datetime, kind: str, value: str | None = None) -> sla.TicketEvent:
    return sla.TicketEvent(when, kind, value)


def ticket(*events: sla.TicketEvent, created: datetime | None = None, priority="low"):
    return sla.Ticket("T-1", created or at(5, 9), priority, events)


def holds(policy, t, now):
    """(group, assigned, released, release, held_for, met) of each hold."""
    return [
        (h.group, h.assigned_at, h.released_at, h.release, h.held_for, h.met)
        for h in policy.measure_groups(t, now).holds
    ]


TIERS = sla.Policy(
    "tiers",
    {"low": sla.Targets(resolution=4 * H)},
    groups=("L1", "L2"),
    group_targets=(
        GroupTarget("L1", hold=10 * MIN, first_reply=5 * MIN, calendar=L1_HOURS),
        GroupTarget("L2", hold=2 * H, first_reply=30 * MIN, calendar=L2_HOURS),
    ),
)


class TestHolds:
    def test_l1_reassigns_to_l2_then_l2_solves(self):
        """L1 holds 12 minutes of its 10 (missed at 09:10), L2 holds 108 of 120."""
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 12), "group", "L2"),
            ev(at(5, 11), "status", "solved"),
        )
        m = TIERS.measure_groups(t, at(5, 12))
        assert holds(TIERS, t, at(5, 12)) == [
            ("L1", at(5, 9), at(5, 9, 12), "reassigned", 12 * MIN, False),
            ("L2", at(5, 9, 12), at(5, 11), "solved", 108 * MIN, True),
        ]
        l1, l2 = m.holds
        assert l1.breached_at == at(5, 9, 10)
        assert l1.target == 10 * MIN
        assert l2.breached_at is None
        assert (m.ticket_id, m.policy, m.priority, m.now) == (
            "T-1",
            "tiers",
            "low",
            at(5, 12),
        )
        assert m.first_missed is l1
        assert m.breached
        assert m.groups == ("L1", "L2")

    def test_each_group_counts_in_its_own_calendar(self):
        """L1 (09-17) holds 16:55 Mon to 09:07 Tue: 12 minutes, missed 09:05 Tue."""
        t = ticket(
            ev(at(5, 16, 55), "group", "L1"),
            ev(at(6, 9, 7), "group", "L2"),
            ev(at(6, 9, 30), "status", "solved"),
            created=at(5, 16, 50),
        )
        [l1, l2] = TIERS.measure_groups(t, at(6, 10)).holds
        assert (l1.held_for, l1.breached_at) == (12 * MIN, at(6, 9, 5))
        assert (l2.held_for, l2.met) == (23 * MIN, True)

    def test_l2_calendar_counts_the_evening(self):
        """L2 (08-20) assigned 16:55 Mon holds until 19:00: 2h05, missed 18:55."""
        t = ticket(ev(at(5, 16, 55), "group", "L2"), created=at(5, 16))
        [l2] = TIERS.measure_groups(t, at(5, 19)).holds
        assert (l2.held_for, l2.breached_at, l2.met) == (125 * MIN, at(5, 18, 55), None)
        assert (l2.released_at, l2.release) == (None, None)
        assert l2.hold.state is sla.TimerState.RUNNING

    def test_assigning_back_starts_a_new_hold(self):
        """L1 8 min, L2, L1 again 9 min: two holds, each met on its own."""
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 8), "group", "L2"),
            ev(at(5, 9, 20), "group", "L1"),
            ev(at(5, 9, 29), "status", "solved"),
        )
        m = TIERS.measure_groups(t, at(5, 10))
        assert [(h.group, h.index, h.held_for, h.met) for h in m.holds] == [
            ("L1", 0, 8 * MIN, True),
            ("L2", 1, 12 * MIN, True),
            ("L1", 2, 9 * MIN, True),
        ]
        assert m.held_for("L1") == 17 * MIN
        assert m.held_for("L3") == timedelta(0)
        assert [h.index for h in m.of("L1")] == [0, 2]
        # no hold target missed, but L1 never replied within its first 5 minutes
        assert m.first_missed.index == 0
        assert m.first_missed.missed_at == at(5, 9, 5)
        assert m.breached

    def test_no_target_missed(self):
        t = ticket(ev(at(5, 9), "group", "L1"), ev(at(5, 9, 2), "agent_reply"))
        m = TIERS.measure_groups(t, at(5, 9, 9))
        assert m.first_missed is None
        assert not m.breached

    def test_assigning_the_same_group_again_changes_nothing(self):
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 4), "group", "L1"),
            ev(at(5, 9, 8), "status", "solved"),
        )
        assert holds(TIERS, t, at(5, 10)) == [
            ("L1", at(5, 9), at(5, 9, 8), "solved", 8 * MIN, True)
        ]

    def test_reopening_starts_a_new_hold_for_the_holding_group(self):
        """Solved at 10:00 by L2, reopened at 10:30: a new L2 hold from 10:30."""
        t = ticket(
            ev(at(5, 9), "group", "L2"),
            ev(at(5, 10), "status", "solved"),
            ev(at(5, 10, 30), "status", "open"),
            ev(at(5, 10, 45), "status", "closed"),
        )
        assert holds(TIERS, t, at(5, 12)) == [
            ("L2", at(5, 9), at(5, 10), "solved", H, True),
            ("L2", at(5, 10, 30), at(5, 10, 45), "solved", 15 * MIN, True),
        ]

    def test_a_group_assigned_while_solved_holds_from_the_reopen(self):
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 5), "status", "solved"),
            ev(at(5, 9, 10), "group", "L2"),
            ev(at(5, 9, 30), "status", "open"),
        )
        assert holds(TIERS, t, at(5, 10)) == [
            ("L1", at(5, 9), at(5, 9, 5), "solved", 5 * MIN, True),
            ("L2", at(5, 9, 30), None, None, 30 * MIN, None),
        ]

    def test_before_any_assignment_and_before_creation(self):
        t = ticket(ev(at(5, 10), "group", "L1"))
        assert TIERS.measure_groups(t, at(5, 9, 59)).holds == ()
        assert TIERS.measure_groups(t, at(5, 8)).holds == ()
        assert TIERS.measure_groups(ticket(), at(5, 10)).holds == ()

    def test_events_after_now_are_ignored(self):
        """At 09:06 the reassignment at 09:12 is not known yet: L1 still holds."""
        t = ticket(ev(at(5, 9), "group", "L1"), ev(at(5, 9, 12), "group", "L2"))
        [l1] = TIERS.measure_groups(t, at(5, 9, 6)).holds
        assert (l1.released_at, l1.held_for, l1.met, l1.breached_at) == (
            None,
            6 * MIN,
            None,
            None,
        )
        assert l1.hold.due_at == at(5, 9, 10)

    def test_a_group_without_target_is_held_in_the_policy_calendar(self):
        policy = sla.Policy("p", {}, calendar=L1_HOURS)
        t = ticket(ev(at(5, 16), "group", "Billing"), created=at(5, 16))
        [hold] = policy.measure_groups(t, at(6, 10)).holds
        assert (hold.held_for, hold.target, hold.hold, hold.met) == (
            2 * H,
            None,
            None,
            None,
        )
        assert (hold.first_reply_target, hold.first_reply, hold.missed_at) == (
            None,
            None,
            None,
        )


class TestPauses:
    EVENTS = (
        ev(at(5, 9), "group", "L2"),
        ev(at(5, 9, 30), "status", "pending"),
        ev(at(5, 10, 30), "status", "open"),
        ev(at(5, 11), "status", "solved"),
    )

    def test_ownership_counts_on_while_pending_by_default(self):
        assert holds(TIERS, ticket(*self.EVENTS), at(5, 12))[0][4] == 2 * H

    def test_a_target_may_pause_its_hold(self):
        policy = sla.Policy(
            "p", {}, group_targets=[GroupTarget("L2", hold=H, pauses=["hold"])]
        )
        [hold] = policy.measure_groups(ticket(*self.EVENTS), at(5, 12)).holds
        assert (hold.held_for, hold.met) == (H, True)
        assert hold.hold.paused_for == H

    def test_assigned_while_pending_starts_paused(self):
        policy = sla.Policy(
            "p",
            {},
            group_targets=[GroupTarget("L2", hold=H, pauses=[GroupMetric.HOLD])],
        )
        t = ticket(
            ev(at(5, 9), "status", "on-hold"),
            ev(at(5, 9, 10), "group", "L2"),
            ev(at(5, 9, 40), "status", "open"),
        )
        [hold] = policy.measure_groups(t, at(5, 10)).holds
        assert hold.held_for == 20 * MIN
        assert hold.hold.state is sla.TimerState.RUNNING

    def test_pauses_are_checked(self):
        with pytest.raises(sla.PolicyError, match="unknown group clock 'wait'") as info:
            GroupTarget("L1", pauses="wait")
        assert info.value.field == "pauses"
        assert GroupTarget("L1", pauses="first_reply").pauses == {"first_reply"}


class TestFirstReply:
    def test_first_reply_within_each_group(self):
        """L1 replies after 3 of 5 minutes; L2 never replies: missed at 09:40."""
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 3), "agent_reply"),
            ev(at(5, 9, 10), "group", "L2"),
            ev(at(5, 9, 50), "customer_message"),
            ev(at(5, 10), "status", "solved"),
        )
        l1, l2 = TIERS.measure_groups(t, at(5, 11)).holds
        reply = l1.status(GroupMetric.FIRST_REPLY)
        assert (reply.stopped_at, reply.elapsed, reply.met) == (
            at(5, 9, 3),
            3 * MIN,
            True,
        )
        assert (l1.missed_at, l1.met) == (None, True)
        reply = l2.first_reply
        assert (reply.breached_at, reply.stopped_at, reply.met) == (
            at(5, 9, 40),
            at(5, 10),
            False,
        )
        assert l2.missed_at == at(5, 9, 40)
        assert l2.met is True  # 50 of its 120 hold minutes

    def test_a_reply_before_the_assignment_does_not_count(self):
        t = ticket(
            ev(at(5, 9), "agent_reply"),
            ev(at(5, 9, 1), "group", "L1"),
            ev(at(5, 9, 4), "group", "L2"),
        )
        l1, _ = TIERS.measure_groups(t, at(5, 10)).holds
        assert (l1.first_reply.stopped_at, l1.first_reply.met) == (at(5, 9, 4), True)

    def test_the_first_missed_target_may_be_a_first_reply(self):
        t = ticket(ev(at(5, 9), "group", "L2"))
        m = TIERS.measure_groups(t, at(5, 12))
        assert m.first_missed.missed_at == at(5, 9, 30)


class TestPriorities:
    POLICY = sla.Policy(
        "p",
        {},
        group_targets=[
            GroupTarget("L1", hold=10 * MIN),
            GroupTarget("L1", hold=5 * MIN, priority="urgent"),
        ],
    )

    def test_a_priority_of_its_own(self):
        t = ticket(ev(at(5, 9), "group", "L1"), priority="urgent")
        [hold] = self.POLICY.measure_groups(t, at(5, 10)).holds
        assert hold.target == 5 * MIN

    def test_the_fallback_for_other_priorities(self):
        [hold] = self.POLICY.measure_groups(
            ticket(ev(at(5, 9), "group", "L1")), at(5, 10)
        ).holds
        assert hold.target == 10 * MIN

    def test_the_priority_in_force_at_now(self):
        t = ticket(ev(at(5, 9), "group", "L1"), ev(at(5, 9, 30), "priority", "urgent"))
        assert self.POLICY.measure_groups(t, at(5, 9, 20)).holds[0].target == 10 * MIN
        m = self.POLICY.measure_groups(t, at(5, 10))
        assert (m.priority, m.holds[0].target) == ("urgent", 5 * MIN)


class TestCustomerClocksUnchanged:
    def test_group_events_change_no_customer_clock(self):
        policy = sla.Policy(
            "p",
            {"low": sla.Targets(first_response=H, next_response=H, resolution=4 * H)},
        )
        plain = [
            ev(at(5, 9, 30), "agent_reply"),
            ev(at(5, 9, 40), "customer_message"),
            ev(at(5, 10), "status", "pending"),
            ev(at(5, 11), "status", "open"),
            ev(at(5, 12), "status", "solved"),
        ]
        grouped = [
            ev(at(5, 9), "group", "L1"),
            *plain[:2],
            ev(at(5, 9, 40), "group", "L2"),
            *plain[2:],
            ev(at(5, 12), "group", "L1"),
        ]
        now = at(5, 13)
        assert policy.measure(ticket(*grouped), now) == policy.measure(
            ticket(*plain), now
        )


class TestBadInputs:
    def test_a_target_for_a_group_never_named(self):
        with pytest.raises(
            sla.PolicyError, match=r"group_targets\[1\] is for group 'L3'"
        ) as info:
            sla.Policy(
                "p",
                {},
                groups=["L1", "L2"],
                group_targets=[GroupTarget("L1"), GroupTarget("L3")],
            )
        assert info.value.field == "group_targets[1].group"

    def test_a_second_target_for_the_same_group_and_priority(self):
        with pytest.raises(sla.PolicyError, match="second target") as info:
            sla.Policy(
                "p", {}, group_targets=[GroupTarget("L1"), GroupTarget("L1", hold=H)]
            )
        assert info.value.field == "group_targets[1]"

    def test_groups_are_checked(self):
        with pytest.raises(sla.PolicyError, match="again") as info:
            sla.Policy("p", {}, groups=["L1", "L1"])
        assert info.value.field == "groups[1]"
        with pytest.raises(sla.PolicyError, match="non-empty") as info:
            sla.Policy("p", {}, groups=["L1", " "])
        assert info.value.field == "groups[1]"
        with pytest.raises(TypeError, match=r"groups\[0\] must be a str"):
            sla.Policy("p", {}, groups=[1])
        assert sla.Policy("p", {}, groups="L1").groups == ("L1",)

    def test_group_targets_are_group_targets(self):
        with pytest.raises(
            TypeError, match=r"group_targets\[0\] must be a GroupTarget"
        ):
            sla.Policy("p", {}, group_targets=["L1"])

    def test_group_target_fields(self):
        with pytest.raises(sla.PolicyError, match="hold must not be negative") as info:
            GroupTarget("L1", hold=-MIN)
        assert info.value.field == "hold"
        with pytest.raises(sla.PolicyError, match="non-empty name") as info:
            GroupTarget("")
        assert info.value.field == "group"
        with pytest.raises(sla.PolicyError, match="non-empty name"):
            GroupTarget("L1", priority="")
        with pytest.raises(TypeError, match="calendar"):
            GroupTarget("L1", calendar="UTC")

    def test_an_undeclared_group_in_the_data(self):
        t = ticket(ev(at(5, 9), "group", "L1"), ev(at(5, 9, 5), "group", "l2"))
        with pytest.raises(sla.DataError, match="assigns group 'l2'") as info:
            TIERS.measure_groups(t, at(5, 10))
        assert (info.value.field, info.value.index) == ("events[1].value", 1)
        # without declared groups, any group is held
        assert sla.Policy("p", {}).measure_groups(t, at(5, 10)).groups == ("L1", "l2")

    @pytest.mark.parametrize("value", [None, ""])
    def test_a_group_event_needs_its_group(self, value):
        with pytest.raises(sla.DataError, match="a group event needs the new group"):
            ev(at(5, 9), "group", value)


# -- attribution ---------------------------------------------------------------------

ATTRIBUTED = sla.Policy(
    "desk",
    {"low": sla.Targets(resolution=30 * MIN, first_response=H)},
    group_targets=(
        GroupTarget("L1", hold=10 * MIN),
        GroupTarget("L2", hold=H),
    ),
)


def shares(found: Attribution) -> list[tuple[str | None, timedelta]]:
    return [(s.group, s.business_time) for s in found.shares]


class TestAttribution:
    def test_unassigned_l1_and_l2(self):
        """Resolution (30 min) breached 09:30: 5 unassigned, 12 L1, 13 L2; L1 first."""
        t = ticket(
            ev(at(5, 9, 5), "group", "L1"),
            ev(at(5, 9, 17), "group", "L2"),
            ev(at(5, 10), "status", "solved"),
        )
        [found] = attribute(ATTRIBUTED, t, at(5, 11))
        assert (found.metric, found.cycle, found.breached_at) == (
            sla.Metric.RESOLUTION,
            0,
            at(5, 9, 30),
        )
        assert shares(found) == [(None, 5 * MIN), ("L1", 12 * MIN), ("L2", 13 * MIN)]
        assert sum((s.business_time for s in found.shares), timedelta(0)) == 30 * MIN
        assert found.first_missed.group == "L1"
        assert found.first_missed.missed_at == at(5, 9, 15)
        assert (found.ticket_id, found.policy) == ("T-1", "desk")
        assert found.share("L2") == 13 * MIN
        assert found.share("L3") == timedelta(0)

    def test_pauses_of_the_customer_clock_are_left_out(self):
        """Pending 09:10-09:40 (L2 holds): L1 09:00-09:05, L2 5 + 20 minutes.

        Resolution runs 10 minutes, pauses 30, runs 20 more: breached at 10:00,
        with first response (1 hour, not paused) at the same instant, listed first.
        """
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 5), "group", "L2"),
            ev(at(5, 9, 10), "status", "pending"),
            ev(at(5, 9, 40), "status", "open"),
        )
        first_response, found = attribute(ATTRIBUTED, t, at(5, 11))
        assert first_response.metric is sla.Metric.FIRST_RESPONSE
        assert found.breached_at == at(5, 10)
        assert shares(first_response) == [("L1", 5 * MIN), ("L2", 55 * MIN)]
        assert shares(found) == [("L1", 5 * MIN), ("L2", 25 * MIN)]
        assert found.first_missed is None  # L1 5 of 10, L2 still within its hour

    def test_shares_are_in_the_customer_calendar(self):
        """Office hours 09-17: L1 holds 16:50-17:00 Mon and 09:00-09:20 Tue."""
        policy = sla.Policy(
            "office",
            {"low": sla.Targets(resolution=30 * MIN)},
            calendar=L1_HOURS,
        )
        t = ticket(
            ev(at(5, 16, 50), "group", "L1"),
            ev(at(6, 9, 10), "group", "L2"),
            created=at(5, 16, 50),
        )
        [found] = attribute(policy, t, at(6, 12))
        assert found.breached_at == at(6, 9, 20)
        assert shares(found) == [("L1", 20 * MIN), ("L2", 10 * MIN)]

    def test_a_group_target_missed_after_the_customer_breach_is_not_first(self):
        policy = sla.Policy(
            "p",
            {"low": sla.Targets(resolution=30 * MIN)},
            group_targets=[GroupTarget("L2", hold=H)],
        )
        t = ticket(ev(at(5, 9), "group", "L2"))
        [found] = attribute(policy, t, at(5, 12))
        assert found.first_missed is None
        assert shares(found) == [("L2", 30 * MIN)]

    def test_every_breach_is_attributed_in_breach_order(self):
        t = ticket(ev(at(5, 9, 5), "group", "L1"))
        found = attribute(ATTRIBUTED, t, at(5, 12))
        assert [(f.metric, f.breached_at) for f in found] == [
            (sla.Metric.RESOLUTION, at(5, 9, 30)),
            (sla.Metric.FIRST_RESPONSE, at(5, 10)),
        ]
        assert shares(found[1]) == [(None, 5 * MIN), ("L1", 55 * MIN)]
        assert found[1].first_missed.group == "L1"

    def test_no_breach_no_attribution(self):
        t = ticket(ev(at(5, 9), "group", "L1"), ev(at(5, 9, 5), "status", "solved"))
        assert attribute(ATTRIBUTED, t, at(5, 12)) == ()

    def test_a_reopened_cycle_is_attributed_to_its_holds(self):
        """Resolution 30 min: L1 09:00-09:20 solved, reopened 10:00, L2 from 10:05."""
        t = ticket(
            ev(at(5, 9), "group", "L1"),
            ev(at(5, 9, 20), "status", "solved"),
            ev(at(5, 10), "status", "open"),
            ev(at(5, 10, 5), "group", "L2"),
        )
        [found] = attribute(ATTRIBUTED, t, at(5, 11))
        assert found.breached_at == at(5, 10, 10)
        assert shares(found) == [("L1", 25 * MIN), ("L2", 5 * MIN)]
        assert found.first_missed.group == "L1"  # its first hold, 10 of 10 at 09:10

    def test_value_objects(self):
        share = GroupShare("L1", MIN)
        assert share == GroupShare("L1", MIN)
        assert hash(share) == hash(GroupShare("L1", MIN))


# -- readers -------------------------------------------------------------------------


class TestReaders:
    TEXT = (
        "ticket_id,at,kind,value\n"
        "T-1,2026-10-05T09:00:00Z,created,low\n"
        "T-1,2026-10-05T09:00:00Z,group,L1\n"
        "T-1,2026-10-05T09:12:00Z,group,L2\n"
    )

    def test_csv(self):
        [t] = sla.read_tickets(io.StringIO(self.TEXT))
        assert [(e.kind, e.value) for e in t.events] == [
            ("group", "L1"),
            ("group", "L2"),
        ]

    def test_csv_group_without_value(self):
        text = self.TEXT + "T-1,2026-10-05T09:13:00Z,group,\n"
        with pytest.raises(sla.DataFileError) as info:
            sla.read_tickets(io.StringIO(text))
        [problem] = info.value.problems
        assert (problem.line, problem.where, problem.message) == (
            5,
            "value",
            "a group row needs the new group as its value",
        )

    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow", "numpy"])
    def test_tables_round_trip(self, like):
        [t] = sla.read_tickets(io.StringIO(self.TEXT))
        table = sla.tickets_to_table([t], like=like)
        assert sla.tickets_from_table(table) == [t]

    def test_table_group_without_value(self):
        import numpy as np

        events = {
            "ticket_id": np.array(["T-1", "T-1"]),
            "at": np.array(
                ["2026-10-05T09:00", "2026-10-05T09:01"], dtype="datetime64[us]"
            ),
            "kind": np.array(["created", "group"]),
            "value": np.array(["low", None], dtype=object),
        }
        with pytest.raises(sla.TableError) as info:
            sla.tickets_from_table(events)
        [problem] = info.value.problems
        assert (problem.column, problem.message) == (
            "value",
            "a group row needs the new group as its value",
        )

    def test_the_columnar_engine_ignores_group_rows(self):
        policy = sla.Policy(
            "p", {"low": sla.Targets(first_response=H, resolution=4 * H)}
        )
        [t] = sla.read_tickets(
            io.StringIO(self.TEXT + "T-1,2026-10-05T09:30:00Z,agent_reply,\n")
        )
        table = sla.tickets_to_table([t], like="pandas")
        plain = sla.tickets_to_table(
            [sla.Ticket(t.id, t.created_at, t.priority, [t.events[-1]])], like="pandas"
        )
        now = at(5, 12)
        got = policy.measure_table(table, now=now)
        assert got.equals(policy.measure_table(plain, now=now))
