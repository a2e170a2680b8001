"""Properties of the CSV readers: fuzzed files and round trips.

- Fuzzing: random CSV text (headers from the schemas plus junk, cells that are
  timestamps good and bad, numbers, durations, booleans, empties, quotes, commas
  and line breaks, comment and blank lines, a byte order mark) either loads or
  raises `DataFileError`, never anything else. When it raises, every problem has a
  line inside the file (or none); when it loads, no row with content is lost.
- Round trips: objects drawn by `slacore.strategies`, written by the tiny writer
  below in any of the accepted spellings, read back equal (instants compared in
  UTC, since an offset is what the file keeps).
- Wall times: a timestamp without an offset in a zone reads as that wall time, or
  is a problem exactly when the wall time is skipped or repeated there.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import assume, event, given
from hypothesis import strategies as st

from slacore import DataFileError
from slacore import strategies as sst
from slacore._csv import (
    read_contacts,
    read_outages,
    read_records,
    read_responses,
    read_tickets,
)

READERS = (read_tickets, read_outages, read_contacts, read_responses, read_records)
COLUMNS = (
    "ticket_id",
    "at",
    "kind",
    "value",
    "tags",
    "priority",
    "service",
    "start",
    "end",
    "planned",
    "wait",
    "answered",
    "score",
    "csat",
    "contacted_at",
    "plan",
)
JUNK_COLUMNS = ("", " at ", "At", "x,y", 'q"uote', "due_at", "\t", "#")
ZONE_NAMES = ("Europe/Berlin", "UTC", "America/New_York", "Mars/Base", "Europe", "")

# -- cells -----------------------------------------------------------------------------

WALL_TIMES = (
    st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999_999))
    | st.datetimes(datetime(2026, 3, 29), datetime(2026, 3, 30))
    | st.datetimes(datetime(2026, 10, 25), datetime(2026, 10, 26))
)
OFFSETS = st.sampled_from(
    ("Z", "+00:00", "+02:00", "-05:00", "+0530", "+05:45:00", "+24:00", "-00:61", "")
)


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    wall = draw(WALL_TIMES)
    spec = draw(st.sampled_from(("auto", "seconds", "minutes", "microseconds")))
    sep = draw(st.sampled_from(("T", " ")))
    return wall.isoformat(sep=sep, timespec=spec) + draw(OFFSETS)


JUNK_TIMESTAMPS = st.sampled_from(
    (
        "2026-10-32T09:00Z",
        "2026-02-29 09:00",
        "2026-10-05T24:00Z",
        "0000-01-01T00:00Z",
        "2026-10-05",
        "2026-10-05T09:00:00.1234567Z",
        "noon",
        "9999-12-31T23:59:59.999999-23:59",
        "0001-01-01T00:00:00+23:59",
    )
)
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
DURATIONS = st.sampled_from(
    ("12.5", "1m30s", "PT90S", "P1DT2H", "0:01:30", "-1", "PT", "1e3", "9" * 30)
) | st.builds(
    "{}h{}m{}.{}s".format,
    st.integers(0, 10**12),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 10**8),
)
WORDS = st.sampled_from(
    (
        "created",
        "agent_reply",
        "customer_message",
        "internal_note",
        "status",
        "priority",
        "group",
        "solved",
        "pending",
        "high",
        "true",
        "False",
        "yes",
        "0",
        "api",
        "vip|eu",
        "|",
        "T-1",
        "T-2",
        "#1",
    )
)
AWKWARD = st.sampled_from(
    ('"', '""', ",", "a,b", "line\nbreak", "cr\rlf", "\r\n", "  ", "\ufeff", "\x00")
)
CELLS = st.one_of(
    st.just(""),
    WORDS,
    timestamps(),
    JUNK_TIMESTAMPS,
    NUMBERS,
    DURATIONS,
    AWKWARD,
    st.text(max_size=12),
)


GOOD_OFFSETS = st.sampled_from(("Z", "+00:00", "+02:00", "-05:00", "+0530", ""))
GOOD_TIMESTAMPS = st.builds(
    lambda wall, offset: wall.isoformat() + offset,
    st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)),
    GOOD_OFFSETS,
)
BOOLEANS = st.sampled_from(("true", "false", "yes", "No", "1", "0"))
GOOD_CELLS = {
    "ticket_id": st.sampled_from(("T-1", "T-2", "T-3")),
    "kind": st.sampled_from(("created", "created", "agent_reply", "status")),
    "value": st.sampled_from(("high", "solved", "pending", "")),
    "tags": st.sampled_from(("vip|eu", "", "vip")),
    "at": GOOD_TIMESTAMPS,
    "start": GOOD_TIMESTAMPS,
    "end": GOOD_TIMESTAMPS,
    "contacted_at": GOOD_TIMESTAMPS | st.just(""),
    "service": st.sampled_from(("api", "web", "")),
    "planned": BOOLEANS | st.just(""),
    "wait": st.sampled_from(("0", "12.5", "1m30s", "PT90S", "0:01:30")),
    "answered": BOOLEANS,
    "score": st.sampled_from(("0", "9", "8.5", "-1", "10")),
    "plan": st.sampled_from(("gold", "", "true")),
}
SCHEMAS = {
    read_tickets: (("ticket_id", "at", "kind", "value"), ("tags", "plan")),
    read_outages: (("service", "start", "end"), ("planned",)),
    read_contacts: (("at", "wait", "answered"), ("service",)),
    read_responses: (("at", "score"), ("service", "plan", "contacted_at")),
    read_records: (("at",), ("plan", "contacted_at", "service")),
}


def serialise(draw: st.DrawFn, lines: list[str], rows: list[list[str]]) -> str:
    """*rows* as CSV text after the comment *lines*, in varied spellings."""
    if draw(st.booleans()):  # proper quoting
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=draw(st.sampled_from(("\n", "\r\n"))))
        writer.writerows(rows)
        body = out.getvalue()
    else:  # naive joining: broken quotes, stray line breaks
        body = "".join(",".join(row) + "\n" for row in rows)
    text = "".join(line + "\n" for line in lines) + body
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


PREAMBLE = st.sampled_from(("", "  ", "# note", "#tz:UTC")) | st.sampled_from(
    ZONE_NAMES
).map(lambda name: f"# tz: {name}")


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Junk: comment lines, a header from any schema plus junk, rows of any cells."""
    lines = draw(st.lists(PREAMBLE, max_size=3))
    header = draw(
        st.lists(st.sampled_from(COLUMNS) | st.sampled_from(JUNK_COLUMNS), max_size=7)
    )
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=max(width - 1, 0), max_size=width + 1)
            | st.lists(CELLS, min_size=width, max_size=width),
            max_size=8,
        )
    )
    return serialise(draw, lines, [header, *rows])


@st.composite
def schema_texts(draw: st.DrawFn, reader: Any) -> str:
    """Nearly right: a reader's columns in any order, mostly good cells, some junk."""
    required, optional = SCHEMAS[reader]
    comments = st.sampled_from(("", "# note", "# tz: Europe/Berlin")) | PREAMBLE
    lines = draw(st.lists(comments, max_size=2))
    extra = draw(st.lists(st.sampled_from(optional), unique=True))
    header = draw(st.permutations([*required, *extra]))
    # Nine good cells to one drawn from anything: whole rows come out right often.
    junk = st.sampled_from((False,) * 9 + (True,))
    rows = [
        [draw(CELLS if draw(junk) else GOOD_CELLS[name]) for name in header]
        for _ in range(draw(st.integers(0, 8)))
    ]
    return serialise(draw, lines, [header, *rows])


TZ_ARGUMENTS = st.sampled_from((None, "Europe/Berlin", "UTC"))


def check_error(error: DataFileError, text: str) -> None:
    """Every problem is on a line of the file (or the one after it), in order."""
    assert error.path == "<stream>"
    assert error.problems
    last = len(io.StringIO(text).readlines()) + 1
    lines = [p.line for p in error.problems if p.line is not None]
    assert all(1 <= line <= last for line in lines)
    assert lines == sorted(lines)


class TestFuzz:
    @given(st.data(), TZ_ARGUMENTS, st.sampled_from(READERS))
    def test_loads_or_raises_data_file_error(self, data, tz, reader):
        """Any CSV text loads, or raises DataFileError with lines inside the file."""
        text = data.draw(csv_texts() | schema_texts(reader), label="text")
        try:
            result = reader(io.StringIO(text), tz=tz)
        except DataFileError as error:
            check_error(error, text)
            event("raised")
        else:
            assert isinstance(result, list)
            event("loaded " + ("some" if result else "none"))

    @given(st.text(), TZ_ARGUMENTS, st.sampled_from(READERS))
    def test_any_text(self, text, tz, reader):
        """Even text that is no CSV at all loads or raises DataFileError."""
        try:
            result = reader(io.StringIO(text), tz=tz)
        except DataFileError:
            pass
        else:
            assert isinstance(result, list)

    @given(
        st.data(),
        TZ_ARGUMENTS,
        st.sampled_from((read_outages, read_contacts, read_responses, read_records)),
    )
    def test_nothing_is_dropped(self, data, tz, reader):
        """When a file loads, each row with content became one object."""
        text = data.draw(schema_texts(reader) | csv_texts(), label="text")
        try:
            result = reader(io.StringIO(text), tz=tz)
        except DataFileError:
            event("raised")
            return
        event("loaded " + ("some" if result else "none"))
        # Comment and blank lines before the header, by lines; then CSV rows.
        lines = io.StringIO(text.removeprefix("\ufeff")).readlines()
        while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
            lines.pop(0)
        rows = list(csv.reader(lines))
        content = [row for row in rows if row and (len(row) > 1 or row[0].strip())]
        # The header, then one object per row with content.
        assert len(result) == max(len(content) - 1, 0)


# -- a tiny writer ---------------------------------------------------------------------


def write(header: list[str], rows: list[list[str]], preamble: str = "") -> str:
    out = io.StringIO()
    out.write(preamble)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def iso(value: datetime, style: str) -> str:
    """An aware datetime with its offset, in one of the accepted spellings."""
    if style == "utc":
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    text = value.isoformat(sep=" " if style == "space" else "T")
    if style == "compact" and text[-3] == ":" and text[-6] in "+-":
        text = text[:-3] + text[-2:]
    return text


STYLES = st.sampled_from(("offset", "utc", "space", "compact"))


def seconds(wait: timedelta) -> str:
    return f"{Decimal(wait // timedelta(microseconds=1)).scaleb(-6):f}"


def duration(wait: timedelta, style: str) -> str:
    """A duration in one of the accepted spellings."""
    whole, micro = divmod(wait // timedelta(microseconds=1), 1_000_000)
    fraction = f".{micro:06d}" if micro else ""
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if style == "units":
        return f"{days}d{hours}h{minutes}m{secs}{fraction}s"
    if style == "iso":
        return f"P{days}DT{hours}H{minutes}M{secs}{fraction}S"
    if style == "clock":
        return f"{days * 24 + hours}:{minutes:02d}:{secs:02d}{fraction}"
    return seconds(wait)


BOOLEAN_WORDS = {True: ("true", "YES", "1"), False: ("false", "no", "0")}


def utc(value: Any) -> Any:
    """*value* with every datetime in it moved to UTC (the same instants).

    Objects are compared this way because a file keeps offsets, not zones: a
    ZoneInfo datetime in a DST fold never equals a datetime of another tzinfo.
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, dict):
        return {key: utc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(utc(item) for item in value)
    if attrs.has(type(value)):
        changes = {
            field.name: utc(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.init
            and field.name in ("at", "start", "end", "created_at", "events")
        }
        if "fields" in attrs.fields_dict(type(value)):
            changes["fields"] = utc(dict(value.fields))
        return attrs.evolve(value, **changes)
    return value


# Names and texts that read back as themselves: no spaces around them, never
# "true"/"false", never empty, not a timestamp column.
SAFE = st.text(
    st.characters(codec="utf-8", exclude_characters="\r\n|", exclude_categories=["Cs"]),
    min_size=1,
    max_size=8,
).filter(lambda s: s == s.strip() and s.lower() not in {"true", "false"})
FIELD_NAMES = SAFE.filter(
    lambda s: not s.endswith("_at") and s not in {"at", "score", "service", "tags"}
)
SERVICES = SAFE | st.sampled_from(sst.SERVICES)


class TestRoundTrips:
    @given(st.lists(sst.outages()), st.data())
    def test_outages(self, outages, data):
        """Outages written as CSV read back equal."""
        rows = []
        for o in outages:
            style = data.draw(STYLES)
            planned = data.draw(st.sampled_from(BOOLEAN_WORDS[o.planned]))
            if not o.planned and data.draw(st.booleans()):
                planned = ""
            rows.append([o.service, iso(o.start, style), iso(o.end, style), planned])
        text = write(["service", "start", "end", "planned"], rows)
        assert utc(read_outages(io.StringIO(text))) == utc(outages)

    @given(
        st.lists(
            sst.contacts(
                waits=sst.durations(max_value=timedelta(days=400)),
                services=st.none() | SERVICES,
            )
        ),
        st.data(),
    )
    def test_contacts(self, contacts, data):
        """Contacts, their waits in any spelling, read back equal."""
        rows = []
        for c in contacts:
            wait = duration(
                c.wait, data.draw(st.sampled_from(("seconds", "units", "iso", "clock")))
            )
            answered = data.draw(st.sampled_from(BOOLEAN_WORDS[c.answered]))
            rows.append([iso(c.at, data.draw(STYLES)), wait, answered, c.service or ""])
        text = write(["at", "wait", "answered", "service"], rows)
        assert utc(read_contacts(io.StringIO(text))) == utc(contacts)

    @given(
        st.lists(
            sst.responses(
                scores=st.decimals(-1000, 1000, places=3)
                | st.integers(0, 10).map(Decimal),
                services=st.none() | SERVICES,
                fields=st.dictionaries(FIELD_NAMES, SAFE, max_size=3),
            )
        ),
        st.data(),
    )
    def test_responses(self, responses, data):
        """Responses, with fields, read back equal."""
        names = sorted({name for r in responses for name in r.fields})
        rows = []
        for r in responses:
            cells = [iso(r.at, data.draw(STYLES)), f"{r.score:f}", r.service or ""]
            rows.append(cells + [r.fields.get(name, "") for name in names])
        text = write(["at", "score", "service", *names], rows)
        assert utc(read_responses(io.StringIO(text))) == utc(responses)

    @given(
        st.lists(
            st.fixed_dictionaries(
                {"at": sst.aware_datetimes()},
                optional={
                    "lead": SAFE,
                    "won": st.booleans(),
                    "contacted_at": sst.aware_datetimes(),
                },
            )
        ),
        st.data(),
    )
    def test_records(self, records, data):
        """Records with strings, bools and instants read back equal."""
        names = ["at", "lead", "won", "contacted_at"]

        def cell(value: Any) -> str:
            if isinstance(value, datetime):
                return iso(value, data.draw(STYLES))
            if isinstance(value, bool):
                word = "true" if value else "false"
                return data.draw(st.sampled_from((word, word.upper(), word.title())))
            return value

        rows = [[cell(r[name]) if name in r else "" for name in names] for r in records]
        text = write(names, rows)
        assert utc(read_records(io.StringIO(text))) == utc(records)

    @given(
        st.lists(
            sst.tickets(
                ids=SAFE,
                fields=st.fixed_dictionaries(
                    {},
                    optional={
                        "plan": SAFE,
                        "tags": st.lists(SAFE, min_size=1, max_size=3).map(tuple),
                    },
                ),
            ),
            unique_by=lambda t: t.id,
            max_size=5,
        ),
        st.randoms(use_true_random=False),
        STYLES,
    )
    def test_tickets_in_any_row_order(self, tickets, random, style):
        """Tickets read back equal, whatever the order of the rows of different
        tickets and wherever each created row is."""
        queues = []
        for t in tickets:
            events = [
                [str(t.id), iso(e.at, style), e.kind, e.value or "", "", ""]
                for e in t.events
            ]
            tags = "|".join(t.fields.get("tags", ()))
            created = [
                str(t.id),
                iso(t.created_at, style),
                "created",
                t.priority,
                t.fields.get("plan", ""),
                tags,
            ]
            # The created row may come anywhere among the ticket's rows.
            events.insert(random.randint(0, len(events)), created)
            queues.append(events)
        rows = []
        while any(queues):
            queue = random.choice([q for q in queues if q])
            rows.append(queue.pop(0))
        text = write(["ticket_id", "at", "kind", "value", "plan", "tags"], rows)
        read = {t.id: utc(t) for t in read_tickets(io.StringIO(text))}
        assert read == {str(t.id): utc(t) for t in tickets}


class TestWallTimes:
    @given(
        st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)),
        sst.timezones(),
        st.booleans(),
    )
    def test_naive_reads_in_the_zone_or_is_a_problem(self, wall, zone, in_file):
        """A wall time reads in the zone, unless the zone skips or repeats it."""
        stamp = wall.isoformat()
        preamble = f"# tz: {zone.key}\n" if in_file else ""
        text = f"{preamble}at\n{stamp}\n"
        tz = None if in_file else zone
        first = wall.replace(tzinfo=zone)
        unique = first.utcoffset() == first.replace(fold=1).utcoffset()
        try:
            [record] = read_records(io.StringIO(text), tz=tz)
        except DataFileError as error:
            [problem] = error.problems
            assert not unique
            assert problem.message.startswith(("ambiguous in", "does not exist in"))
            assert problem.line == 2 + in_file
        else:
            assert unique
            assert record["at"] == first
            assert record["at"].replace(tzinfo=None) == wall

    @given(sst.aware_datetimes(), STYLES)
    def test_offsets_are_instants(self, value, style):
        """A timestamp with an offset is the instant it was written from."""
        assume(value.utcoffset() is not None)
        [record] = read_records(io.StringIO(f"at\n{iso(value, style)}\n"))
        assert record["at"].astimezone(UTC) == value.astimezone(UTC)
        assert record["at"].utcoffset() == (
            timedelta(0) if style == "utc" else value.utcoffset()
        )


# -- cells over the csv module's size limit ------------------------------------------

CELL_TEXT = st.text(alphabet='ab ,"\n', max_size=30)


class TestCellLimit:
    @given(st.lists(CELL_TEXT, min_size=1, max_size=4), st.integers(3, 25))
    def test_the_first_long_cell_is_named(self, cells, limit):
        """With the limit lowered (and put back), a row whose cell the csv module
        finds too long is a problem at its line naming that cell's column; any
        other row reads. The model is the csv module's own reading of the row."""
        header = ["at", *(f"c{n}" for n in range(len(cells)))]
        text = write(header, [["2026-10-05T09:00Z", *cells]])
        [_, row] = csv.reader(io.StringIO(text), skipinitialspace=True, strict=True)
        long = [n for n, cell in enumerate(row) if len(cell) > limit]
        before = csv.field_size_limit()
        try:
            csv.field_size_limit(limit)
            try:
                records = read_records(io.StringIO(text))
            except DataFileError as error:
                first = min(error.problems, key=lambda p: p.line or 0)
                event("refused")
                assert long
                assert (first.line, first.where) == (2, header[long[0]])
                assert first.message.startswith(f"the cell is longer than {limit:,}")
            else:
                event("read")
                assert not long
                assert len(records) == 1
        finally:
            csv.field_size_limit(before)
        assert csv.field_size_limit() == before
