# The partial results measures tally one period's data into: plain sums, and the
# interval sets availability needs, each combining with `+` (associative and
# commutative) into the partial of the data put together. Also how an agreement asks
# a measure for its partial and its outcome, whether or not the measure can tally.

from __future__ import annotations

import operator
from decimal import Decimal  # noqa: TC003 - the attrs fields' type, read at run time
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._decimal import EXACT
from ._intervals import Span, merge
from .exceptions import TallyError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._measures import Measure, Outcome, PeriodBounds, PeriodData
    from ._objective import Objective

# Sums of decimals are exact, so that adding partials in any order gives the same
# figure to the last digit; a measure rounds once, when it makes its outcome.
_EXACT: Final = EXACT


def exact_sum(values: Iterable[Decimal], start: Decimal) -> Decimal:
    """`start` plus `values`, exact (no rounding, whatever the context)."""
    total = start
    for value in values:
        total = _EXACT.add(total, value)
    return total


def _to_ints(values: Iterable[Any]) -> tuple[int, ...]:
    # operator.index turns numpy integers into Python ints: a partial pickles small
    # and needs no numpy to read.
    return tuple(operator.index(value) for value in values)


def _to_decimals(values: Iterable[Decimal]) -> tuple[Decimal, ...]:
    return tuple(values)


@final
@attrs.frozen
class Sums:
    """Counts and exact decimal sums, added position by position.

    The partial of every measure whose figure is a ratio, a mean or a total: what
    each position means is the measure's own (good and counted cycles, the sum of
    waits and their count, promoters, passives and detractors, ...).

    Attributes:
        counts: Whole numbers (counts, sums of microseconds).
        amounts: Exact decimal sums (scores, summed fields).
    """

    counts: tuple[int, ...] = attrs.field(converter=_to_ints)
    amounts: tuple[Decimal, ...] = attrs.field(default=(), converter=_to_decimals)

    def __add__(self, other: object) -> Sums:
        if not isinstance(other, Sums):
            return NotImplemented
        if len(self.counts) != len(other.counts) or len(self.amounts) != len(
            other.amounts
        ):
            msg = f"cannot add partials of different shapes: {self!r} and {other!r}"
            raise TallyError(msg, field="parts")
        return Sums(
            tuple(map(operator.add, self.counts, other.counts)),
            tuple(map(_EXACT.add, self.amounts, other.amounts)),
        )


def _to_spans(values: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(merge(values))


def _to_sorted(values: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(sorted((int(s), int(e)) for s, e in values))


@final
@attrs.frozen(kw_only=True)
class Downtime:
    """The outages of one service in one period, as availability reads them.

    Interval sets are merged, so an outage split across partitions, or two
    overlapping outages in two partitions, count once. Instants are integer
    microseconds since 1970-01-01 UTC, spans half-open.

    Attributes:
        down: The union of the unplanned outages (merged, sorted, disjoint).
        planned: The union of the planned ones (exclusions), merged.
        outages: Each unplanned outage that may count as a breach: its span cut
            to the measured part of the period, sorted, one entry per outage.
    """

    down: tuple[Span, ...] = attrs.field(default=(), converter=_to_spans)
    planned: tuple[Span, ...] = attrs.field(default=(), converter=_to_spans)
    outages: tuple[Span, ...] = attrs.field(default=(), converter=_to_sorted)

    def __add__(self, other: object) -> Downtime:
        if not isinstance(other, Downtime):
            return NotImplemented
        return Downtime(
            down=self.down + other.down,
            planned=self.planned + other.planned,
            outages=self.outages + other.outages,
        )


@final
@attrs.frozen
class Whole:
    """The outcome of a measure that cannot tally: whole, never added to another.

    `Agreement.evaluate` reads such a measure in one piece; `Agreement.tally`
    refuses it (see `check_tallies`).

    Attributes:
        kind: The measure's kind, for messages.
        outcome: What it showed.
    """

    kind: str
    outcome: Outcome

    def __add__(self, other: object) -> Whole:
        msg = (
            f"measure {self.kind!r} has no partial and from_partial methods, so its "
            "tallies cannot be added"
        )
        raise TallyError(msg, field="parts")


def tallies(measure: Measure) -> bool:
    """Whether `measure` gives partials (has `partial` and `from_partial`)."""
    return callable(getattr(measure, "partial", None)) and callable(
        getattr(measure, "from_partial", None)
    )


def check_tallies(objectives: Iterable[Objective]) -> None:
    """Refuse objectives whose measures cannot tally.

    Raises:
        TallyError: Naming the first such objective and its measure's kind.
    """
    for index, objective in enumerate(objectives):
        measure = objective.measure
        if not tallies(measure):
            msg = (
                f"objective {objective.name!r} measures {measure.kind!r}, which "
                "cannot be tallied: a measure needs partial(period, objective) and "
                "from_partial(partial, period, objective) methods (see the library "
                "authors' guide)"
            )
            raise TallyError(msg, field=f"objectives[{index}].measure")


def partial_of(objective: Objective, period: PeriodData) -> object:
    """The objective's partial of `period`: the measure's, or its whole outcome."""
    measure: Any = objective.measure
    if tallies(measure):
        return measure.partial(period, objective)
    return Whole(measure.kind, measure.outcome(period, objective))


def outcome_of(objective: Objective, partial: object, period: PeriodBounds) -> Outcome:
    """The outcome of the objective's (merged) partial of `period`."""
    if isinstance(partial, Whole):
        return partial.outcome
    measure: Any = objective.measure
    found: Outcome = measure.from_partial(partial, period, objective)
    return found
