"""Writing agreements (dump) and TOML text."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from dateutil.relativedelta import relativedelta
from tests.file_helpers import (
    BERLIN,
    NEW_YORK,
    _Custom,
    agreement_with,
    minimal,
    on_calendar,
    read,
    round_trips,
    with_objective,
)

import slacore as sla
from slacore import dump, loads
from slacore._file_writer import Inline, _whole_microseconds, to_toml, toml_string


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
