# Errors found in a partition on a cluster worker: the same `SlaError` subclass as on
# one machine, with the same attributes, its message naming the partition (and, after
# a shuffle by ticket, where each bad row was in the input). `SlaError` pickles whole,
# so the error crosses to the driver as it is; a job that gathers results on the
# driver (the tallies) raises the first partition's error there.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from .exceptions import SlaError, TableError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .exceptions import TableProblem

#: The column that carries each event's place in the input through a shuffle: the
#: input partition in the high bits, the row in that partition in the low 33 (as
#: Spark's `monotonically_increasing_id`).
ORIGIN: Final = "_slacore_origin"
ROW_BITS: Final = 33


def origin_of(partition: int, row: int) -> int:
    """The `ORIGIN` value of `row` of input partition `partition`.

    Examples:
        >>> where(origin_of(3, 17))
        'input partition 3, row 17'
    """
    return (partition << ROW_BITS) | row


def where(origin: int) -> str:
    """The input partition and row an `ORIGIN` value stands for, in words."""
    partition, row = origin >> ROW_BITS, origin & ((1 << ROW_BITS) - 1)
    return f"input partition {partition}, row {row}"


def located(
    error: SlaError,
    *,
    part: str,
    partition: int,
    origins: Sequence[int] | None = None,
) -> SlaError:
    """`error` again, of the same class and attributes, naming the partition.

    The message starts with `part` and `partition`, and the copy has an attribute
    ``partition``.

    Args:
        error: The error the partition raised.
        part: What the partition holds: ``tickets``, ``outages``...
        partition: The partition's number in the frame that was measured.
        origins: When the rows were moved (a shuffle by ticket): the `ORIGIN` of
            each row of the partition as measured, so that a table's problems name
            where their rows were in the input.

    Examples:
        >>> from slacore.exceptions import DataError
        >>> error = located(DataError("bad", field="at"), part="tickets", partition=2)
        >>> str(error), error.field, error.partition
        ('tickets partition 2: bad', 'at', 2)
    """
    if isinstance(error, TableError) and origins is not None:
        head = str(error).split("\n", 1)[0]
        problems = [_moved(problem, origins) for problem in error.problems]
        lines = [head, *(f"  {_line(problem, origins)}" for problem in problems)]
        text = "\n".join(lines)
        note = " (rows named by their place in the input, before the shuffle)"
        message = f"{part} partition {partition}{note}: {text}"
        return _same_kind(error, message, partition, problems=tuple(problems))
    message = f"{part} partition {partition}: {error}"
    return _same_kind(error, message, partition)


def _moved(problem: TableProblem, origins: Sequence[int]) -> TableProblem:
    """`problem` with its rows (and the row its text names) placed in the input."""
    found, other = problem.found, problem.refers_to
    if found is not None and other is not None and 0 <= other < len(origins):
        head, named, tail = found.rpartition(f"row {other}")
        if named:
            found = head + where(int(origins[other])) + tail
    return attrs.evolve(problem, found=found)


def _line(problem: TableProblem, origins: Sequence[int]) -> str:
    text = str(problem)
    if problem.row is None or not 0 <= problem.row < len(origins):
        return text
    return where(int(origins[problem.row])) + text.removeprefix(f"row {problem.row}")


def _same_kind(
    error: SlaError, message: str, partition: int, **changed: object
) -> SlaError:
    cls = type(error)
    copy = cls.__new__(cls, message)
    copy.args = (message,)
    state: dict[str, Any] = dict(vars(error))
    state.update(changed, partition=partition)
    vars(copy).update(state)
    return copy


def first_failure(results: Sequence[tuple[int, object]]) -> None:
    """Raise the error of the lowest-numbered partition that failed, if any.

    Args:
        results: Pairs of partition number and what it gave (an error, or its
            result).

    Examples:
        >>> from slacore.exceptions import DataError
        >>> first_failure([(0, 1), (1, 2)])
        >>> first_failure([(3, DataError("three")), (1, DataError("one"))])
        Traceback (most recent call last):
        ...
        slacore.exceptions.DataError: one
    """
    failed = [
        (partition, value)
        for partition, value in results
        if isinstance(value, BaseException)
    ]
    if failed:
        raise min(failed, key=lambda pair: pair[0])[1]
