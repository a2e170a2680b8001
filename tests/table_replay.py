"""Replay recorded policy scenarios through both paths and compare every field.

Used by `tests/scenario_recorder.py` at the end of a recording run. A scenario
is one ticket measured by a test (its policies, priority rules, the ticket before
the rules, and `now`). Scenarios are grouped into tables: one table per test,
policies, rules and `now`, holding each distinct ticket once (a ticket id that
two different tickets share splits the group). Each group is measured by
`measure_many` (after `apply_priority_rules`) and, through
`tickets_to_table(like=...)`, by `measure_table` in every library asked for; the
rows must be equal field by field, to the microsecond.
"""

from __future__ import annotations

import traceback
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from tests.table_model import rows_of_measurements

import slacore as sla

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from tests.scenario_recorder import Scenario

LIBRARIES = ("pandas", "polars", "pyarrow", "numpy")
DAY = timedelta(days=1)


class Group(NamedTuple):
    """Tickets one test measured under the same policies, rules and `now`."""

    test: str
    policies: tuple[sla.Policy, ...]
    rules: tuple[sla.PriorityRule, ...]
    tickets: tuple[sla.Ticket, ...]
    now: datetime
    measured: bool  # False: `now` chosen here (the test only selected a policy)


class Outcome(NamedTuple):
    """What a replay found: counts, and one line per discrepancy."""

    scenarios: int  # distinct (test, policies, rules, ticket, now)
    groups: int
    tables: Counter[str]  # tables measured, per library
    rows: int  # rows compared, all libraries together
    files: Counter[str]  # distinct scenarios, per test module or docs page
    kinds: Counter[str]  # "several policies", "priority rules", "no policy", ...
    failures: list[str]
    refused: list[str]  # tickets_to_table's DataError: not a table of that library


def source_of(test: str) -> str:
    """The file a scenario comes from: the test module, or the docs page."""
    path, _, rest = test.partition("::")
    if path.endswith("test_docs.py") and rest.endswith("]"):
        return rest[rest.index("[") + 1 : -1]
    return path


def groups_of(scenarios: Iterable[Scenario]) -> list[Group]:
    """The scenarios as tables: distinct tickets with unique ids per group."""
    found: dict[tuple[Any, ...], list[dict[Any, sla.Ticket]]] = {}
    first: dict[tuple[Any, ...], Scenario] = {}
    for s in scenarios:
        key = (s.test, *map(id, s.policies), None, *map(id, s.rules), None, s.now)
        first.setdefault(key, s)
        tables = found.setdefault(key, [{}])
        for table in tables:
            same = table.setdefault(s.ticket.id, s.ticket)
            if same is s.ticket or same == s.ticket:
                break
        else:
            tables.append({s.ticket.id: s.ticket})
    out = []
    for key, tables in found.items():
        s = first[key]
        for table in tables:
            tickets = tuple(table.values())
            now = s.now
            if now is None:  # a day after the last event of any ticket
                now = DAY + max(
                    max([t.created_at, *(e.at for e in t.events)]) for t in tickets
                )
            out.append(
                Group(s.test, s.policies, s.rules, tickets, now, s.now is not None)
            )
    return out


def objects_rows(group: Group) -> list[dict[str, Any]]:
    """`measure_many`'s answer as rows, warnings the policies lack as nulls."""
    ruled = [sla.apply_priority_rules(group.rules, t) for t in group.tickets]
    rows = rows_of_measurements(
        list(sla.measure_many(group.policies, ruled, group.now))
    )
    warn = max((len(p.warn_at) for p in group.policies), default=0)
    for row in rows:
        for j in range(warn):
            row.setdefault(f"warning_{j + 1}", None)
    return rows


def _numpy_columns(table: dict[str, Any]) -> dict[str, list[Any]]:
    import numpy as np

    out = {}
    for name, values in table.items():
        if values.dtype.kind in "mM":
            unit = np.datetime_data(values.dtype)[0]
            if unit != "us":
                out[name] = [f"{values.dtype} (not at microseconds)"]
                continue
            nat = np.isnat(values).tolist()
            ints = values.view(np.int64).tolist()
            out[name] = [None if x else v for x, v in zip(nat, ints, strict=True)]
        else:
            out[name] = values.tolist()
    return out


def _arrow_columns(table: Any) -> dict[str, list[Any]]:
    import pyarrow as pa

    out = {}
    for field, column in zip(table.schema, table.columns, strict=True):
        kind = field.type
        if pa.types.is_timestamp(kind) or pa.types.is_duration(kind):
            right = (
                pa.timestamp("us", tz="UTC")
                if pa.types.is_timestamp(kind)
                else pa.duration("us")
            )
            if kind != right:
                out[field.name] = [f"{kind} (expected {right})"]
                continue
            out[field.name] = column.cast(pa.int64()).to_pylist()
            continue
        out[field.name] = column.to_pylist()
    return out


def table_columns(table: Any, like: str) -> dict[str, list[Any]]:
    """`measure_table`'s answer as lists of plain values (µs for times)."""
    if like == "numpy":
        return _numpy_columns(table)
    if like == "pandas":
        import pyarrow as pa

        table = pa.Table.from_pandas(table, preserve_index=False)
    elif like == "polars":
        table = table.to_arrow()
    return _arrow_columns(table)


def _last_lines() -> str:
    """The end of the traceback being handled: where it was raised, and what."""
    return "".join(traceback.format_exc().splitlines(keepends=True)[-7:])


def _where(group: Group, like: str) -> str:
    names = ", ".join(p.name for p in group.policies)
    rules = f", rules {list(group.rules)!r}" if group.rules else ""
    return f"{group.test} [{like}] policies ({names}){rules}, now {group.now!r}"


def compare(
    group: Group, like: str, table: dict[str, list[Any]], objects: list[dict[str, Any]]
) -> list[str]:
    """Every difference between the two paths' answers, one line each."""
    where = _where(group, like)
    names = list(objects[0]) if objects else list(table)
    if objects and sorted(names) != sorted(table):
        return [
            f"{where}: columns differ: table {sorted(table)} objects {sorted(names)}"
        ]
    expected = {name: [row[name] for row in objects] for name in names}
    keys = ("ticket_id", "metric", "cycle")
    if any(table[k] != expected[k] for k in keys):
        got = list(zip(*(table[k] for k in keys), strict=True))
        want = list(zip(*(expected[k] for k in keys), strict=True))
        return [f"{where}: rows differ: table {got} objects {want}"]
    found = []
    for name in names:
        if table[name] == expected[name]:
            continue
        for i, (got, want) in enumerate(zip(table[name], expected[name], strict=True)):
            if got != want:
                row = objects[i]
                ticket = next(t for t in group.tickets if t.id == row["ticket_id"])
                found.append(
                    f"{where}: ticket {row['ticket_id']!r} {row['metric']} cycle "
                    f"{row['cycle']} field {name}: table {got!r} != objects {want!r}"
                    f"\n    ticket {ticket!r}"
                )
    return found


def replay(
    scenarios: Sequence[Scenario], libraries: Sequence[str] = LIBRARIES
) -> Outcome:
    """Measure every group through both paths, in every library; compare."""
    distinct = {
        (s.test, *map(id, s.policies), *map(id, s.rules), s.ticket.id, s.now): s
        for s in scenarios
    }
    files = Counter(source_of(s.test) for s in distinct.values())
    kinds: Counter[str] = Counter()
    tables: Counter[str] = Counter()
    failures: list[str] = []
    refused: list[str] = []
    groups = groups_of(scenarios)
    rows = 0
    for group in groups:
        kinds["several policies"] += len(group.policies) > 1
        kinds["priority rules"] += bool(group.rules)
        kinds["selected, not measured"] += not group.measured
        kinds["callable condition"] += any(
            callable(p.condition) and not isinstance(p.condition, sla.Condition)
            for p in group.policies
        )
        try:
            objects = objects_rows(group)
        except Exception:  # noqa: BLE001 - reported as a failure, with its traceback
            failures.append(f"{_where(group, 'objects')}: {_last_lines()}")
            continue
        kinds["no policy for a ticket"] += len({r["ticket_id"] for r in objects}) < len(
            group.tickets
        )
        for like in libraries:
            try:
                events = sla.tickets_to_table(group.tickets, like=like)
            except sla.DataError as exc:  # documented: a field Arrow can't hold
                refused.append(f"{_where(group, like)}: {exc}")
                continue
            try:
                table = sla.measure_table(
                    group.policies, events, now=group.now, priority_rules=group.rules
                )
                found = table_columns(table, like)
            except Exception:  # noqa: BLE001 - reported as a failure, with its traceback
                failures.append(f"{_where(group, like)}: {_last_lines()}")
                continue
            tables[like] += 1
            rows += len(found["ticket_id"])
            failures += compare(group, like, found, objects)
    return Outcome(
        len(distinct), len(groups), tables, rows, files, kinds, failures, refused
    )
