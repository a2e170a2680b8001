"""Errors raised by slacore.

Every error slacore raises on purpose derives from [`SlaError`][slacore.SlaError],
which is itself a `ValueError`, so ``except ValueError`` keeps working. Each message
says what was wrong and where (field, day, argument), and the same facts are kept as
attributes for programs.

Wrong Python *types* (a `str` where a `timedelta` is required) raise `TypeError`;
wrong *values* raise a subclass of `SlaError`.

Examples:
    >>> import slacore as sla
    >>> try:
    ...     sla.WeeklyHours.parse({"mon": "09:00-12:00,11:00-13:00"})
    ... except sla.CalendarError as exc:
    ...     print(exc)
    ...     print(exc.day)
    overlapping intervals on mon: 09:00-12:00 and 11:00-13:00
    mon
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

__all__ = [
    "AgreementError",
    "AgreementFileError",
    "CalendarError",
    "CreditError",
    "DataError",
    "DataFileError",
    "FileError",
    "FileProblem",
    "NaiveDatetimeError",
    "NeverOpenError",
    "PolicyError",
    "SlaError",
    "TableError",
    "TableProblem",
    "TallyError",
    "TimerError",
    "TimerEventError",
]


class SlaError(ValueError):
    """Base class for every error slacore raises on purpose.

    Every one pickles with its message and attributes, so an error raised in a
    worker process (Dask, Spark, multiprocessing) arrives whole.

    Examples:
        >>> import pickle
        >>> import slacore as sla
        >>> (
        ...     issubclass(sla.CalendarError, sla.SlaError),
        ...     issubclass(sla.SlaError, ValueError),
        ... )
        (True, True)
        >>> error = sla.DataError("scores[2] is 11", field="score", index=2)
        >>> pickle.loads(pickle.dumps(error)).index
        2
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take keyword-only attributes that `BaseException`'s own reduce
        # (the class called with `args`) would leave out: rebuild without `__init__`.
        return (_restore, (type(self), self.args, dict(vars(self))))


def _restore(
    cls: type[SlaError], args: tuple[Any, ...], state: dict[str, Any]
) -> SlaError:
    """An error of `cls` with `args` and attributes `state`, its `__init__` skipped."""
    error = cls.__new__(cls, *args)
    error.args = args
    vars(error).update(state)
    return error


class NaiveDatetimeError(SlaError):
    """A datetime without a timezone was passed where an aware one is required.

    Build one with [`of`][slacore.NaiveDatetimeError.of], which writes the standard
    message from the name and the value.

    Attributes:
        name: The argument or field that held the naive datetime.
        value: The naive datetime itself.

    Examples:
        >>> from datetime import datetime
        >>> import slacore as sla
        >>> try:
        ...     sla.ALWAYS.is_open(datetime(2025, 1, 1))
        ... except sla.NaiveDatetimeError as exc:
        ...     print(exc)
        t must be timezone-aware, got naive 2025-01-01T00:00:00
    """

    def __init__(self, msg: str, *, name: str, value: datetime) -> None:
        super().__init__(msg)
        self.name = name
        self.value = value

    @classmethod
    def of(cls, name: str, value: datetime) -> NaiveDatetimeError:
        """The error for the naive datetime *value* found in argument or field *name*.

        Examples:
            >>> from datetime import datetime
            >>> print(NaiveDatetimeError.of("start", datetime(2025, 1, 1)))
            start must be timezone-aware, got naive 2025-01-01T00:00:00
        """
        msg = f"{name} must be timezone-aware, got naive {value.isoformat()}"
        return cls(msg, name=name, value=value)


class CalendarError(SlaError):
    """Business hours, holidays, shifts, closures, openings or a time zone are invalid.

    Also raised when a query's answer would lie outside the years `datetime` can
    represent.

    Attributes:
        day: The day key or date the problem is on, when there is one.
        field: The calendar field the problem is in, when there is one.

    Examples:
        >>> import slacore as sla
        >>> sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Mars/Olympus_Mons")
        Traceback (most recent call last):
        ...
        slacore.exceptions.CalendarError: unknown time zone 'Mars/Olympus_Mons'
    """

    def __init__(self, msg: str, *, day: Any = None, field: str | None = None) -> None:
        super().__init__(msg)
        self.day = day
        self.field = field


class NeverOpenError(CalendarError):
    """The calendar has no open time where the query needs some.

    Raised by `add`, `subtract` and `next_open` instead of searching forever, for
    example on a calendar whose weekly hours are all closed, or on an intersection
    of two calendars that are never open at the same time.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacore as sla
        >>> closed = sla.BusinessCalendar("", tz="UTC")
        >>> t = datetime(2025, 1, 1, tzinfo=timezone.utc)
        >>> try:
        ...     closed.add(t, timedelta(hours=1))
        ... except sla.NeverOpenError as exc:
        ...     print(exc)
        the calendar is never open after 2025-01-01T00:00:00+00:00
    """


class TimerError(SlaError):
    """A timer, or one of its events, is invalid.

    Raised by `Timer(...)` and `TimerEvent(...)` for a bad value, naming the field
    (``target``, ``warn_at[1]``, ``at``...); a wrong Python type is a `TypeError`
    instead. An invalid event log is a [`TimerEventError`][slacore.TimerEventError],
    a subclass.

    Attributes:
        field: The field the problem is in, such as ``target`` or ``warn_at[1]``.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> try:
        ...     sla.Timer(target=timedelta(hours=-1))
        ... except sla.TimerError as exc:
        ...     print(exc)
        ...     print(exc.field)
        target must not be negative, got -1 day, 23:00:00
        target
    """

    def __init__(self, msg: str, *, field: str | None = None) -> None:
        super().__init__(msg)
        self.field = field


class TimerEventError(TimerError):
    """A timer's event log is invalid.

    Raised for events out of time order (always) and, in strict mode, for an event
    that does not fit the cycle ``START (PAUSE RESUME)* [PAUSE] [STOP]``.

    Attributes:
        index: The position of the offending event in the log, when there is one.
        event: The offending event, when there is one.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacore as sla
        >>> at = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> try:
        ...     sla.Timer(target=timedelta(hours=1)).evaluate(
        ...         [sla.TimerEvent(at, sla.Action.RESUME)], at
        ...     )
        ... except sla.TimerEventError as exc:
        ...     print(exc)
        ...     print(exc.index)
        event 0 (RESUME at 2025-06-02T09:00:00+00:00) is not allowed before any START
        0
    """

    def __init__(
        self,
        msg: str,
        *,
        index: int | None = None,
        event: Any = None,
        field: str | None = None,
    ) -> None:
        super().__init__(msg, field=field)
        self.index = index
        self.event = event


class PolicyError(SlaError):
    """A helpdesk policy, target, condition or priority rule is invalid.

    Attributes:
        field: The field or argument the problem is in, such as ``pauses``.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> try:
        ...     sla.Targets(first_response=timedelta(hours=-1))
        ... except sla.PolicyError as exc:
        ...     print(exc)
        first_response must not be negative, got -1 day, 23:00:00
    """

    def __init__(self, msg: str, *, field: str | None = None) -> None:
        super().__init__(msg)
        self.field = field


class CreditError(SlaError):
    """A credit schedule, tier, step or cap is invalid.

    Attributes:
        field: The field the problem is in, such as ``tiers[1].below`` or ``cap``.

    Examples:
        >>> from decimal import Decimal
        >>> import slacore as sla
        >>> try:
        ...     sla.CreditTier(below=Decimal("99.9"), percent=Decimal("-5"))
        ... except sla.CreditError as exc:
        ...     print(exc.field)
        percent
    """

    def __init__(self, msg: str, *, field: str | None = None) -> None:
        super().__init__(msg)
        self.field = field


class DataError(SlaError):
    """A record (what happened) or a measurement input is invalid.

    For example a ticket event before the ticket was created, an unknown event
    kind, an outage that ends before it starts, a survey score out of range, a
    record without its instant, or nothing at all to measure.

    Attributes:
        field: The field or argument the problem is in, such as ``score``.
        index: The position of the offending item in its input, when there is one.

    Examples:
        >>> import slacore as sla
        >>> try:
        ...     sla.nps([10, 9, 11])
        ... except sla.DataError as exc:
        ...     print(exc)
        ...     print(exc.index)
        scores[2] must be an integer from 0 to 10, got 11
        2
    """

    def __init__(
        self, msg: str, *, field: str | None = None, index: int | None = None
    ) -> None:
        super().__init__(msg)
        self.field = field
        self.index = index


class AgreementError(SlaError):
    """An objective, party, period or agreement is invalid.

    Attributes:
        field: The field the problem is in, such as ``objectives[2].goal``.

    Examples:
        >>> import slacore as sla
        >>> try:
        ...     sla.Period.parse("fortnightly")
        ... except sla.AgreementError as exc:
        ...     print(exc)
        period must be one of weekly, monthly, quarterly, yearly, got 'fortnightly'
    """

    def __init__(self, msg: str, *, field: str | None = None) -> None:
        super().__init__(msg)
        self.field = field


class TallyError(AgreementError):
    """Tallies that do not belong together, or a measure that cannot tally.

    Raised when tallies of different agreements, periods, `now`, `since` or
    breach-list settings are added, when an agreement reports a tally made by
    another agreement, and when `Agreement.tally` meets a measure without
    `partial` and `from_partial`.

    Attributes:
        field: What differs: ``agreement``, ``periods``, ``now``, ``since``,
            ``breaches``, ``parts``, or the objective's measure
            (``objectives[0].measure``).

    Examples:
        >>> import slacore as sla
        >>> issubclass(sla.TallyError, sla.AgreementError)
        True
    """


@final
@attrs.frozen
class FileProblem:
    """One problem found in a file: where it is, what was expected, what was found.

    Attributes:
        where: The place in the document: a key path such as
            ``objectives[2].goal`` for agreement files, or a column name for CSV.
        message: What is wrong, in a few words.
        line: The line number (1-based) where the format gives one, else None.
        expected: What would have been valid, or None.
        found: What the file holds there (its text or repr), or None.

    Examples:
        >>> FileProblem("objectives[0].goal", "goal over 100", line=7).line
        7
    """

    where: str
    message: str
    line: int | None = None
    expected: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        place = self.where if self.line is None else f"line {self.line}: {self.where}"
        text = f"{place}: {self.message}"
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += ")" if self.found is None else f", found {self.found})"
        elif self.found is not None:
            text += f" (found {self.found})"
        return text


class FileError(SlaError):
    """A file slacore reads is invalid; every problem found is listed, not just one.

    The message has one line per problem after a heading naming the file.

    Attributes:
        path: The file's path, or ``"<string>"`` for text.
        problems: Every problem found, in document order.

    Examples:
        >>> import slacore as sla
        >>> problem = sla.FileProblem("name", "missing")
        >>> error = sla.FileError.of_problems("a.toml", [problem])
        >>> print(error)
        a.toml: 1 problem
          name: missing
    """

    def __init__(
        self, msg: str, *, path: str, problems: tuple[FileProblem, ...]
    ) -> None:
        super().__init__(msg)
        self.path = path
        self.problems = problems

    @classmethod
    def of_problems(cls, path: str, problems: Iterable[FileProblem]) -> Self:
        """The error for `problems` found in the file at `path`, its message built.

        Args:
            path: The file's path, or ``"<string>"`` for text.
            problems: Every problem found, in the order to report them.

        Returns:
            An error of this class (an `AgreementFileError` from that class).

        Examples:
            >>> import slacore as sla
            >>> problem = sla.FileProblem("name", "missing")
            >>> error = sla.AgreementFileError.of_problems("a.toml", [problem])
            >>> type(error).__name__, error.problems == (problem,)
            ('AgreementFileError', True)
        """
        found = tuple(problems)
        count = f"{len(found)} problem" + ("" if len(found) == 1 else "s")
        lines = [f"{path}: {count}", *(f"  {problem}" for problem in found)]
        return cls("\n".join(lines), path=path, problems=found)


class AgreementFileError(FileError):
    """An agreement file (TOML or JSON) is invalid.

    Examples:
        >>> import slacore as sla
        >>> issubclass(sla.AgreementFileError, sla.FileError)
        True
    """


class DataFileError(FileError):
    """A CSV input file (tickets, outages, contacts, responses, records) is invalid.

    Examples:
        >>> import slacore as sla
        >>> issubclass(sla.DataFileError, sla.SlaError)
        True
    """


@final
@attrs.frozen
class TableProblem:
    """One problem found in a table: its column, its row, what was expected and found.

    Attributes:
        column: The column the problem is in (``at``, ``kind``...).
        message: What is wrong, in a few words.
        row: The row (0-based position in the table as given), or None for a
            problem of the whole column, or for the count of further rows with the
            same problem (see `TableError`).
        expected: What would have been valid, or None.
        found: What the table holds there (its repr), or None.
        refers_to: Another row that `found` names last (a ticket's created
            row), or None.

    Examples:
        >>> print(TableProblem("at", "a value is required", row=3))
        row 3: at: a value is required
    """

    column: str
    message: str
    row: int | None = None
    expected: str | None = None
    found: str | None = None
    refers_to: int | None = None

    def __str__(self) -> str:
        place = self.column if self.row is None else f"row {self.row}: {self.column}"
        text = f"{place}: {self.message}"
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += ")" if self.found is None else f", found {self.found})"
        elif self.found is not None:
            text += f" (found {self.found})"
        return text


class TableError(DataError):
    """A table of records (ticket events, outages...) is invalid: every problem listed.

    The message has one line per problem after a heading naming the table. A
    problem found on many rows is listed for its first ten rows, then once more
    with the count of the rest (and no row).

    Attributes:
        table: What the table holds, such as ``"tickets"``.
        problems: The problems, in row order (problems of whole columns first).

    Examples:
        >>> problem = TableProblem("kind", "unknown kind", row=2, found="'x'")
        >>> print(TableError.of_problems("tickets", [problem]))
        tickets table: 1 problem
          row 2: kind: unknown kind (found 'x')
    """

    def __init__(
        self, msg: str, *, table: str, problems: tuple[TableProblem, ...]
    ) -> None:
        first = problems[0] if problems else None
        super().__init__(
            msg,
            field=None if first is None else first.column,
            index=None if first is None else first.row,
        )
        self.table = table
        self.problems = problems

    @classmethod
    def of_problems(cls, table: str, problems: Iterable[TableProblem]) -> Self:
        """The error for `problems` found in the `table` table, its message built.

        Examples:
            >>> problem = TableProblem("at", "missing required column")
            >>> TableError.of_problems("outages", [problem]).problems[0].column
            'at'
        """
        found = tuple(problems)
        count = f"{len(found)} problem" + ("" if len(found) == 1 else "s")
        lines = [f"{table} table: {count}", *(f"  {problem}" for problem in found)]
        return cls("\n".join(lines), table=table, problems=found)
