from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

import holidays

from ._calendar import BusinessCalendar

if TYPE_CHECKING:
    from collections.abc import Sequence

_BERLIN = ZoneInfo("Europe/Berlin")


def _hours(d: timedelta) -> str:
    minutes = d // timedelta(minutes=1)
    return (
        f"{minutes // 60}h{minutes % 60:02d}" if minutes % 60 else f"{minutes // 60}h"
    )


def _when(t: datetime) -> str:
    return f"{t:%a %Y-%m-%d %H:%M} {t.tzname()}"


def demo(out: TextIO) -> None:
    """Print due dates across a weekend, holidays and a DST change."""
    office = BusinessCalendar(
        "mon-fri 09:00-17:00",
        tz=_BERLIN,
        holidays=holidays.country_holidays("DE", subdiv="BY"),
        shifts={date(2026, 12, 24): "09:00-12:00"},
    )
    urgent = BusinessCalendar.always(tz=_BERLIN)
    out.write("slacore demo: when is it due?\n\n")
    out.write(f"office hours: {office.hours}, Europe/Berlin, Bavarian holidays,\n")
    out.write("              Christmas Eve 2026 a short day (09:00-12:00)\n")
    out.write("urgent:       24/7, Europe/Berlin\n\n")
    cases = [
        (
            "across a weekend",
            office,
            datetime(2026, 3, 20, 15, 30, tzinfo=_BERLIN),
            timedelta(hours=4),
        ),
        (
            "across the DST change",
            office,
            datetime(2026, 3, 27, 15, tzinfo=_BERLIN),
            timedelta(hours=4),
        ),
        (
            "24/7 over the DST night",
            urgent,
            datetime(2026, 3, 28, 22, tzinfo=_BERLIN),
            timedelta(hours=8),
        ),
        (
            "Good Friday, Easter Monday",
            office,
            datetime(2026, 4, 2, 14, tzinfo=_BERLIN),
            timedelta(hours=8),
        ),
        (
            "short day, Christmas",
            office,
            datetime(2026, 12, 23, 16, tzinfo=_BERLIN),
            timedelta(hours=6),
        ),
    ]
    header = f"{'case':<28}{'created':<26}{'target':>7}  {'due':<26}{'elapsed':>9}"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for label, cal, created, target in cases:
        due = cal.add(created, target)
        # Real elapsed time: subtracting two datetimes that share a tzinfo would give
        # the wall-clock difference, which is an hour off across a DST change.
        elapsed = due.astimezone(UTC) - created.astimezone(UTC)
        out.write(
            f"{label:<28}{_when(created):<26}{_hours(target):>7}  "
            f"{_when(due):<26}{_hours(elapsed):>9}\n"
        )
    start = datetime(2026, 3, 27, 12, tzinfo=_BERLIN)
    end = datetime(2026, 4, 8, 12, tzinfo=_BERLIN)
    out.write(
        f"\nbusiness time from {_when(start)} to {_when(end)}: "
        f"{_hours(office.between(start, end))}\n"
    )
    out.write("(every figure is exact to the microsecond; see the README for more)\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slacore", description="Service level agreements, computable."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "demo", help="show due dates across a weekend, holidays and a DST change"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``slacore`` command line; returns the exit code.

    Exit codes: 0 success, 1 invalid input, 2 usage error.

    Examples:
        >>> import io, contextlib
        >>> buffer = io.StringIO()
        >>> with contextlib.redirect_stdout(buffer):
        ...     code = main(["demo"])
        >>> code
        0
        >>> "across a weekend" in buffer.getvalue()
        True
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            demo(sys.stdout)
    except BrokenPipeError:  # e.g. `slacore demo | head`: the reader left, not an error
        # Point stdout at devnull so the interpreter's final flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
