"""The data the cluster tests measure: a few thousand tickets, and every other input.

Tickets are the columnar benchmark's (``benchmarks/tables.py``: replies, customer
messages, pauses, solves, reopens, priority changes, two policies with conditions
and four priorities), with tags as text (a Dask frame turns lists into their repr).
Outages, contacts, survey responses and records are seeded random tables over 2025.
The agreement has an objective of every measure kind, with credits.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
import sys
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import slacore as sla

ROOT = Path(__file__).resolve().parents[2]
START, END = date(2025, 1, 1), date(2026, 1, 1)
TICKETS = 3000


@cache
def bench() -> Any:
    """benchmarks/tables.py, loaded by path (as it loads benchmarks/policies.py)."""
    name = "bench_tables_for_cluster_tests"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks/tables.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def now() -> datetime:
    return bench().bench.NOW


def policies() -> list[sla.Policy]:
    return bench().bench.build_policies()


@cache
def events(n: int = TICKETS) -> Any:
    frame = bench().build_events(7, n)
    frame["tags"] = frame["tags"].map(
        lambda tags: "|".join(tags) if isinstance(tags, list) else None
    )
    return frame


def _instants(rng: random.Random, n: int) -> Any:
    import pandas as pd

    year = 365 * 86_400
    seconds = sorted(rng.randrange(year) for _ in range(n))
    return pd.Timestamp(START, tz="UTC") + pd.to_timedelta(seconds, unit="s")


@cache
def others() -> dict[str, Any]:
    """Outages, contacts, responses and records as pandas tables."""
    import pandas as pd

    rng = random.Random(11)
    starts = _instants(rng, 60)
    outages = pd.DataFrame(
        {
            "service": [rng.choice(["api", "portal"]) for _ in starts],
            "start": starts,
            "end": starts
            + pd.to_timedelta([rng.randrange(60, 7200) for _ in starts], unit="s"),
            "planned": [rng.random() < 0.2 for _ in starts],
        }
    )
    calls = _instants(rng, 2000)
    contacts = pd.DataFrame(
        {
            "at": calls,
            "wait": [rng.randrange(0, 90) for _ in calls],
            "answered": [rng.random() < 0.9 for _ in calls],
            "service": [rng.choice(["phone", "chat"]) for _ in calls],
        }
    )
    surveys = _instants(rng, 800)
    responses = pd.DataFrame(
        {"at": surveys, "score": [rng.randrange(0, 11) for _ in surveys]}
    )
    leads = _instants(rng, 600)
    contacted = [
        at + timedelta(hours=rng.randrange(1, 60)) if rng.random() < 0.8 else pd.NaT
        for at in leads
    ]
    records = pd.DataFrame(
        {
            "at": leads,
            "contacted_at": pd.to_datetime(contacted, utc=True),
            "amount": [rng.randrange(10, 500) for _ in leads],
            "won": [rng.random() < 0.3 for _ in leads],
        }
    )
    return {
        "outages": outages,
        "contacts": contacts,
        "responses": responses,
        "records": records,
    }


def agreement() -> sla.Agreement:
    """Every measure kind, with credits, over the benchmark's policies."""
    hour = timedelta(hours=1)
    office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
    tiers = sla.CreditSchedule([sla.CreditTier(below=99, percent=10)])
    objectives = [
        sla.Objective(
            "high replies",
            sla.TicketAttainment("first_response", ["high"]),
            90,
            credit=sla.BreachCountCredit(3, 2, per_extra=1, cap=20),
        ),
        sla.Objective("resolution", sla.TicketAttainment("resolution"), 85),
        sla.Objective(
            "mttr", sla.MeanTime("resolution"), 24 * hour, direction="at_most"
        ),
        sla.Objective("api", sla.Availability("api"), "99.9", credit=tiers),
        sla.Objective("phone", sla.ServiceLevel(timedelta(seconds=30)), 80),
        sla.Objective("abandon", sla.AbandonRate(), 5, direction="at_most"),
        sla.Objective(
            "wait", sla.AverageWait(), timedelta(seconds=40), direction="at_most"
        ),
        sla.Objective("nps", sla.NetPromoterScore(), 10),
        sla.Objective("score", sla.AverageScore(), 6),
        sla.Objective("leads", sla.Volume(), 40),
        sla.Objective("revenue", sla.Volume("amount", "sum"), 5000),
        sla.Objective("contacted", sla.Deadline("contacted_at", 8 * hour, office), 70),
        sla.Objective("won", sla.Ratio(sla.Equals("won", True)), 25),
    ]
    return sla.Agreement(
        "Cluster",
        "customer",
        [sla.Party("Provider", "provider"), sla.Party("Customer", "customer")],
        objectives,
        tz="Europe/Berlin",
        effective_from=START,
        policies=policies(),
        fee=1000,
    )


def one_machine_reports() -> tuple[sla.Report, ...]:
    data = sla.Dataset(tickets=events(), **others())
    return agreement().evaluate_range(data, START, END, now=now())


def same_instant_events() -> Any:
    """40 tickets with a reply and a status change at one instant, in both orders.

    Their order decides the clocks, so a shuffle must not swap them.
    """
    import pandas as pd

    at = pd.Timestamp("2025-03-03 10:00", tz="UTC")
    rows = []
    for n in range(40):
        ticket = f"S-{n}"
        rows.append((ticket, at, "created", "normal"))
        pair = [("agent_reply", None), ("status", "pending")]
        rows += [
            (ticket, at + pd.Timedelta(hours=1), k, v)
            for k, v in pair[:: 1 - 2 * (n % 2)]
        ]
    return pd.DataFrame(rows, columns=["ticket_id", "at", "kind", "value"])


def clock_rows(frame: Any) -> Any:
    """A clocks table in a canonical row order and plain dtypes, to compare."""
    import pandas as pd

    out = frame.copy()
    out["ticket_id"] = out["ticket_id"].astype(str)
    for name in out.columns:
        if str(out[name].dtype).startswith("datetime64") and out[name].dt.tz is None:
            out[name] = out[name].dt.tz_localize("UTC")
    if out["met"].dtype == object:
        out["met"] = out["met"].astype("boolean")
    for name in ("ticket_id", "policy", "metric", "priority", "state"):
        out[name] = out[name].astype(pd.StringDtype(na_value=float("nan")))
    keys = ["ticket_id", "metric", "cycle"]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def has_tally() -> bool:
    return hasattr(sla.Agreement, "tally")


def export_files(n: int = 600, files: int = 3) -> list[Any]:
    """`events(n)` cut into `files` tables of whole tickets, as an export job writes."""
    table = events(n)
    created = table.index[table["kind"] == "created"].tolist()
    cuts = [created[len(created) * k // files] for k in range(files)] + [len(table)]
    return [table.iloc[a:b].reset_index(drop=True) for a, b in itertools.pairwise(cuts)]


def exported_twice() -> list[Any]:
    """The export files with the second written again at the end: four files."""
    files = export_files()
    return [*files, files[1]]


def created_copied() -> tuple[list[Any], str]:
    """Export files where one ticket's later events went to the last file, with a
    copy of its created row; and that ticket's id."""
    import pandas as pd

    first, middle, last = export_files()
    ticket = first["ticket_id"].iloc[0]
    rows = first.index[first["ticket_id"] == ticket]
    moved = rows[2:]  # the created row and one event stay in the first file
    assert len(moved) > 0
    copied = pd.concat([first.loc[rows[:1]], first.loc[moved]])
    return [
        first.drop(index=moved).reset_index(drop=True),
        middle,
        pd.concat([last, copied], ignore_index=True),
    ], ticket


def one_machine_error(files: list[Any]) -> sla.TableError:
    """The error `measure_table` raises for the files' concatenation."""
    import pandas as pd

    try:
        sla.measure_table(policies(), pd.concat(files, ignore_index=True), now=now())
    except sla.TableError as error:
        return error
    msg = "one machine took the files"
    raise AssertionError(msg)  # pragma: no cover


def named_tickets(error: sla.TableError) -> list[str | None]:
    """The ticket id each problem of a `TableError` names, and each count's text."""
    return [
        problem.message if problem.row is None else (problem.found or "").split()[0]
        for problem in error.problems
    ]


def assert_twins_named_in_the_input(error: sla.TableError) -> None:
    """Each second created row of `exported_twice` after a shuffle names its twin:
    the same row of the other copy of the file (input partitions 1 and 3)."""
    import re

    lines = [line for line in str(error).splitlines() if "second created row" in line]
    assert lines
    pattern = re.compile(
        r"  input partition (\d), row (\d+): kind: the ticket has a second created "
        r"row \(found '.+' \(its first created row is "
        r"input partition (\d), row (\d+)\)\)"
    )
    for line in lines:
        if "more rows like these" in line:
            continue
        found = pattern.fullmatch(line)
        assert found is not None, line
        here, row, there, twin_row = found.groups()
        assert {here, there} == {"1", "3"}
        assert row == twin_row
