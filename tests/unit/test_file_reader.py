"""Reading agreement documents: example files, keys, instants, problems, types."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from tests.file_helpers import (
    BERLIN,
    DATA,
    NEW_YORK,
    jsonable,
    minimal,
    one_problem,
    problems,
    read,
    round_trips,
)

import slacore as sla
from slacore import dump, load, loads
from slacore._file_reader import Reader
from slacore._file_writer import to_toml


class TestExampleFiles:
    def test_support(self):
        """The support example loads with every part in place."""
        a = load(DATA / "support.toml")
        assert (a.name, a.kind, a.tz) == (
            "Acme Support for Globex",
            sla.AgreementKind.CUSTOMER,
            BERLIN,
        )
        assert a.effective_from == datetime(2026, 1, 1, tzinfo=BERLIN)
        assert a.review_every == relativedelta(years=1)
        assert a.claim_window == timedelta(days=30)
        assert (a.fee, a.at_risk, a.earn_back) == (Decimal("12500.00"), Decimal(20), 3)
        office = a.policies[1].calendar
        assert (
            office.holidays
            == sla.BusinessCalendar(
                "", tz="UTC", holidays=holidays.country_holidays("DE", subdiv="BY")
            ).holidays
        )
        assert dict(office.shifts)[date(2026, 12, 24)] == ((480, 720),)
        assert office.closures[0].reason == "company summer party"
        assert a.policies[0].calendar == office | sla.BusinessCalendar(
            "sat 09:00-13:00", tz=BERLIN
        )
        urgent = a.policies[0].targets_for("urgent")
        assert (urgent.first_response, urgent.calendar) == (
            timedelta(minutes=30),
            sla.ALWAYS,
        )
        assert a.objective("mean-time-to-resolve").goal == Decimal(28800)
        assert a.objective("resolution").credit == sla.StepCredit(
            "90", "2.5", "2", cap="10"
        )
        assert a.termination == sla.TerminationRule(3, ["first-response", "resolution"])

    def test_cloud(self):
        """The cloud example (JSON) loads with every measure and credit type."""
        a = load(DATA / "cloud.json")
        kinds = [o.measure.kind for o in a.objectives]
        assert kinds == [
            "availability",
            "availability",
            "ratio",
            "deadline",
            "service_level",
            "average_wait",
            "abandon_rate",
            "nps",
            "volume",
        ]
        assert a.objective("api-uptime").credit.cap is None
        assert a.objective("answer-speed").goal == 30
        assert a.review_every == relativedelta(years=1)
        assert a.claim_window == relativedelta(months=2)
        business = a.objective("storage-uptime").measure.calendar
        assert business.closures[0].start == datetime(2026, 7, 3, tzinfo=NEW_YORK)
        assert business.hours == sla.WeeklyHours.parse(
            "mon-fri 08:00-20:00; sat 10:00-12:00,13:00-16:00"
        )

    @pytest.mark.parametrize("name", ["support.toml", "cloud.json"])
    def test_round_trip(self, name):
        """The examples survive dump and load in both formats."""
        round_trips(load(DATA / name))

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            (
                "typo-key.toml",
                [("parties[0].contakt", 9, "unknown key (did you mean 'contact'?)")],
            ),
            (
                "goal-over-100.toml",
                [
                    (
                        "objectives[0].goal",
                        16,
                        (
                            "goal of objective 'uptime' must be from 0 to 100 for a "
                            "availability measure, got 100.5"
                        ),
                    )
                ],
            ),
            (
                "bad-duration.toml",
                [("policies[0].targets.high.first_response", 16, "bad duration")],
            ),
            (
                "naive-datetime.toml",
                [
                    (
                        "calendars.office.closures[0].start",
                        25,
                        "no UTC offset, and no time zone is stated",
                    )
                ],
            ),
            (
                "several-problems.toml",
                [
                    ("kind", 3, "unknown value"),
                    ("fee", 5, "not a number"),
                    ("policies[0].calendar", 17, "unknown calendar"),
                    ("policies[0].targets.high.first_response", 20, "bad duration"),
                    ("objectives[0].goal", 22, "missing required key"),
                    ("objectives[1].name", 27, "objective 'uptime' is named twice"),
                    ("objectives[1].measure.type", 29, "unknown value"),
                ],
            ),
            (
                "syntax-error.toml",
                [("<document>", 4, "invalid TOML: Invalid value at column 17")],
            ),
            (
                "wrong-types.json",
                [
                    ("effective_from", 4, "no UTC offset, and no time zone is stated"),
                    ("objectives[0].goal", 10, "wrong type"),
                    ("objectives[1].name", 11, "wrong type"),
                    ("objectives[1].measure.threshold", 11, "wrong type"),
                    ("earn_back", 13, "wrong type"),
                ],
            ),
        ],
    )
    def test_invalid(self, name, expected):
        """Each invalid example reports exactly its problems, in document order."""
        path = DATA / name
        with pytest.raises(sla.AgreementFileError) as info:
            load(path)
        found = [(p.where, p.line, p.message) for p in info.value.problems]
        assert found == expected
        assert info.value.path == str(path)
        assert str(info.value).startswith(f"{path}: {len(expected)} problem")


# -- every key of the agreement ----------------------------------------------------


class TestAgreementKeys:
    def test_minimal(self):
        """Only name, kind, parties, objectives and effective_from are required."""
        a = read(minimal())
        assert a == sla.Agreement(
            "Leads",
            "internal",
            [sla.Party("Marketing", "provider"), sla.Party("Sales", "customer")],
            [sla.Objective("leads", sla.Volume(), 500)],
            effective_from=date(2026, 1, 1),
        )

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_every_key(self, fmt):
        """Every top-level key reaches its Agreement field."""
        doc = minimal(
            kind="multi_level",
            parties=[
                {"name": "Marketing", "role": "provider", "contact": "#marketing"},
                {"name": "Ops", "role": "provider"},
                {"name": "Sales", "role": "customer"},
            ],
            objectives=[
                {
                    "name": "leads",
                    "goal": 500,
                    "measure": {"type": "volume"},
                    "direction": "at_least",
                    "allocation": "40",
                    "provider": "Ops",
                    "description": "qualified leads",
                    "credit": {
                        "type": "breach_count",
                        "min_breaches": 1,
                        "percent": "5",
                    },
                },
                {
                    "name": "tickets",
                    "goal": "90",
                    "measure": {
                        "type": "ticket_attainment",
                        "metric": "resolution",
                        "policy": "p",
                    },
                },
            ],
            services=["api", "web"],
            period="quarterly",
            tz="Europe/Berlin",
            effective_until=datetime(2028, 1, 1, tzinfo=UTC),
            review_every="18 months",
            termination={"consecutive_misses": 2, "objectives": ["leads"]},
            fee="1000.50",
            at_risk=Decimal("25.5"),
            claim_window="P2M",
            policies=[{"name": "p", "targets": {"high": {"resolution": "4h"}}}],
            structure="service_based",
            responsibilities=[
                {"party": "Sales", "description": "reports", "kind": "report"}
            ],
            pool_allocation="250",
            earn_back=2,
            minimum_credit="10",
            yearly_cap="5000",
        )
        a = read(doc, fmt)
        assert a.kind is sla.AgreementKind.MULTI_LEVEL
        assert a.parties[0].contact == "#marketing"
        o = a.objectives[0]
        assert (o.allocation, o.provider, o.description) == (
            Decimal(40),
            "Ops",
            "qualified leads",
        )
        assert o.credit == sla.BreachCountCredit(1, 5)
        assert a.services == ("api", "web")
        assert a.period is sla.Period.QUARTERLY
        assert a.tz == BERLIN
        assert a.effective_from == datetime(2026, 1, 1, tzinfo=BERLIN)
        assert a.effective_until == datetime(2028, 1, 1, tzinfo=UTC)
        assert a.review_every == relativedelta(months=18)
        assert a.claim_window == relativedelta(months=2)
        assert a.termination == sla.TerminationRule(2, ["leads"])
        assert (a.fee, a.at_risk) == (Decimal("1000.50"), Decimal("25.5"))
        assert a.policies[0].targets_for("high").resolution == timedelta(hours=4)
        assert a.structure is sla.Structure.SERVICE_BASED
        assert a.responsibilities[0].kind is sla.ResponsibilityKind.REPORT
        assert (a.pool_allocation, a.earn_back) == (Decimal(250), 2)
        assert (a.minimum_credit, a.yearly_cap) == (Decimal(10), Decimal(5000))
        round_trips(a)

    def test_spans_keep_their_type(self):
        """Words and ISO years/months are a relativedelta; durations a timedelta."""
        a = read(minimal(review_every="10 days", claim_window="10d"))
        assert a.review_every == relativedelta(days=10)
        assert a.claim_window == timedelta(days=10)
        text = dump(a)
        assert 'review_every = "10 days"' in text
        assert 'claim_window = "10d"' in text

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("90", Decimal(90)),
            (90, Decimal(90)),
            (Decimal("90.50"), Decimal("90.50")),
            (" 1E+2 ", Decimal("1E+2")),
        ],
    )
    def test_numbers(self, value, expected):
        """Amounts are strings, integers or decimals, all exact."""
        a = read(minimal(fee=value))
        assert a.fee == expected
        assert str(a.fee) == str(expected)

    def test_floats_are_exact(self):
        """A TOML or JSON number with a fraction is read from its text, not a float."""
        text = "fee = 0.1\n" + to_toml(minimal())
        assert loads(text).fee == Decimal("0.1")
        doc = jsonable(minimal())
        doc["fee"] = 0.1
        assert loads(json.dumps(doc), "json").fee == Decimal("0.1")

    def test_tz_default(self):
        """Without tz the agreement is in UTC and dates are UTC midnight."""
        a = read(minimal())
        assert a.tz == ZoneInfo("UTC")
        assert a.effective_from == datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))


class TestInstants:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=BERLIN)),
            (
                datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=1))),
                datetime(2026, 1, 1, 8, tzinfo=UTC),
            ),
            ("2026-01-01", datetime(2026, 1, 1, tzinfo=BERLIN)),
            ("2026-01-01T09:00:00+01:00", datetime(2026, 1, 1, 8, tzinfo=UTC)),
            ("2026-01-01T08:00:00Z", datetime(2026, 1, 1, 8, tzinfo=UTC)),
            ("2026-01-01 09:00+01:00", datetime(2026, 1, 1, 8, tzinfo=UTC)),
        ],
    )
    def test_forms(self, value, expected):
        """Dates are local midnight in the zone; date-times need an offset."""
        a = read(minimal(tz="Europe/Berlin", effective_from=value))
        assert a.effective_from == expected

    def test_json_strings(self):
        """JSON holds instants as ISO strings."""
        a = read(minimal(effective_from="2026-03-01T00:00:00-05:00"), "json")
        assert a.effective_from == datetime(2026, 3, 1, 5, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (datetime(2026, 1, 1, 9), "2026-01-01T09:00:00"),
            ("2026-01-01T09:00:00", '"2026-01-01T09:00:00"'),
        ],
    )
    def test_naive(self, value, shown):
        """A date-time without an offset is a problem, never read in some zone."""
        problem = one_problem(minimal(effective_from=value))
        assert problem.where == "effective_from"
        assert problem.message == "no UTC offset, and no time zone is stated"
        assert problem.found == shown
        assert problem.expected == (
            "a date (2026-01-01) or a date-time with an offset "
            "(2026-01-01T09:00:00+01:00)"
        )

    @pytest.mark.parametrize("value", [time(9), 5, "soon", "2026-13-01"])
    def test_not_an_instant(self, value):
        """Times of day, numbers and other text are not instants."""
        problem = one_problem(minimal(effective_from=value))
        assert problem.message in ("wrong type", "not a timestamp")

    def test_zoned_fold(self):
        """A repeated wall time keeps its zone and fold (RFC 9557 brackets)."""
        first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
        second = first.replace(fold=1)
        for value, text in ((first, "+02:00"), (second, "+01:00")):
            iso = f"2026-10-25T02:30:00{text}[Europe/Berlin]"
            a = read(minimal(effective_from=iso))
            assert a.effective_from == value
            assert a.effective_from.tzinfo is BERLIN
            assert a.effective_from.fold == value.fold

    def test_zoned_gap(self):
        """A skipped wall time keeps its zone too."""
        skipped = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
        a = read(minimal(effective_from="2026-03-29T02:30:00+01:00[Europe/Berlin]"))
        assert a.effective_from == skipped

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                "2026-01-01T00:00:00+05:00[Europe/Berlin]",
                "Europe/Berlin is not at offset +05:00 at 2026-01-01T00:00:00",
            ),
            ("2026-01-01T00:00:00+01:00[Mars/Base]", "unknown time zone 'Mars/Base'"),
        ],
    )
    def test_zoned_mismatch(self, text, message):
        """The offset must be the zone's offset at that wall time."""
        problem = one_problem(minimal(effective_from=text))
        assert problem.message.startswith(message)
        assert problem.found == json.dumps(text)

    def test_out_of_range(self):
        """A date whose local midnight a datetime cannot hold is a problem."""
        problem = one_problem(
            minimal(tz="America/New_York", effective_from=date(9999, 12, 31))
        )
        assert (
            problem.message
            == "midnight of that date in America/New_York is out of range"
        )


# -- objectives, measures, credits -------------------------------------------------


class TestProblems:
    def test_problem_fields(self):
        """A problem has its path, line, message, expected and found."""
        text = textwrap.dedent(
            """\
            name = "Leads"
            kind = "internal"
            effective_from = 2026-01-01
            parties = [
                { name = "Marketing", role = "provider" },
                { name = "Sales", role = "customr" },
            ]

            [[objectives]]
            name = "leads"
            goal = "500"
            measure = { type = "volume" }
            """
        )
        assert one_problem(text) == sla.FileProblem(
            "parties[1].role",
            "unknown value",
            line=6,
            expected="one of provider, customer",
            found='"customr"',
        )

    def test_many_problems_at_once(self):
        """Every problem is reported, with its line, in document order."""
        text = textwrap.dedent(
            """\
            name = 5
            kind = "internal"
            effective_from = 2026-01-01
            fee = "lots"
            parties = [
                { name = "Marketing", role = "provider" },
                { name = "Sales", role = "customer" },
            ]

            [[objectives]]
            name = "leads"
            measure = { type = "volume", feild = "x" }
            goal = "500"

            [[objectives]]
            name = "calls"
            goal = "80"
            measure = { type = "service_level", threshold = "20 sec" }
            allocation = "50"
            """
        )
        found = [(p.line, p.where, p.message) for p in problems(text)]
        assert found == [
            (1, "name", "wrong type"),
            (4, "fee", "not a number"),
            (12, "objectives[0].measure.feild", "unknown key (did you mean 'field'?)"),
            (18, "objectives[1].measure.threshold", "bad duration"),
        ]

    def test_constructor_errors_of_several_objects(self):
        """Each object's own checks run, so several bad objectives are all reported."""
        doc = minimal(
            objectives=[
                {
                    "name": "a",
                    "goal": "101",
                    "measure": {"type": "availability", "service": "x"},
                },
                {"name": "b", "goal": "-101", "measure": {"type": "nps"}},
                {
                    "name": "c",
                    "goal": "5",
                    "measure": {"type": "volume"},
                    "allocation": "0",
                },
            ]
        )
        assert [p.where for p in problems(doc)] == [
            "objectives[0].goal",
            "objectives[1].goal",
            "objectives[2].allocation",
        ]

    def test_agreement_errors_name_their_field(self):
        """An error of the agreement's own checks is placed at its field."""
        doc = minimal(
            objectives=[
                {
                    "name": "a",
                    "goal": "5",
                    "measure": {"type": "volume"},
                    "allocation": "50",
                }
            ]
        )
        problem = one_problem(doc)
        assert problem.where == "objectives[0].allocation"
        lines = to_toml(doc).splitlines()
        assert lines[problem.line - 1] == 'allocation = "50"'
        assert problem.found == '"50"'
        assert "needs an at_risk percent" in problem.message

    @pytest.mark.parametrize(
        ("extra", "where", "message", "expected"),
        [
            ({"name": None}, "name", "missing required key", "a string"),
            (
                {"kind": None},
                "kind",
                "missing required key",
                "one of customer, internal, multi_level, vendor",
            ),
            (
                {"parties": None},
                "parties",
                "missing required key",
                "an array of parties (tables with name and role)",
            ),
            (
                {"kind": "partner"},
                "kind",
                "unknown value",
                "one of customer, internal, multi_level, vendor",
            ),
            (
                {"period": "daily"},
                "period",
                "unknown value",
                "one of weekly, monthly, quarterly, yearly",
            ),
            (
                {"structure": "flat"},
                "structure",
                "unknown value",
                "one of customer_based, service_based, multi_level",
            ),
            ({"parties": {"a": 1}}, "parties", "wrong type", "an array"),
            ({"parties": ["Acme"]}, "parties[0]", "wrong type", "a table"),
            ({"services": ["api", 5]}, "services[1]", "wrong type", "a string"),
            ({"earn_back": True}, "earn_back", "wrong type", "an integer"),
            (
                {"earn_back": 0},
                "earn_back",
                "earn_back must be at least 1 period, got 0",
                None,
            ),
            (
                {"fee": True},
                "fee",
                "wrong type",
                'a number such as "99.95" (a string, an integer or a decimal)',
            ),
            (
                {"fee": "Infinity"},
                "fee",
                "not a finite number",
                'a number such as "99.95" (a string, an integer or a decimal)',
            ),
            ({"fee": "-1"}, "fee", "fee must not be negative, got -1", None),
            ({"tz": 1}, "tz", "wrong type", "a string"),
            ({"review_every": "often"}, "review_every", "bad span", None),
            ({"review_every": 18}, "review_every", "wrong type", None),
            (
                {"claim_window": "-1d"},
                "claim_window",
                "claim_window must be positive, got datetime.timedelta(days=-1)",
                None,
            ),
            ({"termination": []}, "termination", "wrong type", "a table"),
            (
                {"termination": {"consecutive_misses": 0}},
                "termination.consecutive_misses",
                "consecutive_misses must be at least 1, got 0",
                None,
            ),
            (
                {"termination": {"objectives": ["nope"]}},
                "termination.objectives[0]",
                "unknown objective",
                "one of leads",
            ),
            (
                {"responsibilities": [{"party": "Nobody", "description": "x"}]},
                "responsibilities[0].party",
                "unknown party",
                "one of Marketing, Sales",
            ),
            (
                {"responsibilities": [{"party": "Sales"}]},
                "responsibilities[0].description",
                "missing required key",
                "a string",
            ),
            (
                {
                    "responsibilities": [
                        {"party": "Sales", "description": "x", "kind": "duty!"}
                    ]
                },
                "responsibilities[0].kind",
                "unknown value",
                "one of duty, report, escalation",
            ),
            (
                {"effective_until": date(2025, 1, 1)},
                "effective_until",
                "effective_until 2025-01-01T00:00:00+00:00 must be after",
                None,
            ),
            ({"name": " "}, "name", "name must not be empty", None),
            ({"calendars": []}, "calendars", "wrong type", "a table"),
        ],
    )
    def test_top_level(self, extra, where, message, expected):
        """Each class of problem at the top level, with its where and expected."""
        problem = one_problem(minimal(**extra))
        assert (problem.where, problem.message[: len(message)]) == (where, message)
        if expected is not None:
            assert problem.expected == expected

    @pytest.mark.parametrize(
        ("party", "where", "message"),
        [
            (
                {"name": "Sales", "role": "customer"},
                "parties[1].name",
                "party 'Sales' is named twice",
            ),
            ({"role": "customer"}, "parties[1].name", "missing required key"),
            ({"name": "X", "role": "boss"}, "parties[1].role", "unknown value"),
            (
                {"name": "X", "role": "customer", "contact": 5},
                "parties[1].contact",
                "wrong type",
            ),
            (
                {"name": "", "role": "customer"},
                "parties[1].name",
                "name must not be empty",
            ),
        ],
    )
    def test_parties(self, party, where, message):
        """Party problems."""
        doc = minimal(parties=[{"name": "Sales", "role": "provider"}, party])
        problem = one_problem(doc)
        assert (problem.where, problem.message[: len(message)]) == (where, message)

    def test_objective_references(self):
        """Providers and policies are names of the agreement's parties and policies."""
        doc = minimal(
            objectives=[
                {
                    "name": "a",
                    "goal": "5",
                    "measure": {"type": "volume"},
                    "provider": "Ops",
                },
                {
                    "name": "b",
                    "goal": "5",
                    "measure": {
                        "type": "mean_time",
                        "metric": "resolution",
                        "policy": "p",
                    },
                },
            ]
        )
        found = [(p.where, p.message, p.expected) for p in problems(doc)]
        assert found == [
            ("objectives[0].provider", "unknown party", "one of Marketing, Sales"),
            (
                "objectives[1].measure.policy",
                "unknown policy",
                "the name of a policy (the agreement has none)",
            ),
        ]

    def test_unknown_keys_everywhere(self):
        """A typo at any depth is an error with a suggestion."""
        doc = minimal(
            objectiv=[],
            parties=[
                {"name": "A", "role": "provider", "rol": 1},
                {"name": "B", "role": "customer"},
            ],
        )
        found = [(p.where, p.message) for p in problems(doc)]
        assert found == [
            ("objectiv", "unknown key (did you mean 'objectives'?)"),
            ("parties[0].rol", "unknown key (did you mean 'role'?)"),
        ]

    def test_unknown_key_without_suggestion(self):
        """An unknown key far from every known one gets the list of keys only."""
        problem = one_problem(minimal(zzzzzz=1))
        assert problem.message == "unknown key"
        assert problem.expected.startswith("one of name, kind, parties, objectives")
        assert problem.found == '"zzzzzz"'

    def test_json_duplicate_keys(self):
        """JSON keeps the last of a repeated key; slacore reports it instead."""
        text = json.dumps(jsonable(minimal()))[:-1] + ', "name": "Other"}'
        problem = one_problem(text, "json")
        assert (problem.where, problem.message, problem.line) == (
            "name",
            "key given twice",
            1,
        )
        text = json.dumps(jsonable(minimal(calendars={"a": {"hours": ""}})))
        text = text.replace(
            '"a": {"hours": ""}', '"a": {"hours": ""}, "a": {"hours": ""}'
        )
        assert one_problem(text, "json").where == "calendars.a"

    def test_toml_syntax_error(self):
        """A TOML syntax error is one problem with its line and column."""
        problem = one_problem('name = "x"\nkind = \n')
        assert (problem.where, problem.line) == ("<document>", 2)
        assert problem.message == "invalid TOML: Invalid value at column 8"

    def test_toml_syntax_error_without_position(self):
        """tomllib does not always give a position."""
        problem = one_problem('name = "x"\nname = "y"')
        assert problem.line is None
        assert problem.message.startswith("invalid TOML: Cannot overwrite a value")

    def test_json_syntax_error(self):
        """A JSON syntax error is one problem with its line and column."""
        problem = one_problem('{\n  "name": ,\n}', "json")
        assert (problem.where, problem.line) == ("<document>", 2)
        assert problem.message == "invalid JSON: Expecting value at column 11"

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_json_constants(self, constant):
        """NaN and Infinity are not JSON."""
        problem = one_problem(f'{{"fee": {constant}}}', "json")
        assert problem.message == f"invalid JSON: {constant} is not a JSON number"

    def test_json_too_deep(self):
        """A JSON document nested beyond Python's recursion is refused."""
        problem = one_problem("[" * 100_000 + "]" * 100_000, "json")
        assert problem.message.startswith("invalid JSON: maximum recursion depth")

    def test_json_not_an_object(self):
        """A JSON document is an object."""
        problem = one_problem("[1, 2]", "json")
        assert (problem.where, problem.message, problem.found) == (
            "<document>",
            "wrong type",
            "an array",
        )

    def test_str(self):
        """The error's text has a heading and one line per problem."""
        with pytest.raises(sla.AgreementFileError) as info:
            loads(to_toml(minimal(kind="x", fee="y")))
        assert str(info.value) == (
            "<string>: 2 problems\n"
            "  line 2: kind: unknown value (expected one of customer, internal, "
            'multi_level, vendor, found "x")\n'
            '  line 4: fee: not a number (expected a number such as "99.95" (a '
            'string, an integer or a decimal), found "y")'
        )
        assert info.value.path == "<string>"


class TestLoad:
    def test_suffix(self, tmp_path):
        """The format comes from the suffix, in any case."""
        path = tmp_path / "a.JSON"
        path.write_text(dump(read(minimal()), "json"), encoding="utf-8")
        assert load(path).name == "Leads"
        assert load(str(path)).name == "Leads"

    def test_unknown_suffix(self, tmp_path):
        """Only .toml and .json are agreement files."""
        path = tmp_path / "a.yaml"
        path.write_text("")
        with pytest.raises(sla.AgreementFileError) as info:
            load(path)
        assert info.value.problems == (
            sla.FileProblem(
                "<document>",
                "unknown file type",
                expected=".toml or .json",
                found='".yaml"',
            ),
        )
        assert info.value.path == str(path)

    def test_utf8(self, tmp_path):
        """Files are UTF-8; a byte-order mark is allowed."""
        path = tmp_path / "a.toml"
        path.write_bytes(b"\xef\xbb\xbf" + to_toml(minimal(name="Café")).encode())
        assert load(path).name == "Café"
        path.write_bytes(to_toml(minimal(name="Café")).encode("latin-1"))
        with pytest.raises(
            sla.AgreementFileError, match="not UTF-8 text: invalid continuation byte"
        ):
            load(path)

    def test_missing_file(self, tmp_path):
        """A file that cannot be read raises OSError."""
        with pytest.raises(FileNotFoundError):
            load(tmp_path / "nope.toml")

    def test_error_path(self, tmp_path):
        """The error names the file."""
        path = tmp_path / "a.toml"
        path.write_text(to_toml(minimal(kind="x")))
        with pytest.raises(
            sla.AgreementFileError, match=f"^{path}: 1 problem\n  line 2: kind"
        ) as info:
            load(path)
        assert info.value.path == str(path)


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("extra", "where", "expected"),
        [
            ({"kind": 5}, "kind", "a string"),
            ({"services": "api"}, "services", "an array"),
            ({"policies": "p"}, "policies", "an array"),
            ({"responsibilities": ["Sales"]}, "responsibilities[0]", "a table"),
            (
                {"termination": {"objectives": [5]}},
                "termination.objectives[0]",
                "a string",
            ),
            ({"objectives": ["leads"]}, "objectives[0]", "a table"),
            ({"policies": ["p"]}, "policies[0]", "a table"),
            (
                {
                    "objectives": [
                        {
                            "name": "o",
                            "goal": "1",
                            "measure": {"type": "volume"},
                            "credit": {"type": "schedule", "tiers": ["99"]},
                        }
                    ]
                },
                "objectives[0].credit.tiers[0]",
                "a table",
            ),
            (
                {"policies": [{"name": "p", "targets": []}]},
                "policies[0].targets",
                "a table",
            ),
            (
                {"policies": [{"name": "p", "targets": {"high": "1h"}}]},
                "policies[0].targets.high",
                "a table",
            ),
            (
                {"policies": [{"name": "p", "targets": {}, "warn_at": "0.5"}]},
                "policies[0].warn_at",
                "an array",
            ),
            (
                {"calendars": {"c": {"hours": "", "shifts": ["2026-12-24"]}}},
                "calendars.c.shifts",
                "a table",
            ),
            (
                {"calendars": {"c": {"hours": "", "closures": ["2026-12-24"]}}},
                "calendars.c.closures[0]",
                "a table",
            ),
            (
                {"calendars": {"c": {"hours": "", "holidays": "DE"}}},
                "calendars.c.holidays",
                "an array of dates or a holidays table",
            ),
            (
                {"calendars": {"c": {"hours": "", "holidays": [5]}}},
                "calendars.c.holidays[0]",
                "a date such as 2026-01-01",
            ),
            (
                {
                    "calendars": {
                        "c": {"hours": "", "holidays": {"country": "DE", "added": 5}}
                    }
                },
                "calendars.c.holidays.added",
                "a table",
            ),
        ],
    )
    def test_wrong_type(self, extra, where, expected):
        """A value of the wrong type is reported with what was expected."""
        problem = one_problem(minimal(**extra))
        assert (problem.where, problem.message, problem.expected) == (
            where,
            "wrong type",
            expected,
        )
        assert problem.found is not None

    def test_termination_with_bad_objectives(self):
        """A termination rule whose objectives are not strings is not built."""
        found = problems(minimal(termination={"objectives": "leads"}))
        assert [p.where for p in found] == ["termination.objectives"]

    def test_zoned_without_offset(self):
        """A zone in brackets does not replace the offset."""
        problem = one_problem(
            minimal(effective_from="2026-01-01T00:00:00[Europe/Berlin]")
        )
        assert (
            problem.message == "the zone [Europe/Berlin] needs the UTC offset before it"
        )

    def test_shift_date_twice(self):
        """Two spellings of one date are one date given twice."""
        shifts = {"2026-12-24": "closed", "20261224": "09:00-12:00"}
        problem = one_problem(minimal(calendars={"c": {"hours": "", "shifts": shifts}}))
        assert (problem.where, problem.message) == (
            "calendars.c.shifts.20261224",
            "date given twice",
        )


class TestRegressions:
    """Defects found by fuzzing (issue 9)."""

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_integer_too_long(self, fmt):
        """An integer over 4,300 digits is a placed problem, not Python's advice."""
        digits = "9" * 4301
        if fmt == "toml":
            text = f"yearly_cap = 12\nearn_back = {digits}\n"
        else:
            text = '{\n  "yearly_cap": 12,\n  "earn_back": ' + digits + "\n}"
        problem = one_problem(text, fmt)
        assert problem.where == "<document>"
        assert problem.message.startswith(f"invalid {fmt.upper()}: number too long")
        assert problem.line == (2 if fmt == "toml" else 3)
        assert problem.found == "4301 digits"
        assert "set_int_max_str_digits" not in str(problem)

    @pytest.mark.parametrize("key", ["fee", "minimum_credit", "yearly_cap"])
    def test_amounts_are_exact_decimals(self, key):
        """Amounts are read through the one conversion, exactly as written."""
        extra = {"fee": "1000"} if key != "fee" else {}
        a = read(minimal(**{key: "987654321098765.4321"}, **extra))
        assert str(getattr(a, key)) == "987654321098765.4321"

    @pytest.mark.parametrize("key", ["fee", "minimum_credit", "yearly_cap"])
    @pytest.mark.parametrize("amount", ["1E+15", "1E+30", "1E+999999"])
    def test_amounts_too_large_refused_at_their_key(self, key, amount):
        """Regression: an amount whose credit could not be exact is refused."""
        extra = {"fee": "1000"} if key != "fee" else {}
        problem = one_problem(minimal(**{key: amount}, **extra))
        assert problem.where == key
        assert "must be below 1,000,000,000,000,000" in problem.message

    @pytest.mark.parametrize("key", ["fee", "at_risk", "minimum_credit", "yearly_cap"])
    def test_amount_checks_placed_at_their_key(self, key):
        """The agreement's own check of an amount is reported at that amount's key."""
        extra = {"fee": "1000"} if key != "fee" else {}
        problem = one_problem(minimal(**{key: "-1"}, **extra))
        assert problem.where == key
        assert problem.found == '"-1"'

    @pytest.mark.parametrize("value", ["Infinity", "NaN", "-Infinity"])
    def test_amount_not_finite(self, value):
        """A number the decimal module cannot hold finitely is refused at its key."""
        problem = one_problem(minimal(fee=value))
        assert (problem.where, problem.message) == ("fee", "not a finite number")

    def test_amount_not_a_number(self):
        """Text that is no number is refused at its key."""
        problem = one_problem(minimal(fee="lots"))
        assert (problem.where, problem.message) == ("fee", "not a number")


class TestBuild:
    """A constructor's error is placed at the deepest key it names."""

    @staticmethod
    def placed(document, path, error):
        reader = Reader()
        reader.document = document

        def make():
            raise error

        assert reader.build(path, make) is None
        (problem,) = reader.problems
        return problem.where

    def test_field_of_the_error(self):
        """An error's `field` is read relative to the table built."""
        error = sla.CreditError("too high", field="tiers[1].below")
        document = {"c": {"tiers": [{}, {"below": 1}]}}
        assert self.placed(document, ("c",), error) == "c.tiers[1].below"

    def test_leading_key_of_the_message(self):
        """Without a field, a message that starts with a key of the table names it."""
        error = sla.SlaError("warn_at[1] must be a positive fraction, got 0")
        document = {"p": {"warn_at": ["0.5", "0"]}}
        assert self.placed(document, ("p",), error) == "p.warn_at[1]"

    @pytest.mark.parametrize(
        "message", ["goal must be a number", "(goal) must be a number"]
    )
    def test_no_key_named(self, message):
        """A message that names no key of the table is placed at the table."""
        document = {"p": {"warn_at": []}}
        assert self.placed(document, ("p",), sla.SlaError(message)) == "p"
