"""Five worked agreements, each checked against figures worked out by hand.

Every section builds one realistic agreement and a small hand-made dataset, then
checks the reports against numbers computed on paper (the arithmetic is in the
comment next to each assertion). The same scenarios, shortened, are the worked
examples of docs/guide/agreements.md.

1. A customer support SLA (Berlin, German holidays, priorities, business hours).
2. An internal marketing -> sales SLA (New York, lead volume, 24-hour follow-up).
3. A cloud uptime SLA with an AWS-style credit table (UTC).
4. A call centre "80/20" service level, bought from an outsourcer (London).
5. A multi-level agreement with two providers sharing an at-risk pool (Berlin).

Calendar facts used below, all 2026: German national holidays Good Friday 3 Apr,
Easter Monday 6 Apr, Labour Day Fri 1 May, Ascension Thu 14 May, Whit Monday
25 May, New Year Thu 1 Jan. Europe moves to summer time on Sun 29 Mar, the US on
Sun 8 Mar. 1 Mar 2026 is a Sunday, 1 Apr a Wednesday, 1 May a Friday.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.relativedelta import relativedelta

import slacore as sla

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def seconds(n: int) -> timedelta:
    return timedelta(seconds=n)


# == 1. Customer support SLA ==========================================================
#
# Acme IT supports Globex GmbH from Berlin. Office hours are Mon-Fri 08:00-18:00
# (10 hours a day) without German national holidays; urgent tickets run 24/7.
# Targets: urgent 1 h first response / 4 h resolution (24/7), high 2 h / 16 h and
# normal 8 h / 40 h (office hours). Objectives: 90 % of first responses in time
# (all priorities), with a breach-count credit of 5 % of the fee at 2 breaches plus
# 2.5 % per further breach; 95 % of urgent tickets resolved in time (no credit).
# Fee 4,000 EUR a month; credits under 250 EUR are not paid. The contract starts
# on 16 Feb 2026 (so the first period is 16 Feb - 1 Mar), is reviewed every three
# months, can be terminated after three missed months in a row, and credits must
# be claimed within 30 days of a period's end.


def berlin(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


OFFICE = sla.BusinessCalendar(
    "mon-fri 08:00-18:00",
    tz="Europe/Berlin",
    holidays=holidays.country_holidays("DE"),
)

SUPPORT_POLICY = sla.Policy(
    "support",
    {
        "urgent": sla.Targets(
            first_response=hours(1), resolution=hours(4), calendar=sla.ALWAYS
        ),
        "high": sla.Targets(first_response=hours(2), resolution=hours(16)),
        "normal": sla.Targets(first_response=hours(8), resolution=hours(40)),
    },
    calendar=OFFICE,
)


def ticket(
    ticket_id: str,
    created: datetime,
    priority: str,
    reply: datetime | None = None,
    solved: datetime | None = None,
) -> sla.Ticket:
    events = []
    if reply is not None:
        events.append(sla.TicketEvent(reply, "agent_reply"))
    if solved is not None:
        events.append(sla.TicketEvent(solved, "status", "solved"))
    return sla.Ticket(ticket_id, created, priority, events)


# Each first-response cycle counts in the period of its outcome: the breach instant
# if it breached, else the reply.
SUPPORT_TICKETS = [
    # -- March: first response 3 of 5 in time, 2 breaches; urgent resolution 0 of 1.
    # Fri 27 Mar 17:00 + 8 office hours: 1 h on Friday, 7 h on Monday -> due Mon 30
    # Mar 15:00 (the DST change on Sunday is outside office hours). Reply 14:00: met.
    ticket("A1", berlin(3, 27, 17), "normal", reply=berlin(3, 30, 14)),
    # Tue 3 Mar 09:00 + 2 h = 11:00; reply 11:30: breached at 11:00.
    # Resolution 16 office hours: Tue 09-18 (9 h) + Wed 08-15 (7 h) = 16 h, solved
    # Wed 15:00 exactly when it runs out, so met (not used by any objective).
    ticket("A2", berlin(3, 3, 9), "high", berlin(3, 3, 11, 30), berlin(3, 4, 15)),
    # Sat 14 Mar 22:00, urgent, 24/7: reply after 40 min (met); 4 h resolution is
    # due Sun 02:00 and it is solved at 03:30, so resolution breached at 02:00.
    ticket(
        "A3", berlin(3, 14, 22), "urgent", berlin(3, 14, 22, 40), berlin(3, 15, 3, 30)
    ),
    # Mon 9 Mar 16:30 + 2 h: 1.5 h on Monday, 0.5 h on Tuesday -> due Tue 10 Mar
    # 08:30; reply 08:45: breached at 08:30.
    ticket("A4", berlin(3, 9, 16, 30), "high", reply=berlin(3, 10, 8, 45)),
    # Mon 23 Mar 10:00, reply after 1 h: met.
    ticket("A5", berlin(3, 23, 10), "normal", reply=berlin(3, 23, 11)),
    # -- April: first response 2 of 5 in time, 3 breaches; no urgent ticket.
    # Created Tue 31 Mar 17:00 (now +02:00) + 2 h: 1 h on Tuesday, 1 h on Wed 1 Apr
    # -> due 09:00; reply 10:00: breached at Wed 1 Apr 09:00, so it counts in April.
    ticket("B1", berlin(3, 31, 17), "high", reply=berlin(4, 1, 10)),
    # Thu 2 Apr 17:00 + 8 h: 1 h on Thursday; Good Friday, the weekend and Easter
    # Monday are closed; 7 h on Tue 7 Apr -> due 15:00. Reply 14:30: met.
    ticket("B2", berlin(4, 2, 17), "normal", reply=berlin(4, 7, 14, 30)),
    # Thu 2 Apr 17:30 + 2 h: 0.5 h on Thursday, 1.5 h on Tue 7 Apr -> due 09:30;
    # reply 10:00: breached at Tue 7 Apr 09:30.
    ticket("B3", berlin(4, 2, 17, 30), "high", reply=berlin(4, 7, 10)),
    # Mon 20 Apr 09:00 + 8 h -> due 17:00; reply the next morning: breached.
    ticket("B4", berlin(4, 20, 9), "normal", reply=berlin(4, 21, 9)),
    # Wed 22 Apr 12:00, reply after 30 min: met.
    ticket("B5", berlin(4, 22, 12), "normal", reply=berlin(4, 22, 12, 30)),
    # -- May: first response 4 of 5 in time (C5 still running), 1 breach; urgent
    # resolution 1 of 1.
    # Thu 30 Apr 16:00 + 8 h: 2 h on Thursday, Labour Day closed, 6 h on Mon 4 May
    # -> due 14:00; reply 13:00: met, counted in May (the reply's month).
    ticket("C1", berlin(4, 30, 16), "normal", reply=berlin(5, 4, 13)),
    # Wed 13 May 23:00, urgent: reply after 30 min, solved after 3 h (<= 4 h): met.
    ticket("C2", berlin(5, 13, 23), "urgent", berlin(5, 13, 23, 30), berlin(5, 14, 2)),
    # Wed 13 May 17:00 + 2 h: 1 h on Wednesday, Ascension closed, 1 h on Fri 15 May
    # -> due 09:00; reply 08:30: met.
    ticket("C3", berlin(5, 13, 17), "high", reply=berlin(5, 15, 8, 30)),
    # Fri 22 May 14:00 + 8 h: 4 h on Friday, Whit Monday closed, 4 h on Tue 26 May
    # -> due 12:00; reply at 12:00 exactly: met.
    ticket("C4", berlin(5, 22, 14), "normal", reply=berlin(5, 26, 12)),
    # Fri 29 May 17:00, no reply: due Mon 1 Jun 09:00, still running and not
    # breached at the end of May, so it counts in no period yet.
    ticket("C5", berlin(5, 29, 17), "high"),
    # Mon 11 May 09:00 + 8 h -> due 17:00; reply the next morning: breached.
    ticket("C6", berlin(5, 11, 9), "normal", reply=berlin(5, 12, 9)),
]

SUPPORT = sla.Agreement(
    "Globex support",
    "customer",
    [
        sla.Party("Acme IT", "provider", contact="support@acme.example"),
        sla.Party("Globex GmbH", "customer", contact="it@globex.example"),
    ],
    [
        sla.Objective(
            "first response",
            sla.TicketAttainment("first_response"),
            90,
            credit=sla.BreachCountCredit(2, "5", per_extra="2.5", cap="15"),
        ),
        sla.Objective(
            "urgent resolution",
            sla.TicketAttainment("resolution", priorities=["urgent"]),
            95,
        ),
    ],
    tz="Europe/Berlin",
    effective_from=date(2026, 2, 16),
    review_every=relativedelta(months=3),
    termination=sla.TerminationRule(consecutive_misses=3),
    fee=4000,
    minimum_credit=250,
    claim_window=relativedelta(days=30),
    policies=[SUPPORT_POLICY],
    responsibilities=[
        sla.Responsibility("Globex GmbH", "receives the monthly report", kind="report"),
        sla.Responsibility("Acme IT", "service delivery manager", kind="escalation"),
        sla.Responsibility("Globex GmbH", "names two authorised requesters"),
    ],
)


@pytest.fixture(scope="module")
def support_reports() -> tuple[sla.Report, ...]:
    data = sla.Dataset(tickets=SUPPORT_TICKETS)
    return SUPPORT.evaluate_range(data, date(2026, 2, 16), date(2026, 6, 1))


def test_support_periods_are_clipped_and_follow_dst(support_reports):
    stub, march, april, may = support_reports
    # The first period is clipped to the effective date: 16 Feb - 1 Mar.
    assert stub.period_start == berlin(2, 16, 0)
    assert stub.period_end == berlin(3, 1, 0)
    # March loses an hour to summer time: 31 days of 24 h, minus 1 h (subtract
    # in UTC: Python subtracts datetimes of one zone on the wall clock).
    length = march.period_end.astimezone(UTC) - march.period_start.astimezone(UTC)
    assert length == timedelta(days=31) - hours(1)
    assert march.period_end.utcoffset() == hours(2)
    assert (april.period_start, may.period_end) == (berlin(4, 1, 0), berlin(6, 1, 0))


def test_support_stub_period_cannot_be_measured(support_reports):
    stub = support_reports[0]
    first = stub.result("first response")
    # No ticket outcome falls in 16 Feb - 1 Mar: nothing to measure.
    assert (first.value, first.met, first.count) == (None, None, 0)
    assert stub.met  # an unmeasured objective is not a miss
    assert stub.missed == ()
    assert (stub.credit_percent, stub.credit_amount) == (Decimal(0), Decimal("0.00"))
    assert not stub.terminable
    assert stub.missed_run == ()
    # 1 Mar 00:00 (+01:00) plus 30 calendar days is 31 Mar 00:00, now in summer time.
    assert stub.claim_deadline == berlin(3, 31, 0)
    assert stub.claim_deadline.utcoffset() == hours(2)


def test_support_march_credit_below_minimum(support_reports):
    march = support_reports[1]
    first = march.result("first response")
    # A1, A3, A5 in time; A2, A4 breached: 3 / 5 = 60 %, below 90.
    assert first.value == Decimal(60)
    assert (first.met, first.count, first.good, first.breaches) == (False, 5, 3, 2)
    # 2 breaches reach the credit: 5 % of 4,000 = 200.00 ...
    assert first.credit_percent == Decimal(5)
    assert first.credit_amount == Decimal("200.00")
    # ... which is under the 250.00 minimum, so nothing is paid.
    assert march.uncapped_percent == Decimal(5)
    assert march.credit_percent == Decimal(0)
    assert march.credit_amount == Decimal("0.00")
    assert march.capped_by == "minimum"
    assert first.paid_percent == Decimal(0)
    urgent = march.result("urgent resolution")
    # A3 is the only urgent ticket and breached: 0 / 1 = 0 %.
    assert (urgent.value, urgent.met, urgent.count, urgent.breaches) == (
        Decimal(0),
        False,
        1,
        1,
    )
    assert march.missed == ("first response", "urgent resolution")
    # First missed month of a run: no right to terminate yet.
    assert march.missed_run == (berlin(3, 1, 0),)
    assert not march.terminable


def test_support_april_breach_count_credit(support_reports):
    april = support_reports[2]
    first = april.result("first response")
    # B2, B5 in time; B1 (breached 1 Apr), B3, B4 breached: 2 / 5 = 40 %.
    assert first.value == Decimal(40)
    assert (first.met, first.count, first.good, first.breaches) == (False, 5, 2, 3)
    # 3 breaches: 5 % + 1 extra x 2.5 % = 7.5 % of 4,000 = 300.00 (>= 250).
    assert first.credit_percent == Decimal("7.5")
    assert april.credit_amount == Decimal("300.00")
    assert april.capped_by is None
    assert first.paid_percent == Decimal("7.5")
    # No urgent ticket in April: the objective cannot be measured.
    urgent = april.result("urgent resolution")
    assert (urgent.value, urgent.met, urgent.count) == (None, None, 0)
    # Second missed month in a row: still no right to terminate.
    assert april.missed_run == (berlin(3, 1, 0), berlin(4, 1, 0))
    assert not april.terminable
    # 1 May 00:00 + 30 days = 31 May 00:00.
    assert april.claim_deadline == berlin(5, 31, 0)


def test_support_may_termination_and_review(support_reports):
    may = support_reports[3]
    first = may.result("first response")
    # C1, C2, C3, C4 in time, C6 breached, C5 counts nowhere yet: 4 / 5 = 80 %.
    assert first.value == Decimal(80)
    assert (first.met, first.count, first.good, first.breaches) == (False, 5, 4, 1)
    # 1 breach is under the 2 that trigger the credit.
    assert first.credit_percent == Decimal(0)
    assert may.credit_amount == Decimal("0.00")
    urgent = may.result("urgent resolution")
    assert (urgent.value, urgent.met) == (Decimal(100), True)  # C2: 1 / 1
    # Third missed month in a row (March, April, May): the customer may terminate.
    assert may.missed_run == (berlin(3, 1, 0), berlin(4, 1, 0), berlin(5, 1, 0))
    assert may.terminable
    # Reviews every 3 months from 16 Feb: 16 May falls in May.
    assert may.next_review == berlin(5, 16, 0)
    assert may.review_due
    assert [r.review_due for r in support_reports] == [False, False, False, True]
    assert may.claim_deadline == berlin(7, 1, 0)  # 1 Jun + 30 days
    assert may.recipients == ("Globex GmbH",)
    assert may.escalation == ("Acme IT",)
    assert may.to_markdown() == (
        "## Globex support: 2026-05-01 to 2026-06-01\n"
        "\n"
        "| objective | value | goal | met | count | breaches | credit % |\n"
        "| --- | ---: | ---: | :---: | ---: | ---: | ---: |\n"
        "| first response | 80 | >= 90 | **no** | 5 | 1 | 0 |\n"
        "| urgent resolution | 100 | >= 95 | yes | 1 | 0 | 0 |\n"
        "\n"
        "- Credit owed: 0 % of the fee = 0.00\n"
        "- Termination right: objectives missed in 2026-03-01, 2026-04-01, "
        "2026-05-01\n"
        "- Next review: 2026-05-16 (due this period)\n"
        "- Claim credits by: 2026-07-01T00:00:00+02:00\n"
    )


def test_support_evaluate_one_period_matches_the_range(support_reports):
    data = sla.Dataset(tickets=SUPPORT_TICKETS)
    assert SUPPORT.evaluate(data, date(2026, 5, 1)) == support_reports[3]


def test_support_review_dates():
    # 16 Feb + 3, 6, 9 months; the first strictly after the instant asked about.
    assert SUPPORT.next_review(berlin(3, 1, 0)) == berlin(5, 16, 0)
    assert SUPPORT.next_review(berlin(5, 16, 0)) == berlin(8, 16, 0)
    assert SUPPORT.next_review(berlin(9, 1, 0)) == berlin(11, 16, 0)


# == 2. Internal marketing -> sales SLA ================================================
#
# Marketing promises Sales at least 4 marketing-qualified leads (MQLs) a month worth
# at least $30,000 of pipeline; Sales promises to call every MQL within 24 hours.
# Two missed lead months within three cost Marketing 10 % of its (notional) fee;
# the agreement has no money fee, so credits are percents only. The CRM was
# migrated on 1 Feb 2026, so the data starts then although the agreement started
# on 1 Jan.


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def lead(
    lead_id: str,
    at: datetime,
    stage: str,
    amount: int,
    contacted: datetime | None = None,
) -> dict[str, object]:
    return {
        "at": at,
        "id": lead_id,
        "stage": stage,
        "amount": amount,
        "contacted_at": contacted,
    }


MQL = sla.Equals("stage", "mql")

LEADS = [
    # February: 3 MQLs, $35,000; follow-up 1 of 3 in time.
    lead("L1", new_york(2, 2, 10), "mql", 12_000, new_york(2, 2, 15)),  # 5 h: on time
    lead("L2", new_york(2, 10, 16), "mql", 8_000, new_york(2, 11, 17)),  # 25 h: late
    # Called on 2 Mar, but counts in February (its `at`): late.
    lead("L3", new_york(2, 27, 20), "mql", 15_000, new_york(3, 2, 9)),
    lead("L4", new_york(2, 14, 11), "raw", 3_000),  # not an MQL: ignored
    # March: 3 MQLs, $35,000.
    # Sat 7 Mar 12:00 EST + 24 real hours = Sun 8 Mar 13:00 EDT (clocks went
    # forward at 02:00). Called 12:30 EDT, 23.5 real hours later: on time.
    lead("L5", new_york(3, 7, 12), "mql", 20_000, new_york(3, 8, 12, 30)),
    lead("L6", new_york(3, 16, 9), "mql", 5_000, new_york(3, 16, 10)),  # on time
    # Not called yet: due Wed 1 Apr 22:00, so late only once that has passed.
    lead("L7", new_york(3, 31, 22), "mql", 10_000),
    lead("L8", new_york(3, 20, 9), "raw", 1_000),
]

LEAD_HANDOFF = sla.Agreement(
    "Lead handoff",
    "internal",
    [
        sla.Party("Marketing", "provider", contact="demand-gen@globex.example"),
        sla.Party("Sales", "customer", contact="sales-ops@globex.example"),
    ],
    [
        sla.Objective(
            "MQLs",
            sla.Volume(where=MQL),
            4,
            credit=sla.RepeatedMissCredit(misses=2, within=3, percent="10"),
        ),
        sla.Objective("pipeline", sla.Volume("amount", "sum", where=MQL), 30_000),
        sla.Objective(
            "follow-up",
            sla.Deadline("contacted_at", hours(24), where=MQL),
            90,
            description="Sales calls every MQL within 24 hours",
        ),
    ],
    tz="America/New_York",
    effective_from=date(2026, 1, 1),
    review_every=relativedelta(months=6),
    responsibilities=[
        sla.Responsibility("Sales", "call every MQL within 24 hours"),
        sla.Responsibility("Marketing", "receives the monthly report", kind="report"),
        sla.Responsibility("Sales", "receives the monthly report", kind="report"),
    ],
)

CRM_START = new_york(2, 1, 0)


def test_lead_handoff_since_leaves_january_unmeasured():
    data = sla.Dataset(records=LEADS, since=CRM_START)
    january, february, march = LEAD_HANDOFF.evaluate_range(
        data, date(2026, 1, 1), date(2026, 4, 1)
    )
    # January ends when the data starts: not measured, not a miss.
    for result in january.results:
        assert (result.value, result.met, result.count) == (None, None, 0)
    mqls = february.result("MQLs")
    # 3 MQLs (L4 is raw): 3 < 4, missed; the first miss in the window of 3.
    assert (mqls.value, mqls.met, mqls.count) == (Decimal(3), False, 3)
    assert mqls.missed_in_window == 1
    assert mqls.credit_percent == Decimal(0)
    pipeline = february.result("pipeline")
    assert (pipeline.value, pipeline.met) == (Decimal(35_000), True)  # 12+8+15 k
    follow_up = february.result("follow-up")
    # L1 on time, L2 and L3 late: 1 / 3 = 33.33... %.
    assert follow_up.value == Decimal("33.33333333333333333333333333")
    assert (follow_up.met, follow_up.count, follow_up.good) == (False, 3, 1)
    assert follow_up.breaches == 2
    # March: 3 MQLs again, the second miss within 3 periods: 10 %.
    mqls = march.result("MQLs")
    assert (mqls.value, mqls.met, mqls.missed_in_window) == (Decimal(3), False, 2)
    assert mqls.credit_percent == Decimal(10)
    # No fee: percents only, no amounts.
    assert (march.fee, march.credit_amount, mqls.credit_amount) == (None, None, None)
    assert march.credit_percent == Decimal(10)
    assert march.net_credit_amount is None
    # As of 1 Apr 00:00 (the period's end) L7 is not yet due: L5, L6 in time, 2 / 2.
    follow_up = march.result("follow-up")
    assert (follow_up.value, follow_up.met, follow_up.count) == (Decimal(100), True, 2)
    assert march.recipients == ("Marketing", "Sales")
    assert march.next_review == new_york(7, 1, 0)  # 1 Jan + 6 months
    assert not march.review_due
    assert march.result("MQLs").provider == "Marketing"


def test_lead_handoff_without_since_january_is_a_miss():
    data = sla.Dataset(records=LEADS)
    january, february, march = LEAD_HANDOFF.evaluate_range(
        data, date(2026, 1, 1), date(2026, 4, 1)
    )
    # Without `since`, January has 0 leads: a real miss (a volume of nothing is 0).
    assert (january.result("MQLs").value, january.result("MQLs").met) == (0, False)
    # ... so February is already the second miss within 3 months: 10 %.
    assert february.result("MQLs").missed_in_window == 2
    assert february.credit_percent == Decimal(10)
    # Deadlines of an empty period: nothing to measure, not 0 %.
    assert january.result("follow-up").value is None
    # In March the window (Jan, Feb, Mar) holds 3 misses.
    assert march.result("MQLs").missed_in_window == 3
    assert march.credit_percent == Decimal(10)


def test_lead_handoff_deadline_passes_after_the_period():
    data = sla.Dataset(records=LEADS, since=CRM_START)
    # As of Thu 2 Apr 12:00, L7 (due Wed 1 Apr 22:00) is late and counts in March,
    # the month of its `at`: L5, L6 in time of 3 = 66.66... %.
    march = LEAD_HANDOFF.evaluate(data, date(2026, 3, 1), now=new_york(4, 2, 12))
    follow_up = march.result("follow-up")
    assert follow_up.value == Decimal("66.66666666666666666666666667")
    assert (follow_up.met, follow_up.count, follow_up.good) == (False, 3, 2)
    assert march.now == new_york(4, 2, 12)


def test_lead_handoff_rows_are_plain_dicts():
    data = sla.Dataset(records=LEADS, since=CRM_START)
    reports = LEAD_HANDOFF.evaluate_range(data, date(2026, 2, 1), date(2026, 4, 1))
    rows = [row for report in reports for row in report.rows()]
    assert len(rows) == 6  # 2 periods x 3 objectives
    assert all(type(row) is dict for row in rows)
    assert rows[0] == {
        "agreement": "Lead handoff",
        "period_start": new_york(2, 1, 0),
        "period_end": new_york(3, 1, 0),
        "objective": "MQLs",
        "measure": "volume",
        "provider": "Marketing",
        "value": Decimal(3),
        "goal": Decimal(4),
        "direction": "at_least",
        "met": False,
        "count": 3,
        "good": 3,
        "breaches": 1,
        "credit_percent": Decimal(0),
        "credit_amount": None,
        "paid_percent": Decimal(0),
        "paid_amount": None,
    }
    assert [(row["objective"], row["met"]) for row in rows[3:]] == [
        ("MQLs", False),
        ("pipeline", True),
        ("follow-up", True),
    ]
    assert rows[3]["credit_percent"] == Decimal(10)


def test_lead_handoff_data_after_now_does_not_count_yet():
    data = sla.Dataset(records=LEADS, since=CRM_START)
    # As of Mon 16 Mar 09:30, only L5 (7 Mar) and L6 (16 Mar 09:00) have arrived;
    # L6 was called at 10:00, after `now`, and is due 17 Mar 09:00: not yet due.
    march = LEAD_HANDOFF.evaluate(data, date(2026, 3, 1), now=new_york(3, 16, 9, 30))
    assert march.result("MQLs").value == Decimal(2)  # L5, L6 (not L7 of 31 Mar)
    assert march.result("pipeline").value == Decimal(25_000)  # 20 k + 5 k
    assert march.result("follow-up").count == 1  # L5 only


# == 3. Cloud uptime SLA, AWS-style ===================================================
#
# A compute service promises 99.99 % monthly uptime, measured 24/7 in UTC. Service
# credits as in AWS's compute SLA: below 99.99 % 10 % of the month's bill, below
# 99.0 % 30 %, below 95.0 % 100 %. Bill $2,000 a month; credits are capped at
# $2,500 per contract year and must be claimed by the end of the second month
# after the incident month. Announced maintenance is excluded.


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


AWS_STYLE = sla.CreditSchedule(
    [
        sla.CreditTier(below="99.99", percent=10),
        sla.CreditTier(below="99.0", percent=30),
        sla.CreditTier(below="95.0", percent=100),
    ]
)

CLOUD = sla.Agreement(
    "Compute SLA",
    "customer",
    [sla.Party("Nimbus Cloud", "provider"), sla.Party("Globex", "customer")],
    [sla.Objective("uptime", sla.Availability("compute"), "99.99", credit=AWS_STYLE)],
    services=["compute", "storage"],
    effective_from=date(2026, 1, 1),
    fee=2000,
    yearly_cap=2500,
    claim_window=relativedelta(months=2),
)

OUTAGES = [
    sla.Outage("compute", utc(1, 10, 3), utc(1, 10, 3, 43)),  # 43 min
    sla.Outage("compute", utc(1, 20, 0), utc(1, 20, 4), planned=True),  # 4 h
    sla.Outage("compute", utc(1, 31, 23, 50), utc(2, 1, 0, 20)),  # 10 + 20 min
    sla.Outage("compute", utc(2, 5, 0), utc(2, 5, 8)),  # 8 h = 480 min
    sla.Outage("compute", utc(3, 2, 0), utc(3, 3, 16)),  # 40 h = 2,400 min
    sla.Outage("storage", utc(3, 10, 0), utc(3, 11, 0)),  # another service
]


@pytest.fixture(scope="module")
def cloud_reports() -> tuple[sla.Report, ...]:
    data = sla.Dataset(outages=OUTAGES)
    return CLOUD.evaluate_range(data, date(2026, 1, 1), date(2026, 4, 1))


def test_cloud_january_maintenance_excluded(cloud_reports):
    january = cloud_reports[0]
    uptime = january.result("uptime")
    # 31 days = 44,640 min, minus 240 min of maintenance = 44,400 min measured;
    # down 43 + 10 = 53 min: 44,347 / 44,400 = 99.8806... % -> below 99.99: 10 %.
    assert uptime.value == Decimal("99.88063063063063063063063063")
    assert (uptime.met, uptime.count, uptime.breaches) == (False, 2, 2)
    assert uptime.credit_percent == Decimal(10)
    assert january.credit_amount == Decimal("200.00")  # 10 % of 2,000
    # Error budget: 0.01 % of 44,400 min = 4.44 min = 266.4 s; 53 min used.
    budget = uptime.error_budget
    assert budget is not None
    assert budget.allowed == timedelta(seconds=266, microseconds=400_000)
    assert budget.used == timedelta(minutes=53)
    # 31 Jan + 2 months = 1 Apr.
    assert january.claim_deadline == utc(4, 1)


def test_cloud_february_thirty_percent_tier(cloud_reports):
    february = cloud_reports[1]
    uptime = february.result("uptime")
    # 28 days = 40,320 min; down 20 + 480 = 500 min: 39,820 / 40,320 = 98.7599... %
    # -> below 99.0: 30 % of 2,000 = 600.00.
    assert uptime.value == Decimal("98.75992063492063492063492063")
    assert uptime.credit_percent == Decimal(30)
    assert february.credit_amount == Decimal("600.00")
    assert february.capped_by is None


def test_cloud_march_yearly_cap(cloud_reports):
    march = cloud_reports[2]
    uptime = march.result("uptime")
    # 44,640 min; down 2,400: 42,240 / 44,640 = 94.62... % -> below 95: 100 %.
    assert uptime.value == Decimal("94.62365591397849462365591398")
    assert uptime.credit_percent == Decimal(100)
    assert uptime.credit_amount == Decimal("2000.00")
    # 200 + 600 already paid this contract year: 2,500 - 800 = 1,700 left.
    assert march.credit_amount == Decimal("1700.00")
    assert march.credit_percent == Decimal(85)  # 1,700 / 2,000
    assert march.capped_by == "yearly_cap"
    assert uptime.paid_percent == Decimal(85)
    assert march.to_markdown() == (
        "## Compute SLA: 2026-03-01 to 2026-04-01\n"
        "\n"
        "| objective | value | goal | met | count | breaches | credit % |\n"
        "| --- | ---: | ---: | :---: | ---: | ---: | ---: |\n"
        "| uptime | 94.6237 | >= 99.99 | **no** | 1 | 1 | 100 |\n"
        "\n"
        "- Credit owed: 85 % of the fee = 1700.00 (capped by yearly cap)\n"
        "- Claim credits by: 2026-06-01T00:00:00+00:00\n"
    )


def test_cloud_report_to_dict_is_json(cloud_reports):
    march = cloud_reports[2]
    data = march.to_dict()
    text = json.dumps(data)  # must not raise: no Decimal, no datetime left
    assert json.loads(text) == data
    assert data["period_start"] == "2026-03-01T00:00:00+00:00"
    assert data["credit_amount"] == "1700.00"
    assert data["capped_by"] == "yearly_cap"
    assert data["met"] is False
    result = data["results"][0]
    assert result["value"] == "94.62365591397849462365591398"
    assert result["credit_percent"] == "100"
    # 0.01 % of 44,640 min = 4.464 min = 267.84 s allowed; 40 h = 144,000 s used.
    assert result["error_budget"]["allowed_seconds"] == "267.84"
    assert result["error_budget"]["used_seconds"] == "144000"


def test_cloud_yearly_cap_resets_on_the_anniversary():
    # A further 100 % month in January 2027, the next contract year, pays in full.
    later = sla.Outage(
        "compute", datetime(2027, 1, 5, tzinfo=UTC), datetime(2027, 1, 8, tzinfo=UTC)
    )
    data = sla.Dataset(outages=[*OUTAGES, later])
    report = CLOUD.evaluate(data, date(2027, 1, 1))
    # 3 days down of 31: 28 / 31 = 90.3 % -> 100 % of 2,000, a fresh 2,500 cap.
    assert report.credit_amount == Decimal("2000.00")
    assert report.capped_by is None


# == 4. Call centre "80/20" ===========================================================
#
# Northwind Energy buys its billing hotline from ContactCo (a vendor agreement):
# 80 % of calls answered within 20 seconds each month. Calls abandoned within 5
# seconds are left out; other abandoned calls count as offered and not answered in
# time. Credit: 2 % of the fee for each started 5 points under 80 %, at most 10 %.
# A credit is earned back when the service level is met in the next two months.
# Fee 20,000 GBP; credits under 500 GBP are not paid. CSAT (1-5) is reported
# against 4.2 without a credit.


def london(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def calls(
    month: int, day: int, answered: list[int], abandoned: tuple[int, ...] = ()
) -> list[sla.Contact]:
    """Calls to the billing queue: waits in seconds, a minute apart from 09:00."""
    found = [
        sla.Contact(seconds(wait), at=london(month, day, 9, i), service="billing")
        for i, wait in enumerate(answered)
    ]
    found += [
        sla.Contact(
            seconds(wait),
            answered=False,
            at=london(month, day, 10, i),
            service="billing",
        )
        for i, wait in enumerate(abandoned)
    ]
    return found


def survey(month: int, day: int, *csat: int) -> list[sla.Response]:
    return [
        sla.Response(london(month, day, 12, i), 9, fields={"csat": score})
        for i, score in enumerate(csat)
    ]


CONTACTS = [
    # January: in time 5, 12, 20, 8, 15, 3, 19 (7); late 45, 21; abandoned 30 s
    # (offered, not in time); abandoned 3 s (short abandon, left out): 7 / 10.
    *calls(1, 14, [5, 12, 20, 8, 15, 3, 19, 45, 21], abandoned=(30, 3)),
    # February: late 25, 31: 8 / 10 = 80 %, exactly the goal.
    *calls(2, 11, [4, 20, 18, 25, 9, 31, 11, 6, 2, 14]),
    # March (after the clocks change on 29 Mar): late 25: 9 / 10.
    *calls(3, 30, [4, 20, 18, 25, 9, 10, 11, 6, 2, 14]),
    sla.Contact(seconds(200), at=london(3, 30, 11), service="sales"),  # other queue
    # April: late 25; abandoned 40 s offered, 4 s left out: 7 / 9.
    *calls(4, 15, [4, 20, 18, 25, 9, 19, 11, 6], abandoned=(40, 4)),
]

RESPONSES = [*survey(1, 20, 5, 4, 3), *survey(2, 20, 5, 4), *survey(3, 20, 5, 4, 4)]

CALL_CENTRE = sla.Agreement(
    "Billing hotline",
    "vendor",
    [sla.Party("ContactCo", "provider"), sla.Party("Northwind Energy", "customer")],
    [
        sla.Objective(
            "80/20",
            sla.ServiceLevel(seconds(20), short_abandon=seconds(5), service="billing"),
            80,
            credit=sla.StepCredit(threshold=80, step=5, percent=2, cap=10),
        ),
        sla.Objective("CSAT", sla.AverageScore("csat"), "4.2"),
    ],
    tz="Europe/London",
    effective_from=date(2026, 1, 1),
    fee=20_000,
    earn_back=2,
    minimum_credit=500,
)


@pytest.fixture(scope="module")
def call_reports() -> tuple[sla.Report, ...]:
    data = sla.Dataset(contacts=CONTACTS, responses=RESPONSES)
    return CALL_CENTRE.evaluate_range(data, date(2026, 1, 1), date(2026, 5, 1))


def test_call_centre_january_step_credit(call_reports):
    january = call_reports[0]
    level = january.result("80/20")
    assert level.value == Decimal(70)  # 7 / 10
    assert (level.met, level.count, level.good, level.breaches) == (False, 10, 7, 3)
    # 10 points short of 80 = 2 started steps of 5: 2 x 2 % = 4 % = 800.00 GBP.
    assert level.credit_percent == Decimal(4)
    assert january.credit_amount == Decimal("800.00")
    assert january.capped_by is None
    assert january.earned_back == ()
    csat = january.result("CSAT")
    # (5 + 4 + 3) / 3 = 4 < 4.2: missed; one score (5) on the right side.
    assert (csat.value, csat.met, csat.count, csat.good) == (Decimal(4), False, 3, 1)
    assert csat.credit_percent == Decimal(0)  # no credit on CSAT


def test_call_centre_goal_met_exactly(call_reports):
    february = call_reports[1]
    level = february.result("80/20")
    assert (level.value, level.met) == (Decimal(80), True)  # 8 / 10, inclusive
    assert february.credit_amount == Decimal("0.00")
    # Met for one month after January's credit: not yet earned back.
    assert february.earned_back == ()
    assert february.result("CSAT").value == Decimal("4.5")  # (5 + 4) / 2


def test_call_centre_march_earns_back_january(call_reports):
    march = call_reports[2]
    assert march.result("80/20").value == Decimal(90)  # 9 / 10 (sales call ignored)
    # (5 + 4 + 4) / 3 = 4.333...
    assert march.result("CSAT").value == Decimal("4.333333333333333333333333333")
    # Met in February and March, the two months after January: January's 4 %
    # (800.00) is earned back.
    assert march.earned_back == (
        sla.EarnBack("80/20", london(1, 1, 0), Decimal(4), Decimal("800.00")),
    )
    assert march.credit_amount == Decimal("0.00")
    assert march.earned_back_amount == Decimal("800.00")
    assert march.net_credit_amount == Decimal("-800.00")  # 0 - 800
    assert march.to_markdown().endswith(
        "- Credit owed: 0 % of the fee = 0.00\n"
        "- Earned back: 80/20 (2026-01-01)\n"
        "- Net credit: -800.00\n"
    )


def test_call_centre_april_minimum_credit(call_reports):
    april = call_reports[3]
    level = april.result("80/20")
    # 7 / 9 = 77.77...%: 2.22 points short, 1 started step: 2 % = 400.00 GBP ...
    assert level.value == Decimal("77.77777777777777777777777778")
    assert (level.count, level.good) == (9, 7)
    assert level.credit_percent == Decimal(2)
    assert level.credit_amount == Decimal("400.00")
    # ... under the 500.00 minimum: not paid.
    assert april.credit_amount == Decimal("0.00")
    assert april.capped_by == "minimum"
    # No survey in April: CSAT cannot be measured.
    assert (april.result("CSAT").value, april.result("CSAT").met) == (None, None)
    assert april.earned_back == ()  # February paid nothing to earn back


# == 5. Multi-level agreement with two providers ======================================
#
# Globex's managed workplace: HostCo runs the ERP platform (99.5 % availability in
# service hours, Mon-Fri 07:00-19:00 Berlin, German holidays off), DeskCo runs the
# service desk (90 % of calls answered within 30 s). 12 % of the 50,000 EUR monthly
# fee is at risk; the pool allocation is 200 %, of which the ERP gets 100 and the
# desk 60, so a missed objective costs its share of the pool (12 % x 100 % = 12 %,
# 12 % x 60 % = 7.2 %), and all credits of a month together at most 12 %.
# Two missed desk months in a row let Globex terminate the desk part.

SERVICE_HOURS = sla.BusinessCalendar(
    "mon-fri 07:00-19:00",
    tz="Europe/Berlin",
    holidays=holidays.country_holidays("DE"),
)


def desk_calls(month: int, day: int, waits: list[int]) -> list[sla.Contact]:
    return [
        sla.Contact(seconds(wait), at=berlin(month, day, 9, i), service="desk")
        for i, wait in enumerate(waits)
    ]


WORKPLACE = sla.Agreement(
    "Managed workplace",
    "multi_level",
    [
        sla.Party("HostCo", "provider", contact="noc@hostco.example"),
        sla.Party("DeskCo", "provider", contact="desk@deskco.example"),
        sla.Party("Globex", "customer"),
    ],
    [
        sla.Objective(
            "ERP uptime",
            sla.Availability("erp", calendar=SERVICE_HOURS),
            "99.5",
            allocation=100,
            provider="HostCo",
        ),
        sla.Objective(
            "desk answers",
            sla.ServiceLevel(seconds(30), service="desk"),
            90,
            allocation=60,
            provider="DeskCo",
        ),
    ],
    services=["erp"],
    tz="Europe/Berlin",
    effective_from=date(2026, 1, 1),
    fee=50_000,
    at_risk=12,
    pool_allocation=200,
    termination=sla.TerminationRule(2, objectives=["desk answers"]),
    review_every=relativedelta(years=1),
    claim_window=relativedelta(months=1),
    responsibilities=[
        sla.Responsibility("HostCo", "runs the ERP platform"),
        sla.Responsibility("DeskCo", "answers the service desk"),
        sla.Responsibility("Globex", "service owner", kind="escalation"),
    ],
)

WORKPLACE_DATA = sla.Dataset(
    outages=[
        # Tue 13 Jan 06:00-09:00: 2 h inside service hours (07:00-09:00).
        sla.Outage("erp", berlin(1, 13, 6), berlin(1, 13, 9)),
        # Sat 17 Jan: outside service hours, no downtime.
        sla.Outage("erp", berlin(1, 17, 10), berlin(1, 17, 14)),
        # Tue 3 Feb 12:00-12:30: 30 min.
        sla.Outage("erp", berlin(2, 3, 12), berlin(2, 3, 12, 30)),
    ],
    contacts=[
        *desk_calls(1, 20, [10, 25, 40, 5, 29]),  # 4 / 5 within 30 s = 80 %
        *desk_calls(2, 18, [10, 31, 40, 5]),  # 2 / 4 = 50 %
    ],
)


@pytest.fixture(scope="module")
def workplace_reports() -> tuple[sla.Report, ...]:
    return WORKPLACE.evaluate_range(WORKPLACE_DATA, date(2026, 1, 1), date(2026, 3, 1))


def test_workplace_structure():
    assert WORKPLACE.structure is sla.Structure.MULTI_LEVEL
    assert [p.name for p in WORKPLACE.providers] == ["HostCo", "DeskCo"]
    assert [p.name for p in WORKPLACE.customers] == ["Globex"]


def test_workplace_allocations_must_fit_the_pool():
    # 100 + 60 = 160 is over the default pool allocation of 100.
    with pytest.raises(sla.AgreementError, match="over the pool allocation of 100"):
        sla.Agreement(
            "Managed workplace",
            "multi_level",
            WORKPLACE.parties,
            WORKPLACE.objectives,
            services=["erp"],
            effective_from=date(2026, 1, 1),
            fee=50_000,
            at_risk=12,
        )


def test_workplace_january_at_risk_cap(workplace_reports):
    january = workplace_reports[0]
    uptime = january.result("ERP uptime")
    # 21 open days (22 weekdays, 1 Jan a holiday) x 12 h = 252 h = 15,120 min;
    # down 120 min: 15,000 / 15,120 = 99.206... % < 99.5: missed.
    assert uptime.value == Decimal("99.20634920634920634920634921")
    assert uptime.met is False
    assert uptime.provider == "HostCo"
    # Missed without a credit table: the whole share, 12 % x 100 / 100 = 12 %.
    assert uptime.credit_percent == Decimal(12)
    assert uptime.credit_amount == Decimal("6000.00")
    desk = january.result("desk answers")
    assert (desk.value, desk.met, desk.provider) == (Decimal(80), False, "DeskCo")
    assert desk.credit_percent == Decimal("7.2")  # 12 % x 60 / 100
    assert desk.credit_amount == Decimal("3600.00")
    # 12 + 7.2 = 19.2 % is over the 12 % at risk: 12 % = 6,000.00 EUR.
    assert january.uncapped_percent == Decimal("19.2")
    assert january.credit_percent == Decimal(12)
    assert january.credit_amount == Decimal("6000.00")
    assert january.capped_by == "at_risk"
    # Each share scaled by 12 / 19.2 = 0.625: 7.5 % (3,750) and 4.5 % (2,250).
    assert uptime.paid_percent == Decimal("7.5")
    assert desk.paid_percent == Decimal("4.5")
    assert january.missed == ("ERP uptime", "desk answers")
    assert not january.terminable
    assert january.claim_deadline == berlin(3, 1, 0)
    assert january.next_review == datetime(2027, 1, 1, tzinfo=BERLIN)
    assert january.escalation == ("Globex",)
    rows = january.rows()
    assert [(row["objective"], row["provider"]) for row in rows] == [
        ("ERP uptime", "HostCo"),
        ("desk answers", "DeskCo"),
    ]


def test_workplace_february_one_provider_misses(workplace_reports):
    february = workplace_reports[1]
    uptime = february.result("ERP uptime")
    # 20 weekdays x 12 h = 240 h = 14,400 min; 30 min down: 99.79... %, met.
    assert uptime.value == Decimal("99.79166666666666666666666667")
    assert (uptime.met, uptime.credit_percent) == (True, Decimal(0))
    desk = february.result("desk answers")
    assert (desk.value, desk.met) == (Decimal(50), False)  # 2 / 4
    # Only the desk's share: 7.2 % of 50,000 = 3,600.00, under the 12 % at risk.
    assert february.credit_amount == Decimal("3600.00")
    assert february.capped_by is None
    # The desk missed January and February: two in a row, the rule fires.
    assert february.missed_run == (berlin(1, 1, 0), berlin(2, 1, 0))
    assert february.terminable


def test_workplace_outage_outside_service_hours_is_no_breach(workplace_reports):
    uptime = workplace_reports[0].result("ERP uptime")
    # Only the Tuesday outage took time out of service hours.
    assert (uptime.count, uptime.breaches) == (1, 1)
