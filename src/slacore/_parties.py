# The parties of an agreement, who owes what to whom, and when it may end.

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, final

import attrs

from ._validators import enum_value, text, whole_number
from .exceptions import AgreementError

if TYPE_CHECKING:
    from collections.abc import Iterable


@final
class AgreementKind(enum.Enum):
    """Who the agreement is between.

    ``CUSTOMER``: a provider and its customer(s). ``INTERNAL``: two departments of
    one company (marketing promises sales qualified leads). ``MULTI_LEVEL``: several
    providers and/or customers, objectives owned by different providers.
    ``VENDOR``: a supplier the company itself buys from (an underpinning contract).

    Examples:
        >>> AgreementKind("internal")
        <AgreementKind.INTERNAL: 'internal'>
    """

    CUSTOMER = "customer"
    INTERNAL = "internal"
    MULTI_LEVEL = "multi_level"
    VENDOR = "vendor"


@final
class Structure(enum.Enum):
    """How the agreement is organised.

    ``CUSTOMER_BASED``: one customer, all the services it uses. ``SERVICE_BASED``:
    one service (or set) for every customer. ``MULTI_LEVEL``: corporate, customer
    and service levels in one document.

    Examples:
        >>> Structure("service_based")
        <Structure.SERVICE_BASED: 'service_based'>
    """

    CUSTOMER_BASED = "customer_based"
    SERVICE_BASED = "service_based"
    MULTI_LEVEL = "multi_level"


@final
class Role(enum.Enum):
    """A party's side of the agreement.

    Examples:
        >>> Role("provider")
        <Role.PROVIDER: 'provider'>
    """

    PROVIDER = "provider"
    CUSTOMER = "customer"


@final
class ResponsibilityKind(enum.Enum):
    """What a [`Responsibility`][slacore.Responsibility] entry records.

    ``DUTY``: something the party must do. ``REPORT``: the party receives the
    period report. ``ESCALATION``: the party is the escalation contact.

    Examples:
        >>> ResponsibilityKind("escalation")
        <ResponsibilityKind.ESCALATION: 'escalation'>
    """

    DUTY = "duty"
    REPORT = "report"
    ESCALATION = "escalation"


def to_kind(value: AgreementKind | str) -> AgreementKind:
    return enum_value(AgreementKind, "kind", value, AgreementError)


def _to_role(value: Role | str) -> Role:
    return enum_value(Role, "role", value, AgreementError)


def _to_duty(value: ResponsibilityKind | str) -> ResponsibilityKind:
    return enum_value(ResponsibilityKind, "kind", value, AgreementError)


def to_structure(value: Structure | str | None) -> Structure:
    # None is resolved from the parties once they are known (see Agreement).
    if value is None:
        return value  # type: ignore[return-value]
    return enum_value(Structure, "structure", value, AgreementError)


check_text: Final = text(AgreementError)
"""An agreement's name-like field: a str that is not blank."""
check_optional_text: Final = text(AgreementError, optional=True)
"""An agreement's optional name-like field: None, or a str that is not blank."""


@final
@attrs.frozen
class Party:
    """One side of an agreement, with its contact point.

    Attributes:
        name: The party's name, unique within the agreement.
        role: ``provider`` or ``customer`` (several of each in a multi-level
            agreement).
        contact: Who to reach (an address, a team alias), or None.

    Examples:
        >>> Party("Acme Support", "provider", contact="support@acme.example").role
        <Role.PROVIDER: 'provider'>
    """

    name: str = attrs.field(validator=check_text)
    role: Role = attrs.field(converter=_to_role)
    contact: str | None = attrs.field(default=None, validator=check_optional_text)


@final
@attrs.frozen
class Responsibility:
    """Who must do what: a duty, a report recipient or an escalation contact.

    Attributes:
        party: The name of a party of the agreement.
        description: What the duty is ("keep the status page current").
        kind: A duty, a report recipient or an escalation contact.

    Examples:
        >>> Responsibility("Sales", "receives the monthly report", kind="report").kind
        <ResponsibilityKind.REPORT: 'report'>
    """

    party: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)
    kind: ResponsibilityKind = attrs.field(
        default=ResponsibilityKind.DUTY,
        kw_only=True,
        converter=_to_duty,
    )


def _to_names(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@final
@attrs.frozen
class TerminationRule:
    """When the customer may terminate: objectives missed N periods running.

    A period counts as missed when any of the named objectives (all, by default)
    was missed in it; a period where they were all met, or could not be measured,
    ends the run.

    Attributes:
        consecutive_misses: How many missed periods in a row give the right to
            terminate.
        objectives: The names of the objectives that count; None counts all.

    Examples:
        >>> TerminationRule(3).consecutive_misses
        3
    """

    consecutive_misses: int = attrs.field(default=3)
    objectives: frozenset[str] | None = attrs.field(default=None, converter=_to_names)

    def __attrs_post_init__(self) -> None:
        whole_number(
            self.consecutive_misses,
            "consecutive_misses",
            AgreementError,
            minimum=1,
            below="{name} must be at least 1, got {value}",
        )
        if self.objectives is not None and not self.objectives:
            msg = "termination objectives must name at least one (None means all)"
            raise AgreementError(msg, field="objectives")
