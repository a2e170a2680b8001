"""Calendars in agreement files, and load_calendars."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from tests.file_helpers import (
    BERLIN,
    DATA,
    minimal,
    on_calendar,
    one_problem,
    problems,
    read,
    round_trips,
)

import slacore as sla
from slacore import dump, load_calendars


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
                "not a timestamp",
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
