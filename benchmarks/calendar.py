"""Business-calendar benchmark: slacore side by side with its peers, in one run.

One seeded workload, the same inputs for every library: Mon-Fri 09:00-17:00
Europe/Berlin less ``holidays.Germany()``, aware datetimes in and out per call.

* A: 100,000 ``add`` calls, durations 0-40 business hours (microsecond resolution),
  starts spread over 2024-2026;
* B: 100,000 ``between`` calls over spans of up to 30 days;
* C: 1,000 ``add`` calls of 2,000 business hours;

each per call (a Python loop over aware datetimes) and batched (``add_many`` /
``between_many`` with plain lists and with numpy ``datetime64[us]`` arrays read as
UTC). slacore and workclock must agree on every result (exit status 1 otherwise);
pandas, exchange_calendars and businesstimedelta are spot-checked and reported, and
a brute-force oracle of API.md section 1 adjudicates any disagreement.

Run from the repository root::

    /work/venv/bin/python benchmarks/calendar.py [--quick] [--json PATH] [--profile]
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import json
import os
import platform
import random
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
TZ_NAME = "Europe/Berlin"
BERLIN = ZoneInfo(TZ_NAME)
HOURS_SPEC = "mon-fri 09:00-17:00"
# Peers that only know the holiday years they are given get these (slacore's
# `holidays.Germany()` expands to any year by itself). Workload C ends in 2028.
HOLIDAY_YEARS = range(2023, 2031)
WINDOW = (datetime(2024, 1, 1, tzinfo=BERLIN), datetime(2027, 1, 1, tzinfo=BERLIN))
BIG_HOURS = 2000

WORKLOADS = {"A": "add 0-40 h", "B": "between <=30 d", "C": "add 2000 h"}
LIBRARIES = [
    "slacore",
    "workclock",
    "pandas",
    "exchange_calendars",
    "businesstimedelta",
]
SUPPORT = ["holidays", "numpy", "pytz"]

NOTES = {
    "slacore": (
        "BusinessCalendar('mon-fri 09:00-17:00', tz='Europe/Berlin', "
        "holidays=holidays.Germany()); exact to the microsecond; batch = "
        "add_many/between_many."
    ),
    "workclock": (
        "Schedule([WorkDay(09:00, 17:00, Mon-Fri), Holidays(holidays.Germany("
        "years=2023..2030))], time_zone='Europe/Berlin'). workclock reads only the "
        "holiday years a python-holidays object already holds, so they are given; its "
        "Holidays close 00:00-24:00 local (the same as slacore's rule for 09-17 "
        "hours). Batch = Schedule.add_many/between_many (lists, or numpy arrays read "
        "as UTC; they go through Python lists of ints into the Rust core)."
    ),
    "pandas": (
        "CustomBusinessHour(n, start='09:00', end='17:00', weekmask='Mon..Fri', "
        "holidays=<same dates>); `t + offset` (offsets cached per n). No time-zone "
        "parameter: it works on the wall clock of the aware Timestamp (right here, "
        "as 09-17 never meets a Berlin DST change). n is an int: durations are "
        "rounded to whole hours (>= 1), starts kept. No business-duration API, so no "
        "between. A sum that ends exactly at closing time is moved to the next "
        "opening (counted as a documented difference)."
    ),
    "exchange_calendars": (
        "An ExchangeCalendar subclass: open 09:00, close 17:00, tz Europe/Berlin, "
        "Mon-Fri, adhoc_holidays = same dates, sessions precomputed for "
        "2023-06-01..2030-12-31 only, side='left'. Minute resolution: instants "
        "floored to the minute, durations rounded to whole minutes (>= 1). "
        "add = minute_offset(minute_to_trading_minute(t, 'next'), n - 1) + 1 min "
        "(the end of the n-th trading minute); between = minutes_distance(a, "
        "b - 1 min) trading minutes. Results are UTC Timestamps."
    ),
    "businesstimedelta": (
        "Rules([WorkDayRule(09:00, 17:00, Mon-Fri, tz=pytz Berlin), HolidayRule("
        "<same dates>, tz=pytz Berlin)]); `t + BusinessTimeDelta(rule, timedelta=d)` "
        "and rule.difference(a, b). difference() keeps whole seconds only and a zero "
        "duration means 'next opening', so instants are floored to the second and "
        "durations to whole seconds (>= 1 s). Results carry pytz tzinfo."
    ),
}


def unshadow_stdlib_calendar() -> None:
    """Drop this file's folder from sys.path.

    The file is called ``calendar.py``: run as a script, its folder comes first on
    sys.path and would shadow the standard ``calendar`` module that dateutil,
    holidays, pandas and ``importlib.metadata`` import. The imports at the top of
    this file do not touch it; everything else is imported after this runs.
    """
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    loaded = sys.modules.get("calendar")
    if loaded is not None and Path(getattr(loaded, "__file__", "")).parent == here:
        msg = "benchmarks/calendar.py was imported as the stdlib calendar module"
        raise RuntimeError(msg)


# -- small helpers -----------------------------------------------------------------


def to_us(value: datetime) -> int:
    return (value - EPOCH) // US


def from_us(us: int, tz: tzinfo = BERLIN) -> datetime:
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz)


def fmt_us(us: int) -> str:
    return from_us(us).isoformat()


def fmt_dur(us: int) -> str:
    """A duration as [-]H:MM:SS[.ffffff], hours not folded into days."""
    hours, rest = divmod(abs(us), US_PER_HOUR)
    minutes, rest = divmod(rest, US_PER_MINUTE)
    seconds, micros = divmod(rest, US_PER_SECOND)
    text = f"{'-' if us < 0 else ''}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{micros:06d}" if micros else text


def floor_to(us: int, unit: int) -> int:
    return us - us % unit


def try_import(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def version_of(dist: str) -> str:
    from importlib import metadata

    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"
    return version if try_import(dist) is not None else "not importable"


def datetimes_us(values: Iterable[datetime]) -> list[int]:
    return [(v - EPOCH) // US for v in values]


def deltas_us(values: Iterable[timedelta]) -> list[int]:
    return [v // US for v in values]


def minutes_us(values: Iterable[int]) -> list[int]:
    return [v * US_PER_MINUTE for v in values]


def array_us(values: Any) -> list[int]:
    import numpy as np

    arr = np.asarray(values)
    unit = "datetime64[us]" if arr.dtype.kind == "M" else "timedelta64[us]"
    return arr.astype(unit).view(np.int64).tolist()  # type: ignore[no-any-return]


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


# -- the workload ------------------------------------------------------------------


@dataclass
class Work:
    """Inputs of one workload: ``add(x, y)`` (y a duration) or ``between(x, y)``.

    Kept as integer microseconds (exact, for checks) and as the aware datetimes and
    timedeltas the libraries get (Europe/Berlin ZoneInfo).
    """

    kind: str  # "add" or "between"
    x_us: list[int]
    y_us: list[int]
    x: list[datetime] = field(init=False, repr=False)
    y: list[Any] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.x = [from_us(u) for u in self.x_us]
        if self.kind == "add":
            self.y = [timedelta(microseconds=v) for v in self.y_us]
        else:
            self.y = [from_us(u) for u in self.y_us]

    def __len__(self) -> int:
        return len(self.x_us)

    def results_us(self, values: Iterable[Any]) -> list[int]:
        return datetimes_us(values) if self.kind == "add" else deltas_us(values)

    def label(self, i: int) -> str:
        y = fmt_dur(self.y_us[i]) if self.kind == "add" else fmt_us(self.y_us[i])
        return f"{self.kind}({fmt_us(self.x_us[i])}, {y})"

    def fmt_result(self, us: int) -> str:
        return fmt_us(us) if self.kind == "add" else fmt_dur(us)

    def head(self, n: int) -> Work:
        return Work(self.kind, self.x_us[:n], self.y_us[:n])

    def sample(
        self, n: int, *, x_unit: int = 1, y_unit: int = 1, rnd: bool = False
    ) -> Work:
        """The first *n* items, instants floored to *x_unit* (ends to *y_unit*),
        durations floored (or rounded, *rnd*) to whole *y_unit*, at least one."""
        xs = [floor_to(u, x_unit) for u in self.x_us[:n]]
        if self.kind == "between":
            return Work("between", xs, [floor_to(u, y_unit) for u in self.y_us[:n]])
        ys = [
            round(v / y_unit) * y_unit if rnd else floor_to(v, y_unit)
            for v in self.y_us[:n]
        ]
        return Work("add", xs, [max(y_unit, v) for v in ys])


def random_instants(rng: random.Random, n: int) -> list[int]:
    lo, hi = to_us(WINDOW[0]), to_us(WINDOW[1])
    return [rng.randrange(lo, hi) for _ in range(n)]


def make_workloads(seed: int, n_ab: int, n_c: int) -> dict[str, Work]:
    rng = random.Random(seed)
    a_durations = [rng.randrange(0, 40 * US_PER_HOUR + 1) for _ in range(n_ab)]
    a = Work("add", random_instants(rng, n_ab), a_durations)
    b_starts = random_instants(rng, n_ab)
    b_ends = [s + rng.randrange(0, 30 * 24 * US_PER_HOUR + 1) for s in b_starts]
    b = Work("between", b_starts, b_ends)
    c = Work("add", random_instants(rng, n_c), [BIG_HOURS * US_PER_HOUR] * n_c)
    return {"A": a, "B": b, "C": c}


# -- an independent brute-force oracle, to adjudicate disagreements ---------------


class Oracle:
    """Day by day: Mon-Fri 09:00-17:00 local (PEP 495 fold=0), less holidays.

    API.md section 1 taken literally: between = open time in [a, b) (negated when
    b < a); add(t, d) = earliest s >= t with between(t, s) == d; for d < 0,
    subtract(t, -d) = latest s <= t with between(s, t) == -d. Slow, obviously right.
    """

    def __init__(self, holidays: set[date]) -> None:
        self.holidays = holidays
        self._days: dict[int, tuple[int, int] | None] = {}

    def day(self, ordinal: int) -> tuple[int, int] | None:
        if ordinal not in self._days:
            d = date.fromordinal(ordinal)
            span = None
            if d.weekday() < 5 and d not in self.holidays:
                start = datetime.combine(d, dtime(9), tzinfo=BERLIN)
                end = datetime.combine(d, dtime(17), tzinfo=BERLIN)
                span = (to_us(start), to_us(end))
            self._days[ordinal] = span
        return self._days[ordinal]

    @staticmethod
    def ordinal(us: int) -> int:
        return from_us(us).date().toordinal()

    def between(self, a: int, b: int) -> int:
        if b < a:
            return -self.between(b, a)
        total = 0
        for o in range(self.ordinal(a) - 1, self.ordinal(b) + 2):
            span = self.day(o)
            if span is not None:
                total += max(0, min(span[1], b) - max(span[0], a))
        return total

    def add(self, t: int, d: int) -> int:
        if d == 0:
            return t
        if d < 0:
            return self.subtract(t, -d)
        o = self.ordinal(t) - 1
        while True:
            span = self.day(o)
            o += 1
            if span is None or span[1] <= t:
                continue
            s = max(span[0], t)
            if d <= span[1] - s:
                return s + d
            d -= span[1] - s

    def subtract(self, t: int, d: int) -> int:
        o = self.ordinal(t) + 1
        while True:
            span = self.day(o)
            o -= 1
            if span is None or span[0] >= t:
                continue
            e = min(span[1], t)
            if d <= e - span[0]:
                return e - d
            d -= e - span[0]

    def answer(self, work: Work, i: int) -> int:
        op = self.add if work.kind == "add" else self.between
        return op(work.x_us[i], work.y_us[i])


# -- timing ------------------------------------------------------------------------


def race(
    runs: Sequence[Callable[[], Any]], repeats: int, min_total: float
) -> tuple[list[float], list[Any]]:
    """Best wall time of each run, timed in alternation so that a change in machine
    load hits the contenders alike.

    Each run is warmed up once (its result is kept for the checks). Then rounds:
    in each, every run is timed once, or more often (up to 50) until it has taken
    a tenth of *min_total*, so a short run gets many tries. At least *repeats*
    rounds, and more (up to 200) until the runs together took *min_total* per
    contender. The garbage collector is off while timing, as in `timeit`.
    """
    results = [run() for run in runs]
    best = [float("inf")] * len(runs)
    spent_total, rounds = 0.0, 0
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        while rounds < repeats or (
            spent_total < min_total * len(runs) and rounds < 200
        ):
            for i, run in enumerate(runs):
                spent, tries = 0.0, 0
                while tries == 0 or (spent < min_total / 10 and tries < 50):
                    t0 = time.perf_counter()
                    run()
                    elapsed = time.perf_counter() - t0
                    best[i] = min(best[i], elapsed)
                    spent, tries = spent + elapsed, tries + 1
                spent_total += spent
            rounds += 1
    finally:
        if enabled:
            gc.enable()
    return best, results


def per_call(
    fn: Callable[[Any, Any], Any], xs: Sequence[Any], ys: Sequence[Any]
) -> Callable[[], list[Any]]:
    """The same plain Python loop for every library."""

    def run() -> list[Any]:
        return [fn(x, y) for x, y in zip(xs, ys, strict=True)]

    return run


def batch(fn: Callable[[Any, Any], Any], xs: Any, ys: Any) -> Callable[[], Any]:
    def run() -> Any:
        return fn(xs, ys)

    return run


# -- the libraries -----------------------------------------------------------------


@dataclass
class Peers:
    """The calendars under test; None where a library is not installed."""

    slacore: Any
    np: Any | None
    workclock: Any | None
    pandas_offsets: dict[int, Any] | None
    xcals: Any | None
    btd: tuple[Any, Any] | None  # (businesstimedelta module, rule)
    setup_s: dict[str, float]


def german_dates() -> list[date]:
    import holidays

    return sorted(holidays.Germany(years=HOLIDAY_YEARS))


def build_peers() -> Peers:
    import holidays

    import slacore

    setup: dict[str, float] = {}
    t0 = time.perf_counter()
    cal = slacore.BusinessCalendar(HOURS_SPEC, tz=TZ_NAME, holidays=holidays.Germany())
    setup["slacore"] = time.perf_counter() - t0
    dates = german_dates()

    schedule = None
    if (wc := try_import("workclock")) is not None:
        t0 = time.perf_counter()
        german = wc.Holidays(holidays.Germany(years=HOLIDAY_YEARS))
        office = wc.WorkDay(dtime(9), dtime(17), range(5))
        schedule = wc.Schedule([office, german], time_zone=TZ_NAME)
        setup["workclock"] = time.perf_counter() - t0

    offsets = None
    if (pd := try_import("pandas")) is not None:
        t0 = time.perf_counter()
        cbh = pd.offsets.CustomBusinessHour
        weekmask = "Mon Tue Wed Thu Fri"
        offsets = {
            n: cbh(n=n, start="09:00", end="17:00", weekmask=weekmask, holidays=dates)
            for n in [*range(1, 41), BIG_HOURS]
        }
        setup["pandas"] = time.perf_counter() - t0

    xcals = None
    if pd is not None and try_import("exchange_calendars") is not None:
        t0 = time.perf_counter()
        xcals = make_xcals(dates)
        setup["exchange_calendars"] = time.perf_counter() - t0

    btd_pair = None
    btd, pytz = try_import("businesstimedelta"), try_import("pytz")
    if btd is not None and pytz is not None:
        zone = pytz.timezone(TZ_NAME)
        office = btd.WorkDayRule(dtime(9), dtime(17), [0, 1, 2, 3, 4], tz=zone)
        btd_pair = (btd, btd.Rules([office, btd.HolidayRule(dates, tz=zone)]))
    np = try_import("numpy")
    return Peers(cal, np, schedule, offsets, xcals, btd_pair, setup)


def make_xcals(dates: list[date]) -> Any:
    import pandas as pd
    from exchange_calendars.exchange_calendar import ExchangeCalendar

    closed = [pd.Timestamp(d) for d in dates]

    class BerlinOffice(ExchangeCalendar):  # type: ignore[misc]
        """Mon-Fri 09:00-17:00 Europe/Berlin less German national holidays."""

        name = "SLA-BERLIN"
        tz = BERLIN
        open_times = ((None, dtime(9)),)
        close_times = ((None, dtime(17)),)

        @property
        def adhoc_holidays(self) -> list[Any]:
            return closed

    xcals = BerlinOffice(start="2023-06-01", end="2030-12-31", side="left")
    _ = xcals.minutes_nanos  # build the minute index before timing
    return xcals


# -- peers on their own (sampled, rounded) inputs ----------------------------------


@dataclass
class PeerCase:
    """A peer's per-call loop over a sample, expressed in slacore's terms too."""

    library: str
    sample: Work  # the (rounded) inputs, for slacore and the checks
    call: Callable[[Any, Any], Any]
    args: tuple[Sequence[Any], Sequence[Any]]  # what the peer's loop gets
    to_us: Callable[[Iterable[Any]], list[int]]
    note: str
    # (slacore result, peer result) -> is this a documented semantic difference?
    explain: Callable[[int, int], bool] | None = None
    explained_as: str = ""


def pandas_case(peers: Peers, work: Work, n: int) -> PeerCase | str:
    if work.kind != "add":
        return "n/a: CustomBusinessHour has no business-duration (between) API"
    if peers.pandas_offsets is None:
        return "not installed"
    offsets, cal = peers.pandas_offsets, peers.slacore
    sample = work.sample(n, y_unit=US_PER_HOUR, rnd=True)

    def add(t: datetime, hours: int) -> Any:
        return t + offsets[hours]

    def closing_vs_opening(ours: int, theirs: int) -> bool:
        at = from_us(ours)
        return not cal.is_open(at) and theirs == to_us(cal.next_open(at))

    hours = [y // US_PER_HOUR for y in sample.y_us]
    return PeerCase(
        "pandas",
        sample,
        add,
        (sample.x, hours),
        datetimes_us,
        "sample; whole hours",
        closing_vs_opening,
        "closing time (slacore, API.md) vs next opening (pandas)",
    )


def xcals_case(peers: Peers, work: Work, n: int) -> PeerCase | str:
    if peers.xcals is None:
        return "not installed"
    import pandas as pd

    minute = pd.Timedelta(minutes=1)
    to_trading = peers.xcals.minute_to_trading_minute
    offset, distance = peers.xcals.minute_offset, peers.xcals.minutes_distance
    sample = work.sample(n, x_unit=US_PER_MINUTE, y_unit=US_PER_MINUTE, rnd=True)
    if work.kind == "between":

        def between(a: datetime, b: datetime) -> int:
            return 0 if b <= a else distance(a, b - minute)  # type: ignore[no-any-return]

        args = (sample.x, sample.y)
        return PeerCase(
            "exchange_calendars", sample, between, args, minutes_us, "sample; minutes"
        )

    def add(t: datetime, n: int) -> Any:
        return offset(to_trading(t, "next"), n - 1) + minute

    args = (sample.x, [y // US_PER_MINUTE for y in sample.y_us])
    return PeerCase(
        "exchange_calendars", sample, add, args, datetimes_us, "sample; minutes"
    )


def btd_case(peers: Peers, work: Work, n: int) -> PeerCase | str:
    if peers.btd is None:
        return "not installed"
    btd, rule = peers.btd
    delta = btd.BusinessTimeDelta
    sample = work.sample(n, x_unit=US_PER_SECOND, y_unit=US_PER_SECOND)
    if work.kind == "between":

        def between(a: datetime, b: datetime) -> timedelta:
            return rule.difference(a, b).timedelta  # type: ignore[no-any-return]

        args = (sample.x, sample.y)
        return PeerCase(
            "businesstimedelta", sample, between, args, deltas_us, "sample; seconds"
        )

    def add(t: datetime, d: timedelta) -> datetime:
        return t + delta(rule, timedelta=d)  # type: ignore[no-any-return]

    args = (sample.x, sample.y)
    return PeerCase(
        "businesstimedelta", sample, add, args, datetimes_us, "sample; seconds"
    )


PEER_CASES = {
    "pandas": pandas_case,
    "exchange_calendars": xcals_case,
    "businesstimedelta": btd_case,
}


# -- the benchmark -----------------------------------------------------------------


@dataclass
class Sizes:
    n_ab: int
    n_c: int
    samples: dict[str, dict[str, int]]  # peer -> workload -> calls
    edge: int
    oracle: int
    repeats: int
    peer_repeats: int
    min_total: float  # seconds of timed runs per measurement, at least

    @classmethod
    def for_run(cls, *, quick: bool) -> Sizes:
        samples = {
            "pandas": {"A": 2_000, "C": 1_000},
            "exchange_calendars": {"A": 10_000, "B": 10_000, "C": 1_000},
            "businesstimedelta": {"A": 1_000, "B": 500, "C": 20},
        }
        if not quick:
            return cls(100_000, 1_000, samples, 10_000, 300, 5, 3, 0.3)
        small = {
            p: {k: max(3, n // 10) for k, n in s.items()} for p, s in samples.items()
        }
        return cls(10_000, 100, small, 1_000, 100, 3, 2, 0.05)


@dataclass
class Row:
    workload: str
    library: str
    mode: str
    calls: int
    us_per_call: float | None
    ref_us_per_call: float | None = None  # slacore, same inputs, same mode
    note: str = ""

    @property
    def speedup(self) -> float | None:
        if (
            self.library == "slacore"
            or not self.us_per_call
            or not self.ref_us_per_call
        ):
            return None
        return self.us_per_call / self.ref_us_per_call


@dataclass
class Check:
    """One comparison of two result lists."""

    workload: str
    left: str
    right: str
    compared: int
    mismatches: int
    examples: list[str]
    fatal: bool
    explained: int = 0  # mismatches that are a documented semantic difference
    note: str = ""

    @property
    def status(self) -> str:
        if self.mismatches == self.explained:
            return "agree"
        return "MISMATCH" if self.fatal else "differ"


class Bench:
    def __init__(self, peers: Peers, sizes: Sizes, oracle: Oracle) -> None:
        self.peers = peers
        self.sizes = sizes
        self.oracle = oracle
        self.rows: list[Row] = []
        self.checks: list[Check] = []

    def measure(
        self,
        key: str,
        calls: int,
        entries: Sequence[tuple[str, str, Callable[[], Any], str]],
        *,
        repeats: int | None = None,
    ) -> list[tuple[float, Any]]:
        """Time (library, mode, run, note) entries against each other; the first is
        slacore, the reference of the rest. Returns (us per call, result) each."""
        names = " vs ".join(f"{lib} {mode}" for lib, mode, _, _ in entries)
        progress(f"{key} x{calls}: {names}")
        repeats = self.sizes.repeats if repeats is None else repeats
        runs = [run for _, _, run, _ in entries]
        best, results = race(runs, repeats, self.sizes.min_total)
        us = [seconds / calls * 1e6 for seconds in best]
        for (library, mode, _, note), value in zip(entries, us, strict=True):
            ref = None if library == "slacore" else us[0]
            self.rows.append(Row(key, library, mode, calls, value, ref, note))
        return list(zip(us, results, strict=True))

    def na(self, key: str, library: str, mode: str, note: str) -> None:
        self.rows.append(Row(key, library, mode, 0, None, None, note))

    def compare(
        self,
        key: str,
        names: tuple[str, str],
        xs: list[int],
        ys: list[int],
        describe: Callable[[int], str],
        *,
        fatal: bool,
    ) -> Check:
        bad = [i for i, (x, y) in enumerate(zip(xs, ys, strict=True)) if x != y]
        examples = [describe(i) for i in bad[:5]]
        check = Check(key, *names, len(xs), len(bad), examples, fatal)
        self.checks.append(check)
        return check

    def verdict(
        self,
        work: Work,
        names: tuple[str, str],
        ours: list[int],
        theirs: list[int],
        i: int,
    ) -> str:
        """A disagreement, with the oracle's answer and who matches it."""
        want = self.oracle.answer(work, i)
        right = [
            n for n, got in zip(names, (ours[i], theirs[i]), strict=True) if got == want
        ]
        return (
            f"{work.label(i)}: {names[0]} {work.fmt_result(ours[i])}, {names[1]} "
            f"{work.fmt_result(theirs[i])}, oracle {work.fmt_result(want)} -> "
            f"{' and '.join(right) or 'neither'} right"
        )

    # -- slacore and workclock, every mode, the whole workload --

    def core(self, key: str, work: Work) -> None:
        p, n = self.peers, len(work)
        one, many = work.kind, f"{work.kind}_many"
        modes: list[
            tuple[str, Callable[[Any], Callable[[], Any]], Callable[[Any], list[int]]]
        ]
        modes = [
            (
                "per call",
                lambda lib: per_call(getattr(lib, one), work.x, work.y),
                work.results_us,
            ),
            (
                "batch list",
                lambda lib: batch(getattr(lib, many), work.x, work.y),
                work.results_us,
            ),
        ]
        if p.np is not None:
            np = p.np
            x_arr = np.array(work.x_us, dtype=np.int64).view("datetime64[us]")
            y_unit = "timedelta64[us]" if work.kind == "add" else "datetime64[us]"
            y_arr = np.array(work.y_us, dtype=np.int64).view(y_unit)
            modes.append(
                (
                    "batch numpy",
                    lambda lib: batch(getattr(lib, many), x_arr, y_arr),
                    array_us,
                )
            )
        else:
            self.na(key, "slacore", "batch numpy", "numpy not installed")
        reference: list[int] | None = None
        for mode, make, normalise in modes:
            entries = [("slacore", mode, make(p.slacore), "")]
            if p.workclock is not None:
                entries.append(("workclock", mode, make(p.workclock), ""))
            timed = self.measure(key, n, entries)
            sla = normalise(timed[0][1])
            if reference is None:
                reference = sla
            else:
                names = (f"slacore {mode}", "slacore per call")
                describe = functools.partial(self.verdict, work, names, sla, reference)
                self.compare(key, names, sla, reference, describe, fatal=True)
            if p.workclock is None:
                self.na(key, "workclock", mode, "not installed")
                continue
            names = (f"slacore {mode}", f"workclock {mode}")
            other = normalise(timed[1][1])
            describe = functools.partial(self.verdict, work, names, sla, other)
            self.compare(key, names, sla, other, describe, fatal=True)

    # -- peers, per call, on samples --

    def peers_per_call(self, key: str, work: Work) -> None:
        for library, make in PEER_CASES.items():
            n = self.sizes.samples[library].get(key, 0)
            case = make(self.peers, work, n)
            if isinstance(case, str):
                self.na(key, library, "per call", case)
                continue
            self.peer(key, case)

    def peer(self, key: str, case: PeerCase) -> None:
        sample = case.sample
        slacore_op = getattr(self.peers.slacore, sample.kind)
        entries = [
            (
                "slacore",
                f"per call ({case.library} inputs)",
                per_call(slacore_op, sample.x, sample.y),
                "",
            ),
            (case.library, "per call", per_call(case.call, *case.args), case.note),
        ]
        timed = self.measure(key, len(sample), entries, repeats=self.sizes.peer_repeats)
        ours = sample.results_us(timed[0][1])
        res = timed[1][1]
        theirs = case.to_us(res)
        explained = [
            i
            for i, (x, y) in enumerate(zip(ours, theirs, strict=True))
            if x != y and case.explain is not None and case.explain(x, y)
        ]
        skip = set(explained)

        def describe(i: int) -> str:
            return self.verdict(sample, ("slacore", case.library), ours, theirs, i)

        theirs_masked = [ours[i] if i in skip else y for i, y in enumerate(theirs)]
        check = self.compare(
            key, ("slacore", case.library), ours, theirs_masked, describe, fatal=False
        )
        check.mismatches += len(explained)
        check.explained = len(explained)
        if explained:
            example = describe(explained[0])
            check.note = f"{len(explained)} differ only as {case.explained_as}"
            check.note += f", e.g. {example}"

    # -- correctness beyond the timed loops --

    def oracle_sample(self, key: str, work: Work) -> None:
        """slacore and workclock per call against the brute-force oracle."""
        sample = work.head(self.sizes.oracle)
        want = [self.oracle.answer(sample, i) for i in range(len(sample))]
        for name, lib in (
            ("slacore", self.peers.slacore),
            ("workclock", self.peers.workclock),
        ):
            if lib is None:
                continue
            got = sample.results_us(map(getattr(lib, sample.kind), sample.x, sample.y))
            describe = functools.partial(
                self.verdict, sample, ("oracle", name), want, got
            )
            self.compare(key, ("oracle", name), want, got, describe, fatal=False)

    def edge_cases(self, seed: int) -> None:
        """Boundary instants (open/close +-1 us, midnight, a DST-gap wall time) on
        holidays, their neighbours, DST-change days, weekends and random days;
        negative durations (subtract) and reversed spans. Not timed; reported."""
        rng = random.Random(seed + 1)
        days = edge_days(rng)
        clock = [
            dtime(0),
            dtime(2, 30),
            dtime(8, 59, 59, 999_999),
            dtime(9),
            dtime(9, 0, 0, 1),
            dtime(12),
            dtime(16, 59, 59, 999_999),
            dtime(17),
            dtime(17, 0, 0, 1),
            dtime(23, 59, 59, 999_999),
        ]
        hour = US_PER_HOUR
        amounts = [1, US_PER_SECOND, hour, 8 * hour - 1, 8 * hour, 8 * hour + 1]
        amounts += [16 * hour, 40 * hour, BIG_HOURS * hour]
        n = self.sizes.edge
        starts = [
            to_us(datetime.combine(rng.choice(days), rng.choice(clock), tzinfo=BERLIN))
            for _ in range(n)
        ]
        signs = (1, 1, 1, -1)
        durations = [rng.choice(amounts) * rng.choice(signs) for _ in range(n)]
        ends = [s + rng.choice(signs) * rng.randrange(30 * 24 * hour) for s in starts]
        ends = [floor_to(e, hour) + rng.choice((0, 0, 1, -1)) for e in ends]
        progress(f"E edge cases x{n}")
        for work in (Work("add", starts, durations), Work("between", starts, ends)):
            want = [self.oracle.answer(work, i) for i in range(n)]
            op = "add/subtract" if work.kind == "add" else "between"
            sla = work.results_us(
                map(getattr(self.peers.slacore, work.kind), work.x, work.y)
            )
            names = ("oracle", f"slacore {op}")
            describe = functools.partial(self.verdict, work, names, want, sla)
            self.compare("E", names, want, sla, describe, fatal=False)
            if self.peers.workclock is None:
                continue
            wc = work.results_us(
                map(getattr(self.peers.workclock, work.kind), work.x, work.y)
            )
            names = (f"slacore {op}", f"workclock {op}")
            describe = functools.partial(self.verdict, work, names, sla, wc)
            self.compare("E", names, sla, wc, describe, fatal=False)


def edge_days(rng: random.Random) -> list[date]:
    """Holidays and their neighbours, DST-change weekends, random days."""
    days: set[date] = set()
    for day in german_dates():
        if 2024 <= day.year <= 2026:
            days.update(day + timedelta(days=k) for k in (-1, 0, 1))
    for year in (2024, 2025, 2026):
        for month in (3, 10):  # the last Sundays of March and October
            last = date(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            days.update(sunday + timedelta(days=k) for k in (-2, -1, 0, 1))
    first = date(2024, 1, 1).toordinal()
    days.update(date.fromordinal(first + rng.randrange(3 * 365)) for _ in range(200))
    return sorted(days)


# -- goals and output --------------------------------------------------------------


@dataclass
class Goal:
    text: str
    workload: str
    library: str
    mode: str
    target: float
    ratio: float | None = None

    @property
    def status(self) -> str:
        if self.ratio is None:
            return "not measured"
        return "met" if self.ratio >= self.target else "MISSED"


GOALS = [
    Goal("per call add (A) >= 2x workclock", "A", "workclock", "per call", 2),
    Goal("per call between (B) >= 2x workclock", "B", "workclock", "per call", 2),
    Goal("per call 2000 h add (C) >= 10x workclock", "C", "workclock", "per call", 10),
    Goal("per call add (A) >= 40x pandas", "A", "pandas", "per call", 40),
    Goal("per call 2000 h add (C) >= 40x pandas", "C", "pandas", "per call", 40),
    Goal("numpy batch add (A) >= 3x workclock's", "A", "workclock", "batch numpy", 3),
    Goal(
        "numpy batch 2000 h add (C) >= 3x workclock's",
        "C",
        "workclock",
        "batch numpy",
        3,
    ),
]


def evaluate_goals(rows: list[Row]) -> list[Goal]:
    out = []
    for goal in GOALS:
        where = (goal.workload, goal.library, goal.mode)
        found = [r.speedup for r in rows if (r.workload, r.library, r.mode) == where]
        out.append(replace(goal, ratio=found[0] if found else None))
    return out


def print_table(rows: list[Row], versions: dict[str, str]) -> None:
    header = (
        f"{'workload':<16} {'library':<26} {'mode':<36} {'calls':>7} "
        f"{'us/call':>10} {'slacore':>9} {'speed-up':>9}  note"
    )
    print(header)
    print("-" * len(header))
    last = None
    for r in rows:
        wl = f"{r.workload} {WORKLOADS[r.workload]}" if r.workload != last else ""
        last = r.workload
        version = versions.get(r.library, "")
        lib = r.library if version.startswith("not") else f"{r.library} {version}"
        calls = f"{r.calls:7d}" if r.calls else f"{'-':>7}"
        us = f"{r.us_per_call:10.3f}" if r.us_per_call is not None else f"{'-':>10}"
        ref = f"{r.ref_us_per_call:9.3f}" if r.ref_us_per_call is not None else " " * 9
        sp = f"{r.speedup:8.2f}x" if r.speedup is not None else " " * 9
        line = f"{wl:<16} {lib:<26} {r.mode:<36} {calls} {us} {ref} {sp}  {r.note}"
        print(line.rstrip())


def print_checks(checks: Iterable[Check]) -> None:
    for c in checks:
        equal = c.compared - c.mismatches
        line = f"  [{c.status:>8}] {c.workload}: {c.left} vs {c.right}: "
        print(line + f"{equal}/{c.compared} equal")
        if c.note:
            print(f"             {c.note}")
        for example in c.examples:
            print(f"             e.g. {example}")


def slacore_source() -> str:
    """Where slacore was imported from, with a digest of its sources (the package
    is edited while people benchmark it)."""
    import hashlib

    import slacore

    root = Path(slacore.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{root} (sources sha256 {digest.hexdigest()[:12]})"


def machine_info() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or "?",
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
    }


def profile_slacore(cal: Any, works: dict[str, Work]) -> None:
    import cProfile
    import io
    import pstats

    for key, work in works.items():
        sample = work.head(20_000)
        run = per_call(getattr(cal, work.kind), sample.x, sample.y)
        run()
        profiler = cProfile.Profile()
        profiler.enable()
        run()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(10)
        title = f"cProfile: slacore per call, {key} {WORKLOADS[key]} (by own time)"
        print(f"\n--- {title} ---")
        print(out.getvalue().strip())


def main(argv: list[str] | None = None) -> int:
    unshadow_stdlib_calendar()
    parser = argparse.ArgumentParser(description="slacore business-calendar benchmark")
    parser.add_argument("--quick", action="store_true", help="a 10x smaller run")
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="write results as JSON"
    )
    parser.add_argument("--seed", type=int, default=2024, help="workload seed")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile slacore per call"
    )
    args = parser.parse_args(argv)
    sizes = Sizes.for_run(quick=args.quick)
    started = time.perf_counter()

    versions = {d: version_of(d) for d in LIBRARIES + SUPPORT}
    machine = machine_info()
    print("slacore business-calendar benchmark" + (" (--quick)" if args.quick else ""))
    python = f"python {machine['python']} ({machine['implementation']})"
    print(f"{python}, {machine['platform']}")
    print(f"cpu_count {machine['cpu_count']} (usable {machine['usable_cpus']})")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    source = slacore_source()
    print(f"slacore from {source}")
    print(
        f"workload: {HOURS_SPEC} {TZ_NAME} less holidays.Germany(), seed {args.seed}; "
        f"A, B {sizes.n_ab:,} calls, C {sizes.n_c:,}; best of >= {sizes.repeats} "
        f"runs (peers >= {sizes.peer_repeats}) after a warm-up, gc off while timing"
    )

    peers = build_peers()
    bench = Bench(peers, sizes, Oracle(set(german_dates())))
    works = make_workloads(args.seed, sizes.n_ab, sizes.n_c)
    for key, work in works.items():
        bench.core(key, work)
        bench.peers_per_call(key, work)
    for key, work in works.items():
        bench.oracle_sample(key, work)
    bench.edge_cases(args.seed)

    print("\nWhat is compared")
    for library, note in NOTES.items():
        print(f"  {library} ({versions[library]}): {note}")
    setup = ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in peers.setup_s.items())
    print(f"  construction: {setup}")

    print(
        "\nResults: us/call = best run / calls. 'slacore' = slacore's us/call on the "
        "same inputs in the same mode;\nspeed-up = peer us/call / slacore us/call "
        "(> 1: slacore is faster).\n"
    )
    print_table(bench.rows, versions)

    goals = evaluate_goals(bench.rows)
    print("\nGoals")
    for g in goals:
        ratio = f"{g.ratio:.2f}x" if g.ratio is not None else "-"
        print(f"  [{g.status:>12}] {g.text}: measured {ratio}")

    checks = bench.checks
    print("\nAgreement on the timed results (slacore vs workclock must be exact)")
    print_checks(c for c in checks if c.workload in WORKLOADS and c.left != "oracle")
    print("\nOracle sample (brute force, day by day, API.md section 1)")
    print_checks(c for c in checks if c.workload in WORKLOADS and c.left == "oracle")
    print("\nEdge cases E (boundaries, DST days, holidays, subtract, reversed spans)")
    print_checks(c for c in checks if c.workload == "E")

    fatal = [c for c in checks if c.fatal and c.status != "agree"]
    elapsed = time.perf_counter() - started
    if fatal:
        count = sum(c.mismatches for c in fatal)
        print(f"\nFAIL: {count} slacore/workclock mismatches in A, B, C (see above)")
    elif peers.workclock is None:
        print("\nworkclock not installed: the agreement check was skipped")
    else:
        print(
            "\nOK: slacore and workclock agree on every result of A, B, C in all modes"
        )
    print(f"total time {elapsed:.1f} s")

    if args.profile:
        profile_slacore(peers.slacore, works)
    if args.json:
        payload = {
            "machine": machine,
            "versions": versions,
            "slacore_source": source,
            "seed": args.seed,
            "quick": args.quick,
            "sizes": asdict(sizes),
            "rows": [asdict(r) | {"speedup": r.speedup} for r in bench.rows],
            "goals": [asdict(g) | {"status": g.status} for g in goals],
            "checks": [asdict(c) | {"status": c.status} for c in checks],
            "ok": not fatal,
            "seconds": elapsed,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main())
