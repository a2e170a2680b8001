# ruff: noqa: E501 - one row of the tables per line reads best
"""Every public constructor, walked with bad values: the area's error, the field named.

Issue 9: every bad value in an agreement's constructor is an `AgreementError` naming
the field, in a record's a `DataError`, in a timer's a `TimerError`, and so on; a
wrong Python type is a `TypeError` naming the argument. The table below holds at
least one bad value for every public class that takes input, and the last tests check
that no public class is missing from it.
"""

from __future__ import annotations

import inspect
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from tests.instants import utc

import slacore as sla

if TYPE_CHECKING:
    from collections.abc import Callable

T0 = utc(2026, 10, 5, 9)
T1 = T0 + timedelta(hours=1)
NAIVE = datetime(2026, 10, 5, 9)
H = timedelta(hours=1)
PARTIES = (sla.Party("Acme", "provider"), sla.Party("Globex", "customer"))
VOLUME = sla.Objective("leads", sla.Volume(), 3)


def agreement(**terms: Any) -> sla.Agreement:
    terms.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement("A", "customer", PARTIES, [VOLUME], **terms)


#: (public class, a call with one bad value, the error class, the field it names)
BAD_VALUES: list[tuple[type, Callable[[], object], type[Exception], str | None]] = [
    # business calendars
    (sla.WeeklyHours, lambda: sla.WeeklyHours.parse({"mon": "25:00-26:00"}), sla.CalendarError, None),
    (sla.BusinessCalendar, lambda: sla.BusinessCalendar("mon 09:00-17:00", tz="Mars/Base"), sla.CalendarError, "tz"),
    (sla.Closure, lambda: sla.Closure(T1, T0), sla.CalendarError, "end"),
    (sla.Opening, lambda: sla.Opening(T1, T0), sla.CalendarError, "end"),
    # timers
    (sla.Timer, lambda: sla.Timer(target=-H), sla.TimerError, "target"),
    (sla.Timer, lambda: sla.Timer(target=H, warn_at=["0.5", "0"]), sla.TimerError, "warn_at[1]"),
    (sla.TimerEvent, lambda: sla.TimerEvent(T0, "begin"), sla.TimerEventError, "action"),
    # records
    (sla.TicketEvent, lambda: sla.TicketEvent(T0, "merged"), sla.DataError, "kind"),
    (sla.TicketEvent, lambda: sla.TicketEvent(T0, "status"), sla.DataError, "value"),
    (sla.TicketEvent, lambda: sla.TicketEvent(NAIVE, "agent_reply"), sla.NaiveDatetimeError, None),
    (sla.Ticket, lambda: sla.Ticket("T-1", T0, ""), sla.DataError, "priority"),
    (sla.Ticket, lambda: sla.Ticket("T-1", T1, "normal", [sla.TicketEvent(T0, "agent_reply")]), sla.DataError, "events[0].at"),
    (sla.Outage, lambda: sla.Outage("api", T1, T0), sla.DataError, "end"),
    (sla.Outage, lambda: sla.Outage(" ", T0, T1), sla.DataError, "service"),
    (sla.Contact, lambda: sla.Contact(-H), sla.DataError, "wait"),
    (sla.Response, lambda: sla.Response(T0, "great"), sla.DataError, "score"),
    (sla.Dataset, lambda: sla.Dataset(records=[{"lead": 1}]), sla.DataError, "records[0].at"),
    (sla.FrozenFields, lambda: sla.FrozenFields({"blob": bytearray()}), sla.DataError, "fields['blob']"),
    # conditions
    (sla.Equals, lambda: sla.Equals("", 1), sla.PolicyError, "field"),
    (sla.In, lambda: sla.In("", [1]), sla.PolicyError, "field"),
    (sla.Contains, lambda: sla.Contains("", 1), sla.PolicyError, "field"),
    (sla.All, lambda: sla.All([sla.Equals("a", 1), "b"]), sla.PolicyError, "conditions[1]"),
    (sla.AnyOf, lambda: sla.AnyOf(["b"]), sla.PolicyError, "conditions[0]"),
    (sla.Not, lambda: sla.Not("vip"), sla.PolicyError, "condition"),
    # helpdesk policies
    (sla.Targets, lambda: sla.Targets(first_response=-H), sla.PolicyError, "first_response"),
    (sla.Policy, lambda: sla.Policy("p", {"": sla.Targets()}), sla.PolicyError, "targets"),
    (sla.Policy, lambda: sla.Policy("p", {}, pauses=["lunch"]), sla.PolicyError, "pauses"),
    (sla.Policy, lambda: sla.Policy("p", {}, condition="vip"), sla.PolicyError, "condition"),
    (sla.Policy, lambda: sla.Policy("p", {}, warn_at=["0.5", "-1"]), sla.PolicyError, "warn_at[1]"),
    (sla.PriorityRule, lambda: sla.PriorityRule(sla.Equals("a", 1), ""), sla.PolicyError, "priority"),
    # measures
    (sla.TicketAttainment, lambda: sla.TicketAttainment("first_reply"), sla.AgreementError, "metric"),
    (sla.MeanTime, lambda: sla.MeanTime("resolution", priorities=[]), sla.AgreementError, "priorities"),
    (sla.Availability, lambda: sla.Availability(""), sla.AgreementError, "service"),
    (sla.Availability, lambda: sla.Availability("api", burn_window=-H), sla.AgreementError, "burn_window"),
    (sla.ServiceLevel, lambda: sla.ServiceLevel(-H), sla.AgreementError, "threshold"),
    (sla.ServiceLevel, lambda: sla.ServiceLevel(H, "ignore"), sla.AgreementError, "abandoned"),
    (sla.AbandonRate, lambda: sla.AbandonRate(short_abandon=-H), sla.AgreementError, "short_abandon"),
    (sla.AverageWait, lambda: sla.AverageWait(service=""), sla.AgreementError, "service"),
    (sla.NetPromoterScore, lambda: sla.NetPromoterScore(service=""), sla.AgreementError, "service"),
    (sla.AverageScore, lambda: sla.AverageScore(""), sla.AgreementError, "field"),
    (sla.Volume, lambda: sla.Volume(aggregate="sum"), sla.AgreementError, "field"),
    (sla.Volume, lambda: sla.Volume(aggregate="avg"), sla.AgreementError, "aggregate"),
    (sla.Deadline, lambda: sla.Deadline("done_at", -H), sla.AgreementError, "within"),
    (sla.Ratio, lambda: sla.Ratio(None), sla.AgreementError, "good"),
    (sla.TicketPercentile, lambda: sla.TicketPercentile("resolution", 101), sla.AgreementError, "percentile"),
    (sla.GroupAttainment, lambda: sla.GroupAttainment("L1", "lunch"), sla.AgreementError, "metric"),
    (sla.GroupAttainment, lambda: sla.GroupAttainment(""), sla.AgreementError, "group"),
    (sla.GroupTarget, lambda: sla.GroupTarget("", hold=H), sla.PolicyError, "group"),
    (sla.GroupTarget, lambda: sla.GroupTarget("L1", hold=-H), sla.PolicyError, "hold"),
    (sla.Amendment, lambda: sla.Amendment(T0, fee=-1), sla.AgreementError, "fee"),
    (sla.TicketVolume, lambda: sla.TicketVolume(where="queue"), sla.PolicyError, None),
    (sla.ContactVolume, lambda: sla.ContactVolume(""), sla.AgreementError, "service"),
    (sla.Workload, lambda: sla.Workload(sla.TicketVolume(), 0), sla.AgreementError, "planned"),
    (sla.Workload, lambda: sla.Workload(sla.TicketVolume(), 1, dead_band=-1), sla.AgreementError, "dead_band[0]"),
    (sla.WorkloadBand, lambda: sla.WorkloadBand("a", low=5, high=1), sla.AgreementError, "high"),
    (sla.WorkloadBand, lambda: sla.WorkloadBand("", low=0), sla.AgreementError, "name"),
    (sla.GoalChange, lambda: sla.GoalChange("p90", "soon"), sla.AgreementError, "goal"),
    (sla.TicketPercentile, lambda: sla.TicketPercentile("resolution", 95, []), sla.AgreementError, "priorities"),
    (sla.WaitPercentile, lambda: sla.WaitPercentile("-1"), sla.AgreementError, "percentile"),
    (sla.WaitPercentile, lambda: sla.WaitPercentile(95, service=""), sla.AgreementError, "service"),
    (sla.RecordPercentile, lambda: sla.RecordPercentile("took", "p95"), sla.AgreementError, "percentile"),
    (sla.RecordPercentile, lambda: sla.RecordPercentile("", 95), sla.AgreementError, "field"),
    (sla.GoalRule, lambda: sla.GoalRule(low=1, high=0), sla.AgreementError, "high"),
    # credits
    (sla.CreditTier, lambda: sla.CreditTier("high", 10), sla.CreditError, "below"),
    (sla.CreditTier, lambda: sla.CreditTier("99", -1), sla.CreditError, "percent"),
    (sla.CreditTier, lambda: sla.CreditTier("٩٩", 10), sla.CreditError, "below"),
    (sla.CreditSchedule, lambda: sla.CreditSchedule([]), sla.CreditError, "tiers"),
    (sla.StepCredit, lambda: sla.StepCredit(99, 0, 1), sla.CreditError, "step"),
    (sla.StepCredit, lambda: sla.StepCredit(99, 1, 1, cap="1E+9"), sla.CreditError, "cap"),
    (sla.BreachCountCredit, lambda: sla.BreachCountCredit(0, 1), sla.CreditError, "min_breaches"),
    (sla.RepeatedMissCredit, lambda: sla.RepeatedMissCredit(0, 1, 1), sla.CreditError, "misses"),
    # agreements
    (sla.Party, lambda: sla.Party("", "provider"), sla.AgreementError, "name"),
    (sla.Party, lambda: sla.Party("Acme", "boss"), sla.AgreementError, "role"),
    (sla.Responsibility, lambda: sla.Responsibility("Acme", ""), sla.AgreementError, "description"),
    (sla.Responsibility, lambda: sla.Responsibility("Acme", "calls", kind="nap"), sla.AgreementError, "kind"),
    (sla.TerminationRule, lambda: sla.TerminationRule(0), sla.AgreementError, "consecutive_misses"),
    (sla.Objective, lambda: sla.Objective("o", sla.Volume(), 1, direction="up"), sla.AgreementError, "direction"),
    (sla.Objective, lambda: sla.Objective("o", sla.Volume(), "lots"), sla.AgreementError, "goal"),
    (sla.Objective, lambda: sla.Objective("o", sla.Volume(), 1, allocation="half"), sla.AgreementError, "allocation"),
    (sla.Agreement, lambda: agreement(fee="abc"), sla.AgreementError, "fee"),
    (sla.Agreement, lambda: agreement(fee="-1"), sla.AgreementError, "fee"),
    (sla.Agreement, lambda: agreement(at_risk="1E+30"), sla.AgreementError, "at_risk"),
    (sla.Agreement, lambda: agreement(period="fortnightly"), sla.AgreementError, "period"),
    (sla.Agreement, lambda: agreement(tz="Mars/Base"), sla.AgreementError, "tz"),
    (sla.Agreement, lambda: agreement(review_every="soon"), sla.AgreementError, "review_every"),
    (sla.Agreement, lambda: agreement(claim_window="-30d"), sla.AgreementError, "claim_window"),
    (sla.Agreement, lambda: agreement(earn_back=0), sla.AgreementError, "earn_back"),
]  # fmt: skip

#: (public class, a call with one argument of the wrong Python type, the argument)
WRONG_TYPES: list[tuple[type, Callable[[], object], str]] = [
    (sla.BusinessCalendar, lambda: sla.BusinessCalendar(42, tz="UTC"), "hours"),
    (sla.Ticket, lambda: sla.Ticket(1.5, T0, "normal"), "id"),
    (sla.Ticket, lambda: sla.Ticket("T-1", T0, "normal", ["reply"]), "events[0]"),
    (sla.Outage, lambda: sla.Outage("api", T0, T1, planned="no"), "planned"),
    (sla.Contact, lambda: sla.Contact(20), "wait"),
    (sla.Dataset, lambda: sla.Dataset(tickets=["T-1"]), "tickets[0]"),
    (sla.Dataset, lambda: sla.Dataset(outages="api down"), "outages"),
    (sla.Dataset, lambda: sla.Dataset(contacts=5), "contacts"),
    (sla.PriorityRule, lambda: sla.PriorityRule(sla.Equals("a", 1), 5), "priority"),
    (sla.Targets, lambda: sla.Targets(first_response=3600), "first_response"),
    (sla.ServiceLevel, lambda: sla.ServiceLevel(20), "threshold"),
    (sla.StepCredit, lambda: sla.StepCredit(99.5, 1, 1), "threshold"),
    (sla.BreachCountCredit, lambda: sla.BreachCountCredit("3", 1), "min_breaches"),
    (sla.Objective, lambda: sla.Objective("o", "volume", 1), "measure"),
    (sla.Objective, lambda: sla.Objective("o", sla.Volume(), 1, credit=10), "credit"),
    (sla.Agreement, lambda: agreement(objectives=None), "objectives"),
    (sla.Agreement, lambda: agreement(review_every=18), "review_every"),
    (sla.Agreement, lambda: agreement(termination=3), "termination"),
]  # fmt: skip

#: Public classes the library builds for the caller (results), not from input.
RESULTS = {
    sla.WorkloadResult,
    sla.AgreementVersion,
    sla.Attribution,
    sla.Baseline,
    sla.BaselineGroup,
    sla.Candidate,
    sla.GroupHold,
    sla.GroupMeasurement,
    sla.GroupOutcome,
    sla.GroupShare,
    sla.OutageBaseline,
    sla.PeriodAttainment,
    sla.PeriodAvailability,
    sla.ReportPart,
    sla.ServiceOutages,
    sla.Suggestion,
    sla.TimerStatus,
    sla.Measurement,
    sla.Breach,
    sla.ErrorBudget,
    sla.Outcome,
    sla.CycleOutcome,
    sla.CycleStop,
    sla.EarnBack,
    sla.ObjectiveResult,
    sla.Report,
    sla.FileProblem,
    sla.TableProblem,
    sla.ComposedCalendar,  # built by `|` and `&` from valid calendars
    sla.Tally,  # made by Agreement.tally and `+`, which check what they add
}


@pytest.mark.parametrize(
    ("cls", "make", "error", "field"),
    BAD_VALUES,
    ids=[f"{cls.__name__}-{i}" for i, (cls, *_) in enumerate(BAD_VALUES)],
)
def test_bad_value_raises_the_areas_error(cls, make, error, field):
    with pytest.raises(sla.SlaError) as info:
        make()
    assert type(info.value) is error, f"{cls.__name__}: {info.value!r}"
    if field is not None:
        assert info.value.field == field, str(info.value)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cls", "make", "argument"),
    WRONG_TYPES,
    ids=[f"{cls.__name__}-{i}" for i, (cls, *_) in enumerate(WRONG_TYPES)],
)
def test_wrong_type_is_a_type_error_naming_the_argument(cls, make, argument):
    del cls  # in the parameters for the test ids
    with pytest.raises(TypeError) as info:
        make()
    assert not isinstance(info.value, sla.SlaError)
    assert argument in str(info.value), str(info.value)


def _public_input_classes() -> set[type]:
    found = set()
    for name in sla.__all__:
        value = getattr(sla, name)
        if (
            inspect.isclass(value)
            and not issubclass(value, BaseException)
            and (
                attrs.has(value)
                or issubclass(value, tuple)
                or value is sla.FrozenFields
            )
        ):
            found.add(value)
    return found - RESULTS


def test_every_public_class_is_walked():
    """A new public class must come with its bad values in the table above."""
    walked = {cls for cls, *_ in BAD_VALUES}
    missing = sorted(c.__name__ for c in _public_input_classes() - walked)
    assert missing == []


def test_every_public_error_has_a_place():
    """The errors of constructors carry `field` (and `index` where there is one)."""
    for error in (
        sla.CalendarError,
        sla.TimerError,
        sla.DataError,
        sla.PolicyError,
        sla.CreditError,
        sla.AgreementError,
    ):
        assert error("x", field="f").field == "f"  # type: ignore[call-arg]
