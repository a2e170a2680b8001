"""Helpdesk policies: named scenarios with hand-worked values, the API, bad inputs.

The business calendar is Mon-Fri 09:00-17:00 Europe/Berlin (no holidays); the
dates are in September 2025, which has no DST change and no German holiday:
Mon 1, Fri 5, Sat 6, Sun 7, Mon 8, Tue 9, Wed 10.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest

from slacore import (
    ALWAYS,
    Breach,
    BusinessCalendar,
    DataError,
    Equals,
    HasTag,
    In,
    Measurement,
    Metric,
    NaiveDatetimeError,
    Policy,
    PolicyError,
    PriorityRule,
    SlaError,
    Targets,
    Ticket,
    TicketEvent,
    TimerState,
    apply_priority_rules,
    measure_many,
    select_policy,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
US = timedelta(microseconds=1)

FR, NR, PU, RES = (
    Metric.FIRST_RESPONSE,
    Metric.NEXT_RESPONSE,
    Metric.PERIODIC_UPDATE,
    Metric.RESOLUTION,
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """September *day*, 2025, *hour*:*minute* in Berlin."""
    return datetime(2025, 9, day, hour, minute, tzinfo=BERLIN)


def ev(when: datetime, kind: str, value: str | None = None) -> TicketEvent:
    return TicketEvent(when, kind, value)


def summary(statuses) -> list[tuple]:
    """(state, started_at, stopped_at, elapsed, met) of each cycle."""
    return [(s.state, s.started_at, s.stopped_at, s.elapsed, s.met) for s in statuses]


RUNNING, PAUSED, STOPPED, NOT_STARTED = (
    TimerState.RUNNING,
    TimerState.PAUSED,
    TimerState.STOPPED,
    TimerState.NOT_STARTED,
)


# -- scenario: a ticket paused over a weekend ------------------------------------------

WEEKEND_POLICY = Policy(
    "support",
    {"normal": Targets(first_response=4 * H, next_response=4 * H, resolution=16 * H)},
    calendar=OFFICE,
)
# Fri 14:00 created; replied 15:00; pending 16:00; the customer answers on Monday at
# 11:00 and the ticket goes back to open.
WEEKEND_TICKET = Ticket(
    "T-weekend",
    at(5, 14),
    "normal",
    [
        ev(at(5, 15), "agent_reply"),
        ev(at(5, 16), "status", "pending"),
        ev(at(8, 11), "customer_message"),
        ev(at(8, 11), "status", "open"),
    ],
)


class TestWeekendPause:
    def test_resolution_paused_over_the_weekend(self):
        """Resolution counts Fri 14-16 and Mon 11-17, Tue 9-10: 9 h, 3 h paused."""
        m = WEEKEND_POLICY.measure(WEEKEND_TICKET, at(9, 10))
        (resolution,) = m[RES]
        assert resolution.state == RUNNING
        assert resolution.elapsed == 9 * H
        # Paused Fri 16:00 to Mon 11:00: Fri 16-17 and Mon 9-11 are business time.
        assert resolution.paused_for == 3 * H
        assert resolution.remaining == 7 * H
        assert resolution.due_at == at(9, 17)

    def test_without_pause_statuses(self):
        """With nothing pausing, the same ticket counts Fri 14-17, Mon, Tue 9-10."""
        policy = Policy(
            "support", dict(WEEKEND_POLICY.targets), calendar=OFFICE, pause_statuses=()
        )
        (resolution,) = policy.measure(WEEKEND_TICKET, at(9, 10))[RES]
        assert resolution.elapsed == 12 * H

    def test_paused_on_saturday(self):
        """On Saturday the resolution clock is paused, with 2 h used and no due date."""
        (resolution,) = WEEKEND_POLICY.measure(WEEKEND_TICKET, at(6, 12))[RES]
        assert resolution.state == PAUSED
        assert resolution.elapsed == 2 * H
        assert resolution.due_at is None

    def test_other_clocks_do_not_pause(self):
        """First response met in 1 h; next response runs from Mon 11:00, late 15:00."""
        m = WEEKEND_POLICY.measure(WEEKEND_TICKET, at(9, 10))
        assert summary(m[FR]) == [(STOPPED, at(5, 14), at(5, 15), H, True)]
        assert summary(m[NR]) == [(RUNNING, at(8, 11), None, 7 * H, None)]
        assert m.current(NR).breached_at == at(8, 15)
        assert m.breaches == (Breach(NR, 0, at(8, 15)),)
        assert m.next_due == at(9, 17)
        assert m.breached is True


# -- scenario: a priority bump from normal to urgent moves to a 24/7 calendar ----------

TIERED = Policy(
    "tiered",
    {
        "normal": Targets(first_response=8 * H, resolution=24 * H),
        "urgent": Targets(first_response=H, resolution=4 * H, calendar=ALWAYS),
    },
    calendar=OFFICE,
)
# Created Fri 16:00 as normal; bumped to urgent on Saturday at 10:00.
BUMPED = Ticket("T-bump", at(5, 16), "normal", [ev(at(6, 10), "priority", "urgent")])


class TestPriorityBump:
    def test_before_the_bump(self):
        """Before the bump: normal targets in business hours (1 h used by Saturday)."""
        m = BUMPED.priority_at(at(6, 9)), TIERED.measure(BUMPED, at(6, 9))
        priority, measurement = m
        assert priority == "normal"
        assert measurement.priority == "normal"
        first = measurement.current(FR)
        assert (first.elapsed, first.remaining) == (H, 7 * H)
        assert first.due_at == at(8, 16)
        # 23 h left of 24: Mon 8 h, Tue 8 h, Wed 09:00-16:00.
        assert measurement.current(RES).due_at == at(10, 16)
        assert measurement.next_due == at(8, 16)
        assert measurement.breached is False

    def test_after_the_bump(self):
        """After: every clock re-targeted from creation on 24/7 with urgent targets."""
        m = TIERED.measure(BUMPED, at(6, 12))
        assert m.priority == "urgent"
        assert m.current(FR).elapsed == 20 * H
        assert m.current(RES).elapsed == 20 * H
        assert m.current(FR).breached_at == at(5, 17)
        assert m.current(RES).breached_at == at(5, 20)
        assert m.breaches == (Breach(FR, 0, at(5, 17)), Breach(RES, 0, at(5, 20)))
        assert m.next_due is None

    def test_reply_after_the_bump(self):
        """A reply after the bump stops first response late: 18.5 h on 24/7, missed."""
        ticket = attrs.evolve(
            BUMPED, events=[*BUMPED.events, ev(at(6, 10, 30), "agent_reply")]
        )
        first = TIERED.measure(ticket, at(6, 12)).current(FR)
        assert (first.state, first.elapsed, first.met) == (
            STOPPED,
            18 * H + 30 * MIN,
            False,
        )

    def test_bump_down_to_an_untargeted_priority(self):
        """The priority in force at `now` decides, even if it has no tier."""
        ticket = attrs.evolve(
            BUMPED, events=[*BUMPED.events, ev(at(6, 11), "priority", "low")]
        )
        m = TIERED.measure(ticket, at(6, 12))
        assert (m.priority, m.metrics) == ("low", ())


# -- scenario: a reopened ticket -------------------------------------------------------

REOPEN_POLICY = Policy(
    "reopen",
    {"normal": Targets(first_response=2 * H, periodic_update=2 * H, resolution=10 * H)},
)
# 24/7. Created Mon 09:00; replies 10:00 and 11:30; solved 12:00; the customer
# writes back at 15:00 and the ticket is reopened; reply 16:00.
REOPENED = Ticket(
    "T-reopen",
    at(1, 9),
    "normal",
    [
        ev(at(1, 10), "agent_reply"),
        ev(at(1, 11, 30), "agent_reply"),
        ev(at(1, 12), "status", "solved"),
        ev(at(1, 15), "customer_message"),
        ev(at(1, 15), "status", "open"),
        ev(at(1, 16), "agent_reply"),
    ],
)


class TestReopened:
    def test_while_solved(self):
        """While solved, resolution is stopped at the solve: 3 h, met."""
        m = REOPEN_POLICY.measure(REOPENED, at(1, 13))
        assert summary(m[RES]) == [(STOPPED, at(1, 9), at(1, 12), 3 * H, True)]
        assert summary(m[FR]) == [(STOPPED, at(1, 9), at(1, 10), H, True)]
        assert summary(m[PU]) == [
            (STOPPED, at(1, 10), at(1, 11, 30), 90 * MIN, True),
            (STOPPED, at(1, 11, 30), at(1, 12), 30 * MIN, True),
        ]
        assert m.next_due is None

    def test_reopen_resumes_the_same_clock(self):
        """The reopen resumes the same resolution clock; solved time is not counted."""
        m = REOPEN_POLICY.measure(REOPENED, at(1, 19))
        (resolution,) = m[RES]
        assert resolution.state == RUNNING
        assert resolution.started_at == at(1, 9)
        assert resolution.elapsed == 7 * H  # 09-12 and 15-19
        assert resolution.paused_for == 3 * H  # solved 12-15
        assert resolution.due_at == at(1, 22)

    def test_periodic_updates(self):
        """A periodic-update cycle runs from each reply to the next, or to the solve."""
        m = REOPEN_POLICY.measure(REOPENED, at(1, 19))
        assert summary(m[PU]) == [
            (STOPPED, at(1, 10), at(1, 11, 30), 90 * MIN, True),
            (STOPPED, at(1, 11, 30), at(1, 12), 30 * MIN, True),
            (RUNNING, at(1, 16), None, 3 * H, None),
        ]
        assert m.breaches == (Breach(PU, 2, at(1, 18)),)

    def test_solved_again(self):
        """A second solve stops resolution there: 3 h + 5 h, met; the update missed."""
        ticket = attrs.evolve(
            REOPENED, events=[*REOPENED.events, ev(at(1, 20), "status", "solved")]
        )
        m = REOPEN_POLICY.measure(ticket, at(1, 21))
        assert summary(m[RES]) == [(STOPPED, at(1, 9), at(1, 20), 8 * H, True)]
        assert m.current(PU).stopped_at == at(1, 20)
        assert m.current(PU).met is False

    def test_closed_after_solved(self):
        """Closing a solved ticket keeps the solve as the resolution's stop."""
        ticket = Ticket(
            "T",
            at(1, 9),
            "normal",
            [ev(at(1, 12), "status", "solved"), ev(at(1, 14), "status", "closed")],
        )
        (resolution,) = REOPEN_POLICY.measure(ticket, at(1, 20))[RES]
        assert (resolution.stopped_at, resolution.elapsed) == (at(1, 12), 3 * H)

    def test_pending_then_solved(self):
        """Pending time and solved time both stay out of resolution."""
        ticket = Ticket(
            "T",
            at(1, 9),
            "normal",
            [
                ev(at(1, 10), "status", "pending"),
                ev(at(1, 12), "status", "solved"),
                ev(at(1, 13), "status", "open"),
            ],
        )
        (resolution,) = REOPEN_POLICY.measure(ticket, at(1, 14))[RES]
        assert (resolution.state, resolution.elapsed) == (RUNNING, 2 * H)


# -- scenario: next-response cycles on a long conversation -----------------------------

CHAT_POLICY = Policy("chat", {"normal": Targets(first_response=H, next_response=H)})
CONVERSATION = Ticket(
    "T-chat",
    at(1, 9),
    "normal",
    [
        ev(at(1, 9, 5), "customer_message"),  # before any reply: no next response
        ev(at(1, 9, 30), "agent_reply"),
        ev(at(1, 10), "customer_message"),  # cycle 0 starts
        ev(at(1, 10, 20), "customer_message"),
        ev(at(1, 10, 40), "customer_message"),
        ev(at(1, 10, 50), "agent_reply"),  # cycle 0 met in 50 min
        ev(at(1, 11), "internal_note"),
        ev(at(1, 12), "customer_message"),  # cycle 1 starts
        ev(at(1, 13, 30), "agent_reply"),  # cycle 1 missed: 90 min
        ev(at(1, 13, 45), "agent_reply"),
        ev(at(1, 14), "customer_message"),  # cycle 2 starts
    ],
)


class TestNextResponse:
    def test_cycles(self):
        """Messages in a row are one cycle; each reply answers all of them."""
        m = CHAT_POLICY.measure(CONVERSATION, at(1, 14, 30))
        assert summary(m[NR]) == [
            (STOPPED, at(1, 10), at(1, 10, 50), 50 * MIN, True),
            (STOPPED, at(1, 12), at(1, 13, 30), 90 * MIN, False),
            (RUNNING, at(1, 14), None, 30 * MIN, None),
        ]
        assert m[NR][1].breached_at == at(1, 13)
        assert m.current(NR).due_at == at(1, 15)
        assert summary(m[FR]) == [(STOPPED, at(1, 9), at(1, 9, 30), 30 * MIN, True)]

    def test_no_cycle_before_the_first_reply(self):
        """Messages before the first reply start no next-response cycle."""
        ticket = Ticket(
            "T",
            at(1, 9),
            "normal",
            [ev(at(1, 9, 5), "customer_message"), ev(at(1, 9, 10), "customer_message")],
        )
        m = CHAT_POLICY.measure(ticket, at(1, 12))
        assert [s.state for s in m[NR]] == [NOT_STARTED]
        assert m.current(FR).state == RUNNING

    def test_same_instant_in_given_order(self):
        """Events at one instant apply in their given order."""
        first_reply = ev(at(1, 9, 30), "agent_reply")
        message, reply = ev(at(1, 10), "customer_message"), ev(at(1, 10), "agent_reply")
        answered = Ticket("T", at(1, 9), "normal", [first_reply, message, reply])
        waiting = Ticket("T", at(1, 9), "normal", [first_reply, reply, message])
        now = at(1, 10, 30)
        assert summary(CHAT_POLICY.measure(answered, now)[NR]) == [
            (STOPPED, at(1, 10), at(1, 10), timedelta(0), True)
        ]
        assert summary(CHAT_POLICY.measure(waiting, now)[NR]) == [
            (RUNNING, at(1, 10), None, 30 * MIN, None)
        ]

    def test_message_on_a_solved_ticket(self):
        """A message while solved starts no cycle; one after the reopen does.

        The reading taken (the issue is silent): a solved ticket has no response
        clocks, so only a message once the ticket is open again starts one.
        """
        events = [
            ev(at(1, 9, 30), "agent_reply"),
            ev(at(1, 10), "status", "solved"),
            ev(at(1, 11), "customer_message"),
            ev(at(1, 11), "status", "open"),
        ]
        ticket = Ticket("T", at(1, 9), "normal", events)
        assert [s.state for s in CHAT_POLICY.measure(ticket, at(1, 12))[NR]] == [
            NOT_STARTED
        ]
        later = attrs.evolve(
            ticket, events=[*events, ev(at(1, 11, 30), "customer_message")]
        )
        assert summary(CHAT_POLICY.measure(later, at(1, 12))[NR]) == [
            (RUNNING, at(1, 11, 30), None, 30 * MIN, None)
        ]

    def test_solved_without_a_reply_ends_first_response(self):
        """Solving a ticket without a reply ends its first-response clock.

        The reading the code takes (the issue only says "stops at the first
        agent_reply"): Zendesk fulfils active targets on solve.
        """
        ticket = Ticket("T", at(1, 9), "normal", [ev(at(1, 9, 20), "status", "solved")])
        m = CHAT_POLICY.measure(ticket, at(1, 12))
        assert summary(m[FR]) == [(STOPPED, at(1, 9), at(1, 9, 20), 20 * MIN, True)]


# -- scenario: a VIP requester's ticket chosen by condition ---------------------------

VIP = Policy(
    "vip",
    {"normal": Targets(first_response=H)},
    condition=HasTag("vip") | Equals("requester", "ceo@example.com"),
)
ENTERPRISE = Policy(
    "enterprise",
    {"normal": Targets(first_response=2 * H)},
    condition=In("plan", ["enterprise", "gold"]),
)
STANDARD = Policy(
    "standard", {"normal": Targets(first_response=8 * H)}, calendar=OFFICE
)
FROM_CEO = Ticket(
    "T-ceo",
    at(5, 16),
    "normal",
    fields={"requester": "ceo@example.com", "plan": "gold"},
)
PLAIN = Ticket("T-plain", at(5, 16), "normal", fields={"plan": "free"})


class TestSelectPolicy:
    def test_first_match_wins(self):
        """The first policy whose condition matches is chosen, in the order given."""
        assert select_policy([VIP, ENTERPRISE, STANDARD], FROM_CEO) is VIP
        assert select_policy([ENTERPRISE, VIP, STANDARD], FROM_CEO) is ENTERPRISE

    def test_fallback_without_condition(self):
        """A policy without a condition matches every ticket."""
        assert select_policy([VIP, ENTERPRISE, STANDARD], PLAIN) is STANDARD
        assert select_policy([STANDARD, VIP], FROM_CEO) is STANDARD

    def test_no_match(self):
        """No matching policy gives None."""
        assert select_policy([VIP, ENTERPRISE], PLAIN) is None
        assert select_policy([], PLAIN) is None

    def test_vip_measured_on_its_own_targets(self):
        """The VIP ticket gets 1 h on 24/7, the plain one 8 business hours."""
        now = at(5, 18)
        vip = select_policy([VIP, STANDARD], FROM_CEO).measure(FROM_CEO, now)
        plain = select_policy([VIP, STANDARD], PLAIN).measure(PLAIN, now)
        assert (vip.policy, vip.current(FR).breached_at) == ("vip", at(5, 17))
        assert (plain.policy, plain.current(FR).elapsed, plain.breached) == (
            "standard",
            H,
            False,
        )

    def test_policies_may_be_any_iterable(self):
        """A generator of policies works."""
        assert select_policy(iter([VIP, STANDARD]), PLAIN) is STANDARD


class TestPriorityRules:
    RULES = (
        PriorityRule(Equals("organisation", "CEO office"), "urgent"),
        PriorityRule(HasTag("outage"), "high"),
        PriorityRule(HasTag("outage"), "low"),
    )

    def test_first_match_wins(self):
        """The first matching rule sets the priority."""
        both = Ticket(
            "T",
            at(1, 9),
            "normal",
            fields={"organisation": "CEO office", "tags": ["outage"]},
        )
        outage = Ticket("T", at(1, 9), "normal", fields={"tags": ["outage"]})
        assert apply_priority_rules(self.RULES, both).priority == "urgent"
        assert apply_priority_rules(self.RULES, outage).priority == "high"

    def test_returns_a_new_ticket(self):
        """The result is a new ticket; the original keeps its priority."""
        events = [ev(at(1, 10), "agent_reply")]
        ticket = Ticket("T", at(1, 9), "normal", events, fields={"tags": ["outage"]})
        changed = apply_priority_rules(self.RULES, ticket)
        assert changed is not ticket
        assert ticket.priority == "normal"
        assert changed == attrs.evolve(ticket, priority="high")
        assert (changed.id, changed.created_at, changed.events, changed.fields) == (
            ticket.id,
            ticket.created_at,
            ticket.events,
            ticket.fields,
        )

    def test_unchanged_if_none_match(self):
        """With no matching rule the ticket comes back unchanged."""
        ticket = Ticket("T", at(1, 9), "normal")
        assert apply_priority_rules(self.RULES, ticket) is ticket
        assert apply_priority_rules([], ticket) is ticket

    def test_rules_may_be_any_iterable(self):
        """A generator of rules works."""
        ticket = Ticket("T", at(1, 9), "normal", fields={"tags": ["outage"]})
        assert apply_priority_rules(iter(self.RULES), ticket).priority == "high"

    def test_rule_is_a_value(self):
        """Rules compare by value."""
        assert PriorityRule(HasTag("x"), "low") == PriorityRule(HasTag("x"), "low")


# -- the Measurement API ---------------------------------------------------------------


class TestMeasurement:
    M = CHAT_POLICY.measure(CONVERSATION, at(1, 14, 30))

    def test_getitem(self):
        """``m[metric]`` is the tuple of that metric's cycles, oldest first."""
        cycles = self.M[NR]
        assert isinstance(cycles, tuple)
        assert [c.started_at for c in cycles] == [at(1, 10), at(1, 12), at(1, 14)]

    def test_missing_metric(self):
        """A metric the tier does not target is a KeyError naming it."""
        with pytest.raises(
            KeyError, match=r"metric 'resolution' is not targeted at priority 'normal'"
        ):
            self.M[RES]

    def test_contains_and_metrics(self):
        """``in`` and `metrics` tell which metrics were measured, in Metric order."""
        assert FR in self.M
        assert NR in self.M
        assert RES not in self.M
        assert "first_response" not in self.M
        assert self.M.metrics == (FR, NR)

    def test_current(self):
        """`current` is the last cycle, or None for a metric not measured."""
        assert self.M.current(NR) == self.M[NR][-1]
        assert self.M.current(RES) is None

    def test_breaches(self):
        """`breaches` lists breached cycles by time, with metric and cycle index."""
        assert self.M.breaches == (Breach(NR, 1, at(1, 13)),)
        assert self.M.breached is True

    def test_breaches_sorted_by_time_not_metric(self):
        """A resolution that breached before first response comes first."""
        policy = Policy(
            "p", {"normal": Targets(first_response=3 * H, resolution=2 * H)}
        )
        m = policy.measure(Ticket("T", at(1, 9), "normal"), at(1, 20))
        assert m.breaches == (Breach(RES, 0, at(1, 11)), Breach(FR, 0, at(1, 12)))

    def test_next_due(self):
        """`next_due` is the earliest due_at of a running cycle, or None."""
        assert self.M.next_due == at(1, 15)
        policy = Policy(
            "p", {"normal": Targets(first_response=3 * H, resolution=2 * H)}
        )
        ticket = Ticket("T", at(1, 9), "normal")
        assert policy.measure(ticket, at(1, 10)).next_due == at(1, 11)
        solved = attrs.evolve(ticket, events=[ev(at(1, 9, 30), "status", "solved")])
        assert policy.measure(solved, at(1, 10)).next_due is None

    def test_not_breached(self):
        """`breached` is False when no cycle breached."""
        m = CHAT_POLICY.measure(CONVERSATION, at(1, 9, 10))
        assert (m.breached, m.breaches) == (False, ())

    def test_fields(self):
        """The measurement names the ticket, policy, priority and instant."""
        assert (self.M.ticket_id, self.M.policy, self.M.priority) == (
            "T-chat",
            "chat",
            "normal",
        )
        assert self.M.now == at(1, 14, 30)

    def test_is_a_value(self):
        """Measuring twice gives equal, hashable measurements."""
        again = CHAT_POLICY.measure(CONVERSATION, at(1, 14, 30))
        assert again == self.M
        assert hash(again) == hash(self.M)
        assert isinstance(again, Measurement)

    def test_warnings(self):
        """The policy's warn_at fractions reach every clock."""
        policy = Policy(
            "p", {"normal": Targets(first_response=H)}, warn_at=[Decimal("0.5")]
        )
        m = policy.measure(Ticket("T", at(1, 9), "normal"), at(1, 10))
        assert m.current(FR).warnings == (at(1, 9, 30),)


class TestUnknownPriority:
    def test_no_metrics(self):
        """A priority without a tier is measured with no metrics at all."""
        ticket = Ticket("T", at(1, 9), "weird", [ev(at(1, 10), "agent_reply")])
        m = CHAT_POLICY.measure(ticket, at(1, 12))
        assert m.priority == "weird"
        assert m.cycles == ()
        assert m.metrics == ()
        assert (m.breached, m.breaches, m.next_due) == (False, (), None)
        assert FR not in m
        assert m.current(FR) is None
        with pytest.raises(KeyError, match=r"not targeted at priority 'weird'"):
            m[FR]

    def test_targets_for(self):
        """`targets_for` returns a tier's targets, or None."""
        assert CHAT_POLICY.targets_for("normal") == Targets(
            first_response=H, next_response=H
        )
        assert CHAT_POLICY.targets_for("weird") is None


class TestInternalNotes:
    def test_no_effect(self):
        """Internal notes anywhere change no clock."""
        noisy = [
            ev(at(5, 14), "internal_note"),
            ev(at(5, 15), "internal_note"),
            ev(at(5, 16), "internal_note", "escalate?"),
            ev(at(8, 11), "internal_note"),
            ev(at(8, 12), "internal_note"),
        ]
        ticket = attrs.evolve(WEEKEND_TICKET, events=[*WEEKEND_TICKET.events, *noisy])
        for now in (at(5, 15), at(6, 12), at(8, 11), at(9, 10)):
            assert WEEKEND_POLICY.measure(ticket, now) == WEEKEND_POLICY.measure(
                WEEKEND_TICKET, now
            )

    def test_note_does_not_answer(self):
        """A note is not a reply: first response keeps running."""
        ticket = Ticket("T", at(1, 9), "normal", [ev(at(1, 9, 10), "internal_note")])
        assert CHAT_POLICY.measure(ticket, at(1, 9, 20)).current(FR).state == RUNNING


class TestPauses:
    BOTH = Targets(next_response=2 * H, resolution=8 * H)
    # Replied 09:30; the customer writes 10:00; pending 10:30 to 12:00.
    TICKET = Ticket(
        "T",
        at(1, 9),
        "normal",
        [
            ev(at(1, 9, 30), "agent_reply"),
            ev(at(1, 10), "customer_message"),
            ev(at(1, 10, 30), "status", "pending"),
            ev(at(1, 12), "status", "open"),
        ],
    )

    def test_default_pauses_only_resolution(self):
        """By default pending pauses resolution only: next response counts 2.5 h."""
        m = Policy("p", {"normal": self.BOTH}).measure(self.TICKET, at(1, 12, 30))
        assert m.current(NR).elapsed == 150 * MIN
        assert m.current(NR).breached_at == at(1, 12)
        assert m.current(RES).elapsed == 2 * H

    def test_pauses_next_response(self):
        """With NEXT_RESPONSE in `pauses`, pending pauses it too (names accepted)."""
        policy = Policy(
            "p", {"normal": self.BOTH}, pauses={"next_response", Metric.RESOLUTION}
        )
        assert policy.pauses == frozenset({NR, RES})
        m = policy.measure(self.TICKET, at(1, 12, 30))
        nxt = m.current(NR)
        assert (nxt.state, nxt.elapsed, nxt.paused_for) == (RUNNING, H, 90 * MIN)
        assert nxt.due_at == at(1, 13, 30)
        assert m.current(RES).elapsed == 2 * H

    def test_message_while_pending_starts_paused(self):
        """A cycle that starts in a pause status starts paused."""
        ticket = Ticket(
            "T",
            at(1, 9),
            "normal",
            [
                ev(at(1, 9, 30), "agent_reply"),
                ev(at(1, 9, 40), "status", "on-hold"),
                ev(at(1, 10), "customer_message"),
            ],
        )
        paused = Policy("p", {"normal": self.BOTH}, pauses=[NR])
        nxt = paused.measure(ticket, at(1, 11)).current(NR)
        assert (nxt.state, nxt.started_at, nxt.elapsed, nxt.due_at) == (
            PAUSED,
            at(1, 10),
            timedelta(0),
            None,
        )
        # resolution is no longer paused when `pauses` leaves it out
        assert paused.measure(ticket, at(1, 11)).current(RES).elapsed == 2 * H
        default = Policy("p", {"normal": self.BOTH}).measure(ticket, at(1, 11))
        assert (default.current(NR).state, default.current(NR).elapsed) == (RUNNING, H)

    def test_nothing_pauses(self):
        """With empty `pauses`, pending time counts for resolution too."""
        policy = Policy("p", {"normal": self.BOTH}, pauses=())
        assert policy.measure(self.TICKET, at(1, 12, 30)).current(RES).elapsed == (
            210 * MIN
        )

    def test_custom_pause_statuses(self):
        """`pause_statuses` chooses the statuses that pause (one name is accepted)."""
        policy = Policy("p", {"normal": self.BOTH}, pause_statuses="waiting")
        assert policy.pause_statuses == frozenset({"waiting"})
        m = policy.measure(self.TICKET, at(1, 12, 30))
        assert m.current(RES).elapsed == 210 * MIN


class TestEventsAfterNow:
    def test_ignored(self):
        """Events after `now` change nothing."""
        future = [
            ev(at(9, 11), "agent_reply"),
            ev(at(9, 12), "status", "solved"),
            ev(at(9, 12), "priority", "urgent"),
        ]
        ticket = attrs.evolve(WEEKEND_TICKET, events=[*WEEKEND_TICKET.events, *future])
        now = at(9, 10)
        assert WEEKEND_POLICY.measure(ticket, now) == WEEKEND_POLICY.measure(
            WEEKEND_TICKET, now
        )

    def test_event_at_now_counts(self):
        """An event exactly at `now` is applied."""
        ticket = Ticket("T", at(1, 9), "normal", [ev(at(1, 10), "agent_reply")])
        assert CHAT_POLICY.measure(ticket, at(1, 10)).current(FR).state == STOPPED
        assert CHAT_POLICY.measure(ticket, at(1, 10) - US).current(FR).state == RUNNING

    def test_now_before_creation(self):
        """Measured before the ticket existed, every clock is not started.

        A regression test: on the working tree of 03:00 UTC `_logs` started first
        response and resolution at `created_at` whatever `now` was, so both showed
        RUNNING with a negative elapsed time (-1 h) and remaining > target.
        """
        m = CHAT_POLICY.measure(Ticket("T", at(1, 9), "normal"), at(1, 8))
        assert [m.current(metric).state for metric in m.metrics] == [NOT_STARTED] * 2

    def test_now_in_another_zone(self):
        """`now` in any zone is the same instant; results carry now's tzinfo."""
        now = at(1, 14, 30).astimezone(UTC)
        m = CHAT_POLICY.measure(CONVERSATION, now)
        assert m.current(NR).due_at == at(1, 15)
        assert m.current(NR).due_at.tzinfo is UTC


class TestMeasureMany:
    def test_lazy(self):
        """Tickets are read one at a time: the first N come out before a failure."""
        pulled = []

        def tickets():
            for i in range(3):
                pulled.append(i)
                yield Ticket(i, at(1, 9), "normal")
            msg = "the source broke"
            raise RuntimeError(msg)

        results = measure_many([CHAT_POLICY], tickets(), at(1, 10))
        assert pulled == []
        first = [next(results) for _ in range(3)]
        assert [t.id for t, _ in first] == [0, 1, 2]
        assert [m.current(FR).elapsed for _, m in first] == [H, H, H]
        with pytest.raises(RuntimeError, match=r"^the source broke$"):
            next(results)

    def test_none_for_unmatched(self):
        """A ticket no policy matches comes out with None, in input order."""
        out = list(measure_many([VIP, ENTERPRISE], [PLAIN, FROM_CEO, PLAIN], at(5, 18)))
        assert [(t.id, m and m.policy) for t, m in out] == [
            ("T-plain", None),
            ("T-ceo", "vip"),
            ("T-plain", None),
        ]

    def test_same_as_measure(self):
        """Each measurement is the chosen policy's `measure`."""
        policies = iter([VIP, STANDARD])  # read once, used for every ticket
        out = dict(measure_many(policies, [FROM_CEO, PLAIN], at(5, 18)))
        assert out[FROM_CEO] == VIP.measure(FROM_CEO, at(5, 18))
        assert out[PLAIN] == STANDARD.measure(PLAIN, at(5, 18))

    def test_empty(self):
        """No tickets, nothing yielded."""
        assert list(measure_many([STANDARD], [], at(1, 9))) == []


# -- value objects ---------------------------------------------------------------------


class TestTicketMeasured:
    def test_event_at_creation(self):
        """An event exactly at creation is allowed."""
        ticket = Ticket("T", at(1, 9), "normal", [ev(at(1, 9), "agent_reply")])
        assert CHAT_POLICY.measure(ticket, at(1, 9)).current(FR).elapsed == timedelta(0)


class TestTargetsAndPolicy:
    def test_targets_of(self):
        """`Targets.of(metric)` reads the metric's target; unset ones are None."""
        t = Targets(first_response=H, resolution=timedelta(0))
        assert [t.of(m) for m in Metric] == [H, None, None, timedelta(0)]

    def test_tier_calendar_overrides_the_policys(self):
        """A tier's own calendar wins over the policy's."""
        policy = Policy(
            "p",
            {"a": Targets(resolution=H), "b": Targets(resolution=H, calendar=OFFICE)},
        )
        sat = Ticket("T", at(6, 9), "a")
        assert policy.measure(sat, at(6, 12)).current(RES).elapsed == 3 * H
        assert policy.measure(attrs.evolve(sat, priority="b"), at(6, 12)).current(
            RES
        ).elapsed == timedelta(0)

    def test_metric_names(self):
        """Metrics are named as in the issue."""
        assert [m.value for m in Metric] == [
            "first_response",
            "next_response",
            "periodic_update",
            "resolution",
        ]

    def test_evolve(self):
        """A policy can be copied with a change (attrs.evolve).

        A regression test: `targets` is stored as a tuple of pairs, and its
        converter once took only a mapping, so evolve raised TypeError.
        """
        changed = attrs.evolve(VIP, name="vip-2")
        assert changed.targets == VIP.targets
        assert Policy(VIP.name, VIP.targets).targets == VIP.targets


# -- bad inputs ------------------------------------------------------------------------


NAIVE = datetime(2025, 9, 1, 9)


class TestBadInputs:
    def test_unknown_event_kind(self):
        """An unknown event kind is a DataError listing the kinds."""
        with pytest.raises(
            DataError,
            match=r"^unknown ticket event kind 'reply': expected one of agent_reply, "
            r"customer_message, group, internal_note, priority, status$",
        ):
            TicketEvent(at(1, 9), "reply")

    @pytest.mark.parametrize("kind", ["status", "priority"])
    @pytest.mark.parametrize("value", [None, ""])
    def test_event_without_value(self, kind, value):
        """A status or priority event needs its new value."""
        with pytest.raises(
            DataError, match=rf"^a {kind} event needs the new {kind} as its value$"
        ):
            TicketEvent(at(1, 9), kind, value)

    def test_event_before_creation(self):
        """An event before creation is a DataError naming the ticket and the event."""
        events = [ev(at(1, 10), "agent_reply"), ev(at(1, 9) - US, "customer_message")]
        with pytest.raises(
            DataError,
            match=re.escape(
                "ticket 'T-9': event 0 (customer_message at "
                "2025-09-01T08:59:59.999999+02:00) is before the ticket was created at "
                "2025-09-01T09:00:00+02:00"
            ),
        ) as info:
            Ticket("T-9", at(1, 9), "normal", events)
        assert isinstance(info.value, SlaError)

    def test_events_must_be_ticket_events(self):
        """Something else in the event log is a TypeError naming its index."""
        with pytest.raises(
            TypeError, match=r"^events\[1\] must be a TicketEvent, got str$"
        ):
            Ticket("T", at(1, 9), "normal", [ev(at(1, 10), "agent_reply"), "reply"])

    def test_negative_target(self):
        """A negative target is a PolicyError naming the metric."""
        with pytest.raises(
            PolicyError,
            match=r"^resolution must not be negative, got -1 day, 23:00:00$",
        ):
            Targets(resolution=-H)

    def test_target_not_a_duration(self):
        """A target that is not a timedelta is a TypeError."""
        with pytest.raises(
            TypeError, match=r"^first_response must be a timedelta, got int$"
        ):
            Targets(first_response=60)  # type: ignore[arg-type]

    def test_tier_not_targets(self):
        """A tier that is not Targets is a TypeError naming the priority."""
        with pytest.raises(
            TypeError, match=r"^targets\['normal'\] must be Targets, got dict$"
        ):
            Policy("p", {"normal": {"first_response": H}})  # type: ignore[dict-item]

    def test_targets_not_a_mapping(self):
        """Targets must be a mapping of priority names."""
        with pytest.raises(
            TypeError, match=r"^targets must map priority names to Targets, got list$"
        ):
            Policy("p", [("normal", Targets())])  # type: ignore[arg-type]

    def test_empty_priority_name(self):
        """An empty priority name is a PolicyError."""
        with pytest.raises(
            PolicyError, match=r"^priority names must be non-empty strings, got ''$"
        ):
            Policy("p", {"": Targets()})

    def test_unknown_metric_in_pauses(self):
        """An unknown metric name in `pauses` is a PolicyError listing the metrics."""
        with pytest.raises(
            PolicyError,
            match=r"^unknown metric 'sla' in pauses: expected one of first_response, "
            r"next_response, periodic_update, resolution$",
        ):
            Policy("p", {}, pauses=["resolution", "sla"])

    @pytest.mark.parametrize(
        ("make", "pattern"),
        [
            (
                lambda: Policy("p", {}, calendar="Europe/Berlin"),
                r"^calendar must be a BusinessCalendar or a ComposedCalendar, got str$",
            ),
            (
                lambda: Targets(first_response=H, calendar="Europe/Berlin"),
                r"^calendar must be a BusinessCalendar or a ComposedCalendar, got str$",
            ),
            (
                lambda: Policy("p", {}, warn_at=[0.5]),
                r"^warn_at\[0\] must be a Decimal, int or str, got 0.5$",
            ),
        ],
        ids=["policy-calendar", "tier-calendar", "warn_at"],
    )
    def test_checked_at_construction(self, make, pattern):
        """A bad calendar or warn_at is refused when the policy is built.

        A regression test: these fields once had no validator, so the TypeError
        came from the Timer at the first `measure` of a ticket with that tier.
        """
        with pytest.raises(TypeError, match=pattern):
            make()

    def test_naive_event(self):
        """A naive event time is a NaiveDatetimeError."""
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^at must be timezone-aware, got naive 2025-09-01T09:00:00$",
        ):
            TicketEvent(NAIVE, "agent_reply")

    def test_naive_created_at(self):
        """A naive creation time is a NaiveDatetimeError."""
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^created_at must be timezone-aware, got naive 2025-09-01T09:00:00$",
        ):
            Ticket("T", NAIVE, "normal")

    def test_naive_now(self):
        """A naive `now` is a NaiveDatetimeError, in measure and priority_at."""
        ticket = Ticket("T", at(1, 9), "normal")
        pattern = r"^now must be timezone-aware, got naive 2025-09-01T09:00:00$"
        with pytest.raises(NaiveDatetimeError, match=pattern):
            CHAT_POLICY.measure(ticket, NAIVE)
        with pytest.raises(NaiveDatetimeError, match=pattern):
            ticket.priority_at(NAIVE)
        with pytest.raises(NaiveDatetimeError, match=pattern):
            list(measure_many([CHAT_POLICY], [ticket], NAIVE))

    def test_naive_now_unmatched(self):
        """measure_many refuses a naive `now` at once, even if no policy matches.

        (Found failing on the working tree of 03:00 UTC: `now` was only checked
        inside `Policy.measure`, so with no matching policy it went unnoticed.)
        """
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^now must be timezone-aware, got naive 2025-09-01T09:00:00$",
        ):
            measure_many([VIP], [PLAIN], NAIVE)


class TestLenientSpellings:
    def test_pauses_accepts_one_metric_name(self):
        """`pauses="resolution"` is one metric, as `pause_statuses` takes one status."""
        assert Policy("p", {}, pauses="next_response").pauses == frozenset(
            {Metric.NEXT_RESPONSE}
        )

    def test_priority_must_be_a_name(self):
        """A ticket without a priority name is a DataError."""
        with pytest.raises(
            DataError, match=r"^a ticket's priority must be a non-empty"
        ):
            Ticket("T", datetime(2025, 6, 2, tzinfo=UTC), "")


def test_priority_rule_keeps_a_ticket_already_at_that_priority():
    """A matching rule that sets the ticket's own priority returns it unchanged."""
    from slacore import Equals, PriorityRule, apply_priority_rules

    ticket = Ticket("T", at(1, 9), "high", fields={"vip": True})
    assert (
        apply_priority_rules([PriorityRule(Equals("vip", True), "high")], ticket)
        is ticket
    )
