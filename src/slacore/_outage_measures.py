# The availability measure: uptime of a service from its outages.

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar, final

import attrs

from ._calendar import ALWAYS, Calendar
from ._decimal import HUNDRED, divide, multiply
from ._measures import (
    PERCENT_GOAL,
    DatasetPart,
    GoalRule,
    Outcome,
    check_name,
    check_positive,
)
from ._service_levels import burn_rate, error_budget, uptime_us
from ._time import from_us
from ._timer import check_calendar

if TYPE_CHECKING:
    from ._measures import PeriodData
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
        lo, hi, now_us = period.start_us, period.end_us, period.now_us
        cut = min(hi, now_us)
        found = period.outages(self.service)
        planned = [o.span_us for o in found if o.planned]
        down = []
        outages = 0
        for outage in found:
            if outage.planned:
                continue
            down.append(outage.span_us)
            outages += (
                uptime_us(lo, cut, [outage.span_us], self.calendar, planned)[1] > 0
            )
        measured, downtime = uptime_us(lo, cut, down, self.calendar, planned)
        if measured == 0:
            return Outcome(None, outages, 0, outages)
        value = divide(multiply(measured - downtime, HUNDRED), measured)
        tz = period.tz
        budget = error_budget(
            objective.goal,
            period.start,
            period.end,
            found,
            calendar=self.calendar,
            now=from_us(max(min(now_us, hi), lo), tz),
        )
        rate = None
        if lo < now_us <= hi and objective.goal < HUNDRED:
            rate = burn_rate(
                objective.goal,
                from_us(now_us, tz),
                self.burn_window,
                found,
                calendar=self.calendar,
            )
        return Outcome(value, outages, 0, outages, budget, rate)
