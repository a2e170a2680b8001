# Locating lines: where each key path of a TOML or JSON text is, and how to name it.

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable

DocPath: TypeAlias = tuple[str | int, ...]
"""A place in a document: keys and array indexes from the top (``("tiers", 1)``)."""

BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_FIELD_PART: Final = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def where(path: DocPath) -> str:
    """A key path as people read it: ``objectives[2].measure.threshold``.

    Examples:
        >>> where(("objectives", 2, "measure", "threshold"))
        'objectives[2].measure.threshold'
        >>> where(("calendars", "on call"))
        'calendars["on call"]'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif BARE.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text or "<document>"


def field_path(field: str) -> DocPath:
    """An error's ``field`` (``"tiers[1].below"``) as path parts.

    Examples:
        >>> field_path("tiers[1].below")
        ('tiers', 1, 'below')
    """
    parts: list[str | int] = []
    for index, key in _FIELD_PART.findall(field):
        parts.append(int(index) if index else key)
    return tuple(parts)


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
        self.lines: dict[DocPath, int] = {}
        self.arrays: dict[DocPath, int] = {}  # arrays of tables: elements so far

    def record(self, path: DocPath) -> None:
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

    def run(self) -> dict[DocPath, int]:
        current: DocPath = ()
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

    def resolve(self, keys: DocPath) -> DocPath:
        path: DocPath = ()
        for key in keys:
            path += (key,)
            count = self.arrays.get(path)
            if count:
                path += (count - 1,)
        return path

    def array_table(self, keys: DocPath) -> DocPath:
        path = self.resolve(keys[:-1]) + keys[-1:]
        count = self.arrays.get(path, 0)
        self.arrays[path] = count + 1
        self.record(path)
        path += (count,)
        self.record(path)
        return path

    def keys(self) -> DocPath:
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
                match = BARE.match(self.text, self.pos)
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

    def value(self, path: DocPath) -> None:
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

    def array(self, path: DocPath) -> None:
        def element(index: int) -> None:
            self.record((*path, index))
            self.value((*path, index))

        self.items("]", element)

    def inline_table(self, path: DocPath) -> None:
        def pair(_index: int) -> None:
            keys = path + self.keys()
            self.record(keys)
            self.skip_space(newlines=False)
            self.advance()  # "="
            self.value(keys)

        self.items("}", pair)

    def items(self, close: str, item: Callable[[int], None]) -> None:
        """The comma-separated items of an array or inline table, up to `close`.

        Called on the opening bracket; `item` reads each, given its index.
        """
        self.advance()
        index = 0
        while self.pos < len(self.text):  # pragma: no branch - tomllib checked the end
            self.skip_space(newlines=True)
            if self.peek() == close:
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            item(index)
            index += 1


def toml_lines(text: str) -> dict[DocPath, int]:
    """The line (1-based) of every key path of a TOML text `tomllib` accepted.

    DocPaths of tables and array elements are there too, so that a problem inside an
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
        self.lines: dict[DocPath, int] = {}

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

    def value(self, path: DocPath) -> None:
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


def json_lines(text: str) -> dict[DocPath, int]:
    """The line (1-based) of every key path of a JSON text `json` accepted."""
    scanner = _JsonScanner(text)
    scanner.value(())
    return scanner.lines
