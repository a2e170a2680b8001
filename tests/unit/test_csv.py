"""CSV inputs: every column rule and every problem, with its line and column.

Readings decided here (docs/reference/csv-inputs.md states them for users):

- Line numbers are physical lines of the file, 1-based, comment and blank lines
  included; a row spanning lines is reported at its first line.
- A problem with the header or the time zone stops the reading before the rows.
- A timestamp with an offset keeps it; one without is read in the zone of the
  ``# tz:`` line or of ``tz=`` (both: the same zone, else a problem); a wall time
  skipped or repeated at a DST change is a problem.
- Ticket ids stay strings; ``tags`` splits on ``|``; other extra columns are
  strings, bools (``true``/``false``) or, for ``*_at`` columns, instants.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from slacore import (
    CalendarError,
    Contact,
    DataFileError,
    FileProblem,
    Outage,
    Response,
    Ticket,
    TicketEvent,
)
from slacore._csv import (
    PROGRESS_EVERY,
    read_contacts,
    read_outages,
    read_records,
    read_responses,
    read_tickets,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"
BERLIN = ZoneInfo("Europe/Berlin")
PLUS2 = timezone(timedelta(hours=2))
PLUS1 = timezone(timedelta(hours=1))
READERS = [read_tickets, read_outages, read_contacts, read_responses, read_records]
HEADERS = {
    read_tickets: "ticket_id,at,kind,value",
    read_outages: "service,start,end",
    read_contacts: "at,wait,answered",
    read_responses: "at,score",
    read_records: "at",
}
IDS = [reader.__name__ for reader in READERS]
NAIVE = "no UTC offset, and no time zone is stated"


def load(reader, text, **kwargs):
    return reader(io.StringIO(text), **kwargs)


def problems(reader, text, **kwargs):
    """The (line, where, message) of each problem reading *text*."""
    with pytest.raises(DataFileError) as info:
        load(reader, text, **kwargs)
    return [(p.line, p.where, p.message) for p in info.value.problems]


def only_problem(reader, text, **kwargs) -> FileProblem:
    with pytest.raises(DataFileError) as info:
        load(reader, text, **kwargs)
    [problem] = info.value.problems
    return problem


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def record_at(cell: str, **kwargs):
    """The ``at`` of a one-row records file holding *cell*."""
    [record] = load(read_records, f"at\n{cell}\n", **kwargs)
    return record["at"]


def record_problem(cell: str, **kwargs) -> FileProblem:
    return only_problem(read_records, f"at\n{cell}\n", **kwargs)


# -- sources ---------------------------------------------------------------------------


class TestSources:
    def test_path_as_str_and_pathlike(self, tmp_path):
        """A path may be a str or an os.PathLike; both read the same file."""
        path = tmp_path / "r.csv"
        path.write_text("at,n\n2026-10-05T09:00:00Z,1\n", encoding="utf-8")
        expected = [{"at": datetime(2026, 10, 5, 9, tzinfo=UTC), "n": "1"}]
        assert read_records(path) == expected
        assert read_records(str(path)) == expected

    def test_error_names_the_path(self, tmp_path):
        """The error's path is the file's path, and its message starts with it."""
        path = tmp_path / "bad.csv"
        path.write_text("at\nnoon\n", encoding="utf-8")
        with pytest.raises(DataFileError) as info:
            read_records(path)
        assert info.value.path == str(path)
        assert str(info.value).startswith(f"{path}: 1 problem\n")

    def test_error_names_a_stream(self):
        """For a stream the error's path is "<stream>"."""
        with pytest.raises(DataFileError, match=r"^<stream>: 1 problem") as info:
            load(read_records, "at\nnoon\n")
        assert info.value.path == "<stream>"

    def test_byte_order_mark_in_a_file(self, tmp_path):
        """A UTF-8 byte order mark before the header is ignored."""
        path = tmp_path / "bom.csv"
        path.write_bytes(b"\xef\xbb\xbfat,n\r\n2026-10-05T09:00:00Z,1\r\n")
        assert read_records(path)[0]["n"] == "1"

    def test_byte_order_mark_in_a_stream(self):
        """A stream's leading byte order mark is ignored too."""
        text = "\ufeffat\n2026-10-05T09:00:00Z\n"
        assert len(load(read_records, text)) == 1

    def test_byte_order_mark_before_a_comment(self):
        """The mark may come before a comment line."""
        text = "\ufeff# tz: UTC\nat\n2026-10-05 09:00\n"
        assert load(read_records, text)[0]["at"].tzinfo == ZoneInfo("UTC")

    def test_crlf_and_line_breaks_in_quoted_cells(self, tmp_path):
        """CRLF files read; a line break inside a quoted cell is kept."""
        path = tmp_path / "crlf.csv"
        path.write_bytes(
            b'at,note\r\n2026-10-05T09:00:00Z,"two\r\nlines"\r\n2026-10-05T10:00:00Z,x\r\n'
        )
        records = read_records(path)
        assert [r["note"] for r in records] == ["two\r\nlines", "x"]

    def test_an_open_file(self, tmp_path):
        """An open text file is a stream."""
        path = tmp_path / "o.csv"
        path.write_text("at\n2026-10-05T09:00:00Z\n", encoding="utf-8")
        with path.open(encoding="utf-8", newline="") as stream:
            assert len(read_records(stream)) == 1

    def test_missing_file(self, tmp_path):
        """A file that is not there raises the OS error, not a data error."""
        with pytest.raises(FileNotFoundError):
            read_records(tmp_path / "nope.csv")

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are one problem of the file, without a line."""
        path = tmp_path / "latin1.csv"
        path.write_bytes("at,name\n2026-10-05T09:00:00Z,Müller\n".encode("latin-1"))
        with pytest.raises(DataFileError) as info:
            read_records(path)
        assert info.value.problems == (
            FileProblem("file", "the file is not UTF-8 text", None, None, "b'\\xfc'"),
        )

    def test_not_utf8_keeps_earlier_problems(self, tmp_path):
        """Problems found before the bad bytes are still listed, first."""
        path = tmp_path / "mixed.csv"
        rows = "at\nnoon\n" + "2026-10-05T09:00:00Z\n" * 3000
        path.write_bytes(rows.encode() + b"\xff\n")
        with pytest.raises(DataFileError) as info:
            read_records(path)
        assert [(p.line, p.where) for p in info.value.problems] == [
            (2, "at"),
            (None, "file"),
        ]

    def test_binary_stream(self):
        """A binary stream is a TypeError: a path or a text stream is needed."""
        with pytest.raises(TypeError, match=r"got lines of bytes$"):
            read_records(io.BytesIO(b"at\n"))  # type: ignore[arg-type]

    @pytest.mark.parametrize("reader", READERS, ids=IDS)
    def test_every_reader_takes_a_stream_and_returns_a_list(self, reader):
        """Each reader reads a header-only stream as no objects."""
        assert load(reader, HEADERS[reader] + "\n") == []


class TestTzArgument:
    def test_name_or_zoneinfo(self):
        """tz may be an IANA name or a ZoneInfo."""
        assert record_at("2026-10-05 09:00", tz="Europe/Berlin").tzinfo is BERLIN
        assert record_at("2026-10-05 09:00", tz=BERLIN).tzinfo is BERLIN

    @pytest.mark.parametrize("name", ["Mars/Olympus", "Europe", "x" * 300, ""])
    def test_unknown_zone(self, name):
        """An unknown tz raises CalendarError before anything is read."""
        with pytest.raises(CalendarError, match=r"^unknown time zone "):
            load(read_records, "not even a header", tz=name)

    def test_wrong_type(self):
        """A tz that is neither a name nor a ZoneInfo is a TypeError."""
        with pytest.raises(TypeError, match=r"IANA time zone name or a ZoneInfo"):
            load(read_records, "at\n", tz=3)  # type: ignore[arg-type]


# -- layout: header, comments, blank lines, rows ---------------------------------------


class TestHeader:
    def test_empty_file(self):
        """An empty file has no header: a problem at line 1."""
        assert problems(read_records, "") == [
            (1, "header", "the file has no header row")
        ]

    def test_only_comments_and_blank_lines(self):
        """The missing header is reported on the line after the last."""
        assert problems(read_records, "# tz: UTC\n\n# more\n") == [
            (4, "header", "the file has no header row")
        ]

    @pytest.mark.parametrize("reader", READERS, ids=IDS)
    def test_missing_required_columns(self, reader):
        """Each missing required column is a problem at the header line."""
        required = HEADERS[reader].split(",")
        found = problems(reader, "something\n")
        closed = reader in (read_outages, read_contacts)
        assert (
            found
            == [(1, name, "missing required column") for name in required]
            + [(1, "something", "unknown column")] * closed
        )

    def test_missing_column_names_what_is_required(self):
        """The problem says which columns are required."""
        problem = only_problem(read_outages, "service,start\n")
        assert (problem.line, problem.where, problem.message) == (
            1,
            "end",
            "missing required column",
        )
        assert problem.expected == "service, start, end"

    def test_duplicate_column(self):
        """A column named twice is a problem naming both positions."""
        assert problems(read_records, "at,lead,lead\n") == [
            (1, "lead", "duplicate column (columns 2 and 3)")
        ]

    def test_unnamed_column(self):
        """A column without a name (a trailing comma) is a problem."""
        assert problems(read_records, "at,lead,\n") == [
            (1, "column 3", "the column has no name")
        ]

    @pytest.mark.parametrize(
        ("reader", "header", "allowed"),
        [
            (read_outages, "service,start,end,cause", "service, start, end, planned"),
            (read_contacts, "at,wait,answered,agent", "at, wait, answered, service"),
        ],
        ids=["outages", "contacts"],
    )
    def test_unknown_column_in_closed_files(self, reader, header, allowed):
        """Outages and contacts files allow no other columns."""
        problem = only_problem(reader, header + "\n")
        assert (problem.line, problem.where, problem.message) == (
            1,
            header.rsplit(",", 1)[1],
            "unknown column",
        )
        assert problem.expected == allowed

    def test_priority_column_in_tickets(self):
        """A tickets file may not have a priority column."""
        assert problems(read_tickets, "ticket_id,at,kind,value,priority\n") == [
            (1, "priority", "not allowed: the priority is the created row's value")
        ]

    def test_header_problems_stop_the_reading(self):
        """With a bad header, rows are not checked: only the header is reported."""
        text = "at,at\nnoon\n"
        assert problems(read_records, text) == [
            (1, "at", "duplicate column (columns 1 and 2)")
        ]

    def test_names_are_stripped_and_order_is_free(self):
        """Spaces around names are ignored and columns may come in any order."""
        [outage] = load(
            read_outages,
            " end , service ,start\n2026-10-05T10:00:00Z,api,2026-10-05T09:00:00Z\n",
        )
        assert outage == Outage(
            "api",
            datetime(2026, 10, 5, 9, tzinfo=UTC),
            datetime(2026, 10, 5, 10, tzinfo=UTC),
        )

    def test_names_are_case_sensitive(self):
        """ "At" is not "at"."""
        assert problems(read_records, "At\n") == [(1, "at", "missing required column")]

    def test_unreadable_header(self):
        """A header the CSV parser can't read is a problem at its line."""
        assert problems(read_records, '# c\n"at"x\n') == [
            (2, "header", "unreadable CSV: ',' expected after '\"'")
        ]


class TestLayout:
    def test_comments_and_blank_lines_count_as_lines(self):
        """Line numbers are physical: comments and blank lines count."""
        text = "# exported 2026-11-01\n\n# tz: UTC\nat\n\n  \n2026-10-05 09:00\nnoon\n"
        assert problems(read_records, text) == [
            (
                8,
                "at",
                "not a timestamp",
            )
        ]

    def test_blank_lines_are_skipped(self):
        """Empty and whitespace-only lines between rows are no records."""
        text = "at\n\n2026-10-05T09:00:00Z\n   \n\t\n2026-10-05T10:00:00Z\n\n"
        assert len(load(read_records, text)) == 2

    def test_comment_after_the_header_is_a_row(self):
        """After the header, a line starting with # is data."""
        text = "ticket_id,at,kind,value\n#42,2026-10-05T09:00:00Z,created,low\n"
        assert [t.id for t in load(read_tickets, text)] == ["#42"]

    def test_free_comments_are_ignored(self):
        """Comments that are not a tz line are ignored."""
        text = "# hello\n#tzdata is great\n#\nat\n2026-10-05T09:00:00Z\n"
        assert len(load(read_records, text)) == 1

    def test_row_spanning_lines_is_reported_at_its_first_line(self):
        """Line numbers after a multi-line cell stay physical."""
        text = 'at,note\n2026-10-05T09:00:00Z,"a\nb\nc"\nnoon,x\n"noon","d\ne"\n'
        assert problems(read_records, text) == [
            (5, "at", "not a timestamp"),
            (6, "at", "not a timestamp"),
        ]

    @pytest.mark.parametrize(
        ("row", "count"),
        [("2026-10-05T09:00:00Z,a,b", 3), ("2026-10-05T09:00:00Z", 1)],
        ids=["more", "fewer"],
    )
    def test_wrong_number_of_cells(self, row, count):
        """A row with more or fewer cells than the header is a problem."""
        assert problems(read_records, f"at,note\n{row}\n") == [
            (2, "row", f"the row has {count} cells but the header has 2")
        ]

    def test_unreadable_rows_are_reported_and_reading_goes_on(self):
        """A row the parser rejects is a problem; the rows after it are checked."""
        text = 'at,note\n2026-10-05T09:00:00Z,"a"b\nnoon,x\n'
        assert problems(read_records, text) == [
            (2, "row", "unreadable CSV: ',' expected after '\"'"),
            (3, "at", "not a timestamp"),
        ]

    def test_unclosed_quote(self):
        """An unclosed quote swallows the rest of the file: a problem, not a cell."""
        text = 'at,note\n2026-10-05T09:00:00Z,"a\n2026-10-05T10:00:00Z,b\n'
        assert problems(read_records, text) == [
            (2, "row", "unreadable CSV: unexpected end of data")
        ]

    def test_cell_too_large(self):
        """Regression (fuzzing): a cell over the limit was refused in the csv
        module's words ("field larger than field limit"); it is a problem at its
        line and column that states the limit, and the next row still reads."""
        text = f"at,note\n2026-10-05T09:00:00Z,{'x' * 200_000}\nnoon,y\n"
        with pytest.raises(DataFileError) as info:
            load(read_records, text)
        first, second = info.value.problems
        assert (first.line, first.where, first.message, first.expected) == (
            2,
            "note",
            "the cell is longer than 131,072 characters, the most it may hold",
            "at most 131,072 characters",
        )
        assert (second.line, second.where) == (3, "at")

    def test_cell_at_the_limit_reads(self):
        """131,072 characters is the most a cell holds, and it holds them."""
        [record] = load(
            read_records, f"at,note\n2026-10-05T09:00:00Z,{'x' * 131_072}\n"
        )
        assert len(record["note"]) == 131_072

    def test_long_quoted_cell_is_placed_in_its_column(self):
        """A quoted cell (commas, doubled quotes, line breaks) is counted as the csv
        module counts it; the problem is at the row's first line."""
        cell = '"a,b ""c""\n' + "y" * 140_000 + '"'
        text = f"at,note,other\n2026-10-05T09:00:00Z, x,{cell}\n"
        assert problems(read_records, text)[0] == (
            2,
            "other",
            "the cell is longer than 131,072 characters, the most it may hold",
        )

    def test_long_header_cell(self):
        """A header cell over the limit is a problem at the header's line."""
        text = f"# a comment\nat,{'n' * 140_000}\n"
        assert problems(read_records, text) == [
            (
                2,
                "header",
                "the cell is longer than 131,072 characters, the most it may hold",
            )
        ]

    def test_the_callers_limit_is_read_not_changed(self):
        """The limit is the process-wide `csv.field_size_limit()`: the readers
        never change it, and honour a caller who raised it."""
        before = csv.field_size_limit()
        text = f"at,note\n2026-10-05T09:00:00Z,{'x' * 200_000}\n"
        with pytest.raises(DataFileError):
            load(read_records, text)
        assert csv.field_size_limit() == before
        try:
            csv.field_size_limit(300_000)
            [record] = load(read_records, text)
        finally:
            csv.field_size_limit(before)
        assert len(record["note"]) == 200_000

    def test_other_unreadable_rows_keep_the_parsers_words(self):
        """A row refused for another reason (a quote after a closing quote)."""
        text = 'at,note\n2026-10-05T09:00:00Z,"a"b\n'
        assert problems(read_records, text) == [
            (2, "row", "unreadable CSV: ',' expected after '\"'")
        ]

    def test_cells_are_stripped(self):
        """Spaces around cells go; quoted cells keep their inside."""
        text = 'at,a,b\n 2026-10-05T09:00:00Z , x ," y, z "\n'
        assert load(read_records, text) == [
            {"at": datetime(2026, 10, 5, 9, tzinfo=UTC), "a": "x", "b": "y, z"}
        ]

    def test_every_bad_row_is_reported_in_line_order(self):
        """All problems of all rows, sorted by line, in one error."""
        text = (
            "service,start,end,planned\n"
            "api,noon,2026-10-05T09:00:00Z,perhaps\n"
            "api,2026-10-05T09:00:00Z,2026-10-05T10:00:00Z,no\n"
            ",2026-10-05T09:00:00Z,,\n"
        )
        assert problems(read_outages, text) == [
            (2, "start", "not a timestamp"),
            (2, "planned", "not a boolean"),
            (4, "service", "a value is required"),
            (4, "end", "a value is required"),
        ]

    def test_error_message_lists_every_problem(self):
        """The error's message has one line per problem after the heading."""
        with pytest.raises(DataFileError) as info:
            load(read_records, "at\nnoon\n\nmidnight\n")
        assert str(info.value) == (
            "<stream>: 2 problems\n"
            "  line 2: at: not a timestamp (expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] "
            "with an offset such as +02:00 or Z, found 'noon')\n"
            "  line 4: at: not a timestamp (expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] "
            "with an offset such as +02:00 or Z, found 'midnight')"
        )


# -- timestamps and zones --------------------------------------------------------------


class TestTimestamps:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("2026-10-05T09:12:00+02:00", datetime(2026, 10, 5, 9, 12, tzinfo=PLUS2)),
            ("2026-10-05 09:12+02:00", datetime(2026, 10, 5, 9, 12, tzinfo=PLUS2)),
            ("2026-10-05T09:12:00+0200", datetime(2026, 10, 5, 9, 12, tzinfo=PLUS2)),
            (
                "2026-10-05T09:12:00+02:00:00",
                datetime(2026, 10, 5, 9, 12, tzinfo=PLUS2),
            ),
            ("2026-10-05T07:12:00Z", datetime(2026, 10, 5, 7, 12, tzinfo=UTC)),
            (
                "2026-10-05T09:12:00.25-03:30",
                datetime(
                    2026,
                    10,
                    5,
                    9,
                    12,
                    0,
                    250_000,
                    tzinfo=timezone(-timedelta(hours=3, minutes=30)),
                ),
            ),
            (
                "2026-10-05T09:12:00.000001+00:00",
                datetime(2026, 10, 5, 9, 12, 0, 1, tzinfo=UTC),
            ),
            ("2026-10-05T09:12:00-00:00", datetime(2026, 10, 5, 9, 12, tzinfo=UTC)),
            (
                "2026-10-05T09:12:00+05:45:30",
                datetime(
                    2026,
                    10,
                    5,
                    9,
                    12,
                    tzinfo=timezone(timedelta(hours=5, minutes=45, seconds=30)),
                ),
            ),
        ],
    )
    def test_with_offset(self, cell, expected):
        """A timestamp with an offset is that instant and keeps the offset."""
        value = record_at(cell)
        assert value == expected
        assert value.utcoffset() == expected.utcoffset()

    def test_offset_wins_over_the_zone(self):
        """In a file with a zone, a timestamp with an offset keeps its offset."""
        value = record_at("2026-10-05T09:12:00+05:00", tz="Europe/Berlin")
        assert value.utcoffset() == timedelta(hours=5)

    @pytest.mark.parametrize(
        "cell",
        [
            "noon",
            "2026-10-05",
            "2026-10-05T09",
            "2026-10-05T9:12",
            "2026/10/05 09:12",
            "2026-10-05t09:12Z",
            "2026-10-05T09:12z",
            "2026-10-05T09:12+02",
            "2026-10-05T09:12 +02:00",
            "20261005T091200Z",
            "2026-W41-1T09:12Z",
            "2026-10-05T09:12:00.Z",
            "٢٠٢٦-10-05T09:12Z",
            "1759648320",
        ],
    )
    def test_not_a_timestamp(self, cell):
        """Other forms are problems naming the accepted form."""
        problem = record_problem(cell)
        assert (problem.line, problem.where, problem.message) == (
            2,
            "at",
            "not a timestamp",
        )
        assert problem.expected == (
            "YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an offset such as +02:00 or Z"
        )
        assert problem.found == repr(cell)

    def test_more_than_microseconds(self):
        """Seven decimal places of a second would be rounded: a problem."""
        problem = record_problem("2026-10-05T09:12:00.1234567Z")
        assert problem.message == "more than 6 decimal places of a second"

    @pytest.mark.parametrize(
        "cell",
        [
            "2026-10-05T09:12+24:00",
            "2026-10-05T09:12+02:60",
            "2026-10-05T09:12-0275",
            "2026-10-05T09:12+02:00:60",
        ],
    )
    def test_offset_out_of_range(self, cell):
        """Offsets need hours below 24 and minutes and seconds below 60."""
        problem = record_problem(cell)
        assert problem.message == "UTC offset out of range"
        assert problem.expected == "an offset from -23:59 to +23:59"

    @pytest.mark.parametrize(
        ("cell", "reason"),
        [
            ("2026-10-32T09:00Z", "day is out of range for month"),
            ("2026-02-29T09:00Z", "day is out of range for month"),
            ("2026-13-01T09:00Z", "month must be in 1..12"),
            ("2026-10-05T24:00Z", "hour must be in 0..23"),
            ("2026-10-05T09:60Z", "minute must be in 0..59"),
            ("2026-10-05T09:00:60Z", "second must be in 0..59"),
            ("0000-01-01T00:00Z", "year 0 is out of range"),
        ],
    )
    def test_invalid_date_or_time(self, cell, reason):
        """Impossible dates and times are problems with the reason."""
        assert record_problem(cell).message == f"not a valid date and time ({reason})"

    def test_naive_without_zone(self):
        """A timestamp without an offset in a file without a zone is a problem."""
        problem = record_problem("2026-10-05 09:12")
        assert (problem.line, problem.where, problem.message) == (2, "at", NAIVE)
        assert problem.expected == "an offset such as +02:00, a '# tz:' line or tz="
        assert problem.found == "'2026-10-05 09:12'"

    def test_naive_in_the_files_zone(self):
        """A "# tz:" line makes timestamps without an offset wall times there."""
        [record] = load(read_records, "# tz: Europe/Berlin\nat\n2026-10-05 09:12\n")
        assert record["at"] == datetime(2026, 10, 5, 9, 12, tzinfo=BERLIN)
        assert record["at"].tzinfo is BERLIN

    @pytest.mark.parametrize(
        "line", ["# tz: Europe/Berlin", "#tz:Europe/Berlin", "# TZ :  Europe/Berlin  "]
    )
    def test_tz_line_spelling(self, line):
        """The tz line allows spaces and any case for "tz"."""
        text = f"{line}\nat\n2026-10-05 09:12\n"
        assert load(read_records, text)[0]["at"].tzinfo is BERLIN

    def test_tz_line_need_not_be_first(self):
        """The tz line may follow other comments (all before the header)."""
        text = "# export\n\n# tz: Europe/Berlin\nat\n2026-10-05 09:12\n"
        assert load(read_records, text)[0]["at"].tzinfo is BERLIN

    def test_same_zone_in_file_and_argument(self):
        """The file and the argument may name the same zone."""
        text = "# tz: Europe/Berlin\nat\n2026-10-05 09:12\n"
        assert len(load(read_records, text, tz=BERLIN)) == 1

    def test_conflicting_zones(self):
        """A file zone other than the tz argument is a problem on the tz line."""
        text = "# note\n# tz: Europe/Berlin\nat\n2026-10-05 09:12\n"
        problem = only_problem(read_records, text, tz="UTC")
        assert (problem.line, problem.where, problem.message) == (
            2,
            "tz",
            "the file states time zone 'Europe/Berlin' but tz='UTC' was passed",
        )
        assert (problem.expected, problem.found) == ("'UTC'", "'Europe/Berlin'")

    @pytest.mark.parametrize("name", ["Mars/Olympus", "Europe", "", "x" * 300])
    def test_unknown_zone_in_file(self, name):
        """An unknown zone on the tz line is a problem at that line."""
        problem = only_problem(read_records, f"# tz: {name}\nat\n2026-10-05 09:12\n")
        assert (problem.line, problem.where, problem.message) == (
            1,
            "tz",
            "unknown time zone",
        )
        assert problem.found == repr(name)

    def test_zone_stated_twice(self):
        """A second tz line is a problem, even when it names the same zone."""
        text = "# tz: UTC\n# tz: UTC\nat\n"
        assert problems(read_records, text) == [
            (2, "tz", "the time zone is stated twice (first on line 1)")
        ]

    def test_zone_problems_stop_the_reading(self):
        """With a bad zone the rows are not read (they would all be naive)."""
        text = "# tz: Nowhere\nat\n2026-10-05 09:12\nnoon\n"
        assert problems(read_records, text) == [(1, "tz", "unknown time zone")]

    def test_skipped_wall_time(self):
        """A wall time the clocks skip (spring forward) is a problem."""
        problem = record_problem("2026-03-29 02:30", tz="Europe/Berlin")
        assert problem.message == "does not exist in Europe/Berlin: the clocks skip it"
        assert problem.expected == (
            "a UTC offset: +01:00 (before the change) or +02:00 (after it)"
        )

    def test_repeated_wall_time(self):
        """A wall time the clocks pass twice (fall back) is a problem."""
        problem = record_problem("2026-10-25 02:30", tz="Europe/Berlin")
        assert problem.message == (
            "ambiguous in Europe/Berlin: the clocks go back over it"
        )
        assert problem.expected == (
            "a UTC offset: +02:00 (the first time) or +01:00 (the second)"
        )

    def test_repeated_wall_time_with_offset(self):
        """With its offset, each of the two instants reads."""
        first = record_at("2026-10-25T02:30:00+02:00", tz="Europe/Berlin")
        second = record_at("2026-10-25T02:30:00+01:00", tz="Europe/Berlin")
        assert second - first == timedelta(hours=1)

    @pytest.mark.parametrize(
        "cell", ["2026-10-25 01:59:59.999999", "2026-10-25 03:00", "2026-03-29 03:00"]
    )
    def test_wall_times_next_to_a_change(self, cell):
        """Wall times just outside a DST change read in the zone."""
        assert record_at(cell, tz="Europe/Berlin").tzinfo is BERLIN


# -- value formats ---------------------------------------------------------------------


def contact_wait(cell: str) -> timedelta:
    [contact] = load(read_contacts, f"at,wait,answered\n2026-10-05T09:00Z,{cell},yes\n")
    return contact.wait


def contact_problem(wait: str = "1", answered: str = "yes") -> FileProblem:
    text = f"at,wait,answered\n2026-10-05T09:00Z,{wait},{answered}\n"
    return only_problem(read_contacts, text)


class TestDurations:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("0", timedelta(0)),
            ("12", timedelta(seconds=12)),
            ("12.5", timedelta(seconds=12, microseconds=500_000)),
            ("0.000001", timedelta(microseconds=1)),
            ("90.123456", timedelta(seconds=90, microseconds=123_456)),
            ("1m30s", timedelta(seconds=90)),
            ("1h", timedelta(hours=1)),
            ("2d3h4m5.5s", timedelta(days=2, hours=3, minutes=4, seconds=5.5)),
            ("1M30S", timedelta(seconds=90)),
            ("45s", timedelta(seconds=45)),
            ("PT90S", timedelta(seconds=90)),
            ("PT1M30.25S", timedelta(seconds=90.25)),
            ("P1DT2H", timedelta(days=1, hours=2)),
            ("P2D", timedelta(days=2)),
            ("pt5m", timedelta(minutes=5)),
            ("0:01:30", timedelta(seconds=90)),
            ("1:02:03.5", timedelta(hours=1, minutes=2, seconds=3.5)),
            ("36:00:00", timedelta(hours=36)),
        ],
    )
    def test_valid(self, cell, expected):
        """Seconds, units, ISO 8601 and clock forms, exact to the microsecond."""
        assert contact_wait(cell) == expected

    @pytest.mark.parametrize(
        "cell",
        [
            "-1",
            "+5",
            "1.",
            ".5",
            "1e3",
            '"1,5"',
            "1_000",
            "1h30",
            "30s1m",
            "P",
            "PT",
            "P1DT",
            "P1M",
            "P1Y",
            "PT1.0000001S",
            "1:2:3",
            "0:60:00",
            "1:00",
            "nan",
            "inf",
            "soon",
        ],
    )
    def test_invalid(self, cell):
        """Anything else, negatives included, is a problem naming the forms."""
        problem = contact_problem(wait=cell)
        assert (problem.line, problem.where, problem.message) == (
            2,
            "wait",
            "not a duration",
        )
        assert problem.expected == (
            "seconds such as 12.5, or 1h2m30s, PT1H2M30S or 1:02:30, never negative"
        )

    def test_negative(self):
        """The compact and ISO forms may carry a sign; a wait never is negative."""
        assert contact_problem(wait="-1h").message == "a wait is never negative"

    @pytest.mark.parametrize("cell", ["12.1234567", "0:00:01.1234567"])
    def test_more_than_microseconds(self, cell):
        """A seventh decimal place would be lost: a problem."""
        assert contact_problem(wait=cell).message == (
            "more than 6 decimal places of a second"
        )

    def test_too_long(self):
        """A duration past what timedelta holds is a problem, not a crash."""
        problem = contact_problem(wait="9" * 20)
        assert problem.message == "the duration is too long"


class TestBooleans:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("true", True),
            ("TRUE", True),
            ("Yes", True),
            ("1", True),
            ("false", False),
            ("No", False),
            ("0", False),
        ],
    )
    def test_valid(self, cell, expected):
        """true/false, yes/no and 1/0, in any case."""
        text = f"at,wait,answered\n2026-10-05T09:00Z,1,{cell}\n"
        assert load(read_contacts, text)[0].answered is expected

    @pytest.mark.parametrize("cell", ["y", "n", "2", "on", "off", "ja", "t"])
    def test_invalid(self, cell):
        """Other words are problems naming the accepted ones."""
        problem = contact_problem(answered=cell)
        assert (problem.where, problem.message) == ("answered", "not a boolean")
        assert problem.expected == "true, false, yes, no, 1 or 0"


# -- tickets ---------------------------------------------------------------------------

TICKETS = """\
ticket_id,at,kind,value,channel,plan,tags,first_seen_at,vip
T-1,2026-10-05T09:12:00+02:00,created,high,email,pro,vip | eu,2026-10-05T09:00Z,true
T-1,2026-10-05T09:40:00+02:00,agent_reply,,,,,,
T-2,2026-10-05T10:00:00+02:00,created,normal,,,,,
T-1,2026-10-05T09:41:00+02:00,status,pending,,,,,
T-1,2026-10-06T08:15:00+02:00,customer_message,via portal,,,,,
T-1,2026-10-06T08:16:00+02:00,status,open,,,,,
T-1,2026-10-06T08:30:00+02:00,priority,urgent,,,,,
T-1,2026-10-06T08:30:00+02:00,internal_note,,,,,,
T-1,2026-10-06T11:30:00+02:00,status,solved,,,,,
"""


def ticket_problems(rows: str, header: str = "ticket_id,at,kind,value"):
    return problems(read_tickets, f"{header}\n{rows}")


def created(ticket_id: str = "T-1", stamp: str = "2026-10-05T09:00:00Z") -> str:
    return f"{ticket_id},{stamp},created,normal\n"


def expected_tickets() -> list[Ticket]:
    """The tickets of TICKETS, built by hand."""

    def t(day: int, hour: int, minute: int) -> datetime:
        return datetime(2026, 10, day, hour, minute, tzinfo=PLUS2)

    return [
        Ticket(
            "T-1",
            t(5, 9, 12),
            "high",
            [
                TicketEvent(t(5, 9, 40), "agent_reply"),
                TicketEvent(t(5, 9, 41), "status", "pending"),
                TicketEvent(t(6, 8, 15), "customer_message", "via portal"),
                TicketEvent(t(6, 8, 16), "status", "open"),
                TicketEvent(t(6, 8, 30), "priority", "urgent"),
                TicketEvent(t(6, 8, 30), "internal_note"),
                TicketEvent(t(6, 11, 30), "status", "solved"),
            ],
            fields={
                "channel": "email",
                "plan": "pro",
                "tags": ("vip", "eu"),
                "first_seen_at": datetime(2026, 10, 5, 9, tzinfo=UTC),
                "vip": True,
            },
        ),
        Ticket("T-2", t(5, 10, 0), "normal"),
    ]


class TestTickets:
    def test_equal_to_hand_built_tickets(self):
        """A ticket file reads into the Tickets one would build by hand."""
        assert load(read_tickets, TICKETS) == expected_tickets()

    def test_rows_in_any_order(self):
        """Rows may come in any order; same-instant events keep their file order."""
        lines = TICKETS.splitlines(keepends=True)
        reversed_file = lines[0] + "".join(reversed(lines[1:]))
        first, second = expected_tickets()
        events = list(first.events)
        events[4], events[5] = events[5], events[4]  # the two at 08:30
        # Reversed, T-2's created row comes before T-1's.
        assert load(read_tickets, reversed_file) == [
            second,
            attrs.evolve(first, events=events),
        ]

    def test_tickets_come_in_the_order_of_their_created_rows(self):
        """The result follows the created rows, not first appearances."""
        rows = (
            "B,2026-10-05T10:00:00Z,agent_reply,\n"
            + created("A")
            + created("B")
            + created("C")
        )
        tickets = load(read_tickets, "ticket_id,at,kind,value\n" + rows)
        assert [t.id for t in tickets] == ["A", "B", "C"]

    def test_ids_stay_strings(self):
        """Numeric ids are kept as written, as strings."""
        text = "ticket_id,at,kind,value\n" + created("0042") + created("7")
        assert [t.id for t in load(read_tickets, text)] == ["0042", "7"]

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("vip", ("vip",)),
            ("vip|eu", ("vip", "eu")),
            (" vip | eu ", ("vip", "eu")),
            ("vip||eu|", ("vip", "eu")),
            ("b|a|b", ("b", "a", "b")),
        ],
    )
    def test_tags(self, cell, expected):
        """Tags split on |, spaces trimmed, empty parts dropped, order kept."""
        text = (
            f"ticket_id,at,kind,value,tags\nT-1,2026-10-05T09:00Z,created,low,{cell}\n"
        )
        assert load(read_tickets, text)[0].fields["tags"] == expected

    @pytest.mark.parametrize("cell", ["", "|", " | "])
    def test_no_tags(self, cell):
        """Tags with no part are an absent field."""
        row = f'T-1,2026-10-05T09:00Z,created,low,"{cell}"'
        text = f"ticket_id,at,kind,value,tags\n{row}\n"
        assert "tags" not in load(read_tickets, text)[0].fields

    def test_field_values(self):
        """Extra columns: strings, bools for true/false, instants for *_at."""
        text = (
            "ticket_id,at,kind,value,plan,vip,churned,count,due_at\n"
            "T-1,2026-10-05T09:00Z,created,low,gold,TRUE,false,12,2026-10-06T09:00Z\n"
        )
        assert dict(load(read_tickets, text)[0].fields) == {
            "plan": "gold",
            "vip": True,
            "churned": False,
            "count": "12",
            "due_at": datetime(2026, 10, 6, 9, tzinfo=UTC),
        }

    def test_bad_field_instant(self):
        """A *_at field that is not a timestamp is a problem in its column."""
        rows = "T-1,2026-10-05T09:00Z,created,low,tomorrow\n"
        assert ticket_problems(rows, "ticket_id,at,kind,value,due_at") == [
            (2, "due_at", "not a timestamp")
        ]

    def test_fields_on_an_event_row(self):
        """Extra columns must be empty on rows other than created."""
        rows = (
            "T-1,2026-10-05T09:00Z,created,low,email,\n"
            "T-1,2026-10-05T10:00Z,agent_reply,,chat,x\n"
        )
        found = ticket_problems(rows, "ticket_id,at,kind,value,channel,tags")
        message = "only a ticket's created row may hold its fields"
        assert found == [(3, "channel", message), (3, "tags", message)]

    def test_created_without_priority(self):
        """A created row needs the priority."""
        assert ticket_problems("T-1,2026-10-05T09:00Z,created,\n") == [
            (2, "value", "a created row needs the priority as its value")
        ]

    @pytest.mark.parametrize("kind", ["status", "priority"])
    def test_change_without_value(self, kind):
        """Status and priority rows need the new value."""
        rows = created() + f"T-1,2026-10-05T10:00Z,{kind},\n"
        assert ticket_problems(rows) == [
            (3, "value", f"a {kind} row needs the new {kind} as its value")
        ]

    def test_unknown_kind(self):
        """An unknown kind is a problem listing the kinds."""
        rows = created() + "T-1,2026-10-05T10:00Z,Agent_Reply,\n"
        problem = only_problem(read_tickets, "ticket_id,at,kind,value\n" + rows)
        assert (problem.line, problem.where, problem.message) == (
            3,
            "kind",
            "unknown kind",
        )
        assert problem.expected == (
            "created, agent_reply, customer_message, group, internal_note, priority, "
            "status"
        )
        assert problem.found == "'Agent_Reply'"

    def test_empty_cells(self):
        """Empty id, at and kind are each a problem."""
        assert ticket_problems(",,,\n") == [
            (2, "ticket_id", "a value is required"),
            (2, "at", "a value is required"),
            (2, "kind", "a value is required"),
        ]

    def test_no_created_row(self):
        """A ticket without a created row is a problem at its first row."""
        rows = (
            created("T-2")
            + "T-1,2026-10-05T10:00Z,agent_reply,\n"
            + "T-1,2026-10-05T11:00Z,status,solved\n"
        )
        problem = only_problem(read_tickets, "ticket_id,at,kind,value\n" + rows)
        assert (problem.line, problem.where, problem.message) == (
            3,
            "ticket_id",
            "ticket 'T-1' has no created row (its rows: lines 3, 4)",
        )
        assert problem.found == "'T-1'"

    def test_no_created_row_lists_ten_lines(self):
        """The message lists the first ten lines and counts the rest."""
        rows = "T-1,2026-10-05T10:00Z,agent_reply,\n" * 12
        [(line, _, message)] = ticket_problems(rows)
        assert line == 2
        assert message == (
            "ticket 'T-1' has no created row "
            "(its rows: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more)"
        )

    def test_second_created_row(self):
        """A second created row is a problem at that row."""
        rows = created() + "T-1,2026-10-05T10:00Z,agent_reply,\n" + created()
        assert ticket_problems(rows) == [
            (
                4,
                "kind",
                "ticket 'T-1' has a second created row (the first is on line 2)",
            )
        ]

    def test_event_before_creation(self):
        """An event before the ticket's creation is a problem at the event's row."""
        rows = (
            "T-1,2026-10-05T08:59:59Z,agent_reply,\n"
            + created()
            + "T-1,2026-10-05T09:00:00Z,agent_reply,\n"
        )
        problem = only_problem(read_tickets, "ticket_id,at,kind,value\n" + rows)
        assert (problem.line, problem.where, problem.message) == (
            2,
            "at",
            "before ticket 'T-1' was created (on line 3)",
        )
        assert problem.expected == "not before 2026-10-05T09:00:00+00:00"
        assert problem.found == "'2026-10-05T08:59:59+00:00'"

    def test_event_before_creation_across_offsets(self):
        """Instants are compared, not wall times."""
        rows = created(stamp="2026-10-05T09:00:00+02:00") + (
            "T-1,2026-10-05T08:00:00+01:00,agent_reply,\n"
        )
        assert len(load(read_tickets, "ticket_id,at,kind,value\n" + rows)) == 1

    def test_bad_created_row_is_reported_once(self):
        """With a bad created row, its problem is reported, not more."""
        rows = "T-1,noon,created,low\nT-1,2026-10-05T10:00Z,agent_reply,\n"
        assert ticket_problems(rows) == [(2, "at", "not a timestamp")]

    def test_bad_event_row_drops_nothing_silently(self):
        """A bad event row is reported; its ticket is not returned without it."""
        rows = created() + "T-1,noon,agent_reply,\n" + created("T-2")
        assert ticket_problems(rows) == [(3, "at", "not a timestamp")]

    def test_row_without_id_is_still_checked(self):
        """A row without an id reports its other problems too."""
        assert ticket_problems(",noon,created,\n") == [
            (2, "ticket_id", "a value is required"),
            (2, "at", "not a timestamp"),
            (2, "value", "a created row needs the priority as its value"),
        ]

    def test_naive_in_zone(self):
        """Ticket timestamps follow the zone rules."""
        text = (
            "# tz: Europe/Berlin\nticket_id,at,kind,value\n"
            "T-1,2026-10-05 09:00,created,low\n"
        )
        [ticket] = load(read_tickets, text)
        assert ticket.created_at == datetime(2026, 10, 5, 9, tzinfo=BERLIN)


# -- outages, contacts, responses, records ---------------------------------------------


class TestOutages:
    def test_rows(self):
        """Each row is an Outage; planned is optional and empty means false."""
        text = (
            "service,start,end,planned\n"
            "api,2026-10-07T14:02:00+02:00,2026-10-07T14:31:00+02:00,\n"
            "web,2026-10-18T02:00:00+02:00,2026-10-18T04:00:00+02:00,YES\n"
            "db,2026-10-19T02:00:00+02:00,2026-10-19T02:00:00+02:00,0\n"
        )
        assert load(read_outages, text) == [
            Outage(
                "api", at("2026-10-07T14:02:00+02:00"), at("2026-10-07T14:31:00+02:00")
            ),
            Outage(
                "web",
                at("2026-10-18T02:00:00+02:00"),
                at("2026-10-18T04:00:00+02:00"),
                planned=True,
            ),
            Outage(
                "db", at("2026-10-19T02:00:00+02:00"), at("2026-10-19T02:00:00+02:00")
            ),
        ]

    def test_without_planned_column(self):
        """The planned column may be left out."""
        text = "service,start,end\napi,2026-10-07T14:02Z,2026-10-07T14:31Z\n"
        assert load(read_outages, text)[0].planned is False

    def test_end_before_start(self):
        """An outage that ends before it starts is a problem in end."""
        text = "service,start,end\napi,2026-10-07T14:02Z,2026-10-07T14:01Z\n"
        problem = only_problem(read_outages, text)
        assert (problem.line, problem.where, problem.message) == (
            2,
            "end",
            "the outage ends before it starts",
        )
        assert problem.expected == "not before 2026-10-07T14:02:00+00:00"

    def test_required_cells(self):
        """Service, start and end are required."""
        assert problems(read_outages, "service,start,end\n,,\n") == [
            (2, "service", "a value is required"),
            (2, "start", "a value is required"),
            (2, "end", "a value is required"),
        ]


class TestContacts:
    def test_rows(self):
        """Each row is a Contact with its at, wait, answered and service."""
        text = (
            "at,wait,answered,service\n"
            "2026-10-05T09:00:04Z,12.5,yes,phone\n"
            "2026-10-05T09:01:10Z,1m30s,no,\n"
        )
        assert load(read_contacts, text) == [
            Contact(
                timedelta(seconds=12.5),
                answered=True,
                at=at("2026-10-05T09:00:04+00:00"),
                service="phone",
            ),
            Contact(
                timedelta(seconds=90),
                answered=False,
                at=at("2026-10-05T09:01:10+00:00"),
            ),
        ]

    def test_required_cells(self):
        """At, wait and answered are required."""
        assert problems(read_contacts, "at,wait,answered\n,,\n") == [
            (2, "at", "a value is required"),
            (2, "wait", "a value is required"),
            (2, "answered", "a value is required"),
        ]


class TestResponses:
    def test_rows(self):
        """Each row is a Response; other columns are fields, empty cells absent."""
        text = (
            "at,score,service,csat,comment,followed_up_at\n"
            '2026-10-06T10:00:00+02:00,9,api,5,"fast, friendly",\n'
            "2026-10-06T11:30:00+02:00,-0.5,,,,2026-10-07T09:00Z\n"
        )
        assert load(read_responses, text) == [
            Response(
                at("2026-10-06T10:00:00+02:00"),
                Decimal(9),
                service="api",
                fields={"csat": "5", "comment": "fast, friendly"},
            ),
            Response(
                at("2026-10-06T11:30:00+02:00"),
                Decimal("-0.5"),
                fields={"followed_up_at": datetime(2026, 10, 7, 9, tzinfo=UTC)},
            ),
        ]

    def test_score_is_exact(self):
        """Scores are read exactly as Decimals."""
        text = "at,score\n2026-10-06T10:00Z,8.10\n"
        assert str(load(read_responses, text)[0].score) == "8.10"

    @pytest.mark.parametrize(
        "cell", ["nine", "1e1", "NaN", "Infinity", '"8,5"', "1_0", "."]
    )
    def test_bad_score(self, cell):
        """A score that is not a plain decimal number is a problem."""
        problem = only_problem(read_responses, f"at,score\n2026-10-06T10:00Z,{cell}\n")
        assert (problem.where, problem.message) == ("score", "not a number")
        assert problem.expected == "a decimal number such as 9 or 8.5"

    def test_required_cells(self):
        """At and score are required."""
        assert problems(read_responses, "at,score\n,\n") == [
            (2, "at", "a value is required"),
            (2, "score", "a value is required"),
        ]

    def test_bad_field(self):
        """A bad *_at field is a problem; the response is not returned."""
        text = "at,score,sent_at\n2026-10-06T10:00Z,9,yesterday\n"
        assert problems(read_responses, text) == [(2, "sent_at", "not a timestamp")]


class TestRecords:
    def test_rows(self):
        """Records are dicts: at, *_at instants, bools, strings; empty cells absent."""
        text = (
            "# tz: Europe/Berlin\n"
            "at,lead,amount,qualified,contacted_at\n"
            "2026-10-05 09:12,L-1,1200.50,True,2026-10-05 11:00\n"
            "2026-10-05 17:40,L-2,,false,\n"
        )
        assert load(read_records, text) == [
            {
                "at": datetime(2026, 10, 5, 9, 12, tzinfo=BERLIN),
                "lead": "L-1",
                "amount": "1200.50",
                "qualified": True,
                "contacted_at": datetime(2026, 10, 5, 11, tzinfo=BERLIN),
            },
            {
                "at": datetime(2026, 10, 5, 17, 40, tzinfo=BERLIN),
                "lead": "L-2",
                "qualified": False,
            },
        ]

    def test_only_true_and_false_are_bools(self):
        """yes/no/1/0 stay strings in records (a count of 1 is not True)."""
        text = "at,a,b,c\n2026-10-05T09:00Z,yes,1,0\n"
        assert load(read_records, text)[0] == {
            "at": datetime(2026, 10, 5, 9, tzinfo=UTC),
            "a": "yes",
            "b": "1",
            "c": "0",
        }

    def test_at_is_required(self):
        """A record needs its at."""
        assert problems(read_records, "at,lead\n,L-1\n") == [
            (2, "at", "a value is required")
        ]

    def test_bad_instant_field(self):
        """Every bad timestamp of a row is reported."""
        text = "at,contacted_at,closed_at\nnoon,later,2026-10-05 09:00\n"
        assert problems(read_records, text) == [
            (2, "at", "not a timestamp"),
            (2, "contacted_at", "not a timestamp"),
            (2, "closed_at", NAIVE),
        ]

    def test_a_column_named_at_suffix_only(self):
        """A column named "_at" holds instants too; "flat" does not."""
        text = "at,_at,flat\n2026-10-05T09:00Z,2026-10-05T10:00Z,x\n"
        record = load(read_records, text)[0]
        assert record["_at"] == datetime(2026, 10, 5, 10, tzinfo=UTC)
        assert record["flat"] == "x"


# -- progress --------------------------------------------------------------------------


class TestProgress:
    def test_called_every_ten_thousand_rows(self):
        """progress gets the row count every 10,000 rows (blank lines not counted)."""
        rows = "2026-10-05T09:00:00Z\n\n" * 25_000
        calls: list[int] = []
        records = load(read_records, "at\n" + rows, progress=calls.append)
        assert len(records) == 25_000
        assert calls == [10_000, 20_000]
        assert PROGRESS_EVERY == 10_000

    def test_not_called_for_small_files(self):
        """A file under 10,000 rows never calls progress."""
        calls: list[int] = []
        load(read_records, "at\n2026-10-05T09:00:00Z\n", progress=calls.append)
        assert calls == []

    @pytest.mark.parametrize("reader", READERS, ids=IDS)
    def test_every_reader_reports(self, reader):
        """Every reader passes progress on, counting bad rows too."""
        calls: list[int] = []
        text = HEADERS[reader] + "\n" + "x\n" * PROGRESS_EVERY
        with pytest.raises(DataFileError):
            load(reader, text, progress=calls.append)
        assert calls == [PROGRESS_EVERY]


# -- the sample files ------------------------------------------------------------------


class TestSampleFiles:
    def test_tickets(self):
        """tickets.csv: 36 tickets of October 2026, all priorities, all kinds."""
        tickets = read_tickets(DATA / "tickets.csv")
        assert len(tickets) == 36
        assert {t.priority for t in tickets} == {"low", "normal", "high", "urgent"}
        kinds = {e.kind for t in tickets for e in t.events}
        assert kinds == {
            "agent_reply",
            "customer_message",
            "internal_note",
            "status",
            "priority",
        }
        statuses = {e.value for t in tickets for e in t.events if e.kind == "status"}
        assert statuses == {"pending", "open", "solved"}
        october = (
            datetime(2026, 10, 1, tzinfo=BERLIN),
            datetime(2026, 11, 1, tzinfo=BERLIN),
        )
        assert all(october[0] <= t.created_at < october[1] for t in tickets)
        reopened = [
            t for t in tickets if sum(e.value == "solved" for e in t.events) > 1
        ]
        assert [t.id for t in reopened] == ["T-1012"]

    def test_outages(self):
        """outages.csv: six outages, one planned, one over the DST night."""
        outages = read_outages(DATA / "outages.csv")
        assert [(o.service, o.end - o.start, o.planned) for o in outages] == [
            ("api", timedelta(minutes=29), False),
            ("web", timedelta(minutes=15), False),
            ("api", timedelta(hours=2), True),
            ("api", timedelta(minutes=20), False),
            ("api", timedelta(minutes=105), False),
            ("web", timedelta(minutes=7), False),
        ]

    def test_contacts(self):
        """contacts.csv states Europe/Berlin and uses local times."""
        contacts = read_contacts(DATA / "contacts.csv")
        assert len(contacts) == 251
        assert all(c.at is not None and c.at.tzinfo is BERLIN for c in contacts)
        assert {c.service for c in contacts} == {"phone", "chat"}
        assert any(not c.answered for c in contacts)
        assert read_contacts(DATA / "contacts.csv", tz="Europe/Berlin") == contacts

    def test_responses(self):
        """responses.csv: 60 responses with scores 0-10, csat and comments."""
        responses = read_responses(DATA / "responses.csv")
        assert len(responses) == 60
        assert all(0 <= r.score <= 10 for r in responses)
        assert {r.service for r in responses} == {"api", "web", None}
        assert any("comment" in r.fields for r in responses)

    def test_records(self):
        """records.csv: 80 leads, most with contacted_at."""
        records = read_records(DATA / "records.csv")
        assert len(records) == 80
        contacted = [r for r in records if "contacted_at" in r]
        assert 0 < len(contacted) < 80
        assert all(r["contacted_at"] > r["at"] for r in contacted)
        assert {type(r["qualified"]) for r in records} == {bool}

    def test_tickets_bad(self):
        """tickets_bad.csv reports each of its problems at its line."""
        with pytest.raises(DataFileError) as info:
            read_tickets(DATA / "tickets_bad.csv")
        found = [(p.line, p.where, p.message) for p in info.value.problems]
        assert found == [
            (4, "at", NAIVE),
            (6, "at", "before ticket 'T-3' was created (on line 5)"),
            (7, "ticket_id", "ticket 'T-4' has no created row (its rows: line 7)"),
            (
                9,
                "kind",
                "ticket 'T-5' has a second created row (the first is on line 8)",
            ),
            (10, "kind", "unknown kind"),
            (10, "ticket_id", "ticket 'T-6' has no created row (its rows: line 10)"),
            (11, "value", "a created row needs the priority as its value"),
            (12, "value", "a status row needs the new status as its value"),
            (13, "channel", "only a ticket's created row may hold its fields"),
            (14, "at", "not a valid date and time (day is out of range for month)"),
            (15, "row", "the row has 8 cells but the header has 7"),
        ]
        assert info.value.path == str(DATA / "tickets_bad.csv")

    def test_tickets_naive(self):
        """tickets_naive.csv: every row lacks an offset; tz= fixes the file."""
        with pytest.raises(DataFileError) as info:
            read_tickets(DATA / "tickets_naive.csv")
        assert [(p.line, p.message) for p in info.value.problems] == [
            (line, NAIVE) for line in (2, 3, 4, 5)
        ]
        tickets = read_tickets(DATA / "tickets_naive.csv", tz="Europe/Berlin")
        assert [(t.id, t.created_at) for t in tickets] == [
            ("T-1", datetime(2026, 10, 5, 9, 12, tzinfo=BERLIN)),
            ("T-2", datetime(2026, 10, 6, 14, 30, tzinfo=BERLIN)),
        ]

    def test_outages_bad(self):
        """outages_bad.csv reports each of its problems at its line."""
        with pytest.raises(DataFileError) as info:
            read_outages(DATA / "outages_bad.csv")
        assert [(p.line, p.where, p.message) for p in info.value.problems] == [
            (2, "end", "the outage ends before it starts"),
            (3, "service", "a value is required"),
            (4, "start", NAIVE),
            (4, "planned", "not a boolean"),
            (5, "end", "a value is required"),
        ]

    def test_sample_error_message(self):
        """The message of a bad file starts with its path and problem count."""
        with pytest.raises(DataFileError, match=r"tickets_bad\.csv: 11 problems\n"):
            read_tickets(DATA / "tickets_bad.csv")


def test_dataset_takes_what_the_readers_return():
    """The readers' results go straight into a Dataset."""
    from slacore import Dataset

    data = Dataset(
        tickets=read_tickets(DATA / "tickets.csv"),
        outages=read_outages(DATA / "outages.csv"),
        contacts=read_contacts(DATA / "contacts.csv"),
        responses=read_responses(DATA / "responses.csv"),
        records=read_records(DATA / "records.csv"),
    )
    assert (len(data.tickets), len(data.records)) == (36, 80)
    assert re.fullmatch(r"L-\d+", data.records[0]["lead_id"])
