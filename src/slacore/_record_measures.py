# Measures of free-form records: volumes (count, sum, mean, min, max), deadlines
# and good/valid ratios.

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, final

import attrs

from ._calendar import ALWAYS, Calendar
from ._conditions import check_condition, matches_fields
from ._decimal import CONTEXT, ZERO, divide, to_decimal
from ._distribution_parts import Extremes
from ._measures import (
    AGGREGATES,
    AMOUNT_GOAL,
    PERCENT_GOAL,
    UNMEASURED,
    Aggregate,
    DatasetPart,
    GoalRule,
    GoodOverCount,
    Outcome,
    check_name,
    check_non_negative,
    one_of,
)
from ._parts import Sums, exact_sum
from ._time import require_aware, to_us
from ._timer import check_calendar
from .exceptions import AgreementError, DataError

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


@final
@attrs.frozen
class Volume:
    """How many records the period has, or the sum, mean, least or greatest of a field.

    A record is a mapping with an aware ``at`` and any other fields; it counts in
    the period its ``at`` falls in. "500 leads a month" counts records; "$100,000
    of qualified opportunities a month" sums a field; "the average deal at least
    $2,000" is its mean, and "no order above $10,000" its max with
    ``direction="at_most"``.

    Figures are exact: the sum is added up exactly and rounded once, to 28
    significant digits; the mean is that exact sum divided by the count, rounded
    once; min and max are one of the values, as written. A count or a sum of no
    records is 0; a mean, min or max of none has nothing to measure (no value,
    neither met nor missed). A record without the field (or with None) is a
    `DataError` naming it, for every aggregate but a count.

    Attributes:
        field: The field aggregated; required unless `aggregate` is ``"count"``.
        aggregate: ``"count"``, ``"sum"``, ``"mean"``, ``"min"`` or ``"max"``.
        where: Only records matching this condition (conditions read a record's
            keys as fields).

    Examples:
        >>> import slacore as sla
        >>> sla.Volume("amount", "sum", where=sla.Equals("stage", "qualified")).field
        'amount'
        >>> sla.Volume("amount", "mean").aggregate
        'mean'
    """

    kind: ClassVar[str] = "volume"
    reads: ClassVar[DatasetPart] = "records"
    goal_rule: ClassVar[GoalRule] = AMOUNT_GOAL

    field: str | None = attrs.field(default=None, validator=check_name)
    aggregate: Aggregate = attrs.field(default="count", validator=one_of(AGGREGATES))
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def __attrs_post_init__(self) -> None:
        if self.aggregate != "count" and self.field is None:
            msg = (
                "a volume that sums needs the field to sum"
                if self.aggregate == "sum"
                else f"a volume's {self.aggregate} needs the field it is taken of"
            )
            raise AgreementError(msg, field="field")

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The number of records, or the sum, mean, min or max of the field."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums | Extremes:  # noqa: ARG002
        """The number of records and the field's exact sum, or its extremes."""
        records = period.records(self.where)
        if self.aggregate == "count":
            return Sums((len(records),))
        field = self.field
        assert field is not None  # noqa: S101 - checked on construction
        values = []
        for i, record in records:
            if record.get(field) is None:
                msg = f"records[{i}] has no {field!r} to {self.aggregate}"
                raise DataError(msg, field=f"records[{i}].{field}", index=i)
            values.append(
                to_decimal(record[field], f"records[{i}].{field}", allow_float=True)
            )
        if self.aggregate in {"min", "max"}:
            return Extremes.of(values)
        return Sums((len(records),), (exact_sum(values, ZERO),))

    def from_partial(
        self,
        partial: Sums | Extremes,
        period: PeriodBounds,  # noqa: ARG002
        objective: Objective,
    ) -> Outcome:
        """The figure (rounded once, to 28 digits), against the goal."""
        if isinstance(partial, Extremes):
            count = partial.count
            found = partial.low if self.aggregate == "min" else partial.high
        else:
            (count,) = partial.counts
            found = partial.amounts[0] if partial.amounts else Decimal(count)
            if self.aggregate == "mean":
                found = divide(found, count) if count else None
        if found is None:
            return UNMEASURED
        value = CONTEXT.plus(found)  # rounded once in slacore's context (28 digits)
        breaches = 0 if objective.is_met(value) else 1
        return Outcome(value, count, count, breaches)


@final
@attrs.frozen
class Deadline(GoodOverCount):
    """Percent of records whose `field` instant came within `within` business time.

    The deadline of a record is ``calendar.add(record["at"], within)``. A record
    whose `field` is missing (or None) counts as late once its deadline has passed,
    and counts nowhere before that. Records count in the period their ``at``
    falls in.

    Attributes:
        field: The key holding the instant the deed was done (e.g. "contacted_at").
        within: Business time allowed.
        calendar: The hours `within` counts in.
        where: Only records matching this condition.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Deadline("contacted_at", timedelta(hours=24)).within
        datetime.timedelta(days=1)
    """

    kind: ClassVar[str] = "deadline"
    reads: ClassVar[DatasetPart] = "records"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    field: str = attrs.field(validator=check_name)
    within: timedelta = attrs.field(validator=check_non_negative)
    calendar: Calendar = attrs.field(default=ALWAYS, validator=check_calendar)
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Records done by their deadline, as a percent of those decided."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The records done by their deadline, and those decided."""
        good = count = 0
        now_us = period.now_us
        for i, record in period.records(self.where):
            due = to_us(self.calendar.add(record["at"], self.within), "due")
            done = record.get(self.field)
            done_us = None
            if done is not None:
                where = f"records[{i}].{self.field}"
                done_us = to_us(require_aware(done, where), where)
                if done_us > now_us:  # done after now: not known yet
                    done_us = None
            if done_us is None:
                count += now_us > due  # late once the deadline has passed
                continue
            count += 1
            good += done_us <= due
        return Sums((good, count))


@final
@attrs.frozen
class Ratio(GoodOverCount):
    """Percent of records that were good: the "good events / valid events" ratio.

    The form OpenSLO calls a ratio metric: "99 % of requests succeed" is
    ``Ratio(good=Equals("ok", True))`` over request records; `where` picks the
    valid events (all records by default).

    Attributes:
        good: The condition a good record matches.
        where: Only records matching this condition count at all.

    Examples:
        >>> import slacore as sla
        >>> sla.Ratio(sla.Equals("ok", True)).good
        Equals(field='ok', value=True)
    """

    kind: ClassVar[str] = "ratio"
    reads: ClassVar[DatasetPart] = "records"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    good: Any = attrs.field(validator=check_condition)
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def __attrs_post_init__(self) -> None:
        if self.good is None:
            msg = "a ratio needs the condition a good record matches"
            raise AgreementError(msg, field="good")

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Records matching `good`, as a percent of the records counted."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The records matching `good`, and the records counted."""
        records = period.records(self.where)
        good = sum(1 for _, record in records if matches_fields(self.good, record))
        return Sums((good, len(records)))
