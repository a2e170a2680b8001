# `slacore baseline`: a baseline of tickets, contacts or outages from data files,
# as Markdown, CSV or JSON. `_cli` adds the command (`add_parser`) and runs it
# (`run`); its mistakes of usage are reported here, with exit code 2.

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, TextIO

from ._baseline import to_goal, to_percentiles, to_targets
from ._baseline_output import rank_name
from ._baseline_queues import contact_baseline, outage_baseline
from ._baseline_tickets import baseline
from ._cli_inputs import exact_errors, read_input
from ._durations import format_duration, parse_duration
from ._instants import Refusal, parse_instant
from ._io import load
from ._time import to_zone
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from ._baseline import Baseline
    from ._baseline_queues import OutageBaseline

EXIT_OK: Final = 0
EXIT_USAGE: Final = 2
KINDS: Final = ("tickets", "contacts", "outages")
TABLES: Final = ("summary", "attainment", "distribution")
_PERIODS: Final = {
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "year": "yearly",
}
_DAY: Final = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


class _Mistake(Exception):  # noqa: N818 - a usage mistake, exit code 2
    """A mistake in the command line (exit code 2)."""


# -- reading the options ---------------------------------------------------------------


def _day(text: str) -> date:
    """``2026-01-01``, or ``2026-01`` for the 1st of the month."""
    value = text.strip()
    if not _DAY.match(value):
        msg = f"{text!r} is not a date: use 2026-01-01 or 2026-01"
        raise argparse.ArgumentTypeError(msg)
    try:
        return date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError as exc:
        msg = f"{text!r}: {exc}"
        raise argparse.ArgumentTypeError(msg) from None


def _period(text: str) -> str:
    value = text.strip().lower()
    value = _PERIODS.get(value, value)
    if value not in _PERIODS.values():
        msg = f"{text!r} is not a period: use week, month, quarter or year"
        raise argparse.ArgumentTypeError(msg)
    return value


def _percentiles(text: str) -> tuple[Decimal, ...]:
    try:
        return to_percentiles(text.split(","))
    except SlaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _goal(text: str) -> Decimal:
    try:
        return to_goal(text.strip())
    except SlaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _targets(text: str) -> tuple[str | None, tuple[timedelta, ...]]:
    """``1h,4h`` (every group) or ``NAME=1h,4h`` (one metric or service)."""
    name, sep, values = text.partition("=")
    if not sep:
        name, values = "", text
    try:
        found = [parse_duration(v) for v in values.split(",") if v.strip()]
        return (name.strip() or None), to_targets(found, "--targets")
    except SlaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(commands: Any) -> None:
    """Add the ``baseline`` command to the command line's subparsers."""
    sub = commands.add_parser(
        "baseline",
        help="what targets the history supports: percentiles, attainment per period",
        description="The baseline of a history of tickets (by the policies of an "
        "agreement file), contacts or outages: the distribution (nearest-rank "
        "percentiles) and the attainment each candidate target would have had "
        "per period.",
    )
    sub.add_argument(
        "--policy",
        metavar="AGREEMENT",
        help="an agreement file whose policies measure the tickets (its zone and "
        "period are the defaults)",
    )
    for kind in KINDS:
        sub.add_argument(
            f"--{kind}", metavar="FILE", help=f"{kind}: a CSV or Parquet file"
        )
    sub.add_argument("--start", required=True, type=_day, help="first day: 2025-01")
    sub.add_argument("--end", required=True, type=_day, help="end (exclusive): 2026-01")
    sub.add_argument("--period", type=_period, help="week, month, quarter or year")
    sub.add_argument("--percentiles", type=_percentiles, help="e.g. 50,80,90,95")
    sub.add_argument(
        "--targets",
        type=_targets,
        action="append",
        metavar="[NAME=]D,D...",
        help="candidate targets (thresholds for contacts): 1h,4h for every group, "
        "or resolution=8h,16h for one metric (or service); may be repeated",
    )
    sub.add_argument("--goal", type=_goal, help="percent a period must reach: 95")
    sub.add_argument("--now", help="the instant the data is as of (default: --end)")
    sub.add_argument("--tz", help="time zone of the periods and of naive instants")
    sub.add_argument(
        "--format", choices=("markdown", "csv", "json"), default="markdown"
    )
    sub.add_argument(
        "--table",
        choices=TABLES,
        default="summary",
        help="which table --format csv writes (outages: always one)",
    )
    sub.set_defaults(baseline_parser=sub)


# -- running ---------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``slacore baseline``; a usage mistake prints the usage and gives 2."""
    try:
        return _run(args, out)
    except _Mistake as exc:
        args.baseline_parser.print_usage(err)
        err.write(f"slacore baseline: error: {exc}\n")
        return EXIT_USAGE


def _run(args: argparse.Namespace, out: TextIO) -> int:
    given = [kind for kind in KINDS if getattr(args, kind) is not None]
    if len(given) != 1:
        msg = "give one of --tickets, --contacts or --outages"
        raise _Mistake(msg)
    [kind] = given
    agreement = None if args.policy is None else load(args.policy)
    if kind == "tickets" and agreement is None:
        msg = "--tickets needs --policy: an agreement file whose policies measure them"
        raise _Mistake(msg)
    if kind == "tickets" and agreement is not None and not agreement.policies:
        msg = f"{args.policy}: the agreement has no policies to measure tickets by"
        raise _Mistake(msg)
    zone = _zone(args.tz) or (agreement.tz if agreement else to_zone("UTC"))
    period = args.period or (agreement.period.value if agreement else "monthly")
    now = None if args.now is None else _instant(args.now, zone)
    window: dict[str, Any] = {
        "start": args.start,
        "end": args.end,
        "now": now,
        "period": period,
        "tz": zone,
    }
    if args.percentiles is not None:
        window["percentiles"] = args.percentiles
    if kind == "outages" and (args.targets or args.goal is not None):
        msg = "--targets and --goal are for tickets and contacts"
        raise _Mistake(msg)
    targets = _targets_of(args.targets)
    found = read_input(kind, getattr(args, kind), tz=_zone(args.tz), progress=None)
    with exact_errors([found]):
        if kind == "outages":
            _write_outages(outage_baseline(found.data, **window), args.format, out)
            return EXIT_OK
        if args.goal is not None:
            window["goal"] = args.goal
        if kind == "tickets":
            assert agreement is not None  # noqa: S101 - checked above
            result = baseline(agreement.policies, found.data, targets=targets, **window)
        else:
            result = contact_baseline(found.data, thresholds=targets, **window)
    _write(result, args.format, args.table, out)
    return EXIT_OK


def _zone(text: str | None) -> ZoneInfo | None:
    if text is None:
        return None
    try:
        return to_zone(text)
    except SlaError as exc:
        msg = f"--tz: {exc}"
        raise _Mistake(msg) from None


def _instant(text: str, zone: ZoneInfo) -> datetime:
    found = parse_instant(text.strip(), zone, dates=True, no_zone="an offset, or --tz")
    if isinstance(found, Refusal):
        msg = f"--now: {found.message}"
        raise _Mistake(msg)
    return found


def _targets_of(
    given: Sequence[tuple[str | None, tuple[timedelta, ...]]] | None,
) -> Any:
    """--targets as `baseline` takes them: one list, or a mapping by name."""
    if not given:
        return None
    named = {name: values for name, values in given if name is not None}
    plain = [values for name, values in given if name is None]
    if (named and plain) or len(plain) > 1:
        msg = "--targets: give one list for every group, or NAME=... lists, not both"
        raise _Mistake(msg)
    return plain[0] if plain else named


# -- writing ---------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rows(result: Baseline, table: str) -> list[dict[str, object]]:
    """The rows of `Baseline.table`, `summary_table` or `distribution_table`."""
    rows: list[dict[str, object]] = []
    for group in result.groups:
        key = dict(zip(result.keys, group.key, strict=True))
        if table == "distribution":
            row: dict[str, object] = {**key, "count": group.count}
            for rank in result.percentile_ranks:
                row[rank_name(rank)] = group.percentile(rank)
            rows.append({**row, "current": group.current})
            continue
        for c in group.candidates:
            head = {**key, "target": c.target, "current": c.current}
            if table == "summary":
                worst = [p.attainment for p in c.periods if p.attainment is not None]
                rows.append(
                    {
                        **head,
                        "periods": len(c.periods),
                        "periods_met": c.periods_met(result.goal),
                        "met": c.met,
                        "count": c.count,
                        "attainment": c.attainment,
                        "worst": min(worst) if worst else None,
                    }
                )
                continue
            rows.extend(
                {
                    **head,
                    "period_start": p.start,
                    "period_end": p.end,
                    "met": p.met,
                    "count": p.count,
                    "attainment": p.attainment,
                }
                for p in c.periods
            )
    return rows


def _csv(rows: list[dict[str, object]], out: TextIO) -> None:
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _text(v) for k, v in row.items()})


def _write(result: Baseline, fmt: str, table: str, out: TextIO) -> None:
    if fmt == "markdown":
        out.write(result.markdown())
    elif fmt == "csv":
        _csv(_rows(result, table), out)
    else:
        suggested = {s.key: s.target for s in result.suggest()}
        document = {
            "kind": result.kind,
            "period": result.period.value,
            "periods": [[_text(s), _text(e)] for s, e in result.periods],
            "now": _text(result.now),
            "goal": _text(result.goal),
            "method": result.method,
            "groups": [
                {
                    **dict(zip(result.keys, g.key, strict=True)),
                    "count": g.count,
                    "percentiles": {rank_name(r): _text(v) for r, v in g.percentiles},
                    "current": _text(g.current) or None,
                    "suggested": _text(suggested[g.key]) or None,
                    "candidates": [
                        {
                            "target": _text(c.target),
                            "current": c.current,
                            "periods_met": c.periods_met(result.goal),
                            "attainment": _text(c.attainment) or None,
                            "periods": [
                                [p.met, p.count, _text(p.attainment) or None]
                                for p in c.periods
                            ],
                        }
                        for c in g.candidates
                    ],
                }
                for g in result.groups
            ],
        }
        json.dump(document, out, indent=2)
        out.write("\n")


def _write_outages(result: OutageBaseline, fmt: str, out: TextIO) -> None:
    if fmt == "markdown":
        out.write(result.markdown())
        return
    rows: list[dict[str, object]] = [
        {
            "service": s.service,
            "period_start": p.start,
            "period_end": p.end,
            "measured": p.measured,
            "downtime": p.downtime,
            "outages": p.outages,
            "availability": p.availability,
        }
        for s in result.services
        for p in s.periods
    ]
    if fmt == "csv":
        _csv(rows, out)
        return
    document = {
        "kind": "outages",
        "period": result.period.value,
        "services": [
            {
                "service": s.service,
                "count": s.count,
                "percentiles": {rank_name(r): _text(v) for r, v in s.percentiles},
                "periods": [
                    {k: _text(v) for k, v in row.items() if k != "service"}
                    for row in rows
                    if row["service"] == s.service
                ],
            }
            for s in result.services
        ],
    }
    json.dump(document, out, indent=2)
    out.write("\n")
