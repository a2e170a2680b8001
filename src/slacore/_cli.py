from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

import holidays

from . import _csv
from ._calendar import BusinessCalendar
from ._cli_baseline import add_parser as add_baseline
from ._cli_baseline import run as run_baseline
from ._cli_clocks import open_clocks_of_measurements, open_clocks_of_table
from ._cli_inputs import Input, exact_errors, read_input
from ._dataset import Dataset
from ._durations import format_duration, parse_duration
from ._holidays import check_country
from ._instants import Refusal, local_midnight, parse_instant
from ._io import load, load_calendars, loads
from ._measure_table import measure_table
from ._policy import measure_many
from ._report import text_table
from ._time import from_us, to_us, to_zone
from .exceptions import FileError, SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from zoneinfo import ZoneInfo

    from ._agreement import Agreement
    from ._calendar import Calendar
    from ._report import Report

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
PROGRESS_ROWS: Final = 100_000
FORMATS: Final = ("table", "markdown", "json", "csv")
DATA_KINDS: Final = ("tickets", "outages", "contacts", "responses", "records")
MEASURE_COLUMNS: Final = (
    "ticket",
    "policy",
    "priority",
    "metric",
    "state",
    "due",
    "breached_at",
    "remaining",
)
# The bundled demo's sample data covers October 2026.
DEMO_END: Final = date(2026, 11, 1)


_NO_ZONE: Final = "an offset such as +02:00, or --tz"


class _Usage(Exception):  # noqa: N818 - a usage mistake, reported with exit code 2
    """A mistake in the command line itself (exit code 2)."""


# -- reading arguments ---------------------------------------------------------------


def _zone(text: str | None) -> ZoneInfo | None:
    if text is None:
        return None
    try:
        return to_zone(text)
    except SlaError as exc:
        msg = f"--tz: {exc}"
        raise _Usage(msg) from None


def _instant(text: str, option: str, tz: ZoneInfo | None) -> datetime:
    """An instant by slacore's one rule (`parse_instant`); a date is local midnight."""
    found = parse_instant(text.strip(), tz, dates=True, no_zone=_NO_ZONE)
    if isinstance(found, Refusal):
        msg = f"{option}: {found.message}"
        raise _Usage(msg)
    return found


def _duration(text: str, option: str) -> timedelta:

    try:
        return parse_duration(text)
    except SlaError as exc:
        msg = f"{option}: {exc}"
        raise _Usage(msg) from None


_PERIOD: Final = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|Q(?P<quarter>[1-4])"
    r"|W(?P<week>\d{2})))?$"
)


def _period_day(text: str, option: str) -> date:
    """The first local day a period token names: 2026, 2026-Q4, 2026-10, 2026-W41."""
    found = _PERIOD.match(text.strip())
    if found is None:
        msg = (
            f"{option}: {text!r} is not a period; use 2026, 2026-Q4, 2026-10, "
            "2026-W41 or 2026-10-01"
        )
        raise _Usage(msg)
    year = int(found["year"])
    try:
        if found["quarter"]:
            return date(year, 3 * int(found["quarter"]) - 2, 1)
        if found["week"]:
            return date.fromisocalendar(year, int(found["week"]), 1)
        return date(year, int(found["month"] or 1), int(found["day"] or 1))
    except ValueError as exc:
        msg = f"{option}: {text!r}: {exc}"
        raise _Usage(msg) from None


def _period_start(agreement: Agreement, text: str, option: str) -> datetime:
    day = _period_day(text, option)
    start, end = agreement.period.bounds(local_midnight(day, agreement.tz))
    if start.date() != day:
        msg = (
            f"{option}: {text!r} does not start a {agreement.period.value} period of "
            f"{agreement.name!r}; the period containing it starts {start.date()}"
        )
        raise _Usage(msg)
    first = agreement.effective_from
    if to_us(end, "end") <= to_us(first, "effective_from"):
        agreement.period_bounds(start)  # raises: outside the agreement
    # The agreement's first period may start after the calendar period does.
    return max(start, first, key=lambda t: to_us(t, "t"))


# -- progress and data ---------------------------------------------------------------


class _Progress:
    """Rows read so far, on stderr, for big inputs when stderr is a terminal."""

    def __init__(self, label: str, err: TextIO) -> None:
        self.label = label
        self.err = err
        self.shown = False

    def __call__(self, rows: int) -> None:
        if rows >= PROGRESS_ROWS:
            self.err.write(f"\rreading {self.label}: {rows:,} rows")
            self.err.flush()
            self.shown = True

    def measured(self, done: int, total: int) -> None:
        """Tickets measured so far, of how many (the engine's progress)."""
        if total >= PROGRESS_ROWS:
            self.err.write(f"\r{self.label}: {done:,} of {total:,} tickets")
            self.err.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.err.write("\n")


def _progress(label: str, err: TextIO) -> _Progress | None:
    return _Progress(label, err) if err.isatty() else None


def _readers() -> dict[str, Callable[..., list[Any]]]:

    return {
        "tickets": _csv.read_tickets,
        "outages": _csv.read_outages,
        "contacts": _csv.read_contacts,
        "responses": _csv.read_responses,
        "records": _csv.read_records,
    }


def _inputs(args: argparse.Namespace, err: TextIO) -> list[Input]:
    """The data files given, each read as a table where the engine can take it."""
    tz = _zone(args.tz)
    found = []
    for kind in DATA_KINDS:
        path = getattr(args, kind, None)
        if path is None:
            continue
        progress = _progress(path, err)
        found.append(read_input(kind, path, tz=tz, progress=progress))
        if progress is not None:
            progress.done()
    return found


def _dataset(inputs: Sequence[Input], tz: ZoneInfo | None) -> Dataset:
    """A `Dataset` of the inputs: tickets read as a table stay a table."""
    data: dict[str, Any] = {found.kind: found.data for found in inputs}
    with exact_errors(inputs):
        return Dataset(**data, tz=tz)


# -- output ----------------------------------------------------------------------------


def _write_reports(reports: Sequence[Report], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([report.to_dict() for report in reports], out, indent=2)
        out.write("\n")
    elif fmt == "csv":
        rows = [row for report in reports for row in report.rows()]
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    elif fmt == "markdown":
        out.write("\n".join(report.to_markdown() for report in reports))
    else:
        out.write("\n".join(report.to_text() for report in reports))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


# -- the commands ----------------------------------------------------------------------


def _load(path: str) -> Agreement:

    return load(path)


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    code = EXIT_OK
    for path in args.files:
        try:
            agreement = _load(path)
        except (ValueError, ArithmeticError, OSError) as exc:  # SlaError included
            _error(exc, err, path)
            code = EXIT_INVALID
            continue
        objectives = len(agreement.objectives)
        amended = len(agreement.amendments)
        history = f"{amended} amendment{'s' * (amended != 1)}, " if amended else ""
        out.write(
            f"{path}: ok: {agreement.kind.value} agreement {agreement.name!r}, "
            f"{objectives} objective{'s' * (objectives != 1)}, {history}"
            f"{agreement.period.value}, {agreement.tz.key}\n"
        )
    return code


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    agreement = _load(args.agreement)
    tz = _zone(args.tz) or agreement.tz
    now = None if args.now is None else _instant(args.now, "--now", tz)
    if args.period is not None and (args.start or args.end):
        msg = "--period cannot be combined with --from/--to"
        raise _Usage(msg)
    if args.start or args.end:
        if not (args.start and args.end):
            msg = "--from and --to go together"
            raise _Usage(msg)
        first = _period_start(agreement, args.start, "--from")
        last = _period_start(agreement, args.end, "--to")
        if to_us(last, "--to") < to_us(first, "--from"):
            msg = (
                f"--from {args.start} comes after --to {args.end}: the range holds "
                "no period"
            )
            raise _Usage(msg)
        end = agreement.period_bounds(last)[1]
    else:
        token = args.period
        if token is None:  # the last period that has ended by now (or today)
            as_of = now or datetime.now(UTC)
            current = agreement.period_bounds(as_of)[0]
            before = from_us(to_us(current, "current") - 1, agreement.tz)
            first = agreement.period_bounds(before)[0]
        else:
            first = _period_start(agreement, token, "--period")
        end = agreement.period_bounds(first)[1]
    inputs = _inputs(args, err)
    data = _dataset(inputs, _zone(args.tz))
    with exact_errors(inputs):
        reports = agreement.evaluate_range(data, first, end, now=now)
    _write_reports(reports, args.format, out)
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> tuple[Calendar, ZoneInfo | None]:
    """The calendar asked for, and the zone instants without an offset are read in."""
    spec: str = args.calendar
    name = None
    path = spec
    if ":" in spec and Path(spec.rsplit(":", 1)[0]).suffix in {".toml", ".json"}:
        path, name = spec.rsplit(":", 1)
    if Path(path).suffix in {".toml", ".json"}:
        calendars = load_calendars(path)
        if name is None:
            if len(calendars) != 1:
                names = ", ".join(sorted(calendars)) or "none"
                msg = f"--calendar: {path} names several calendars ({names}); add :NAME"
                raise _Usage(msg)
            found = next(iter(calendars.values()))
            return found, _zone(args.tz) or found.tz
        if name not in calendars:
            names = ", ".join(sorted(calendars)) or "none"
            msg = f"--calendar: {path} has no calendar {name!r} (it has {names})"
            raise _Usage(msg)
        return calendars[name], _zone(args.tz) or calendars[name].tz
    holidays_source: Any = None
    if args.holidays:
        country, _, subdiv = args.holidays.partition("-")
        try:
            check_country(country, subdiv or None)
        except SlaError as exc:
            msg = f"--holidays: {exc}"
            raise _Usage(msg) from None
        holidays_source = holidays.country_holidays(country, subdiv=subdiv or None)
    zone = _zone(args.tz)
    calendar = BusinessCalendar(spec, tz=zone or "UTC", holidays=holidays_source)
    return calendar, zone


def _due(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    calendar, zone = _calendar(args)
    start = _instant(args.start, "--start", zone)
    target = _duration(args.duration, "--in")
    out.write(calendar.add(start, target).isoformat() + "\n")
    return EXIT_OK


def _between(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    calendar, zone = _calendar(args)
    start = _instant(args.start, "--start", zone)
    end = _instant(args.end, "--end", zone)

    out.write(format_duration(calendar.between(start, end)) + "\n")
    return EXIT_OK


def _measure(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    agreement = _load(args.agreement)
    tz = _zone(args.tz) or agreement.tz
    now = _instant(args.now, "--now", tz)
    [tickets] = _inputs(args, err)
    if not agreement.policies:
        msg = f"{args.agreement}: the agreement has no policies to measure tickets by"
        raise _Usage(msg)
    rows: list[dict[str, Any]]
    if tickets.is_table:
        show = _progress("measuring", err)
        with exact_errors([tickets]):
            clocks = measure_table(
                agreement.policies,
                tickets.data,
                now=now,
                progress=None if show is None else show.measured,
            )
        if show is not None:
            show.done()
        rows = open_clocks_of_table(clocks, now.tzinfo or UTC)
    else:
        measured = measure_many(agreement.policies, tickets.data, now)
        rows = open_clocks_of_measurements(measured)
    if args.format == "json":
        json.dump(
            [{k: _cell(v) for k, v in row.items()} for row in rows], out, indent=2
        )
        out.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=MEASURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    elif rows:
        table = [list(MEASURE_COLUMNS)]
        table.extend(_measure_cells(row, tz) for row in rows)
        out.write(text_table(table))
    else:
        out.write(f"no open clocks at {now.isoformat()}\n")
    return EXIT_OK


def _measure_cells(row: dict[str, Any], tz: ZoneInfo) -> list[str]:
    """One open clock as the cells of the `measure` table."""
    remaining: timedelta = row["remaining"]
    left = (
        format_duration(-remaining) + " over"
        if remaining < timedelta(0)
        else format_duration(remaining)
    )
    due: datetime | None = row["due"]
    breached: datetime | None = row["breached_at"]
    return [
        str(row["ticket"]),
        row["policy"],
        row["priority"],
        row["metric"],
        row["state"],
        "" if due is None else due.astimezone(tz).isoformat(),
        "" if breached is None else breached.astimezone(tz).isoformat(),
        left,
    ]


def _demo(_args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Report the bundled example agreement over the bundled sample data."""
    folder = resources.files("slacore") / "_demo"
    agreement = loads((folder / "agreement.toml").read_text("utf-8"), format="toml")
    data: dict[str, Any] = {}
    for kind, read in _readers().items():
        source = folder / f"{kind}.csv"
        if source.is_file():
            with source.open(encoding="utf-8") as stream:
                data[kind] = read(stream)
    out.write(
        f"slacore demo: the bundled agreement {agreement.name!r} over its sample "
        "data\n\n"
    )
    reports = agreement.evaluate_range(
        Dataset(**data), agreement.effective_from, DEMO_END
    )
    _write_reports(reports, "table", out)
    _ = err
    return EXIT_OK


# -- the parser and the entry point ----------------------------------------------------


_EPILOG: Final = """\
exit codes: 0 success, 1 invalid input (errors on stderr, one per line),
2 usage mistake. Instants are ISO 8601 (2026-10-05T09:00+02:00); without an
offset they are read in --tz (or the agreement's zone), and a wall time that
zone skips or repeats is refused. Durations: 4h, 30m, 1h30m, 90s or ISO 8601
(PT4H)."""


def _data_options(parser: argparse.ArgumentParser) -> None:
    for kind in DATA_KINDS:
        parser.add_argument(
            f"--{kind}",
            metavar="FILE",
            help=f"{kind}: a CSV file (see the CSV reference), or Parquet (.parquet)",
        )


def _calendar_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--calendar",
        required=True,
        metavar="AGREEMENT[:NAME]|SPEC",
        help="a calendar of an agreement file, or weekly hours like "
        "'mon-fri 09:00-17:00'",
    )
    parser.add_argument("--tz", help="time zone for a SPEC and for instants")
    parser.add_argument(
        "--holidays", metavar="CC[-SUBDIV]", help="public holidays for a SPEC: DE-BY"
    )
    parser.add_argument("--start", required=True, help="the start instant")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slacore",
        description="Service level agreements, computable.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "demo", help="report the bundled example agreement over sample data"
    )
    validate = commands.add_parser("validate", help="check agreement files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    report = commands.add_parser("report", help="period reports, credits, termination")
    report.add_argument("agreement", metavar="AGREEMENT")
    _data_options(report)
    report.add_argument("--period", help="one period: 2026-10, 2026-Q4, 2026-W41, 2026")
    report.add_argument("--from", dest="start", metavar="PERIOD", help="first period")
    report.add_argument("--to", dest="end", metavar="PERIOD", help="last period")
    report.add_argument("--format", choices=FORMATS, default="table")
    report.add_argument("--now", help="the instant the data is as of")
    report.add_argument("--tz", help="time zone for inputs without an offset")
    due = commands.add_parser("due", help="when is it due: start + business time")
    _calendar_options(due)
    due.add_argument("--in", dest="duration", required=True, help="business time: 4h")
    between = commands.add_parser("between", help="business time between two instants")
    _calendar_options(between)
    between.add_argument("--end", required=True, help="the end instant")
    measure = commands.add_parser(
        "measure", help="every ticket's open clocks, most urgent first"
    )
    measure.add_argument("agreement", metavar="AGREEMENT")
    measure.add_argument(
        "--tickets",
        required=True,
        metavar="FILE",
        help="tickets: a CSV file, or Parquet (.parquet)",
    )
    measure.add_argument("--now", required=True, help="the instant to measure at")
    measure.add_argument("--tz", help="time zone for inputs without an offset")
    measure.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_baseline(commands)
    return parser


_COMMANDS: Final = {
    "demo": _demo,
    "validate": _validate,
    "report": _report,
    "due": _due,
    "between": _between,
    "measure": _measure,
    "baseline": run_baseline,
}


def _error(exc: BaseException, err: TextIO, path: str | None = None) -> None:
    """Write an error to stderr: one line, and a bad file's problems one per line."""
    if isinstance(exc, FileError):
        err.write(f"error: {exc}\n")
    elif isinstance(exc, FileNotFoundError):
        err.write(f"error: {exc.filename or path}: no such file\n")
    elif isinstance(exc, OSError):
        err.write(f"error: {exc.filename or path}: {exc.strerror}\n")
    elif isinstance(exc, ArithmeticError):
        # decimal's own words ("[<class 'decimal.InvalidOperation'>]") say nothing.
        kind = type(exc).__name__
        prefix = f"{path}: " if path else ""
        err.write(
            f"error: {prefix}a number is too large or too precise to compute with "
            f"({kind}); check the amounts in the agreement and the data\n"
        )
    else:
        prefix = f"{path}: " if path else ""
        text = " ".join(str(exc).split())
        err.write(f"error: {prefix}{text}\n")


def main(argv: Sequence[str] | None = None) -> int:
    r"""Run the ``slacore`` command line; returns the exit code.

    Exit codes: 0 success, 1 invalid input, 2 usage error. Output goes to
    `sys.stdout` and errors to `sys.stderr` as they are when it is called; no
    error ends in a traceback.

    Examples:
        >>> import io, contextlib
        >>> buffer = io.StringIO()
        >>> with contextlib.redirect_stdout(buffer):
        ...     code = main(
        ...         [
        ...             "due",
        ...             "--calendar",
        ...             "mon-fri 09:00-17:00",
        ...             "--start",
        ...             "2026-10-02T16:00+00:00",
        ...             "--in",
        ...             "2h",
        ...         ]
        ...     )
        >>> code, buffer.getvalue()
        (0, '2026-10-05T10:00:00+00:00\n')
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage mistake (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    out, err = sys.stdout, sys.stderr
    try:
        return _COMMANDS[args.command](args, out, err)
    except _Usage as exc:
        parser.print_usage(err)
        err.write(f"slacore: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return _closed_pipe()
    except (ValueError, ArithmeticError, OSError) as exc:  # SlaError is a ValueError
        _error(exc, err)
        return EXIT_INVALID
    except ImportError as exc:  # an input that needs an extra (Parquet: arrow)
        err.write(f"error: {exc}\n")
        return EXIT_INVALID


def _closed_pipe() -> int:
    """`slacore report ... | head`: the reader left, which is not an error."""
    # Point stdout at devnull so the interpreter's final flush does not fail too.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK
