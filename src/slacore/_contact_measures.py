# Measures of contacts offered to a queue: service level, abandon rate and the
# average speed of answer.

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar, final

import attrs

from ._decimal import HUNDRED, divide, multiply
from ._measures import (
    ABANDONED_MODES,
    DURATION_GOAL,
    PERCENT_GOAL,
    UNMEASURED,
    Abandoned,
    DatasetPart,
    GoalRule,
    GoodOverCount,
    MeanOfDurations,
    Outcome,
    check_name,
    check_non_negative,
    one_of,
    seconds,
)
from ._parts import Sums
from ._service_levels import service_level_counts
from ._time import duration_us

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


@final
@attrs.frozen
class ServiceLevel(GoodOverCount):
    """Percent of contacts answered within a threshold ("80 % within 20 seconds").

    Contacts count in the period they were offered in (their `at`). See
    [`service_level`][slacore.service_level] for `abandoned` and `short_abandon`.

    Attributes:
        threshold: The answer time that counts as met (inclusive).
        abandoned: ``"offered"``, ``"exclude"`` or ``"positive"``.
        short_abandon: Contacts abandoned within this wait are left out entirely.
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.ServiceLevel(timedelta(seconds=20)).abandoned
        'offered'
    """

    kind: ClassVar[str] = "service_level"
    reads: ClassVar[DatasetPart] = "contacts"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    threshold: timedelta = attrs.field(validator=check_non_negative)
    abandoned: Abandoned = attrs.field(
        default="offered", validator=one_of(ABANDONED_MODES)
    )
    short_abandon: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=check_non_negative
    )
    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Contacts answered within the threshold, as a percent of those counted."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The contacts that met the threshold, and those counted at all."""
        good, counted = service_level_counts(
            period.contacts(self.service),
            self.threshold,
            self.abandoned,
            self.short_abandon,
        )
        return Sums((good, counted))


@final
@attrs.frozen
class AbandonRate:
    """Percent of offered contacts that were abandoned (a contact-centre measure).

    Contacts abandoned within `short_abandon` are left out of both counts, as
    [`ServiceLevel`][slacore.ServiceLevel] does. Usually ``direction="at_most"``.

    Attributes:
        short_abandon: Contacts abandoned within this wait are left out.
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.Objective("abandoned", sla.AbandonRate(), 5, direction="at_most").goal
        Decimal('5')
    """

    kind: ClassVar[str] = "abandon_rate"
    reads: ClassVar[DatasetPart] = "contacts"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    short_abandon: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=check_non_negative
    )
    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Abandoned contacts as a percent of those offered (short ones left out)."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The contacts abandoned, and those offered (short abandons left out)."""
        short = self.short_abandon
        abandoned = count = 0
        for contact in period.contacts(self.service):
            if not contact.answered:
                if short is not None and contact.wait <= short:
                    continue
                abandoned += 1
            count += 1
        return Sums((abandoned, count))

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002
        objective: Objective,  # noqa: ARG002
    ) -> Outcome:
        """Abandoned over offered, as a percent."""
        abandoned, count = partial.counts
        if count == 0:
            return UNMEASURED
        value = divide(multiply(abandoned, HUNDRED), count)
        return Outcome(value, count, count - abandoned, abandoned)


@final
@attrs.frozen
class AverageWait(MeanOfDurations):
    """Average speed of answer: the mean wait of answered contacts, in seconds.

    Attributes:
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Objective(
        ...     "asa", sla.AverageWait(), timedelta(seconds=30), direction="at_most"
        ... ).goal
        Decimal('30')
    """

    kind: ClassVar[str] = "average_wait"
    reads: ClassVar[DatasetPart] = "contacts"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The mean wait of the answered contacts, in seconds."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:
        """Answered contacts, their waits (µs), and the waits off the goal."""
        total = count = wrong = 0
        for contact in period.contacts(self.service):
            if not contact.answered:
                continue
            wait = duration_us(contact.wait, "wait")
            count += 1
            total += wait
            wrong += not objective.is_met(seconds(wait))
        return Sums((count, total, wrong))
