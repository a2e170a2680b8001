# The part of a period's report one version of an amended agreement was in force.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, final

import attrs

from ._report import ObjectiveResult, decimal_text

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal


@final
@attrs.frozen(kw_only=True)
class ReportPart:
    """What one version of the terms showed in its part of a split period.

    When an amendment takes effect inside a reporting period, the period's
    [`Report`][slacore.Report] has one part per version in force: each measured
    on its own span of the period under its own objectives, and priced under its
    own fee and at-risk percent, the fee pro-rata by the part's share of the
    period's real time. The period's credit is the sum of the parts' (then the
    agreement's minimum credit and yearly cap apply, once, to the period).

    Attributes:
        version: The version's number (0 as signed, ``n`` after the `n`-th
            amendment).
        note: The amendment's note ("" for version 0).
        start: The part's start: the period's start, or the amendment's instant.
        end: The part's end.
        fee: The version's fee times the part's share of the period, or None.
        results: One [`ObjectiveResult`][slacore.ObjectiveResult] per objective
            of the version, measured on the part alone; amounts are of the
            part's `fee`.
        uncapped_percent: The objectives' credits added up.
        credit_percent: Those under the version's at-risk cap, in percent of the
            part's `fee` (before the agreement's minimum credit and yearly cap).
        credit_amount: `credit_percent` of the part's `fee`, rounded half-even to
            cents, or None without a fee.
        capped_by: ``"at_risk"``, ``"fee"`` or None.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from decimal import Decimal
        >>> part = ReportPart(
        ...     version=1,
        ...     note="12-month review",
        ...     start=datetime(2027, 1, 16, tzinfo=timezone.utc),
        ...     end=datetime(2027, 2, 1, tzinfo=timezone.utc),
        ...     fee=Decimal("516.13"),
        ...     results=(),
        ...     uncapped_percent=Decimal(0),
        ...     credit_percent=Decimal(0),
        ...     credit_amount=Decimal("0.00"),
        ...     capped_by=None,
        ... )
        >>> part.to_dict()["start"]
        '2027-01-16T00:00:00+00:00'
    """

    version: int
    note: str
    start: datetime
    end: datetime
    fee: Decimal | None
    results: tuple[ObjectiveResult, ...]
    uncapped_percent: Decimal
    credit_percent: Decimal
    credit_amount: Decimal | None
    capped_by: str | None

    def to_dict(self) -> dict[str, Any]:
        """The part as JSON-safe data (Decimals as strings, ISO instants)."""
        return {
            "version": self.version,
            "note": self.note,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "fee": decimal_text(self.fee),
            "results": [result.to_dict() for result in self.results],
            "uncapped_percent": decimal_text(self.uncapped_percent),
            "credit_percent": decimal_text(self.credit_percent),
            "credit_amount": decimal_text(self.credit_amount),
            "capped_by": self.capped_by,
        }
