from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from dateutil.relativedelta import relativedelta

import slacore as sla
from slacore import dump, format_duration, load, load_calendars, loads, parse_duration
from slacore._durations import format_span, parse_span
from slacore._file_lines import json_lines, toml_lines
from slacore._file_writer import Inline, _whole_microseconds, to_toml, toml_string

DATA = Path(__file__).resolve().parents[1] / "data" / "agreements"
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


class _Custom:
    """A condition of one's own: anything with `matches`."""

    def matches(self, _ticket):
        return True


def minimal(**extra):
    """A valid agreement document, with `extra` keys set (None deletes a key)."""
    doc = {
        "name": "Leads",
        "kind": "internal",
        "effective_from": date(2026, 1, 1),
        "parties": [
            {"name": "Marketing", "role": "provider"},
            {"name": "Sales", "role": "customer"},
        ],
        "objectives": [{"name": "leads", "goal": "500", "measure": {"type": "volume"}}],
    }
    doc.update(extra)
    return {key: value for key, value in doc.items() if value is not None}


def jsonable(value):
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def text_of(doc, fmt="toml"):
    return to_toml(doc) if fmt == "toml" else json.dumps(jsonable(doc))


def read(doc, fmt="toml"):
    return loads(text_of(doc, fmt), fmt)


def problems(source, fmt="toml"):
    """The problems of a document (a dict) or a text; fails if it loads."""
    text = source if isinstance(source, str) else text_of(source, fmt)
    with pytest.raises(sla.AgreementFileError) as info:
        loads(text, fmt)
    return list(info.value.problems)


def one_problem(source, fmt="toml"):
    found = problems(source, fmt)
    assert len(found) == 1, found
    return found[0]


def with_objective(measure, goal="90", *, top=None, **extra):
    """A document whose one objective has this measure (`top`: more document keys)."""
    objective = {"name": "o", "goal": goal, "measure": measure, **extra}
    return minimal(objectives=[objective], **(top or {}))


def round_trips(agreement):
    for fmt in ("toml", "json"):
        text = dump(agreement, fmt)
        again = loads(text, fmt)
        assert again == agreement, text
        assert dump(again, fmt) == text


def agreement_with(*objectives, **kw):
    kw.setdefault("effective_from", date(2026, 1, 1))
    return sla.Agreement(
        "Support",
        "customer",
        [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        list(objectives) or [sla.Objective("leads", sla.Volume(), 500)],
        **kw,
    )


def on_calendar(calendar, **kw):
    """An agreement that measures availability on `calendar`."""
    return agreement_with(
        sla.Objective("uptime", sla.Availability("api", calendar=calendar), 99), **kw
    )


# -- durations and spans -----------------------------------------------------------


class TestParseDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("4h", timedelta(hours=4)),
            ("30m", timedelta(minutes=30)),
            ("1h30m", timedelta(minutes=90)),
            ("1h 30m", timedelta(minutes=90)),
            ("90s", timedelta(seconds=90)),
            ("2d", timedelta(days=2)),
            ("1w2d", timedelta(days=9)),
            ("1.5h", timedelta(minutes=90)),
            ("1,5h", timedelta(minutes=90)),
            ("0.5s", timedelta(milliseconds=500)),
            ("250ms", timedelta(milliseconds=250)),
            ("1us", timedelta(microseconds=1)),
            ("1µs", timedelta(microseconds=1)),
            ("1d2h3m4s5ms6us", timedelta(1, 7384, 5006)),
            (" 4H ", timedelta(hours=4)),
            ("-4h", timedelta(hours=-4)),
            ("+4h", timedelta(hours=4)),
            ("0", timedelta(0)),
            ("0s", timedelta(0)),
            ("PT4H", timedelta(hours=4)),
            ("pt4h", timedelta(hours=4)),
            ("P1DT2H", timedelta(days=1, hours=2)),
            ("P2W", timedelta(weeks=2)),
            ("P3D", timedelta(days=3)),
            ("PT1H30M15.5S", timedelta(seconds=5415.5)),
            ("PT0,5S", timedelta(milliseconds=500)),
            ("-PT1M", timedelta(minutes=-1)),
        ],
    )
    def test_valid(self, text, expected):
        """Compact and ISO 8601 durations are read exactly."""
        assert parse_duration(text) == expected

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("", ""),
            ("4", ""),
            ("h", ""),
            ("4 hours", ""),
            ("4hours", ""),
            ("1mo", ""),
            ("four hours", ""),
            ("30m1h", "write each unit once, largest first"),
            ("1h1h", "write each unit once, largest first"),
            ("P", ""),
            ("PT", ""),
            ("P1DT", ""),
            ("P1M", "years and months have no fixed length"),
            ("P1Y", "years and months have no fixed length"),
            ("PT4", ""),
            ("1.0000005s", "finer than a microsecond"),
            ("99999999999d", "too long"),
        ],
    )
    def test_invalid(self, text, why):
        """Anything else raises SlaError quoting the text and the reason."""
        detail = f" \\({why}\\)" if why else ""
        with pytest.raises(sla.SlaError, match=rf"^bad duration {text!r}{detail}: "):
            parse_duration(text)

    def test_type(self):
        """A duration must be text."""
        with pytest.raises(TypeError, match="a duration must be a str, got int"):
            parse_duration(4)


class TestFormatDuration:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (timedelta(0), "0s"),
            (timedelta(hours=4), "4h"),
            (timedelta(minutes=90), "1h30m"),
            (timedelta(days=1, hours=2, minutes=30), "1d2h30m"),
            (timedelta(seconds=90.5), "1m30.5s"),
            (timedelta(microseconds=1), "0.000001s"),
            (timedelta(days=7), "7d"),
            (-timedelta(minutes=5), "-5m"),
            (timedelta.max, "999999999d23h59m59.999999s"),
        ],
    )
    def test_format(self, value, expected):
        """The compact form, largest unit first, read back by parse_duration."""
        assert format_duration(value) == expected
        assert parse_duration(expected) == value

    def test_type(self):
        """Only a timedelta is formatted."""
        with pytest.raises(TypeError, match="duration must be a timedelta"):
            format_duration(5)


class TestSpans:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("18 months", relativedelta(months=18)),
            ("1 year", relativedelta(years=1)),
            ("1 year 6 months", relativedelta(years=1, months=6)),
            ("1 year, 6 months", relativedelta(years=1, months=6)),
            ("2 weeks", relativedelta(weeks=2)),
            ("10 days", relativedelta(days=10)),
            ("1 month -1 day", relativedelta(months=1, days=-1)),
            (
                "5 Hours 3 minutes 2 seconds 1 microsecond",
                relativedelta(hours=5, minutes=3, seconds=2, microseconds=1),
            ),
            ("P18M", relativedelta(months=18)),
            ("P1Y", relativedelta(years=1)),
            ("P1Y2M10D", relativedelta(years=1, months=2, days=10)),
            (
                "P1Y2M1W3DT4H5M6S",
                relativedelta(
                    years=1, months=2, days=10, hours=4, minutes=5, seconds=6
                ),
            ),
            ("-P1M", relativedelta(months=-1)),
            ("30d", timedelta(days=30)),
            ("P10D", timedelta(days=10)),
            ("PT4H", timedelta(hours=4)),
            ("PT5M", timedelta(minutes=5)),
        ],
    )
    def test_parse(self, text, expected):
        """Words and ISO periods with years or months are calendar time."""
        found = parse_span(text)
        assert found == expected
        assert type(found) is type(expected)

    @pytest.mark.parametrize(
        "text", ["", "18 monts", "P1.5M", "1 year 1 year", "18", "months", "1 year 2h"]
    )
    def test_invalid(self, text):
        """Anything else is a bad span."""
        with pytest.raises(sla.SlaError, match=rf"^bad span {text!r}"):
            parse_span(text)

    def test_too_long(self):
        """Calendar time that no date can be moved by is a bad span."""
        with pytest.raises(sla.SlaError, match="too long"):
            parse_span("99999 years")

    def test_type(self):
        """A span must be text."""
        with pytest.raises(TypeError, match="a span must be a str, got int"):
            parse_span(18)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (relativedelta(months=18), "1 year 6 months"),
            (relativedelta(years=1), "1 year"),
            (relativedelta(days=1), "1 day"),
            (relativedelta(weeks=2, days=3), "17 days"),
            (relativedelta(months=1, days=-1), "1 month -1 day"),
            (relativedelta(hours=5, microseconds=7), "5 hours 7 microseconds"),
            (relativedelta(), "0 days"),
            (timedelta(days=30), "30d"),
        ],
    )
    def test_format(self, value, expected):
        """A relativedelta is written in words, a timedelta as a duration."""
        assert format_span(value) == expected
        assert parse_span(expected) == value

    @pytest.mark.parametrize(
        "value",
        [relativedelta(day=31), relativedelta(weekday=0), relativedelta(leapdays=1)],
    )
    def test_absolute_fields(self, value):
        """Absolute fields have no written form."""
        with pytest.raises(sla.SlaError, match="absolute fields"):
            format_span(value)


# -- the example files -------------------------------------------------------------


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
                [("calendars.office.closures[0].start", 25, "an offset is required")],
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
                    ("effective_from", 4, "an offset is required"),
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
        assert problem.message == "an offset is required"
        assert problem.found == shown
        assert problem.expected == (
            "a date (2026-01-01) or a date-time with an offset "
            "(2026-01-01T09:00:00+01:00)"
        )

    @pytest.mark.parametrize("value", [time(9), 5, "soon", "2026-13-01"])
    def test_not_an_instant(self, value):
        """Times of day, numbers and other text are not instants."""
        problem = one_problem(minimal(effective_from=value))
        assert problem.message in ("wrong type", "bad date-time")

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
        """The table above covers every measure class."""
        assert {type(m) for _, m in MEASURES} == set(sla.Measure.__args__)

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
        sla.BreachCountCredit(3, 10, per_extra=2),
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
                "policies[0].condition",
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


def calendar_of(calendars, ref="c", fmt="toml", **extra):
    """The calendar `ref` of a document with these calendars, used by a policy."""
    policy = {"name": "p", "targets": {}, "calendar": ref}
    a = read(minimal(policies=[policy], calendars=calendars, **extra), fmt)
    return a.policies[0].calendar


class TestCalendars:
    @pytest.mark.parametrize(
        "hours",
        [
            "mon-fri 09:00-17:00; sat 10:00-14:00",
            {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"},
            {
                "mon-fri": ["09:00-17:00"],
                "sat": "10:00-14:00",
                "sun": "closed",
            },
        ],
    )
    def test_hours(self, hours):
        """Hours are the one-line spec or a table of days."""
        cal = calendar_of({"c": {"hours": hours}})
        assert cal.hours == sla.WeeklyHours.parse(
            "mon-fri 09:00-17:00; sat 10:00-14:00"
        )

    def test_tz_default(self):
        """A calendar without tz is in the agreement's zone."""
        cal = calendar_of({"c": {"hours": ""}}, tz="Asia/Kolkata")
        assert cal.tz == ZoneInfo("Asia/Kolkata")
        cal = calendar_of({"c": {"hours": "", "tz": "Asia/Kolkata"}})
        assert cal.tz == ZoneInfo("Asia/Kolkata")

    def test_builtin_always(self):
        """'always' is ALWAYS, the default calendar."""
        assert calendar_of({}, ref="always") is sla.ALWAYS

    def test_inline(self):
        """A reference may be a calendar table."""
        cal = calendar_of({}, ref={"hours": "mon 09:00-10:00", "tz": "UTC"})
        assert cal == sla.BusinessCalendar("mon 09:00-10:00", tz="UTC")

    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_every_key(self, fmt):
        """Holidays, shifts, closures and openings of a business calendar."""
        c = {
            "hours": "mon-fri 09:00-17:00",
            "tz": "Europe/Berlin",
            "holidays": [date(2026, 5, 1), "2026-10-03"],
            "shifts": {"2026-12-24": "09:00-12:00", "2026-12-27": ["10:00-12:00"]},
            "closures": [
                {
                    "start": date(2026, 6, 19),
                    "end": datetime(2026, 6, 19, 18, tzinfo=BERLIN),
                    "reason": "party",
                }
            ],
            "openings": [
                {
                    "start": "2026-06-20T10:00:00+02:00",
                    "end": "2026-06-20T12:00:00+02:00",
                }
            ],
        }
        cal = calendar_of({"c": c}, fmt=fmt)
        assert cal == sla.BusinessCalendar(
            "mon-fri 09:00-17:00",
            tz="Europe/Berlin",
            holidays=[date(2026, 5, 1), date(2026, 10, 3)],
            shifts={
                date(2026, 12, 24): "09:00-12:00",
                date(2026, 12, 27): "10:00-12:00",
            },
            closures=[
                sla.Closure(
                    datetime(2026, 6, 19, tzinfo=BERLIN),
                    datetime(2026, 6, 19, 18, tzinfo=BERLIN),
                    reason="party",
                )
            ],
            openings=[
                sla.Opening(
                    datetime(2026, 6, 20, 10, tzinfo=BERLIN),
                    datetime(2026, 6, 20, 12, tzinfo=BERLIN),
                )
            ],
        )

    def test_empty_holidays(self):
        """An empty list of holidays is a holiday set, as in Python."""
        cal = calendar_of({"c": {"hours": "", "holidays": []}})
        assert cal == sla.BusinessCalendar("", tz="UTC", holidays=[])
        assert cal != sla.BusinessCalendar("", tz="UTC")

    @pytest.mark.parametrize(
        ("table", "base"),
        [
            (
                {"country": "DE", "subdiv": "BY"},
                lambda: holidays.country_holidays("DE", subdiv="BY"),
            ),
            (
                {"country": "US", "observed": False},
                lambda: holidays.country_holidays("US", observed=False),
            ),
            (
                {"country": "DE", "subdiv": "BY", "categories": ["public", "catholic"]},
                lambda: holidays.country_holidays(
                    "DE", subdiv="BY", categories=("public", "catholic")
                ),
            ),
            (
                {"country": "DE", "language": "en_US"},
                lambda: holidays.country_holidays("DE", language="en_US"),
            ),
            ({"market": "XNYS"}, lambda: holidays.financial_holidays("XNYS")),
        ],
    )
    def test_holiday_sources(self, table, base):
        """A country's or market's holidays, with the holidays package's options."""
        cal = calendar_of({"c": {"hours": "", "holidays": table}})
        assert cal == sla.BusinessCalendar("", tz="UTC", holidays=base())
        round_trips(on_calendar(cal))

    def test_hand_edited_holidays(self):
        """Dates added to or removed from a HolidayBase by hand round-trip."""
        base = holidays.country_holidays("DE", subdiv="BY")
        base[date(2026, 12, 24)] = "Heiligabend"
        base[date(2026, 12, 25)] = "Erster Weihnachtstag"  # renamed
        base.pop(date(2026, 12, 26))
        cal = sla.BusinessCalendar(
            "mon-fri 09:00-17:00", tz="Europe/Berlin", holidays=base
        )
        text = dump(on_calendar(cal))
        assert (
            'holidays = { country = "DE", subdiv = "BY", added = { 2026-12-24 = '
            '"Heiligabend", 2026-12-25 = "Christmas Day; Erster Weihnachtstag" }, '
            "removed = [2026-12-26] }"
        ) in text
        round_trips(on_calendar(cal))

    def test_added_as_list(self):
        """Added holidays may be a list of dates (named "Holiday")."""
        table = {"country": "DE", "added": [date(2026, 12, 24)]}
        cal = calendar_of({"c": {"hours": "", "holidays": table}})
        base = holidays.country_holidays("DE")
        base[date(2026, 12, 24)] = "Holiday"
        assert cal == sla.BusinessCalendar("", tz="UTC", holidays=base)

    def test_fixed_holidays(self):
        """A HolidayBase that does not expand is its dates."""
        base = holidays.country_holidays("DE", years=2026, expand=False)
        cal = sla.BusinessCalendar("", tz="UTC", holidays=base)
        text = dump(on_calendar(cal))
        assert "expand = false, dates = [2026-01-01, 2026-04-03" in text
        round_trips(on_calendar(cal))

    @pytest.mark.parametrize(
        ("table", "where", "message"),
        [
            ({}, "calendars.c.holidays", "give a country or a market"),
            (
                {"country": "DE", "market": "XNYS"},
                "calendars.c.holidays",
                "give one of them",
            ),
            ({"country": "XX"}, "calendars.c.holidays", "no holidays for 'XX'"),
            (
                {"country": "DE", "dates": []},
                "calendars.c.holidays.dates",
                "dates are only given with expand = false",
            ),
            (
                {"country": "DE", "expand": False, "removed": []},
                "calendars.c.holidays",
                "with expand = false, list the holidays in dates instead",
            ),
            (
                {"country": "DE", "added": {"soon": "x"}},
                "calendars.c.holidays.added.soon",
                "bad date",
            ),
            (
                {"country": "DE", "observed": "yes"},
                "calendars.c.holidays.observed",
                "wrong type",
            ),
            (
                {"country": "DE", "countries": ["FR"]},
                "calendars.c.holidays.countries",
                "unknown key (did you mean 'country'?)",
            ),
        ],
    )
    def test_holiday_problems(self, table, where, message):
        """Holiday tables are checked like everything else."""
        problem = one_problem(
            minimal(calendars={"c": {"hours": "", "holidays": table}})
        )
        assert (problem.where, problem.message[: len(message)]) == (where, message)

    @pytest.mark.parametrize(("key", "op"), [("union", "|"), ("intersection", "&")])
    def test_composed(self, key, op):
        """Unions and intersections of two or more calendars, left to right."""
        calendars = {
            "a": {"hours": "mon 09:00-12:00"},
            "b": {"hours": "mon 10:00-14:00", "tz": "Asia/Tokyo"},
            "c": {key: ["a", "b", {"hours": "tue 09:00-10:00"}]},
        }
        cal = calendar_of(calendars)
        a = sla.BusinessCalendar("mon 09:00-12:00", tz="UTC")
        b = sla.BusinessCalendar("mon 10:00-14:00", tz="Asia/Tokyo")
        c = sla.BusinessCalendar("tue 09:00-10:00", tz="UTC")
        assert cal == ((a | b) | c if op == "|" else (a & b) & c)
        round_trips(on_calendar(cal))

    def test_composed_right_nested(self):
        """A right-nested composition stays right-nested through a file."""
        a, b, c = (
            sla.BusinessCalendar(f"mon 0{i}:00-0{i + 1}:00", tz="UTC") for i in range(3)
        )
        for cal in (a | (b | c), (a | b) & c, a & (b | sla.ALWAYS)):
            round_trips(on_calendar(cal))

    def test_calendars_named_once(self):
        """A calendar used in several places is written once and referred to."""
        office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
        policy = sla.Policy(
            "p",
            {"high": sla.Targets(resolution=timedelta(hours=1), calendar=office)},
            calendar=office,
        )
        a = on_calendar(office | sla.ALWAYS, policies=[policy])
        text = dump(a)
        assert text.count('hours = "mon-fri 09:00-17:00"') == 1
        assert 'union = ["calendar-1", "always"]' in text
        assert 'calendar = "calendar-1"' in text
        round_trips(a)

    @pytest.mark.parametrize(
        ("calendars", "ref", "where", "message"),
        [
            ({}, "office", "policies[0].calendar", "unknown calendar"),
            (
                {"always": {"hours": ""}},
                "always",
                "calendars.always",
                "'always' is built in",
            ),
            (
                {"a": {"union": ["b", "a"]}, "b": {"hours": ""}},
                "a",
                "calendars.a.union[1]",
                "calendars refer to each other in a cycle: a -> a",
            ),
            (
                {"a": {"union": ["b", "b"]}, "b": {"union": ["a", "a"]}},
                "a",
                "calendars.b.union[0]",
                "calendars refer to each other in a cycle: a -> b -> a",
            ),
            (
                {"a": {"union": ["always"]}},
                "a",
                "calendars.a.union",
                "a union needs at least two calendars",
            ),
            (
                {"a": {"union": [], "intersection": []}},
                "a",
                "calendars.a",
                "give either union or intersection, not both",
            ),
            (
                {"a": {"hours": "mon 25:00-26:00"}},
                "a",
                "calendars.a.hours",
                "bad time '25:00' on mon: out of range",
            ),
            ({"a": {"hours": 9}}, "a", "calendars.a.hours", "wrong type"),
            ({"a": {"hours": {"mon": 9}}}, "a", "calendars.a.hours.mon", "wrong type"),
            (
                {"a": {"hours": "", "tz": "Mars/Base"}},
                "a",
                "calendars.a.tz",
                "unknown time zone",
            ),
            (
                {"a": {"hours": "", "shifts": {"12/24": "closed"}}},
                "a",
                'calendars.a.shifts["12/24"]',
                "bad date",
            ),
            (
                {"a": {"hours": "", "shifts": {"2026-12-24": "9-12"}}},
                "a",
                "calendars.a.shifts.2026-12-24",
                "bad time '9' on 2026-12-24: expected HH:MM",
            ),
            (
                {"a": {"hours": "", "shifts": {"2026-12-24": 9}}},
                "a",
                "calendars.a.shifts.2026-12-24",
                "wrong type",
            ),
            (
                {
                    "a": {
                        "hours": "",
                        "closures": [
                            {"start": date(2026, 1, 2), "end": date(2026, 1, 1)}
                        ],
                    }
                },
                "a",
                "calendars.a.closures[0].end",
                "closure end 2026-01-01T00:00:00+00:00 is not after its start",
            ),
            (
                {"a": {"hours": "", "openings": [{"start": date(2026, 1, 2)}]}},
                "a",
                "calendars.a.openings[0].end",
                "missing required key",
            ),
            (
                {
                    "a": {
                        "hours": "",
                        "closures": [
                            {"start": date(2026, 1, 2), "end": "x", "why": "?"}
                        ],
                    }
                },
                "a",
                "calendars.a.closures[0].end",
                "bad date-time",
            ),
            (
                {"a": {"horus": ""}},
                "a",
                "calendars.a.horus",
                "unknown key (did you mean 'hours'?)",
            ),
            ({"a": []}, "a", "calendars.a", "wrong type"),
            ({}, 5, "policies[0].calendar", "wrong type"),
        ],
    )
    def test_problems(self, calendars, ref, where, message):
        """Calendar problems name their key; references are checked."""
        doc = minimal(
            policies=[{"name": "p", "targets": {}, "calendar": ref}],
            calendars=calendars,
        )
        found = [(p.where, p.message[: len(message)]) for p in problems(doc)]
        assert (where, message) in found

    def test_failed_calendar_reported_once(self):
        """A bad calendar used twice is reported once, and its users are not built."""
        doc = minimal(
            policies=[
                {"name": "p", "targets": {}, "calendar": "a"},
                {"name": "q", "targets": {}, "calendar": "a"},
            ],
            calendars={"a": {"hours": "x"}},
        )
        assert [p.where for p in problems(doc)] == ["calendars.a.hours"]

    def test_unused_calendar_is_checked(self):
        """Every named calendar is checked, used or not."""
        problem = one_problem(minimal(calendars={"spare": {"hours": "mon"}}))
        assert problem.where == "calendars.spare.hours"

    def test_deep_inline(self):
        """Inline calendars nested absurdly deep are refused."""
        cal = {"hours": ""}
        for _ in range(40):
            cal = {"union": [cal, "always"]}
        doc = minimal(policies=[{"name": "p", "targets": {}, "calendar": cal}])
        found = problems(doc, "json")
        assert found[0].message == "calendars nested more than 32 deep"


class TestLoadCalendars:
    def test_support(self):
        """The named calendars of an agreement file, in file order."""
        calendars = load_calendars(DATA / "support.toml")
        assert list(calendars) == ["office", "on-call", "office-or-on-call"]
        assert (
            calendars["office-or-on-call"] == calendars["office"] | calendars["on-call"]
        )
        assert calendars["on-call"].tz == BERLIN

    def test_only_calendars_are_read(self, tmp_path):
        """A file of calendars alone works; other keys are not checked."""
        path = tmp_path / "cal.json"
        path.write_text(
            json.dumps(
                {
                    "tz": "Asia/Tokyo",
                    "x": 1,
                    "calendars": {"c": {"hours": "mon 09:00-10:00"}},
                }
            )
        )
        assert load_calendars(path) == {
            "c": sla.BusinessCalendar("mon 09:00-10:00", tz="Asia/Tokyo")
        }

    def test_problems(self, tmp_path):
        """Bad calendars raise AgreementFileError with every problem."""
        path = tmp_path / "cal.toml"
        path.write_text('[calendars.a]\nhours = "x"\n[calendars.b]\nhorus = ""\n')
        with pytest.raises(sla.AgreementFileError) as info:
            load_calendars(path)
        assert [(p.where, p.line) for p in info.value.problems] == [
            ("calendars.a.hours", 2),
            ("calendars.b.hours", 3),
            ("calendars.b.horus", 4),
        ]

    def test_not_a_table(self, tmp_path):
        """A JSON array is no calendar file."""
        path = tmp_path / "cal.json"
        path.write_text("[]")
        with pytest.raises(sla.AgreementFileError, match="<document>: wrong type"):
            load_calendars(path)


# -- problems ----------------------------------------------------------------------


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


class TestLines:
    def test_toml(self):
        """Keys, tables, arrays of tables and array items get their lines."""
        text = textwrap.dedent(
            """\
            # comment
            a = 1  # trailing
            "quoted key" = 'literal'
            b.c = "x\\"y"
            multi = \"\"\"
            not = a key
            \"\"\"
            literal = '''
            still = text
            '''
            arr = [
              1,  # one
              [2, 3],
              { k = "v", "k 2" = [ { z = 1 } ] },
            ]
            when = 1979-05-27 07:32:00Z

            [t]
            x = 1

            [ "s p" . 'q' ]
            y = 2

            [[aot]]
            n = 1

            [aot.sub]
            m = 1

            [[aot]]
            n = 2

            [[aot.inner]]
            o = 1
            """
        )
        lines = toml_lines(text)
        assert lines[("a",)] == 2
        assert lines[("quoted key",)] == 3
        assert lines[("b", "c")] == 4
        assert lines[("multi",)] == 5
        assert ("not",) not in lines
        assert ("still",) not in lines
        assert lines[("arr",)] == 11
        assert lines[("arr", 0)] == 12
        assert lines[("arr", 1, 1)] == 13
        assert lines[("arr", 2, "k 2", 0, "z")] == 14
        assert lines[("when",)] == 16
        assert lines[("t",)] == 18
        assert lines[("t", "x")] == 19
        assert lines[("s p", "q", "y")] == 22
        assert lines[("aot", 0)] == 24
        assert lines[("aot", 0, "sub", "m")] == 28
        assert lines[("aot", 1, "n")] == 31
        assert lines[("aot", 1, "inner", 0, "o")] == 34

    def test_toml_escapes(self):
        """Quoted keys are decoded, as tomllib decodes them."""
        lines = toml_lines('"a\\u0062\\U00000063\\n" = 1\n"\\\\" = 2\n')
        assert lines[("abc\n",)] == 1
        assert lines[("\\",)] == 2

    def test_toml_multiline_quotes(self):
        """A multi-line string may end with extra quotes."""
        lines = toml_lines('a = """x""""\nb = \'\'\'y\'\'\'\'\nc = """\\\\"""\nd = 1\n')
        assert (lines[("b",)], lines[("c",)], lines[("d",)]) == (2, 3, 4)

    def test_json(self):
        """JSON keys and array items get their lines."""
        text = '{\n "a": [\n  1,\n  {"b\\"": "x"}\n ],\n "c": true\n}'
        lines = json_lines(text)
        assert lines == {
            (): 1,
            ("a",): 2,
            ("a", 0): 3,
            ("a", 1): 4,
            ("a", 1, 'b"'): 4,
            ("c",): 6,
        }


# -- writing -----------------------------------------------------------------------


class TestDump:
    def test_defaults_left_out(self):
        """A minimal agreement is written with its required keys only."""
        text = dump(read(minimal()))
        assert text == textwrap.dedent(
            """\
            name = "Leads"
            kind = "internal"
            effective_from = 2026-01-01

            [[parties]]
            name = "Marketing"
            role = "provider"

            [[parties]]
            name = "Sales"
            role = "customer"

            [[objectives]]
            name = "leads"
            goal = "500"

            [objectives.measure]
            type = "volume"
            """
        )

    def test_json(self):
        """JSON is indented by two spaces, with dates as strings."""
        text = dump(read(minimal()), "json")
        assert json.loads(text)["effective_from"] == "2026-01-01"
        assert text.startswith('{\n  "name": "Leads",\n')

    def test_structure(self):
        """The structure is written only when it is not the default one."""
        assert "structure" not in dump(read(minimal(structure="customer_based")))
        assert 'structure = "service_based"' in dump(
            read(minimal(structure="service_based"))
        )

    def test_instants(self):
        """Local midnight is a date; other instants are offset date-times."""
        a = agreement_with(
            tz="Europe/Berlin",
            effective_from=datetime(2026, 1, 1, tzinfo=BERLIN),
            effective_until=datetime(2027, 1, 1, 9, tzinfo=BERLIN),
        )
        text = dump(a)
        assert "effective_from = 2026-01-01\n" in text
        assert "effective_until = 2027-01-01T09:00:00+01:00\n" in text
        assert '"effective_until": "2027-01-01T09:00:00+01:00"' in dump(a, "json")
        round_trips(a)

    def test_midnight_in_another_zone(self):
        """Midnight in another zone than the agreement's is an instant."""
        a = agreement_with(
            tz="Europe/Berlin", effective_from=datetime(2026, 1, 1, tzinfo=NEW_YORK)
        )
        assert "effective_from = 2026-01-01T00:00:00-05:00\n" in dump(a)
        round_trips(a)

    @pytest.mark.parametrize(
        ("value", "written"),
        [
            (
                datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN),
                '"2026-10-25T02:30:00+02:00[Europe/Berlin]"',
            ),
            (
                datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN),
                '"2026-10-25T02:30:00+01:00[Europe/Berlin]"',
            ),
            (
                datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN),
                '"2026-03-29T02:30:00+01:00[Europe/Berlin]"',
            ),
            (
                datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30))),
                '"2026-01-01T00:00:00+00:00:30"',
            ),
            (
                datetime(1850, 1, 1, tzinfo=BERLIN),
                '"1850-01-01T00:00:00+00:53:28[Europe/Berlin]"',
            ),
        ],
    )
    def test_zoned_instants(self, value, written):
        """Wall times a zone repeats or skips keep their zone; odd offsets are text."""
        closure = sla.Closure(value, value.astimezone(UTC) + timedelta(hours=1))
        cal = sla.BusinessCalendar("", tz="UTC", closures=[closure])
        a = on_calendar(cal)
        assert f"start = {written}\n" in dump(a)
        round_trips(a)
        assert (
            loads(dump(a)).objectives[0].measure.calendar.closures[0].start.fold
            == value.fold
        )

    def test_strings_escaped(self):
        """Every string comes back exactly, control characters and quotes included."""
        name = 'a "quoted" \\ back\tslash\n\x00\x1f\x7f é 💡 \b\f\r'
        a = agreement_with(
            sla.Objective(name, sla.Volume(), 5, description="'''\"\"\"")
        )
        round_trips(a)
        assert toml_string("\x00\x7f\b") == '"\\u0000\\u007F\\b"'

    def test_keys_quoted(self):
        """Keys that are not bare are quoted."""
        policy = sla.Policy("p", {"very high": sla.Targets(), "a.b": sla.Targets()})
        cond = sla.Equals("x", {"key with space": 1, "ü": 2, "": 3})
        policy = attrs.evolve(policy, condition=cond)
        a = agreement_with(policies=[policy])
        text = dump(a)
        assert '"very high" = {}' in text
        assert 'value = { "key with space" = 1, "ü" = 2, "" = 3 }' in text
        assert '"a.b" = {}' in text
        round_trips(a)

    def test_condition_values(self):
        """Values of every kind, and sets in a stable order."""
        cond = sla.All(
            (
                sla.In("n", [3, 1, "b", "a", False, Decimal("2.5"), (1, 2), 0.25]),
                sla.Equals("f", {"a": (1, {"b": True})}),
                sla.Equals("g", Decimal("1E+2")),
                sla.Equals("h", 0.5),
            )
        )
        a = agreement_with(policies=[sla.Policy("p", {}, condition=cond)])
        round_trips(a)
        # Sorted by their text, so the same set is always written the same.
        text = 'values = ["a", "b", 0.25, 1, 2.5, 3, [1, 2], false]'
        assert text in dump(a)

    def test_float_values_become_decimals(self):
        """A float in a condition comes back as the decimal of its text."""
        a = agreement_with(
            policies=[sla.Policy("p", {}, condition=sla.Equals("x", 0.1))]
        )
        assert loads(dump(a)).policies[0].condition == sla.Equals("x", Decimal("0.1"))

    def test_json_decimal_must_be_exact(self):
        """A decimal that no JSON number holds exactly is refused."""
        cond = sla.Equals("x", Decimal("0.1000000000000000000001"))
        a = agreement_with(policies=[sla.Policy("p", {}, condition=cond)])
        assert "value = 0.1000000000000000000001" in dump(a)
        with pytest.raises(
            sla.AgreementError, match=r"^policies\[0\]\.condition\.value: the number"
        ) as info:
            dump(a, "json")
        assert info.value.field == "policies[0].condition.value"

    @pytest.mark.parametrize(
        ("policy", "field", "message"),
        [
            (
                sla.Policy("p", {}, condition=lambda _ticket: True),
                "policies[0].condition",
                "only slacore's declarative conditions",
            ),
            (
                sla.Policy("p", {}, condition=sla.Not(_Custom())),
                "policies[0].condition.condition",
                "only slacore's",
            ),
            (
                sla.Policy("p", {}, condition=sla.Equals("x", None)),
                "policies[0].condition.value",
                "a condition value must be plain data",
            ),
            (
                sla.Policy("p", {}, condition=sla.Equals("x", date(2026, 1, 1))),
                "policies[0].condition.value",
                "a condition value",
            ),
        ],
    )
    def test_cannot_write_conditions(self, policy, field, message):
        """What a file cannot express raises AgreementError naming the place."""
        with pytest.raises(sla.AgreementError, match=message) as info:
            dump(agreement_with(policies=[policy]))
        assert info.value.field == field

    def test_cannot_write_holiday_sums(self):
        """A sum of holiday sets has no file form."""
        both = holidays.country_holidays("DE") + holidays.country_holidays("FR")
        cal = sla.BusinessCalendar("", tz="UTC", holidays=both)
        with pytest.raises(
            sla.AgreementError, match="only holidays of the holidays package"
        ) as info:
            dump(on_calendar(cal))
        assert info.value.field == "objectives[0].measure.calendar.holidays"

    def test_cannot_write_custom_holiday_classes(self):
        """A HolidayBase subclass of one's own would need an import to load."""

        class Company(holidays.HolidayBase):
            def _populate(self, year):
                super()._populate(year)
                self[date(year, 7, 1)] = "Founders' day"

        cal = sla.BusinessCalendar("", tz="UTC", holidays=Company())
        with pytest.raises(
            sla.AgreementError, match="only holidays of the holidays package"
        ):
            dump(on_calendar(cal))

    def test_cannot_write_absolute_relativedelta(self):
        """A review cadence with absolute fields has no file form."""
        a = agreement_with(review_every=relativedelta(months=1, day=31))
        with pytest.raises(sla.AgreementError, match="absolute fields") as info:
            dump(a)
        assert info.value.field == "review_every"

    def test_arguments(self):
        """The format is toml or json; the value an Agreement."""
        a = read(minimal())
        with pytest.raises(
            sla.SlaError, match="format must be 'toml' or 'json', got 'yaml'"
        ):
            dump(a, "yaml")
        with pytest.raises(
            sla.SlaError, match="format must be 'toml' or 'json', got 'yaml'"
        ):
            loads("", "yaml")
        with pytest.raises(TypeError, match="agreement must be an Agreement, got dict"):
            dump({})
        with pytest.raises(TypeError, match="text must be a str, got bytes"):
            loads(b"")

    def test_toml_writer(self):
        """Tables, arrays of tables, inline tables and scalars."""
        doc = {
            "a": 1,
            "t": {"b": True, "u": {}, "v": {"w": {"x": 1.5}}},
            "l": [{"c": date(2026, 1, 1)}, {"c": time(9, 30)}],
            "i": Inline(d=[]),
            "e": [],
        }
        text = to_toml(doc)
        assert text == textwrap.dedent(
            """\
            a = 1
            i = { d = [] }
            e = []

            [t]
            b = true

            [t.u]

            [t.v.w]
            x = 1.5

            [[l]]
            c = 2026-01-01

            [[l]]
            c = 09:30:00
            """
        )


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
        assert problem.message == "an offset is required"

    def test_shift_date_twice(self):
        """Two spellings of one date are one date given twice."""
        shifts = {"2026-12-24": "closed", "20261224": "09:00-12:00"}
        problem = one_problem(minimal(calendars={"c": {"hours": "", "shifts": shifts}}))
        assert (problem.where, problem.message) == (
            "calendars.c.shifts.20261224",
            "date given twice",
        )


class TestMoreRoundTrips:
    def test_dates_shifts_and_closures(self):
        """Holiday dates, closed shifts and every calendar part survive a file."""
        cal = sla.BusinessCalendar(
            "mon-fri 09:00-17:00; sat 22:00-02:00",
            tz="Europe/Berlin",
            holidays=[date(2026, 5, 1), date(2026, 10, 3)],
            shifts={date(2026, 12, 24): "closed", date(2026, 12, 27): "00:00-24:00,"},
            openings=[
                sla.Opening(
                    datetime(2026, 6, 20, 10, tzinfo=UTC),
                    datetime(2026, 6, 20, 12, tzinfo=UTC),
                    reason="x",
                )
            ],
        )
        a = on_calendar(cal, tz="Europe/Berlin")
        text = dump(a)
        assert "holidays = [2026-05-01, 2026-10-03]" in text
        assert '2026-12-24 = "closed"' in text
        assert '2026-12-27 = "00:00-24:00"' in text
        assert "tz =" not in text.split("[calendars.calendar-1]")[1]
        round_trips(a)

    def test_termination_over_all_objectives(self):
        """A termination rule over every objective has no objectives key."""
        a = agreement_with(termination=sla.TerminationRule(5))
        assert "[termination]\nconsecutive_misses = 5\n" in dump(a)
        round_trips(a)
        b = agreement_with(termination=sla.TerminationRule())
        assert "[termination]\n" in dump(b)
        round_trips(b)

    def test_midnight_that_does_not_exist(self):
        """Midnight skipped by DST (Sao Paulo, 2018) is kept with its zone."""
        zone = ZoneInfo("America/Sao_Paulo")
        a = agreement_with(
            tz="America/Sao_Paulo", effective_from=datetime(2018, 11, 4, tzinfo=zone)
        )
        assert (
            'effective_from = "2018-11-04T00:00:00-03:00[America/Sao_Paulo]"' in dump(a)
        )
        round_trips(a)
        b = agreement_with(tz="America/Sao_Paulo", effective_from=date(2018, 11, 4))
        assert "effective_from = 2018-11-04T01:00:00-02:00" in dump(b)
        round_trips(b)

    def test_zero_duration_goal(self):
        """A zero goal of a duration measure is written as 0s."""
        a = read(
            with_objective({"type": "average_wait"}, goal="0.000", direction="at_most")
        )
        assert 'goal = "0s"' in dump(a)
        round_trips(a)

    def test_set_values_are_refused(self):
        """A set in a condition value would come back as a tuple: it is refused."""
        cond = sla.Equals("x", frozenset({1, 2}))
        with pytest.raises(
            sla.AgreementError, match="a condition value must be plain data"
        ):
            dump(agreement_with(policies=[sla.Policy("p", {}, condition=cond)]))


@pytest.mark.parametrize(
    ("seconds", "us"),
    [
        ("0", 0),
        ("-0E-9", 0),
        ("28800", 28_800_000_000),
        ("1.5", 1_500_000),
        ("0.000001", 1),
        ("1.00000000", 1_000_000),
        ("-2", -2_000_000),
        ("0.0000001", None),
        ("1.0000005", None),
        ("1.00000050", None),
        ("1.0000000000000000000000000000001", None),
        ("1E+15", None),
    ],
)
def test_whole_microseconds(seconds, us):
    """Seconds become microseconds exactly, or not at all."""
    assert _whole_microseconds(Decimal(seconds)) == us
