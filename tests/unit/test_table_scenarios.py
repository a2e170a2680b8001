"""Every policy scenario of the test suite, measured from tables and from objects.

The suite's named scenarios (the helpdesk policies of ``test_policy.py``, the
agreements of ``test_agreement_examples.py`` and ``test_evaluate.py``, the CLI's
and ``python -m slacore``'s demo, conditions, and every guide page of the docs)
are written inline, in test bodies and doc examples, with hand-worked asserts.
Rather than copy them here, where they would drift, they are recorded while they
run:

1. A child pytest runs the example-based tests, unchanged: ``tests/unit`` and
   ``tests/test_docs.py`` without the hypothesis properties (their random
   scenarios are the differential properties' business), with the plugin
   `tests.scenario_recorder` loaded. The plugin wraps `Policy.measure`,
   `select_policy` and `apply_priority_rules` and notes, for every ticket any
   test measures (directly, through `measure_many`, `Agreement.evaluate`, the
   CLI, or a doc example), its policies, priority rules, the ticket before the
   rules, and `now`; a ticket only selected among policies is noted too.
2. At the end of that run, with every recorded object still alive (conditions
   may be lambdas in a test body, which can't be pickled), the scenarios are
   grouped into tables (per test, policies, rules and `now`) and replayed by
   `tests.table_replay`: `measure_many` against `tickets_to_table(like=...)`
   then `measure_table`, in pandas, polars, pyarrow and numpy, every field of
   every cycle compared to the microsecond.
3. The outcome (counts and one line per discrepancy) is pickled back, and the
   test below asserts there is no discrepancy and that the recording really
   saw the suite's scenarios.

A child process keeps the wrappers out of this run, and needs no conftest: the
suite runs as it always does. The child costs a run of the example tests (about
15 s of one core) plus the replay (a few seconds).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchmarks.policies as policy_bench
import pytest
from tests.scenario_recorder import Recorder, Scenario, load
from tests.table_replay import LIBRARIES, Group, compare, objects_rows, table_columns

import slacore as sla

ROOT = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)
T0 = datetime(2025, 9, 1, 9, tzinfo=UTC)

# Scenarios each test module or docs page must give at least (distinct ticket x
# policies x now): floors under today's counts (policies.md 10,021, test_cli 722,
# test_policy 59, test_agreement_examples 32, helpdesk.md 9...), so that a
# recording that stopped working fails.
FLOORS = {
    "tests/unit/test_policy.py": 40,
    "tests/unit/test_agreement_examples.py": 20,
    "tests/unit/test_evaluate.py": 10,
    "tests/unit/test_conditions.py": 1,
    "tests/unit/test_cli.py": 30,
    "tests/unit/test_main.py": 30,
    "docs/guide/policies.md": 10_000,  # its measure_many example: 10,000 tickets
    "docs/guide/helpdesk.md": 5,
    "docs/guide/agreements.md": 5,
    # docs/guide/notebooks.md measures from tables, not through Policy.measure:
    # its figures are the docs test's, and agree with objects there.
    "docs/guide/building-on-slacore.md": 1,  # a hypothesis example: random
    "README.md": 1,
}


def _run_recording(target: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "PYTEST_"))}
    env["SLACORE_SCENARIOS"] = str(target)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--no-header",
        "--tb=no",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "-p",
        "tests.scenario_recorder",
        "-m",
        "not hypothesis",
        "tests/unit",
        "tests/test_docs.py",
        f"--ignore={Path(__file__).relative_to(ROOT)}",
    ]
    return subprocess.run(  # noqa: S603 - our own interpreter and test suite
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_every_scenario_of_the_suite_measures_the_same_from_tables(tmp_path) -> None:
    target = tmp_path / "outcome.pickle"
    done = _run_recording(target)
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
    assert done.returncode in {0, 1}, f"the recording run did not finish:\n{tail}"
    assert target.exists(), f"the recording run left no outcome:\n{tail}"
    outcome = load(target)

    # The recording saw the suite's scenarios, of every kind.
    for source, floor in FLOORS.items():
        assert outcome.files[source] >= floor, (source, outcome.files)
    for kind in (
        "several policies",
        "priority rules",
        "no policy for a ticket",
        "selected, not measured",
        "callable condition",
    ):
        assert outcome.kinds[kind] > 0, (kind, outcome.kinds)
    for like in LIBRARIES:
        assert outcome.tables[like] >= 0.9 * outcome.groups, outcome.tables

    # Only the documented refusal: a field Arrow can't hold in one column.
    for line in outcome.refused:
        assert "can't put in one column" in line, line

    if outcome.failures:
        shown = "\n".join(outcome.failures[:10])
        pytest.fail(
            f"{len(outcome.failures)} discrepancies between measure_table and "
            f"measure_many over {outcome.scenarios} scenarios:\n{shown}",
            pytrace=False,
        )


# -- the benchmark's workload ---------------------------------------------------------


@functools.cache
def _benchmark_workload() -> tuple[list[sla.Policy], list[sla.Ticket]]:
    return policy_bench.build_policies(), list(policy_bench.generate(seed=10, n=3_000))


@pytest.mark.parametrize(
    ("like", "now"),
    [
        ("pandas", policy_bench.NOW),  # after the year: most tickets solved
        ("polars", datetime(2025, 6, 30, 15, tzinfo=UTC)),  # mid-year: many running
        ("pyarrow", datetime(2025, 10, 26, 2, 30, tzinfo=UTC)),  # in the DST fold
        ("numpy", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),  # at the DST gap
    ],
)
def test_the_benchmark_workload_measures_the_same_from_tables(like, now) -> None:
    """3,000 tickets of `benchmarks/policies.py` (two policies by condition, four
    metrics, pauses, reopens, priority changes, Berlin with holidays, urgent 24/7),
    from a table of their events, against `measure_many`, at several `now`."""
    policies, tickets = _benchmark_workload()
    group = Group("benchmark", tuple(policies), (), tuple(tickets), now, measured=True)
    table = sla.measure_table(
        policies, sla.tickets_to_table(tickets, like=like), now=now
    )
    objects = objects_rows(group)
    assert len(objects) > 3_000
    assert compare(group, like, table_columns(table, like), objects) == []


# -- the harness itself ----------------------------------------------------------------


def test_the_recorder_notes_policies_rules_and_now() -> None:
    """A ticket measured through measure_many after priority rules is one scenario
    with its policies, its rules and the ticket as it was before them."""
    vip = sla.Policy(
        "vip", {"urgent": sla.Targets(first_response=H)}, condition=sla.HasTag("vip")
    )
    rest = sla.Policy("rest", {"normal": sla.Targets(first_response=4 * H)})
    rules = (sla.PriorityRule(sla.HasTag("vip"), "urgent"),)
    plain = sla.Ticket(1, T0, "normal")
    tagged = sla.Ticket(2, T0, "normal", fields={"tags": ["vip"]})
    now = T0 + 2 * H
    recorder = Recorder()
    recorder.test = "here"
    with recorder.installed():
        ruled = [sla.apply_priority_rules(rules, t) for t in (plain, tagged)]
        list(sla.measure_many([vip, rest], ruled, now))
        sla.select_policy([vip], plain)  # selected, never measured
        sla.select_policy([rest], sla.Ticket(3, T0, "low"))
        recorder.finish_test()
    assert sla.Policy.measure.__name__ == "measure"  # the originals are back
    assert recorder.scenarios == [
        Scenario("here", (vip, rest), rules, plain, now),
        Scenario("here", (vip, rest), rules, tagged, now),
        # `plain` came out of the rules unchanged: the rules stay noted with it.
        Scenario("here", (vip,), rules, plain, None),
        Scenario("here", (rest,), (), sla.Ticket(3, T0, "low"), None),
    ]


def test_a_discrepancy_is_reported_with_its_place() -> None:
    """The comparison names the test, library, ticket, metric, cycle and field."""
    policy = sla.Policy("p", {"high": sla.Targets(first_response=H)})
    ticket = sla.Ticket("T-1", T0, "high")
    group = Group("a test", (policy,), (), (ticket,), T0 + 2 * H, measured=True)
    table = sla.measure_table(
        policy, sla.tickets_to_table([ticket], like="numpy"), now=group.now
    )
    columns = table_columns(table, "numpy")
    objects = objects_rows(group)
    assert compare(group, "numpy", columns, objects) == []
    objects[0]["elapsed"] += 1
    (line,) = compare(group, "numpy", columns, objects)
    assert line.startswith("a test [numpy] policies (p), now ")
    assert (
        "ticket 'T-1' first_response cycle 0 field elapsed: table 7200000000 != "
        in line
    )
