# Tallies: an agreement's partial results of some data, per period and objective,
# that add up (associative and commutative) to the tally of all the data together.

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, final

import attrs

from ._time import to_us
from .exceptions import TallyError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from ._missed_cycles import MissedCycles

PeriodParts = tuple[object, ...] | None
"""One period's partials, one per objective; None for a period not measured."""
PeriodBreaches = tuple["MissedCycles", ...]
"""One period's missed cycles, one set per objective (empty for most)."""


def _add_parts(a: PeriodParts, b: PeriodParts) -> PeriodParts:
    if a is None or b is None:
        if a is None and b is None:
            return None
        msg = "cannot add tallies that measured different periods"
        raise TallyError(msg, field="parts")
    return tuple(x + y for x, y in zip(a, b, strict=True))  # type: ignore[operator]


def _to_parts(value: Iterable[PeriodParts]) -> tuple[PeriodParts, ...]:
    return tuple(value)


def _to_breaches(
    value: Iterable[PeriodBreaches] | None,
) -> tuple[PeriodBreaches, ...] | None:
    return None if value is None else tuple(value)


@final
@attrs.frozen(kw_only=True)
class Tally:
    """An agreement's partial results of some data: what its reports are made of.

    [`Agreement.tally`][slacore.Agreement.tally] reads a dataset (or a part of
    one) into a tally: per period and objective, the counts and sums the
    objective's figure comes from, and for availability the outages as merged
    interval sets. Tallies of parts of a dataset add up with `+` (in any order
    and grouping; ``sum(tallies)`` works too) to the tally of the whole, and
    [`Agreement.report`][slacore.Agreement.report] turns a tally into reports
    equal to those of `Agreement.evaluate_range` on all the data. Credits, caps,
    earn-back, termination runs and year-to-date figures are applied then, once.

    A tally holds numbers, not the data: it pickles to kilobytes however many
    tickets it counts (the breach list aside, which it keeps only when asked).
    Split tickets whole (every event of a ticket in one part); outages,
    contacts, responses and records may be split any way.

    Attributes:
        agreement: The name of the agreement that made it.
        fingerprint: A digest of that agreement (the same in every process).
        start: The start of the first period reported.
        end: The end of the last period reported.
        now: The instant the data is as of.
        since: The dataset's `since`, or None.
        earlier: How many periods before `start` it holds (from the agreement's
            `effective_from`; the credit terms read them).
        parts: Per period (the earlier ones first), one partial per objective,
            or None for a period not measured.
        breaches: Per reported period, the missed cycles of each objective, or
            None when the tally does not keep them.

    Raises:
        TallyError: When added to a tally of another agreement, other periods,
            another `now` or `since`, or one that keeps breaches when this one
            does not (its `field` says which).

    Examples:
        >>> from datetime import date, datetime, timezone
        >>> import slacore as sla
        >>> leads = sla.Agreement(
        ...     "Leads",
        ...     "internal",
        ...     [sla.Party("Marketing", "provider"), sla.Party("Sales", "customer")],
        ...     [sla.Objective("leads", sla.Volume(), 3)],
        ...     effective_from=date(2026, 1, 1),
        ... )
        >>> at = datetime(2026, 1, 5, tzinfo=timezone.utc)
        >>> def tally(n):
        ...     data = sla.Dataset(records=[{"at": at}] * n)
        ...     return leads.tally(data, date(2026, 1, 1), date(2026, 2, 1))
        >>> total = tally(1) + tally(2)
        >>> total == sum([tally(2), tally(1)])
        True
        >>> [report.result("leads").value for report in leads.report(total)]
        [Decimal('3')]
    """

    agreement: str
    fingerprint: str
    start: datetime
    end: datetime
    now: datetime
    since: datetime | None = None
    earlier: int = 0
    parts: tuple[PeriodParts, ...] = attrs.field(converter=_to_parts)
    breaches: tuple[PeriodBreaches, ...] | None = attrs.field(
        default=None, converter=_to_breaches
    )

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        self._check_matches(other)
        breaches = None
        if self.breaches is not None and other.breaches is not None:
            breaches = tuple(
                tuple(map(operator.add, mine, theirs))
                for mine, theirs in zip(self.breaches, other.breaches, strict=True)
            )
        return attrs.evolve(
            self,
            parts=tuple(map(_add_parts, self.parts, other.parts)),
            breaches=breaches,
        )

    def __radd__(self, other: object) -> Tally:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # sum() starts from 0
        return NotImplemented

    def _check_matches(self, other: Tally) -> None:
        """Check that `other` counts the same things as this tally.

        Raises:
            TallyError: Naming what differs in its message and `field`.
        """
        if self.fingerprint != other.fingerprint:
            if self.agreement != other.agreement:
                msg = (
                    f"cannot add tallies of different agreements: {self.agreement!r} "
                    f"and {other.agreement!r}"
                )
            else:
                msg = (
                    f"cannot add tallies of two different versions of agreement "
                    f"{self.agreement!r} (objectives, policies or terms differ)"
                )
            raise TallyError(msg, field="agreement")
        if (
            to_us(self.start, "start") != to_us(other.start, "start")
            or to_us(self.end, "end") != to_us(other.end, "end")
            or self.earlier != other.earlier
            or len(self.parts) != len(other.parts)
        ):
            msg = (
                "cannot add tallies of different periods: "
                f"[{self.start.isoformat()}, {self.end.isoformat()}) and "
                f"[{other.start.isoformat()}, {other.end.isoformat()})"
            )
            raise TallyError(msg, field="periods")
        if to_us(self.now, "now") != to_us(other.now, "now"):
            msg = (
                "cannot add tallies made as of different instants: now "
                f"{self.now.isoformat()} and {other.now.isoformat()}"
            )
            raise TallyError(msg, field="now")
        mine, theirs = self.since, other.since
        if (mine is None) != (theirs is None) or (
            mine is not None
            and theirs is not None
            and to_us(mine, "since") != to_us(theirs, "since")
        ):
            shown = [None if t is None else t.isoformat() for t in (mine, theirs)]
            msg = (
                "cannot add tallies of datasets with different since: "
                f"{shown[0]} and {shown[1]}"
            )
            raise TallyError(msg, field="since")
        if (self.breaches is None) != (other.breaches is None):
            msg = (
                "cannot add a tally that keeps breaches to one that does not "
                "(make both with the same breaches=...)"
            )
            raise TallyError(msg, field="breaches")
