# Amendments: an agreement's history of terms. Each amendment takes effect at an
# instant and holds until the next one (or the agreement's end); the terms in force
# between two amendments are a version. A reporting period an amendment falls inside
# is cut into pieces, each measured and priced under its own version (see _terms).

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._decimal import EXACT, MAX_AMOUNT, MAX_PERCENT, divide
from ._instants import day_or_instant
from ._objective import Objective
from ._time import from_us, require_aware, to_us
from ._validators import bounded_decimal, typed_tuple
from ._workload import Workload
from .exceptions import AgreementError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ._agreement import Agreement

# Products of amounts and lengths in microseconds, exact (a month is 13 digits of
# microseconds, a fee up to 17): the one division a share needs rounds, not these.
_EXACT: Final = EXACT


def _to_when(value: datetime | date) -> datetime:
    # A date is read as local midnight once the agreement's zone is known.
    return value  # type: ignore[return-value]


def _to_optional_when(value: datetime | date | None) -> datetime | None:
    return None if value is None else _to_when(value)


def _check_when(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        require_aware(value, attribute.name)
        return
    if not isinstance(value, date):
        msg = (
            f"{attribute.name} must be a date or a datetime, got {type(value).__name__}"
        )
        raise TypeError(msg)


def _to_objectives(value: Iterable[Objective] | None) -> tuple[Objective, ...] | None:
    return None if value is None else typed_tuple(Objective, "objectives", value)


def _amount(value: Decimal | int | str | None, field: str, limit: Decimal) -> Any:
    if value is None:
        return None
    return bounded_decimal(value, field, AgreementError, limit)


def _to_fee(value: Decimal | int | str | None) -> Decimal | None:
    return _amount(value, "fee", MAX_AMOUNT)  # type: ignore[no-any-return]


def _to_at_risk(value: Decimal | int | str | None) -> Decimal | None:
    return _amount(value, "at_risk", MAX_PERCENT)  # type: ignore[no-any-return]


def _check_note(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name} must be a str, got {type(value).__name__}"
        raise TypeError(msg)


@final
@attrs.frozen
class Amendment:
    """A change to an agreement's terms that takes effect at an instant.

    The terms it does not name carry over from the version before it. It holds
    until the next amendment takes effect, or until the agreement ends.

    Attributes:
        effective: When it takes effect (a date means local midnight in the
            agreement's zone). Must fall after the agreement's `effective_from`
            and before its `effective_until`.
        objectives: The objectives from then on (the whole list, each with its
            goal and credit), or None to keep them.
        fee: The fee of one period from then on, or None to keep it. An
            amendment can change a fee, not add one to an agreement without.
        at_risk: The at-risk percent from then on, or None to keep it.
        until: When it stops holding, if stated: the instant the next amendment
            takes effect (or the agreement's `effective_until`). Optional; when
            given it is checked, so that amendments that overlap or leave a
            gap are refused.
        note: Free text: why, and who agreed (``"12-month review"``).
        workload: The workload from then on (a new baseline, bands, rates), or
            None to keep it. An amendment can change a workload, not add one
            to an agreement without.

    Raises:
        AgreementError: If it changes nothing, a fee or percent is out of range,
            or `until` is not after `effective`.

    Examples:
        >>> from datetime import date
        >>> import slacore as sla
        >>> tightened = sla.Objective("api", sla.Availability("api"), "99.9")
        >>> review = sla.Amendment(
        ...     date(2027, 1, 16), objectives=[tightened], note="12-month review"
        ... )
        >>> review.objectives[0].goal, review.fee
        (Decimal('99.9'), None)
    """

    effective: datetime = attrs.field(converter=_to_when, validator=_check_when)
    objectives: tuple[Objective, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_to_objectives
    )
    fee: Decimal | None = attrs.field(default=None, kw_only=True, converter=_to_fee)
    at_risk: Decimal | None = attrs.field(
        default=None, kw_only=True, converter=_to_at_risk
    )
    until: datetime | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_when, validator=_check_when
    )
    note: str = attrs.field(default="", kw_only=True, validator=_check_note)
    workload: Workload | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(Workload)),
    )

    def __attrs_post_init__(self) -> None:
        if (
            self.objectives is None
            and self.fee is None
            and self.at_risk is None
            and self.workload is None
        ):
            msg = (
                "an amendment changes objectives, fee, at_risk or workload; "
                "this one none"
            )
            raise AgreementError(msg, field="objectives")
        if self.objectives is not None and not self.objectives:
            msg = "an amendment's objectives must not be empty (an agreement needs one)"
            raise AgreementError(msg, field="objectives")
        effective: object = self.effective  # a date until the zone is known
        until: object = self.until
        if (
            isinstance(effective, datetime)
            and isinstance(until, datetime)
            and to_us(until, "until") <= to_us(effective, "effective")
        ):
            msg = (
                f"until {until.isoformat()} must be after effective "
                f"{effective.isoformat()}"
            )
            raise AgreementError(msg, field="until")


@final
@attrs.frozen(kw_only=True)
class AgreementVersion:
    """The terms of an agreement in force between two amendments.

    Version 0 is the agreement as signed (its own objectives, fee and at-risk
    percent, from `effective_from`); version ``n`` holds from its `n`-th
    amendment on.

    Attributes:
        number: 0 for the agreement as signed, ``n`` after its `n`-th amendment.
        effective: When this version takes effect.
        until: When the next one does (or the agreement ends); None for the last
            version of an agreement without an end.
        objectives: The objectives in force.
        fee: The fee of one period, or None.
        at_risk: The at-risk percent, or None.
        note: The amendment's note ("" for version 0).
        workload: The workload in force, or None.

    Examples:
        >>> from datetime import date
        >>> import slacore as sla
        >>> a = sla.Agreement(
        ...     "Hosting",
        ...     "customer",
        ...     [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")],
        ...     [sla.Objective("api", sla.Availability("api"), "99.5")],
        ...     effective_from=date(2026, 1, 16),
        ...     amendments=[
        ...         sla.Amendment(
        ...             date(2027, 1, 16),
        ...             objectives=[
        ...                 sla.Objective("api", sla.Availability("api"), "99.9")
        ...             ],
        ...         )
        ...     ],
        ... )
        >>> [(v.number, v.objectives[0].goal) for v in a.versions]
        [(0, Decimal('99.5')), (1, Decimal('99.9'))]
        >>> from datetime import datetime, timezone
        >>> a.version_at(datetime(2027, 3, 1, tzinfo=timezone.utc)).number
        1
    """

    number: int
    effective: datetime
    until: datetime | None
    objectives: tuple[Objective, ...]
    fee: Decimal | None
    at_risk: Decimal | None
    note: str = ""
    workload: Workload | None = None


@final
@attrs.frozen(kw_only=True)
class Piece:
    """The part of one reporting period one version was in force.

    Attributes:
        period: The index of its period in the list it was cut from.
        start: Its start (the period's start, or an amendment's instant).
        end: Its end.
        lo: `start` in microseconds.
        hi: `end` in microseconds.
        version: The version in force.
        whole: The period's length in microseconds, or None when the piece is
            the whole period.
    """

    period: int
    start: datetime
    end: datetime
    lo: int
    hi: int
    version: AgreementVersion
    whole: int | None


def _place(index: int, field: str | None) -> str:
    return f"amendments[{index}]" + (f".{field}" if field else "")


def resolve(agreement: Agreement) -> tuple[Amendment, ...]:
    """The agreement's amendments with dates read as instants, checked in order.

    Each takes effect after the one before (and after `effective_from`, before
    `effective_until`); a stated `until` must be where the next takes effect (or
    the agreement's end). Each version must be a valid agreement in itself.

    Raises:
        AgreementError: Naming the place, such as ``amendments[1].effective``.
    """
    value: object = agreement.amendments
    found = typed_tuple(Amendment, "amendments", value)  # type: ignore[arg-type]
    tz = agreement.tz
    resolved = []
    for index, amendment in enumerate(found):
        try:
            effective = day_or_instant(amendment.effective, "effective", tz)
            until = amendment.until
            if until is not None:
                until = day_or_instant(until, "until", tz)
            resolved.append(attrs.evolve(amendment, effective=effective, until=until))
        except AgreementError as exc:
            raise AgreementError(str(exc), field=_place(index, exc.field)) from None
    _check_order(agreement, resolved)
    _check_versions(agreement, resolved)
    return tuple(resolved)


def _check_order(agreement: Agreement, amendments: Sequence[Amendment]) -> None:
    begins = agreement.effective_from
    ends = agreement.effective_until
    previous: Amendment | None = None
    for index, amendment in enumerate(amendments):
        at = amendment.effective
        at_us = to_us(at, "effective")
        where = _place(index, "effective")
        if at_us <= to_us(begins, "effective_from"):
            msg = (
                f"{where} {at.isoformat()} must be after effective_from "
                f"{begins.isoformat()}: the agreement as signed holds until its "
                "first amendment"
            )
            raise AgreementError(msg, field=where)
        if ends is not None and at_us >= to_us(ends, "effective_until"):
            msg = (
                f"{where} {at.isoformat()} must be before effective_until "
                f"{ends.isoformat()}"
            )
            raise AgreementError(msg, field=where)
        if previous is not None:
            _check_pair(index, previous, amendment)
        previous = amendment
    if previous is not None and previous.until is not None:
        last = len(amendments) - 1
        until = previous.until
        if ends is None or to_us(until, "until") != to_us(ends, "effective_until"):
            where = _place(last, "until")
            if ends is not None and until > ends:
                msg = (
                    f"{where} {until.isoformat()} overlaps the agreement's end: it "
                    f"ends {ends.isoformat()}"
                )
            else:
                after = "has no end" if ends is None else f"ends {ends.isoformat()}"
                msg = (
                    f"{where} {until.isoformat()} leaves a gap: no amendment "
                    f"follows it and the agreement {after}"
                )
            raise AgreementError(msg, field=_place(last, "until"))


def _check_pair(index: int, previous: Amendment, amendment: Amendment) -> None:
    at = amendment.effective
    at_us = to_us(at, "effective")
    before = _place(index - 1, "")
    where = _place(index, "effective")
    if at_us <= to_us(previous.effective, "effective"):
        same = at_us == to_us(previous.effective, "effective")
        reason = "at the same instant as" if same else "before"
        msg = (
            f"{where} {at.isoformat()} takes effect {reason} {before} "
            f"({previous.effective.isoformat()}): amendments overlap unless each "
            "takes effect after the one before"
        )
        raise AgreementError(msg, field=where)
    until = previous.until
    if until is None:
        return
    until_us = to_us(until, "until")
    if at_us < until_us:
        msg = (
            f"{where} {at.isoformat()} overlaps {before}, which holds until "
            f"{until.isoformat()}"
        )
        raise AgreementError(msg, field=where)
    if at_us > until_us:
        msg = (
            f"{where} {at.isoformat()} leaves a gap after {before}, which ends "
            f"{until.isoformat()}: no terms would be in force in between"
        )
        raise AgreementError(msg, field=where)


def _check_versions(agreement: Agreement, amendments: Sequence[Amendment]) -> None:
    """Each version is an agreement in itself: its objectives fit its terms."""
    objectives = agreement.objectives
    fee, at_risk = agreement.fee, agreement.at_risk
    workload = agreement.workload
    for index, amendment in enumerate(amendments):
        for term, before in (("fee", fee), ("workload", workload)):
            if getattr(amendment, term) is not None and before is None:
                msg = (
                    f"{_place(index, term)}: the agreement has no {term}; an "
                    f"amendment can change a {term}, not add one"
                )
                raise AgreementError(msg, field=_place(index, term))
        objectives = amendment.objectives or objectives
        fee = amendment.fee if amendment.fee is not None else fee
        at_risk = amendment.at_risk if amendment.at_risk is not None else at_risk
        workload = amendment.workload or workload
        try:
            attrs.evolve(
                agreement,
                objectives=objectives,
                fee=fee,
                at_risk=at_risk,
                workload=workload,
                termination=None,
                amendments=(),
            )
        except AgreementError as exc:
            msg = f"{_place(index, '')}: {exc}"
            raise AgreementError(msg, field=_place(index, exc.field)) from None


def amended_names(agreement: Agreement) -> set[str]:
    """The names of the objectives the agreement's amendments bring in."""
    found: set[str] = set()
    amendments: object = agreement.amendments
    if isinstance(amendments, tuple):
        for amendment in amendments:
            if isinstance(amendment, Amendment) and amendment.objectives:
                found.update(o.name for o in amendment.objectives)
    return found


def versions_of(agreement: Agreement) -> tuple[AgreementVersion, ...]:
    """The versions of the agreement's terms, in order (version 0 first)."""
    amendments = agreement.amendments
    found = []
    objectives = agreement.objectives
    fee, at_risk = agreement.fee, agreement.at_risk
    workload = agreement.workload
    effective, note = agreement.effective_from, ""
    for number in range(len(amendments) + 1):
        if number:
            amendment = amendments[number - 1]
            objectives = amendment.objectives or objectives
            fee = amendment.fee if amendment.fee is not None else fee
            at_risk = amendment.at_risk if amendment.at_risk is not None else at_risk
            workload = amendment.workload or workload
            effective, note = amendment.effective, amendment.note
        until = (
            amendments[number].effective
            if number < len(amendments)
            else agreement.effective_until
        )
        found.append(
            AgreementVersion(
                number=number,
                effective=effective,
                until=until,
                objectives=objectives,
                fee=fee,
                at_risk=at_risk,
                note=note,
                workload=workload,
            )
        )
    return tuple(found)


def version_index(versions: Sequence[AgreementVersion], t_us: int) -> int:
    """The number of the version in force at `t_us` (the first before any)."""
    starts = [to_us(v.effective, "effective") for v in versions]
    return max(bisect_right(starts, t_us) - 1, 0)


def every_objective(agreement: Agreement) -> tuple[Objective, ...]:
    """The objectives of every version, each distinct one once, in order."""
    return tuple(dict.fromkeys(o for v in agreement.versions for o in v.objectives))


def pieces_of(
    agreement: Agreement, periods: Sequence[tuple[datetime, datetime]]
) -> tuple[Piece, ...]:
    """The periods cut where an amendment takes effect inside one.

    A period no amendment falls inside is one piece (its `whole` is None);
    without amendments the pieces are the periods.
    """
    versions = agreement.versions
    starts = [to_us(v.effective, "effective") for v in versions]
    found = []
    for position, (start, end) in enumerate(periods):
        lo, hi = to_us(start, "start"), to_us(end, "end")
        number = version_index(versions, lo)
        cuts = [
            (starts[n], n) for n in range(number + 1, len(versions)) if starts[n] < hi
        ]
        if not cuts:
            found.append(
                Piece(
                    period=position,
                    start=start,
                    end=end,
                    lo=lo,
                    hi=hi,
                    version=versions[number],
                    whole=None,
                )
            )
            continue
        bounds = [(lo, start, number)]
        bounds += [(us, from_us(us, agreement.tz), n) for us, n in cuts]
        bounds.append((hi, end, -1))
        for (a_us, a, n), (b_us, b, _) in pairwise(bounds):
            found.append(
                Piece(
                    period=position,
                    start=a,
                    end=b,
                    lo=a_us,
                    hi=b_us,
                    version=versions[n],
                    whole=hi - lo,
                )
            )
    return tuple(found)


def share(value: Decimal, piece: Piece) -> Decimal:
    """`value` times the piece's share of its period's length (real time)."""
    if piece.whole is None:
        return value
    return divide(dot([value], [piece.hi - piece.lo]), piece.whole)


def weights(pieces: Sequence[Piece]) -> list[Decimal]:
    """What each piece of a period weighs in the period's percents.

    Its version's fee times its length when the versions have a fee (so that a
    percent of the period is a percent of the period's fee), else its length.
    """
    fees = [piece.version.fee for piece in pieces]
    lengths = [Decimal(piece.hi - piece.lo) for piece in pieces]
    if any(fee is None for fee in fees) or not any(fees):
        return lengths
    return [_EXACT.multiply(fee, n) for fee, n in zip(fees, lengths, strict=True)]  # type: ignore[arg-type]


def dot(values: Iterable[Decimal], by: Iterable[Decimal | int]) -> Decimal:
    """The sum of the products, exact (no rounding)."""
    total = Decimal(0)
    for value, weight in zip(values, by, strict=True):
        total = _EXACT.add(total, _EXACT.multiply(value, weight))
    return total


def exact_total(values: Iterable[Decimal]) -> Decimal:
    """The sum, exact (no rounding)."""
    total = Decimal(0)
    for value in values:
        total = _EXACT.add(total, value)
    return total
