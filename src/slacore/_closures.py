# Closures and openings: dated exceptions to a calendar's hours, the closed periods
# that win over everything and the extra open periods that win over hours, shifts
# and holidays.

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, final

import attrs

from ._intervals import Span, merge
from ._time import require_aware, to_us
from .exceptions import CalendarError

if TYPE_CHECKING:
    from datetime import datetime


def _check_span(kind: str) -> Any:
    def check(
        instance: Any, _attribute: attrs.Attribute[datetime], value: datetime
    ) -> None:
        if to_us(value, f"{kind}.end") <= to_us(instance.start, f"{kind}.start"):
            msg = (
                f"{kind} end {value.isoformat()} is not after its start "
                f"{instance.start.isoformat()}"
            )
            raise CalendarError(msg, field="end")

    return check


def _aware(kind: str) -> Any:
    def check(
        _instance: Any, attribute: attrs.Attribute[datetime], value: datetime
    ) -> None:
        require_aware(value, f"{kind}.{attribute.name}")

    return check


@final
@attrs.frozen
class Closure:
    """A period the calendar is closed, whatever its hours, shifts or openings say.

    Closures win over everything else in a calendar.

    Attributes:
        start: First closed instant (inclusive), timezone-aware.
        end: First instant after the closure (exclusive), timezone-aware.
        reason: Free text, for people.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Closure(
        ...     datetime(2025, 6, 2, 12, tzinfo=timezone.utc),
        ...     datetime(2025, 6, 2, 14, tzinfo=timezone.utc),
        ...     reason="staff party",
        ... ).reason
        'staff party'
    """

    start: datetime = attrs.field(validator=_aware("closure"))
    end: datetime = attrs.field(validator=[_aware("closure"), _check_span("closure")])
    reason: str = attrs.field(default="", kw_only=True)


@final
@attrs.frozen
class Opening:
    """A period the calendar is open on top of its hours, e.g. a working Saturday.

    Openings win over hours, shifts and holidays; closures win over openings.

    Attributes:
        start: First open instant (inclusive), timezone-aware.
        end: First instant after the opening (exclusive), timezone-aware.
        reason: Free text, for people.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Opening(
        ...     datetime(2025, 6, 7, 9, tzinfo=timezone.utc),
        ...     datetime(2025, 6, 7, 13, tzinfo=timezone.utc),
        ... ).end.hour
        13
    """

    start: datetime = attrs.field(validator=_aware("opening"))
    end: datetime = attrs.field(validator=[_aware("opening"), _check_span("opening")])
    reason: str = attrs.field(default="", kw_only=True)


def _to_periods(kind: type[Closure | Opening]) -> Any:
    def convert(value: Iterable[Any]) -> tuple[Any, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            name = kind.__name__.lower()
            msg = f"{name}s must be an iterable, got {type(value).__name__}"
            raise TypeError(msg)
        out = []
        for item in value:
            if isinstance(item, kind):
                out.append(item)
            elif isinstance(item, tuple) and len(item) in (2, 3):
                out.append(
                    kind(item[0], item[1], reason=item[2] if len(item) == 3 else "")
                )
            else:
                msg = (
                    f"{kind.__name__.lower()}s must hold {kind.__name__} objects or "
                    f"(start, end) pairs, got {item!r}"
                )
                raise TypeError(msg)
        return tuple(sorted(out, key=lambda p: (to_us(p.start, ""), to_us(p.end, ""))))

    return convert


_closures = _to_periods(Closure)
_openings = _to_periods(Opening)


def to_closures(value: Iterable[Any]) -> tuple[Closure, ...]:
    """Closures, or ``(start, end[, reason])`` tuples, as sorted `Closure` values."""
    return _closures(value)  # type: ignore[no-any-return]


def to_openings(value: Iterable[Any]) -> tuple[Opening, ...]:
    """Openings, or ``(start, end[, reason])`` tuples, as sorted `Opening` values."""
    return _openings(value)  # type: ignore[no-any-return]


def us_spans(periods: Iterable[Closure | Opening]) -> list[Span]:
    """The merged microsecond spans of closures or openings."""
    return merge((to_us(p.start, "start"), to_us(p.end, "end")) for p in periods)
