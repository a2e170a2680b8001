from __future__ import annotations

import contextlib
import json
import tomllib
from datetime import UTC, date, time, timedelta
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import slacore as sla
from slacore import dump, format_duration, loads, parse_duration
from slacore import strategies as sst
from slacore._durations import format_span, parse_span
from slacore._file_calendars import CALENDAR_KEYS, HOLIDAY_KEYS
from slacore._file_fields import AGREEMENT_KEYS, CREDIT_TYPES, keys_of
from slacore._file_lines import toml_lines
from slacore._file_terms import CONDITION_KEYS, OBJECTIVE_KEYS, POLICY_KEYS
from slacore._file_writer import to_toml
from slacore._measure_registry import measure_kinds

FORMATS = st.sampled_from(("toml", "json"))
FUZZ = settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ]
)


def assert_round_trip(agreement, fmt):
    """loads(dump(a)) == a and dumping it again gives the same text (returned)."""
    text = dump(agreement, fmt)
    note(text)
    again = loads(text, fmt)
    assert again == agreement
    assert dump(again, fmt) == text
    return text


def measured_on(calendar, policies=()):
    """A small agreement that measures availability on `calendar`."""
    return sla.Agreement(
        "Hosting",
        "customer",
        [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        [sla.Objective("uptime", sla.Availability("api", calendar=calendar), 99)],
        effective_from=date(2026, 1, 1),
        policies=list(policies),
    )


class TestRoundTrip:
    @given(agreement=sst.agreements())
    def test_agreements(self, agreement):
        """loads(dump(a)) == a in both formats, and dumping again gives the same text.

        One generated agreement serves three checks, as generating it is the
        costly part: the round trip in each format, that TOML and JSON hold the
        same document, and that every key/value written is found on its line.
        """
        texts = {fmt: assert_round_trip(agreement, fmt) for fmt in ("toml", "json")}
        from_toml = tomllib.loads(texts["toml"])
        from_json = json.loads(texts["json"])
        assert json.loads(json.dumps(from_toml, default=_iso)) == from_json
        _assert_lines(texts["toml"], from_toml)

    @given(calendar=sst.calendars())
    def test_calendars(self, calendar):
        """Every calendar: hours, zones, holidays, shifts, closures, compositions."""
        agreement = measured_on(calendar)
        for fmt in ("toml", "json"):
            assert_round_trip(agreement, fmt)

    @given(policy=sst.policies(calendars=sst.calendars()))
    def test_policies(self, policy):
        """Policies with tiers, tier calendars, pauses, conditions and warnings."""
        agreement = measured_on(sla.ALWAYS, [policy])
        for fmt in ("toml", "json"):
            assert_round_trip(agreement, fmt)


def _assert_lines(text, document):
    """Every key/value slacore writes is found on the line that holds it."""
    lines = text.split("\n")
    found = toml_lines(text)
    for path in _key_values(document):
        line = lines[found[path] - 1]
        key = path[-1]
        if isinstance(key, int):  # an inline array's item: its array's line
            assert "[" in line or line.startswith(" ")
        else:
            assert key in line or json.dumps(key, ensure_ascii=False) in line


def _iso(value):
    return value.isoformat()


def _key_values(value, path=()):
    """The path of every key and array item whose value is not a filled table."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, dict | list) and item:
            yield from _key_values(item, (*path, key))
        else:
            yield (*path, key)


class TestDurations:
    @given(value=st.timedeltas())
    def test_format_then_parse(self, value):
        """parse_duration(format_duration(d)) == d for every timedelta."""
        assert parse_duration(format_duration(value)) == value

    @given(value=st.timedeltas(min_value=timedelta(0)))
    def test_iso_form(self, value):
        """The ISO 8601 form with days and seconds reads back the same."""
        us = value // timedelta(microseconds=1)
        days, rest = divmod(us, 86_400_000_000)
        iso = f"P{days}DT{Decimal(rest).scaleb(-6)}S"
        assert parse_duration(iso) == value

    @given(text=st.text(max_size=12))
    def test_parse_never_crashes(self, text):
        """Any text is a duration or an SlaError."""
        with contextlib.suppress(sla.SlaError):
            parse_duration(text)

    @given(
        value=st.builds(
            relativedelta,
            years=st.integers(-50, 50),
            months=st.integers(-50, 50),
            days=st.integers(-1000, 1000),
            hours=st.integers(-100, 100),
            minutes=st.integers(-100, 100),
            seconds=st.integers(-100, 100),
            microseconds=st.integers(-(10**6), 10**6),
        )
        | st.timedeltas()
    )
    def test_spans(self, value):
        """A span keeps its value and its type (calendar or real time)."""
        found = parse_span(format_span(value))
        assert found == value
        assert type(found) is type(value)


# -- fuzzing the loaders -------------------------------------------------------------


KEYS = sorted(
    {
        *AGREEMENT_KEYS,
        *OBJECTIVE_KEYS,
        *POLICY_KEYS,
        *CALENDAR_KEYS,
        *HOLIDAY_KEYS,
        *keys_of(sla.Targets),
        "type",
        "metric",
        "service",
        "below",
        "percent",
        "tiers",
        "cap",
        "field",
        "value",
        "values",
        "conditions",
        "condition",
        "union",
        "intersection",
        "start",
        "end",
        "role",
        "party",
        "tag",
        "threshold",
        "within",
    }
)
WORDS = sorted(
    {
        *KEYS,
        *measure_kinds(),
        *CREDIT_TYPES,
        *CONDITION_KEYS,
        "customer",
        "provider",
        "monthly",
        "UTC",
        "Europe/Berlin",
        "4h",
        "P18M",
        "18 months",
        "mon-fri 09:00-17:00",
        "DE",
        "2026-01-01",
        "2026-01-01T00:00:00+01:00",
        "2026-10-25T02:30:00+01:00[Europe/Berlin]",
        "none",
        "99.9",
        "-1",
        "1e999999999",
        "always",
        "at_most",
        "closed",
    }
)
SCALARS = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.integers(-5, 200),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
    st.datetimes(timezones=st.none() | sst.timezones()),
    st.times(),
)
DOC_KEYS = st.sampled_from(KEYS) | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(DOC_KEYS, inner, max_size=5)
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(DOC_KEYS, VALUES, max_size=12)


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _texts(document):
    """The document as TOML (when TOML can hold it) and as JSON."""
    texts = [("json", json.dumps(_jsonable(document)))]
    try:
        text = to_toml(document)
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, TypeError, ValueError):
        pass  # e.g. a time zone's datetime with a seconds offset, or a None
    else:
        texts.append(("toml", text))
    return texts


def _load_or_refuse(text, fmt):
    """The loader either loads (and then round-trips) or raises AgreementFileError."""
    note(f"{fmt}:\n{text}")
    try:
        agreement = loads(text, fmt)
    except sla.AgreementFileError as exc:
        problems = exc.problems
    else:
        problems = ()
    if problems:
        assert all(isinstance(p, sla.FileProblem) for p in problems)
        return
    for out in ("toml", "json"):
        written = dump(agreement, out)
        assert loads(written, out) == agreement


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _at(value, path):
    for part in path:
        value = value[part]
    return value


# Mutations need a valid document of every shape, not a long one: fewer objectives
# and parties make each example cheaper to generate (every kind is still drawn).
SMALL_AGREEMENTS = sst.agreements(max_objectives=2, max_parties=3)


class TestFuzz:
    @FUZZ
    @given(document=DOCUMENTS)
    def test_random_documents(self, document):
        """Random documents load or raise AgreementFileError, nothing else."""
        for fmt, text in _texts(document):
            _load_or_refuse(text, fmt)

    @FUZZ
    @given(text=st.text(max_size=200), fmt=FORMATS)
    def test_random_text(self, text, fmt):
        """Random text too."""
        _load_or_refuse(text, fmt)

    @FUZZ
    @given(agreement=SMALL_AGREEMENTS, data=st.data())
    def test_mutations(self, agreement, data):
        """A valid document with keys deleted, values changed or keys added, and a
        valid file cut short: each loads or is refused cleanly.

        (One generated agreement serves both, as generating it is the costly part.)
        """
        fmt = data.draw(FORMATS, label="format to cut")
        text = dump(agreement, fmt)
        end = data.draw(st.integers(0, len(text)), label="end")
        _load_or_refuse(text[:end], fmt)
        document = tomllib.loads(dump(agreement))
        for _ in range(data.draw(st.integers(1, 3), label="mutations")):
            paths = list(_paths(document))[1:]
            path = data.draw(st.sampled_from(paths), label="path")
            parent, key = _at(document, path[:-1]), path[-1]
            change = data.draw(st.sampled_from(("delete", "retype", "add")))
            if change == "delete":
                del parent[key]
            elif change == "retype":
                parent[key] = data.draw(SCALARS | st.just([]) | st.just({}))
            elif isinstance(parent, dict):
                parent[data.draw(DOC_KEYS, label="new key")] = data.draw(SCALARS)
        for fmt, text in _texts(document):
            _load_or_refuse(text, fmt)


class TestInstants:
    @given(t=sst.aware_datetimes(), fmt=FORMATS)
    def test_every_zone(self, t, fmt):
        """An instant in any zone round-trips exactly, folds and gaps included."""
        closure = sla.Closure(t, t.astimezone(UTC) + timedelta(seconds=1))
        calendar = sla.BusinessCalendar("", tz="UTC", closures=[closure])
        assert_round_trip(measured_on(calendar), fmt)

    @given(day=st.dates(date(1900, 1, 1)), tz=sst.timezones(), fmt=FORMATS)
    def test_local_midnight(self, day, tz, fmt):
        """effective_from as a local date, in any zone, round-trips."""
        agreement = attrs.evolve(measured_on(sla.ALWAYS), tz=tz, effective_from=day)
        assert_round_trip(agreement, fmt)
