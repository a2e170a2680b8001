"""Baseline benchmark: a year of a million tickets, through `slacore.baseline`.

The workload of ``benchmarks/tables.py`` (1,000,000 tickets created over 2025,
about 14 events each, two policies, four priorities, all four metrics, office
hours less German holidays and 24/7) as a pandas DataFrame of events. Timed
(CPU and wall, best of ``--repeats``): ``sla.baseline`` of the twelve months of
2025 in Europe/Berlin as of 10 January 2026, the default percentiles and the
default ladder of candidates, from the DataFrame (reading, measuring once, the
tickets whose cycles cross a month measured again per rank of candidate, the
counting). Then ``.table()``, ``.summary_table()`` and ``.markdown()``.

Checked, not timed: the baseline of the first 5,000 tickets as objects equals
the one from their table.

Run from the repository root::

    /work/main/.venv/bin/python benchmarks/baseline.py [--quick] [--tickets N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any


def _load(name: str) -> Any:
    path = Path(__file__).resolve().parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    found = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = found
    spec.loader.exec_module(found)
    return found


tables = _load("tables")
bench = tables.bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="slacore baseline benchmark")
    parser.add_argument("--quick", action="store_true", help="100,000 tickets")
    parser.add_argument("--tickets", type=int, help="how many tickets (overrides)")
    parser.add_argument("--seed", type=int, default=2025, help="workload seed")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs (best)")
    args = parser.parse_args(argv)
    bench.unshadow_stdlib_calendar()
    n = args.tickets or (100_000 if args.quick else 1_000_000)

    import slacore as sla

    print(
        f"slacore baseline benchmark: python {platform.python_version()}, "
        f"cpus {os.cpu_count()}, load {os.getloadavg()[0]:.1f}"
    )
    t0 = time.perf_counter()
    events = tables.build_events(args.seed, n)
    print(
        f"workload: {n:,} tickets, {len(events):,} rows, built in "
        f"{time.perf_counter() - t0:.0f} s (not timed)"
    )
    policies = bench.build_policies()
    now = bench.NOW
    window = {
        "start": date(2025, 1, 1),
        "end": date(2026, 1, 1),
        "now": now,
        "tz": "Europe/Berlin",
    }
    sla.measure_table(policies, events.iloc[:5000], now=now)  # calendars compiled

    found = tables.timed(sla.baseline, policies, events, repeats=args.repeats, **window)
    result = found.pop("result")
    print(
        f"\nsla.baseline, 12 months, DataFrame in: {found['wall']:.1f} s wall, "
        f"{found['cpu']:.1f} s CPU ({found['cpu'] / n * 1e6:.2f} µs per ticket)"
    )
    groups = len(result.groups)
    candidates = sum(len(g.candidates) for g in result.groups)
    print(f"{groups} groups, {candidates} candidates, {len(result.periods)} periods")
    for name, call in (
        ("table()", result.table),
        ("summary_table()", result.summary_table),
        ("markdown()", result.markdown),
    ):
        out = tables.timed(call)
        print(f"{name}: {out['wall'] * 1000:.0f} ms")

    head = events[events["ticket_id"].isin([f"T-{i}" for i in range(5000)])]
    objects = sla.tickets_from_table(head)
    same = sla.baseline(policies, objects, **window) == sla.baseline(
        policies, head, **window
    )
    print(f"5,000 tickets as objects equal their table: {same}")
    print("\n" + result.markdown().split("\n## ", 2)[1][:1500])
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
