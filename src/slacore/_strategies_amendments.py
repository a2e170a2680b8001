# Hypothesis strategies for amended agreements (re-exported by slacore.strategies).

# is safe, and it is the hypothesis API style.

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._amendments import Amendment
from ._credits import CreditSchedule, StepCredit

if TYPE_CHECKING:
    from ._agreement import Agreement
    from ._measures import Measure
    from ._objective import Objective

_MAX_AMOUNT: Final = Decimal(100_000)
_US: Final = timedelta(microseconds=1)


def _later(start: datetime, offset: timedelta) -> datetime:
    """`start` plus `offset` of real time, shown in `start`'s zone."""
    return (start.astimezone(UTC) + offset).astimezone(start.tzinfo)


def _goals(measure: Measure) -> st.SearchStrategy[Decimal]:
    """Goals the measure's goal rule allows."""
    rule = measure.goal_rule
    low, high = rule.low, rule.high
    if low is None:
        low = (high if high is not None else Decimal(10)) - 20
    if high is None:
        high = low + 1000
    return st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def _changed(draw: st.DrawFn, objective: Objective) -> Objective:
    """The objective with another goal, and perhaps without its credit."""
    goal = draw(_goals(objective.measure))
    credit = objective.credit
    if credit is not None and draw(st.booleans()):
        credit = None
    direction = objective.direction
    if isinstance(credit, CreditSchedule | StepCredit):
        direction = "at_least"  # a tiered or step credit pays for falling short
    return attrs.evolve(objective, goal=goal, credit=credit, direction=direction)


@st.composite
def _objectives(
    draw: st.DrawFn, base: tuple[Objective, ...], needed: frozenset[str] = frozenset()
) -> tuple[Objective, ...] | None:
    """None (kept), or some of the agreement's objectives, each perhaps changed.

    The objectives named in `needed` (by the workload's bands) are always kept.
    """
    if draw(st.booleans()):
        return None
    kept = draw(
        st.lists(st.sampled_from(range(len(base))), min_size=1, unique=True).map(
            lambda found: sorted(
                set(found) | {i for i, o in enumerate(base) if o.name in needed}
            )
        )
    )
    return tuple(draw(st.just(base[i]) | _changed(base[i])) for i in kept)


@st.composite
def _amended(
    draw: st.DrawFn,
    base: st.SearchStrategy[Agreement],
    max_amendments: int,
    within: timedelta,
) -> Agreement:
    agreement = draw(base)
    start = agreement.effective_from
    end = agreement.effective_until
    room = within if end is None else min(within, end - start - _US)
    if room < _US:
        return agreement
    offsets = draw(
        st.lists(
            st.timedeltas(_US, room),
            max_size=max_amendments,
            unique=True,
        ).map(sorted)
    )
    instants = [_later(start, offset) for offset in offsets]
    needed: set[str] = set()
    if agreement.workload is not None:
        for band in agreement.workload.bands:
            needed.update(change.objective for change in band.goals)
            needed.update(band.excused)
    amendments = []
    for index, at in enumerate(instants):
        objectives = draw(_objectives(agreement.objectives, frozenset(needed)))
        fee = None
        if agreement.fee is not None:
            fee = draw(st.none() | st.decimals(0, _MAX_AMOUNT, places=2))
        at_risk = None
        if agreement.at_risk is not None:
            at_risk = draw(st.none() | st.decimals(0, 100, places=2))
        if objectives is None and fee is None and at_risk is None:
            objectives = agreement.objectives  # an amendment changes something
        until = None
        if draw(st.booleans()):  # state where it ends, as files may
            until = instants[index + 1] if index + 1 < len(instants) else end
        amendments.append(
            Amendment(
                at,
                objectives=objectives,
                fee=fee,
                at_risk=at_risk,
                until=until,
                note=draw(st.sampled_from(("", "12-month review", "change 7"))),
            )
        )
    return attrs.evolve(agreement, amendments=amendments)


def amended_agreements(
    agreements: st.SearchStrategy[Agreement],
    *,
    max_amendments: int = 2,
    within: timedelta = timedelta(days=400),
) -> st.SearchStrategy[Agreement]:
    """Agreements from `agreements`, each with up to `max_amendments` amendments.

    Each amendment takes effect at any instant (most often inside a reporting
    period) after the agreement's start, within `within` of it and before its
    end, and changes the objectives (some of the agreement's own, each perhaps
    with another goal or without its credit), the fee or the at-risk percent (a
    term the agreement has), keeping the objectives a workload's bands name. About half
    state their `until`. Valid by
    construction. Shrinks toward no amendment.

    Args:
        agreements: The agreements to amend, such as
            [`agreements`][slacore.strategies.agreements]`()`.
        max_amendments: The most amendments (at least 0).
        within: How far after `effective_from` amendments may take effect.

    Raises:
        InvalidArgument: If `max_amendments` is negative or `within` is not
            positive.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> from slacore import strategies as sst
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> amended = sst.amended_agreements(sst.agreements(), max_amendments=1)
        >>> agreement = find(amended, lambda a: a.amendments, settings=quiet)
        >>> len(agreement.versions)
        2
    """
    if max_amendments < 0:
        msg = f"max_amendments={max_amendments!r} must be at least 0"
        raise InvalidArgument(msg)
    if within <= timedelta(0):
        msg = f"within={within!r} must be positive"
        raise InvalidArgument(msg)
    return _amended(agreements, max_amendments, within)
