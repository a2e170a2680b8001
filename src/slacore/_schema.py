# Reading and writing documents: key paths, problem collection, TOML lines, TOML text.

from __future__ import annotations

import difflib
import json
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._durations import DURATION_HINT, SPAN_HINT, parse_duration, parse_span
from ._time import from_us, wall_to_us
from .exceptions import FileProblem, SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from dateutil.relativedelta import relativedelta

Path: TypeAlias = tuple[str | int, ...]
_T = TypeVar("_T")

_BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_FIELD_PART: Final = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
NUMBER_HINT: Final = 'a number such as "99.95" (a string, an integer or a decimal)'
INSTANT_HINT: Final = (
    "a date (2026-01-01) or a date-time with an offset (2026-01-01T09:00:00+01:00)"
)
DATE_HINT: Final = "a date such as 2026-01-01"
# The RFC 9557 form slacore writes for a wall time its zone repeats or skips:
# 2026-10-25T02:30:00+01:00[Europe/Berlin].
_ZONED: Final = re.compile(r"(?P<iso>[^\[\]]+)\[(?P<zone>[^\[\]]+)\]")
_TYPE_NAMES: Final = {
    str: "a string",
    bool: "true or false",
    int: "an integer",
    dict: "a table",
    list: "an array",
}


def where(path: Path) -> str:
    """A key path as people read it: ``objectives[2].measure.threshold``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _BARE.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text or "<document>"


def field_path(field: str) -> Path:
    """An error's ``field`` (``"tiers[1].below"``) as path parts."""
    parts: list[str | int] = []
    for index, key in _FIELD_PART.findall(field):
        parts.append(int(index) if index else key)
    return tuple(parts)


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
        lines: Mapping[Path, int] | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        self.problems: list[FileProblem] = []
        self._lines = lines or {}
        self._hints = hints or {}
        self._failures = 0
        self.document: Any = None

    # -- problems ----------------------------------------------------------------

    def line(self, path: Path) -> int | None:
        """The line of `path` or of its nearest ancestor the scanner found."""
        for end in range(len(path), -1, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None

    def add(
        self,
        path: Path,
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

    def wrong_type(self, value: Any, path: Path, expected: str) -> None:
        """Record a value of the wrong type."""
        self.add(path, "wrong type", expected=expected, found=show(value))

    def value_at(self, path: Path) -> Any:
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
        path: Path,
        make: Callable[[], _T],
        rename: Mapping[str, Path] | None = None,
    ) -> _T | None:
        """Call `make`; turn an error it raises into a problem at its field's path.

        The error's ``field`` (``"goal"``, ``"tiers[1].below"``) is read relative
        to `path`; `rename` maps a field name to the key path it stands for.
        """
        try:
            return make()
        except (SlaError, TypeError, ValueError, ArithmeticError) as exc:
            field = getattr(exc, "field", None)
            full = path
            if isinstance(field, str) and field:
                full = path + (rename or {}).get(field, field_path(field))
            found = self.value_at(full)
            shown = None if found is None or isinstance(found, dict | list) else found
            self.add(full, str(exc), found=None if shown is None else show(shown))
            return None

    # -- tables ------------------------------------------------------------------

    def table(
        self,
        value: Any,
        path: Path,
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

    def mapping(self, value: Any, path: Path) -> dict[str, Any] | None:
        """A table with any keys (each given once)."""
        if not isinstance(value, dict):
            self.wrong_type(value, path, "a table")
            return None
        for key in getattr(value, "duplicates", ()):
            self.add((*path, key), "key given twice", found=show(key))
        return value

    def missing(self, path: Path, expected: str | None = None) -> None:
        """Record a required key that is absent (`expected` from the hints)."""
        key = path[-1] if path else ""
        hint = expected or (self._hints.get(key) if isinstance(key, str) else None)
        self.add(path, "missing required key", expected=hint)

    # -- scalars -----------------------------------------------------------------

    def typed(self, value: Any, path: Path, kind: type[_T]) -> _T | None:
        """`value` if it is a `kind` (str, bool, int, dict or list), else a problem."""
        ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if ok:
            return cast("_T", value)
        self.wrong_type(value, path, _TYPE_NAMES[kind])
        return None

    def string(self, value: Any, path: Path) -> str | None:
        """A string."""
        return self.typed(value, path, str)

    def integer(self, value: Any, path: Path) -> int | None:
        """An integer (not a boolean)."""
        return self.typed(value, path, int)

    def boolean(self, value: Any, path: Path) -> bool | None:
        """``true`` or ``false``."""
        return self.typed(value, path, bool)

    def strings(self, value: Any, path: Path) -> list[str] | None:
        """An array of strings."""
        items = self.typed(value, path, list)
        if items is None:
            return None
        mark = self.mark()
        found = [self.string(item, (*path, index)) for index, item in enumerate(items)]
        return None if self.failed_since(mark) else [s for s in found if s is not None]

    def choice(self, value: Any, path: Path, choices: Iterable[str]) -> str | None:
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

    def decimal(self, value: Any, path: Path) -> Decimal | None:
        """An exact number: a numeric string, an integer or a decimal literal.

        The loaders read every number with a fraction as a `Decimal` from its
        text, so no binary float is ever involved.
        """
        number: Decimal | None = None
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                number = None
        elif isinstance(value, float):  # pragma: no cover - loaders give Decimals
            number = Decimal(str(value))
        else:
            self.wrong_type(value, path, NUMBER_HINT)
            return None
        if number is None or not number.is_finite():
            message = "not a number" if number is None else "not a finite number"
            self.add(path, message, expected=NUMBER_HINT, found=show(value))
            return None
        return number

    def duration(self, value: Any, path: Path) -> timedelta | None:
        """A duration string (``"4h"``, ``"PT4H"``)."""
        if not isinstance(value, str):
            self.wrong_type(value, path, DURATION_HINT)
            return None
        try:
            return parse_duration(value)
        except SlaError:
            self.add(path, "bad duration", expected=DURATION_HINT, found=show(value))
            return None

    def span(self, value: Any, path: Path) -> relativedelta | timedelta | None:
        """A span: calendar time (``"18 months"``) or a duration (``"30d"``)."""
        if not isinstance(value, str):
            self.wrong_type(value, path, SPAN_HINT)
            return None
        try:
            return parse_span(value)
        except SlaError:
            self.add(path, "bad span", expected=SPAN_HINT, found=show(value))
            return None

    def zone(self, value: Any, path: Path) -> ZoneInfo | None:
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

    def day(self, value: Any, path: Path) -> date | None:
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

    def instant(self, value: Any, path: Path, tz: ZoneInfo) -> datetime | None:
        """An aware instant; a local date means midnight in `tz`."""
        found: Any = value
        if isinstance(value, str):
            found = _parse_instant(value.strip())
            if found is None:
                self.add(
                    path, "bad date-time", expected=INSTANT_HINT, found=show(value)
                )
                return None
            if isinstance(found, str):  # the zone in brackets is wrong
                self.add(path, found, expected=INSTANT_HINT, found=show(value))
                return None
        if isinstance(found, datetime):
            if found.utcoffset() is None:
                self.add(
                    path,
                    "an offset is required",
                    expected=INSTANT_HINT,
                    found=show(value),
                )
                return None
            return found
        if isinstance(found, date):
            return self.midnight(found, path, tz)
        self.wrong_type(value, path, INSTANT_HINT)
        return None

    def midnight(self, day: date, path: Path, tz: ZoneInfo) -> datetime | None:
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


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant a local date starts in `tz` (PEP 495 fold=0), carrying `tz`."""
    return from_us(wall_to_us(day, 0, tz), tz)


def _parse_instant(text: str) -> datetime | date | str | None:  # noqa: PLR0911
    """An ISO date or date-time, with an RFC 9557 zone in brackets if any.

    Returns None for text that is neither, and a message (a str) when the zone in
    brackets is unknown or does not have the given offset at that wall time.
    """
    zoned = _ZONED.fullmatch(text)
    iso = zoned.group("iso") if zoned else text
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso)
        found = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if zoned is None:
        return found
    offset = found.utcoffset()
    if offset is None:
        return found  # reported as naive
    name = zoned.group("zone")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {name!r}"
    wall = found.replace(tzinfo=None)
    for fold in (0, 1):
        candidate = wall.replace(tzinfo=zone, fold=fold)
        if candidate.utcoffset() == offset:
            return candidate
    sign = "-" if offset < timedelta(0) else "+"
    hours, rest = divmod(abs(offset), timedelta(hours=1))
    text = f"{sign}{hours:02d}:{rest // timedelta(minutes=1):02d}"
    return f"{name} is not at offset {text} at {wall.isoformat()}"


# -- where keys are in a TOML text -------------------------------------------------


_ESCAPES: Final = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
}


class _Scanner:
    """Finds the line of every key, table and array element of a valid TOML text.

    Only called on text that `tomllib` has parsed, so it follows the grammar's
    structure without checking it, and records each path's first line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.arrays: dict[Path, int] = {}  # arrays of tables: elements so far

    def record(self, path: Path) -> None:
        self.lines.setdefault(path, self.line)

    def peek(self, size: int = 1) -> str:
        return self.text[self.pos : self.pos + size]

    def advance(self, count: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += count

    def skip_space(self, *, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def run(self) -> dict[Path, int]:
        current: Path = ()
        while True:
            self.skip_space(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            start = self.pos
            if self.peek(2) == "[[":
                self.advance(2)
                keys = self.keys()
                self.advance(2)
                current = self.array_table(keys)
            elif self.peek() == "[":
                self.advance()
                keys = self.keys()
                self.advance()
                current = self.resolve(keys)
                self.record(current)
            else:
                keys = self.keys()
                path = current + keys
                self.record(path)
                self.skip_space(newlines=False)
                self.advance()  # "="
                self.value(path)
            if self.pos == start:  # pragma: no cover - only on text tomllib refused
                self.advance()

    def resolve(self, keys: Path) -> Path:
        path: Path = ()
        for key in keys:
            path += (key,)
            count = self.arrays.get(path)
            if count:
                path += (count - 1,)
        return path

    def array_table(self, keys: Path) -> Path:
        path = self.resolve(keys[:-1]) + keys[-1:]
        count = self.arrays.get(path, 0)
        self.arrays[path] = count + 1
        self.record(path)
        path += (count,)
        self.record(path)
        return path

    def keys(self) -> Path:
        found: list[str] = []
        while True:
            self.skip_space(newlines=False)
            char = self.peek()
            if char == '"':
                found.append(self.basic_string())
            elif char == "'":
                end = self.text.find("'", self.pos + 1)
                found.append(self.text[self.pos + 1 : end])
                self.advance(end + 1 - self.pos)
            else:
                match = _BARE.match(self.text, self.pos)
                key = match.group() if match else ""
                found.append(key)
                self.advance(len(key))
            self.skip_space(newlines=False)
            if self.peek() != ".":
                return tuple(found)
            self.advance()

    def basic_string(self) -> str:
        """Read a one-line basic string at the cursor, decoding its escapes."""
        self.advance()
        out = []
        while self.pos < len(self.text):  # pragma: no branch - tomllib checked the end
            char = self.text[self.pos]
            if char == '"':
                self.advance()
                break
            if char == "\\":
                code = self.text[self.pos + 1]
                if code in "uU":
                    size = 4 if code == "u" else 8
                    digits = self.text[self.pos + 2 : self.pos + 2 + size]
                    out.append(chr(int(digits, 16)))
                    self.advance(2 + size)
                    continue
                out.append(_ESCAPES.get(code, code))
                self.advance(2)
                continue
            out.append(char)
            self.advance()
        return "".join(out)

    def multiline(self, quote: str) -> None:
        self.advance(3)
        while self.pos < len(self.text):  # pragma: no branch - tomllib checked the end
            if quote == '"' and self.text[self.pos] == "\\":
                self.advance(2)
            elif self.text.startswith(quote * 3, self.pos):
                count = 3
                while self.text.startswith(quote, self.pos + count) and count < 5:
                    count += 1
                self.advance(count)
                return
            else:
                self.advance()

    def value(self, path: Path) -> None:
        self.skip_space(newlines=False)
        char = self.peek()
        if self.peek(3) in ('"""', "'''"):
            self.multiline(char)
        elif char == '"':
            self.basic_string()
        elif char == "'":
            end = self.text.find("'", self.pos + 1)
            self.advance(end + 1 - self.pos)
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.advance()
            if self.pos == start:  # pragma: no cover - only on text tomllib refused
                self.advance()

    def array(self, path: Path) -> None:
        self.advance()
        index = 0
        while self.pos < len(self.text):  # pragma: no branch - tomllib checked the end
            self.skip_space(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.record((*path, index))
            self.value((*path, index))
            index += 1

    def inline_table(self, path: Path) -> None:
        self.advance()
        while self.pos < len(self.text):  # pragma: no branch - tomllib checked the end
            self.skip_space(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            keys = path + self.keys()
            self.record(keys)
            self.skip_space(newlines=False)
            self.advance()  # "="
            self.value(keys)


def toml_lines(text: str) -> dict[Path, int]:
    """The line (1-based) of every key path of a TOML text `tomllib` accepted.

    Paths of tables and array elements are there too, so that a problem inside an
    inline value, or a missing key, can be placed at its nearest ancestor's line.
    Best effort: a text the scanner cannot follow gives the lines found so far.
    """
    scanner = _Scanner(text)
    try:
        return scanner.run()
    except (IndexError, ValueError):  # pragma: no cover - only on text tomllib refused
        return scanner.lines


class _JsonScanner:
    """Finds the line of every key and array element of a valid JSON text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n,:":
            if self.text[self.pos] == "\n":
                self.line += 1
            self.pos += 1

    def string(self) -> str:
        start = self.pos
        self.pos += 1
        while self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        self.pos += 1
        decoded: str = json.loads(self.text[start : self.pos])
        return decoded

    def value(self, path: Path) -> None:
        self.skip()
        self.lines.setdefault(path, self.line)
        char = self.text[self.pos]
        if char in "{[":
            self.pos += 1
            index = 0
            while True:
                self.skip()
                if self.text[self.pos] in "}]":
                    self.pos += 1
                    return
                if char == "{":
                    key = self.string()
                    self.lines.setdefault((*path, key), self.line)
                    self.value((*path, key))
                else:
                    self.value((*path, index))
                    index += 1
        elif char == '"':
            self.string()
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]} \t\r\n":
                self.pos += 1


def json_lines(text: str) -> dict[Path, int]:
    """The line (1-based) of every key path of a JSON text `json` accepted."""
    scanner = _JsonScanner(text)
    scanner.value(())
    return scanner.lines


# -- writing TOML ------------------------------------------------------------------


class Inline(dict[str, Any]):
    """A table written inline (``{a = 1, b = 2}``) rather than under a header."""


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string, with every character TOML requires escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\b\t\n\f\r":
            out.append(
                {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}.get(char, "\\r")
            )
        elif code < 0x20 or code == 0x7F or char in "\x85\u2028\u2029":
            # Control characters must be escaped; the last three are escaped
            # too, as editors show them as line breaks.
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:  # noqa: PLR0911 - one return per TOML type
    """One value in TOML's inline syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | time):  # dates, times and date-times
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pairs = (f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    msg = f"cannot write {type(value).__name__} to TOML"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _is_section(value: Any) -> bool:
    return isinstance(value, dict) and not isinstance(value, Inline)


def _is_array_of_sections(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(_is_section(item) for item in value)
    )


def to_toml(document: Mapping[str, Any]) -> str:
    """Write a document (dicts, lists, scalars) as TOML text.

    Tables become ``[sections]`` and arrays of tables ``[[sections]]``, except
    `Inline` tables, which stay on their key's line.
    """
    out: list[str] = []
    _write_table(document, (), out, header=None)
    return "\n".join(out).strip("\n") + "\n"


def _write_table(
    table: Mapping[str, Any], path: tuple[str, ...], out: list[str], header: str | None
) -> None:
    plain = [
        (k, v)
        for k, v in table.items()
        if not _is_section(v) and not _is_array_of_sections(v)
    ]
    nested = [
        (k, v) for k, v in table.items() if _is_section(v) or _is_array_of_sections(v)
    ]
    if header is not None and (plain or not nested or header.startswith("[[")):
        out.extend(("", header))
    out.extend(f"{_key(k)} = {toml_value(v)}" for k, v in plain)
    for key, value in nested:
        inner = (*path, key)
        name = ".".join(_key(part) for part in inner)
        if _is_section(value):
            _write_table(value, inner, out, f"[{name}]")
        else:
            for item in value:
                _write_table(item, inner, out, f"[[{name}]]")
