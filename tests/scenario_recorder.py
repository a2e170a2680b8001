"""A pytest plugin recording every policy measurement a test run makes.

`tests/unit/test_table_scenarios.py` runs the suite's example-based tests in a
child pytest with ``-p tests.scenario_recorder``. For the whole run the plugin
wraps `Policy.measure`, `select_policy` and `apply_priority_rules` (each calls
the original and returns what it returns, so the tests run unchanged) and notes,
for every ticket measured, the scenario behind it:

- the policies it was chosen among, when it went through `select_policy` (as in
  `measure_many` and `Agreement.evaluate`), else the one policy that measured it;
- the priority rules applied to it first, when it came out of
  `apply_priority_rules`, and the ticket as it was before them;
- `now`.

A ticket `select_policy` saw but nothing measured (no policy matched, or a test
of policy selection alone) is noted with `now` None. A ticket that came out of
the rules unchanged (the same object) keeps them noted with it: applying them
again changes nothing. Each scenario carries the node id of the test that made
it ("(at import)" for a measurement made while a module was imported).

At the end of the run, while every recorded object is still alive (conditions
may be lambdas in a test body, which can't be pickled), `tests.table_replay`
measures the scenarios through both paths, and the outcome (counts and one line
per discrepancy, plain data) is pickled to the file named by the
``SLACORE_SCENARIOS`` environment variable.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

import slacore
from slacore import _evaluate, _policy

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator
    from datetime import datetime

    from tests.table_replay import Outcome

    from slacore import Policy, PriorityRule, Ticket


class Scenario(NamedTuple):
    """One ticket measured by a test: what `measure_table` must measure alike."""

    test: str
    policies: tuple[Policy, ...]
    rules: tuple[PriorityRule, ...]
    ticket: Ticket  # before the rules
    now: datetime | None  # None: selected (or not) but never measured


# Where the wrapped functions live under their own names.
_HOMES = {
    "select_policy": (_policy, slacore, _evaluate),
    "apply_priority_rules": (_policy, slacore),
}


class Recorder:
    """Wraps the measuring functions and keeps the scenarios they saw."""

    def __init__(self) -> None:
        self.scenarios: list[Scenario] = []
        self.recording = True
        self.test = "(at import)"
        # id(ticket) -> (ticket, policies it was chosen among); the ticket is kept
        # so that its id is not reused while the test runs.
        self.chosen: dict[int, tuple[Ticket, tuple[Policy, ...]]] = {}
        # id(ticket after rules) -> (that ticket, the ticket before, the rules).
        self.ruled: dict[int, tuple[Ticket, Ticket, tuple[PriorityRule, ...]]] = {}

    @contextlib.contextmanager
    def installed(self) -> Iterator[Recorder]:
        """The wrappers in place for the block, the originals back after it."""
        saved = [(_policy.Policy, "measure", _policy.Policy.measure)]
        saved += [(m, n, getattr(m, n)) for n, homes in _HOMES.items() for m in homes]
        self.install()
        try:
            yield self
        finally:
            for owner, name, original in saved:
                setattr(owner, name, original)

    def install(self) -> None:
        """Put the wrappers in place (for the rest of the process)."""
        measure = _policy.Policy.measure
        select = _policy.select_policy
        apply_rules = _policy.apply_priority_rules

        def recorded_measure(policy: Policy, ticket: Ticket, now: datetime) -> Any:
            result = measure(policy, ticket, now)
            if self.recording:
                self.measured(policy, ticket, now)
            return result

        def recorded_select(policies: Any, ticket: Ticket) -> Policy | None:
            policies = tuple(policies)
            if self.recording:
                self.chosen[id(ticket)] = (ticket, policies)
            return select(policies, ticket)

        def recorded_rules(rules: Any, ticket: Ticket) -> Ticket:
            rules = tuple(rules)
            result = apply_rules(rules, ticket)
            if self.recording:
                self.ruled[id(result)] = (result, ticket, rules)
            return result

        _policy.Policy.measure = recorded_measure  # type: ignore[method-assign]
        wrappers = {
            "select_policy": recorded_select,
            "apply_priority_rules": recorded_rules,
        }
        for name, homes in _HOMES.items():
            for module in homes:
                setattr(module, name, wrappers[name])

    def _before_rules(self, ticket: Ticket) -> tuple[Ticket, tuple[PriorityRule, ...]]:
        found = self.ruled.get(id(ticket))
        if found is None or found[0] is not ticket:
            return ticket, ()
        return found[1], found[2]

    def measured(self, policy: Policy, ticket: Ticket, now: datetime) -> None:
        """Note a measurement, under the policies `ticket` was chosen among."""
        found = self.chosen.pop(id(ticket), None)
        policies: tuple[Policy, ...] = (policy,)
        if found is not None and found[0] is ticket and policy in found[1]:
            policies = found[1]
        original, rules = self._before_rules(ticket)
        self.scenarios.append(Scenario(self.test, policies, rules, original, now))

    def finish_test(self) -> None:
        """Note the tickets selected for (or not) but never measured."""
        for ticket, policies in self.chosen.values():
            original, rules = self._before_rules(ticket)
            self.scenarios.append(Scenario(self.test, policies, rules, original, None))
        self.chosen.clear()
        self.ruled.clear()

    def dump(self, target: Path) -> None:
        """Replay the scenarios through both paths; pickle the outcome to `target`."""
        from tests.table_replay import replay

        self.recording = False
        target.write_bytes(pickle.dumps(replay(self.scenarios)))

    # -- pytest hooks -----------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:  # noqa: ARG002
        self.install()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item
    ) -> Generator[None, object, object]:
        self.test = item.nodeid
        try:
            return (yield)
        finally:
            self.finish_test()
            self.test = "(at import)"

    def pytest_unconfigure(self, config: pytest.Config) -> None:  # noqa: ARG002
        target = os.environ.get("SLACORE_SCENARIOS")
        if target:
            self.dump(Path(target))


def load(path: Path) -> Outcome:
    """The outcome a run pickled to `path`."""
    outcome: Outcome = pickle.loads(path.read_bytes())  # noqa: S301 - our own file
    return outcome


def pytest_configure(config: pytest.Config) -> None:
    """Register a recorder in this run (pytest's hook for a ``-p`` plugin)."""
    config.pluginmanager.register(Recorder(), "slacore-scenario-recorder")
