"""The measure protocol: goal rules, outcomes, the registry, a measure of one's own."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

import attrs
import pytest
from tests.agreements import PARTIES, at

import slacore as sla
from slacore._measure_registry import check_measure_class

BUILTIN = (
    sla.TicketAttainment,
    sla.Availability,
    sla.ServiceLevel,
    sla.NetPromoterScore,
    sla.AverageScore,
    sla.Volume,
    sla.Deadline,
    sla.MeanTime,
    sla.AbandonRate,
    sla.AverageWait,
    sla.Ratio,
    sla.GroupAttainment,
    sla.TicketPercentile,
    sla.WaitPercentile,
    sla.RecordPercentile,
)


@attrs.frozen
class Escalations:
    """Test measure: how many records were escalated, as a count."""

    kind: ClassVar[str] = "test_escalations"
    reads: ClassVar[sla.DatasetPart] = "records"
    goal_rule: ClassVar[sla.GoalRule] = sla.GoalRule(low=Decimal(0))

    field: str = "escalated"

    def outcome(self, period: sla.PeriodData, objective: sla.Objective) -> sla.Outcome:
        del objective  # the goal is compared by the agreement
        assert period.start_us < period.end_us
        assert period.start.tzinfo is period.tz
        assert period.now.tzinfo is not None
        found = [r for _, r in period.records(sla.Equals(self.field, True))]
        return sla.Outcome(Decimal(len(found)), len(found), 0, len(found))


class TestGoalRule:
    def test_allows_and_describe(self):
        percent = sla.GoalRule(low=0, high=100)
        assert percent.allows(Decimal(0))
        assert percent.allows(Decimal(100))
        assert not percent.allows(Decimal("100.001"))
        assert percent.describe() == "from 0 to 100"
        assert sla.GoalRule(low=0).describe() == "at least 0"
        assert sla.GoalRule(high=5).describe() == "at most 5"
        assert sla.GoalRule().describe() == "any number"

    def test_bounds_are_decimals(self):
        assert sla.GoalRule(low="0.5").low == Decimal("0.5")
        with pytest.raises(sla.AgreementError, match="must be a number") as info:
            sla.GoalRule(low="none")
        assert info.value.field == "bound"

    @pytest.mark.parametrize("cls", BUILTIN)
    def test_every_builtin_declares_its_facts(self, cls):
        assert cls.kind in sla.measure_kinds()
        assert cls.reads in {"tickets", "outages", "contacts", "responses", "records"}
        assert isinstance(cls.goal_rule, sla.GoalRule)

    def test_duration_goals(self):
        durations = {cls.kind for cls in BUILTIN if cls.goal_rule.duration}
        assert durations == {
            "mean_time",
            "average_wait",
            "ticket_percentile",
            "wait_percentile",
            "record_percentile",
        }


class TestRegistry:
    def test_builtin_kinds_first(self):
        assert sla.measure_kinds()[: len(BUILTIN)] == tuple(c.kind for c in BUILTIN)

    def test_register_is_idempotent_and_a_decorator(self):
        assert sla.register_measure(Escalations) is Escalations
        assert sla.register_measure(Escalations) is Escalations
        assert "test_escalations" in sla.measure_kinds()

    def test_kind_taken_by_another_class(self):
        @attrs.frozen
        class Impostor(Escalations):
            pass

        with pytest.raises(sla.AgreementError, match="is taken by"):
            sla.register_measure(Impostor)
        with pytest.raises(sla.AgreementError, match="'volume' is taken by Volume"):
            sla.register_measure(
                attrs.frozen(type("V", (Escalations,), {"kind": "volume"}))
            )

    def test_not_a_measure_class(self):
        class Plain:
            kind = "plain"

        with pytest.raises(sla.AgreementError, match="attrs class") as info:
            sla.register_measure(Plain)
        message = str(info.value)
        assert "`reads`" in message
        assert "goal_rule" in message
        assert "outcome" in message
        assert info.value.field == "measure"

    def test_what_a_class_lacks(self):
        @attrs.define(eq=True)
        class Mutable:
            kind: ClassVar[str] = "test_mutable"
            reads: ClassVar[sla.DatasetPart] = "records"
            goal_rule: ClassVar[sla.GoalRule] = sla.GoalRule()

            def outcome(self, *_args: object) -> sla.Outcome:
                return sla.Outcome(None)

        assert check_measure_class(42) == ["a class, got int"]
        assert check_measure_class(Mutable) == ["to be hashable (attrs.frozen)"]
        assert check_measure_class(Escalations) == []

    def test_objective_refuses_what_is_not_a_measure(self):
        with pytest.raises(TypeError, match=r"^measure must be a measure"):
            sla.Objective("o", "volume", 1)  # type: ignore[arg-type]


class TestOwnMeasure:
    """A measure of one's own serves objectives and agreements like slacore's."""

    def agreement(self, goal: int = 1) -> sla.Agreement:
        objective = sla.Objective(
            "escalations",
            Escalations(),
            goal,
            direction="at_most",
            credit=sla.BreachCountCredit(2, 10),
        )
        return sla.Agreement(
            "A",
            "customer",
            PARTIES,
            [objective],
            effective_from=date(2026, 1, 1),
            fee=500,
        )

    def test_evaluates(self):
        data = sla.Dataset(
            records=[
                {"at": at(2026, 1, 5), "escalated": True},
                {"at": at(2026, 1, 6), "escalated": False},
                {"at": at(2026, 1, 7), "escalated": True},
                {"at": at(2026, 2, 7), "escalated": True},
            ]
        )
        january, february = self.agreement().evaluate_range(
            data, date(2026, 1, 1), date(2026, 3, 1), now=at(2026, 3, 1)
        )
        assert (january.results[0].value, january.results[0].met) == (2, False)
        assert january.credit_amount == Decimal("50.00")
        assert (february.results[0].value, february.results[0].met) == (1, True)
        assert february.credit_amount == Decimal("0.00")

    def test_goal_rule_is_checked(self):
        with pytest.raises(sla.AgreementError, match="must be at least 0"):
            self.agreement(goal=-1)

    def test_nothing_after_now_counts(self):
        data = sla.Dataset(records=[{"at": at(2026, 1, 20), "escalated": True}])
        report = self.agreement().evaluate(data, date(2026, 1, 1), now=at(2026, 1, 10))
        assert report.results[0].value == 0


class TestOutcome:
    def test_defaults(self):
        outcome = sla.Outcome(None)
        assert (outcome.count, outcome.good, outcome.breaches) == (0, 0, 0)
        assert outcome.error_budget is None
        assert outcome.burn_rate is None

    def test_cycles_are_named_tuples(self):
        cycle = sla.CycleOutcome(sla.Metric.RESOLUTION, "high", "p", met=True)
        assert cycle.met is True
        stop = sla.CycleStop(sla.Metric.RESOLUTION, "high", "p", elapsed_us=5)
        assert stop.elapsed_us == 5
        assert timedelta(microseconds=stop.elapsed_us) == timedelta(microseconds=5)
