# Counting measures of tickets and contacts: how many tickets were created, how many
# contacts were offered, in a period. They state a workload (see `Workload`) and can
# serve as objectives of their own ("at most 12,000 tickets a month").

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, final

import attrs

from ._conditions import check_condition
from ._measures import AMOUNT_GOAL, DatasetPart, GoalRule, Outcome, check_name
from ._parts import Sums

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


class CountOfItems:
    """`from_partial` of a measure whose partial is one count: the count itself."""

    __slots__ = ()

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002 - the protocol's signature
        objective: Objective,
    ) -> Outcome:
        """The count, against the goal (1 breach when off it)."""
        (count,) = partial.counts
        value = Decimal(count)
        return Outcome(value, count, count, 0 if objective.is_met(value) else 1)


@final
@attrs.frozen
class TicketVolume(CountOfItems):
    """How many tickets were created in the period (those matching `where`).

    A ticket counts in the period its ``created_at`` falls in, if that is at or
    before the report's `now`, whether or not a policy measures it. `where` reads
    the ticket's priority and fields as a policy's condition does (``priority``
    is the priority the ticket was created with).

    Attributes:
        where: Only tickets matching this condition; None counts every ticket.

    Examples:
        >>> import slacore as sla
        >>> sla.TicketVolume(where=sla.Equals("queue", "billing")).kind
        'ticket_volume'
    """

    kind: ClassVar[str] = "ticket_volume"
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = AMOUNT_GOAL

    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The number of tickets created in the period."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The number of tickets created in the period, as a one-count partial."""
        return Sums((period.tickets_created(self.where),))


@final
@attrs.frozen
class ContactVolume(CountOfItems):
    """How many contacts (calls, chats) were offered in the period.

    A contact counts in the period its ``at`` falls in, if that is at or before
    the report's `now`, answered or abandoned alike.

    Attributes:
        service: Only contacts of this service; None counts every contact.

    Examples:
        >>> import slacore as sla
        >>> sla.ContactVolume("phone").service
        'phone'
    """

    kind: ClassVar[str] = "contact_volume"
    reads: ClassVar[DatasetPart] = "contacts"
    goal_rule: ClassVar[GoalRule] = AMOUNT_GOAL

    service: str | None = attrs.field(default=None, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The number of contacts offered in the period."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The number of contacts offered in the period, as a one-count partial."""
        return Sums((len(period.contacts(self.service)),))
