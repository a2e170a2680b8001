"""Agreement terms in files: measures, credits, policies and conditions."""

from __future__ import annotations

import textwrap
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from tests.file_helpers import (
    agreement_with,
    minimal,
    one_problem,
    problems,
    read,
    round_trips,
    with_objective,
)

import slacore as sla
from slacore import dump
from slacore._file_writer import to_toml
from slacore._measure_registry import MEASURES as BUILTIN_MEASURES

MEASURES = [
    (
        {"type": "ticket_attainment", "metric": "first_response"},
        sla.TicketAttainment("first_response"),
    ),
    (
        {
            "type": "ticket_attainment",
            "metric": "resolution",
            "priorities": ["high"],
            "policy": "p",
        },
        sla.TicketAttainment("resolution", ["high"], policy="p"),
    ),
    ({"type": "availability", "service": "api"}, sla.Availability("api")),
    (
        {
            "type": "availability",
            "service": "api",
            "burn_window": "6h",
            "calendar": "always",
        },
        sla.Availability("api", burn_window=timedelta(hours=6)),
    ),
    (
        {"type": "service_level", "threshold": "20s"},
        sla.ServiceLevel(timedelta(seconds=20)),
    ),
    (
        {
            "type": "service_level",
            "threshold": "20s",
            "abandoned": "positive",
            "short_abandon": "5s",
            "service": "phone",
        },
        sla.ServiceLevel(
            timedelta(seconds=20),
            "positive",
            short_abandon=timedelta(seconds=5),
            service="phone",
        ),
    ),
    ({"type": "nps"}, sla.NetPromoterScore()),
    ({"type": "nps", "service": "app"}, sla.NetPromoterScore(service="app")),
    ({"type": "average_score"}, sla.AverageScore()),
    (
        {"type": "average_score", "field": "csat", "service": "app"},
        sla.AverageScore("csat", service="app"),
    ),
    ({"type": "volume"}, sla.Volume()),
    (
        {
            "type": "volume",
            "field": "amount",
            "aggregate": "sum",
            "where": {"type": "equals", "field": "stage", "value": "won"},
        },
        sla.Volume("amount", "sum", where=sla.Equals("stage", "won")),
    ),
    (
        {"type": "deadline", "field": "contacted_at", "within": "24h"},
        sla.Deadline("contacted_at", timedelta(hours=24)),
    ),
    ({"type": "mean_time", "metric": "resolution"}, sla.MeanTime("resolution")),
    (
        {
            "type": "mean_time",
            "metric": "first_response",
            "priorities": ["low", "high"],
            "policy": "p",
        },
        sla.MeanTime("first_response", ["low", "high"], policy="p"),
    ),
    ({"type": "abandon_rate"}, sla.AbandonRate()),
    (
        {"type": "abandon_rate", "short_abandon": "5s", "service": "q"},
        sla.AbandonRate(short_abandon=timedelta(seconds=5), service="q"),
    ),
    ({"type": "average_wait", "service": "q"}, sla.AverageWait(service="q")),
    (
        {"type": "ratio", "good": {"type": "equals", "field": "ok", "value": True}},
        sla.Ratio(sla.Equals("ok", True)),
    ),
    (
        {
            "type": "ratio",
            "good": {"type": "equals", "field": "ok", "value": True},
            "where": {
                "type": "not",
                "condition": {"type": "equals", "field": "test", "value": True},
            },
        },
        sla.Ratio(sla.Equals("ok", True), where=~sla.Equals("test", True)),
    ),
    (
        {"type": "volume", "field": "amount", "aggregate": "mean"},
        sla.Volume("amount", "mean"),
    ),
    (
        {"type": "ticket_percentile", "metric": "resolution", "percentile": 95},
        sla.TicketPercentile("resolution", 95),
    ),
    (
        {
            "type": "ticket_percentile",
            "metric": "first_response",
            "percentile": "99.9",
            "priorities": ["high"],
            "policy": "p",
        },
        sla.TicketPercentile("first_response", "99.9", ["high"], policy="p"),
    ),
    ({"type": "wait_percentile", "percentile": 90}, sla.WaitPercentile(90)),
    (
        {"type": "wait_percentile", "percentile": 0, "service": "q"},
        sla.WaitPercentile(0, service="q"),
    ),
    (
        {
            "type": "record_percentile",
            "field": "duration",
            "percentile": 100,
            "where": {"type": "equals", "field": "atm", "value": "B"},
        },
        sla.RecordPercentile("duration", 100, where=sla.Equals("atm", "B")),
    ),
    (
        {
            "type": "ticket_volume",
            "where": {"type": "equals", "field": "queue", "value": "billing"},
        },
        sla.TicketVolume(where=sla.Equals("queue", "billing")),
    ),
    ({"type": "contact_volume", "service": "phone"}, sla.ContactVolume("phone")),
]


def _measure_id(case):
    return case["type"] if isinstance(case, dict) else None


class TestMeasures:
    @pytest.mark.parametrize(("doc", "expected"), MEASURES, ids=_measure_id)
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_measure(self, doc, expected, fmt):
        """Every measure type with every key, in both formats, both ways."""
        policies = [{"name": "p", "targets": {}}]
        a = read(with_objective(doc, top={"policies": policies}), fmt)
        assert a.objectives[0].measure == expected
        round_trips(a)

    def test_every_measure_type(self):
        """The table above covers every built-in measure class.

        `group_attainment` needs a policy with group targets: its file round
        trips are in test_group_measures.py.
        """
        kinds = {type(m).kind for _, m in MEASURES}
        builtin = sla.measure_kinds()[: len(BUILTIN_MEASURES)]
        assert kinds | {"group_attainment"} == set(builtin)

    @pytest.mark.parametrize(
        ("goal", "expected"),
        [
            ("8h", Decimal(28800)),
            ("PT1.5S", Decimal("1.5")),
            ("90", Decimal(90)),
            (30, Decimal(30)),
        ],
    )
    def test_duration_goal(self, goal, expected):
        """Goals of mean times and waits may be durations (seconds otherwise)."""
        a = read(
            with_objective({"type": "average_wait"}, goal=goal, direction="at_most")
        )
        assert a.objectives[0].goal == expected

    def test_duration_goal_written_as_duration(self):
        """Such a goal is written as a duration when one holds it exactly."""
        a = read(with_objective({"type": "average_wait"}, goal="28800.5"))
        assert 'goal = "8h0.5s"' in dump(a)
        b = read(with_objective({"type": "average_wait"}, goal="0.0000001"))
        assert 'goal = "1E-7"' in dump(b)
        c = read(with_objective({"type": "average_wait"}, goal="1e20"))
        assert 'goal = "1E+20"' in dump(c)
        round_trips(a)
        round_trips(b)
        round_trips(c)

    def test_bad_goal(self):
        """A duration goal that is no duration says what it could be."""
        problem = one_problem(with_objective({"type": "average_wait"}, goal="8 hours"))
        assert (problem.where, problem.message) == ("objectives[0].goal", "bad goal")
        assert problem.expected.startswith('a number such as "99.95" (for mean_time')

    def test_missing_type(self):
        """A measure names its type."""
        problem = one_problem(with_objective({"service": "api"}))
        assert (problem.where, problem.message) == (
            "objectives[0].measure.type",
            "missing required key",
        )
        assert problem.expected.startswith("one of ticket_attainment, availability")

    def test_missing_key(self):
        """A measure's required keys are required."""
        problem = one_problem(with_objective({"type": "deadline", "field": "x"}))
        assert problem.where == "objectives[0].measure.within"
        assert problem.message == "missing required key"

    def test_not_a_table(self):
        """A measure is a table."""
        problem = one_problem(with_objective("volume"))
        assert (problem.message, problem.expected, problem.found) == (
            "wrong type",
            "a measure table with a type",
            '"volume"',
        )

    def test_constructor_error(self):
        """A measure's own check is reported at its field."""
        problem = one_problem(
            with_objective(
                {"type": "ticket_attainment", "metric": "resolution", "priorities": []},
                top={"policies": [{"name": "p", "targets": {}}]},
            )
        )
        assert problem.where == "objectives[0].measure.priorities"
        assert problem.message.startswith("priorities must name at least one")

    def test_volume_sum_without_field(self):
        """A volume that sums needs its field (the error's field is the key)."""
        problem = one_problem(
            with_objective({"type": "volume", "aggregate": "sum"}, goal="1")
        )
        assert problem.where == "objectives[0].measure.field"


CREDITS = [
    (
        {
            "type": "schedule",
            "tiers": [{"below": "99.9", "percent": "10"}, {"below": 99, "percent": 25}],
        },
        sla.CreditSchedule([sla.CreditTier("99.9", "10"), sla.CreditTier("99", "25")]),
    ),
    (
        {
            "type": "schedule",
            "tiers": [{"below": "99.9", "percent": "10"}],
            "cap": "none",
        },
        sla.CreditSchedule([sla.CreditTier("99.9", "10")], cap=None),
    ),
    (
        {
            "type": "schedule",
            "tiers": [{"below": "99.9", "percent": "10"}],
            "cap": "50",
        },
        sla.CreditSchedule([sla.CreditTier("99.9", "10")], cap=50),
    ),
    (
        {"type": "step", "threshold": "99.5", "step": "0.5", "percent": "1"},
        sla.StepCredit("99.5", "0.5", "1"),
    ),
    (
        {
            "type": "step",
            "threshold": "99.5",
            "step": "0.5",
            "percent": "1",
            "cap": "20",
        },
        sla.StepCredit("99.5", "0.5", "1", cap="20"),
    ),
    (
        {"type": "breach_count", "min_breaches": 3, "percent": "10"},
        sla.BreachCountCredit(3, 10),
    ),
    (
        {
            "type": "breach_count",
            "min_breaches": 3,
            "percent": "10",
            "per_extra": "2",
            "cap": "none",
        },
        sla.BreachCountCredit(3, 10, per_extra=2, cap=None),
    ),
    (
        {"type": "repeated_miss", "misses": 2, "within": 3, "percent": "5"},
        sla.RepeatedMissCredit(2, 3, 5),
    ),
    (
        {"type": "repeated_miss", "misses": 2, "within": 3, "percent": "5", "cap": "4"},
        sla.RepeatedMissCredit(2, 3, 5, cap=4),
    ),
]


class TestCredits:
    @pytest.mark.parametrize(
        ("doc", "expected"),
        CREDITS,
        ids=lambda c: c["type"] if isinstance(c, dict) else None,
    )
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_credit(self, doc, expected, fmt):
        """Every credit type with every key, in both formats, both ways."""
        a = read(with_objective({"type": "volume"}, credit=doc), fmt)
        assert a.objectives[0].credit == expected
        round_trips(a)

    def test_schedule_cap_default(self):
        """A schedule's default cap (100) is left out; no cap is "none"."""
        a = agreement_with(
            sla.Objective(
                "o", sla.Volume(), 5, credit=sla.CreditSchedule([sla.CreditTier(5, 1)])
            )
        )
        assert "cap" not in dump(a)
        b = agreement_with(
            sla.Objective(
                "o",
                sla.Volume(),
                5,
                credit=sla.CreditSchedule([sla.CreditTier(5, 1)], cap=None),
            )
        )
        assert 'cap = "none"' in dump(b)

    def test_tier_problems(self):
        """Tier problems are reported at the tier's key."""
        doc = {
            "type": "schedule",
            "tiers": [
                {"below": "99", "percent": "x"},
                {"below": "99.5", "percent": "20"},
            ],
        }
        problem = one_problem(with_objective({"type": "volume"}, credit=doc))
        assert problem.where == "objectives[0].credit.tiers[0].percent"
        doc["tiers"][0]["percent"] = "10"
        problem = one_problem(with_objective({"type": "volume"}, credit=doc))
        assert problem.where == "objectives[0].credit.tiers[1].below"
        assert problem.found == '"99.5"'

    def test_unknown_type(self):
        """Credit types are listed when one is wrong."""
        problem = one_problem(
            with_objective({"type": "volume"}, credit={"type": "bonus"})
        )
        assert problem.where == "objectives[0].credit.type"
        assert problem.expected == "one of schedule, step, breach_count, repeated_miss"

    def test_missing_type(self):
        """A credit names its type."""
        problem = one_problem(
            with_objective({"type": "volume"}, credit={"percent": "5"})
        )
        assert problem.where == "objectives[0].credit.type"

    def test_not_a_table(self):
        """A credit is a table."""
        problem = one_problem(with_objective({"type": "volume"}, credit="5"))
        assert problem.expected == "a credit table with a type"

    def test_integer_keys(self):
        """Counts are integers, not numbers with a fraction or text."""
        doc = {"type": "breach_count", "min_breaches": "3", "percent": "10"}
        problem = one_problem(with_objective({"type": "volume"}, credit=doc))
        assert (problem.where, problem.expected) == (
            "objectives[0].credit.min_breaches",
            "an integer",
        )

    def test_at_most_with_tiers(self):
        """The objective's own check names the objective's key."""
        doc = {"type": "step", "threshold": "99", "step": "1", "percent": "1"}
        problem = one_problem(
            with_objective({"type": "volume"}, credit=doc, direction="at_most")
        )
        assert problem.where == "objectives[0].credit"
        assert "needs direction 'at_least'" in problem.message


# -- policies and conditions -------------------------------------------------------


class TestPolicies:
    def test_every_key(self):
        """Every policy key reaches its field."""
        policy = {
            "name": "vip",
            "calendar": "office",
            "pause_statuses": ["waiting"],
            "pauses": ["resolution", "next_response"],
            "condition": {"type": "equals", "field": "plan", "value": "gold"},
            "warn_at": ["0.5", 0.9],
            "targets": {
                "very high": {
                    "first_response": "15m",
                    "next_response": "30m",
                    "periodic_update": "2h",
                    "resolution": "4h",
                    "calendar": "always",
                },
                "low": {},
            },
        }
        doc = minimal(
            policies=[policy], calendars={"office": {"hours": "mon-fri 09:00-17:00"}}
        )
        p = read(doc).policies[0]
        assert p == sla.Policy(
            "vip",
            {
                "very high": sla.Targets(
                    first_response=timedelta(minutes=15),
                    next_response=timedelta(minutes=30),
                    periodic_update=timedelta(hours=2),
                    resolution=timedelta(hours=4),
                    calendar=sla.ALWAYS,
                ),
                "low": sla.Targets(),
            },
            calendar=sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC"),
            pause_statuses=["waiting"],
            pauses=["resolution", "next_response"],
            condition=sla.Equals("plan", "gold"),
            warn_at=["0.5", "0.9"],
        )
        round_trips(read(doc))

    def test_defaults(self):
        """A policy needs a name and targets; the rest has defaults."""
        p = read(minimal(policies=[{"name": "p", "targets": {}}])).policies[0]
        assert p == sla.Policy("p", {})

    def test_priority_order_kept(self):
        """Tiers keep the file's order (it is part of the policy's value)."""
        targets = {name: {} for name in ("urgent", "high", "normal", "low")}
        p = read(minimal(policies=[{"name": "p", "targets": targets}])).policies[0]
        assert [name for name, _ in p.targets] == ["urgent", "high", "normal", "low"]

    def test_target_problems(self):
        """Bad targets are reported at their key; unknown target keys too."""
        targets = {"high": {"first_response": "-1h"}, "low": {"resolutoin": "1d"}}
        found = problems(minimal(policies=[{"name": "p", "targets": targets}]))
        assert [(p.where, p.message) for p in found] == [
            (
                "policies[0].targets.high.first_response",
                "first_response must not be negative, got -1 day, 23:00:00",
            ),
            (
                "policies[0].targets.low.resolutoin",
                "unknown key (did you mean 'resolution'?)",
            ),
        ]

    def test_unknown_metric(self):
        """Pauses name metrics."""
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "pauses": ["lunch"]}])
        )
        assert problem.where == "policies[0].pauses[0]"
        assert (
            problem.expected
            == "one of first_response, next_response, periodic_update, resolution"
        )

    def test_bad_warning(self):
        """Warning fractions are positive."""
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "warn_at": ["0"]}])
        )
        assert problem.where == "policies[0].warn_at[0]"
        assert problem.message == "warn_at[0] must be a positive fraction, got 0"

    def test_bad_warning_placed_at_its_entry(self):
        """Regression (issue 9): a bad entry is placed at its index, with its line."""
        text = textwrap.dedent(
            """\
            name = "x"
            kind = "internal"
            effective_from = 2026-01-01
            parties = [{name = "A", role = "provider"}]
            objectives = [{name = "o", measure = {type = "volume"}, goal = 1}]
            [[policies]]
            name = "p"
            targets = {}
            warn_at = [
                "0.5",
                "-1",
            ]
            """
        )
        problem = one_problem(text)
        assert (problem.where, problem.line) == ("policies[0].warn_at[1]", 11)
        assert problem.found == '"-1"'


CONDITIONS = [
    ({"type": "equals", "field": "plan", "value": "gold"}, sla.Equals("plan", "gold")),
    ({"type": "equals", "field": "seats", "value": 5}, sla.Equals("seats", 5)),
    ({"type": "equals", "field": "ok", "value": False}, sla.Equals("ok", False)),
    (
        {"type": "equals", "field": "score", "value": Decimal("9.5")},
        sla.Equals("score", Decimal("9.5")),
    ),
    (
        {"type": "equals", "field": "tags", "value": ["a", "b"]},
        sla.Equals("tags", ("a", "b")),
    ),
    (
        {"type": "equals", "field": "org", "value": {"name": "CEO office", "ids": [1]}},
        sla.Equals("org", {"name": "CEO office", "ids": (1,)}),
    ),
    (
        {"type": "in", "field": "plan", "values": ["gold", "platinum"]},
        sla.In("plan", ["gold", "platinum"]),
    ),
    ({"type": "in", "field": "plan", "values": []}, sla.In("plan", [])),
    (
        {"type": "contains", "field": "tags", "value": "vip"},
        sla.Contains("tags", "vip"),
    ),
    ({"type": "has_tag", "tag": "vip"}, sla.HasTag("vip")),
    ({"type": "all", "conditions": []}, sla.All(())),
    (
        {
            "type": "all",
            "conditions": [
                {"type": "equals", "field": "a", "value": 1},
                {"type": "any", "conditions": [{"type": "has_tag", "tag": "x"}]},
            ],
        },
        sla.All((sla.Equals("a", 1), sla.AnyOf((sla.HasTag("x"),)))),
    ),
    ({"type": "not", "condition": {"type": "has_tag", "tag": "x"}}, ~sla.HasTag("x")),
]


class TestConditions:
    @pytest.mark.parametrize(
        ("doc", "expected"),
        CONDITIONS,
        ids=lambda c: c["type"] if isinstance(c, dict) else None,
    )
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_condition(self, doc, expected, fmt):
        """Every condition type, in both formats, both ways."""
        a = read(
            minimal(policies=[{"name": "p", "targets": {}, "condition": doc}]), fmt
        )
        assert a.policies[0].condition == expected
        round_trips(a)

    def test_python_is_just_text(self):
        """Nothing in a file is evaluated: code is only a string."""
        code = "__import__('os').system('echo pwned')"
        doc = minimal(
            name=code,
            policies=[
                {
                    "name": "p",
                    "targets": {},
                    "condition": {"type": "equals", "field": code, "value": code},
                }
            ],
        )
        a = read(doc)
        assert a.name == code
        assert a.policies[0].condition == sla.Equals(code, code)

    def test_dunder_keys_are_unknown(self):
        """Keys are only ever looked up in the schema, never as attributes."""
        problem = one_problem(minimal(__class__="x"))
        assert (problem.where, problem.message) == ("__class__", "unknown key")

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (date(2026, 1, 1), "wrong type"),
            (time(9), "wrong type"),
            ([date(2026, 1, 1)], "wrong type"),
            ({"a": date(2026, 1, 1)}, "wrong type"),
        ],
    )
    def test_value_types(self, value, message):
        """Condition values are strings, numbers, booleans and nests of them."""
        cond = {"type": "equals", "field": "x", "value": value}
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "condition": cond}])
        )
        assert problem.message == message
        assert problem.expected.startswith("a string, an integer, a number")

    def test_non_finite(self):
        """NaN and infinity are not values."""
        text = to_toml(minimal()) + textwrap.dedent(
            """
            [[policies]]
            name = "p"
            targets = {}
            condition = { type = "equals", field = "x", value = nan }
            """
        )
        problem = one_problem(text)
        assert (problem.where, problem.message) == (
            "policies[0].condition.value",
            "not a finite number",
        )

    def test_depth(self):
        """Conditions nested absurdly deep are refused, not recursed into."""
        cond = {"type": "has_tag", "tag": "x"}
        for _ in range(40):
            cond = {"type": "not", "condition": cond}
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "condition": cond}]), "json"
        )
        assert problem.message == "conditions nested more than 32 deep"
        value = "x"
        for _ in range(40):
            value = [value]
        cond = {"type": "equals", "field": "x", "value": value}
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "condition": cond}]), "json"
        )
        assert problem.message == "values nested more than 32 deep"

    @pytest.mark.parametrize(
        ("cond", "where", "message"),
        [
            ("vip", "policies[0].condition", "wrong type"),
            ({"field": "x"}, "policies[0].condition.type", "missing required key"),
            ({"type": "maybe"}, "policies[0].condition.type", "unknown value"),
            (
                {"type": "equals", "field": "x"},
                "policies[0].condition.value",
                "missing required key",
            ),
            (
                {"type": "equals", "field": 1, "value": 1},
                "policies[0].condition.field",
                "wrong type",
            ),
            (
                {"type": "equals", "field": "", "value": 1},
                "policies[0].condition.field",
                "a condition's field must be a non-empty string, got ''",
            ),
            (
                {"type": "in", "field": "x", "values": "ab"},
                "policies[0].condition.values",
                "wrong type",
            ),
            (
                {"type": "all", "conditions": [{"type": "x"}]},
                "policies[0].condition.conditions[0].type",
                "unknown value",
            ),
            (
                {"type": "not", "condition": []},
                "policies[0].condition.condition",
                "wrong type",
            ),
            ({"type": "has_tag", "tag": 5}, "policies[0].condition.tag", "wrong type"),
        ],
    )
    def test_problems(self, cond, where, message):
        """Condition problems name the key they are at."""
        problem = one_problem(
            minimal(policies=[{"name": "p", "targets": {}, "condition": cond}])
        )
        assert (problem.where, problem.message) == (where, message)


# -- calendars ---------------------------------------------------------------------
