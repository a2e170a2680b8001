# Tickets created in two partitions. Measured as they are (``shuffle=False``), the
# partitions of a cluster job never meet: a ticket whose created row is in two of
# them (a file exported twice, a ticket's events cut with its created row copied)
# would be measured twice and counted twice, where one machine refuses the whole
# table ("the ticket has a second created row"). So each partition sends, beside
# its result, the 64-bit hashes of its created rows' ticket ids (8 bytes a ticket,
# sorted); the driver looks for a hash that two partitions share, asks only those
# partitions for the created rows behind it, and raises the `TableError` one
# machine raises for each id that really is in two (two ids may share a hash: only
# equal ids count, so the check is exact). The engines (`_cluster_dask`,
# `_cluster_spark`) only carry the hashes and the rows; the rule is stated here.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._cluster_parts import in_input_order
from ._frames import library_of
from ._frames_kinds import module, numpy
from ._table_problems import LISTED
from .exceptions import TableError, TableProblem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    #: Per partition number, the sorted distinct hashes of its created ticket ids.
    Hashes = Mapping[int, Any]
    #: Per partition number, its created rows (row, ticket id) of some hashes.
    Rows = Mapping[int, Sequence[tuple[int, object]]]

#: The columns the check reads.
COLUMNS: Final = ("ticket_id", "kind")

_SECOND: Final = "the ticket has a second created row"


def _created(table: Any) -> tuple[Any, Any]:
    """The rows of `table` that are created rows with a ticket id, and their ids.

    The ids are a numpy object array of Python values (`str`, `int`); a missing
    or empty id is left out (the table engine refuses it anyway).
    """
    np = numpy()
    table, _ = in_input_order(table)
    if library_of(table) == "pyarrow":
        pa = module("pyarrow", "Arrow tables", "arrow")
        pc = module("pyarrow.compute", "Arrow tables", "arrow")
        kind = table.column("kind")
        if not pa.types.is_string(kind.type) and not pa.types.is_large_string(
            kind.type
        ):
            kind = kind.cast(pa.string())
        mask = pc.fill_null(pc.equal(kind, "created"), fill_value=False)
        rows = np.flatnonzero(mask.to_numpy())
        ids = table.column("ticket_id").take(rows)
        valid = pc.is_valid(ids).to_numpy(zero_copy_only=False)
        rows, ids = rows[valid], ids.filter(valid).to_numpy(zero_copy_only=False)
    else:  # a pandas DataFrame: a Dask partition
        pd = module("pandas", "pandas tables", "pandas")
        mask = table["kind"].eq("created").to_numpy(dtype=bool, na_value=False)
        rows = np.flatnonzero(mask)
        ids = np.asarray(table["ticket_id"].take(rows).to_numpy(), dtype=object)
        valid = ~np.asarray(pd.isna(ids), dtype=bool)
        rows, ids = rows[valid], ids[valid]
    ids = np.asarray(ids, dtype=object)
    blank = np.asarray(ids == "", dtype=bool)
    return rows[~blank], ids[~blank]


def _hashes(ids: Any) -> Any:
    """The 64-bit hash of each id, the same in every process (pandas' SipHash).

    An integer hashes as its text, so the ids of partitions typed apart still
    meet; equal hashes are then only suspects, checked with the ids themselves.
    """
    pd = module("pandas", "pandas tables", "pandas")
    return pd.util.hash_array(ids, categorize=False)


def created_hashes(table: Any) -> Any:
    """The sorted distinct hashes of the ticket ids of `table`'s created rows.

    Runs on a worker, on one partition (a pandas DataFrame or a pyarrow Table):
    this is what travels to the driver, 8 bytes a ticket.

    Examples:
        >>> import pandas as pd
        >>> part = pd.DataFrame(
        ...     {
        ...         "ticket_id": ["T-1", "T-1", "T-2"],
        ...         "kind": ["created", "x", "created"],
        ...     }
        ... )
        >>> hashes = created_hashes(part)
        >>> len(hashes), str(hashes.dtype), bool((hashes[1:] > hashes[:-1]).all())
        (2, 'uint64', True)
    """
    np = numpy()
    found = np.sort(_hashes(_created(table)[1]))
    if len(found) > 1:
        found = found[np.concatenate(([True], found[1:] != found[:-1]))]
    return found


def created_rows(table: Any, hashes: Any) -> list[tuple[int, object]]:
    """The created rows of `table` whose ticket id has one of `hashes`: (row, id).

    Runs on a worker, on a partition the driver suspects: rows are counted from
    0 in the partition as it is.
    """
    np = numpy()
    rows, ids = _created(table)
    pick = np.isin(_hashes(ids), hashes)
    return list(zip(rows[pick].tolist(), ids[pick].tolist(), strict=True))


def shared(found: Hashes) -> dict[int, Any]:
    """Per partition, those of its hashes that another partition has too.

    Only partitions with such a hash are keys; nothing shared gives ``{}``.

    Examples:
        >>> import numpy as np
        >>> one, two = np.array([1, 5], np.uint64), np.array([2, 5], np.uint64)
        >>> shared({0: one, 3: two})
        {0: array([5], dtype=uint64), 3: array([5], dtype=uint64)}
        >>> shared({0: one, 1: np.array([2], np.uint64)})
        {}
    """
    np = numpy()
    if len(found) < 2:  # two partitions are needed to share a hash
        return {}
    every = np.concatenate([np.asarray(h, dtype=np.uint64) for h in found.values()])
    every.sort(kind="stable")  # runs of sorted hashes: a merge, about n log k
    twice = every[1:][every[1:] == every[:-1]]  # each partition's are distinct
    if not len(twice):
        return {}
    out: dict[int, Any] = {}
    for partition, hashes in found.items():
        mine = np.asarray(hashes, dtype=np.uint64)
        pick = np.isin(mine, twice)
        if pick.any():
            out[partition] = mine[pick]
    return out


def second_created_error(found: Rows) -> TableError | None:
    """The error for ticket ids with created rows in two partitions, if any.

    Each id's first created row is its first in the lowest partition; each of its
    created rows in another partition is a problem ("the ticket has a second
    created row", as one machine says), named by partition and row. Rows of the
    same id in the first row's own partition are that partition's own error.

    Args:
        found: Per partition, created rows as (row, ticket id).

    Returns:
        A `TableError` of table ``tickets`` whose message names the partitions
        and whose problems name each second created row (row in its partition),
        with attributes ``partition`` (the partition of the first problem) and
        ``partitions`` (all of them); None when no id is in two partitions.

    Examples:
        >>> error = second_created_error({1: [(0, "T-1")], 3: [(4, "T-1")]})
        >>> print(error)
        tickets partitions 1 and 3: tickets table: 1 problem
          partition 3, row 4: kind: the ticket has a second created row (found 'T-1' (its first created row is partition 1, row 0))
        >>> error.partition, error.partitions, error.problems[0].row
        (3, (1, 3), 4)
        >>> second_created_error({1: [(0, "T-1")], 3: [(4, 1)]}) is None
        True
    """  # noqa: E501 - the message is one line
    places: dict[object, list[tuple[int, int]]] = {}
    for partition, rows in found.items():
        for row, ticket in rows:
            places.setdefault(ticket, []).append((partition, row))
    seconds: list[tuple[int, int, object, tuple[int, int]]] = []
    for ticket, where in places.items():
        first = min(where)
        seconds += [(p, r, ticket, first) for p, r in sorted(where) if p != first[0]]
    if not seconds:
        return None
    seconds.sort(key=lambda second: second[:2])
    partitions = sorted({p for p, *_ in seconds} | {s[3][0] for s in seconds})
    listed = seconds[:LISTED]
    problems = [
        TableProblem(
            "kind",
            _SECOND,
            row,
            None,
            f"{ticket!r} (its first created row is partition {at[0]}, row {at[1]})",
        )
        for _, row, ticket, at in listed
    ]
    lines = [
        f"partition {p}, {problem}"
        for (p, *_), problem in zip(listed, problems, strict=True)
    ]
    more = len(seconds) - len(problems)
    if more > 0:
        counted = TableProblem("kind", f"{_SECOND}: {more:,} more rows like these")
        problems.append(counted)
        lines.append(str(counted))
    count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
    named = ", ".join(map(str, partitions[:-1])) + f" and {partitions[-1]}"
    text = "\n  ".join([f"tickets partitions {named}: tickets table: {count}", *lines])
    error = TableError(text, table="tickets", problems=tuple(problems))
    error.partition = seconds[0][0]  # type: ignore[attr-defined]
    error.partitions = tuple(partitions)  # type: ignore[attr-defined]
    return error


def check_created(found: Hashes, fetch: Callable[[dict[int, Any]], Rows]) -> None:
    """Raise the error for ticket ids created in two partitions, if there are any.

    Args:
        found: Per partition, `created_hashes` of it.
        fetch: Given some partitions' shared hashes, their `created_rows`: the
            engine's way to ask those partitions (a job on the cluster). Called
            only when two partitions share a hash.

    Raises:
        TableError: As `second_created_error` gives it.

    Examples:
        >>> import pandas as pd
        >>> parts = {
        ...     0: pd.DataFrame({"ticket_id": ["T-1"], "kind": ["created"]}),
        ...     2: pd.DataFrame({"ticket_id": ["T-1"], "kind": ["created"]}),
        ... }
        >>> def fetch(suspects):
        ...     return {p: created_rows(parts[p], h) for p, h in suspects.items()}
        >>> check_created({p: created_hashes(t) for p, t in parts.items()}, fetch)
        Traceback (most recent call last):
        ...
        slacore.exceptions.TableError: tickets partitions 0 and 2: tickets table: ...
    """
    suspects = shared(found)
    if not suspects:
        return
    error = second_created_error(fetch(suspects))
    if error is not None:
        raise error
