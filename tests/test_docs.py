"""Run every Python example in README.md and docs/**/*.md.

Each Markdown file is one test. Its fenced ```pycon blocks (``>>>`` prompts, checked
with doctest, ELLIPSIS and NORMALIZE_WHITESPACE on) and ```python blocks (run with
exec) run in the order they appear, in one namespace per file, so a page can build a
calendar in one block and use it in the next. A failure names the file and the line
of the block. Put ``<!-- docs-test: skip -->`` on the line before a block to leave
it out (for code that needs a network or a shell). A page with
``<!-- docs-test: needs MODULE ... -->`` runs only where those modules import (an
optional extra), and is skipped elsewhere, naming them.
"""

from __future__ import annotations

import doctest
import importlib.util
import io
import re
import sys
import textwrap
import traceback
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = sorted(
    [
        *(p for p in [ROOT / "README.md"] if p.exists()),
        *(p for p in (ROOT / "docs").rglob("*.md") if "_griffe" not in p.parts),
    ]
)
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*"
    r"(?P<lang>pycon|python|py)\b[^\n]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SKIP = "<!-- docs-test: skip -->"
NEEDS = re.compile(r"^<!-- docs-test: needs ([\w. ]+) -->$", re.MULTILINE)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """The runnable blocks of a Markdown text: (first body line, kind, code)."""
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if before.strip() == SKIP:
            continue
        first_line = text.count("\n", 0, match.start("body")) + 1
        indent = match.group("indent")
        lines = match.group("body").splitlines(keepends=True)
        body = "".join(line.removeprefix(indent) for line in lines)
        kind = "pycon" if match.group("lang") == "pycon" else "python"
        found.append((first_line, kind, textwrap.dedent(body)))
    return found


def _run_pycon(code: str, path: Path, line: int, namespace: dict[str, object]) -> None:
    name = f"{path.relative_to(ROOT)}:{line}"
    test = doctest.DocTestParser().get_doctest(
        code, namespace, name, str(path), line - 1
    )
    output = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=output.write, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy; keep what the block made
    if result.failed:
        pytest.fail(
            f"pycon block at {name} failed:\n{output.getvalue()}", pytrace=False
        )


def _run_python(code: str, path: Path, line: int, namespace: dict[str, object]) -> None:
    name = f"{path.relative_to(ROOT)}:{line}"
    # Pad with blank lines so that tracebacks point at the line in the Markdown file.
    compiled = compile("\n" * (line - 1) + code, str(path), "exec")
    try:
        exec(compiled, namespace)  # noqa: S102 - running the docs' own examples
    except Exception:  # noqa: BLE001 - report any failure with its place
        pytest.fail(
            f"python block at {name} failed:\n{traceback.format_exc()}", pytrace=False
        )


@pytest.mark.parametrize(
    "path", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES]
)
def test_examples_run(path: Path) -> None:
    # Each page runs as a module of its own, so that what it defines resolves its
    # annotations as a reader's module would (agreement files read a measure's
    # field types).
    text = path.read_text(encoding="utf-8")
    needed = [name for m in NEEDS.finditer(text) for name in m.group(1).split()]
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"{path.name} needs {', '.join(missing)} (an optional extra)")
    module = types.ModuleType(f"docs_example_{path.stem.replace('-', '_')}")
    namespace: dict[str, object] = module.__dict__
    sys.modules[module.__name__] = module
    try:
        for line, kind, code in _blocks(text):
            if kind == "pycon":
                _run_pycon(code, path, line, namespace)
            else:
                _run_python(code, path, line, namespace)
    finally:
        del sys.modules[module.__name__]


def test_blocks_are_found() -> None:
    text = textwrap.dedent(
        f"""\
        # Title
        ```pycon
        >>> 1 + 1
        2
        ```

        !!! note
            ```python
            x = 1
            ```
        {SKIP}
        ```python
        raise SystemExit
        ```
        ```bash
        pip install slacore
        ```
        """
    )
    assert _blocks(text) == [(3, "pycon", ">>> 1 + 1\n2\n"), (9, "python", "x = 1\n")]
