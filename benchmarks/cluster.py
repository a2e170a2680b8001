"""Cluster benchmark: the table engine in one process against Dask and Spark.

One seeded workload, the columnar benchmark's tickets (``benchmarks/tables.py``:
about 14 events each, two policies with conditions, four priorities, every
metric), 4,000,000 of them by default (``--tickets N``; ``--quick`` for 40,000),
written once as Parquet files of 50,000 whole tickets each (not timed). Every
contender reads the same files and answers the same two questions:

- **reports**: the twelve monthly reports of 2025 of an agreement of six ticket
  objectives (first response per priority, resolution, mean time to resolve),
  breach lists included: ``Agreement.evaluate_range`` on one process,
  ``slacore.dask.evaluate_range`` / ``slacore.spark.evaluate_range`` on the
  clusters. The reports are checked equal.
- **figures**: the same reports without breach lists (``breaches=False``: only
  counts travel back; one process: ``report(tally(..., breaches=False))``).
- **clocks**: every clock of every ticket (``measure_table``; the clusters'
  ``measure``), counted.

Contenders: one process (pandas ``read_parquet`` then slacore); a Dask
``LocalCluster`` of two worker processes of one thread, with the files as
partitions (``shuffle=False``: each file holds whole tickets) and with the
general shuffle by ``ticket_id``; Spark ``local[2]`` (JVM start-up timed
separately), likewise. Wall time (best of ``--repeats``), the ratio to one
process, the bytes that travel (definitions to the workers, tallies back to the
driver, and the events a shuffle moves) per ticket, and peak memory (the one
process's, each Dask worker's resident set).

Run from the repository root::

    .venv/bin/python benchmarks/cluster.py [--tickets N | --quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import pickle
import platform
import resource
import shutil
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# This folder's calendar.py would shadow the standard module (pandas imports it).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

GOAL_RATIO = 1.5
CHUNK = 50_000
START, END = date(2025, 1, 1), date(2026, 1, 1)


def _load_tables() -> Any:
    """benchmarks/tables.py, loaded by path (it loads benchmarks/policies.py)."""
    path = HERE / "tables.py"
    spec = importlib.util.spec_from_file_location("bench_tables", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    found = importlib.util.module_from_spec(spec)
    sys.modules["bench_tables"] = found
    spec.loader.exec_module(found)
    return found


tables = _load_tables()
bench = tables.bench


def agreement() -> Any:
    import slacore as sla

    objectives = [
        sla.Objective(
            f"{p} first response", sla.TicketAttainment("first_response", [p]), 90
        )
        for p in bench.PRIORITIES
    ]
    objectives += [
        sla.Objective("resolution", sla.TicketAttainment("resolution"), 85),
        sla.Objective(
            "mttr", sla.MeanTime("resolution"), timedelta(hours=24), direction="at_most"
        ),
    ]
    return sla.Agreement(
        "Benchmark",
        "customer",
        [sla.Party("Provider", "provider"), sla.Party("Customer", "customer")],
        objectives,
        tz="Europe/Berlin",
        effective_from=START,
        policies=bench.build_policies(),
    )


def write_files(folder: Path, tickets: int) -> dict[str, Any]:
    """Parquet files of whole tickets (tags as text, as a CSV export has them)."""
    started = time.perf_counter()
    rows = 0
    for number, first in enumerate(range(0, tickets, CHUNK)):
        count = min(CHUNK, tickets - first)
        frame = tables.build_events(1000 + number, count)
        frame["ticket_id"] = f"C{number}-" + frame["ticket_id"].astype(str)
        frame["tags"] = frame["tags"].map(
            lambda tags: "|".join(tags) if isinstance(tags, list) else None
        )
        frame.to_parquet(folder / f"part-{number:04d}.parquet", index=False)
        rows += len(frame)
    size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    return {"rows": rows, "bytes": size, "seconds": time.perf_counter() - started}


def best(fn: Any, repeats: int) -> tuple[float, Any]:
    found, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        found = min(found, time.perf_counter() - started)
    return found, result


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- one process -----------------------------------------------------------------


def one_process(folder: Path, repeats: int) -> dict[str, Any]:
    import pandas as pd

    import slacore as sla

    deal = agreement()

    def reports() -> Any:
        events = pd.read_parquet(folder)
        return deal.evaluate_range(
            sla.Dataset(tickets=events), START, END, now=bench.NOW
        )

    def figures() -> Any:
        events = pd.read_parquet(folder)
        data = sla.Dataset(tickets=events)
        return deal.report(deal.tally(data, START, END, now=bench.NOW))

    def clocks() -> int:
        events = pd.read_parquet(folder)
        return len(sla.measure_table(deal.policies, events, now=bench.NOW))

    figures_seconds, _ = best(figures, repeats)
    seconds, found = best(reports, repeats)
    clock_seconds, rows = best(clocks, repeats)
    return {
        "reports_s": seconds,
        "figures_s": figures_seconds,
        "clocks_s": clock_seconds,
        "clock_rows": rows,
        "reports": found,
        "peak_rss_mib": peak_rss_mib(),
    }


# -- Dask ------------------------------------------------------------------------


def dask_run(folder: Path, repeats: int, tickets: int) -> dict[str, Any]:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import slacore.dask
    from slacore._cluster_ship import Shipment

    deal = agreement()
    out: dict[str, Any] = {}
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        out["startup_s"] = time.perf_counter() - started

        def frame() -> Any:
            return dd.read_parquet(folder, split_row_groups=False)

        for shuffle in (False, True):
            name = "shuffle" if shuffle else "by_file"

            def reports(*, shuffle: bool = shuffle) -> Any:
                return slacore.dask.evaluate_range(
                    deal, START, END, now=bench.NOW, tickets=frame(), shuffle=shuffle
                )

            seconds, found = best(reports, repeats)
            out[f"reports_{name}_s"] = seconds
            out[f"reports_{name}"] = found

        def figures() -> Any:
            return slacore.dask.evaluate_range(
                deal,
                START,
                END,
                now=bench.NOW,
                tickets=frame(),
                shuffle=False,
                breaches=False,
            )

        out["figures_s"], _ = best(figures, repeats)

        def clocks() -> int:
            measured = slacore.dask.measure(
                deal.policies, frame(), now=bench.NOW, shuffle=False
            )
            return int(measured.map_partitions(len).sum().compute())

        out["clocks_s"], out["clock_rows"] = best(clocks, repeats)
        out["partitions"] = frame().npartitions
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss)
        out["worker_rss_mib"] = [round(v / 2**20) for v in rss.values()]
    shipment = Shipment.of(deal)
    out["definitions_bytes"] = shipment.size
    out["tickets"] = tickets
    return out


def tally_bytes(folder: Path) -> dict[str, int]:
    """Pickled sizes of one file's tally, without and with breach lists."""
    import pandas as pd

    import slacore as sla

    deal = agreement()
    first = min(folder.glob("*.parquet"))
    data = sla.Dataset(tickets=pd.read_parquet(first))
    sizes = {}
    for breaches in (False, True):
        tally = deal.tally(data, START, END, now=bench.NOW, breaches=breaches)
        sizes["with_breaches" if breaches else "counts"] = len(pickle.dumps(tally))
    return sizes


# -- Spark -----------------------------------------------------------------------


def spark_run(folder: Path, repeats: int) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    import slacore.spark

    deal = agreement()
    out: dict[str, Any] = {}
    started = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slacore-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.files.maxPartitionBytes", str(2**30))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    out["jvm_startup_s"] = time.perf_counter() - started
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            started = time.perf_counter()
            slacore.spark.tally(
                deal,
                START,
                END,
                now=bench.NOW,
                tickets=session.read.parquet(str(folder)).limit(1),
            )
            out["first_job_s"] = time.perf_counter() - started
            for shuffle in (False, True):
                name = "shuffle" if shuffle else "by_file"

                def reports(*, shuffle: bool = shuffle) -> Any:
                    return slacore.spark.evaluate_range(
                        deal,
                        START,
                        END,
                        now=bench.NOW,
                        tickets=session.read.parquet(str(folder)),
                        shuffle=shuffle,
                    )

                seconds, found = best(reports, repeats)
                out[f"reports_{name}_s"] = seconds
                out[f"reports_{name}"] = found

            def figures() -> Any:
                return slacore.spark.evaluate_range(
                    deal,
                    START,
                    END,
                    now=bench.NOW,
                    tickets=session.read.parquet(str(folder)),
                    shuffle=False,
                    breaches=False,
                )

            out["figures_s"], _ = best(figures, repeats)

            def clocks() -> int:
                events = session.read.parquet(str(folder))
                return slacore.spark.measure(
                    deal.policies, events, now=bench.NOW, shuffle=False
                ).count()

            out["clocks_s"], out["clock_rows"] = best(clocks, repeats)
    finally:
        session.stop()
    return out


# -- report ----------------------------------------------------------------------


def per_ticket(seconds: float, n: int) -> str:
    return f"{seconds:8.2f} s  {seconds / n * 1e6:6.2f} us/ticket"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=4_000_000)
    parser.add_argument("--quick", action="store_true", help="40,000 tickets")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    tickets = 40_000 if args.quick else args.tickets
    folder = Path(tempfile.mkdtemp(prefix="slacore-cluster-bench-"))
    results: dict[str, Any] = {
        "tickets": tickets,
        "python": platform.python_version(),
        "cores": os.cpu_count(),
    }
    try:
        written = write_files(folder, tickets)
        results["files"] = written
        print(
            f"{tickets:,} tickets, {written['rows']:,} events, "
            f"{written['bytes'] / 2**20:.0f} MiB of Parquet "
            f"({written['seconds']:.0f} s to build, not timed)"
        )
        one = one_process(folder, args.repeats)
        expected = one.pop("reports")
        results["one_process"] = one
        print("\none process (pandas read_parquet + slacore)")
        print(f"  reports  {per_ticket(one['reports_s'], tickets)}")
        print(f"  figures  {per_ticket(one['figures_s'], tickets)}")
        print(f"  clocks   {per_ticket(one['clocks_s'], tickets)}")
        print(f"  peak RSS {one['peak_rss_mib']:.0f} MiB")
        sizes = tally_bytes(folder)
        results["tally_bytes_per_file"] = sizes
        if not args.no_dask:
            found = dask_run(folder, args.repeats, tickets)
            for name in ("by_file", "shuffle"):
                same = found.pop(f"reports_{name}") == expected
                found[f"reports_{name}_equal"] = same
            results["dask"] = found
            files = found["partitions"]
            back = files * sizes["with_breaches"]
            to_workers = 2 * found["definitions_bytes"]
            moved = written["bytes"] / 2  # a shuffle moves about half the rows
            print(
                "\nDask LocalCluster, 2 workers x 1 thread "
                f"({found['startup_s']:.1f} s to start)"
            )
            for name in ("by_file", "shuffle"):
                seconds = found[f"reports_{name}_s"]
                ratio = one["reports_s"] / seconds
                print(
                    f"  reports, {name:8} {per_ticket(seconds, tickets)}  "
                    f"x{ratio:.2f} one process  equal: {found[f'reports_{name}_equal']}"
                )
            print(
                f"  figures, by_file  {per_ticket(found['figures_s'], tickets)}  "
                f"x{one['figures_s'] / found['figures_s']:.2f}"
            )
            print(
                f"  clocks             {per_ticket(found['clocks_s'], tickets)}  "
                f"x{one['clocks_s'] / found['clocks_s']:.2f}"
            )
            print(
                f"  bytes per ticket: definitions {to_workers / tickets:.4f}, "
                f"tallies back {back / tickets:.3f} (one file's tally: "
                f"{sizes['counts']:,} B, {sizes['with_breaches']:,} B with breaches), "
                f"a shuffle moves ~{moved / tickets:.0f} (Parquet bytes)"
            )
            print(f"  worker RSS after: {found['worker_rss_mib']} MiB")
        if not args.no_spark and shutil.which("java"):
            found = spark_run(folder, args.repeats)
            for name in ("by_file", "shuffle"):
                same = found.pop(f"reports_{name}") == expected
                found[f"reports_{name}_equal"] = same
            results["spark"] = found
            print(
                f"\nSpark local[2] (JVM start-up {found['jvm_startup_s']:.1f} s, "
                f"first job with the workers' start {found['first_job_s']:.1f} s)"
            )
            for name in ("by_file", "shuffle"):
                seconds = found[f"reports_{name}_s"]
                print(
                    f"  reports, {name:8} {per_ticket(seconds, tickets)}  "
                    f"x{one['reports_s'] / seconds:.2f} one process  "
                    f"equal: {found[f'reports_{name}_equal']}"
                )
            print(
                f"  figures, by_file  {per_ticket(found['figures_s'], tickets)}  "
                f"x{one['figures_s'] / found['figures_s']:.2f}"
            )
            print(
                f"  clocks             {per_ticket(found['clocks_s'], tickets)}  "
                f"x{one['clocks_s'] / found['clocks_s']:.2f}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if "dask" in results:
        ratio = (
            results["one_process"]["reports_s"] / results["dask"]["reports_by_file_s"]
        )
        figures = results["one_process"]["figures_s"] / results["dask"]["figures_s"]
        verdict = "met" if max(ratio, figures) >= GOAL_RATIO else "NOT met"
        print(
            f"\ngoal: Dask reports >= {GOAL_RATIO}x one process: "
            f"x{ratio:.2f} with breach lists, x{figures:.2f} figures only, {verdict}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
