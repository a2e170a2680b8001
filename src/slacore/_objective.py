# An objective: what is measured, the goal, its direction and the credit it owes.

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._credits import (
    BreachCountCredit,
    Credit,
    CreditSchedule,
    RepeatedMissCredit,
    StepCredit,
)
from ._decimal import HUNDRED, ZERO, to_decimal
from ._durations import parse_duration
from ._measure_registry import check_measure_class
from ._measures import seconds
from ._parties import check_optional_text, check_text
from ._time import duration_us
from ._validators import optional_decimal
from .exceptions import AgreementError, SlaError

if TYPE_CHECKING:
    from decimal import Decimal

    from ._measures import Measure

DIRECTIONS: Final = ("at_least", "at_most")


def _check_measure(_instance: Any, _attribute: Any, value: Measure) -> None:
    missing = check_measure_class(type(value))
    if missing:
        msg = (
            f"measure must be a measure (such as sla.Availability(...)), got "
            f"{value!r}: its class needs " + "; ".join(missing)
        )
        raise TypeError(msg)


def _check_credit(_instance: Any, _attribute: Any, value: object) -> None:
    kinds = (CreditSchedule, StepCredit, BreachCountCredit, RepeatedMissCredit)
    if value is not None and not isinstance(value, kinds):
        msg = f"credit must be a slacore credit schedule, got {value!r}"
        raise TypeError(msg)


def _to_goal(value: Decimal | int | str | timedelta) -> Any:
    # Kept as given here and read in `Objective.__attrs_post_init__`, where the
    # measure's goal rule says whether the goal is a duration.
    return value


def _read_goal(value: object, measure: Measure, name: str) -> Decimal:
    """The goal as a `Decimal`: a duration goal in seconds."""
    rule = measure.goal_rule
    where = f"goal of objective {name!r}"
    if isinstance(value, timedelta):
        if not rule.duration:
            msg = (
                f"{where} is a duration, but a {measure.kind} measure takes a "
                f"number ({rule.describe()}), got {value!r}"
            )
            raise AgreementError(msg, field="goal")
        return seconds(duration_us(value, "goal")).normalize() + 0
    if isinstance(value, str) and rule.duration:
        try:
            return _read_goal(parse_duration(value), measure, name)
        except SlaError:
            pass  # not a duration: perhaps a number of seconds
    try:
        return to_decimal(value, "goal")
    except SlaError:
        kind = "a number or a duration such as '4h'" if rule.duration else "a number"
        msg = f"{where} must be {kind}, got {value!r}"
        raise AgreementError(msg, field="goal") from None


def _to_allocation(value: Decimal | int | str | None) -> Decimal | None:
    return optional_decimal(value, "allocation", AgreementError)


@final
@attrs.frozen
class Objective:
    """One measurable objective of an agreement (an SLO), with its credit terms.

    Attributes:
        name: Unique within the agreement.
        measure: What is measured (see the measures in the reference).
        goal: The value to reach: a percent for attainment, availability, service
            level, abandon rate, ratios and deadlines; a score for NPS (-100..100)
            and averages; a number for volumes; seconds (or a `timedelta`) for
            mean times and average waits.
        direction: ``"at_least"`` (met when ``value >= goal``) or ``"at_most"``
            (met when ``value <= goal``).
        credit: The credit owed when it is missed, or None.
        allocation: This objective's share, in percent, of the agreement's
            at-risk pool; a miss then pays from the pool instead of the fee.
        provider: The name of the party accountable for it: a provider of a
            multi-level agreement, or the customer side of a two-way internal
            agreement (sales owes marketing a follow-up); None means the
            agreement's only provider.
        description: Free text for reports.

    Raises:
        AgreementError: If the goal is out of range for the measure, the direction
            is unknown, or a tiered or step credit is set on an ``at_most``
            objective.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Objective("calls", sla.ServiceLevel(timedelta(seconds=20)), 80).goal
        Decimal('80')
    """

    name: str = attrs.field(validator=check_text)
    measure: Measure = attrs.field(validator=_check_measure)
    goal: Decimal = attrs.field(converter=_to_goal)
    direction: str = attrs.field(default="at_least", kw_only=True)
    credit: Credit | None = attrs.field(
        default=None, kw_only=True, validator=_check_credit
    )
    allocation: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_allocation
    )
    provider: str | None = attrs.field(
        default=None, kw_only=True, validator=check_optional_text
    )
    description: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "goal", _read_goal(self.goal, self.measure, self.name))
        rule = self.measure.goal_rule
        if not rule.allows(self.goal):
            msg = (
                f"goal of objective {self.name!r} must be {rule.describe()} "
                f"for a {self.measure.kind} measure, got {self.goal}"
            )
            raise AgreementError(msg, field="goal")
        if self.direction not in DIRECTIONS:
            msg = f"direction must be 'at_least' or 'at_most', got {self.direction!r}"
            raise AgreementError(msg, field="direction")
        if self.direction == "at_most" and isinstance(
            self.credit, CreditSchedule | StepCredit
        ):
            msg = (
                f"objective {self.name!r}: a tiered or step credit pays for falling "
                "short, so it needs direction 'at_least'"
            )
            raise AgreementError(msg, field="credit")
        if self.allocation is not None and not ZERO < self.allocation <= HUNDRED:
            msg = f"allocation must be above 0 and at most 100, got {self.allocation}"
            raise AgreementError(msg, field="allocation")

    def is_met(self, value: Decimal) -> bool:
        """Whether `value` meets the goal in this objective's direction.

        Examples:
            >>> from decimal import Decimal
            >>> import slacore as sla
            >>> o = sla.Objective("leads", sla.Volume(), 500)
            >>> o.is_met(Decimal(499)), o.is_met(Decimal(500))
            (False, True)
        """
        if self.direction == "at_least":
            return value >= self.goal
        return value <= self.goal
