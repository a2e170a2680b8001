"""Tallies: hand-worked partials, merging, the checks on `+` and on reports."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import ClassVar

import attrs
import pytest

import slacore as sla
from slacore._fingerprint import fingerprint
from slacore._parts import Downtime, Sums, Whole

PARTIES = (sla.Party("Acme", "provider"), sla.Party("Globex", "customer"))
MARCH = (date(2026, 3, 1), date(2026, 4, 1))
NOW = datetime(2026, 4, 1, tzinfo=UTC)
H = timedelta(hours=1)
M = timedelta(minutes=1)
S = timedelta(seconds=1)


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def agreement(*objectives: sla.Objective, **terms: object) -> sla.Agreement:
    terms.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement("Desk", "customer", PARTIES, objectives, **terms)  # type: ignore[arg-type]


POLICY = sla.Policy("support", {"normal": sla.Targets(first_response=4 * H)})


def replied(number: int, after: timedelta, day: int = 2) -> sla.Ticket:
    return sla.Ticket(
        f"T-{number}",
        at(day),
        "normal",
        [sla.TicketEvent(at(day) + after, "agent_reply")],
    )


def report_of(a: sla.Agreement, *parts: sla.Dataset, breaches=False) -> sla.Report:
    tallies = [a.tally(part, *MARCH, now=NOW, breaches=breaches) for part in parts]
    (found,) = a.report(sum(tallies))
    return found


class TestAvailability:
    def test_overlapping_outages_in_two_parts_count_once(self):
        # 10:00-10:30 in one part, 10:10-11:00 in the other: 60 minutes down.
        uptime = agreement(sla.Objective("api", sla.Availability("api"), "99.9"))
        one = sla.Outage("api", at(10, 10), at(10, 10, 30))
        two = sla.Outage("api", at(10, 10, 10), at(10, 11))
        found = report_of(
            uptime, sla.Dataset(outages=[one]), sla.Dataset(outages=[two])
        )
        result = found.result("api")
        # 31 days = 744 hours; 1 hour down: 743 / 744.
        assert result.value == Decimal(743 * 100) / Decimal(744)
        assert result.breaches == 2  # two outages, each cost measured time
        assert result.error_budget is not None
        assert result.error_budget.used == H
        whole = uptime.evaluate(sla.Dataset(outages=[one, two]), MARCH[0], now=NOW)
        assert found == whole

    def test_an_outage_cut_in_two_loses_no_downtime(self):
        uptime = agreement(sla.Objective("api", sla.Availability("api"), "99.9"))
        whole = sla.Outage("api", at(10, 10), at(10, 11))
        first = sla.Outage("api", at(10, 10), at(10, 10, 20))
        rest = sla.Outage("api", at(10, 10, 20), at(10, 11))
        cut = report_of(
            uptime, sla.Dataset(outages=[first]), sla.Dataset(outages=[rest])
        )
        one = report_of(uptime, sla.Dataset(outages=[whole]))
        assert cut.result("api").value == one.result("api").value
        # Each record is an outage: the pieces count as two, as evaluate counts them.
        assert (cut.result("api").breaches, one.result("api").breaches) == (2, 1)

    def test_planned_maintenance_in_another_part_excludes_downtime(self):
        # The outage lies inside maintenance tallied elsewhere: no downtime, no
        # breach once merged.
        uptime = agreement(sla.Objective("api", sla.Availability("api"), "99.9"))
        outage = sla.Outage("api", at(10, 10), at(10, 11))
        maintenance = sla.Outage("api", at(10, 9), at(10, 12), planned=True)
        found = report_of(
            uptime,
            sla.Dataset(outages=[outage]),
            sla.Dataset(outages=[maintenance]),
        )
        assert found.result("api").value == 100
        assert found.result("api").breaches == 0

    def test_partial_holds_merged_spans(self):
        a = Downtime(down=[(5, 10), (0, 3)], planned=[(1, 2)], outages=[(5, 10)])
        b = Downtime(down=[(2, 6)], outages=[(2, 6)])
        assert (a + b).down == ((0, 10),)
        assert (a + b).outages == ((2, 6), (5, 10))
        assert a + b == b + a


class TestCounts:
    def test_ticket_attainment_adds_met_and_decided(self):
        replies = agreement(
            sla.Objective("replies", sla.TicketAttainment("first_response"), 90),
            policies=[POLICY],
        )
        # Part one: 3 met (1h) and 1 late (5h); part two: 1 met, 1 late.
        one = [replied(n, H) for n in range(3)] + [replied(3, 5 * H)]
        two = [replied(4, H), replied(5, 6 * H)]
        found = report_of(
            replies,
            sla.Dataset(tickets=one),
            sla.Dataset(tickets=two),
            breaches=True,
        )
        result = found.result("replies")
        assert (result.count, result.good, result.breaches) == (6, 4, 2)
        assert result.value == Decimal(400) / Decimal(6)
        assert [row.ticket_id for row in found.breaches] == ["T-3", "T-5"]

    def test_mean_time_adds_sums_of_microseconds(self):
        mttr = agreement(
            sla.Objective(
                "mttr", sla.MeanTime("first_response"), 2 * H, direction="at_most"
            ),
            policies=[POLICY],
        )
        found = report_of(
            mttr,
            sla.Dataset(tickets=[replied(1, H)]),
            sla.Dataset(tickets=[replied(2, 4 * H)]),
        )
        result = found.result("mttr")
        # (1h + 4h) / 2 = 9000 s; one of the two took longer than 2h on its own.
        assert (result.value, result.count, result.good) == (Decimal(9000), 2, 1)

    def test_service_level_and_abandon_rate(self):
        desk = agreement(
            sla.Objective("sl", sla.ServiceLevel(20 * S, short_abandon=5 * S), 80),
            sla.Objective("ab", sla.AbandonRate(short_abandon=5 * S), 5),
        )
        one = [sla.Contact(10 * S, at=at(3)), sla.Contact(3 * S, False, at=at(3))]
        two = [sla.Contact(40 * S, at=at(4)), sla.Contact(30 * S, False, at=at(4))]
        found = report_of(desk, sla.Dataset(contacts=one), sla.Dataset(contacts=two))
        # The 3 s abandon is short: left out. 1 of 3 within 20 s; 1 of 3 abandoned.
        assert found.result("sl").value == Decimal(100) / 3
        assert (found.result("ab").value, found.result("ab").count) == (
            Decimal(100) / 3,
            3,
        )

    def test_nps_adds_promoters_passives_and_detractors(self):
        survey = agreement(sla.Objective("nps", sla.NetPromoterScore(), 0))
        one = [sla.Response(at(5), score) for score in (10, 9, 8)]
        two = [sla.Response(at(6), score) for score in (3, 7)]
        found = report_of(
            survey, sla.Dataset(responses=one), sla.Dataset(responses=two)
        )
        result = found.result("nps")
        # 2 promoters, 2 passives, 1 detractor of 5: 40 - 20 = 20.
        assert (result.value, result.count, result.good, result.breaches) == (
            Decimal(20),
            5,
            2,
            1,
        )

    def test_volume_sums_exactly_then_meets_the_goal_once(self):
        # 300 + 250 in two parts: each below the goal of 500, the whole above it.
        sales = agreement(
            sla.Objective("deals", sla.Volume("amount", "sum"), 500, credit=None),
            fee=1000,
        )
        one = sla.Dataset(records=[{"at": at(7), "amount": "300.10"}])
        two = sla.Dataset(records=[{"at": at(8), "amount": 250}])
        found = report_of(sales, one, two)
        assert found.result("deals").value == Decimal("550.10")
        assert found.result("deals").met is True
        assert found.credit_amount == 0


OTHER = sla.Agreement(
    "Other",
    "customer",
    PARTIES,
    [sla.Objective("api", sla.Availability("api"), "99.9")],
    effective_from=date(2026, 1, 1),
)


class TestAdding:
    uptime = agreement(sla.Objective("api", sla.Availability("api"), "99.9"))

    def tally(self, a=None, **kw) -> sla.Tally:
        kw.setdefault("now", NOW)
        return (a or self.uptime).tally(sla.Dataset(), *MARCH, **kw)

    def test_sum_starts_from_zero(self):
        t = self.tally()
        assert sum([t]) is t
        assert 0 + t is t
        assert t + t == t  # an empty tally adds nothing

    def test_other_values_are_not_added(self):
        with pytest.raises(TypeError):
            _ = self.tally() + 1
        with pytest.raises(TypeError):
            _ = 1 + self.tally()

    @pytest.mark.parametrize(
        ("other", "field"),
        [
            (lambda self: self.tally(OTHER), "agreement"),
            (
                lambda self: self.tally(
                    agreement(sla.Objective("api", sla.Availability("api"), "99.5"))
                ),
                "agreement",
            ),
            (
                lambda self: self.uptime.tally(
                    sla.Dataset(), date(2026, 3, 1), date(2026, 5, 1), now=NOW
                ),
                "periods",
            ),
            (lambda self: self.tally(now=NOW - H), "now"),
            (
                lambda self: self.uptime.tally(
                    sla.Dataset(since=at(1)), *MARCH, now=NOW
                ),
                "since",
            ),
            (lambda self: self.tally(breaches=True), "breaches"),
        ],
        ids=["agreement", "version", "periods", "now", "since", "breaches"],
    )
    def test_mismatches_name_what_differs(self, other, field):
        with pytest.raises(sla.TallyError) as info:
            _ = self.tally() + other(self)
        assert info.value.field == field

    def test_a_different_version_is_named_as_such(self):
        stricter = agreement(sla.Objective("api", sla.Availability("api"), "99.5"))
        with pytest.raises(sla.TallyError, match="two different versions"):
            _ = self.tally() + self.tally(stricter)

    def test_report_refuses_another_agreements_tally(self):
        with pytest.raises(sla.TallyError, match="made by agreement 'Desk'") as info:
            OTHER.report(self.tally())
        assert info.value.field == "agreement"
        with pytest.raises(TypeError, match="must be a Tally"):
            OTHER.report("tally")  # type: ignore[arg-type]

    def test_no_period_is_an_agreement_error(self):
        with pytest.raises(sla.AgreementError) as info:
            self.uptime.tally(sla.Dataset(), date(2026, 3, 1), date(2026, 3, 1))
        assert info.value.field == "end"

    def test_tallies_keep_history_for_the_terms(self):
        t = self.tally()
        # January and February come first: earn-back and runs read them.
        assert (t.earlier, len(t.parts)) == (2, 3)
        assert t.start == datetime(2026, 3, 1, tzinfo=UTC)
        assert t.end == datetime(2026, 4, 1, tzinfo=UTC)

    def test_unmeasured_periods_hold_none(self):
        t = self.uptime.tally(
            sla.Dataset(), *MARCH, now=datetime(2026, 2, 10, tzinfo=UTC)
        )
        assert t.parts[2] is None  # March starts after now
        assert t.parts[1] is not None

    def test_sums_refuse_another_shape(self):
        with pytest.raises(sla.TallyError):
            _ = Sums((1, 2)) + Sums((1,))

    def test_sums_are_python_ints(self):
        np = pytest.importorskip("numpy")
        part = Sums((np.int64(3),), (Decimal("1.5"),))
        assert type(part.counts[0]) is int


class TestTerms:
    def test_credits_and_runs_come_from_the_merged_figures(self):
        # Goal 3 leads a month; each part has 2 in March: merged, March is met.
        leads = agreement(
            sla.Objective(
                "leads", sla.Volume(), 3, credit=sla.BreachCountCredit(1, 10)
            ),
            fee=1000,
            termination=sla.TerminationRule(2),
        )
        one = sla.Dataset(records=[{"at": at(2)}, {"at": at(3)}])
        two = sla.Dataset(records=[{"at": at(4)}, {"at": at(5)}])
        found = report_of(leads, one, two)
        assert found.result("leads").value == 4
        assert found.credit_amount == 0
        assert found.terminable is False
        # January and February had no leads: missed, in the history of the run.
        alone = report_of(leads, one)
        assert alone.result("leads").met is False
        assert alone.terminable is True
        assert alone.credit_amount == Decimal("100.00")


class TestPickle:
    def test_a_month_of_many_tickets_pickles_small(self):
        replies = agreement(
            sla.Objective("replies", sla.TicketAttainment("first_response"), 90),
            sla.Objective(
                "mttr", sla.MeanTime("first_response"), 2 * H, direction="at_most"
            ),
            policies=[POLICY],
        )
        sizes = []
        for count in (10, 2000):
            tickets = [replied(n, (n % 6) * H, day=1 + n % 28) for n in range(count)]
            t = replies.tally(sla.Dataset(tickets=tickets), *MARCH, now=NOW)
            data = pickle.dumps(t)
            assert pickle.loads(data) == t  # noqa: S301 - our own
            sizes.append(len(data))
        assert sizes[0] == sizes[1] or abs(sizes[0] - sizes[1]) < 50
        assert sizes[1] < 2000
        assert b"Ticket" not in data
        assert b"numpy" not in data


@attrs.frozen
class LongestWait:
    """A measure of one's own with an outcome only (the library authors' guide)."""

    kind: ClassVar[str] = "longest_wait_test"
    reads: ClassVar[sla.DatasetPart] = "contacts"
    goal_rule: ClassVar[sla.GoalRule] = sla.GoalRule(low=Decimal(0), duration=True)

    def outcome(self, period: sla.PeriodData, objective: sla.Objective) -> sla.Outcome:
        del objective
        waits = [c.wait for c in period.contacts(None)]
        return sla.Outcome(Decimal(max(waits) // S) if waits else None, len(waits))


class TestCustomMeasures:
    def test_a_measure_without_partials_still_evaluates(self):
        desk = agreement(
            sla.Objective("longest", LongestWait(), 60, direction="at_most")
        )
        data = sla.Dataset(contacts=[sla.Contact(90 * S, at=at(3))])
        found = desk.evaluate(data, MARCH[0])
        assert found.result("longest").value == 90

    def test_tally_refuses_it_naming_the_measure(self):
        desk = agreement(
            sla.Objective("leads", sla.Volume(), 1),
            sla.Objective("longest", LongestWait(), 60, direction="at_most"),
        )
        with pytest.raises(sla.TallyError, match="'longest_wait_test'") as info:
            desk.tally(sla.Dataset(), *MARCH)
        assert info.value.field == "objectives[1].measure"
        assert "'longest'" in str(info.value)

    def test_whole_outcomes_are_never_added(self):
        whole = Whole("longest_wait_test", sla.Outcome(None))
        with pytest.raises(sla.TallyError, match="cannot be added"):
            _ = whole + whole


FINGERPRINT_SCRIPT = """
from datetime import date, timedelta
import holidays
import slacore as sla
cal = sla.BusinessCalendar(
    "mon-fri 09:00-17:00", tz="Europe/Berlin",
    holidays=holidays.country_holidays("DE", subdiv="BY"),
)
policy = sla.Policy(
    "p",
    {p: sla.Targets(first_response=timedelta(hours=1)) for p in ("low", "high")},
    calendar=cal,
    condition=sla.In("plan", {"free", "pro", "enterprise", "team"}),
)
measure = sla.TicketAttainment("first_response", priorities=["high", "low", "x", "y"])
a = sla.Agreement(
    "S", "customer", [sla.Party("A", "provider"), sla.Party("B", "customer")],
    [sla.Objective("r", measure, 90)], policies=[policy],
    effective_from=date(2026, 1, 1),
)
print(a.fingerprint)
"""


def test_fingerprints_are_the_same_in_every_process():
    found = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", FINGERPRINT_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        found.add(done.stdout.strip())
    assert len(found) == 1
    assert len(found.pop()) == 32


def test_fingerprints_tell_agreements_apart():
    a = agreement(sla.Objective("api", sla.Availability("api"), "99.9"))
    assert (
        a.fingerprint
        == agreement(sla.Objective("api", sla.Availability("api"), "99.9")).fingerprint
    )
    assert (
        a.fingerprint
        != agreement(
            sla.Objective("api", sla.Availability("api"), "99.9"), fee=10
        ).fingerprint
    )


def _policy_with(condition: object) -> sla.Policy:
    return sla.Policy(
        "p",
        {"high": sla.Targets(first_response=timedelta(hours=1))},
        condition=condition,
    )


def test_fingerprints_tell_callable_conditions_apart_by_their_code():
    """Two lambdas share a module and a name; their code and captures differ."""
    pro = _policy_with(lambda ticket: ticket.fields.get("plan") == "pro")
    free = _policy_with(lambda ticket: ticket.fields.get("plan") == "free")
    again = _policy_with(lambda ticket: ticket.fields.get("plan") == "pro")

    def plan_is(plan: str) -> object:
        return lambda ticket: ticket.fields.get("plan") == plan

    found = {
        name: fingerprint(policy)
        for name, policy in {
            "pro": pro,
            "free": free,
            "again": again,
            "closure pro": _policy_with(plan_is("pro")),
            "closure free": _policy_with(plan_is("free")),
        }.items()
    }
    assert found["pro"] == found["again"]
    assert len({found[k] for k in ("pro", "free", "closure pro", "closure free")}) == 4


def test_fingerprint_of_a_function_that_closes_over_itself_ends():
    def countdown(n: int) -> int:
        return 0 if n <= 0 else countdown(n - 1)

    assert len(fingerprint(countdown)) == 32
