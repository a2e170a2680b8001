# Reading documents: TOML or JSON text to plain data, walked with every problem placed.

from __future__ import annotations

import difflib
import json
import re
import sys
import tomllib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._decimal import to_decimal
from ._durations import DURATION_HINT, SPAN_HINT, parse_duration, parse_span
from ._file_lines import DocPath, field_path, json_lines, toml_lines, where
from ._instants import Refusal, local_midnight, parse_instant
from .exceptions import AgreementFileError, FileProblem, SlaError

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Mapping

    from dateutil.relativedelta import relativedelta

_T = TypeVar("_T")

Format = Literal["toml", "json"]
SUFFIXES: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}
STRING_SOURCE: Final = "<string>"
_SYNTAX_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
# An integer literal (TOML allows underscores) longer than Python converts.
_LONG_INTEGER: Final = re.compile(r"[+-]?[0-9][0-9_]*")
# A constructor's message that starts with the field it is about: "warn_at[1] must".
_LEADING_FIELD: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*) ")
NUMBER_HINT: Final = 'a number such as "99.95" (a string, an integer or a decimal)'
INSTANT_HINT: Final = (
    "a date (2026-01-01) or a date-time with an offset (2026-01-01T09:00:00+01:00)"
)
DATE_HINT: Final = "a date such as 2026-01-01"
# The RFC 9557 form slacore writes for a wall time its zone repeats or skips:
# 2026-10-25T02:30:00+01:00[Europe/Berlin].
_DATE_LENGTH: Final = len("2026-10-05")
#: What the one instant reader says of a wall time without an offset or zone.
NO_OFFSET: Final = "no UTC offset, and no time zone is stated"
_TYPE_NAMES: Final = {
    str: "a string",
    bool: "true or false",
    int: "an integer",
    dict: "a table",
    list: "an array",
}


def show(value: Any) -> str:
    """What a document holds, as a short text for a problem's ``found``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '..."'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    """``object_pairs_hook`` for `json.loads`: keep every key, note repeats."""
    found = JsonObject()
    repeated = []
    for key, value in pairs:
        if key in found:
            repeated.append(key)
        found[key] = value
    found.duplicates = tuple(repeated)
    return found


class Reader:
    """Walks a document, collecting every problem with its path and line."""

    def __init__(
        self,
        lines: Mapping[DocPath, int] | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        self.problems: list[FileProblem] = []
        self._lines = lines or {}
        self._hints = hints or {}
        self._failures = 0
        self.document: Any = None

    # -- problems ----------------------------------------------------------------

    def line(self, path: DocPath) -> int | None:
        """The line of `path` or of its nearest ancestor the scanner found."""
        for end in range(len(path), -1, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None

    def add(
        self,
        path: DocPath,
        message: str,
        *,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        """Record one problem at `path`."""
        problem = FileProblem(
            where(path), message, self.line(path), expected=expected, found=found
        )
        self.problems.append(problem)

    def fail(self) -> None:
        """Mark the current object as failed without a new problem (already told)."""
        self._failures += 1

    def mark(self) -> int:
        """A marker: has anything failed since? See `failed_since`."""
        return len(self.problems) + self._failures

    def failed_since(self, mark: int) -> bool:
        """Whether a problem or failure was recorded after `mark` was taken."""
        return self.mark() != mark

    def wrong_type(self, value: Any, path: DocPath, expected: str) -> None:
        """Record a value of the wrong type."""
        self.add(path, "wrong type", expected=expected, found=show(value))

    def value_at(self, path: DocPath) -> Any:
        """The raw document value at `path`, or None."""
        node = self.document
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
                continue
            if not (isinstance(node, dict) and isinstance(part, str) and part in node):
                return None
            node = node[part]
        return node

    def build(
        self,
        path: DocPath,
        make: Callable[[], _T],
        rename: Mapping[str, DocPath] | None = None,
    ) -> _T | None:
        """Call `make`; turn an error it raises into a problem at its field's path.

        The error's ``field`` (``"goal"``, ``"tiers[1].below"``) is read relative
        to `path`; an error without one that starts with a key of the table at
        `path` (``"warn_at[1] must be ..."``) is placed there. `rename` maps a
        field name to the key path it stands for.
        """
        try:
            return make()
        except (SlaError, TypeError, ValueError, ArithmeticError) as exc:
            field = getattr(exc, "field", None)
            if not (isinstance(field, str) and field):
                field = self._leading_field(str(exc), path)
            full = path
            if field:
                full = path + (rename or {}).get(field, field_path(field))
            found = self.value_at(full)
            shown = None if found is None or isinstance(found, dict | list) else found
            self.add(full, str(exc), found=None if shown is None else show(shown))
            return None

    def _leading_field(self, message: str, path: DocPath) -> str | None:
        """The field a message starts with, if the document has it under `path`."""
        match = _LEADING_FIELD.match(message)
        if match is None:
            return None
        field = match.group(1)
        known = self.value_at(path + field_path(field)) is not None
        return field if known else None

    # -- tables ------------------------------------------------------------------

    def optional(
        self,
        table: Mapping[str, Any],
        path: DocPath,
        key: str,
        read: Callable[[Any, DocPath], Any],
        into: dict[str, Any],
    ) -> None:
        """Read `key` of `table` into `into` if it is present (and valid)."""
        if key in table:
            value = read(table[key], (*path, key))
            if value is not None:
                into[key] = value

    def array(
        self, value: Any, path: DocPath, read: Callable[[Any, DocPath], Any]
    ) -> list[Any] | None:
        """Read each item of an array at its own path; None if any item failed."""
        items = self.typed(value, path, list)
        if items is None:
            return None
        mark = self.mark()
        found = [read(item, (*path, index)) for index, item in enumerate(items)]
        return None if self.failed_since(mark) else found

    def table(
        self,
        value: Any,
        path: DocPath,
        keys: Iterable[str],
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Check that `value` is a table with only `keys` and every `required` key."""
        if not isinstance(value, dict):
            self.wrong_type(value, path, "a table")
            return None
        known = tuple(keys)
        for key in getattr(value, "duplicates", ()):
            self.add((*path, key), "key given twice", found=show(key))
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.add(
                    (*path, key),
                    f"unknown key{hint}",
                    expected="one of " + ", ".join(known),
                    found=show(key),
                )
        for key in required:
            if key not in value:
                self.missing((*path, key))
        return value

    def mapping(self, value: Any, path: DocPath) -> dict[str, Any] | None:
        """A table with any keys (each given once)."""
        if not isinstance(value, dict):
            self.wrong_type(value, path, "a table")
            return None
        for key in getattr(value, "duplicates", ()):
            self.add((*path, key), "key given twice", found=show(key))
        return value

    def missing(self, path: DocPath, expected: str | None = None) -> None:
        """Record a required key that is absent (`expected` from the hints)."""
        key = path[-1] if path else ""
        hint = expected or (self._hints.get(key) if isinstance(key, str) else None)
        self.add(path, "missing required key", expected=hint)

    # -- scalars -----------------------------------------------------------------

    def typed(self, value: Any, path: DocPath, kind: type[_T]) -> _T | None:
        """`value` if it is a `kind` (str, bool, int, dict or list), else a problem."""
        ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if ok:
            return cast("_T", value)
        self.wrong_type(value, path, _TYPE_NAMES[kind])
        return None

    def string(self, value: Any, path: DocPath) -> str | None:
        """A string."""
        return self.typed(value, path, str)

    def integer(self, value: Any, path: DocPath) -> int | None:
        """An integer (not a boolean)."""
        return self.typed(value, path, int)

    def boolean(self, value: Any, path: DocPath) -> bool | None:
        """``true`` or ``false``."""
        return self.typed(value, path, bool)

    def strings(self, value: Any, path: DocPath) -> list[str] | None:
        """An array of strings."""
        items = self.typed(value, path, list)
        if items is None:
            return None
        mark = self.mark()
        found = [self.string(item, (*path, index)) for index, item in enumerate(items)]
        return None if self.failed_since(mark) else [s for s in found if s is not None]

    def choice(self, value: Any, path: DocPath, choices: Iterable[str]) -> str | None:
        """One of `choices` (a string)."""
        text = self.string(value, path)
        if text is None:
            return None
        names = tuple(choices)
        if text not in names:
            self.add(
                path,
                "unknown value",
                expected="one of " + ", ".join(names),
                found=show(text),
            )
            return None
        return text

    def decimal(self, value: Any, path: DocPath) -> Decimal | None:
        """An exact number: a numeric string, an integer or a decimal literal.

        The parsers read every number with a fraction as a `Decimal` from its
        text, so no binary float is ever involved; every number goes through
        the one conversion amounts take (`to_decimal`).
        """
        if not isinstance(value, Decimal | int | str) or isinstance(value, bool):
            self.wrong_type(value, path, NUMBER_HINT)
            return None
        try:
            return to_decimal(value, where(path))
        except SlaError:
            message = "not a finite number" if _is_number(value) else "not a number"
            self.add(path, message, expected=NUMBER_HINT, found=show(value))
            return None

    def duration(self, value: Any, path: DocPath) -> timedelta | None:
        """A duration string (``"4h"``, ``"PT4H"``)."""
        return self.parsed(value, path, parse_duration, "duration", DURATION_HINT)

    def span(self, value: Any, path: DocPath) -> relativedelta | timedelta | None:
        """A span: calendar time (``"18 months"``) or a duration (``"30d"``)."""
        return self.parsed(value, path, parse_span, "span", SPAN_HINT)

    def parsed(
        self,
        value: Any,
        path: DocPath,
        parse: Callable[[str], _T],
        what: str,
        hint: str,
    ) -> _T | None:
        """A string read by `parse`; None and a problem (``bad <what>``) if not."""
        if not isinstance(value, str):
            self.wrong_type(value, path, hint)
            return None
        try:
            return parse(value)
        except SlaError:
            self.add(path, f"bad {what}", expected=hint, found=show(value))
            return None

    def zone(self, value: Any, path: DocPath) -> ZoneInfo | None:
        """An IANA time zone name."""
        text = self.string(value, path)
        if text is None:
            return None
        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            self.add(
                path,
                "unknown time zone",
                expected='an IANA time zone name such as "Europe/Berlin"',
                found=show(text),
            )
            return None

    def day(self, value: Any, path: DocPath) -> date | None:
        """A local date (a TOML date, or an ISO string)."""
        found = value
        if isinstance(value, str):
            try:
                found = date.fromisoformat(value.strip())
            except ValueError:
                found = None
        if isinstance(found, date) and not isinstance(found, datetime):
            return found
        if isinstance(value, str):
            self.add(path, "bad date", expected=DATE_HINT, found=show(value))
        else:
            self.wrong_type(value, path, DATE_HINT)
        return None

    def instant(self, value: Any, path: DocPath, tz: ZoneInfo) -> datetime | None:
        """An aware instant; a local date means midnight in `tz`.

        Text is read by the one instant reader (`_instants.parse_instant`) with
        no zone for wall times: files state instants with their offset.
        """
        found: Any = value
        if isinstance(value, str):
            text = value.strip()
            try:
                found = date.fromisoformat(text) if len(text) == _DATE_LENGTH else None
            except ValueError:
                found = None
            if found is None:
                read = parse_instant(text, None, no_zone=INSTANT_HINT)
                if isinstance(read, Refusal):
                    self.add(
                        path, read.reason, expected=read.expected, found=show(value)
                    )
                    return None
                return read
        if isinstance(found, datetime):
            if found.utcoffset() is None:
                self.add(
                    path,
                    NO_OFFSET,
                    expected=INSTANT_HINT,
                    found=show(value),
                )
                return None
            return found
        if isinstance(found, date):
            return self.midnight(found, path, tz)
        self.wrong_type(value, path, INSTANT_HINT)
        return None

    def midnight(self, day: date, path: DocPath, tz: ZoneInfo) -> datetime | None:
        """Local midnight of `day` in `tz`, if a datetime can hold it."""
        try:
            return local_midnight(day, tz)
        except SlaError:
            self.add(
                path,
                f"midnight of that date in {tz.key} is out of range",
                expected=INSTANT_HINT,
                found=show(day),
            )
            return None


def _is_number(value: object) -> bool:
    """Whether a string is some number, finite or not (``"inf"``, ``"NaN"``)."""
    try:
        Decimal(str(value).strip())
    except ArithmeticError:
        return False
    return True


def format_of(value: object) -> Format:
    """`value` as a `Format`, or an `SlaError` naming the two there are."""
    if value == "toml":
        return "toml"
    if value == "json":
        return "json"
    msg = f"format must be 'toml' or 'json', got {value!r}"
    raise SlaError(msg)


def document_problem(
    message: str,
    *,
    line: int | None = None,
    expected: str | None = None,
    found: str | None = None,
) -> FileProblem:
    """A problem with the document as a whole (placed at ``<document>``)."""
    return FileProblem("<document>", message, line, expected=expected, found=found)


def in_order(problems: Iterable[FileProblem]) -> list[FileProblem]:
    """Problems by line (document order); those without a line keep their order."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def read_file(path: str | os.PathLike[str]) -> tuple[str, str, Format]:
    """The file's name, its text (UTF-8) and its format (from the suffix)."""
    source = str(path)
    suffix = Path(source).suffix
    fmt = SUFFIXES.get(suffix.lower())
    if fmt is None:
        problem = document_problem(
            "unknown file type", expected=".toml or .json", found=show(suffix)
        )
        raise AgreementFileError.of_problems(source, [problem])
    data = Path(source).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = document_problem(f"not UTF-8 text: {exc.reason}")
        raise AgreementFileError.of_problems(source, [problem]) from None
    return source, text, fmt


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _long_integer(text: str, fmt: Format) -> FileProblem | None:
    """The problem of an integer too long for Python to read, placed at its line."""
    limit = sys.get_int_max_str_digits()
    if not limit:  # pragma: no cover - only when the caller lifted the limit
        return None
    for match in _LONG_INTEGER.finditer(text):
        digits = match.group().lstrip("+-").replace("_", "")
        if len(digits) > limit:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - text.rfind("\n", 0, match.start())
            return document_problem(
                f"invalid {fmt.upper()}: number too long at column {column}",
                line=line,
                expected=f"an integer of at most {limit} digits",
                found=f"{len(digits)} digits",
            )
    return None  # pragma: no cover - the parser only complains about such a run


def parse_document(
    text: str, fmt: Format, source: str
) -> tuple[Any, dict[DocPath, int]]:
    """The document (numbers with a fraction as `Decimal`) and each path's line.

    Raises:
        AgreementFileError: If the text is not valid TOML or JSON.
    """
    try:
        if fmt == "toml":
            document = tomllib.loads(text, parse_float=Decimal)
            return document, toml_lines(text)
        document = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=json_object,
        )
        return document, json_lines(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _SYNTAX_POSITION.search(message)
        line = None
        if position is not None:
            message = message[: position.start()]
            line = int(position.group(1))
            message += f" at column {position.group(2)}"
        problem = document_problem(f"invalid TOML: {message}", line=line)
        raise AgreementFileError.of_problems(source, [problem]) from exc
    except json.JSONDecodeError as exc:
        problem = document_problem(
            f"invalid JSON: {exc.msg} at column {exc.colno}", line=exc.lineno
        )
        raise AgreementFileError.of_problems(source, [problem]) from exc
    except (ValueError, RecursionError) as exc:
        found = _long_integer(text, fmt) if isinstance(exc, ValueError) else None
        problem = found or document_problem(f"invalid {fmt.upper()}: {exc}")
        raise AgreementFileError.of_problems(source, [problem]) from exc
