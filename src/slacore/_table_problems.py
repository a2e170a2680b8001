# The problems found in a table, collected column by column and raised as one
# `TableError`: the table readers (`_table_tickets`, `_table_inputs`) check whole
# columns at once and hand over the rows of each problem as an array; only the
# first rows of each kind of problem are listed, then a count of the rest.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .exceptions import TableError, TableProblem

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

LISTED: Final = 10
"""How many rows of one kind of problem are listed, each on its own."""

_Key = tuple[str, str, "str | None"]


class Problems:
    """The problems of one table so far; `raise_any` raises them as one error."""

    def __init__(self, table: str) -> None:
        self.table = table
        self._columns: list[TableProblem] = []
        # (column, message, expected) -> [(rows, found of a row, row it names)]
        self._rows: dict[_Key, list[tuple[Any, Any, Any]]] = {}

    def __bool__(self) -> bool:
        return bool(self._columns or self._rows)

    def column(
        self,
        column: str,
        message: str,
        *,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        """A problem of a whole column (missing, of the wrong type...)."""
        self._columns.append(TableProblem(column, message, None, expected, found))

    def rows(
        self,
        column: str,
        message: str,
        rows: npt.NDArray[np.int64] | list[int],
        *,
        expected: str | None = None,
        found: Callable[[int], str | None] | None = None,
        refers_to: Callable[[int], int] | None = None,
    ) -> None:
        """The same problem on each of `rows` (0-based); `found(row)` names its value.

        `refers_to(row)` is the other row that text names last, if it names one.
        Nothing is recorded when `rows` is empty.
        """
        if len(rows) == 0:
            return
        entry = (rows, found, refers_to)
        self._rows.setdefault((column, message, expected), []).append(entry)

    def error(self) -> TableError:
        """One `TableError` listing every problem (the first rows of each kind)."""
        import numpy as np  # noqa: PLC0415 - a table reader has numpy

        listed: list[TableProblem] = []
        counts: list[TableProblem] = []
        for (column, message, expected), entries in self._rows.items():
            rows = np.concatenate([np.asarray(e[0], dtype=np.int64) for e in entries])
            which = np.concatenate(
                [np.full(len(e[0]), i, dtype=np.int64) for i, e in enumerate(entries)]
            )
            order = np.argsort(rows, kind="stable")[:LISTED]
            for index in order.tolist():
                row = int(rows[index])
                _, found, refers = entries[int(which[index])]
                text = None if found is None else found(row)
                other = None if refers is None else int(refers(row))
                listed.append(TableProblem(column, message, row, expected, text, other))
            more = len(rows) - len(order)
            if more > 0:
                counts.append(
                    TableProblem(
                        column,
                        f"{message}: {more:,} more rows like these",
                        None,
                        expected,
                    )
                )
        listed.sort(key=lambda problem: problem.row or 0)
        return TableError.of_problems(self.table, [*self._columns, *listed, *counts])

    def raise_if_columns(self) -> None:
        """Raise `error()` (rows too) if a whole column has a problem."""
        if self._columns:
            raise self.error()

    def raise_any(self) -> None:
        """Raise `error()` if any problem was found."""
        if self:
            raise self.error()
