# The availability measure: uptime of a service from its outages.

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar, final

import attrs

from ._calendar import ALWAYS, Calendar
from ._decimal import HUNDRED, divide, multiply
from ._intervals import clip
from ._measures import (
    PERCENT_GOAL,
    DatasetPart,
    GoalRule,
    Outcome,
    check_name,
    check_positive,
)
from ._parts import Downtime
from ._service_levels import budget_of, burn_of, uptime_us
from ._time import duration_us, from_us
from ._timer import check_calendar

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


@final
@attrs.frozen
class Availability:
    """Percent uptime of one service, from its outages.

    Planned outages (scheduled maintenance) are exclusions: they leave both the
    measured time and the downtime. With a `calendar`, only its open hours are
    measured ("99.9 % during business hours").

    Attributes:
        service: The service whose outages count.
        calendar: The hours measured; None (or `ALWAYS`) measures every hour.
        burn_window: The trailing window the report's burn rate is taken over.

    Examples:
        >>> import slacore as sla
        >>> sla.Availability("api").burn_window
        datetime.timedelta(seconds=3600)
    """

    kind: ClassVar[str] = "availability"
    reads: ClassVar[DatasetPart] = "outages"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    service: str = attrs.field(validator=check_name)
    calendar: Calendar = attrs.field(
        default=ALWAYS, kw_only=True, validator=check_calendar
    )
    burn_window: timedelta = attrs.field(
        default=timedelta(hours=1), kw_only=True, validator=check_positive
    )

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Percent uptime of the part of the period that has happened by `now`.

        Planned outages leave both the measured time and the downtime. An outage
        counts as a breach if it cost measured time.
        """
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Downtime:  # noqa: ARG002
        """The service's outages that overlap the period, as interval sets.

        Spans are cut to what the outcome reads: downtime up to `now`, planned
        outages up to the period's end, both from the period's start (or from the
        start of the burn window, when it reaches back before the period).
        """
        lo, hi, now_us = period.start_us, period.end_us, period.now_us
        cut = min(hi, now_us)
        reach = lo
        if lo < now_us <= hi:  # the burn rate reads [now - window, now)
            reach = min(lo, now_us - duration_us(self.burn_window, "burn_window"))
        found = period.outages(self.service)
        down = [o.span_us for o in found if not o.planned]
        return Downtime(
            down=clip(down, reach, cut),
            planned=clip((o.span_us for o in found if o.planned), reach, hi),
            outages=clip(down, lo, cut),
        )

    def from_partial(
        self, partial: Downtime, period: PeriodBounds, objective: Objective
    ) -> Outcome:
        """Uptime of the merged downtime, the error budget and the burn rate."""
        lo, hi, now_us = period.start_us, period.end_us, period.now_us
        cut = min(hi, now_us)
        calendar, planned = self.calendar, partial.planned
        outages = sum(
            uptime_us(lo, cut, [span], calendar, planned)[1] > 0
            for span in partial.outages
        )
        measured, downtime = uptime_us(lo, cut, partial.down, calendar, planned)
        if measured == 0:
            return Outcome(None, outages, 0, outages)
        value = divide(multiply(measured - downtime, HUNDRED), measured)
        budget = budget_of(
            objective.goal,
            period.start,
            period.end,
            now=from_us(max(min(now_us, hi), lo), period.tz),
            down=partial.down,
            excluded=planned,
            calendar=calendar,
        )
        rate = None
        if lo < now_us <= hi and objective.goal < HUNDRED:
            window_us = duration_us(self.burn_window, "burn_window")
            rate = burn_of(
                objective.goal,
                now_us,
                window_us,
                down=partial.down,
                excluded=planned,
                calendar=calendar,
            )
        return Outcome(value, outages, 0, outages, budget, rate)
