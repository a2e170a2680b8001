# A baseline written out: its tables (pandas, polars, pyarrow or numpy, by the
# table API's writers) and its Markdown.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._decimal import quantize
from ._durations import format_duration
from ._frames_out import Out, build_table, check_like, zone_for_output
from ._periods import Period
from ._time import duration_us, to_us

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime, timedelta
    from decimal import Decimal

    from ._baseline import Baseline, BaselineGroup, Candidate
    from ._baseline_queues import OutageBaseline
    from ._frames import Library

_NOTHING: Final = "-"
_WORDS: Final = {
    "tickets": (
        "cycles stopped in the window",
        "percent of cycles decided in the period that were in time",
    ),
    "contacts": (
        "contacts answered in the window (their wait)",
        "service level: percent of contacts counted that were answered in time",
    ),
}


def rank_name(rank: Decimal) -> str:
    """A percentile column's name: ``p95``, ``p99.9``.

    Examples:
        >>> from decimal import Decimal
        >>> rank_name(Decimal("95")), rank_name(Decimal("99.90"))
        ('p95', 'p99.9')
    """
    return "p" + format(rank.normalize(), "f")


def period_label(period: Period, start: datetime) -> str:
    """A period as the command line names it: 2026, 2026-Q4, 2026-10, 2026-W41.

    Examples:
        >>> from datetime import datetime, timezone
        >>> period_label(Period.QUARTERLY, datetime(2026, 10, 1, tzinfo=timezone.utc))
        '2026-Q4'
    """
    day = start.date()
    if period is Period.YEARLY:
        return f"{day.year}"
    if period is Period.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period is Period.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def percent_text(value: Decimal | None, places: int = 1) -> str:
    """A percent for reading: `places` decimal places, half-even; a dash for none.

    Examples:
        >>> from decimal import Decimal
        >>> percent_text(Decimal("96.66666")), percent_text(None)
        ('96.7', '-')
    """
    return _NOTHING if value is None else str(quantize(value, places))


def _strings(np: Any, values: Iterable[str]) -> Out:
    found = list(values)
    data = np.empty(len(found), dtype=object)
    data[:] = found
    return Out("string", data)


def _objects(np: Any, values: Iterable[object]) -> Out:
    found = list(values)
    data = np.empty(len(found), dtype=object)
    data[:] = found
    return Out("object", data)


def _ints(np: Any, values: Iterable[int]) -> Out:
    return Out("integer", np.array(list(values), dtype=np.int64))


def _durations(np: Any, values: Iterable[timedelta | None]) -> Out:
    found = list(values)
    us = [0 if v is None else duration_us(v, "duration") for v in found]
    missing = np.array([v is None for v in found], dtype=bool)
    return Out("duration", np.array(us, dtype=np.int64), missing)


def _keys(
    np: Any, baseline: Baseline, rows: list[tuple[BaselineGroup, Any]]
) -> dict[str, Out]:
    return {
        name: _strings(np, (group.key[i] for group, _ in rows))
        for i, name in enumerate(baseline.keys)
    }


def _numpy() -> Any:
    from ._frames_kinds import numpy  # noqa: PLC0415 - tables only

    return numpy()


def attainment_table(baseline: Baseline, like: Library) -> Any:
    """See `Baseline.table`."""
    library = check_like(like)
    np = _numpy()
    rows = [
        (group, (candidate, period))
        for group in baseline.groups
        for candidate in group.candidates
        for period in candidate.periods
    ]
    zone = zone_for_output(baseline.periods[0][0].tzinfo if baseline.periods else None)
    columns = _keys(np, baseline, rows)
    columns.update(
        {
            "target": _durations(np, (c.target for _, (c, _p) in rows)),
            "current": Out("boolean", np.array([c.current for _, (c, _p) in rows])),
            "period_start": Out(
                "instant",
                np.array([to_us(p.start, "start") for _, (_c, p) in rows], np.int64),
                zone=zone,
            ),
            "period_end": Out(
                "instant",
                np.array([to_us(p.end, "end") for _, (_c, p) in rows], np.int64),
                zone=zone,
            ),
            "met": _ints(np, (p.met for _, (_c, p) in rows)),
            "count": _ints(np, (p.count for _, (_c, p) in rows)),
            "attainment": _objects(np, (p.attainment for _, (_c, p) in rows)),
        }
    )
    return build_table(columns, library)


def _worst(candidate: Candidate) -> Decimal | None:
    found = [p.attainment for p in candidate.periods if p.attainment is not None]
    return min(found) if found else None


def summary_table(baseline: Baseline, like: Library) -> Any:
    """See `Baseline.summary_table`."""
    library = check_like(like)
    np = _numpy()
    rows = [
        (group, candidate)
        for group in baseline.groups
        for candidate in group.candidates
    ]
    goal = baseline.goal
    columns = _keys(np, baseline, rows)
    columns.update(
        {
            "target": _durations(np, (c.target for _, c in rows)),
            "current": Out("boolean", np.array([c.current for _, c in rows])),
            "periods": _ints(np, (len(c.periods) for _, c in rows)),
            "periods_met": _ints(np, (c.periods_met(goal) for _, c in rows)),
            "met": _ints(np, (c.met for _, c in rows)),
            "count": _ints(np, (c.count for _, c in rows)),
            "attainment": _objects(np, (c.attainment for _, c in rows)),
            "worst": _objects(np, (_worst(c) for _, c in rows)),
        }
    )
    return build_table(columns, library)


def distribution_table(baseline: Baseline, like: Library) -> Any:
    """See `Baseline.distribution_table`."""
    library = check_like(like)
    np = _numpy()
    rows = [(group, None) for group in baseline.groups]
    columns = _keys(np, baseline, rows)
    columns["count"] = _ints(np, (group.count for group, _ in rows))
    for rank in baseline.percentile_ranks:
        columns[rank_name(rank)] = _durations(
            np, (group.percentile(rank) for group, _ in rows)
        )
    columns["current"] = _durations(np, (group.current for group, _ in rows))
    return build_table(columns, library)


def _cells(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(baseline: Baseline) -> str:
    """See `Baseline.markdown`."""
    periods = baseline.periods
    labels = [period_label(baseline.period, start) for start, _ in periods]
    counted, measured = _WORDS[baseline.kind]
    span = f"{labels[0]} to {labels[-1]}" if labels else "no period"
    goal = format(baseline.goal.normalize(), "f")
    lines = [
        (
            f"# Baseline of {baseline.kind}: {span} "
            f"({len(periods)} {baseline.period.value} periods)"
        ),
        "",
        (
            f"Cells: {measured}. A period is met at {goal} % or more. "
            f"Percentiles: {baseline.method}, over the {counted} (shown "
            "rounded up to a second; the tables hold them exact)."
        ),
    ]
    suggestions = {s.key: s for s in baseline.suggest()}
    for group in baseline.groups:
        lines += ["", "## " + " / ".join(group.key), ""]
        shown = _shown(group.percentiles)
        lines.append(
            f"{group.count:,} {counted.split(' ', 1)[0]}"
            + (f": {shown}." if shown else ".")
        )
        lines += [
            "",
            _cells(["target", *labels, "periods met", "overall"]),
            _cells(["---", *["---:"] * (len(labels) + 2)]),
        ]
        for candidate in group.candidates:
            name = format_duration(candidate.target)
            if candidate.current:
                name += " (current)"
            lines.append(
                _cells(
                    [
                        name,
                        *(percent_text(p.attainment) for p in candidate.periods),
                        f"{candidate.periods_met(baseline.goal)} of {len(periods)}",
                        percent_text(candidate.attainment),
                    ]
                )
            )
        found = suggestions[group.key]
        lines.append("")
        if found.target is None:
            lines.append(
                f"Suggested: none of these targets reached {goal} % in "
                f"{found.needed} of the last {found.of} periods."
            )
        else:
            lines.append(
                f"Suggested: {format_duration(found.target)} (reached {goal} % in "
                f"{found.met} of the last {found.of} periods)."
            )
    return "\n".join(lines) + "\n"


def _shown(percentiles: Iterable[tuple[Decimal, timedelta]]) -> str:
    """Percentiles for reading: each rounded up to a whole second."""
    return ", ".join(
        f"{rank_name(rank)} {format_duration(_seconds_up(value))}"
        for rank, value in percentiles
    )


def _seconds_up(value: timedelta) -> timedelta:
    us = duration_us(value, "value")
    return value + (-us % 1_000_000) * value.resolution


def outage_table(baseline: OutageBaseline, like: Library) -> Any:
    """See `OutageBaseline.table`."""
    library = check_like(like)
    np = _numpy()
    rows = [(s, p) for s in baseline.services for p in s.periods]
    zone = zone_for_output(baseline.periods[0][0].tzinfo if baseline.periods else None)
    columns = {
        "service": _strings(np, (s.service for s, _ in rows)),
        "period_start": Out(
            "instant",
            np.array([to_us(p.start, "start") for _, p in rows], np.int64),
            zone=zone,
        ),
        "period_end": Out(
            "instant",
            np.array([to_us(p.end, "end") for _, p in rows], np.int64),
            zone=zone,
        ),
        "measured": _durations(np, (p.measured for _, p in rows)),
        "downtime": _durations(np, (p.downtime for _, p in rows)),
        "outages": _ints(np, (p.outages for _, p in rows)),
        "availability": _objects(np, (p.availability for _, p in rows)),
    }
    return build_table(columns, library)


def outage_markdown(baseline: OutageBaseline) -> str:
    """See `OutageBaseline.markdown`."""
    periods = baseline.periods
    labels = [period_label(baseline.period, start) for start, _ in periods]
    span = f"{labels[0]} to {labels[-1]}" if labels else "no period"
    lines = [
        (
            f"# Baseline of outages: {span} "
            f"({len(periods)} {baseline.period.value} periods)"
        ),
        "",
        "Availability: percent of the measured time up (planned outages left out).",
    ]
    for service in baseline.services:
        shown = _shown(service.percentiles)
        lines += [
            "",
            f"## {service.service}",
            "",
            f"{service.count:,} outages" + (f": {shown}." if shown else "."),
            "",
            _cells(["", *labels]),
            _cells(["---", *["---:"] * len(labels)]),
            _cells(
                [
                    "availability",
                    *(percent_text(p.availability, 3) for p in service.periods),
                ]
            ),
            _cells(
                ["downtime", *(format_duration(p.downtime) for p in service.periods)]
            ),
        ]
    return "\n".join(lines) + "\n"
