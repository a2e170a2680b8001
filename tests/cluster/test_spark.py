"""slacore.spark on a real Spark local[2] session, against one machine."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("pyspark", reason="needs the spark extra (slacore[spark])")
if shutil.which("java") is None:  # pragma: no cover - Java is on the project's machines
    pytest.skip("Spark needs Java (17) on the PATH", allow_module_level=True)

import numpy as np
import pandas as pd
import pyarrow as pa
from pyspark.errors import PythonException
from pyspark.sql import SparkSession
from tests.cluster import workload as w

import slacore as sla
import slacore.spark
from slacore import _cluster_spark
from slacore._cluster_dupes import created_hashes
from slacore._cluster_errors import ORIGIN
from slacore._cluster_ship import Shipment

# PySpark warns about pandas 3 whenever it converts a pandas frame (the tests'
# createDataFrame): that notice only, not any other warning. Results are read with
# toArrow (toPandas passes pandas 3 a deprecated argument).
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)
needs_tally = pytest.mark.skipif(
    not w.has_tally(), reason="needs Agreement.tally (the tally branch, #11)"
)


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slacore-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("FATAL")
    yield session
    session.stop()


def test_measure_equals_measure_table(spark):
    one = sla.measure_table(w.policies(), w.events(), now=w.now())
    events = spark.createDataFrame(w.events())
    clocks = slacore.spark.measure(w.policies(), events, now=w.now())
    assert clocks.columns == list(one.columns)
    types = dict(clocks.dtypes)  # Spark has no categories: strings
    assert [types[n] for n in ("policy", "metric", "priority", "state")] == [
        "string"
    ] * 4
    found = clocks.toArrow().to_pandas()
    pd.testing.assert_frame_equal(w.clock_rows(found), w.clock_rows(one))


def test_the_workers_run_this_python(spark):
    # Nobody set PYSPARK_PYTHON: the local master's workers got sys.executable.
    assert spark.sparkContext.pythonExec == sys.executable


def test_events_at_one_instant_keep_their_order_through_the_shuffle(spark):
    table = w.same_instant_events()
    one = sla.measure_table(w.policies(), table, now=w.now())
    events = spark.createDataFrame(table).repartition(5)
    found = slacore.spark.measure(w.policies(), events, now=w.now(), partitions=3)
    assert found.rdd.getNumPartitions() == 3
    pd.testing.assert_frame_equal(
        w.clock_rows(found.toArrow().to_pandas()), w.clock_rows(one)
    )


def test_a_split_ticket_without_the_shuffle_fails_naming_the_partition(spark):
    events = spark.createDataFrame(w.events())  # cut by rows: tickets span parts
    assert events.rdd.getNumPartitions() == 2
    clocks = slacore.spark.measure(w.policies(), events, now=w.now(), shuffle=False)
    with pytest.raises(PythonException, match="TableError: tickets partition 1: "):
        clocks.count()


def files_frame(spark, files):
    """One partition per table, in order, as Spark reads one small file each.

    (A union of one-partition frames is planned as one partition: the RDDs are
    joined instead.)
    """
    frames = [spark.createDataFrame(table).coalesce(1) for table in files]
    joined = spark.sparkContext.union([frame.rdd for frame in frames])
    return spark.createDataFrame(joined, frames[0].schema)


def _measured(frame, **options):
    return slacore.spark.measure(w.policies(), frame, now=w.now(), **options)


def _tallied(frame, **options):
    return slacore.spark.tally(
        w.agreement(), w.START, w.END, now=w.now(), tickets=frame, **options
    )


def _reported(frame, **options):
    return slacore.spark.evaluate_range(
        w.agreement(), w.START, w.END, now=w.now(), tickets=frame, **options
    )


@pytest.mark.parametrize(
    "run",
    [
        _measured,
        pytest.param(_tallied, marks=needs_tally),
        pytest.param(_reported, marks=needs_tally),
    ],
)
def test_a_ticket_created_in_two_partitions_is_refused_on_the_driver(spark, run):
    files = w.exported_twice()
    frame = files_frame(spark, files)
    assert frame.rdd.getNumPartitions() == len(files)
    with pytest.raises(sla.TableError) as info:
        run(frame, shuffle=False)
    assert w.named_tickets(info.value) == w.named_tickets(w.one_machine_error(files))
    assert str(info.value).startswith(
        "tickets partitions 1 and 3: tickets table: 11 problems\n"
        "  partition 3, row 0: kind: the ticket has a second created row "
        "(found 'T-200' (its first created row is partition 1, row 0))\n"
    )
    assert (info.value.partition, info.value.partitions) == (3, (1, 3))


@needs_tally
def test_with_the_shuffle_a_ticket_created_twice_meets_its_twin(spark):
    frame = files_frame(spark, w.exported_twice())
    with pytest.raises(
        sla.TableError, match="the ticket has a second created row"
    ) as info:
        _tallied(frame)
    w.assert_twins_named_in_the_input(info.value)


@needs_tally
def test_whole_ticket_partitions_without_the_shuffle_equal_one_machine(spark):
    files, ticket = w.created_copied()
    with pytest.raises(sla.TableError, match=r"^tickets partitions 0 and 2: ") as info:
        _tallied(files_frame(spark, files), shuffle=False)
    assert info.value.problems[0].found.startswith(f"{ticket!r} (its first created")
    reports = _reported(files_frame(spark, w.export_files()), shuffle=False)
    one = w.agreement().evaluate_range(
        sla.Dataset(tickets=w.events(600)), w.START, w.END, now=w.now()
    )
    assert reports == one


def test_wrong_columns_are_refused_at_once(spark):
    events = spark.createDataFrame(w.events().drop(columns=["kind"]))
    with pytest.raises(sla.TableError, match="kind: missing required column"):
        slacore.spark.measure(w.policies(), events, now=w.now())


@needs_tally
def test_reports_equal_one_machines(spark):
    parts = {name: spark.createDataFrame(table) for name, table in w.others().items()}
    reports = slacore.spark.evaluate_range(
        w.agreement(),
        w.START,
        w.END,
        now=w.now(),
        tickets=spark.createDataFrame(w.events()),
        **parts,
    )
    expected = w.one_machine_reports()
    assert reports == expected
    for mine, theirs in zip(reports, expected, strict=True):
        assert mine.breaches == theirs.breaches
        assert mine.to_dict() == theirs.to_dict()


@needs_tally
def test_a_bad_partition_fails_the_tally_on_the_driver(spark):
    bad = w.events().copy()
    bad.loc[4, "kind"] = "escalated"
    with pytest.raises(sla.TableError) as info:
        slacore.spark.tally(
            w.agreement(),
            w.START,
            w.END,
            now=w.now(),
            tickets=spark.createDataFrame(bad),
        )
    assert "input partition 0, row 4: kind: unknown kind" in str(info.value)
    assert info.value.problems[0].column == "kind"


@needs_tally
def test_a_split_ticket_fails_the_tally_on_the_driver(spark):
    with pytest.raises(sla.TableError, match=r"^tickets partition 1: ") as info:
        slacore.spark.tally(
            w.agreement(),
            w.START,
            w.END,
            now=w.now(),
            tickets=spark.createDataFrame(w.events()),
            shuffle=False,
        )
    assert info.value.partition == 1


def test_workers_without_slacore_get_advice(spark, tmp_path):
    # A Python whose `import slacore` fails, as a Python without it installed.
    (tmp_path / "slacore").mkdir()
    (tmp_path / "slacore" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'slacore'\", name='slacore')\n"
    )
    python = tmp_path / "python"
    python.write_text(
        f'#!/bin/sh\nPYTHONPATH="{tmp_path}:$PYTHONPATH" exec {sys.executable} "$@"\n'
    )
    python.chmod(0o755)
    context = spark.sparkContext
    kept = context.pythonExec
    context.pythonExec = str(python)
    _cluster_spark._READY.clear()
    try:
        with pytest.raises(sla.SlaError, match="set PYSPARK_PYTHON") as info:
            _cluster_spark.ready(spark)
    finally:
        context.pythonExec = kept
    assert (
        "cannot import slacore (ModuleNotFoundError: No module named 'slacore')"
        in str(info.value)
    )
    assert sys.executable in str(info.value)
    _cluster_spark.ready(spark)


def test_the_worker_functions_in_this_process():
    # What runs on a worker, called here (where coverage sees it).
    events = pa.Table.from_pandas(w.events(200), preserve_index=False)
    shipment = Shipment.of((tuple(w.policies()), ()))
    one = sla.measure_table(w.policies(), events, now=w.now())
    measure = _cluster_spark.measuring(shipment, w.now(), one.schema)
    assert list(measure(iter([]))) == []
    moved = events.append_column(ORIGIN, pa.array(range(len(events)), pa.int64()))
    batches = list(measure(iter(moved.to_batches(max_chunksize=500))))
    assert pa.Table.from_batches(batches).equals(one)


@needs_tally
def test_the_tally_function_in_this_process():
    events = pa.Table.from_pandas(w.events(200), preserve_index=False)
    agreement = w.agreement()
    window = (w.START, w.END, w.now(), False)
    shipment = Shipment.of(agreement)
    tally = _cluster_spark.tallying(shipment, "tickets", window)
    assert list(tally(iter([]))) == []
    (row,) = tally(iter(events.to_batches()))
    rows = pa.Table.from_batches([row]).to_pylist()
    assert rows[0]["failed"] is False
    assert rows[0]["created"] is None
    assert _cluster_spark.hashes_in(rows) == {}
    total = _cluster_spark.gather(rows, shipment, window)
    assert agreement.report(total) == agreement.report(
        agreement.tally(sla.Dataset(tickets=events), w.START, w.END, now=w.now())
    )
    bad = events.set_column(2, "kind", pa.array(["nope"] * len(events)))
    (row,) = tally(iter(bad.to_batches()))
    rows = pa.Table.from_batches([row]).to_pylist()
    assert rows[0]["failed"] is True
    assert isinstance(pickle.loads(rows[0]["payload"]), sla.TableError)  # noqa: S301
    with pytest.raises(sla.TableError, match=r"^tickets partition 0: "):
        _cluster_spark.gather(rows, shipment, window)


@needs_tally
def test_the_check_functions_in_this_process():
    events = pa.Table.from_pandas(w.events(200), preserve_index=False)
    window = (w.START, w.END, w.now(), False)
    shipment = Shipment.of(w.agreement())
    tally = _cluster_spark.tallying(shipment, "tickets", window, check=True)
    (row,) = tally(iter(events.to_batches()))
    rows = pa.Table.from_batches([row]).to_pylist()
    from_tally = _cluster_spark.hashes_in(rows)[0]
    (batch,) = _cluster_spark._hashing(iter(events.to_batches()))
    from_job = np.frombuffer(batch.column("payload")[0].as_py(), dtype="<u8")
    expected = created_hashes(w.events(200))  # pandas: the same hashes as Arrow
    assert from_tally.tolist() == from_job.tolist() == expected.tolist()
    assert len(expected) == 200
    assert list(_cluster_spark._hashing(iter([]))) == []
    first = created_hashes(w.events(200).iloc[:1])
    (found,) = _cluster_spark.confirming({0: first})(iter(events.to_batches()))
    assert pickle.loads(found.column("payload")[0].as_py()) == [(0, "T-0")]  # noqa: S301
    elsewhere = _cluster_spark.confirming({1: first})
    assert list(elsewhere(iter(events.to_batches()))) == []


def test_importing_without_pyspark_names_the_extra():
    code = (
        "import sys; sys.modules['pyspark'] = None; sys.modules['pyspark.sql'] = None\n"
        "try:\n    import slacore.spark\n"
        "except ImportError as error:\n    print(error)\n"
    )
    found = subprocess.run(  # noqa: S603 - this Python, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'slacore[spark]'" in found.stdout
