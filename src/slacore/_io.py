# Agreement files: `load`, `loads` and `load_calendars` read TOML and JSON documents
# into values; `dump` (from `_file_writer`) writes them back.

from __future__ import annotations

from typing import TYPE_CHECKING

from ._calendar import ALWAYS
from ._durations import format_duration, parse_duration
from ._file_calendars import CalendarLoader, top_zone
from ._file_reader import (
    STRING_SOURCE,
    Format,
    Reader,
    format_of,
    in_order,
    parse_document,
    read_file,
)
from ._file_terms import HINTS, TermsLoader
from ._file_writer import dump
from .exceptions import AgreementFileError

if TYPE_CHECKING:
    import os

    from ._agreement import Agreement
    from ._calendar import Calendar

__all__ = (
    "dump",
    "format_duration",
    "load",
    "load_calendars",
    "loads",
    "parse_duration",
)


def load(path: str | os.PathLike[str]) -> Agreement:
    """Read an agreement from a TOML or JSON file.

    The format comes from the suffix (``.toml`` or ``.json``); the file is read as
    UTF-8 (a byte-order mark is allowed). Files are data only: nothing in them is
    executed or imported. The file format reference lists every key.

    Args:
        path: The file's path.

    Returns:
        The agreement.

    Raises:
        AgreementFileError: If the file is invalid; it lists every problem found,
            each with its key path, line, what was expected and what was found,
            and its `path` is the file's path.
        OSError: If the file cannot be read.

    Examples:
        >>> import slacore as sla
        >>> agreement = sla.load("tests/data/agreements/support.toml")
        >>> agreement.name, [o.name for o in agreement.objectives][:2]
        ('Acme Support for Globex', ['first-response', 'resolution'])
    """
    source, text, fmt = read_file(path)
    return _read(text, fmt, source)


def loads(text: str, format: Format = "toml") -> Agreement:  # noqa: A002 - API name
    """Read an agreement from TOML or JSON text.

    Args:
        text: The document.
        format: ``"toml"`` or ``"json"``.

    Returns:
        The agreement.

    Raises:
        AgreementFileError: If the text is invalid, listing every problem; its
            `path` is ``"<string>"``.
        SlaError: If `format` is not ``"toml"`` or ``"json"``.

    Examples:
        >>> import slacore as sla
        >>> text = '''
        ... name = "Leads"
        ... kind = "internal"
        ... effective_from = 2026-01-01
        ... parties = [
        ...     {name = "Marketing", role = "provider"},
        ...     {name = "Sales", role = "customer"},
        ... ]
        ... [[objectives]]
        ... name = "leads"
        ... measure = {type = "volume"}
        ... goal = 500
        ... '''
        >>> sla.loads(text).objectives[0]
        Objective(name='leads', measure=Volume(field=None, aggregate='count', where=None), goal=Decimal('500'), direction='at_least', credit=None, allocation=None, provider=None, description='')
        >>> try:
        ...     sla.loads(text.replace("goal", "gaol"))
        ... except sla.AgreementFileError as exc:
        ...     for problem in exc.problems:
        ...         print(problem.line, problem.where, problem.message)
        9 objectives[0].goal missing required key
        12 objectives[0].gaol unknown key (did you mean 'goal'?)
    """  # noqa: E501
    raw: object = text  # checked at run time too
    if not isinstance(raw, str):
        msg = f"text must be a str, got {type(raw).__name__}"
        raise TypeError(msg)
    return _read(raw, format_of(format), STRING_SOURCE)


def load_calendars(path: str | os.PathLike[str]) -> dict[str, Calendar]:
    """Read the named calendars of an agreement file (its ``calendars`` table).

    Only the ``calendars`` table and the top-level ``tz`` (the default zone of a
    calendar that names none) are read; the rest of the file is not checked, so
    a file holding nothing but calendars works too.

    Args:
        path: A ``.toml`` or ``.json`` file.

    Returns:
        The calendars by name, in the file's order (without the built-in
        ``"always"``).

    Raises:
        AgreementFileError: If the file is not a ``.toml`` or ``.json`` file of
            UTF-8 text, or the calendars are invalid, listing every problem.
        OSError: If the file cannot be read.

    Examples:
        >>> from slacore import load_calendars
        >>> calendars = load_calendars("tests/data/agreements/support.toml")
        >>> sorted(calendars)
        ['office', 'office-or-on-call', 'on-call']
    """
    source, text, fmt = read_file(path)
    document, lines = parse_document(text, fmt, source)
    reader = Reader(lines, HINTS)
    reader.document = document
    loader = CalendarLoader(reader, ALWAYS.tz)
    if isinstance(document, dict):
        loader.tz = top_zone(reader, document)
        loader.set_calendars(document.get("calendars"))
        loader.resolve_all()
    else:
        reader.wrong_type(document, (), "a table")
    if reader.problems:
        raise AgreementFileError.of_problems(source, in_order(reader.problems))
    return {name: cal for name, cal in loader.built.items() if cal is not None}


def _read(text: str, fmt: Format, source: str) -> Agreement:
    document, lines = parse_document(text, fmt, source)
    reader = Reader(lines, HINTS)
    reader.document = document
    agreement = TermsLoader(reader).agreement(document)
    if reader.problems or agreement is None:
        raise AgreementFileError.of_problems(source, in_order(reader.problems))
    return agreement
