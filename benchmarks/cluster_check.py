"""What the check for tickets created in two partitions costs (``shuffle=False``).

With ``shuffle=False``, each partition sends the driver the 64-bit hashes of its
created tickets' ids beside its tally, and ``measure`` first runs a job over the
``ticket_id`` and ``kind`` columns; the driver looks for a hash two partitions
share. This script times, on ``benchmarks/cluster.py``'s data (files of whole
tickets, the same agreement), the figures (``tally(..., breaches=False)``) and the
clocks (``measure``, counted) of a Dask ``LocalCluster`` of two worker processes and
of Spark ``local[2]``, with the check and with it switched off (by replacing
slacore's module globals in this process, interleaved, best of ``--repeats``),
the bytes of hashes that travel, and the two halves of the check on their own in
one process at the scale of 4,000,000 tickets.

Run from the repository root::

    .venv/bin/python benchmarks/cluster_check.py [--tickets N] [--chunk N]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import pickle
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _load_cluster() -> Any:
    spec = importlib.util.spec_from_file_location("bench_cluster", HERE / "cluster.py")
    if spec is None or spec.loader is None:
        raise ImportError(HERE / "cluster.py")
    found = importlib.util.module_from_spec(spec)
    sys.modules["bench_cluster"] = found
    spec.loader.exec_module(found)
    return found


cluster = _load_cluster()
START, END, NOW = cluster.START, cluster.END, cluster.bench.NOW


def _best(fn: Any, repeats: int) -> float:
    found = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        found = min(found, time.perf_counter() - started)
    return found


@contextlib.contextmanager
def _unchecked_dask() -> Any:
    import slacore.dask

    kept = slacore.dask.keeps_tickets_apart
    slacore.dask.keeps_tickets_apart = lambda _events: True  # no check at all
    try:
        yield
    finally:
        slacore.dask.keeps_tickets_apart = kept


@contextlib.contextmanager
def _unchecked_spark() -> Any:
    import slacore.spark

    kept = slacore.spark.tallying, slacore.spark.hashes_of

    def tallying(*args: Any, check: bool = False) -> Any:
        del check  # never
        return kept[0](*args)

    slacore.spark.tallying = tallying
    slacore.spark.hashes_of = lambda _frame: {}
    try:
        yield
    finally:
        slacore.spark.tallying, slacore.spark.hashes_of = kept


def _pair(name: str, run: Any, off: Any, repeats: int, tickets: int) -> None:
    times = {"checked": float("inf"), "unchecked": float("inf")}
    for _ in range(repeats):  # interleaved: the machine's load falls on both
        times["checked"] = min(times["checked"], _best(run, 1))
        with off():
            times["unchecked"] = min(times["unchecked"], _best(run, 1))
    extra = times["checked"] - times["unchecked"]
    print(
        f"  {name:8} checked {times['checked']:6.2f} s, unchecked "
        f"{times['unchecked']:6.2f} s: {extra:+.2f} s "
        f"({extra / times['unchecked']:+.1%}, {extra / tickets * 1e6:+.2f} us/ticket)"
    )


def dask_part(folder: Path, tickets: int, repeats: int) -> None:
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import slacore.dask
    from slacore._cluster_dask import hashes_of

    deal = cluster.agreement()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        Client(local),
    ):

        def frame() -> Any:
            return dd.read_parquet(folder, split_row_groups=False)

        def figures() -> Any:
            return slacore.dask.tally(
                deal,
                START,
                END,
                now=NOW,
                tickets=frame(),
                shuffle=False,
                breaches=False,
            )

        def clocks() -> int:
            measured = slacore.dask.measure(
                deal.policies, frame(), now=NOW, shuffle=False
            )
            return int(measured.map_partitions(len).sum().compute())

        figures()  # the workers' first compile, not timed
        hashes = hashes_of(frame())
        sent = sum(len(pickle.dumps(h)) for h in hashes.values())
        print(
            f"\nDask LocalCluster, 2 workers x 1 thread, {len(hashes)} partitions: "
            f"hashes {sent:,} B back ({sent / tickets:.2f} B/ticket)"
        )
        _pair("figures", figures, _unchecked_dask, repeats, tickets)
        _pair("clocks", clocks, _unchecked_dask, repeats, tickets)
        with dask.config.set(scheduler="sync"):
            seconds = _best(lambda: hashes_of(frame()), repeats)
        print(f"  measure's first job alone, in this process: {seconds:.2f} s")


def spark_part(folder: Path, tickets: int, repeats: int) -> None:
    from pyspark.sql import SparkSession

    import slacore.spark
    from slacore._cluster_spark import hashes_of

    deal = cluster.agreement()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slacore-check-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.files.maxPartitionBytes", str(2**30))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)

            def frame() -> Any:
                return session.read.parquet(str(folder))

            def figures() -> Any:
                return slacore.spark.tally(
                    deal,
                    START,
                    END,
                    now=NOW,
                    tickets=frame(),
                    shuffle=False,
                    breaches=False,
                )

            def clocks() -> int:
                return int(
                    slacore.spark.measure(
                        deal.policies, frame(), now=NOW, shuffle=False
                    ).count()
                )

            figures()  # the workers' start and first compile, not timed
            hashes = hashes_of(frame())
            sent = sum(h.nbytes for h in hashes.values())
            print(
                f"\nSpark local[2], {len(hashes)} partitions: hashes {sent:,} B back "
                f"({sent / tickets:.2f} B/ticket)"
            )
            _pair("figures", figures, _unchecked_spark, repeats, tickets)
            _pair("clocks", clocks, _unchecked_spark, repeats, tickets)
    finally:
        session.stop()


def in_one_process(folder: Path) -> None:
    import numpy as np
    import pandas as pd

    from slacore._cluster_dupes import created_hashes, shared

    part = pd.read_parquet(min(folder.glob("*.parquet")))
    count = int((part["kind"] == "created").sum())
    seconds = _best(lambda: created_hashes(part), 5)
    print(
        f"\nin one process: a worker hashes a partition of {count:,} tickets in "
        f"{seconds * 1e3:.1f} ms ({seconds / count * 1e9:.0f} ns/ticket)"
    )
    rng = np.random.default_rng(1)
    runs = {
        n: np.sort(rng.integers(0, 2**63, 50_000, dtype=np.uint64)) for n in range(80)
    }
    seconds = _best(lambda: shared(runs), 3)
    print(
        f"  the driver looks through 4,000,000 hashes of 80 partitions in "
        f"{seconds:.2f} s ({seconds / 4e6 * 1e9:.0f} ns/ticket, 32 MB)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--chunk", type=int, default=25_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    cluster.CHUNK = args.chunk
    folder = Path(tempfile.mkdtemp(prefix="slacore-check-bench-"))
    try:
        written = cluster.write_files(folder, args.tickets)
        print(
            f"{args.tickets:,} tickets in files of {args.chunk:,}, "
            f"{written['rows']:,} events"
        )
        in_one_process(folder)
        if not args.no_dask:
            dask_part(folder, args.tickets, args.repeats)
        if not args.no_spark and shutil.which("java"):
            spark_part(folder, args.tickets, args.repeats)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
