# Workload bands: the volume an agreement plans per period, the dead band around
# it, the per-unit charges above it and credits below it (ARCs and RRCs), the band
# beyond which the parties renegotiate, and the goal changes or exclusions that
# hold while the volume is in a band. `assess` is the one statement of the rule.

from __future__ import annotations

import contextlib
import decimal
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, final

import attrs

from ._decimal import (
    EXACT,
    HUNDRED,
    MAX_AMOUNT,
    MAX_PERCENT,
    ZERO,
    percent,
    to_decimal,
)
from ._durations import parse_duration
from ._measures import seconds
from ._record_measures import Volume
from ._time import duration_us
from ._validators import bounded_decimal, typed_tuple
from ._volume_measures import ContactVolume, TicketVolume
from .exceptions import AgreementError, SlaError

if TYPE_CHECKING:
    from collections.abc import Iterable

# Products and differences of volumes, plans and rates, exact: the only rounding
# is the percent of plan shown in reports, and the amounts to cents.
_EXACT: Final = EXACT

WorkloadMeasure = TicketVolume | ContactVolume | Volume
"""What a workload counts: tickets created, contacts offered, records (or a sum)."""

CountedFrom = Literal["band", "plan"]


def _number(value: object, field: str, limit: Decimal = MAX_AMOUNT) -> Decimal:
    return bounded_decimal(value, field, AgreementError, limit)


def _to_charge(value: object) -> Decimal | None:
    return None if value is None else _number(value, "charge_per_unit")


def _to_credit(value: object) -> Decimal | None:
    return None if value is None else _number(value, "credit_per_unit")


def _to_planned(value: object) -> Decimal:
    return _number(value, "planned")


def _to_low(value: object) -> Decimal:
    return _number(value, "low", MAX_PERCENT)


def _to_high(value: object) -> Decimal | None:
    return None if value is None else _number(value, "high", MAX_PERCENT)


def _to_goal(value: object) -> Decimal:
    """A goal as objectives keep one: a duration (or ``"3d"``) in seconds."""
    if isinstance(value, str):
        with contextlib.suppress(SlaError):  # else a number
            value = parse_duration(value)
    if isinstance(value, timedelta):
        try:
            return seconds(duration_us(value, "goal")).normalize() + 0
        except SlaError as exc:
            raise AgreementError(str(exc), field="goal") from None
    return _signed(value, "goal")


def _check_text(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name} must be a str, got {type(value).__name__}"
        raise TypeError(msg)


def _check_name(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


@final
@attrs.frozen
class GoalChange:
    """The goal an objective is held to while the volume is in a band.

    Attributes:
        objective: The objective's name.
        goal: The goal in the band, in the objective's unit (checked against the
            agreement's objective when the agreement is made).

    Examples:
        >>> import slacore as sla
        >>> sla.GoalChange("resolution", 85).goal
        Decimal('85')
    """

    objective: str = attrs.field(validator=_check_name)
    goal: Decimal = attrs.field(converter=_to_goal)


def _signed(value: object, field: str) -> Decimal:
    try:
        found = to_decimal(value, field)
    except SlaError as exc:
        raise AgreementError(str(exc), field=field) from None
    if abs(found) >= MAX_AMOUNT:
        msg = f"{field} must be below {MAX_AMOUNT:,f} in size, got {found}"
        raise AgreementError(msg, field=field)
    return found


def _to_goals(
    value: Iterable[GoalChange] | Mapping[str, Decimal | int | str],
) -> tuple[GoalChange, ...]:
    if isinstance(value, Mapping):
        return tuple(GoalChange(name, goal) for name, goal in value.items())
    return typed_tuple(GoalChange, "goals", value)


def _to_names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):  # would be read as its letters
        return frozenset({value})
    found: tuple[object, ...] = tuple(value)
    for index, name in enumerate(found):
        if not isinstance(name, str) or not name:
            msg = f"excused[{index}] must be an objective's name, got {name!r}"
            raise AgreementError(msg, field=f"excused[{index}]")
    return frozenset(found)  # type: ignore[arg-type]


@final
@attrs.frozen
class WorkloadBand:
    """A range of volume, in percent of the plan, and what changes in it.

    A band holds volumes from `low` percent of the plan (inclusive) up to `high`
    percent (exclusive; None for no upper end). A workload's bands tile the
    volume line: the first starts at 0, each starts where the one before ends,
    and the last has no end. (A negative sum, such as refunds outweighing
    sales, lies in the first band.)

    Attributes:
        name: The band's name, shown in reports (``"surge"``).
        low: Where it starts, in percent of the plan.
        high: Where it ends (exclusive), or None for the last band.
        goals: The goals objectives are held to in the band: a mapping of
            objective name to goal, or [`GoalChange`][slacore.GoalChange]s
            (a duration goal as a `timedelta`, ``"3d"`` or seconds).
        excused: The objectives excused in the band: neither met nor missed, no
            credit.
        note: Why (``"volume above 120 % of plan: schedule C, 4.2"``).

    Raises:
        AgreementError: If `high` is not above `low`, or an objective is
            changed twice, or both changed and excused.

    Examples:
        >>> import slacore as sla
        >>> surge = sla.WorkloadBand(
        ...     "surge", low=120, high=150, goals={"resolution": 85}
        ... )
        >>> surge.goals[0]
        GoalChange(objective='resolution', goal=Decimal('85'))
    """

    name: str = attrs.field(validator=_check_name)
    low: Decimal = attrs.field(kw_only=True, converter=_to_low)
    high: Decimal | None = attrs.field(default=None, kw_only=True, converter=_to_high)
    goals: tuple[GoalChange, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_goals
    )
    excused: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_names
    )
    note: str = attrs.field(default="", kw_only=True, validator=_check_text)

    def __attrs_post_init__(self) -> None:
        if self.high is not None and self.high <= self.low:
            msg = f"band {self.name!r}: high {self.high} must be above low {self.low}"
            raise AgreementError(msg, field="high")
        seen: set[str] = set()
        for index, change in enumerate(self.goals):
            if change.objective in seen:
                msg = f"band {self.name!r} changes {change.objective!r} twice"
                raise AgreementError(msg, field=f"goals[{index}].objective")
            seen.add(change.objective)
        both = sorted(seen & self.excused)
        if both:
            msg = f"band {self.name!r} both excuses {both[0]!r} and changes its goal"
            raise AgreementError(msg, field="excused")

    def holds(self, volume: Decimal, planned: Decimal) -> bool:
        """Whether `volume` against `planned` lies in the band (exact)."""
        scaled = _EXACT.multiply(volume, HUNDRED)
        if scaled < _EXACT.multiply(self.low, planned):
            return False
        return self.high is None or scaled < _EXACT.multiply(self.high, planned)


def _pair(value: object, field: str) -> tuple[Decimal, Decimal]:
    """One percent for both sides, or ``(below, above)``."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            msg = f"{field} is one percent or two (below, above), got {value!r}"
            raise AgreementError(msg, field=field)
        below, above = value
    else:
        below = above = value
    return (
        _number(below, f"{field}[0]", MAX_PERCENT),
        _number(above, f"{field}[1]", MAX_PERCENT),
    )


def _to_dead_band(value: object) -> tuple[Decimal, Decimal]:
    return _pair(value, "dead_band")


def _to_renegotiate(value: object) -> tuple[Decimal, Decimal] | None:
    return None if value is None else _pair(value, "renegotiate")


def _to_bands(value: Iterable[WorkloadBand]) -> tuple[WorkloadBand, ...]:
    return typed_tuple(WorkloadBand, "bands", value)


def _check_measure(
    _instance: Any, attribute: attrs.Attribute[Any], value: object
) -> None:
    if isinstance(value, TicketVolume | ContactVolume):
        return
    if isinstance(value, Volume) and value.aggregate in {"count", "sum"}:
        return
    msg = (
        "a workload counts tickets (TicketVolume), contacts (ContactVolume) or "
        f"records (a Volume that counts or sums), got {value!r}"
    )
    raise AgreementError(msg, field=attribute.name)


@final
@attrs.frozen
class Workload:
    """The volume an agreement plans per period, and what a deviation costs.

    Outsourcing contracts price a baseline volume: within a dead band around it
    nothing changes; above it the customer pays a charge per extra unit (an
    additional resource charge, ARC), below it the provider credits each unit
    not needed (a reduced resource credit, RRC). Beyond a renegotiation band the
    parties revisit the baseline. Service levels may be relaxed or excused while
    the volume runs in a band (see [`WorkloadBand`][slacore.WorkloadBand]).

    Each report shows the period's volume against plan in a
    [`WorkloadResult`][slacore.WorkloadResult]: its band, the units outside the
    dead band, the charge or credit they imply (apart from the service credits,
    each exact and rounded once to cents), the goal changes and exclusions, and
    whether the renegotiation band was crossed.

    Attributes:
        measure: What is counted each period: tickets created
            ([`TicketVolume`][slacore.TicketVolume]), contacts offered
            ([`ContactVolume`][slacore.ContactVolume]) or records (a
            [`Volume`][slacore.Volume] that counts or sums).
        planned: The volume planned for one period (the baseline), above zero.
        dead_band: How far the volume may run below and above the plan with no
            charge or credit, in percent of the plan: one percent for both
            sides (``10`` for ±10 %) or a pair ``(below, above)``.
        charge_per_unit: What the customer pays per unit above the dead band,
            or None for no charge.
        credit_per_unit: What the provider credits per unit below the dead
            band, or None for no credit.
        counted_from: ``"band"`` (the default): units are counted from the dead
            band's edge; ``"plan"``: once outside the dead band, every unit
            from the plan counts.
        renegotiate: The band beyond which the parties renegotiate, in percent
            of the plan, one for both sides or ``(below, above)``; each side at
            least the dead band's. None for no renegotiation band.
        bands: Ranges of volume with goal changes or exclusions, tiling the
            volume line (see `WorkloadBand`); empty for none.

    Raises:
        AgreementError: If a figure is negative or out of range, the dead band
            reaches 100 % below, the renegotiation band is inside the dead band,
            or the bands overlap, leave a gap, or do not start at 0 and run on
            without end; the error's `field` names the place
            (``bands[1].low``).

    Examples:
        >>> import slacore as sla
        >>> tickets = sla.Workload(
        ...     sla.TicketVolume(),
        ...     10_000,
        ...     dead_band=10,
        ...     charge_per_unit="4.50",
        ...     credit_per_unit="3.00",
        ... )
        >>> result = tickets.assess(11_500)
        >>> result.units_above, result.charge
        (Decimal('500'), Decimal('2250.00'))
        >>> tickets.assess(9_200).within_dead_band
        True
    """

    measure: WorkloadMeasure = attrs.field(validator=_check_measure)
    planned: Decimal = attrs.field(converter=_to_planned)
    dead_band: tuple[Decimal, Decimal] = attrs.field(
        default=(ZERO, ZERO), kw_only=True, converter=_to_dead_band
    )
    charge_per_unit: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_charge
    )
    credit_per_unit: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_credit
    )
    counted_from: CountedFrom = attrs.field(default="band", kw_only=True)
    renegotiate: tuple[Decimal, Decimal] | None = attrs.field(
        default=None, kw_only=True, converter=_to_renegotiate
    )
    bands: tuple[WorkloadBand, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_bands
    )

    def __attrs_post_init__(self) -> None:
        if self.planned <= ZERO:
            msg = f"planned must be above zero, got {self.planned}"
            raise AgreementError(msg, field="planned")
        if self.dead_band[0] >= HUNDRED:
            msg = (
                f"dead_band below the plan must be under 100 %, got {self.dead_band[0]}"
            )
            raise AgreementError(msg, field="dead_band[0]")
        if self.counted_from not in ("band", "plan"):
            msg = f"counted_from must be 'band' or 'plan', got {self.counted_from!r}"
            raise AgreementError(msg, field="counted_from")
        if self.renegotiate is not None:
            for side, name in enumerate(("below", "above")):
                if self.renegotiate[side] < self.dead_band[side]:
                    msg = (
                        f"renegotiate {name} the plan ({self.renegotiate[side]} %) "
                        f"lies inside the dead band ({self.dead_band[side]} %)"
                    )
                    raise AgreementError(msg, field=f"renegotiate[{side}]")
        _check_tiling(self.bands)

    def band_for(self, volume: Decimal | int | str) -> WorkloadBand | None:
        """The band `volume` lies in; None without bands.

        Examples:
            >>> import slacore as sla
            >>> w = sla.Workload(
            ...     sla.TicketVolume(),
            ...     1000,
            ...     bands=[
            ...         sla.WorkloadBand("normal", low=0, high=120),
            ...         sla.WorkloadBand("surge", low=120),
            ...     ],
            ... )
            >>> w.band_for(1200).name
            'surge'
        """
        return _band(self, _volume(volume))

    def assess(self, volume: Decimal | int | str) -> WorkloadResult:
        """What `volume` in one period means under this workload.

        The rule, exact in `Decimal`: the dead band runs from ``planned * (100 -
        below) / 100`` to ``planned * (100 + above) / 100``, edges included.
        Above it, the units above are ``volume - upper edge`` (``volume -
        planned`` when counted from the plan), and the charge is their number
        times `charge_per_unit`; below it likewise with `credit_per_unit`. The
        renegotiation band is crossed when the volume lies strictly beyond it.
        Amounts are rounded half-even to cents once.

        Raises:
            AgreementError: If `volume` is not a finite number, or negative.
        """
        return assess(self, _volume(volume))


def _volume(value: object) -> Decimal:
    return _number(value, "volume", MAX_AMOUNT * MAX_AMOUNT)


def _check_tiling(bands: tuple[WorkloadBand, ...]) -> None:
    """The bands start at 0, each where the one before ends, the last without end."""
    names: set[str] = set()
    for index, band in enumerate(bands):
        where = f"bands[{index}]"
        if band.name in names:
            msg = f"{where}: band {band.name!r} is named twice"
            raise AgreementError(msg, field=f"{where}.name")
        names.add(band.name)
        if index == 0:
            if band.low != ZERO:
                msg = (
                    f"{where}.low is {band.low}: the first band starts at 0 so "
                    "that every volume lies in a band"
                )
                raise AgreementError(msg, field=f"{where}.low")
        else:
            before = bands[index - 1]
            end = before.high
            if end is None:
                msg = (
                    f"{where} follows band {before.name!r}, which has no end: "
                    "only the last band runs on without one"
                )
                raise AgreementError(msg, field=f"bands[{index - 1}].high")
            if band.low != end:
                what = "overlaps" if band.low < end else "leaves a gap after"
                msg = (
                    f"band {band.name!r} starts at {band.low} % and {what} band "
                    f"{before.name!r}, which ends at {end} %: each band starts "
                    "where the one before ends"
                )
                raise AgreementError(msg, field=f"{where}.low")
    if bands and bands[-1].high is not None:
        last = len(bands) - 1
        msg = (
            f"bands[{last}].high is {bands[-1].high}: the last band has no end, so "
            "that every volume lies in a band"
        )
        raise AgreementError(msg, field=f"bands[{last}].high")


@final
@attrs.frozen(kw_only=True)
class WorkloadResult:
    """A period's volume against plan: the band, the units outside the dead band.

    [`Workload.assess`][slacore.Workload.assess] gives one for a volume; each
    [`Report`][slacore.Report] of an agreement with a workload carries the
    period's as `workload`. The charge and the credit are per-unit terms of the
    workload, kept apart from the service credits.

    Attributes:
        volume: The volume.
        planned: The plan.
        percent_of_plan: ``volume * 100 / planned``, rounded to 28 digits.
        band: The band the volume lies in, or None without bands.
        within_dead_band: Whether the volume lies in the dead band.
        units_above: Units charged for above the dead band (0 inside it).
        units_below: Units credited for below it (0 inside it).
        charge: ``units_above * charge_per_unit``, rounded half-even to cents;
            None without a charge per unit.
        credit: ``units_below * credit_per_unit`` likewise.
        renegotiate: Whether the volume lies beyond the renegotiation band.
        version: The version of the agreement's terms the workload is of (0 as
            signed; in a report, the version in force at the period's end).

    Examples:
        >>> import slacore as sla
        >>> w = sla.Workload(sla.ContactVolume(), 2000, dead_band=(5, 10))
        >>> r = w.assess(1850)
        >>> r.percent_of_plan, r.units_below, r.credit
        (Decimal('92.5'), Decimal('50'), None)
    """

    volume: Decimal
    planned: Decimal
    percent_of_plan: Decimal
    band: WorkloadBand | None
    within_dead_band: bool
    units_above: Decimal
    units_below: Decimal
    charge: Decimal | None
    credit: Decimal | None
    renegotiate: bool
    version: int = 0

    @property
    def goals(self) -> tuple[GoalChange, ...]:
        """The goal changes in force in the band (none without a band)."""
        return () if self.band is None else self.band.goals

    @property
    def excused(self) -> frozenset[str]:
        """The objectives excused in the band (none without a band)."""
        return frozenset() if self.band is None else self.band.excused

    def summary(self) -> str:
        """One line for people: volume against plan, band, charge or credit.

        Examples:
            >>> import slacore as sla
            >>> w = sla.Workload(
            ...     sla.TicketVolume(), 100, dead_band=10, charge_per_unit=2
            ... )
            >>> print(w.assess(115).summary())
            115 against 100 planned (115 %): 5 units above the dead band, charge 10.00
        """
        text = (
            f"{_plain(self.volume)} against {_plain(self.planned)} planned "
            f"({_plain(self.percent_of_plan.quantize(Decimal('0.01')))} %)"
        )
        if self.band is not None:
            text += f", band {self.band.name}"
            if self.band.note:
                text += f" ({self.band.note})"
        if self.units_above:
            text += f": {_plain(self.units_above)} units above the dead band"
            if self.charge is not None:
                text += f", charge {self.charge}"
        elif self.units_below:
            text += f": {_plain(self.units_below)} units below the dead band"
            if self.credit is not None:
                text += f", credit {self.credit}"
        else:
            text += ": within the dead band"
        if self.excused:
            text += "; excused: " + ", ".join(sorted(self.excused))
        if self.renegotiate:
            text += "; beyond the renegotiation band"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-safe data (Decimals as strings)."""
        band = self.band
        return {
            "volume": str(self.volume),
            "planned": str(self.planned),
            "percent_of_plan": str(self.percent_of_plan),
            "band": None if band is None else band.name,
            "band_note": None if band is None else band.note,
            "goals": {c.objective: str(c.goal) for c in self.goals},
            "excused": sorted(self.excused),
            "within_dead_band": self.within_dead_band,
            "units_above": str(self.units_above),
            "units_below": str(self.units_below),
            "charge": None if self.charge is None else str(self.charge),
            "credit": None if self.credit is None else str(self.credit),
            "renegotiate": self.renegotiate,
            "version": self.version,
        }


def _edge(planned: Decimal, percent_: Decimal, sign: int) -> Decimal:
    """``planned * (100 + sign * percent) / 100``, exact."""
    factor = (
        _EXACT.add(HUNDRED, percent_)
        if sign > 0
        else _EXACT.subtract(HUNDRED, percent_)
    )
    return _EXACT.multiply(planned, factor).scaleb(-2, _EXACT)


def _tidy(value: Decimal) -> Decimal:
    """`value` without trailing zeros (``50.00`` as ``50``), never in exponent form."""
    found = value.normalize(_EXACT)
    if found.as_tuple().exponent > 0:  # type: ignore[operator]
        return found.quantize(Decimal(1), context=_EXACT)
    return found


def _cents(units: Decimal, rate: Decimal | None) -> Decimal | None:
    if rate is None:
        return None
    exact = _EXACT.multiply(units, rate)
    return exact.quantize(
        Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN, context=_EXACT
    )


def _band(workload: Workload, volume: Decimal) -> WorkloadBand | None:
    """The band holding `volume`; a negative sum (refunds) lies in the first."""
    for band in workload.bands:
        if band.holds(volume, workload.planned):
            return band
    return workload.bands[0] if workload.bands else None


def assess(workload: Workload, volume: Decimal) -> WorkloadResult:
    """The one statement of the workload rule (see `Workload.assess`)."""
    planned = workload.planned
    lower = _edge(planned, workload.dead_band[0], -1)
    upper = _edge(planned, workload.dead_band[1], 1)
    from_plan = workload.counted_from == "plan"
    above = below = ZERO
    if volume > upper:
        above = _EXACT.subtract(volume, planned if from_plan else upper)
    elif volume < lower:
        below = _EXACT.subtract(planned if from_plan else lower, volume)
    renegotiate = False
    if workload.renegotiate is not None:
        low_edge = _edge(planned, workload.renegotiate[0], -1)
        high_edge = _edge(planned, workload.renegotiate[1], 1)
        renegotiate = volume < low_edge or volume > high_edge
    return WorkloadResult(
        volume=volume,
        planned=planned,
        percent_of_plan=percent(volume, planned),
        band=_band(workload, volume),
        within_dead_band=lower <= volume <= upper,
        units_above=_tidy(above),
        units_below=_tidy(below),
        charge=_cents(above, workload.charge_per_unit),
        credit=_cents(below, workload.credit_per_unit),
        renegotiate=renegotiate,
    )


def _plain(value: Decimal) -> str:
    """A number without trailing zeros or exponent (``4.00`` as ``4``)."""
    return f"{value.normalize():f}"
