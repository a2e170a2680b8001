# The shared line-by-line reader of slacore's CSV inputs.
#
# `CsvFile` streams one file line by line (the text is never held whole), reads its
# header and its `# tz:` line, yields its rows with their physical line numbers,
# reads cells (timestamps, durations, booleans, numbers, extra fields) and collects
# every problem it finds; `read_csv` opens a source and runs one reader's `build`
# over it, raising one `DataFileError` listing every problem. The readers of each
# kind of file are in `_csv_tickets` and `_csv`.

from __future__ import annotations

import csv
import itertools
import os
import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from ._durations import parse_duration
from ._instants import Refusal, parse_instant
from ._time import to_zone
from .exceptions import CalendarError, DataFileError, FileProblem, SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from zoneinfo import ZoneInfo

_T = TypeVar("_T")
Source: TypeAlias = "str | os.PathLike[str] | IO[str]"
"""What a CSV reader reads: a path, or an open text stream."""
_Progress: TypeAlias = "Callable[[int], None] | None"

PROGRESS_EVERY: Final = 10_000
"""A reader calls its `progress` callback every this many rows."""

_STREAM: Final = "<stream>"
"""The `path` of the error when the source is an open stream rather than a path."""

_NO_ZONE: Final = "an offset such as +02:00, a '# tz:' line or tz="
_TZ_LINE: Final = re.compile(r"#\s*tz\s*:(.*)", re.IGNORECASE | re.DOTALL)
_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
# Durations: seconds (90, 12.5) or a clock (0:01:30) read here, each as (days,
# hours, minutes, seconds, fraction of a second); the compact and ISO 8601 forms
# (1h2m30s, PT1M30S) by `parse_duration`, as everywhere in slacore.
_SECONDS: Final = re.compile(r"()()()(\d+)(?:\.(\d+))?", re.ASCII)
_CLOCK: Final = re.compile(r"()(\d+):([0-5]\d):([0-5]\d)(?:\.(\d+))?", re.ASCII)
_DURATION_FORM: Final = (
    "seconds such as 12.5, or 1h2m30s, PT1H2M30S or 1:02:30, never negative"
)
_BOOLEANS: Final = {
    "true": True,
    "yes": True,
    "1": True,
    "false": False,
    "no": False,
    "0": False,
}
_BOOLEAN_FORM: Final = "true, false, yes, no, 1 or 0"
_CELL_BOOLEANS: Final = {"true": True, "false": False}


class _Bad(Exception):  # noqa: N818 - internal: a cell's problem, never escapes
    """A cell that is not valid: what is wrong and what would have been valid."""

    def __init__(self, message: str, expected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


def _microseconds(fraction: str | None) -> int:
    """The digits after a decimal point as microseconds (at most 6 digits)."""
    if fraction is None:
        return 0
    if len(fraction) > 6:
        msg = "more than 6 decimal places of a second"
        raise _Bad(msg, "microseconds at most")
    return int(fraction.ljust(6, "0"))


def _kept(lines: Iterator[str], into: list[str]) -> Iterator[str]:
    """`lines`, each also appended to `into` (which the caller clears per row)."""
    keep = into.append
    for line in lines:
        keep(line)
        yield line


def _long_cell(text: str, limit: int) -> int | None:
    """The index of the first cell of CSV row `text` over `limit` characters.

    Follows the dialect the readers use (commas; ``"`` quotes a cell, doubled
    inside it; spaces before a cell skipped), counting as the csv module does;
    None when no cell is that long (the row was refused for something else).
    """
    index = length = position = 0
    quoted = False
    start = True
    while position < len(text):
        char = text[position]
        position += 1
        if quoted:
            if char == '"':
                if text[position : position + 1] != '"':
                    quoted = False
                    continue
                position += 1
        elif char == ",":
            index += 1
            length = 0
            start = True
            continue
        elif char in "\r\n" or (start and char == " "):
            continue
        elif start and char == '"':
            quoted = True
            start = False
            continue
        start = False
        length += 1
        if length > limit:
            return index
    return None


def _duration(text: str) -> timedelta:
    found = _SECONDS.fullmatch(text) or _CLOCK.fullmatch(text)
    if found is None:
        try:
            value = parse_duration(text)
        except SlaError:
            msg = "not a duration"
            raise _Bad(msg, _DURATION_FORM) from None
        if value < timedelta(0):
            msg = "a wait is never negative"
            raise _Bad(msg, _DURATION_FORM)
        return value
    days, hours, minutes, seconds, fraction = found.groups()
    whole = int(days or 0) * 86_400 + int(hours or 0) * 3600
    whole += int(minutes or 0) * 60 + int(seconds or 0)
    micro = _microseconds(fraction)
    try:
        return timedelta(seconds=whole, microseconds=micro)
    except OverflowError:
        msg = "the duration is too long"
        raise _Bad(msg, "at most 999999999 days") from None


def _boolean(text: str) -> bool:
    value = _BOOLEANS.get(text.lower())
    if value is None:
        msg = "not a boolean"
        raise _Bad(msg, _BOOLEAN_FORM)
    return value


def _number(text: str) -> Decimal:
    if _NUMBER.fullmatch(text) is None:
        msg = "not a number"
        raise _Bad(msg, "a decimal number such as 9 or 8.5")
    return Decimal(text)


class CsvFile:
    """One CSV file being read: its zone, its header, its rows and its problems."""

    def __init__(
        self,
        lines: Iterable[str],
        path: str,
        tz: ZoneInfo | None,
        progress: _Progress,
    ) -> None:
        self.path = path
        self.problems: list[FileProblem] = []
        self.zone = tz
        self.columns: dict[str, int] = {}
        self.header: list[str] = []
        self.header_line = 1
        self._tz_arg = tz
        self._tz_line: int | None = None
        self._progress = progress
        self._lines = iter(lines)
        self._offset = 0  # physical lines before the header
        self._reader: Any = None
        # The physical lines of the row being read, kept for the one problem that
        # needs them: a cell over the csv module's size limit (see `_unreadable`).
        self._row_lines: list[str] = []

    # -- problems ---------------------------------------------------------------------

    def problem(
        self,
        where: str,
        message: str,
        line: int | None,
        *,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.problems.append(FileProblem(where, message, line, expected, found))

    def error(self) -> DataFileError:
        """One `DataFileError` listing every problem, in line order."""
        found = sorted(self.problems, key=lambda p: (p.line is None, p.line or 0))
        return DataFileError.of_problems(self.path, found)

    def finish(self) -> None:
        """Raise `error()` if there is any problem."""
        if self.problems:
            raise self.error()

    # -- header -----------------------------------------------------------------------

    def read_header(
        self, required: tuple[str, ...], allowed: tuple[str, ...] | None
    ) -> None:
        """Read the comment lines, the header and check its columns."""
        lines = self._lines
        first: object = next(lines, None)
        if first is not None:
            if not isinstance(first, str):
                kind = type(first).__name__
                msg = f"source must be a path or a text stream, got lines of {kind}"
                raise TypeError(msg)
            lines = itertools.chain([first.removeprefix("\ufeff")], lines)
        count = 0
        raw = ""
        for raw in lines:
            count += 1
            text = raw.strip()
            if not text:
                continue
            if not text.startswith("#"):
                break
            self._comment(text, count)
        else:
            self.problem(
                "header", "the file has no header row", count + 1, expected="a header"
            )
            return
        self._offset = count - 1
        self.header_line = count
        self._reader = csv.reader(
            _kept(itertools.chain([raw], lines), self._row_lines),
            strict=True,
            skipinitialspace=True,
        )
        try:
            header = next(self._reader)
        except csv.Error as exc:
            self._unreadable(exc, "header", count, [])
            return
        self.header = [name.strip() for name in header]
        self._check_columns(required, allowed)

    def _comment(self, text: str, line: int) -> None:
        found = _TZ_LINE.fullmatch(text)
        if found is None:
            return  # a free comment
        name = found[1].strip()
        if self._tz_line is not None:
            message = f"the time zone is stated twice (first on line {self._tz_line})"
            self.problem("tz", message, line, found=repr(name))
            return
        self._tz_line = line
        try:
            zone = to_zone(name)
        except CalendarError:
            self.problem(
                "tz",
                "unknown time zone",
                line,
                expected="an IANA name",
                found=repr(name),
            )
            return
        if self._tz_arg is not None and self._tz_arg.key != zone.key:
            message = (
                f"the file states time zone {zone.key!r} but tz={self._tz_arg.key!r} "
                "was passed"
            )
            self.problem(
                "tz", message, line, expected=repr(self._tz_arg.key), found=repr(name)
            )
            return
        self.zone = zone

    def _check_columns(
        self, required: tuple[str, ...], allowed: tuple[str, ...] | None
    ) -> None:
        line = self.header_line
        for index, name in enumerate(self.header):
            if not name:
                self.problem(f"column {index + 1}", "the column has no name", line)
            elif name in self.columns:
                first = self.columns[name] + 1
                message = f"duplicate column (columns {first} and {index + 1})"
                self.problem(name, message, line)
            else:
                self.columns[name] = index
        for name in required:
            if name not in self.columns:
                self.problem(
                    name,
                    "missing required column",
                    line,
                    expected=", ".join(required),
                )
        if allowed is not None:
            for name in self.columns:
                if name not in allowed:
                    self.problem(
                        name, "unknown column", line, expected=", ".join(allowed)
                    )

    # -- rows -------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each data row as (its first physical line, its cells stripped).

        Blank lines are skipped; a row the CSV parser can't read, or with another
        number of cells than the header, is a problem and is not yielded.
        """
        reader = self._reader
        offset = self._offset
        width = len(self.header)
        progress = self._progress
        previous = reader.line_num
        count = 0
        kept = self._row_lines
        while True:
            line = offset + previous + 1
            kept.clear()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                previous = reader.line_num
                count += 1
                self._unreadable(exc, "row", line, self.header)
                continue
            previous = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
            if len(row) != width:
                message = f"the row has {len(row)} cells but the header has {width}"
                self.problem("row", message, line)
                continue
            yield line, [cell.strip() for cell in row]

    def _unreadable(
        self, exc: csv.Error, where: str, line: int, header: list[str]
    ) -> None:
        """A row (or the header) the csv module refused, as a problem."""
        limit = csv.field_size_limit()  # without an argument: only reads it
        index = _long_cell("".join(self._row_lines), limit)
        if index is None:
            self.problem(where, f"unreadable CSV: {exc}", line)
            return
        if index < len(header):
            where = header[index]
        elif where == "row":
            where = f"column {index + 1}"
        message = f"the cell is longer than {limit:,} characters, the most it may hold"
        self.problem(where, message, line, expected=f"at most {limit:,} characters")

    def extras(self, known: tuple[str, ...]) -> list[tuple[str, int]]:
        """The columns other than *known*, with their positions."""
        return [(name, i) for name, i in self.columns.items() if name not in known]

    # -- cells ------------------------------------------------------------------------

    def required(self, text: str, where: str, line: int) -> str | None:
        """*text*, or None and a problem if the cell is empty."""
        if not text:
            self.problem(where, "a value is required", line)
            return None
        return text

    def cell(
        self, read: Callable[[str], _T], text: str, where: str, line: int
    ) -> _T | None:
        """``read(text)``, or None and a problem if *text* is not valid."""
        try:
            return read(text)
        except _Bad as bad:
            self.problem(
                where, bad.message, line, expected=bad.expected, found=repr(text)
            )
            return None

    def required_value(
        self,
        read: Callable[[str, str, int], _T | None],
        text: str,
        where: str,
        line: int,
    ) -> _T | None:
        """A required cell read by *read* (one of the cell readers below).

        None and a problem if the cell is empty or not valid.
        """
        found = self.required(text, where, line)
        return None if found is None else read(found, where, line)

    def instant(self, text: str, where: str, line: int) -> datetime | None:
        """A timestamp cell (non-empty) as an aware datetime, or None and a problem."""
        return self.cell(self._instant, text, where, line)

    def _instant(self, text: str) -> datetime:
        found = parse_instant(text, self.zone, no_zone=_NO_ZONE)
        if isinstance(found, Refusal):
            raise _Bad(found.reason, found.expected)
        return found

    def duration(self, text: str, where: str, line: int) -> timedelta | None:
        """A duration cell (non-empty), or None and a problem."""
        return self.cell(_duration, text, where, line)

    def boolean(self, text: str, where: str, line: int) -> bool | None:
        """A boolean cell (non-empty), or None and a problem."""
        return self.cell(_boolean, text, where, line)

    def number(self, text: str, where: str, line: int) -> Decimal | None:
        """A decimal number cell (non-empty), or None and a problem."""
        return self.cell(_number, text, where, line)

    def fields(
        self, cells: list[str], extras: list[tuple[str, int]], line: int
    ) -> dict[str, Any] | None:
        """The extra columns of a row as fields, or None if one has a problem."""
        out: dict[str, Any] = {}
        ok = True
        for name, index in extras:
            text = cells[index]
            if not text:
                continue
            value: Any
            if name.endswith("_at"):
                value = self.instant(text, name, line)
                if value is None:
                    ok = False
                    continue
            else:
                value = _CELL_BOOLEANS.get(text.lower(), text)
            out[name] = value
        return out if ok else None


def read_csv(
    source: Source,
    build: Callable[[CsvFile], _T],
    *,
    tz: str | ZoneInfo | None,
    progress: _Progress,
    required: tuple[str, ...],
    allowed: tuple[str, ...] | None = None,
) -> _T:
    """Read *source* with *build*, raising one `DataFileError` listing every problem.

    The header must hold the *required* columns, and only the *allowed* ones when
    given; *build* reads the rows of the `CsvFile` and returns what it made.
    """
    zone = None if tz is None else to_zone(tz)
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        with open(path, encoding="utf-8-sig", newline="") as stream:  # noqa: PTH123
            return _run(CsvFile(stream, path, zone, progress), build, required, allowed)
    return _run(CsvFile(source, _STREAM, zone, progress), build, required, allowed)


def _run(
    file: CsvFile,
    build: Callable[[CsvFile], _T],
    required: tuple[str, ...],
    allowed: tuple[str, ...] | None,
) -> _T:
    try:
        file.read_header(required, allowed)
        file.finish()  # a bad header or zone: the rows can't be read
        result = build(file)
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start : exc.end]
        file.problem("file", "the file is not UTF-8 text", None, found=repr(bad))
        raise file.error() from exc
    file.finish()
    return result
