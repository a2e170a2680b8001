# Loading calendars from documents: named and inline calendars, hours, holidays, spans.

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any, Final

import holidays as holidays_lib

from ._calendar import ALWAYS, BusinessCalendar
from ._closures import Closure, Opening
from ._file_fields import BUILT_IN
from ._file_reader import Reader, show
from ._holidays import check_country
from ._hours import WeeklyHours, parse_day
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from zoneinfo import ZoneInfo

    from ._calendar import Calendar
    from ._file_lines import DocPath

# Conditions and inline calendars nest; a document deeper than this is refused
# rather than walked (and a reference cycle between named calendars is reported).
MAX_DEPTH: Final = 32
CALENDAR_KEYS: Final = ("hours", "tz", "holidays", "shifts", "closures", "openings")
COMPOSED_KEYS: Final = ("union", "intersection")
HOLIDAY_KEYS: Final = (
    "country",
    "market",
    "subdiv",
    "observed",
    "categories",
    "language",
    "added",
    "removed",
    "expand",
    "dates",
)
SPAN_KEYS: Final = ("start", "end", "reason")
HOURS_HINT: Final = (
    'weekly hours: a string such as "mon-fri 09:00-17:00" or a table such as '
    '{mon-fri = "09:00-17:00"}'
)
DAY_HINT: Final = 'hours of one day such as "09:00-12:00" or "closed"'
CALENDAR_HINT: Final = "a calendar name or a calendar table"


def top_zone(reader: Reader, document: Mapping[str, Any]) -> ZoneInfo:
    """The document's ``tz`` (the default zone of its calendars), else UTC."""
    if "tz" in document:
        found = reader.zone(document["tz"], ("tz",))
        if found is not None:
            return found
    return ALWAYS.tz


class CalendarLoader:
    """Builds the calendars of a document: named ones lazily, inline ones in place.

    Attributes:
        built: The named calendars built so far (None where one failed).
    """

    def __init__(self, reader: Reader, tz: ZoneInfo) -> None:
        self.r = reader
        self.tz = tz
        self.raw: dict[str, Any] = {}
        self.built: dict[str, Calendar | None] = {}
        self.resolving: list[str] = []

    def set_calendars(self, value: Any) -> None:
        """Take the ``calendars`` table (built lazily, on first reference)."""
        if value is None:
            return
        table = self.r.mapping(value, ("calendars",))
        if table is None:
            return
        if BUILT_IN in table:
            self.r.add(
                ("calendars", BUILT_IN),
                f"{BUILT_IN!r} is built in (open 24/7 in UTC) and cannot be redefined",
            )
        self.raw = {name: item for name, item in table.items() if name != BUILT_IN}

    def resolve_all(self) -> None:
        """Build every named calendar, referenced or not, to check them all."""
        for name in self.raw:
            self.named(name, ("calendars", name))

    def calendar(self, value: Any, path: DocPath, depth: int = 0) -> Calendar | None:
        """A calendar reference: a name, or a calendar table inline."""
        if isinstance(value, str):
            return self.named(value, path)
        if depth > MAX_DEPTH:
            self.r.add(path, f"calendars nested more than {MAX_DEPTH} deep")
            return None
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, CALENDAR_HINT)
            return None
        if any(key in value for key in COMPOSED_KEYS):
            return self.composed(value, path, depth)
        return self.business(value, path)

    def named(self, name: str, path: DocPath) -> Calendar | None:
        if name == BUILT_IN:
            return ALWAYS
        if name not in self.raw:
            names = ", ".join([BUILT_IN, *self.raw])
            self.r.add(
                path, "unknown calendar", expected="one of " + names, found=show(name)
            )
            return None
        if name in self.built:
            found = self.built[name]
            if found is None:
                self.r.fail()
            return found
        if name in self.resolving:
            cycle = " -> ".join([*self.resolving[self.resolving.index(name) :], name])
            self.r.add(path, f"calendars refer to each other in a cycle: {cycle}")
            return None
        self.resolving.append(name)
        found = self.calendar(self.raw[name], ("calendars", name), len(self.resolving))
        self.resolving.pop()
        self.built[name] = found
        if found is None:
            self.r.fail()
        return found

    def composed(
        self, value: dict[str, Any], path: DocPath, depth: int
    ) -> Calendar | None:
        table = self.r.table(value, path, COMPOSED_KEYS)
        if table is None:  # pragma: no cover - checked to be a table by `calendar`
            return None
        if len(table) != 1:
            self.r.add(path, "give either union or intersection, not both")
            return None
        key = next(iter(table))
        parts = self.r.array(
            table[key], (*path, key), lambda v, p: self.calendar(v, p, depth + 1)
        )
        if parts is None:
            return None
        if len(parts) < 2:
            self.r.add(
                (*path, key),
                f"a {key} needs at least two calendars",
                expected="an array of two or more calendars",
                found=f"{len(parts)}",
            )
            return None
        combined: Calendar
        if key == "union":
            combined = reduce(lambda a, b: a | b, parts)
        else:
            combined = reduce(lambda a, b: a & b, parts)
        return combined

    def business(self, value: dict[str, Any], path: DocPath) -> Calendar | None:
        table = self.r.table(value, path, CALENDAR_KEYS, ("hours",))
        if table is None:  # pragma: no cover - checked to be a table by `calendar`
            return None
        mark = self.r.mark()
        tz = self.tz
        if "tz" in table:
            tz = self.r.zone(table["tz"], (*path, "tz")) or tz
        kw: dict[str, Any] = {}
        self.r.optional(table, path, "hours", self.hours, kw)
        self.r.optional(table, path, "holidays", self.holidays, kw)
        self.r.optional(table, path, "shifts", self.shifts, kw)
        for key, kind in (("closures", Closure), ("openings", Opening)):
            if key in table:
                found = self.spans(table[key], (*path, key), kind, tz)
                if found is not None:
                    kw[key] = found
        if self.r.failed_since(mark) or "hours" not in kw:
            return None
        hours = kw.pop("hours")
        return self.r.build(path, lambda: BusinessCalendar(hours, tz=tz, **kw))

    def hours(self, value: Any, path: DocPath) -> WeeklyHours | None:
        spec = value
        if isinstance(value, dict):
            self.r.mapping(value, path)
            for day, hours in value.items():
                ok = isinstance(hours, str) or (
                    isinstance(hours, list) and all(isinstance(h, str) for h in hours)
                )
                if not ok:
                    self.r.wrong_type(hours, (*path, day), DAY_HINT)
                    return None
        elif not isinstance(value, str):
            self.r.wrong_type(value, path, HOURS_HINT)
            return None
        try:
            return WeeklyHours.parse(spec)
        except SlaError as exc:
            self.r.add(path, str(exc), expected=HOURS_HINT, found=show(value))
            return None

    def shifts(self, value: Any, path: DocPath) -> dict[date, str | list[str]] | None:
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[date, str | list[str]] = {}
        for key, hours in table.items():
            here = (*path, key)
            day = self.r.day(key, here)
            ok = isinstance(hours, str) or (
                isinstance(hours, list) and all(isinstance(h, str) for h in hours)
            )
            if not ok:
                self.r.wrong_type(hours, here, DAY_HINT)
                continue
            try:
                parse_day(hours, where=key)
            except SlaError as exc:
                self.r.add(here, str(exc), expected=DAY_HINT, found=show(hours))
                continue
            if day in found:
                self.r.add(here, "date given twice", found=show(key))
            elif day is not None:
                found[day] = hours
        return None if self.r.failed_since(mark) else found

    def spans(
        self, value: Any, path: DocPath, kind: type[Closure | Opening], tz: ZoneInfo
    ) -> list[Closure | Opening] | None:
        return self.r.array(value, path, lambda v, p: self.span(v, p, kind, tz))

    def span(
        self, value: Any, path: DocPath, kind: type[Closure | Opening], tz: ZoneInfo
    ) -> Closure | Opening | None:
        table = self.r.table(value, path, SPAN_KEYS, ("start", "end"))
        if table is None:
            return None
        mark = self.r.mark()
        kw: dict[str, Any] = {}
        for key in ("start", "end"):
            self.r.optional(table, path, key, lambda v, p: self.r.instant(v, p, tz), kw)
        self.r.optional(table, path, "reason", self.r.string, kw)
        if self.r.failed_since(mark) or "start" not in kw or "end" not in kw:
            return None
        field = kind.__name__.lower()
        return self.r.build(path, lambda: kind(**kw), rename={field: ("end",)})

    def holidays(self, value: Any, path: DocPath) -> Any:
        if isinstance(value, list):
            return self.r.array(value, path, self.r.day)
        if not isinstance(value, dict):
            self.r.wrong_type(value, path, "an array of dates or a holidays table")
            return None
        table = self.r.table(value, path, HOLIDAY_KEYS)
        if table is None:  # pragma: no cover - checked to be a table above
            return None
        mark = self.r.mark()
        sources = [key for key in ("country", "market") if key in table]
        if len(sources) != 1:
            self.r.add(
                path,
                "give a country or a market" if not sources else "give one of them",
                expected='country = "DE" or market = "XNYS"',
            )
        kw: dict[str, Any] = {}
        for key in ("country", "market", "subdiv", "language"):
            self.r.optional(table, path, key, self.r.string, kw)
        for key in ("observed", "expand"):
            self.r.optional(table, path, key, self.r.boolean, kw)
        self.r.optional(table, path, "categories", self.r.strings, kw)
        self.r.optional(
            table, path, "removed", lambda v, p: self.r.array(v, p, self.r.day), kw
        )
        self.r.optional(
            table, path, "dates", lambda v, p: self.r.array(v, p, self.r.day), kw
        )
        self.r.optional(table, path, "added", self.added, kw)
        expand = kw.get("expand", True)
        if expand and "dates" in table:
            self.r.add((*path, "dates"), "dates are only given with expand = false")
        if not expand and ("added" in table or "removed" in table):
            self.r.add(path, "with expand = false, list the holidays in dates instead")
        if self.r.failed_since(mark):
            return None
        try:
            return holiday_base(kw)
        except Exception as exc:  # noqa: BLE001 - any failure of `holidays` is a problem
            code = kw.get("country") or kw.get("market")
            self.r.add(path, f"no holidays for {code!r}: {exc}", found=show(code))
            return None

    def added(self, value: Any, path: DocPath) -> dict[date, str] | None:
        if isinstance(value, list):
            days = self.r.array(value, path, self.r.day)
            return None if days is None else dict.fromkeys(days, "Holiday")
        table = self.r.mapping(value, path)
        if table is None:
            return None
        mark = self.r.mark()
        found: dict[date, str] = {}
        for key, name in table.items():
            day = self.r.day(key, (*path, key))
            text = self.r.string(name, (*path, key))
            if day is not None and text is not None:
                found[day] = text
        return None if self.r.failed_since(mark) else found


def holiday_base(kw: Mapping[str, Any]) -> holidays_lib.HolidayBase:
    """A `HolidayBase` from a holidays table's values (checked already)."""
    options: dict[str, Any] = {
        "subdiv": kw.get("subdiv"),
        "observed": kw.get("observed", True),
        "language": kw.get("language"),
    }
    if "categories" in kw:
        options["categories"] = tuple(kw["categories"])
    expand = kw.get("expand", True)
    if not expand:
        options.update(years=[], expand=False)
    if "country" in kw:
        check_country(kw["country"], kw.get("subdiv"))
        base = holidays_lib.country_holidays(kw["country"], **options)
    else:
        base = holidays_lib.financial_holidays(kw["market"], **options)
    if not expand:
        for day in kw.get("dates", ()):
            base[day] = "Holiday"
        return base
    # `pop` with a default that is not None: with None, holidays raises KeyError.
    for day in kw.get("removed", ()):
        base.pop(day, "")
    for day, name in kw.get("added", {}).items():
        base.pop(day, "")  # so the name replaces the day's names instead of joining
        base[day] = name
    return base
