# The command line's data files: CSV and, with the arrow extra, Parquet.
#
# Data files are read as tables whenever pyarrow is installed: tickets stay a table
# for the columnar engine (`measure_table`, and a `Dataset` of tables), the other
# inputs become objects in the `Dataset`; without pyarrow the CSV readers read them
# into objects, as before. A CSV file is read through pyarrow's CSV reader (faster:
# see docs/reference/cli.md) only when that is certain to give what the csv module
# gives: pyarrow splits the file into cells (every column as text) and slacore reads
# the cells by its own rules. A file whose head or quoting could split otherwise,
# or that holds a cell the table rules would read otherwise, is read by the csv
# module instead. A file with any problem is read again by the csv module, so that
# its errors are the CSV readers' own, with their line numbers.

from __future__ import annotations

import csv
import errno
import importlib
import io
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from . import _csv, _table_inputs, _table_tickets
from ._arrow_instants import text_instants
from ._csv import CONTACT_COLUMNS, OUTAGE_COLUMNS, RESPONSE_COLUMNS
from ._csv_file import PROGRESS_EVERY, CsvFile
from ._csv_tickets import TICKET_COLUMNS
from ._frames import Frame
from ._table_problems import Problems
from .exceptions import DataFileError, FileProblem, TableError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from zoneinfo import ZoneInfo

ARROW_EXTRA: Final = "pip install 'slacore[arrow]'"
PARQUET_SUFFIXES: Final = frozenset({".parquet", ".pq"})
ARROW_CSV_KINDS: Final = frozenset(
    {"tickets", "outages", "contacts", "responses", "records"}
)
"""The CSV inputs read through pyarrow when it is installed (where it is faster)."""

# Each kind's required columns, and its allowed ones (None: any).
_COLUMNS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]]] = {
    "tickets": (TICKET_COLUMNS, None),
    "outages": (OUTAGE_COLUMNS, (*OUTAGE_COLUMNS, "planned")),
    "contacts": (CONTACT_COLUMNS, (*CONTACT_COLUMNS, "service")),
    "responses": (RESPONSE_COLUMNS, None),
    "records": (("at",), None),
}
_TIMESTAMPS: Final = {
    "tickets": ("at",),
    "outages": ("start", "end"),
    "contacts": ("at",),
    "responses": ("at",),
    "records": ("at",),
}
_NOT_FIELDS: Final = {
    "tickets": (*TICKET_COLUMNS, "tags"),
    "responses": (*RESPONSE_COLUMNS, "service"),
    "records": ("at",),
}
_HEAD: Final = 1 << 20  # the comment lines and the header lie in the first MiB
_CHUNK: Final = 1 << 24
_BLOCK: Final = 1 << 20
_LINE: Final = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)")
_QUOTE: Final = ord('"')
_CELL_ENDS: Final = tuple(map(ord, ",\r\n"))


@attrs.frozen
class Input:
    """One data file as read: a table for the engine, or the CSV reader's objects.

    Attributes:
        kind: ``tickets``, ``outages``, ``contacts``, ``responses`` or ``records``.
        path: The file.
        data: A pyarrow Table (its timestamps aware), or a list of objects.
        via: ``parquet``, ``arrow-csv`` or ``csv``: how it was read.
        tz: The zone given for timestamps without an offset (``--tz``).
    """

    kind: str
    path: str
    data: Any
    via: str
    tz: ZoneInfo | None = None

    @property
    def is_table(self) -> bool:
        """Whether `data` is a table (else a list of objects)."""
        return self.via != "csv"


def arrow() -> Any | None:
    """The pyarrow module when the arrow extra is installed, else None."""
    # The engine reads tables with numpy, through narwhals.
    names = ("narwhals", "numpy", "pyarrow.csv", "pyarrow.parquet", "pyarrow")
    try:
        found = [importlib.import_module(name) for name in names]
    except ImportError:
        return None
    return found[-1]


def is_parquet(path: str) -> bool:
    """Whether *path* names a Parquet file (by its suffix)."""
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def read_input(
    kind: str,
    path: str,
    *,
    tz: ZoneInfo | None,
    progress: Callable[[int], None] | None,
) -> Input:
    """Read one data file, as fast as the installed extras allow.

    Raises:
        ImportError: For a Parquet file without pyarrow, naming the extra.
        DataFileError: For a file with problems (CSV: by line; Parquet: by row).
        OSError: If the file can't be read.
    """
    pa = arrow()
    if is_parquet(path):
        if pa is None:
            msg = f"{path}: reading Parquet files needs pyarrow: {ARROW_EXTRA}"
            raise ImportError(msg)
        return Input(kind, path, _parquet(pa, kind, path, tz), "parquet", tz)
    if pa is not None and kind in ARROW_CSV_KINDS:
        table = arrow_csv(pa, kind, path, tz, progress)
        if table is not None:
            return Input(kind, path, table, "arrow-csv", tz)
    return Input(kind, path, csv_objects(kind, path, tz, progress), "csv", tz)


def csv_objects(
    kind: str,
    path: str,
    tz: ZoneInfo | None,
    progress: Callable[[int], None] | None = None,
) -> list[Any]:
    """The file read by its CSV reader (`read_tickets`...): objects, or its error."""
    read: Callable[..., list[Any]] = getattr(_csv, f"read_{kind}")
    return read(path, tz=tz, progress=progress)


def to_objects(found: Input) -> list[Any]:
    """The objects of an input: its table read by the table reader of its kind."""
    if not found.is_table:
        return list(found.data)
    with exact_errors([found]):
        if found.kind == "tickets":
            return _table_tickets.tickets_from_table(found.data, tz=found.tz)
        read = getattr(_table_inputs, f"{found.kind}_from_table")
        return list(read(found.data, tz=found.tz))


@contextmanager
def exact_errors(inputs: Sequence[Input]) -> Iterator[None]:
    """Turn a `TableError` from tables of these inputs into the error of the file.

    A CSV file read through pyarrow is read again by the csv module, whose error
    (every problem with its line) is raised; a Parquet file's problems are listed
    with their rows (0-based), under the file's name.
    """
    try:
        yield
    except TableError as exc:
        for found in inputs:
            if found.via == "arrow-csv":
                csv_objects(found.kind, found.path, found.tz)  # raises its error
        files = [i for i in inputs if i.is_table and i.kind == exc.table]
        if files:  # (a CSV file the csv module reads: its rows, counted from 0)
            raise file_error(files[0].path, exc) from None
        raise


def file_error(path: str, exc: TableError) -> DataFileError:
    """A table's problems as a `DataFileError` of the file it was read from."""
    problems = [
        FileProblem(
            problem.column
            if problem.row is None
            else f"row {problem.row}: {problem.column}",
            problem.message,
            None,
            problem.expected,
            problem.found,
        )
        for problem in exc.problems
    ]
    return DataFileError.of_problems(path, problems)


# -- Parquet -------------------------------------------------------------------------


def _parquet(pa: Any, kind: str, path: str, tz: ZoneInfo | None) -> Any:
    pq = importlib.import_module("pyarrow.parquet")
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, "no such file", path) from None
    except pa.ArrowException as exc:
        text = " ".join(str(exc).split())
        problem = FileProblem("file", "not a Parquet file pyarrow can read", found=text)
        raise DataFileError.of_problems(path, [problem]) from None
    found = _aware(pa, kind, table, tz)
    if isinstance(found, TableError):
        raise file_error(path, found)
    return found


# -- CSV through pyarrow -------------------------------------------------------------


def arrow_csv(
    pa: Any,
    kind: str,
    path: str,
    tz: ZoneInfo | None,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """The CSV file as a table whose cells are what the csv module reads, or None.

    None when pyarrow might split the file otherwise, or when a cell would be read
    otherwise than by the CSV reader (a field column mixing true/false with other
    text, a timestamp that is not one); the caller reads it with the csv module.
    The table's timestamp columns are aware: text without an offset is read in the
    file's zone (its ``# tz:`` line) or `tz`.
    """
    head = _head(kind, path, tz)
    if head is None:
        return None
    offset, file = head
    quoted = _quotes(path, offset)
    if quoted is None:
        return None
    table = _split(pa, path, offset, file.header, quoted=quoted, progress=progress)
    if table is None:
        return None
    table = _text_cells(pa, kind, table)
    if table is None:
        return None
    found = _aware(pa, kind, table, file.zone)
    return None if isinstance(found, TableError) else found


def _head(kind: str, path: str, tz: ZoneInfo | None) -> tuple[int, CsvFile] | None:
    """Where the rows start, and the file's header and zone read by the CSV rules.

    None when the comment lines and the header are not whole lines in the first
    MiB (a header cell may be quoted, but not over two lines), or when they have a
    problem (the csv module reports it).
    """
    with open(path, "rb") as stream:  # noqa: PTH123
        head = stream.read(_HEAD)
    texts: list[str] = []
    offset = 0
    for found in _LINE.finditer(head):
        raw = found.group()
        try:
            text = raw.decode("utf-8-sig" if offset == 0 else "utf-8")
        except UnicodeDecodeError:
            return None
        offset = found.end()
        texts.append(text)
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            break
    else:
        return None
    file = CsvFile(io.StringIO("".join(texts), newline=""), path, tz, None)
    file.read_header(*_COLUMNS[kind])
    if file.problems:
        return None
    return offset, file


def _quotes(path: str, offset: int) -> bool | None:
    """Whether the rows hold quotes (None: one that pyarrow may read otherwise)."""
    quoted = False
    rest = b""
    with open(path, "rb") as stream:  # noqa: PTH123
        stream.seek(offset)
        while True:
            block = stream.read(_CHUNK)
            data = rest + block
            if block:
                cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
                data, rest = data[:cut], data[cut:]
            if b'"' in data:
                quoted = True
                if not well_quoted(data):
                    return None
            if not block:
                return quoted


def well_quoted(data: bytes) -> bool:
    """Whether every quote in these whole lines is part of a well-quoted cell.

    A quoted cell as the csv module reads it: a quote right at the start of a
    cell, doubled quotes inside, a quote right before the end of the cell; pyarrow
    (which does not skip spaces before a quote, and reads on after a closing
    quote) splits such cells as the csv module does. Read from the runs of quotes:
    a run of odd length opens or closes a cell, one of even length is doubled
    quotes inside a cell (or a whole cell of them, ``""``).
    """
    np = importlib.import_module("numpy")
    text = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(text == _QUOTE)
    if len(quotes) == 0:
        return True
    breaks = np.flatnonzero(np.diff(quotes) != 1) + 1
    starts = quotes[np.concatenate(([0], breaks))]
    ends = quotes[np.concatenate((breaks - 1, [len(quotes) - 1]))] + 1
    odd = (ends - starts) % 2 == 1
    inside = (np.cumsum(odd) - odd) % 2 == 1  # within a quoted cell before the run
    before = np.where(starts > 0, text[np.maximum(starts - 1, 0)], _CELL_ENDS[-1])
    after = np.where(ends < len(text), text[np.minimum(ends, len(text) - 1)], 10)
    opens_cell = np.isin(before, _CELL_ENDS)
    ends_cell = np.isin(after, _CELL_ENDS)
    outside = ~inside
    return bool(
        np.all(opens_cell[outside])  # a quote outside a cell starts one
        & np.all(ends_cell[outside & ~odd])  # "" or """": a whole cell
        & np.all(ends_cell[inside & odd])  # a closing quote ends its cell
        & (int(odd.sum()) % 2 == 0)  # no cell left open
    )


def _split(
    pa: Any,
    path: str,
    offset: int,
    names: list[str],
    *,
    quoted: bool,
    progress: Callable[[int], None] | None,
) -> Any:
    """The rows as a table of text cells, stripped; None if pyarrow refuses them."""
    pc = importlib.import_module("pyarrow.compute")
    pacsv = importlib.import_module("pyarrow.csv")
    read = pacsv.ReadOptions(column_names=names, block_size=_BLOCK)
    parse = pacsv.ParseOptions(newlines_in_values=quoted)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    batches = []
    rows = 0
    try:
        with open(path, "rb") as stream:  # noqa: PTH123
            stream.seek(offset)
            reader = pacsv.open_csv(
                stream, read_options=read, parse_options=parse, convert_options=convert
            )
            for batch in reader:
                batches.append(batch)
                before, rows = rows, rows + batch.num_rows
                if progress is not None and rows // PROGRESS_EVERY > before // (
                    PROGRESS_EVERY
                ):
                    progress(rows)  # as the CSV readers: past each 10,000 rows
            schema = reader.schema
    except pa.ArrowException:
        return None
    table = pa.Table.from_batches(batches, schema=schema)
    limit = csv.field_size_limit()
    columns = {}
    for name in names:
        column = table[name]
        if len(column) and pc.max(pc.utf8_length(column)).as_py() >= limit:
            return None  # the csv module refuses such a cell
        columns[name] = pc.utf8_trim_whitespace(column)
    return pa.table(columns)


def _text_cells(pa: Any, kind: str, table: Any) -> Any:
    """Field columns of ``true``/``false`` as booleans, as the CSV readers read them.

    None when a column mixes those words with other text (a CSV reader gives bools
    and strings in one column; a table can't), and for a ``tags`` column of
    responses or records (text to their CSV readers, tags to the table readers).
    """
    pc = importlib.import_module("pyarrow.compute")
    known = _NOT_FIELDS.get(kind)
    if known is None:
        return table
    if kind != "tickets" and "tags" in table.column_names:
        return None  # text, as the CSV reader reads it; the table readers split it
    for index, name in enumerate(table.column_names):
        if name in known or name.endswith("_at"):
            continue
        column = table[name]
        lower = pc.utf8_lower(column)
        words = pc.is_in(lower, value_set=pa.array(["true", "false"]))
        if not pc.any(words).as_py():
            continue
        filled = pc.not_equal(column, "")
        if pc.any(pc.and_(filled, pc.invert(words))).as_py():
            return None
        values = pc.if_else(filled, pc.equal(lower, "true"), None)
        table = table.set_column(index, name, values)
    return table


def _aware(pa: Any, kind: str, table: Any, tz: ZoneInfo | None) -> Any:
    """The table with its timestamp columns as aware datetimes (UTC).

    Text is read by slacore's rule for timestamps, naive datetimes as wall times in
    `tz`; columns already aware are kept. A `TableError` (returned, not raised)
    lists the cells that are not timestamps.
    """
    frame = Frame(table, kind)
    problems = Problems(kind)
    names = [n for n in _TIMESTAMPS[kind] if n in frame.names]
    if kind in _NOT_FIELDS:
        names += [n for n in frame.names if n.endswith("_at") and n not in names]
    for name in names:
        column = frame.column(name)
        if column.kind == "string":
            us, missing = text_instants(table[name], name, tz, problems)
        elif column.kind == "naive":
            found = column.instants(problems, tz)
            if found is None:
                continue
            us, missing = found
        else:
            continue
        values = pa.array(us, type=pa.timestamp("us", tz="UTC"), mask=missing)
        table = table.set_column(table.column_names.index(name), name, values)
    if problems:
        return problems.error()
    return table
