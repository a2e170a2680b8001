# The Dask side of `slacore.dask`: getting each ticket's events into one partition
# (a shuffle by `ticket_id`, unless the frame's divisions already keep tickets
# apart), the definitions into the graph once, and each partition's tally added up
# in a tree whose last sum runs on the driver's behalf. Partitions are pandas
# DataFrames measured by the table engine (`_cluster_parts`). Partitions measured
# as they are send the hashes of their created tickets' ids to the driver, beside
# their tallies, for the check that no ticket is created in two (`_cluster_dupes`).

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from ._cluster_dupes import COLUMNS, created_hashes, created_rows
from ._cluster_errors import ORIGIN, ROW_BITS
from ._cluster_parts import PARTS, empty_tally, in_input_order, tally_part
from ._dataset import Dataset

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from ._cluster_parts import Part, Window
    from ._cluster_ship import Shipment

# Imported by name: their types stay `Any` here (slacore's tables modules do the same).
dask = importlib.import_module("dask")
dd = importlib.import_module("dask.dataframe")
np = importlib.import_module("numpy")
pd = importlib.import_module("pandas")

#: How many tallies one task of the reduction adds.
FAN_IN: Final = 8


def is_dask_frame(value: object) -> bool:
    """Whether `value` is a Dask DataFrame."""
    return isinstance(value, dd.DataFrame)


def empty_like(frame: Any) -> Any:
    """An empty pandas DataFrame with `frame`'s columns, dtypes and index name."""
    columns = {name: pd.Series(dtype=dtype) for name, dtype in frame.dtypes.items()}
    empty = pd.DataFrame(columns)
    empty.index = empty.index.astype(frame.index.dtype)
    empty.index.name = frame.index.name
    return empty


def _with_origin(frame: Any, partition_info: dict[str, Any] | None = None) -> Any:
    number = 0 if partition_info is None else int(partition_info["number"])
    origin = (np.int64(number) << ROW_BITS) + np.arange(len(frame), dtype=np.int64)
    return frame.assign(**{ORIGIN: origin})


def keeps_tickets_apart(events: Any) -> bool:
    """Whether `events` is indexed by ``ticket_id`` with known divisions."""
    return bool(events.index.name == "ticket_id" and events.known_divisions)


def by_ticket(events: Any, *, shuffle: bool, partitions: int | None) -> Any:
    """`events` with every ticket's rows in one partition.

    A frame indexed by ``ticket_id`` with known divisions has that already; any
    other is shuffled on ``ticket_id``, each row carrying its place in the input
    (`ORIGIN`), so that a partition puts its rows back in input order. With
    `shuffle` False the frame is taken as it is.
    """
    if not shuffle:
        return events
    if keeps_tickets_apart(events):
        return events if partitions is None else events.repartition(partitions)
    if events.index.name == "ticket_id" and "ticket_id" not in events.columns:
        events = events.reset_index()
    meta = empty_like(events).assign(**{ORIGIN: np.array([], dtype=np.int64)})
    marked = events.map_partitions(_with_origin, meta=meta)
    return marked.shuffle(on="ticket_id", npartitions=partitions)


def _measure_partition(
    events: Any,
    shipment: Shipment,
    now: datetime,
    partition_info: dict[str, Any] | None = None,
) -> Any:
    from ._cluster_parts import measure_part  # noqa: PLC0415 - next to its use

    number = 0 if partition_info is None else int(partition_info["number"])
    return measure_part(shipment, events, now, number)


def measure_frame(events: Any, shipment: Shipment, meta: Any, now: datetime) -> Any:
    """`measure_part` over every partition of `events`, lazily."""
    return events.map_partitions(
        _measure_partition, dask.delayed(shipment), now, meta=meta
    )


def meta_events(events: Any) -> Any:
    """The empty events table a partition of `events` becomes when measured."""
    return in_input_order(empty_like(events))[0]


def _add(*tallies: Any) -> Any:
    return sum(tallies[1:], tallies[0])


def _tally_and_hashes(
    shipment: Shipment, table: Any, window: Window, partition: int
) -> tuple[Any, Any]:
    tally = tally_part(shipment, "tickets", table, window, partition)
    return tally, created_hashes(table)


def tally_graph(
    shipment: Shipment,
    frames: Sequence[tuple[Part, Any]],
    window: Window,
    *,
    check: bool = False,
) -> tuple[Any, list[Any]]:
    """The tally of every partition of `frames`, added up in a tree of sums.

    With `check`, each partition of the tickets frame also gives the hashes of
    its created tickets' ids (`created_hashes`), gathered beside the tree: the
    second of the pair, one per partition in order (else empty).
    """
    shipped = dask.delayed(shipment)
    level: list[Any] = [dask.delayed(empty_tally, pure=True)(shipped, window)]
    hashes: list[Any] = []
    for part, frame in frames:
        if check and part == "tickets":
            both = dask.delayed(_tally_and_hashes, nout=2, pure=True)
            for number, piece in enumerate(frame.to_delayed()):
                tally, created = both(shipped, piece, window, number)
                level.append(tally)
                hashes.append(created)
            continue
        tally = dask.delayed(tally_part, pure=True)
        level += [
            tally(shipped, part, piece, window, number)
            for number, piece in enumerate(frame.to_delayed())
        ]
    while len(level) > 1:
        add = dask.delayed(_add, pure=True)
        level = [add(*level[i : i + FAN_IN]) for i in range(0, len(level), FAN_IN)]
    return level[0], hashes


def _slim(events: Any) -> Any:
    """`events` with only the columns the check reads (the index comes along)."""
    return events[[name for name in COLUMNS if name in events.columns]]


def hashes_of(events: Any) -> dict[int, Any]:
    """`created_hashes` of each partition of `events`, computed (two columns read)."""
    hash_of = dask.delayed(created_hashes, pure=True)
    return dict(enumerate(compute([hash_of(p) for p in _slim(events).to_delayed()])))


def fetcher(events: Any) -> Callable[[dict[int, Any]], dict[int, Any]]:
    """How the driver asks some partitions of `events` for their `created_rows`."""

    def fetch(suspects: dict[int, Any]) -> dict[int, Any]:
        pieces = _slim(events).to_delayed()
        rows_of = dask.delayed(created_rows, pure=True)
        found: dict[int, Any] = compute(
            {p: rows_of(pieces[p], h) for p, h in suspects.items()}
        )
        return found

    return fetch


def split_inputs(inputs: dict[Part, Any]) -> tuple[list[tuple[Part, Any]], Dataset]:
    """The Dask frames among `inputs`, and a dataset of the rest (read here)."""
    frames = [(part, inputs[part]) for part in PARTS if is_dask_frame(inputs[part])]
    local = {
        part: value
        for part, value in inputs.items()
        if value is not None and not is_dask_frame(value)
    }
    return frames, Dataset(**local)


def compute(graph: Any) -> Any:
    """The value of one delayed object, computed by the current scheduler."""
    (found,) = dask.compute(graph)
    return found
