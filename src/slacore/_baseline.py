# Baselines: what a history of tickets (or contacts) says a target could be. The
# value objects of a baseline (the attainment each candidate target would have had
# per period, the distribution it came from), the default ladder of candidates, the
# periods a baseline covers and the rule `suggest` picks a target by. Gathering the
# figures is `_baseline_tickets` (tickets) and `_baseline_queues` (contacts,
# outages); writing them as tables and Markdown is `_baseline_output`.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, final

import attrs

from ._decimal import to_decimal
from ._instants import day_or_instant
from ._measures import ratio_outcome
from ._percentile import METHOD, percentile_of_sorted, to_percentile
from ._periods import Period
from ._time import duration_us, from_us, to_us, to_zone
from .exceptions import SlaError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ._frames import Library

Kind: TypeAlias = Literal["tickets", "contacts"]
"""What a baseline was made from."""

#: The percentiles a baseline shows unless asked for others.
PERCENTILES: Final = (Decimal(50), Decimal(80), Decimal(90), Decimal(95))
_SECOND: Final = 1_000_000
_MINUTE: Final = 60 * _SECOND
_HOUR: Final = 60 * _MINUTE


def round_up(us: int) -> timedelta:
    """A ladder step: *us* rounded up to a whole second, minute or hour.

    Under a minute, up to the next whole second (at least one); under an hour,
    to the next whole minute; from an hour on, to the next whole hour. A
    percentile of 3 h 10 min 4 s becomes a candidate of 4 h.

    Examples:
        >>> round_up(0), round_up(1_000_001)
        (datetime.timedelta(seconds=1), datetime.timedelta(seconds=2))
        >>> round_up(59 * 60_000_000 + 1), round_up(3 * 3_600_000_000 + 1)
        (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=14400))
    """
    step = _SECOND if us < _MINUTE else _MINUTE if us < _HOUR else _HOUR
    return timedelta(microseconds=max(step, -(-us // step) * step))


def ladder(
    percentiles: Sequence[timedelta], current: timedelta | None
) -> tuple[timedelta, ...]:
    """The default candidate targets: the percentiles rounded up, and the current.

    Ascending, each once.

    Examples:
        >>> ladder([timedelta(minutes=30, seconds=5), timedelta(minutes=31)], None)
        (datetime.timedelta(seconds=1860),)
    """
    found = {round_up(duration_us(p, "percentile")) for p in percentiles}
    if current is not None:
        found.add(current)
    return tuple(sorted(found))


def to_percentiles(values: Iterable[object]) -> tuple[Decimal, ...]:
    """Percentile ranks, each 0 to 100, ascending and each once.

    Examples:
        >>> to_percentiles([95, "50", 95])
        (Decimal('50'), Decimal('95'))
    """
    if isinstance(values, str | bytes):
        values = values.split(",") if isinstance(values, str) else [values]
    found = {to_percentile(v, f"percentiles[{i}]") for i, v in enumerate(list(values))}
    if not found:
        msg = "percentiles must name at least one percentile"
        raise SlaError(msg)
    return tuple(sorted(found))


def to_goal(value: object, name: str = "goal") -> Decimal:
    """A goal in percent, 0 to 100 (an `SlaError` naming *name* otherwise)."""
    return to_percentile(value, name)


def to_targets(values: Iterable[timedelta], name: str) -> tuple[timedelta, ...]:
    """Candidate targets given by the caller: durations not below zero, ascending.

    Examples:
        >>> to_targets([timedelta(hours=4), timedelta(hours=1)], "targets")
        (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=14400))
    """
    raw: object = values
    if isinstance(raw, timedelta):
        values = (raw,)
    found = set()
    for index, value in enumerate(values):
        if duration_us(value, f"{name}[{index}]") < 0:
            msg = f"{name}[{index}] must not be negative, got {value}"
            raise SlaError(msg)
        found.add(value)
    if not found:
        msg = f"{name} must name at least one target (None means the default ladder)"
        raise SlaError(msg)
    return tuple(sorted(found))


def baseline_periods(
    start: datetime | date,
    end: datetime | date,
    period: Period | str,
    tz: str | ZoneInfo | tzinfo | None,
) -> tuple[tzinfo, tuple[tuple[datetime, datetime], ...]]:
    """The zone and the whole periods that start in ``[start, end)``.

    `start` must start a period in the zone: `tz`, else `start`'s own zone, else
    UTC (a date is local midnight).

    Examples:
        >>> from datetime import date
        >>> zone, found = baseline_periods(
        ...     date(2026, 1, 1), date(2026, 3, 15), "monthly", "UTC"
        ... )
        >>> [s.month for s, _ in found]
        [1, 2, 3]
    """
    kind = Period.parse(period)
    zone: tzinfo
    if tz is not None:
        zone = tz if isinstance(tz, tzinfo) else to_zone(tz)
    elif isinstance(start, datetime) and start.tzinfo is not None:
        zone = start.tzinfo
    else:
        zone = to_zone("UTC")
    first = day_or_instant(start, "start", zone)
    last = day_or_instant(end, "end", zone)
    bounds = kind.bounds(first, zone)
    if to_us(bounds[0], "start") != to_us(first, "start"):
        msg = (
            f"start {first.isoformat()} is not the start of a {kind.value} period; "
            f"that period starts at {bounds[0].isoformat()}"
        )
        raise SlaError(msg)
    end_us = to_us(last, "end")
    if end_us <= to_us(first, "start"):
        msg = f"end {last.isoformat()} must come after start {first.isoformat()}"
        raise SlaError(msg)
    found = []
    while to_us(bounds[0], "start") < end_us:
        found.append(bounds)
        bounds = kind.bounds(bounds[1], zone)
    return zone, tuple(found)


@final
@attrs.frozen
class PeriodAttainment:
    """How one candidate target would have done in one period.

    Attributes:
        start: The period's first instant.
        end: The instant after it.
        met: The items met (cycles in time, contacts answered in time).
        count: The items counted (cycles decided, contacts counted).

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> PeriodAttainment(at, at, met=19, count=20).attainment
        Decimal('95')
    """

    start: datetime
    end: datetime
    met: int
    count: int

    @property
    def attainment(self) -> Decimal | None:
        """``met / count`` as a percent, exact; None when nothing was counted."""
        return ratio_outcome(self.met, self.count, self.count - self.met).value

    def meets(self, goal: Decimal) -> bool:
        """Whether the attainment reached `goal` (a period with nothing counted: no).

        Examples:
            >>> from datetime import datetime, timezone
            >>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
            >>> PeriodAttainment(at, at, 0, 0).meets(Decimal(0))
            False
        """
        value = self.attainment
        return value is not None and value >= goal


@final
@attrs.frozen
class Candidate:
    """One candidate target and the attainment it would have had, period by period.

    Attributes:
        target: The target (business time for tickets, a wait for contacts).
        periods: Its attainment in each period of the baseline, in order.
        current: Whether it is the target the policy holds now.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> c = Candidate(timedelta(hours=4), (PeriodAttainment(at, at, 9, 10),))
        >>> c.attainment, c.periods_met(Decimal(90))
        (Decimal('90'), 1)
    """

    target: timedelta
    periods: tuple[PeriodAttainment, ...]
    current: bool = False

    @property
    def met(self) -> int:
        """The items met over every period."""
        return sum(p.met for p in self.periods)

    @property
    def count(self) -> int:
        """The items counted over every period."""
        return sum(p.count for p in self.periods)

    @property
    def attainment(self) -> Decimal | None:
        """The attainment over every period together; None when nothing counted."""
        return ratio_outcome(self.met, self.count, self.count - self.met).value

    def periods_met(self, goal: Decimal, last: int | None = None) -> int:
        """How many of the `last` periods (all: None) reached `goal`."""
        chosen = self.periods if last is None else self.periods[-last:]
        return sum(p.meets(goal) for p in chosen)


@final
@attrs.frozen
class BaselineGroup:
    """The baseline of one group: a policy, priority and metric (or a queue).

    Attributes:
        key: The group's names, in the order of `Baseline.keys` (for tickets the
            policy, the priority and the metric's name; for contacts the
            service).
        count: How many items the distribution holds (cycles stopped in the
            window; contacts answered in it).
        percentiles: ``(rank, value)`` pairs: the nearest-rank percentiles of
            the distribution (none when it is empty).
        current: The target the policy holds now (tickets), or None.
        candidates: The candidate targets, ascending.

    Examples:
        >>> from datetime import timedelta
        >>> g = BaselineGroup(("p", "high", "resolution"), 0, (), None, ())
        >>> g.percentile(95) is None
        True
    """

    key: tuple[str, ...]
    count: int
    percentiles: tuple[tuple[Decimal, timedelta], ...]
    current: timedelta | None
    candidates: tuple[Candidate, ...]

    def percentile(self, rank: Decimal | int | str) -> timedelta | None:
        """The value at percentile `rank` (one the baseline computed), or None."""
        wanted = to_decimal(rank, "rank")
        for found, value in self.percentiles:
            if found == wanted:
                return value
        return None

    def candidate(self, target: timedelta) -> Candidate | None:
        """The candidate with this target, or None."""
        for found in self.candidates:
            if found.target == target:
                return found
        return None


@final
@attrs.frozen
class Suggestion:
    """The smallest candidate target a group met often enough, or None.

    Attributes:
        key: The group's names (see `BaselineGroup.key`).
        target: The smallest candidate met in at least `needed` of the last
            `of` periods; None when no candidate was.
        met: How many of those periods the suggested target met (0 with none).
        needed: How many periods it had to meet.
        of: How many of the last periods were looked at.

    Examples:
        >>> Suggestion(("api",), None, 0, 11, 12).target is None
        True
    """

    key: tuple[str, ...]
    target: timedelta | None
    met: int
    needed: int
    of: int


def sorted_percentiles(
    values: Sequence[int], ranks: Sequence[Decimal]
) -> tuple[tuple[Decimal, timedelta], ...]:
    """The nearest-rank percentiles of sorted µs `values` (none when empty)."""
    if not len(values):
        return ()
    return tuple(
        (rank, timedelta(microseconds=int(percentile_of_sorted(values, rank))))
        for rank in ranks
    )


@final
@attrs.frozen
class Baseline:
    """A baseline: per group, a distribution and the candidates' attainment.

    Made by [`baseline`][slacore.baseline] (tickets) or
    [`contact_baseline`][slacore.contact_baseline] (contacts).

    Attributes:
        kind: ``"tickets"`` or ``"contacts"``.
        keys: The names of a group's key (``("policy", "priority", "metric")``
            or ``("service",)``).
        periods: The periods, ``(start, end)`` in order.
        period: How long a period is.
        now: The instant the history is as of.
        goal: The attainment a period must reach to count as met (percent).
        percentile_ranks: The percentiles shown.
        groups: One per group, in order.
        method: The percentile method (``"nearest-rank"``).

    Examples:
        >>> b = Baseline(
        ...     "contacts", ("service",), (), Period.MONTHLY, None, Decimal(80), (), ()
        ... )
        >>> b.suggest()
        ()
    """

    kind: Kind
    keys: tuple[str, ...]
    periods: tuple[tuple[datetime, datetime], ...]
    period: Period
    now: datetime | None
    goal: Decimal
    percentile_ranks: tuple[Decimal, ...]
    groups: tuple[BaselineGroup, ...]
    method: str = METHOD

    def group(self, *key: str) -> BaselineGroup:
        """The group with this key: ``baseline.group("desk", "high", "resolution")``.

        Raises:
            SlaError: If the baseline has no such group.
        """
        for found in self.groups:
            if found.key == key:
                return found
        names = "; ".join(" / ".join(g.key) for g in self.groups) or "none"
        msg = f"the baseline has no group {' / '.join(key)!r} (it has: {names})"
        raise SlaError(msg)

    def suggest(
        self,
        goal: Decimal | int | str | None = None,
        periods: int | None = None,
        *,
        of: int | None = None,
    ) -> tuple[Suggestion, ...]:
        """Per group, the smallest candidate target met in `periods` of the last `of`.

        "A target we meet 95 % of the time in 11 of the last 12 months" is
        ``suggest(95, 11, of=12)``. A period counts as met when the candidate's
        attainment in it reached `goal`; a period with nothing counted does not
        (a target is not met where nothing was measured). Candidates are tried
        from the smallest up, so the answer is the tightest target the history
        supports; attainment need not rise with the target period by period (a
        longer target can move a breach into the next period), so each is
        checked.

        Args:
            goal: The attainment a period must reach; the baseline's by default.
            periods: How many of the periods must reach it; all but one of `of`
                by default (at least one).
            of: How many of the latest periods to look at; all by default.

        Raises:
            SlaError: If `goal` is outside 0-100, or `periods` or `of` are not
                from 1 to the number of periods.
        """
        wanted = self.goal if goal is None else to_goal(goal)
        total = len(self.periods)
        last = total if of is None else _count(of, "of", total)
        needed = (
            max(1, last - 1) if periods is None else _count(periods, "periods", last)
        )
        found = []
        for group in self.groups:
            chosen: Suggestion | None = None
            for candidate in group.candidates:
                met = candidate.periods_met(wanted, last)
                if met >= needed:
                    chosen = Suggestion(group.key, candidate.target, met, needed, last)
                    break
            found.append(chosen or Suggestion(group.key, None, 0, needed, last))
        return tuple(found)

    def table(self, like: Library = "pandas") -> Any:
        """One row per group, candidate and period: the attainment it would have had.

        Columns: the key's names, ``target`` (a duration), ``current`` (whether
        it is the policy's own target), ``period_start`` and ``period_end``
        (aware instants), ``met``, ``count`` and ``attainment`` (exact `Decimal`
        percent; null when nothing was counted). Needs the ``tables`` extra.
        """
        from ._baseline_output import attainment_table  # noqa: PLC0415 - numpy

        return attainment_table(self, like)

    def summary_table(self, like: Library = "pandas") -> Any:
        """One row per group and candidate: how often it would have been met.

        Columns: the key's names, ``target``, ``current``, ``periods`` (how
        many), ``periods_met`` (reaching the baseline's goal), ``met``, ``count``
        and ``attainment`` over the whole window, and ``worst`` (the lowest
        period's attainment).
        """
        from ._baseline_output import summary_table  # noqa: PLC0415 - numpy

        return summary_table(self, like)

    def distribution_table(self, like: Library = "pandas") -> Any:
        """One row per group: ``count`` and a duration column per percentile.

        The percentile columns are named ``p50``, ``p95``, ``p99.9``...; null for
        a group with nothing in its distribution.
        """
        from ._baseline_output import distribution_table  # noqa: PLC0415 - numpy

        return distribution_table(self, like)

    def markdown(self) -> str:
        """The baseline as Markdown, group by group.

        Per group: its percentiles, a table of candidates by period (attainment
        to one decimal place, a dash where nothing was counted), the periods met
        and overall, and the suggested target (`suggest` with its defaults).
        """
        from ._baseline_output import markdown  # noqa: PLC0415 - kept together

        return markdown(self)


def _count(value: object, name: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int, got {type(value).__name__}"
        raise TypeError(msg)
    if not 1 <= value <= most:
        msg = f"{name} must be from 1 to {most} (the periods there are), got {value}"
        raise SlaError(msg)
    return value


def targets_for(
    targets: Sequence[timedelta] | Mapping[Any, Sequence[timedelta]] | None,
    name: str,
) -> tuple[timedelta, ...] | None:
    """The candidate targets the caller gave for group *name*, or None (default).

    `targets` is one list for every group, or a mapping from a metric (or
    service) name to its list; a name the mapping does not hold gets the default
    ladder.
    """
    if targets is None:
        return None
    if isinstance(targets, Mapping):
        for key, values in targets.items():
            if getattr(key, "value", key) == name:
                return to_targets(values, f"targets[{name!r}]")
        return None
    return to_targets(targets, "targets")


def check_mapping_keys(targets: object, allowed: Iterable[str], what: str) -> None:
    """A mapping of targets names only known metrics (or services)."""
    if not isinstance(targets, Mapping):
        return
    known = set(allowed)
    for key in targets:
        name = getattr(key, "value", key)
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            msg = f"targets names {what} {name!r}, which is not one of: {names}"
            raise SlaError(msg)


def instant(us: int, tz: tzinfo) -> datetime:
    """µs as an aware datetime in *tz*."""
    return from_us(us, tz)
