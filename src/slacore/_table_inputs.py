# Tables of outages, contacts, survey responses and records: the columns of their
# CSV readers (`_csv`), in a pandas, polars or pyarrow table or a mapping of numpy
# arrays, read into the objects those readers return, with every problem listed at
# once by column and row (a `TableError`). Columns are checked with numpy; the
# objects are built row by row, as they must be.

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

from ._csv import CONTACT_COLUMNS, OUTAGE_COLUMNS, RESPONSE_COLUMNS
from ._csv_file import _BOOLEAN_FORM, _BOOLEANS, _Bad, _duration, _number
from ._event_columns import datetimes
from ._frames import Column, Frame
from ._frames_kinds import numpy
from ._records import Contact, Outage, Response
from ._table_problems import Problems
from ._table_tickets import field_values, text_of
from ._time import US_PER_SECOND, to_zone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_REQUIRED: Final = "a value is required"
_NUMBER_FORM: Final = "a number such as 9 or 8.5"


class _Table:
    """One table being read: its columns, its zone and its problems."""

    def __init__(
        self,
        data: object,
        what: str,
        tz: str | ZoneInfo | None,
        required: tuple[str, ...],
        allowed: tuple[str, ...] | None = None,
    ) -> None:
        self.np = numpy()
        self.tz = None if tz is None else to_zone(tz)
        self.frame = Frame(data, what)
        self.problems = Problems(what)
        for name in required:
            if name not in self.frame.names:
                self.problems.column(
                    name, "missing required column", expected=", ".join(required)
                )
        if allowed is not None:
            for name in self.frame.names:
                if name not in allowed:
                    self.problems.column(
                        name, "unknown column", expected=", ".join(allowed)
                    )
        self.problems.raise_any()
        self.bad = self.np.zeros(self.frame.n_rows, dtype=bool)

    def column(self, name: str) -> Column | None:
        return self.frame.column(name) if name in self.frame.names else None

    def required(self, column: Column, missing: Any) -> None:
        rows = self.np.flatnonzero(missing)
        self.problems.rows(column.name, _REQUIRED, rows)
        self.bad[rows] = True

    def instants(self, name: str) -> list[datetime | None]:
        """A required timestamp column as aware datetimes (None: a problem)."""
        column = self.frame.column(name)
        found = column.instants(self.problems, self.tz)
        if found is None:
            return [None] * self.frame.n_rows
        us, missing = found
        null = column.missing()
        self.required(column, null)
        self.bad |= missing
        out: list[datetime | None] = list(datetimes(us, self._zone(column)))
        for row in self.np.flatnonzero(missing).tolist():
            out[row] = None
        return out

    def _zone(self, column: Column) -> tzinfo:
        if column.kind == "naive" and self.tz is not None:
            return self.tz
        if column.kind == "instant" and column.zone is not None:
            return column.zone
        return UTC

    def strings(self, name: str, *, required: bool) -> list[Any]:
        """A text column's values (None where missing)."""
        column = self.column(name)
        if column is None:
            return [None] * self.frame.n_rows
        if column.kind not in ("string", "null"):
            self.problems.column(
                name, "wrong column type", expected="strings", found=column.dtype
            )
            return [None] * self.frame.n_rows
        values = column.python()
        if required:
            self.required(column, self.np.equal(values, None))
        return list(values.tolist())

    def booleans(self, name: str, *, default: bool | None) -> list[bool | None]:
        """A column of bools, or of the CSV's words (true, yes, 1...)."""
        column = self.column(name)
        if column is None:
            return [default] * self.frame.n_rows
        if column.kind not in ("boolean", "string", "integer", "null"):
            self.problems.column(
                name, "wrong column type", expected="booleans", found=column.dtype
            )
            return [None] * self.frame.n_rows
        out: list[bool | None] = []
        for row, value in enumerate(column.python().tolist()):
            if value is None:
                if default is None:
                    self.problems.rows(name, _REQUIRED, [row])
                    self.bad[row] = True
                out.append(default)
                continue
            found = _BOOLEANS.get(str(value).lower())
            if isinstance(value, bool):
                found = value
            if found is None:
                self.problems.rows(
                    name,
                    "not a boolean",
                    [row],
                    expected=_BOOLEAN_FORM,
                    found=column.text,
                )
                self.bad[row] = True
            out.append(found)
        return out

    def durations(self, name: str) -> list[timedelta | None]:
        """A required column of durations: durations, seconds, or the CSV's text."""
        column = self.frame.column(name)
        if column.kind == "duration":
            found = column.durations(self.problems)
            assert found is not None  # noqa: S101 - a duration column
            us, missing = found
            self.required(column, missing)
            out: list[timedelta | None] = [
                None if m else timedelta(microseconds=u)
                for u, m in zip(us.tolist(), missing.tolist(), strict=True)
            ]
        elif column.kind in ("integer", "float", "string", "null"):
            out = [
                self._duration(column, row, v)
                for row, v in enumerate(column.python().tolist())
            ]
        else:
            self.problems.column(
                name,
                "wrong column type",
                expected="durations, or seconds",
                found=column.dtype,
            )
            return [None] * self.frame.n_rows
        for row, value in enumerate(out):
            if value is not None and value < timedelta(0):
                self.problems.rows(
                    name, "a wait is never negative", [row], found=column.text
                )
                self.bad[row] = True
        return out

    def _duration(self, column: Column, row: int, value: Any) -> timedelta | None:
        try:
            if value is None:
                raise _Bad(_REQUIRED)  # noqa: TRY301 - one way out for a bad cell
            if isinstance(value, str):
                return _duration(value.strip())
            micro = round(Decimal(str(value)) * US_PER_SECOND)
            return timedelta(microseconds=micro)
        except _Bad as bad:
            self.problems.rows(
                column.name,
                bad.message,
                [row],
                expected=bad.expected,
                found=None if value is None else column.text,
            )
        except (InvalidOperation, OverflowError, ValueError):
            self.problems.rows(column.name, "not a duration", [row], found=column.text)
        self.bad[row] = True
        return None

    def numbers(self, name: str) -> list[Decimal | None]:
        """A required column of numbers (ints, floats, decimals or the CSV's text)."""
        column = self.frame.column(name)
        if column.kind not in ("integer", "float", "string", "other", "null"):
            self.problems.column(
                name, "wrong column type", expected="numbers", found=column.dtype
            )
            return [None] * self.frame.n_rows
        out: list[Decimal | None] = []
        for row, value in enumerate(column.python().tolist()):
            found: Decimal | None = None
            try:
                if value is None:
                    self.problems.rows(name, _REQUIRED, [row])
                else:
                    found = _to_number(value)
            except _Bad as bad:
                self.problems.rows(
                    name, bad.message, [row], expected=bad.expected, found=column.text
                )
            if found is None:
                self.bad[row] = True
            out.append(found)
        return out

    def fields(self, known: tuple[str, ...]) -> list[dict[str, Any]]:
        """The other columns of each row as a dict (absent where missing)."""
        n = self.frame.n_rows
        rows = self.np.arange(n)
        out: list[dict[str, Any]] = [{} for _ in range(n)]
        for name in self.frame.names:
            if name in known:
                continue
            column = self.frame.column(name)
            if column.kind == "naive" and self.tz is None:
                column.instants(self.problems, None)  # the column's problem
                continue
            before = len(self.problems.error().problems) if self.problems else 0
            values = field_values(column, rows, self.tz, self.problems, tags=False)
            if self.problems and len(self.problems.error().problems) > before:
                for problem in self.problems.error().problems:
                    if problem.column == name and problem.row is not None:
                        self.bad[problem.row] = True
            for row, value in enumerate(values.tolist()):
                if value is not None:
                    out[row][name] = value
        return out

    def finish(self) -> None:
        self.problems.raise_any()


def _to_number(value: object) -> Decimal:
    """A number exactly: text by the CSV's rule, a float by its shortest repr."""
    if isinstance(value, str):
        return _number(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        msg = "not a number"
        raise _Bad(msg, _NUMBER_FORM)
    found = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not found.is_finite():
        msg = "not a finite number"
        raise _Bad(msg, _NUMBER_FORM)
    return found


def outages_from_table(
    table: object, *, tz: str | ZoneInfo | None = None
) -> list[Outage]:
    """Outages from a table with the columns of [`read_outages`][slacore.read_outages].

    ``service`` (text), ``start`` and ``end`` (timezone-aware datetimes, or text
    with offsets; naive ones are wall times in `tz`), and optionally ``planned``
    (bools, or the CSV's words; missing means false). No other column.

    Raises:
        TableError: Listing every problem, with its column and row.

    Examples:
        >>> import pandas as pd
        >>> table = pd.DataFrame(
        ...     {
        ...         "service": ["api"],
        ...         "start": ["2026-10-07T14:02:00+02:00"],
        ...         "end": ["2026-10-07T14:31:00+02:00"],
        ...     }
        ... )
        >>> [outage] = outages_from_table(table)
        >>> outage.end - outage.start, outage.planned
        (datetime.timedelta(seconds=1740), False)
    """
    t = _Table(table, "outages", tz, OUTAGE_COLUMNS, (*OUTAGE_COLUMNS, "planned"))
    service = t.strings("service", required=True)
    start = t.instants("start")
    end = t.instants("end")
    planned = t.booleans("planned", default=False)
    out = []
    for row, (s, a, b, p) in enumerate(zip(service, start, end, planned, strict=True)):
        if t.bad[row] or a is None or b is None:
            continue
        if b < a:
            t.problems.rows(
                "end",
                "the outage ends before it starts",
                [row],
                expected=f"not before {a.isoformat()}",
                found=text_of(repr(b.isoformat())),
            )
            continue
        out.append(Outage(s, a, b, planned=bool(p)))
    t.finish()
    return out


def contacts_from_table(
    table: object, *, tz: str | ZoneInfo | None = None
) -> list[Contact]:
    """Contacts from a table with the columns of `read_contacts`.

    ``at`` (timestamps), ``wait`` (durations, or seconds as numbers or the CSV's
    text; never negative), ``answered`` (bools, or the CSV's words) and
    optionally ``service`` (text). No other column.

    Raises:
        TableError: Listing every problem, with its column and row.

    Examples:
        >>> import polars as pl
        >>> from datetime import datetime, timedelta, timezone
        >>> table = pl.DataFrame(
        ...     {
        ...         "at": [datetime(2026, 10, 5, 9, tzinfo=timezone.utc)],
        ...         "wait": [timedelta(seconds=12.5)],
        ...         "answered": [True],
        ...     }
        ... )
        >>> [(c.wait, c.answered) for c in contacts_from_table(table)]
        [(datetime.timedelta(seconds=12, microseconds=500000), True)]
    """
    t = _Table(table, "contacts", tz, CONTACT_COLUMNS, (*CONTACT_COLUMNS, "service"))
    at = t.instants("at")
    wait = t.durations("wait")
    answered = t.booleans("answered", default=None)
    service = t.strings("service", required=False)
    out = []
    for row, (a, w, ok, s) in enumerate(zip(at, wait, answered, service, strict=True)):
        if not t.bad[row] and w is not None and ok is not None:
            out.append(Contact(w, ok, at=a, service=s))
    t.finish()
    return out


def responses_from_table(
    table: object, *, tz: str | ZoneInfo | None = None
) -> list[Response]:
    """Responses from a table with the columns of [`read_responses`][slacore.read_responses].

    ``at`` (timestamps), ``score`` (numbers, read exactly as `Decimal`; floats by
    their shortest repr), optionally ``service`` (text), and any other column as
    the response's fields (typed values stay typed; null is absent).

    Raises:
        TableError: Listing every problem, with its column and row.

    Examples:
        >>> import pyarrow as pa
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 10, 6, 10, tzinfo=timezone.utc)
        >>> table = pa.table({"at": [at, at], "score": [9, 6], "csat": [5, None]})
        >>> [(r.score, dict(r.fields)) for r in responses_from_table(table)]
        [(Decimal('9'), {'csat': 5}), (Decimal('6'), {})]
    """  # noqa: E501
    t = _Table(table, "responses", tz, RESPONSE_COLUMNS)
    at = t.instants("at")
    score = t.numbers("score")
    service = t.strings("service", required=False)
    fields = t.fields((*RESPONSE_COLUMNS, "service"))
    out = []
    for row, (a, s, v, f) in enumerate(zip(at, score, service, fields, strict=True)):
        if not t.bad[row] and a is not None and s is not None:
            out.append(Response(a, s, service=v, fields=f))
    t.finish()
    return out


def records_from_table(
    table: object, *, tz: str | ZoneInfo | None = None
) -> list[dict[str, Any]]:
    """Records from a table with the columns of [`read_records`][slacore.read_records].

    ``at`` (timestamps) and any other column, kept as typed (text in a column
    whose name ends in ``_at`` is a timestamp); a null is an absent key.

    Raises:
        TableError: Listing every problem, with its column and row.

    Examples:
        >>> from datetime import datetime, timezone
        >>> import numpy as np
        >>> table = {
        ...     "at": np.array(["2026-10-05T07:12"], dtype="datetime64[us]"),
        ...     "lead": np.array(["L-1"]),
        ... }
        >>> records_from_table(table)
        [{'at': datetime.datetime(2026, 10, 5, 7, 12, tzinfo=datetime.timezone.utc), 'lead': 'L-1'}]
    """  # noqa: E501
    t = _Table(table, "records", tz, ("at",))
    at = t.instants("at")
    fields = t.fields(("at",))
    out = [
        {"at": a, **f}
        for row, (a, f) in enumerate(zip(at, fields, strict=True))
        if not t.bad[row] and a is not None
    ]
    t.finish()
    return out
