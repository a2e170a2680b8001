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
from slacore._measures import measure_kinds

FORMATS = st.sampled_from(("toml", "json"))
FUZZ = settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ]
)


def assert_round_trip(agreement, fmt):
    text = dump(agreement, fmt)
    note(text)
    again = loads(text, fmt)
    assert again == agreement
    assert dump(again, fmt) == text


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
    @given(agreement=sst.agreements(), fmt=FORMATS)
    def test_agreements(self, agreement, fmt):
        """loads(dump(a)) == a, and dumping again gives the same text."""
        assert_round_trip(agreement, fmt)

    @given(calendar=sst.calendars(), fmt=FORMATS)
    def test_calendars(self, calendar, fmt):
        """Every calendar: hours, zones, holidays, shifts, closures, compositions."""
        assert_round_trip(measured_on(calendar), fmt)

    @given(policy=sst.policies(calendars=sst.calendars()), fmt=FORMATS)
    def test_policies(self, policy, fmt):
        """Policies with tiers, tier calendars, pauses, conditions and warnings."""
        assert_round_trip(measured_on(sla.ALWAYS, [policy]), fmt)

    @given(agreement=sst.agreements())
    def test_formats_agree(self, agreement):
        """TOML and JSON hold the same document."""
        from_toml = tomllib.loads(dump(agreement))
        from_json = json.loads(dump(agreement, "json"))
        assert json.loads(json.dumps(from_toml, default=_iso)) == from_json

    @given(agreement=sst.agreements())
    def test_lines_of_written_keys(self, agreement):
        """Every key/value slacore writes is found on the line that holds it."""
        text = dump(agreement)
        lines = text.split("\n")
        found = toml_lines(text)
        for path in _key_values(tomllib.loads(text)):
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
    @given(agreement=sst.agreements(), data=st.data())
    def test_mutations(self, agreement, data):
        """A valid document with keys deleted, values changed or keys added."""
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

    @FUZZ
    @given(agreement=sst.agreements(), data=st.data())
    def test_truncated_text(self, agreement, data):
        """A valid file cut short is refused cleanly (or still loads)."""
        fmt = data.draw(FORMATS)
        text = dump(agreement, fmt)
        end = data.draw(st.integers(0, len(text)), label="end")
        _load_or_refuse(text[:end], fmt)


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
