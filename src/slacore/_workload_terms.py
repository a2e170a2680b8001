# A workload in a report: the volume each period is measured by (the workload of
# the version in force at the period's end, counted over the whole period), its
# figures, and the goal changes and exclusions of the band the volume lies in.

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._objective import Objective
from ._terms import Measured
from ._workload import assess

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from decimal import Decimal

    from ._amendments import AgreementVersion, Piece
    from ._measures import Outcome
    from ._workload import Workload, WorkloadResult


def _counted(workload: Workload) -> Objective:
    """The workload's measure as an objective, for `partial_of` and `outcome_of`."""
    return Objective("workload", workload.measure, workload.planned)


def workload_objectives(pieces: Sequence[Piece]) -> list[tuple[Objective, ...]]:
    """Per period: the objective its workload is counted by (none without one).

    A period is counted by the workload of the version in force at its end, over
    all of its pieces.
    """
    last: dict[int, AgreementVersion] = {}
    for piece in pieces:
        last[piece.period] = piece.version
    found: list[tuple[Objective, ...]] = []
    for period in range(max(last, default=-1) + 1):
        workload = last[period].workload
        found.append(() if workload is None else (_counted(workload),))
    return found


def workload_result(
    version: AgreementVersion, outcome: Outcome
) -> WorkloadResult | None:
    """The period's volume under the version's workload (None if unmeasured)."""
    workload = version.workload
    if workload is None or outcome.value is None:
        return None
    return attrs.evolve(assess(workload, outcome.value), version=version.number)


def in_band(
    piece: Piece, workload: WorkloadResult | None
) -> tuple[Piece, Mapping[str, Decimal]]:
    """The piece with the band's goals in force, and the signed goals they replace."""
    if workload is None or not workload.goals:
        return piece, {}
    goals = {change.objective: change.goal for change in workload.goals}
    version = piece.version
    signed: dict[str, Decimal] = {}
    objectives = []
    for objective in version.objectives:
        goal = goals.get(objective.name)
        if goal is None:
            objectives.append(objective)
            continue
        signed[objective.name] = objective.goal
        objectives.append(attrs.evolve(objective, goal=goal))
    if not signed:
        return piece, signed
    version = attrs.evolve(version, objectives=tuple(objectives))
    return attrs.evolve(piece, version=version), signed


def measured_in_band(
    objectives: Sequence[Objective],
    outcomes: Sequence[Outcome],
    workload: WorkloadResult | None,
    signed: Mapping[str, Decimal],
) -> list[Measured]:
    """Each objective's outcome against its goal in force; excused ones neither."""
    excused = frozenset(() if workload is None else workload.excused)
    found = []
    for objective, outcome in zip(objectives, outcomes, strict=True):
        measured = Measured.of(objective, outcome)
        if objective.name in excused:
            measured = attrs.evolve(measured, met=None, excused=True)
        elif objective.name in signed:
            measured = attrs.evolve(measured, signed_goal=signed[objective.name])
        found.append(measured)
    return found
