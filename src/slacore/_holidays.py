from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeAlias

import attrs
import holidays as holidays_lib
from holidays import HolidayBase

from .exceptions import CalendarError

#: What `BusinessCalendar(holidays=...)` accepts.
HolidaysSpec: TypeAlias = "HolidayBase | Iterable[date] | HolidaySource | None"


def check_country(country: str, subdiv: str | None = None) -> None:
    """Raise `CalendarError` unless the holidays package knows `country` (and `subdiv`).

    Checked up front, so that a typo gets a message listing what there is, rather
    than whatever the holidays package raises.
    """
    supported = holidays_lib.list_supported_countries()
    if country not in supported:
        msg = f"the holidays package has no country {country!r}"
        raise CalendarError(msg, field="holidays")
    if subdiv is None:
        return
    entity = getattr(holidays_lib, country)
    known = {*entity.subdivisions, *getattr(entity, "subdivisions_aliases", {})}
    if subdiv not in known:
        codes = ", ".join(sorted(entity.subdivisions)) or "none"
        msg = f"country {country!r} has no subdivision {subdiv!r} (it has {codes})"
        raise CalendarError(msg, field="holidays")


# A `HolidayBase` fills in a year when asked about it, mutating itself: serialise that.
# (A lock shared by all sources rather than one each, so that calendars pickle.)
_POPULATE = threading.Lock()


def _base_params(base: HolidayBase) -> tuple[Any, ...]:
    categories = getattr(base, "categories", None)
    # `country_holidays("DE")` is an instance of the alias class `DE`, `Germany()` of
    # `Germany`: the country (or market) code is what they share.
    code = getattr(base, "country", None) or getattr(base, "market", None)
    return (
        "holidays" if code else type(base).__module__,
        code or type(base).__qualname__,
        getattr(base, "subdiv", None),
        getattr(base, "observed", True),
        frozenset(categories) if categories else frozenset(),
        getattr(base, "language", None),
        getattr(base, "expand", True),
    )


def _fresh(base: HolidayBase, years: Iterable[int]) -> HolidayBase | None:
    """A pristine instance with *base*'s settings, or None if it can't be rebuilt."""
    try:
        return type(base)(
            years=list(years),
            observed=base.observed,
            subdiv=base.subdiv,
            language=base.language,
            categories=base.categories,
        )
    except Exception:  # noqa: BLE001 - sums and exotic subclasses; fall back to a snapshot
        return None


@attrs.frozen(eq=False, repr=False)
class HolidaySource:
    """Immutable view of a holiday set: a frozenset of dates, or a `HolidayBase`.

    Compares and hashes by a value key: the dates for a plain iterable; for a
    `HolidayBase`, its class and settings plus whatever the user added to (or
    removed from) it by hand. The `HolidayBase` itself is copied and only asked,
    year by year, through a lock-protected cache.
    """

    key: tuple[Any, ...]
    fixed: frozenset[date] | None
    _base: HolidayBase | None
    _years: dict[int, frozenset[date]] = attrs.field(factory=dict)

    @classmethod
    def of(cls, spec: object) -> HolidaySource | None:
        """Convert what the user passed into a source (None for no holidays)."""
        if spec is None or isinstance(spec, HolidaySource):
            return spec
        if isinstance(spec, HolidayBase):
            return cls._of_base(spec)
        if isinstance(spec, str | bytes) or not isinstance(spec, Iterable):
            msg = (
                "holidays must be a holidays.HolidayBase or an iterable of dates, "
                f"got {type(spec).__name__}"
            )
            raise TypeError(msg)
        dates: set[date] = set()
        for index, item in enumerate(spec):
            if isinstance(item, datetime) or not isinstance(item, date):
                msg = (
                    f"holidays[{index}] must be a datetime.date, "
                    f"got {type(item).__name__} {item!r}"
                )
                raise CalendarError(msg, field="holidays")
            dates.add(item)
        fixed = frozenset(dates)
        return cls(("dates", fixed), fixed, None)

    @classmethod
    def _of_base(cls, base: HolidayBase) -> HolidaySource:
        params = _base_params(base)
        mine = copy.deepcopy(base)
        if not base.expand:
            fixed = frozenset(base.keys())
            return cls(("base", *params, fixed), fixed, None)
        fresh = _fresh(base, base.years)
        if fresh is None:
            snapshot = frozenset(base.items())
            return cls(("base-snapshot", *params, snapshot), None, mine)
        added = frozenset(
            (day, name) for day, name in base.items() if fresh.get(day) != name
        )
        removed = frozenset(day for day in fresh if day not in base)
        return cls(("base", *params, added, removed), None, mine)

    def dates_in(self, year: int) -> frozenset[date]:
        """The holiday dates of one calendar year."""
        found = self._years.get(year)
        if found is not None:
            return found
        if self.fixed is not None:
            found = frozenset(day for day in self.fixed if day.year == year)
        else:
            base = self._base
            assert base is not None  # noqa: S101 - one of the two is always set
            with _POPULATE:
                _ = date(year, 1, 1) in base  # an expanding base fills the year in
                found = frozenset(day for day in base if day.year == year)
        self._years[year] = found
        return found

    def bounds(self) -> tuple[date, date] | None:
        """First and last date of a finite set; None when it recurs every year."""
        if not self.fixed:  # recurring (None), or no dates at all
            return None
        return min(self.fixed), max(self.fixed)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HolidaySource):
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        if self.key[0] == "dates":
            return f"<holidays: {len(self.key[1])} dates>"
        return f"<holidays: {self.key[1]}.{self.key[2]} subdiv={self.key[3]!r}>"
