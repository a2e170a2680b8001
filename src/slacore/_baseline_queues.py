# Baselines of contacts and outages: the wait distribution and the service level
# each candidate threshold would have had per period (by `service_level`'s rules,
# as `ServiceLevel` counts them), and per service the availability per period (as
# `Availability` measures it) with the distribution of outage durations.

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._baseline import (
    PERCENTILES,
    Baseline,
    BaselineGroup,
    Candidate,
    PeriodAttainment,
    baseline_periods,
    ladder,
    sorted_percentiles,
    targets_for,
    to_goal,
    to_percentiles,
)
from ._calendar import ALWAYS, Calendar
from ._dataset_tables import table_items
from ._decimal import percent
from ._intervals import clip
from ._measures import ABANDONED_MODES, Abandoned
from ._periods import Period
from ._records import Contact, Outage
from ._service_levels import service_level_counts, uptime_us
from ._time import duration_us, require_aware, to_us
from .exceptions import DataError, SlaError

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from ._frames import Library

#: The key of the group of every contact, whatever its service.
ALL: Final = "*"


def _items(value: object, kind: type, part: str, tz: Any) -> list[Any]:
    found = table_items(part, value, tz)
    if isinstance(found, str) or not isinstance(found, Iterable):
        msg = f"{part} must be a table or {kind.__name__} objects, got {value!r}"
        raise SlaError(msg)
    items = list(found)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            msg = f"{part}[{index}] must be {kind.__name__}, got {type(item).__name__}"
            raise TypeError(msg)
    return items


def _window(
    start: datetime | date,
    end: datetime | date,
    now: datetime | None,
    period: Period | str,
    tz: str | ZoneInfo | None,
) -> tuple[Any, tuple[tuple[datetime, datetime], ...], datetime]:
    zone, periods = baseline_periods(start, end, period, tz)
    as_of = periods[-1][1] if now is None else require_aware(now, "now")
    return zone, periods, as_of


def contact_baseline(
    contacts: object,
    *,
    start: datetime | date,
    end: datetime | date,
    now: datetime | None = None,
    period: Period | str = "monthly",
    tz: str | ZoneInfo | None = None,
    percentiles: Iterable[Decimal | int | str] = PERCENTILES,
    thresholds: Sequence[timedelta] | Mapping[str, Sequence[timedelta]] | None = None,
    goal: Decimal | int | str = 80,
    abandoned: Abandoned = "offered",
    short_abandon: timedelta | None = None,
) -> Baseline:
    """What a history of contacts says a service-level threshold could be.

    One group for every contact (key ``"*"``), and one per service when contacts
    name services. Per group: the distribution of the waits of contacts
    answered in the window (nearest-rank percentiles), and for each candidate
    threshold the service level it would have had in each period, exactly as
    ``ServiceLevel(threshold, abandoned, short_abandon=..., service=...)``
    reports it: contacts count in the period they were offered in (`at`), up to
    `now`. Candidates default to the wait percentiles rounded up (see
    [`baseline`][slacore.baseline]).

    Args:
        contacts: `Contact` objects (each with `at`), or a table of contacts.
        start: The first period's start (a date: local midnight in `tz`).
        end: The periods are those that start before it.
        now: The instant the history is as of; the last period's end by default.
        period: ``"weekly"``, ``"monthly"``, ``"quarterly"`` or ``"yearly"``.
        tz: The zone periods are aligned in; `start`'s zone by default, else UTC.
        percentiles: The percentiles to show (0-100).
        thresholds: Candidate thresholds for every group, or a mapping from a
            service (or ``"*"``) to its candidates.
        goal: The service level (percent) a period must reach to count as met.
        abandoned: What abandoned contacts count as (see
            [`service_level`][slacore.service_level]).
        short_abandon: Contacts abandoned within it are left out entirely.

    Raises:
        DataError: If a contact has no `at`.
        SlaError: As [`baseline`][slacore.baseline] for the window and figures.

    Examples:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> import slacore as sla
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> calls = [
        ...     sla.Contact(timedelta(seconds=s), at=t) for s in (5, 12, 18, 25, 40)
        ... ]
        >>> b = sla.contact_baseline(
        ...     calls,
        ...     start=date(2026, 1, 1),
        ...     end=date(2026, 2, 1),
        ...     thresholds=[timedelta(seconds=20)],
        ... )
        >>> b.group("*").candidates[0].attainment
        Decimal('60')
    """
    zone, periods, as_of = _window(start, end, now, period, tz)
    ranks = to_percentiles(percentiles)
    wanted = to_goal(goal)
    if abandoned not in ABANDONED_MODES:
        modes = ", ".join(repr(mode) for mode in ABANDONED_MODES)
        msg = f"abandoned must be one of {modes}, got {abandoned!r}"
        raise SlaError(msg)
    items = _items(contacts, Contact, "contacts", tz or zone)
    stamps = []
    for index, contact in enumerate(items):
        if contact.at is None:
            msg = (
                f"contacts[{index}] has no 'at': a baseline needs to know which "
                "period each contact was offered in"
            )
            raise DataError(msg, field=f"contacts[{index}].at", index=index)
        stamps.append(to_us(contact.at, f"contacts[{index}].at"))
    services = sorted({c.service for c in items if c.service is not None})
    seen = to_us(as_of, "now") + 1  # what counts: up to `now`, inclusive
    lo, hi = to_us(periods[0][0], "start"), min(to_us(periods[-1][1], "end"), seen)
    groups = []
    for name in (ALL, *services):
        mine = [
            (at, c)
            for at, c in zip(stamps, items, strict=True)
            if name in (ALL, c.service)
        ]
        waits = sorted(
            duration_us(c.wait, "wait")
            for at, c in mine
            if c.answered and lo <= at < hi
        )
        shown = sorted_percentiles(waits, ranks)
        given = targets_for(thresholds, name)
        buckets = _buckets(mine, periods, seen)
        candidates = tuple(
            Candidate(
                threshold,
                tuple(
                    PeriodAttainment(
                        s,
                        e,
                        *service_level_counts(
                            bucket, threshold, abandoned, short_abandon
                        ),
                    )
                    for (s, e), bucket in zip(periods, buckets, strict=True)
                ),
            )
            for threshold in given or ladder([v for _, v in shown], None)
        )
        groups.append(BaselineGroup((name,), len(waits), shown, None, candidates))
    return Baseline(
        kind="contacts",
        keys=("service",),
        periods=periods,
        period=Period.parse(period),
        now=as_of,
        goal=wanted,
        percentile_ranks=ranks,
        groups=tuple(groups),
    )


def _buckets(
    items: list[tuple[int, Contact]],
    periods: tuple[tuple[datetime, datetime], ...],
    seen: int,
) -> list[list[Contact]]:
    """The contacts offered in each period, up to `seen` (exclusive)."""
    edges = [to_us(s, "start") for s, _ in periods]
    last = min(to_us(periods[-1][1], "end"), seen)
    out: list[list[Contact]] = [[] for _ in periods]
    for at, contact in items:
        if edges[0] <= at < last:
            out[bisect_right(edges, at) - 1].append(contact)
    return out


@final
@attrs.frozen
class PeriodAvailability:
    """A service's availability in one period, as `Availability` measures it.

    Attributes:
        start: The period's first instant.
        end: The instant after it.
        measured: The time measured (open hours up to `now`, less planned
            outages).
        downtime: The measured time inside an unplanned outage.
        outages: The unplanned outages that cost measured time.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> PeriodAvailability(
        ...     at, at, timedelta(days=30), timedelta(minutes=4.32), 1
        ... ).availability
        Decimal('99.99')
    """

    start: datetime
    end: datetime
    measured: timedelta
    downtime: timedelta
    outages: int

    @property
    def availability(self) -> Decimal | None:
        """Percent of the measured time up; None when nothing was measured."""
        measured = duration_us(self.measured, "measured")
        if measured == 0:
            return None
        return percent(measured - duration_us(self.downtime, "downtime"), measured)


@final
@attrs.frozen
class ServiceOutages:
    """One service's outage baseline.

    Attributes:
        service: The service.
        count: How many unplanned outages started in the window.
        percentiles: ``(rank, duration)``: the nearest-rank percentiles of those
            outages' durations (wall time, start to end).
        periods: Its availability in each period.

    Examples:
        >>> ServiceOutages("api", 0, (), ()).count
        0
    """

    service: str
    count: int
    percentiles: tuple[tuple[Decimal, timedelta], ...]
    periods: tuple[PeriodAvailability, ...]

    def best_goal(self, periods: int, of: int | None = None) -> Decimal | None:
        """The highest availability met in `periods` of the last `of` periods.

        The `periods`-th best of those periods' availability; None when fewer
        of them were measured.
        """
        chosen = self.periods if of is None else self.periods[-of:]
        found = sorted(
            (p.availability for p in chosen if p.availability is not None),
            reverse=True,
        )
        return found[periods - 1] if 1 <= periods <= len(found) else None


@final
@attrs.frozen
class OutageBaseline:
    """Per service: availability per period and the outage durations.

    Made by [`outage_baseline`][slacore.outage_baseline].

    Attributes:
        periods: The periods, ``(start, end)`` in order.
        period: How long a period is.
        now: The instant the history is as of.
        percentile_ranks: The percentiles shown.
        services: One per service, by name.

    Examples:
        >>> OutageBaseline((), Period.MONTHLY, None, (), ()).services
        ()
    """

    periods: tuple[tuple[datetime, datetime], ...]
    period: Period
    now: datetime | None
    percentile_ranks: tuple[Decimal, ...]
    services: tuple[ServiceOutages, ...]

    def service(self, name: str) -> ServiceOutages:
        """The baseline of service `name`.

        Raises:
            SlaError: If no outage named it.
        """
        for found in self.services:
            if found.service == name:
                return found
        names = ", ".join(s.service for s in self.services) or "none"
        msg = f"the baseline has no service {name!r} (it has: {names})"
        raise SlaError(msg)

    def table(self, like: Library = "pandas") -> Any:
        """One row per service and period.

        Columns: ``service``, ``period_start``, ``period_end``, ``measured`` and
        ``downtime`` (durations), ``outages`` and ``availability`` (exact
        `Decimal` percent, null when nothing was measured).
        """
        from ._baseline_output import outage_table  # noqa: PLC0415 - numpy

        return outage_table(self, like)

    def markdown(self) -> str:
        """Per service: the outage durations' percentiles and availability by period."""
        from ._baseline_output import outage_markdown  # noqa: PLC0415

        return outage_markdown(self)


def outage_baseline(
    outages: object,
    *,
    start: datetime | date,
    end: datetime | date,
    now: datetime | None = None,
    period: Period | str = "monthly",
    tz: str | ZoneInfo | None = None,
    calendar: Calendar = ALWAYS,
    percentiles: Iterable[Decimal | int | str] = PERCENTILES,
) -> OutageBaseline:
    """Availability per period and outage durations, per service.

    Availability is what ``Availability(service, calendar=calendar)`` reports
    for each period: the measured time is the calendar's open time up to `now`
    less planned outages, and unplanned outages (merged) are the downtime. The
    distribution is of the unplanned outages that started in the window, by
    their whole duration. `ServiceOutages.best_goal` gives the highest goal the
    history met in so many periods.

    Examples:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> import slacore as sla
        >>> t = datetime(2026, 1, 10, tzinfo=timezone.utc)
        >>> down = [sla.Outage("api", t, t + timedelta(minutes=44, seconds=38.4))]
        >>> b = sla.outage_baseline(down, start=date(2026, 1, 1), end=date(2026, 2, 1))
        >>> b.service("api").periods[0].availability
        Decimal('99.9')
    """
    zone, periods, as_of = _window(start, end, now, period, tz)
    ranks = to_percentiles(percentiles)
    items = _items(outages, Outage, "outages", tz or zone)
    now_us = to_us(as_of, "now")
    lo, hi = to_us(periods[0][0], "start"), to_us(periods[-1][1], "end")
    found = []
    for name in sorted({o.service for o in items}):
        mine = [o for o in items if o.service == name]
        down = [o.span_us for o in mine if not o.planned]
        planned = [o.span_us for o in mine if o.planned]
        lengths = sorted(e - s for s, e in down if lo <= s < min(hi, now_us + 1))
        shown = sorted_percentiles(lengths, ranks)
        rows = []
        for s, e in periods:
            a, b = to_us(s, "start"), to_us(e, "end")
            cut = min(b, now_us)
            measured, downtime = uptime_us(a, cut, down, calendar, planned)
            hit = sum(
                uptime_us(a, cut, [span], calendar, planned)[1] > 0
                for span in clip(down, a, cut)
            )
            rows.append(
                PeriodAvailability(
                    s,
                    e,
                    timedelta(microseconds=measured),
                    timedelta(microseconds=downtime),
                    hit,
                )
            )
        found.append(ServiceOutages(name, len(lengths), shown, tuple(rows)))
    return OutageBaseline(
        periods=periods,
        period=Period.parse(period),
        now=as_of,
        percentile_ranks=ranks,
        services=tuple(found),
    )
