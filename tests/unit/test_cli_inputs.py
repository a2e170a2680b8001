"""The command line's data files: CSV through pyarrow gives what the csv module gives.

A tickets CSV read through pyarrow (split into text cells by pyarrow, read by the
table rules) must give the tickets `read_tickets` gives, or, for a bad file, the
very error `read_tickets` raises. Random files with every trap of the CSV dialect
(quotes, spaces before quotes, text after a closing quote, line breaks in cells,
comment and ``# tz:`` lines, blank lines, a byte order mark, true/false cells,
timestamps with and without offsets) are read both ways.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slacore import (
    Dataset,
    _cli,
    _cli_inputs,
    read_outages,
    read_tickets,
    tickets_to_table,
)
from slacore._cli_inputs import (
    Input,
    csv_objects,
    exact_errors,
    read_input,
    to_objects,
    well_quoted,
)
from slacore.exceptions import DataFileError, SlaError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "tests" / "data" / "csv"
BERLIN = ZoneInfo("Europe/Berlin")


def through_arrow(path: Path, tz: ZoneInfo | None = None) -> tuple[str, object]:
    """How the CLI reads a tickets file: (how, tickets or the error's text)."""
    try:
        found = read_input("tickets", str(path), tz=tz, progress=None)
        return found.via, to_objects(found)
    except SlaError as exc:
        return "error", str(exc)


def as_the_cli_reads(kind: str, path: Path) -> Dataset:
    """A `Dataset` of one file, read as `slacore report` reads it."""
    found = read_input(kind, str(path), tz=None, progress=None)
    return _cli._dataset([found], None)


def through_csv(path: Path, tz: ZoneInfo | None = None) -> object:
    """`read_tickets`: tickets, or the error's text."""
    try:
        return read_tickets(path, tz=tz)
    except SlaError as exc:
        return str(exc)


# -- random files ---------------------------------------------------------------------

TRAPS = {
    "ticket_id": ("", " T-1", "T-2"),
    "at": ("soon", "2026-02-30T10:00Z", "2026-10-25T02:30", "", " 2026-10-05 12:00 "),
    "kind": ("bogus", "", " created ", "created"),
    "value": ("", 'say "hi"', "x\ny", " pending "),
    "plan": ("true", "FALSE", "maybe", " true "),
    "tags": ("true", "|a||b|"),
    "due_at": ("later", "2026-10-06 09:00"),
    "vip": ("TRUE", "no"),
}
FIELDS = {
    "plan": ("gold", "a,b", "", 'the "best"'),
    "tags": ("vip|eu", "", "x"),
    "due_at": ("2026-10-06T09:00+02:00", "", "2026-10-06T07:00:00.25Z"),
    "vip": ("true", "false", ""),
}
EVENTS = (
    ("agent_reply", ("", "hello, you")),
    ("customer_message", ("",)),
    ("internal_note", ("", "note")),
    ("status", ("pending", "solved", "open")),
    ("priority", ("high", "low")),
)


def stamp(minutes: int, form: int) -> str:
    """An instant `minutes` after 2026-10-05 07:00 UTC, written in one of 4 forms."""
    at = datetime(2026, 10, 5, 7, tzinfo=UTC) + timedelta(minutes=minutes)
    if form == 0:
        return at.astimezone(BERLIN).isoformat()
    if form == 1:
        return at.strftime("%Y-%m-%dT%H:%MZ")
    if form == 2:
        return at.isoformat(timespec="microseconds")
    return at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")  # needs a zone


@st.composite
def cells(draw: st.DrawFn, text: str) -> str:
    """A cell as CSV text: plain, quoted, or (rarely) in one of the dialect's traps."""
    plain_ok = not any(c in text for c in ',"\r\n') and text == text.lstrip()
    style = draw(st.integers(0, 150))  # rare traps away from the ends, where
    quoted = '"' + text.replace('"', '""') + '"'  # hypothesis draws often
    if style == 77:
        return " " + quoted  # skipinitialspace: the csv module reads the text
    if style == 78:
        return quoted + draw(st.sampled_from(["x", " ", '"x']))
    if style < 30 or not plain_ok:
        return quoted
    return text


@st.composite
def ticket_files(draw: st.DrawFn) -> tuple[bytes, ZoneInfo | None]:
    """A tickets CSV, mostly valid, with the traps of the dialect; and its tz=."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    extras = draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True, max_size=3))
    names = ["ticket_id", "at", "kind", "value", *extras]
    tz = draw(st.sampled_from([None, BERLIN, ZoneInfo("UTC")]))
    zones = [None, None, f"# tz: {tz.key if tz else 'Europe/Berlin'}", "# tz: UTC"]
    zone_line = draw(st.sampled_from(zones))
    naive_ok = tz is not None or zone_line is not None
    forms = st.integers(0, 3 if naive_ok else 2)
    rows: list[list[str]] = []
    for number in range(draw(st.integers(0, 4))):
        ticket_id = ("T-1", "0042", "T 3", "T-4")[number]
        created = draw(st.integers(0, 600))
        row = [ticket_id, stamp(created, draw(forms)), "created"]
        row += [draw(st.sampled_from(("high", "low", "normal")))]
        row += [draw(st.sampled_from(FIELDS[name])) for name in extras]
        rows.append(row)
        for _ in range(draw(st.integers(0, 3))):
            kind, values = draw(st.sampled_from(EVENTS))
            at = stamp(created + draw(st.integers(0, 300)), draw(forms))
            rows.append([ticket_id, at, kind, draw(st.sampled_from(values))])
            rows[-1] += [""] * len(extras)
    rows = draw(st.permutations(rows)) if draw(st.booleans()) else rows
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2))) if rows else 0):  # a trap
        row = draw(st.sampled_from(rows))
        column = draw(st.integers(0, len(names) - 1))
        row[column] = draw(st.sampled_from(TRAPS[names[column]]))
    lines = [] if zone_line is None else [zone_line]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(['# made by "hand", today', "", "  "])))
    lines.append(",".join(draw(st.sampled_from([n, f" {n}"])) for n in names))
    for row in rows:
        if draw(st.integers(0, 30)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", "a,b"])))
        lines.append(",".join(draw(cells(text)) for text in row))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + text.encode(), tz


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ticket_files())
def test_arrow_reads_what_the_csv_module_reads(
    tmp_path: Path, example: tuple[bytes, ZoneInfo | None]
) -> None:
    """Every file gives the same tickets, or the same error, through both readers."""
    data, tz = example
    path = tmp_path / "tickets.csv"
    path.write_bytes(data)
    _, found = through_arrow(path, tz)
    assert found == through_csv(path, tz)


def plain_tickets() -> bytes:
    return (CSV / "tickets.csv").read_bytes()


class TestArrowCsv:
    """Files pyarrow splits as the csv module does are read through it."""

    def test_the_test_data(self) -> None:
        via, found = through_arrow(CSV / "tickets.csv")
        assert via == "arrow-csv"
        assert found == read_tickets(CSV / "tickets.csv")

    def test_well_quoted_cells_go_through_arrow(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        path.write_text(
            "# tz: Europe/Berlin\n\nticket_id,at,kind,value,note\r\n"
            'T-1,2026-10-05 09:00,created,high,"a, ""b""\nc"\r\n'
            '"T-1","2026-10-05 09:10",agent_reply,"",\r\n',
            encoding="utf-8",
        )
        via, found = through_arrow(path)
        assert via == "arrow-csv"
        assert found == read_tickets(path)
        [ticket] = found  # type: ignore[misc]
        assert ticket.fields["note"] == 'a, "b"\nc'

    @pytest.mark.parametrize(
        "row",
        [
            'T-1,2026-10-05T09:00Z,created, "high"',  # a space before a quote
            'T-1,2026-10-05T09:00Z,created,"high"x',  # text after a closing quote
            'T-1,2026-10-05T09:00Z,created,hi"gh',  # a quote inside a plain cell
        ],
    )
    def test_quotes_pyarrow_may_read_otherwise_go_to_the_csv_module(
        self, tmp_path: Path, row: str
    ) -> None:
        path = tmp_path / "t.csv"
        path.write_text(f"ticket_id,at,kind,value\n{row}\n", encoding="utf-8")
        via, found = through_arrow(path)
        assert via in {"csv", "error"}
        assert found == through_csv(path)

    def test_a_column_of_true_false_and_text_goes_to_the_csv_module(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "t.csv"
        path.write_text(
            "ticket_id,at,kind,value,vip\n"
            "T-1,2026-10-05T09:00Z,created,high,true\n"
            "T-2,2026-10-05T09:00Z,created,high,maybe\n",
            encoding="utf-8",
        )
        via, found = through_arrow(path)
        assert via == "csv"
        assert [t.fields["vip"] for t in found] == [True, "maybe"]  # type: ignore[attr-defined]

    def test_true_false_columns_are_booleans(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        path.write_text(
            "ticket_id,at,kind,value,vip,tags\n"
            "T-1,2026-10-05T09:00Z,created,high,TRUE,true\n"
            "T-2,2026-10-05T09:00Z,created,high,,\n",
            encoding="utf-8",
        )
        via, found = through_arrow(path)
        assert via == "arrow-csv"
        assert found == read_tickets(path)
        assert [dict(t.fields) for t in found] == [  # type: ignore[attr-defined]
            {"vip": True, "tags": ("true",)},
            {},
        ]

    def test_a_cell_over_the_csv_modules_limit(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        long = "x" * 200_000
        path.write_text(
            f"ticket_id,at,kind,value,note\nT-1,2026-10-05T09:00Z,created,high,{long}\n",
            encoding="utf-8",
        )
        via, found = through_arrow(path)
        assert via == "error"
        assert found == through_csv(path)
        assert "longer than 131,072 characters" in str(found)

    def test_a_bad_file_gets_the_csv_readers_error(self) -> None:
        via, found = through_arrow(CSV / "tickets_bad.csv")
        assert via == "error"
        assert found == through_csv(CSV / "tickets_bad.csv")

    def test_a_file_valid_as_csv_but_not_as_cells(self, tmp_path: Path) -> None:
        """Whatever pyarrow refuses, the csv module reads (here: a blank-ish line)."""
        path = tmp_path / "t.csv"
        path.write_text(
            "ticket_id,at,kind,value\nT-1,2026-10-05T09:00Z,created,high\n   \n",
            encoding="utf-8",
        )
        via, found = through_arrow(path)
        assert via == "csv"
        assert found == read_tickets(path)

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        path.write_bytes(
            b"ticket_id,at,kind,value\nT-1,2026-10-05T09:00Z,created,h\xe9gh\n"
        )
        via, found = through_arrow(path)
        assert via == "error"
        assert found == through_csv(path)
        assert "not UTF-8" in str(found)

    def test_progress_is_reported_by_rows(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        rows = "".join(f"T-{n},2026-10-05T09:00Z,created,high\n" for n in range(30_000))
        path.write_text("ticket_id,at,kind,value\n" + rows, encoding="utf-8")
        seen: list[int] = []
        found = read_input("tickets", str(path), tz=None, progress=seen.append)
        assert found.via == "arrow-csv"
        assert seen
        assert seen[-1] == 30_000
        assert seen == sorted(seen)

    @pytest.mark.parametrize("kind", ["outages", "contacts", "responses", "records"])
    def test_other_inputs(self, kind: str) -> None:
        """The test data's other files: through pyarrow, the CSV readers' objects."""
        found = read_input(kind, str(CSV / f"{kind}.csv"), tz=None, progress=None)
        assert found.via == "arrow-csv"
        assert to_objects(found) == csv_objects(kind, str(CSV / f"{kind}.csv"), None)

    def test_outages_through_arrow(self) -> None:
        found = read_input("outages", str(CSV / "outages.csv"), tz=None, progress=None)
        assert to_objects(found) == read_outages(CSV / "outages.csv")

    @pytest.mark.parametrize("kind", ["responses", "records"])
    def test_a_tags_column_of_other_inputs_goes_to_the_csv_module(
        self, tmp_path: Path, kind: str
    ) -> None:
        """Text to their CSV readers, split into tags by the table readers."""
        path = tmp_path / "f.csv"
        score = ",score" if kind == "responses" else ""
        path.write_text(
            f"at{score},tags\n2026-10-05T09:00Z{',9' if score else ''},a|b\n",
            encoding="utf-8",
        )
        found = read_input(kind, str(path), tz=None, progress=None)
        assert found.via == "csv"
        [item] = found.data
        fields = item if kind == "records" else item.fields
        assert fields["tags"] == "a|b"

    @pytest.mark.parametrize(
        ("kind", "text"),
        [
            ("outages", "service,start,end\napi,2026-10-05T10:00Z,2026-10-05T09:00Z\n"),
            ("outages", "service,start,end,kind\napi,2026-10-05T10:00Z,,x\n"),
            ("contacts", "at,wait,answered\n2026-10-05T10:00Z,-3,maybe\n"),
            ("responses", "at,score\n2026-10-05 10:00,nine\n"),
            ("records", "at,lead,due_at\n2026-10-05T10:00Z,L-1,soon\n,L-2,\n"),
        ],
    )
    def test_bad_other_inputs_get_the_csv_readers_errors(
        self, tmp_path: Path, kind: str, text: str
    ) -> None:
        path = tmp_path / "f.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataFileError) as expected:
            csv_objects(kind, str(path), None)
        with pytest.raises(DataFileError) as caught:
            as_the_cli_reads(kind, path)
        assert str(caught.value) == str(expected.value)


# -- Parquet --------------------------------------------------------------------------


class TestParquet:
    def test_tickets_round_trip(self, tmp_path: Path) -> None:
        tickets = read_tickets(CSV / "tickets.csv")
        path = tmp_path / "tickets.parquet"
        pq.write_table(tickets_to_table(tickets, like="pyarrow"), path)
        found = read_input("tickets", str(path), tz=None, progress=None)
        assert found.via == "parquet"
        assert to_objects(found) == tickets

    def test_text_and_naive_timestamps(self, tmp_path: Path) -> None:
        path = tmp_path / "outages.pq"
        table = pa.table(
            {
                "service": ["api"],
                "start": ["2026-10-07 14:02"],
                "end": pa.array([datetime(2026, 10, 7, 14, 31)], pa.timestamp("us")),
            }
        )
        pq.write_table(table, path)
        found = read_input("outages", str(path), tz=BERLIN, progress=None)
        [outage] = to_objects(found)
        assert outage.start == datetime(2026, 10, 7, 12, 2, tzinfo=UTC)
        assert outage.end - outage.start == timedelta(minutes=29)

    def test_bad_rows_are_listed_by_row_under_the_files_name(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "tickets.parquet"
        pq.write_table(
            pa.table(
                {
                    "ticket_id": ["T-1", "T-1"],
                    "at": ["2026-10-05T09:00Z", "soon"],
                    "kind": ["created", "bogus"],
                    "value": ["high", None],
                }
            ),
            path,
        )
        with pytest.raises(DataFileError) as caught:  # timestamps: read at once
            read_input("tickets", str(path), tz=None, progress=None)
        text = str(caught.value)
        assert text.startswith(f"{path}: ")
        assert "row 1: at:" in text

    def test_engine_errors_are_listed_under_the_files_name(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "tickets.parquet"
        pq.write_table(
            pa.table(
                {
                    "ticket_id": ["T-1", "T-2"],
                    "at": ["2026-10-05T09:00Z", "2026-10-05T09:00Z"],
                    "kind": ["created", "agent_reply"],
                    "value": ["high", None],
                }
            ),
            path,
        )
        found = read_input("tickets", str(path), tz=None, progress=None)
        with pytest.raises(DataFileError) as caught:
            to_objects(found)
        assert "row 1: ticket_id: the ticket has no created row" in str(caught.value)

    def test_not_parquet(self, tmp_path: Path) -> None:
        path = tmp_path / "tickets.parquet"
        path.write_text("ticket_id,at\n", encoding="utf-8")
        with pytest.raises(DataFileError, match="not a Parquet file"):
            read_input("tickets", str(path), tz=None, progress=None)

    def test_missing(self, tmp_path: Path) -> None:
        path = tmp_path / "none.parquet"
        with pytest.raises(FileNotFoundError) as caught:
            read_input("tickets", str(path), tz=None, progress=None)
        assert caught.value.filename == str(path)

    def test_without_pyarrow(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet"):
            monkeypatch.setitem(sys.modules, name, None)
        assert _cli_inputs.arrow() is None
        with pytest.raises(ImportError, match=r"pip install 'slacore\[arrow\]'"):
            read_input("tickets", str(tmp_path / "t.parquet"), tz=None, progress=None)
        found = read_input("tickets", str(CSV / "tickets.csv"), tz=None, progress=None)
        assert found.via == "csv"
        assert not found.is_table


def test_exact_errors_passes_other_errors() -> None:
    """A TableError of a table the CLI did not read from a file is raised as it is."""
    from slacore.exceptions import TableError

    error = TableError.of_problems("tickets", [])
    with (
        pytest.raises(TableError),
        exact_errors([Input("tickets", "x.csv", [], "csv")]),
    ):
        raise error


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet='a,"  \n\r', max_size=12), min_size=1, max_size=6))
def test_well_quoted_lines_split_alike(lines: list[str]) -> None:
    """Where `well_quoted` says yes, pyarrow splits lines as the csv module does."""
    pacsv = pytest.importorskip("pyarrow.csv")

    text = "\n".join(lines) + "\n"
    if not well_quoted(text.encode()):
        return
    try:
        rows = list(
            csv.reader(
                io.StringIO(text, newline=""), strict=True, skipinitialspace=True
            )
        )
    except csv.Error:
        pytest.fail(f"well quoted, but the csv module refuses {text!r}")
    rows = [row for row in rows if row and not (len(row) == 1 and not row[0].strip())]
    width = {len(row) for row in rows}
    if len(width) != 1:
        return  # pyarrow refuses ragged rows, and the csv module's reader reports them
    names = [f"c{i}" for i in range(width.pop())]
    try:
        table = read_csv(pacsv, text, names)
    except pa.ArrowInvalid:
        return  # refused: the csv module reads the file
    found = [[cell.strip() for cell in row.values()] for row in table.to_pylist()]
    found = [row for row in found if any(row) or len(row) > 1]
    assert found == [[cell.strip() for cell in row] for row in rows]


def read_csv(pacsv: Any, text: str, names: list[str]) -> Any:
    return pacsv.read_csv(
        io.BytesIO(text.encode()),
        read_options=pacsv.ReadOptions(column_names=names),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'a,"b,c"\n"",d\n', True),
        (b'"a""b","""",x\n', True),
        (b'a, "b"\n', False),  # a space before the quote
        (b'a,"b"c\n', False),  # text after the closing quote
        (b'a,b"c\n', False),  # a quote in a plain cell
        (b'a,"b\n', False),  # a cell left open
        (b'a,""x\n', False),
        (b"a,b\n", True),
    ],
)
def test_well_quoted(text: bytes, expected: bool) -> None:
    assert well_quoted(text) is expected


OTHER_CELLS = {
    "at": ("2026-10-05T09:00:00+02:00", "2026-10-05 09:30", "2026-10-05T07:00Z", "x"),
    "wait": ("12.5", "0:01:30", "1h2m", "90", "-1", "", "1.1234567"),
    "answered": ("yes", "no", "TRUE", "0", "maybe"),
    "service": ("api", "", " web ", "a,b"),
    "lead": ("L-1", "", "true", "0042"),
    "qualified": ("true", "false", "", "TRUE"),
    "due_at": ("", "2026-10-06T09:00+02:00", "2026-10-06 09:00", "later"),
}
OTHER_COLUMNS = {
    "contacts": (("at", "wait", "answered"), ("service",)),
    "records": (("at",), ("lead", "qualified", "due_at", "service")),
}


@st.composite
def other_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A contacts or records CSV: cells from pools, rarely in the dialect's traps."""
    kind = draw(st.sampled_from(sorted(OTHER_COLUMNS)))
    required, optional = OTHER_COLUMNS[kind]
    names = [*required, *draw(st.lists(st.sampled_from(optional), unique=True))]
    lines = [draw(st.sampled_from(["", "# tz: Europe/Berlin\n"])) + ",".join(names)]
    for _ in range(draw(st.integers(0, 5))):
        texts = [draw(st.sampled_from(OTHER_CELLS[name])) for name in names]
        lines.append(",".join(draw(cells(text)) for text in texts))
    return kind, ("\n".join(lines) + "\n").encode()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(other_files())
def test_other_inputs_read_alike(tmp_path: Path, example: tuple[str, bytes]) -> None:
    """Contacts and records: the CSV readers' objects, or their very errors."""
    kind, data = example
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(data)
    try:
        expected: object = csv_objects(kind, str(path), None)
    except SlaError as exc:
        expected = str(exc)
    try:
        found: object = list(getattr(as_the_cli_reads(kind, path), kind))
    except SlaError as exc:
        found = str(exc)
    if kind == "records" and isinstance(found, list):
        found = [dict(record) for record in found]
    assert found == expected
