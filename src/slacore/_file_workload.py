# Workloads in files: the ``[workload]`` table of an agreement document (and of an
# amendment), read with every problem placed, and written back so that
# `loads(dump(a)) == a`.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Protocol

from ._file_reader import show
from ._workload import GoalChange, Workload, WorkloadBand

if TYPE_CHECKING:
    from decimal import Decimal

    from ._file_lines import DocPath
    from ._file_terms import TermsLoader
    from ._measures import Measure

WORKLOAD_KEYS: Final = (
    "measure",
    "planned",
    "dead_band",
    "charge_per_unit",
    "credit_per_unit",
    "counted_from",
    "renegotiate",
    "bands",
)
BAND_KEYS: Final = ("name", "low", "high", "goals", "excused", "note")
_PAIR_HINT: Final = "a percent, or an array of two: [below, above]"


def read_workload(loader: TermsLoader, value: Any, path: DocPath) -> Workload | None:
    """A ``[workload]`` table as a `Workload`, or None and its problems."""
    r = loader.r
    table = r.table(value, path, WORKLOAD_KEYS, ("measure", "planned"))
    if table is None:
        return None
    mark = r.mark()
    kw: dict[str, Any] = {}
    r.optional(table, path, "measure", loader.measure, kw)
    for key in ("planned", "charge_per_unit", "credit_per_unit"):
        r.optional(table, path, key, r.decimal, kw)
    for key in ("dead_band", "renegotiate"):
        r.optional(table, path, key, lambda v, p: _pair(loader, v, p), kw)
    r.optional(
        table, path, "counted_from", lambda v, p: r.choice(v, p, ("band", "plan")), kw
    )
    if "bands" in table:
        found = r.array(
            table["bands"], (*path, "bands"), lambda v, p: _band(loader, v, p)
        )
        if found is not None:
            kw["bands"] = found
    if r.failed_since(mark) or "measure" not in kw or "planned" not in kw:
        return None
    return r.build(path, lambda: Workload(**kw))


def _pair(loader: TermsLoader, value: Any, path: DocPath) -> Any:
    """A percent, or ``[below, above]``."""
    r = loader.r
    if isinstance(value, list):
        if len(value) != 2:
            r.add(path, "bad band", expected=_PAIR_HINT, found=show(value))
            return None
        below = r.decimal(value[0], (*path, 0))
        above = r.decimal(value[1], (*path, 1))
        return None if below is None or above is None else (below, above)
    return r.decimal(value, path)


def _band(loader: TermsLoader, value: Any, path: DocPath) -> WorkloadBand | None:
    r = loader.r
    table = r.table(value, path, BAND_KEYS, ("name", "low"))
    if table is None:
        return None
    mark = r.mark()
    kw: dict[str, Any] = {}
    for key in ("name", "note"):
        r.optional(table, path, key, r.string, kw)
    for key in ("low", "high"):
        r.optional(table, path, key, r.decimal, kw)
    r.optional(table, path, "excused", r.strings, kw)
    if "goals" in table:
        found = r.array(
            table["goals"], (*path, "goals"), lambda v, p: _goal(loader, v, p)
        )
        if found is not None:
            kw["goals"] = found
    if r.failed_since(mark) or "name" not in kw or "low" not in kw:
        return None
    name = kw.pop("name")
    return r.build(path, lambda: WorkloadBand(name, **kw))


def _goal(loader: TermsLoader, value: Any, path: DocPath) -> GoalChange | None:
    """``{objective = "resolution", goal = "3d"}``: a number, or a duration."""
    r = loader.r
    table = r.table(value, path, ("objective", "goal"), ("objective", "goal"))
    if table is None:
        return None
    mark = r.mark()
    objective = r.string(table.get("objective"), (*path, "objective"))
    goal = table.get("goal")
    # Text is GoalChange's to read (a number or a duration, placed if neither).
    found = goal if isinstance(goal, str) else r.decimal(goal, (*path, "goal"))
    if r.failed_since(mark) or objective is None or found is None:
        return None
    return r.build(path, lambda: GoalChange(objective, found))


class _Writes(Protocol):
    """What writing a workload needs of the agreement writer."""

    def fields(
        self, value: Any, path: DocPath, doc: dict[str, Any]
    ) -> dict[str, Any]: ...


def _text_pair(pair: tuple[Decimal, Decimal]) -> str | list[str]:
    """One percent when both sides are written alike, else ``[below, above]``."""
    below, above = str(pair[0]), str(pair[1])
    return below if below == above else [below, above]


def write_workload(
    writer: _Writes, workload: Workload, path: DocPath
) -> dict[str, Any]:
    """A workload as a document table (keys left out at their defaults)."""
    measure: Measure = workload.measure
    doc: dict[str, Any] = {
        "measure": writer.fields(measure, (*path, "measure"), {"type": measure.kind}),
        "planned": str(workload.planned),
    }
    if any(workload.dead_band):
        doc["dead_band"] = _text_pair(workload.dead_band)
    for key in ("charge_per_unit", "credit_per_unit"):
        amount = getattr(workload, key)
        if amount is not None:
            doc[key] = str(amount)
    if workload.counted_from != "band":
        doc["counted_from"] = workload.counted_from
    if workload.renegotiate is not None:
        doc["renegotiate"] = _text_pair(workload.renegotiate)
    if workload.bands:
        doc["bands"] = [_write_band(band) for band in workload.bands]
    return doc


def _write_band(band: WorkloadBand) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": band.name, "low": str(band.low)}
    if band.high is not None:
        doc["high"] = str(band.high)
    if band.goals:
        doc["goals"] = [
            {"objective": change.objective, "goal": str(change.goal)}
            for change in band.goals
        ]
    if band.excused:
        doc["excused"] = sorted(band.excused)
    if band.note:
        doc["note"] = band.note
    return doc
