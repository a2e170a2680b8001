# Amendments in files: the ``[[amendments]]`` tables of an agreement document, read
# with every problem placed, and written back so that `loads(dump(a)) == a`.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Protocol

from ._amendments import Amendment
from ._file_workload import read_workload, write_workload

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ._file_lines import DocPath
    from ._file_terms import TermsLoader
    from ._objective import Objective

AMENDMENT_KEYS: Final = (
    "effective",
    "until",
    "objectives",
    "fee",
    "at_risk",
    "note",
    "workload",
)
AMENDMENT_HINT: Final = (
    "an array of amendments (tables with effective and what changes: objectives, "
    "fee, at_risk or workload)"
)


def read_amendment(loader: TermsLoader, value: Any, path: DocPath) -> Amendment | None:
    """One ``[[amendments]]`` table as an `Amendment`, or None and its problems."""
    r = loader.r
    table = r.table(value, path, AMENDMENT_KEYS, ("effective",))
    if table is None:
        return None
    mark = r.mark()
    kw: dict[str, Any] = {}
    for key in ("effective", "until"):
        r.optional(table, path, key, loader.instant, kw)
    if "objectives" in table:
        found = r.array(table["objectives"], (*path, "objectives"), loader.objective)
        if found is not None:
            kw["objectives"] = found
    for key in ("fee", "at_risk"):
        r.optional(table, path, key, r.decimal, kw)
    r.optional(table, path, "note", r.string, kw)
    r.optional(table, path, "workload", lambda v, p: read_workload(loader, v, p), kw)
    _cross_check(loader, table, path)
    if r.failed_since(mark) or "effective" not in kw:
        return None
    return r.build(path, lambda: Amendment(**kw))


def _cross_check(loader: TermsLoader, table: Mapping[str, Any], path: DocPath) -> None:
    """Objective names given twice in one amendment, at the second one."""
    objectives = table.get("objectives")
    if not isinstance(objectives, list):
        return
    names = [
        (item["name"], (*path, "objectives", index, "name"))
        for index, item in enumerate(objectives)
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    ]
    loader.duplicates(names, "objective")


class _Writes(Protocol):
    """What writing an amendment needs of the agreement writer."""

    def instant(self, value: datetime, tz: ZoneInfo) -> Any: ...

    def objective(self, objective: Objective, path: DocPath) -> dict[str, Any]: ...

    def fields(
        self, value: Any, path: DocPath, doc: dict[str, Any]
    ) -> dict[str, Any]: ...


def write_amendment(
    writer: _Writes, amendment: Amendment, tz: ZoneInfo, path: DocPath
) -> dict[str, Any]:
    """An amendment as a document table (keys left out when not given)."""
    doc: dict[str, Any] = {"effective": writer.instant(amendment.effective, tz)}
    if amendment.until is not None:
        doc["until"] = writer.instant(amendment.until, tz)
    if amendment.fee is not None:
        doc["fee"] = str(amendment.fee)
    if amendment.at_risk is not None:
        doc["at_risk"] = str(amendment.at_risk)
    if amendment.note:
        doc["note"] = amendment.note
    if amendment.objectives is not None:
        doc["objectives"] = [
            writer.objective(o, (*path, "objectives", i))
            for i, o in enumerate(amendment.objectives)
        ]
    if amendment.workload is not None:
        doc["workload"] = write_workload(
            writer, amendment.workload, (*path, "workload")
        )
    return doc
