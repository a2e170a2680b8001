from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeAlias, final

import attrs

from ._decimal import MAX_AMOUNT, MAX_PERCENT, ZERO, quantize, to_decimal
from ._validators import bounded_decimal, whole_number
from .exceptions import CreditError, SlaError

if TYPE_CHECKING:
    from collections.abc import Iterable

# The exact operations here (products, differences, `divmod` for step counts,
# moving the decimal point for "/ 100", and the final quantize) run in this
# context, never in the caller's. Its precision is the largest decimal allows, so
# none of them rounds: `_decimal.CONTEXT` (28 digits) would silently round the
# product of a 20-digit fee and a 10-digit percent. Only operations with an exact
# result may run here (a non-terminating division would exhaust memory), so the
# one rounding step, the half-even quantize in `credit`, is the only rounding.
_EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    rounding=ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


# -- checking inputs -------------------------------------------------------------------


def _number(value: object, name: str) -> Decimal:
    """`to_decimal`, with its value errors raised as `CreditError` naming *name*."""
    try:
        return to_decimal(value, name)
    except SlaError as exc:
        raise CreditError(str(exc), field=name) from None


def _not_negative(value: object, name: str, limit: Decimal = MAX_PERCENT) -> Decimal:
    """A number from 0 up to (not including) `limit`, as a `CreditError` if not."""
    return bounded_decimal(value, name, CreditError, limit)


def _count(value: object, name: str) -> int:
    """An `int` (not a `bool`) that is not negative."""
    return whole_number(value, name, CreditError)


def _to_below(value: Decimal | int | str) -> Decimal:
    return _number(value, "below")


def _to_threshold(value: Decimal | int | str) -> Decimal:
    return _number(value, "threshold")


def _to_percent(value: Decimal | int | str) -> Decimal:
    return _not_negative(value, "percent")


def _to_per_extra(value: Decimal | int | str) -> Decimal:
    return _not_negative(value, "per_extra")


def _to_cap(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _not_negative(value, "cap")


def _to_step(value: Decimal | int | str) -> Decimal:
    step = _number(value, "step")
    if step <= 0:
        msg = f"step must be positive, got {step}"
        raise CreditError(msg, field="step")
    return step


def _at_least_one(value: int, field: str) -> int:
    count = _count(value, field)
    if count < 1:
        msg = f"{field} must be at least 1, got {count}"
        raise CreditError(msg, field=field)
    return count


def _to_min_breaches(value: int) -> int:
    return _at_least_one(value, "min_breaches")


def _to_misses(value: int) -> int:
    return _at_least_one(value, "misses")


def _to_within(value: int) -> int:
    return _count(value, "within")


def _capped(percent: Decimal, cap: Decimal | None) -> Decimal:
    # No cap of its own still stops at MAX_PERCENT, so every amount stays exact.
    limit = MAX_PERCENT if cap is None else cap
    return min(percent, limit)


def _credit(percent: Decimal, fee: object, places: object) -> Decimal:
    """``fee * percent / 100``, rounded half-even to *places*, in `_EXACT`."""
    amount = _not_negative(fee, "fee", MAX_AMOUNT)
    digits = _count(places, "places")
    with decimal.localcontext(_EXACT):
        return quantize((amount * percent).scaleb(-2), digits)


# -- attainment-based credits ----------------------------------------------------------


@final
@attrs.frozen
class CreditTier:
    """One row of a [`CreditSchedule`][slacore.CreditSchedule].

    The tier applies when the attainment is strictly below `below`: a month at
    exactly 99.99 % does not reach a tier with ``below=99.99``.

    Attributes:
        below: The attainment the tier starts under, any finite number (a percent,
            a volume or a score such as an NPS).
        percent: The credit, in percent of the fee, for an attainment below
            `below`; not negative.

    Examples:
        >>> import slacore as sla
        >>> from decimal import Decimal
        >>> sla.CreditTier(below=Decimal("99.99"), percent=Decimal("10"))
        CreditTier(below=Decimal('99.99'), percent=Decimal('10'))
        >>> sla.CreditTier("99.0", 30).percent
        Decimal('30')
    """

    below: Decimal = attrs.field(converter=_to_below)
    percent: Decimal = attrs.field(converter=_to_percent)


def _to_tiers(value: Iterable[CreditTier]) -> tuple[CreditTier, ...]:
    try:
        items: tuple[object, ...] = tuple(value)
    except TypeError:
        msg = f"tiers must be an iterable of CreditTier, got {type(value).__name__}"
        raise TypeError(msg) from None
    tiers: list[CreditTier] = []
    for index, item in enumerate(items):
        if not isinstance(item, CreditTier):
            msg = f"tiers[{index}] must be a CreditTier, got {type(item).__name__}"
            raise TypeError(msg)
        tiers.append(item)
    return tuple(tiers)


def _check_tiers(
    _instance: Any, _attribute: Any, tiers: tuple[CreditTier, ...]
) -> None:
    if not tiers:
        msg = "tiers must hold at least one tier, got none"
        raise CreditError(msg, field="tiers")
    for index in range(1, len(tiers)):
        before, tier = tiers[index - 1], tiers[index]
        if tier.below >= before.below:
            field = f"tiers[{index}].below"
            msg = (
                f"{field} {tier.below} is not below tiers[{index - 1}].below "
                f"{before.below}: list tiers from the highest below to the lowest, "
                "each strictly lower"
            )
            raise CreditError(msg, field=field)
        if tier.percent <= before.percent:
            field = f"tiers[{index}].percent"
            msg = (
                f"{field} {tier.percent} is not above tiers[{index - 1}].percent "
                f"{before.percent}: a lower tier must pay strictly more, so credits "
                "never rise as attainment improves"
            )
            raise CreditError(msg, field=field)


@final
@attrs.frozen
class CreditSchedule:
    """A tiered service credit: the worse the attainment, the larger the credit.

    A tier applies when the attainment is strictly below its `below`; the
    schedule pays the percent of the lowest tier that applies (the largest
    percent), capped at `cap`, and nothing when no tier applies.

    Attributes:
        tiers: The tiers, from the highest `below` to the lowest, with `below`
            strictly decreasing and `percent` strictly increasing (so credits
            never rise as attainment improves); at least one. Any iterable is
            kept as a tuple.
        cap: The most the schedule pays, in percent of the fee (not negative);
            None for no cap.

    Raises:
        CreditError: If the tiers are empty or out of order (naming
            ``tiers[i].below`` or ``tiers[i].percent`` and both values), or the
            cap is negative.

    Examples:
        >>> import slacore as sla
        >>> from decimal import Decimal
        >>> schedule = sla.CreditSchedule(
        ...     [
        ...         sla.CreditTier(below=Decimal("99.99"), percent=Decimal("10")),
        ...         sla.CreditTier(below=Decimal("99.0"), percent=Decimal("30")),
        ...         sla.CreditTier(below=Decimal("95.0"), percent=Decimal("100")),
        ...     ]
        ... )
        >>> schedule.percent_for(Decimal("99.5"))
        Decimal('10')
        >>> schedule.credit(Decimal("98.2"), Decimal("1250.00"))
        Decimal('375.00')
    """

    basis: ClassVar[str] = "attainment"
    """The figure `percent_for` and `credit` take: the attainment."""

    tiers: tuple[CreditTier, ...] = attrs.field(
        converter=_to_tiers, validator=_check_tiers
    )
    cap: Decimal | None = attrs.field(
        default=Decimal(100), converter=_to_cap, kw_only=True
    )

    def percent_for(self, attainment: Decimal | int | str) -> Decimal:
        """The credit, in percent of the fee, for `attainment`.

        Args:
            attainment: What the period achieved, in the unit of the tiers.

        Returns:
            The percent of the lowest tier with ``attainment < below``, capped;
                ``Decimal("0")`` when no tier applies.

        Raises:
            CreditError: If `attainment` is not a finite number.

        Examples:
            >>> import slacore as sla
            >>> schedule = sla.CreditSchedule([sla.CreditTier("99.9", "10")])
            >>> schedule.percent_for("99.9"), schedule.percent_for("99.89")
            (Decimal('0'), Decimal('10'))
        """
        value = _number(attainment, "attainment")
        paid = ZERO
        for tier in self.tiers:
            if value >= tier.below:
                break
            paid = tier.percent
        return _capped(paid, self.cap)

    def credit(
        self,
        attainment: Decimal | int | str,
        fee: Decimal | int | str,
        *,
        places: int = 2,
    ) -> Decimal:
        """The credit for `attainment`, as an amount of `fee`.

        This is ``fee * percent_for(attainment) / 100``, computed exactly and
        rounded half-even to `places` decimal places: the only rounding.

        Args:
            attainment: What the period achieved.
            fee: The fee the credit is a share of, not negative.
            places: Decimal places of the result (2 for cents, 0 for whole units).

        Returns:
            The credit amount.

        Raises:
            CreditError: If `attainment` or `fee` is not a finite number, `fee` is
                negative, or `places` is negative.

        Examples:
            >>> import slacore as sla
            >>> schedule = sla.CreditSchedule([sla.CreditTier("99.9", "10")])
            >>> schedule.credit("99.5", "0.125", places=2)
            Decimal('0.01')
        """
        return _credit(self.percent_for(attainment), fee, places)


@final
@attrs.frozen
class StepCredit:
    """A credit per started step of shortfall under a threshold.

    "0.5 % off the fee for each 0.5 % (or part of it) under 99.5 %": the credit is
    `percent` for each started `step` of shortfall between the attainment and
    `threshold`, capped at `cap`. An attainment at or above the threshold pays
    nothing; 99.2 is one started step under 99.5, 99.0 exactly one step, and
    98.99 two started steps. The count is exact (Decimal arithmetic, no floats).

    Attributes:
        threshold: The attainment below which credits start, any finite number.
        step: The size of one step of shortfall; positive.
        percent: The credit per started step, in percent of the fee; not negative.
        cap: The most it pays, in percent of the fee (not negative); 100 by
            default, so that it never owes more than the fee unless a higher cap
            (or None, for no cap at all) is given on purpose.

    Examples:
        >>> import slacore as sla
        >>> from decimal import Decimal
        >>> rule = sla.StepCredit(Decimal("99.5"), Decimal("0.5"), Decimal("0.5"))
        >>> [rule.percent_for(a) for a in ("99.5", "99.2", "99.0", "98.99")]
        [Decimal('0'), Decimal('0.5'), Decimal('0.5'), Decimal('1.0')]
    """

    basis: ClassVar[str] = "attainment"
    """The figure `percent_for` and `credit` take: the attainment."""

    threshold: Decimal = attrs.field(converter=_to_threshold)
    step: Decimal = attrs.field(converter=_to_step)
    percent: Decimal = attrs.field(converter=_to_percent)
    cap: Decimal | None = attrs.field(
        default=Decimal(100), converter=_to_cap, kw_only=True
    )

    def percent_for(self, attainment: Decimal | int | str) -> Decimal:
        """The credit, in percent of the fee, for `attainment`.

        Args:
            attainment: What the period achieved, in the unit of `threshold`.

        Returns:
            `percent` times the started steps under `threshold`, capped;
                ``Decimal("0")`` at or above the threshold.

        Raises:
            CreditError: If `attainment` is not a finite number.

        Examples:
            >>> import slacore as sla
            >>> rule = sla.StepCredit("99.5", "0.5", "2", cap="5")
            >>> rule.percent_for("99.1"), rule.percent_for("90")
            (Decimal('2'), Decimal('5'))
        """
        value = _number(attainment, "attainment")
        with decimal.localcontext(_EXACT):
            shortfall = self.threshold - value
            if shortfall <= 0:
                return ZERO
            whole, rest = divmod(shortfall, self.step)
            steps = whole + 1 if rest else whole
            return _capped(steps * self.percent, self.cap)

    def credit(
        self,
        attainment: Decimal | int | str,
        fee: Decimal | int | str,
        *,
        places: int = 2,
    ) -> Decimal:
        """The credit for `attainment`, as an amount of `fee`.

        ``fee * percent_for(attainment) / 100``, rounded half-even to `places`;
        arguments and errors as in
        [`CreditSchedule.credit`][slacore.CreditSchedule.credit].

        Examples:
            >>> import slacore as sla
            >>> rule = sla.StepCredit("99.5", "0.5", "0.5")
            >>> rule.credit("98.99", "2000")
            Decimal('20.00')
        """
        return _credit(self.percent_for(attainment), fee, places)


# -- count-based credits ---------------------------------------------------------------


@final
@attrs.frozen
class BreachCountCredit:
    """A credit once a period has enough breaches, growing with each one after.

    "10 % once 3 tickets breach their resolution target in a month, plus 2 % for
    each further breach": `percent` when the period has `min_breaches` breaches,
    plus `per_extra` for each breach beyond that, capped at `cap`.

    Attributes:
        min_breaches: The breaches that trigger the credit; at least 1.
        percent: The credit at `min_breaches`, in percent of the fee; not negative.
        per_extra: The credit added per breach beyond `min_breaches`; not
            negative, 0 by default.
        cap: The most it pays, in percent of the fee (not negative); 100 by
            default, so that it never owes more than the fee unless a higher cap
            (or None, for no cap at all) is given on purpose.

    Examples:
        >>> import slacore as sla
        >>> from decimal import Decimal
        >>> rule = sla.BreachCountCredit(
        ...     3, Decimal("10"), per_extra=Decimal("2"), cap=Decimal("15")
        ... )
        >>> [rule.percent_for(n) for n in (2, 3, 4, 5)]
        [Decimal('0'), Decimal('10'), Decimal('12'), Decimal('14')]
        >>> rule.percent_for(9)
        Decimal('15')
    """

    basis: ClassVar[str] = "breaches"
    """The figure `percent_for` and `credit` take: the period's breach count."""

    min_breaches: int = attrs.field(converter=_to_min_breaches)
    percent: Decimal = attrs.field(converter=_to_percent)
    per_extra: Decimal = attrs.field(
        default=ZERO, converter=_to_per_extra, kw_only=True
    )
    cap: Decimal | None = attrs.field(
        default=Decimal(100), converter=_to_cap, kw_only=True
    )

    def percent_for(self, breaches: int) -> Decimal:
        """The credit, in percent of the fee, for a period with `breaches` breaches.

        Raises:
            CreditError: If `breaches` is negative.

        Examples:
            >>> import slacore as sla
            >>> sla.BreachCountCredit(1, 5).percent_for(0)
            Decimal('0')
        """
        count = _count(breaches, "breaches")
        if count < self.min_breaches:
            return ZERO
        with decimal.localcontext(_EXACT):
            extra = self.per_extra * (count - self.min_breaches)
            # Adding a zero extra would turn a percent of 5 into 5.0 (or 5.00).
            total = self.percent + extra if extra else self.percent
            return _capped(total, self.cap)

    def credit(
        self, breaches: int, fee: Decimal | int | str, *, places: int = 2
    ) -> Decimal:
        """The credit for a period with `breaches` breaches, as an amount of `fee`.

        ``fee * percent_for(breaches) / 100``, rounded half-even to `places`;
        `fee` and `places` as in
        [`CreditSchedule.credit`][slacore.CreditSchedule.credit].

        Examples:
            >>> import slacore as sla
            >>> sla.BreachCountCredit(2, 5).credit(2, "999.90")
            Decimal('50.00')
        """
        return _credit(self.percent_for(breaches), fee, places)


def _check_within(instance: RepeatedMissCredit, _attribute: Any, within: int) -> None:
    if within < instance.misses:
        msg = f"within must be at least misses ({instance.misses}), got {within}"
        raise CreditError(msg, field="within")


@final
@attrs.frozen
class RepeatedMissCredit:
    """A credit for repeated misses: N missed periods within the last M.

    The rule of many outsourcing contracts: one missed month is forgiven, but
    "2 misses within 3 months" pays. In a period where the objective was missed,
    `percent` is due when it was missed in at least `misses` of the last `within`
    periods, this one included.

    Attributes:
        misses: The missed periods that trigger the credit; at least 1.
        within: The window of periods, this one included; at least `misses`.
        percent: The credit, in percent of the fee; not negative.
        cap: The most it pays, in percent of the fee (not negative); 100 by
            default, so that it never owes more than the fee unless a higher cap
            (or None, for no cap at all) is given on purpose.

    Examples:
        >>> import slacore as sla
        >>> from decimal import Decimal
        >>> rule = sla.RepeatedMissCredit(2, 3, Decimal("5"))
        >>> [rule.percent_for(m) for m in (0, 1, 2, 3)]
        [Decimal('0'), Decimal('0'), Decimal('5'), Decimal('5')]
    """

    basis: ClassVar[str] = "misses"
    """The figure `percent_for` and `credit` take: misses in the window."""

    misses: int = attrs.field(converter=_to_misses)
    within: int = attrs.field(converter=_to_within, validator=_check_within)
    percent: Decimal = attrs.field(converter=_to_percent)
    cap: Decimal | None = attrs.field(
        default=Decimal(100), converter=_to_cap, kw_only=True
    )

    def percent_for(self, missed: int) -> Decimal:
        """The credit, in percent of the fee, given `missed` of the last periods.

        Args:
            missed: In how many of the last `within` periods (this one included)
                the objective was missed. Pass 0 when this period was met: a
                period that met its objective pays nothing.

        Raises:
            CreditError: If `missed` is not from 0 to `within`.

        Examples:
            >>> import slacore as sla
            >>> sla.RepeatedMissCredit(3, 6, 10, cap=8).percent_for(4)
            Decimal('8')
        """
        count = _count(missed, "missed")
        if count > self.within:
            msg = f"missed must be from 0 to within ({self.within}), got {count}"
            raise CreditError(msg, field="missed")
        if count < self.misses:
            return ZERO
        return _capped(self.percent, self.cap)

    def credit(
        self, missed: int, fee: Decimal | int | str, *, places: int = 2
    ) -> Decimal:
        """The credit given `missed` of the last periods, as an amount of `fee`.

        ``fee * percent_for(missed) / 100``, rounded half-even to `places`;
        `fee` and `places` as in
        [`CreditSchedule.credit`][slacore.CreditSchedule.credit].

        Examples:
            >>> import slacore as sla
            >>> sla.RepeatedMissCredit(2, 3, "7.5").credit(2, "1000", places=0)
            Decimal('75')
        """
        return _credit(self.percent_for(missed), fee, places)


Credit: TypeAlias = CreditSchedule | StepCredit | BreachCountCredit | RepeatedMissCredit
"""Any credit rule (for annotations); its `basis` says which figure it takes.

`"attainment"` for [`CreditSchedule`][slacore.CreditSchedule] and
[`StepCredit`][slacore.StepCredit], `"breaches"` for
[`BreachCountCredit`][slacore.BreachCountCredit] and `"misses"` for
[`RepeatedMissCredit`][slacore.RepeatedMissCredit].
"""
