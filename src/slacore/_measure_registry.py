# The measure kinds files can name: slacore's own, then any a library registers.

from __future__ import annotations

from typing import Any, Final, TypeAlias, TypeVar

import attrs

from ._contact_measures import AbandonRate, AverageWait, ServiceLevel
from ._group_measures import GroupAttainment
from ._measures import SOURCES, GoalRule
from ._outage_measures import Availability
from ._percentile_measures import RecordPercentile, TicketPercentile, WaitPercentile
from ._record_measures import Deadline, Ratio, Volume
from ._survey_measures import AverageScore, NetPromoterScore
from ._ticket_measures import MeanTime, TicketAttainment
from ._volume_measures import ContactVolume, TicketVolume
from .exceptions import AgreementError

BuiltinMeasure: TypeAlias = (
    TicketAttainment
    | Availability
    | ServiceLevel
    | NetPromoterScore
    | AverageScore
    | Volume
    | Deadline
    | MeanTime
    | AbandonRate
    | AverageWait
    | Ratio
    | GroupAttainment
    | TicketPercentile
    | WaitPercentile
    | RecordPercentile
    | TicketVolume
    | ContactVolume
)
"""Any of slacore's own measures."""

MEASURES: Final = (
    TicketAttainment,
    Availability,
    ServiceLevel,
    NetPromoterScore,
    AverageScore,
    Volume,
    Deadline,
    MeanTime,
    AbandonRate,
    AverageWait,
    Ratio,
    GroupAttainment,
    TicketPercentile,
    WaitPercentile,
    RecordPercentile,
    TicketVolume,
    ContactVolume,
)

_REGISTRY: dict[str, type[Any]] = {cls.kind: cls for cls in MEASURES}
_M = TypeVar("_M", bound=type[Any])


def check_measure_class(cls: object) -> list[str]:
    """What `cls` lacks to be a measure class; empty when it is one."""
    if not isinstance(cls, type):
        return [f"a class, got {type(cls).__name__}"]
    found = []
    if not attrs.has(cls):
        found.append("to be an attrs class (attrs.frozen)")
    elif getattr(cls, "__hash__", None) is None:
        found.append("to be hashable (attrs.frozen)")
    kind = getattr(cls, "kind", None)
    if not isinstance(kind, str) or not kind.isidentifier():
        found.append(f"a `kind` class attribute naming it, got {kind!r}")
    reads = getattr(cls, "reads", None)
    if reads not in SOURCES:
        names = ", ".join(SOURCES)
        found.append(f"`reads`, one of {names}, got {reads!r}")
    if not isinstance(getattr(cls, "goal_rule", None), GoalRule):
        found.append("a `goal_rule` class attribute (a GoalRule)")
    if not callable(getattr(cls, "outcome", None)):
        found.append("an `outcome(period, objective)` method")
    return found


def register_measure(cls: _M) -> _M:
    """Register a measure class so agreement files can name it by its `kind`.

    Objectives and evaluation accept any measure without registration; files
    name measures by `kind`, and only registered kinds load (an unknown one is a
    file problem listing the known kinds). Registering the same class twice is
    harmless; another class under a taken `kind` is refused. Usable as a class
    decorator.

    Raises:
        AgreementError: If `cls` is not a measure class (it names what is
            missing) or its `kind` is taken by another class.

    Examples:
        >>> import slacore as sla
        >>> sla.register_measure(sla.Volume) is sla.Volume  # already registered
        True

        The library authors' guide registers a measure of its own end to end.
    """
    missing = check_measure_class(cls)
    if missing:
        msg = f"{getattr(cls, '__name__', cls)!r} is not a measure class: it needs "
        raise AgreementError(msg + "; ".join(missing), field="measure")
    taken = _REGISTRY.get(cls.kind)
    if taken is not None and taken is not cls:
        msg = f"measure kind {cls.kind!r} is taken by {taken.__qualname__}"
        raise AgreementError(msg, field="measure")
    _REGISTRY[cls.kind] = cls
    return cls


def measure_class(kind: str) -> type[Any] | None:
    """The registered measure class whose `kind` is `kind`, or None."""
    return _REGISTRY.get(kind)


def measure_kinds() -> tuple[str, ...]:
    """The kinds of every registered measure, slacore's own first.

    Examples:
        >>> import slacore as sla
        >>> sla.measure_kinds()[:3]
        ('ticket_attainment', 'availability', 'service_level')
    """
    return tuple(_REGISTRY)
