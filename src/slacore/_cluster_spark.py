# The Spark side of `slacore.spark`: the workers' Python (found for a local master,
# checked once per application otherwise), each ticket's events brought into one
# partition (`repartition` on `ticket_id`, each row carrying its input place), the
# result schemas from the table engine's own empty results, and the `mapInArrow`
# functions run on the workers: a partition's record batches become one Arrow
# table measured or tallied by `_cluster_parts`. A tally or an error travels back as
# a pickle in a binary column, so the driver raises the very error one machine would;
# partitions measured as they are send beside it the hashes of their created tickets'
# ids, for the check that no ticket is created in two (`_cluster_dupes`).

from __future__ import annotations

import importlib
import os
import pickle
import sys
import warnings
from typing import TYPE_CHECKING, Any, Final

from pyspark.errors import PythonException
from pyspark.sql import functions as F  # noqa: N812 - Spark's own idiom
from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

from ._cluster_dupes import COLUMNS, created_hashes, created_rows
from ._cluster_errors import ORIGIN, first_failure
from ._cluster_parts import empty_tally, in_input_order, measure_part, tally_part
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime

    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

    from ._cluster_parts import Part, Window
    from ._cluster_ship import Shipment

#: The schema of a tally job's rows: one per partition (`created`: the hashes of its
#: created tickets' ids, little-endian uint64, when they are checked).
TALLY_SCHEMA: Final = "partition int, failed boolean, payload binary, created binary"
_ROWS_SCHEMA: Final = "partition int, payload binary"

_READY: set[str] = set()

# Imported by name: its types stay `Any` here (slacore's tables modules do the same).
np = importlib.import_module("numpy")
pa = importlib.import_module("pyarrow")


def _probe(batches: Iterator[Any]) -> Iterator[Any]:
    import slacore  # noqa: PLC0415 - what the probe is for

    for _ in batches:
        pass
    yield pa.RecordBatch.from_pydict(
        {"version": [slacore.__version__], "executable": [sys.executable]}
    )


def map_in_arrow(frame: Any, function: Any, schema: Any) -> Any:
    """`frame.mapInArrow(function, schema)`, without PySpark's pandas 3 notice.

    PySpark warns that it does not fully support pandas 3 whenever a function is
    mapped, although ``mapInArrow`` hands it Arrow batches and no pandas at all:
    that one warning is silenced here, nothing else.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message="PySpark does not yet fully support pandas",
            category=FutureWarning,
        )
        return frame.mapInArrow(function, schema)


def python_advice(session: SparkSession) -> str:
    """What to set so that the session's workers run a Python with slacore."""
    return (
        "set PYSPARK_PYTHON (or the Spark setting spark.pyspark.python, and "
        "spark.executorEnv.PYSPARK_PYTHON on a cluster) to a Python that has "
        f"slacore installed, such as {sys.executable} here, before the "
        f"SparkSession is created (its workers run {_python_of(session)!r})"
    )


def _python_of(session: SparkSession) -> str:
    return str(getattr(session.sparkContext, "pythonExec", "python3"))


def ready(session: SparkSession) -> None:
    """Make sure the session's workers run a Python that imports this slacore.

    For a local master whose Python nobody chose (no ``PYSPARK_PYTHON``, no
    ``spark.pyspark.python``, PySpark's default ``python3``), the workers run this
    process's Python. Then, once
    per application, a one-row job imports slacore on a worker and compares its
    version with this one.

    Raises:
        SlaError: If the workers cannot import slacore, or import another version,
            saying what to set.
    """
    context = session.sparkContext
    if context.applicationId in _READY:
        return
    chosen = os.environ.get("PYSPARK_PYTHON") or context.getConf().get(
        "spark.pyspark.python"
    )
    default = _python_of(session) == "python3"  # PySpark's own default
    if str(context.master).startswith("local") and not chosen and default:
        context.pythonExec = sys.executable
    try:
        probe = map_in_arrow(
            session.range(1), _probe, "version string, executable string"
        )
        found = probe.collect()
    except PythonException as error:
        text = str(error)
        if "ModuleNotFoundError" not in text and "ImportError" not in text:
            raise
        lines = [line for line in text.splitlines() if "Error: " in line]
        missing = lines[-1].strip() if lines else "an import failed"
        advice = python_advice(session)
        msg = f"Spark's Python workers cannot import slacore ({missing}): {advice}"
        raise SlaError(msg) from None
    import slacore  # noqa: PLC0415 - the driver's own version

    version = found[0]["version"]
    if version != slacore.__version__:
        msg = (
            f"Spark's Python workers import slacore {version} "
            f"({found[0]['executable']}), this process {slacore.__version__}: "
            f"{python_advice(session)}"
        )
        raise SlaError(msg)
    _READY.add(context.applicationId)


def by_ticket(events: DataFrame, *, shuffle: bool, partitions: int | None) -> DataFrame:
    """`events` with every ticket's rows in one partition, in input order there.

    The rows are numbered in input order first (`monotonically_increasing_id`:
    the input partition in the high bits, the row in the low ones), then
    repartitioned on ``ticket_id`` and sorted by that number within each
    partition. With `shuffle` False the frame is taken as it is.
    """
    if not shuffle:
        return events
    marked = events.withColumn(ORIGIN, F.monotonically_increasing_id())
    count = partitions or events.rdd.getNumPartitions()
    moved = marked.repartition(count, "ticket_id")
    return moved.sortWithinPartitions(ORIGIN)


def arrow_schema(frame: DataFrame) -> Any:
    """The Arrow schema of `frame`'s batches on a worker (instants in UTC)."""
    return to_arrow_schema(frame.schema, timezone="UTC")


def empty_arrow(frame: DataFrame) -> Any:
    """An empty Arrow table with `frame`'s columns, less the origin column."""
    return in_input_order(arrow_schema(frame).empty_table())[0]


def plain_schema(schema: Any) -> Any:
    """`schema` with its dictionary columns as their values' type.

    Spark has no categories: the engine's ``category`` columns (Arrow
    dictionaries) go to Spark as the strings they hold.
    """
    return pa.schema(
        pa.field(
            field.name,
            field.type.value_type if pa.types.is_dictionary(field.type) else field.type,
            field.nullable,
        )
        for field in schema
    )


def spark_schema(table: Any) -> StructType:
    """The Spark schema of an Arrow table (instants with a zone as timestamps)."""
    return from_arrow_schema(table.schema, prefer_timestamp_ntz=True)


def _partition() -> int:
    from pyspark import TaskContext  # noqa: PLC0415 - there only on a worker

    context = TaskContext.get()
    return 0 if context is None else context.partitionId()


def measuring(
    shipment: Shipment, now: datetime, schema: Any
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The `mapInArrow` function measuring one partition of ticket events."""

    def measure(batches: Iterator[Any]) -> Iterator[Any]:
        found = list(batches)
        if not found:
            return
        table = pa.Table.from_batches(found)
        clocks = measure_part(shipment, table, now, _partition())
        yield from clocks.cast(schema).to_batches()

    return measure


def tallying(
    shipment: Shipment,
    part: Part,
    window: Window,
    *,
    check: bool = False,
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The `mapInArrow` function tallying one partition of `part`.

    It gives one row: the pickled tally, or the pickled error; with `check`, the
    partition's `created_hashes` beside a tally.
    """

    def tally(batches: Iterator[Any]) -> Iterator[Any]:
        found = list(batches)
        if not found:
            return
        partition = _partition()
        failed, created = False, None
        try:
            table = pa.Table.from_batches(found)
            result: object = tally_part(shipment, part, table, window, partition)
            if check:
                created = _bytes(created_hashes(table))
        except SlaError as error:
            result, failed = error, True
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        yield pa.RecordBatch.from_pydict(
            {
                "partition": [partition],
                "failed": [failed],
                "payload": [payload],
                "created": [created],
            },
            schema=pa.schema(
                [
                    ("partition", pa.int32()),
                    ("failed", pa.bool_()),
                    ("payload", pa.binary()),
                    ("created", pa.binary()),
                ]
            ),
        )

    return tally


def _bytes(hashes: Any) -> bytes:
    return bytes(np.asarray(hashes, dtype="<u8").tobytes())


def _one_row(partition: int, payload: bytes) -> Any:
    return pa.RecordBatch.from_pydict(
        {"partition": [partition], "payload": [payload]},
        schema=pa.schema([("partition", pa.int32()), ("payload", pa.binary())]),
    )


def _hashing(batches: Iterator[Any]) -> Iterator[Any]:
    found = list(batches)
    if found:
        created = created_hashes(pa.Table.from_batches(found))
        yield _one_row(_partition(), _bytes(created))


def confirming(
    suspects: dict[int, Any],
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The `mapInArrow` function giving the `created_rows` of suspect partitions."""

    def confirm(batches: Iterator[Any]) -> Iterator[Any]:
        found = list(batches)
        partition = _partition()
        if found and partition in suspects:
            table = pa.Table.from_batches(found)
            rows = created_rows(table, suspects[partition])
            yield _one_row(partition, pickle.dumps(rows))

    return confirm


def _slim(frame: DataFrame) -> DataFrame:
    """`frame` with only the columns the check reads, in the same partitions."""
    return frame.select(*[name for name in COLUMNS if name in frame.columns])


def hashes_in(rows: list[Any]) -> dict[int, Any]:
    """The `created_hashes` a job's rows carry, per partition."""
    return {
        row["partition"]: np.frombuffer(row["created"], dtype="<u8")
        for row in rows
        if row["created"] is not None
    }


def hashes_of(frame: DataFrame) -> dict[int, Any]:
    """`created_hashes` of each partition of `frame`, by a job (two columns read).

    Spark keeps only the created rows before Python sees any (a row a ticket),
    which halves the job; a filter keeps the partitions and their numbers.
    """
    created = _slim(frame).filter(F.col("kind") == "created")
    rows = map_in_arrow(created, _hashing, _ROWS_SCHEMA).collect()
    return {row["partition"]: np.frombuffer(row["payload"], "<u8") for row in rows}


def fetcher(frame: DataFrame) -> Callable[[dict[int, Any]], dict[int, Any]]:
    """How the driver asks some partitions of `frame` for their `created_rows`."""

    def fetch(suspects: dict[int, Any]) -> dict[int, Any]:
        job = map_in_arrow(_slim(frame), confirming(suspects), _ROWS_SCHEMA)
        return {
            row["partition"]: pickle.loads(row["payload"])  # noqa: S301 - our workers'
            for row in job.collect()
        }

    return fetch


def gather(
    rows: list[Any],
    shipment: Shipment,
    window: Window,
) -> Any:
    """The sum of the tallies in a tally job's rows, or the first partition's error."""
    results = [
        (row["partition"], pickle.loads(row["payload"]))  # noqa: S301 - our workers'
        for row in rows
    ]
    first_failure(results)
    return sum((value for _, value in results), empty_tally(shipment, window))
