# Measures of survey responses: net promoter score and average scores.

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, final

import attrs

from ._decimal import HUNDRED, ZERO, divide, multiply, to_decimal
from ._measures import (
    ANY_GOAL,
    NPS_GOAL,
    UNMEASURED,
    DatasetPart,
    GoalRule,
    Outcome,
    check_name,
)
from ._parts import Sums, exact_sum
from .exceptions import DataError

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


@final
@attrs.frozen
class NetPromoterScore:
    """Net promoter score (-100 to 100) of the survey responses in the period.

    Attributes:
        service: Only responses about this service; None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.NetPromoterScore()
        NetPromoterScore(service=None)
    """

    kind: ClassVar[str] = "nps"
    reads: ClassVar[DatasetPart] = "responses"
    goal_rule: ClassVar[GoalRule] = NPS_GOAL

    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Percent promoters (9-10) minus percent detractors (0-6)."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The promoters, passives and detractors of the period."""
        promoters = passives = detractors = 0
        for i, response in period.responses(self.service):
            score = response.score
            if score != score.to_integral_value() or not 0 <= score <= 10:
                msg = (
                    f"responses[{i}].score must be an integer from 0 to 10 for a net "
                    f"promoter score, got {score}"
                )
                raise DataError(msg, field=f"responses[{i}].score", index=i)
            promoters += score >= 9
            passives += 7 <= score <= 8
            detractors += score <= 6
        return Sums((promoters, passives, detractors))

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002
        objective: Objective,  # noqa: ARG002
    ) -> Outcome:
        """Percent promoters minus percent detractors."""
        promoters, passives, detractors = partial.counts
        count = promoters + passives + detractors
        if count == 0:
            return UNMEASURED
        value = divide(multiply(promoters - detractors, HUNDRED), count)
        return Outcome(value, count, promoters, detractors)


@final
@attrs.frozen
class AverageScore:
    """The mean of a survey score over the period's responses (CSAT, effort score).

    Attributes:
        field: ``"score"`` reads each response's `score`; any other name reads that
            key of its `fields`. Responses without the field (a survey that did not
            ask the question) are not counted.
        service: Only responses about this service; None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.AverageScore("csat")
        AverageScore(field='csat', service=None)
    """

    kind: ClassVar[str] = "average_score"
    reads: ClassVar[DatasetPart] = "responses"
    goal_rule: ClassVar[GoalRule] = ANY_GOAL

    field: str = attrs.field(default="score", validator=check_name)
    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The mean of the field over the responses that have it."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:
        """Responses with the field, those off the goal, and the field's sum."""
        scores = []
        wrong = 0
        for i, response in period.responses(self.service):
            if self.field == "score":
                score = response.score
            else:
                raw = response.fields.get(self.field)
                if raw is None:
                    continue
                where = f"responses[{i}].fields[{self.field!r}]"
                score = to_decimal(raw, where, allow_float=True)
            scores.append(score)
            wrong += not objective.is_met(score)
        return Sums((len(scores), wrong), (exact_sum(scores, ZERO),))

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002
        objective: Objective,  # noqa: ARG002
    ) -> Outcome:
        """The mean of the summed field."""
        count, wrong = partial.counts
        if count == 0:
            return UNMEASURED
        (total,) = partial.amounts
        return Outcome(divide(total, count), count, count - wrong, wrong)
