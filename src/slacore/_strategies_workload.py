# Hypothesis strategies for workloads (re-exported by slacore.strategies).

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs
from hypothesis import strategies as st

from ._record_measures import Volume
from ._volume_measures import ContactVolume, TicketVolume
from ._workload import GoalChange, Workload, WorkloadBand

if TYPE_CHECKING:
    from ._agreement import Agreement
    from ._objective import Objective
    from ._workload import WorkloadMeasure

_PERCENTS: Final = st.decimals(0, 60, places=1)
_RATES: Final = st.none() | st.decimals(0, 500, places=2)
_BAND_NAMES: Final = ("light", "normal", "busy", "surge", "flood")
_MEASURES: Final[st.SearchStrategy[WorkloadMeasure]] = st.sampled_from(
    (TicketVolume(), ContactVolume(), Volume(), Volume("amount", "sum"))
)


def _goal_strategy(objective: Objective) -> st.SearchStrategy[Decimal]:
    """Goals the objective's measure allows (as `GoalChange` keeps them)."""
    rule = objective.measure.goal_rule
    low = rule.low if rule.low is not None else Decimal(-100)
    high = rule.high if rule.high is not None else low + 100_000
    return st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def workload_bands(
    draw: st.DrawFn, objectives: tuple[Objective, ...] = ()
) -> tuple[WorkloadBand, ...]:
    """Bands that tile the volume line, changing or excusing some `objectives`.

    Up to five bands; the first starts at 0, each where the one before ends,
    the last without end. Each band holds some of the objectives to another
    goal (one the objective's measure allows) and excuses some others. Shrinks
    toward no band.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(workload_bands(), lambda bands: len(bands) > 1, settings=quiet)[1].low
        Decimal('0.1')
    """
    cuts = draw(
        st.lists(st.decimals("0.1", 400, places=1), max_size=4, unique=True).map(sorted)
    )
    if not cuts and not draw(st.booleans()):
        return ()
    edges: list[Decimal | None] = [Decimal(0), *cuts, None]
    bands = []
    for index in range(len(edges) - 1):
        low, high = edges[index], edges[index + 1]
        assert low is not None  # noqa: S101 - every edge but the last
        changed: list[GoalChange] = []
        excused: set[str] = set()
        for objective in objectives:
            what = draw(st.sampled_from(("keep", "keep", "change", "excuse")))
            if what == "change":
                goal = draw(_goal_strategy(objective))
                changed.append(GoalChange(objective.name, goal))
            elif what == "excuse":
                excused.add(objective.name)
        bands.append(
            WorkloadBand(
                _BAND_NAMES[index],
                low=low,
                high=high,
                goals=changed,
                excused=excused,
                note=draw(st.sampled_from(("", "schedule C"))),
            )
        )
    return tuple(bands)


@st.composite
def workloads(
    draw: st.DrawFn,
    objectives: tuple[Objective, ...] = (),
    measures: st.SearchStrategy[WorkloadMeasure] = _MEASURES,
) -> Workload:
    """Valid workloads: a plan, a dead band, rates, a renegotiation band, bands.

    Plans from 1 to 10,000 (whole or with two places), dead bands of 0 to 60 %
    on each side, a renegotiation band at least as wide (or none), rates per
    unit or none, counted from the band or the plan, and
    [`workload_bands`][slacore.strategies.workload_bands] over `objectives`.
    Shrinks toward ``Workload(TicketVolume(), 1)``.

    Args:
        draw: Given by hypothesis (not passed by callers).
        objectives: The objectives bands may change or excuse.
        measures: What the workload counts.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(workloads(), lambda w: True, settings=quiet).planned
        Decimal('1')
    """
    below, above = draw(_PERCENTS), draw(_PERCENTS)
    renegotiate = None
    if draw(st.booleans()):
        renegotiate = (below + draw(_PERCENTS), above + draw(_PERCENTS))
    return Workload(
        draw(measures),
        draw(st.integers(1, 10_000) | st.decimals(1, 10_000, places=2)),
        dead_band=(below, above),
        charge_per_unit=draw(_RATES),
        credit_per_unit=draw(_RATES),
        counted_from=draw(st.sampled_from(("band", "plan"))),
        renegotiate=renegotiate,
        bands=draw(workload_bands(objectives)),
    )


@st.composite
def workload_agreements(
    draw: st.DrawFn, agreements: st.SearchStrategy[Agreement]
) -> Agreement:
    """Agreements from `agreements`, each with a workload over its objectives.

    The workload's bands change or excuse the agreement's own objectives (see
    [`workloads`][slacore.strategies.workloads]); valid by construction.
    Combine with [`amended_agreements`][slacore.strategies.amended_agreements]
    by amending these (an amendment keeps the workload).
    """
    agreement = draw(agreements)
    return attrs.evolve(agreement, workload=draw(workloads(agreement.objectives)))
