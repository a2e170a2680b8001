"""Helpdesk policy benchmark: measure many synthetic tickets end to end.

One seeded workload: 100,000 tickets (10,000 with ``--quick``) with realistic event
logs (first reply, customer messages and agent replies, internal notes, pending
and on-hold spells, solves, some reopens, some priority changes), created over
2025. Two policies, chosen by condition: "vip" (tag ``vip`` or plan
``enterprise``) and a fallback "standard" policy without condition. Low, normal
and high count in business hours (Mon-Fri 09:00-17:00 Europe/Berlin less
``holidays.Germany()``), urgent on a 24/7 calendar.

Ticket generation is timed on its own; the timed part is only
``measure_many(policies, tickets, now)`` consumed end to end, and then the same
with each measurement's summary read (``breached``, ``next_due``). Peak memory:
tracemalloc during a separate streaming pass (tickets generated and measured one
at a time, so it shows what measuring itself holds), tracemalloc while holding
every ticket, and the process's peak RSS.

Run from the repository root::

    /work/venv/bin/python benchmarks/policies.py [--quick] [--profile] [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from collections.abc import Iterator

GOAL_PER_SECOND = 20_000
BERLIN = ZoneInfo("Europe/Berlin")
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_US = 365 * 86_400 * 1_000_000
NOW = datetime(2026, 1, 10, 12, tzinfo=BERLIN)  # some tickets are still open
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (30, 45, 18, 7)
MINUTE = 60 * 1_000_000
HOUR = 60 * MINUTE


def unshadow_stdlib_calendar() -> None:
    """Drop this file's folder from sys.path.

    Run as a script, this folder comes first on sys.path, and its ``calendar.py``
    (the calendar benchmark) would shadow the standard ``calendar`` module that
    holidays imports. Nothing imported at the top of this file touches it.
    """
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]


# -- the workload ------------------------------------------------------------------


def build_policies() -> list[Any]:
    import holidays

    import slacore as sla

    office = sla.BusinessCalendar(
        "mon-fri 09:00-17:00", tz="Europe/Berlin", holidays=holidays.Germany()
    )
    h = timedelta(hours=1)

    def tiers(scale: int) -> dict[str, Any]:
        return {
            "low": sla.Targets(
                first_response=16 * h // scale,
                next_response=24 * h // scale,
                resolution=80 * h // scale,
            ),
            "normal": sla.Targets(
                first_response=8 * h // scale,
                next_response=8 * h // scale,
                periodic_update=16 * h // scale,
                resolution=40 * h // scale,
            ),
            "high": sla.Targets(
                first_response=4 * h // scale,
                next_response=4 * h // scale,
                periodic_update=8 * h // scale,
                resolution=16 * h // scale,
            ),
            "urgent": sla.Targets(
                first_response=h // scale,
                next_response=2 * h // scale,
                periodic_update=4 * h // scale,
                resolution=8 * h // scale,
                calendar=sla.ALWAYS,
            ),
        }

    vip = sla.Policy(
        "vip",
        tiers(2),
        calendar=office,
        condition=sla.HasTag("vip") | sla.Equals("plan", "enterprise"),
    )
    standard = sla.Policy("standard", tiers(1), calendar=office)
    return [vip, standard]


def gap(rng: random.Random, mean_minutes: float) -> int:
    """An exponential gap in microseconds, at least a second."""
    return max(1_000_000, int(rng.expovariate(1 / mean_minutes) * MINUTE))


def make_ticket(rng: random.Random, index: int) -> Any:
    """A ticket whose log follows a plausible helpdesk conversation."""
    import slacore as sla

    created_utc = YEAR_START + timedelta(microseconds=rng.randrange(SPAN_US))
    created = created_utc.astimezone(BERLIN)
    events: list[Any] = []
    t = 0  # microseconds after creation

    def add(kind: str, value: str | None = None) -> None:
        # Arithmetic in UTC: `+` on a Berlin datetime is wall-clock arithmetic,
        # which runs backwards across the October DST fold.
        at = (created_utc + timedelta(microseconds=t)).astimezone(BERLIN)
        events.append(sla.TicketEvent(at, kind, value))

    if rng.random() < 0.3:  # the customer adds details before anyone answers
        t += gap(rng, 20)
        add("customer_message")
    if rng.random() < 0.25:
        t += gap(rng, 30)
        add("internal_note")
    rounds = rng.choice((1, 1, 2, 2, 3, 4, 6))
    for _ in range(rounds):
        t += gap(rng, 240)
        add("agent_reply")
        if rng.random() < 0.2:
            t += gap(rng, 15)
            add("internal_note")
        if rng.random() < 0.35:
            t += gap(rng, 5)
            add("status", rng.choice(("pending", "pending", "on-hold")))
        t += gap(rng, 600)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            add("customer_message")
            t += gap(rng, 10)
        if events[-1].kind == "customer_message" and rng.random() < 0.9:
            add("status", "open")
        if rng.random() < 0.05:
            t += gap(rng, 30)
            add("priority", rng.choice(PRIORITIES))
    if rng.random() < 0.85:  # most tickets get solved
        t += gap(rng, 120)
        add("agent_reply")
        add("status", "solved")
        if rng.random() < 0.1:  # and some come back
            t += gap(rng, 2880)
            add("customer_message")
            add("status", "open")
            t += gap(rng, 180)
            add("agent_reply")
            t += gap(rng, 60)
            add("status", "solved")
        if rng.random() < 0.5:
            t += 4 * 24 * HOUR
            add("status", "closed")
    fields: dict[str, Any] = {
        "plan": rng.choice(("free", "pro", "pro", "enterprise")),
        "channel": rng.choice(("email", "web", "chat", "phone")),
    }
    if rng.random() < 0.05:
        fields["tags"] = ["vip", "eu"]
    elif rng.random() < 0.3:
        fields["tags"] = [rng.choice(("billing", "bug", "howto"))]
    priority = rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0]
    return sla.Ticket(f"T-{index}", created, priority, events, fields=fields)


def generate(seed: int, n: int) -> Iterator[Any]:
    rng = random.Random(seed)
    for index in range(n):
        yield make_ticket(rng, index)


# -- a small independent check of the results ----------------------------------------


def check_resolution(policies: list[Any], tickets: list[Any], sample: int) -> int:
    """Resolution elapsed = business time less pause and solved spells (a sample)."""
    import slacore as sla

    solved = {"solved", "closed"}
    mismatches = 0
    for ticket in tickets[:sample]:
        policy = sla.select_policy(policies, ticket)
        m = policy.measure(ticket, NOW)
        if sla.Metric.RESOLUTION not in m:
            continue
        tier = policy.targets_for(m.priority)
        cal = tier.calendar or policy.calendar
        held = policy.pause_statuses | solved
        status, since, lost = "new", ticket.created_at, timedelta(0)
        for event in ticket.events:
            if event.at > NOW:
                break
            if event.kind == "status":
                if status in held:
                    lost += cal.between(since, event.at)
                status, since = event.value, event.at
        if status in held:
            lost += cal.between(since, NOW)
        expected = cal.between(ticket.created_at, NOW) - lost
        if m.current(sla.Metric.RESOLUTION).elapsed != expected:
            mismatches += 1
    return mismatches


# -- timing --------------------------------------------------------------------------


def consume(policies: list[Any], tickets: Any) -> tuple[int, int]:
    """measure_many end to end; returns (measured, unmatched)."""
    import slacore as sla

    measured = unmatched = 0
    for _, m in sla.measure_many(policies, tickets, NOW):
        if m is None:
            unmatched += 1
        else:
            measured += 1
    return measured, unmatched


def consume_with_summary(policies: list[Any], tickets: Any) -> dict[str, int]:
    """measure_many and read every measurement's summary."""
    import slacore as sla

    out = {"breached": 0, "running": 0, "breaches": 0}
    for _, m in sla.measure_many(policies, tickets, NOW):
        if m.breached:
            out["breached"] += 1
            out["breaches"] += len(m.breaches)
        if m.next_due is not None:
            out["running"] += 1
    return out


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    """Wall time of ``fn(*args)`` and its result."""
    seconds, _, result = timed_cpu(fn, *args)
    return seconds, result


def timed_cpu(fn: Any, *args: Any) -> tuple[float, float, Any]:
    """Wall and CPU time of ``fn(*args)``, and its result.

    CPU time (this process only) is reported next to wall time because the
    machine may be shared: other processes inflate wall time, not CPU time.
    """
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, time.process_time() - c0, result


def peak_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def profile(policies: list[Any], tickets: list[Any], top: int = 25) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    consume(policies, tickets)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue().strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="slacore helpdesk policy benchmark")
    parser.add_argument("--quick", action="store_true", help="10,000 tickets")
    parser.add_argument("--profile", action="store_true", help="cProfile, top 25")
    parser.add_argument("--seed", type=int, default=2025, help="workload seed")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (best)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write results")
    args = parser.parse_args(argv)
    unshadow_stdlib_calendar()
    n = 10_000 if args.quick else 100_000

    import slacore

    print("slacore helpdesk policy benchmark" + (" (--quick)" if args.quick else ""))
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}, cpus {os.cpu_count()}"
    )
    print(f"slacore from {Path(slacore.__file__).parent}")
    print(
        f"workload: {n:,} tickets, seed {args.seed}, now {NOW.isoformat()}; policies "
        "vip (HasTag('vip') | plan == enterprise) then standard (no condition); "
        "low/normal/high in Mon-Fri 09:00-17:00 Europe/Berlin less "
        "holidays.Germany(), urgent 24/7"
    )

    policies = build_policies()
    gen_s, tickets = timed(lambda: list(generate(args.seed, n)))
    events = sum(len(t.events) for t in tickets)
    kinds: dict[str, int] = {}
    for t in tickets:
        for e in t.events:
            kinds[e.kind if e.kind != "status" else f"status:{e.value}"] = (
                kinds.get(e.kind if e.kind != "status" else f"status:{e.value}", 0) + 1
            )
    print(
        f"generated in {gen_s:.2f} s (not in the timings below): {events:,} events, "
        f"{events / n:.1f} per ticket"
    )
    print("  mix: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))

    # Warm-up: caches (holiday years, per-policy timers) are built once.
    consume(policies, tickets[:1000])
    runs, cpu_runs = [], []
    for _ in range(max(1, args.repeats)):
        seconds, cpu, (measured, unmatched) = timed_cpu(consume, policies, tickets)
        runs.append(seconds)
        cpu_runs.append(cpu)
    best = min(runs)
    rate = n / best
    cpu_rate = n / min(cpu_runs)
    summary_s, summary = timed(consume_with_summary, policies, tickets)
    print(
        f"\nmeasure_many end to end: best of {len(runs)} runs {best:.2f} s "
        f"({', '.join(f'{r:.2f}' for r in runs)}) -> {rate:,.0f} tickets/s, "
        f"{best / n * 1e6:.1f} us/ticket ({measured:,} measured, {unmatched} unmatched)"
    )
    print(
        f"  CPU time of the same runs: best {min(cpu_runs):.2f} s "
        f"({', '.join(f'{r:.2f}' for r in cpu_runs)}) -> {cpu_rate:,.0f} tickets/s"
    )
    print(
        f"with each measurement's summary read (breached, breaches, next_due): "
        f"{summary_s:.2f} s -> {n / summary_s:,.0f} tickets/s; "
        f"{summary['breached']:,} tickets breached ({summary['breaches']:,} "
        f"breaches), {summary['running']:,} with a clock running"
    )
    met = rate >= GOAL_PER_SECOND
    print(
        f"goal >= {GOAL_PER_SECOND:,} tickets/s on one core: "
        f"{'MET' if met else 'MISSED'} ({rate / GOAL_PER_SECOND:.2f}x)"
    )

    # Memory: tickets held in memory, then a streaming pass (generate + measure).
    tracemalloc.start()
    held = list(generate(args.seed, min(n, 10_000)))
    held_mib = tracemalloc.get_traced_memory()[0] / 2**20
    del held
    tracemalloc.stop()
    tracemalloc.start()
    consume(policies, generate(args.seed + 1, min(n, 10_000)))
    stream_peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    per_ticket_kib = held_mib * 1024 / min(n, 10_000)
    print(
        f"\nmemory: tickets held {per_ticket_kib:.2f} KiB each "
        f"({per_ticket_kib * n / 1024:.0f} MiB for {n:,}); streaming "
        f"measure_many over {min(n, 10_000):,} generated tickets peaks at "
        f"{stream_peak_mib:.2f} MiB traced; process peak RSS {peak_rss_mib():.0f} MiB"
    )

    mismatches = check_resolution(policies, tickets, 2000)
    print(
        f"check: resolution of 2,000 tickets against a status-walk reference: "
        f"{'OK' if not mismatches else f'{mismatches} MISMATCHES'}"
    )

    if args.profile:
        sample = tickets[: min(n, 20_000)]
        print(
            f"\n--- cProfile: measure_many over {len(sample):,} tickets, by tottime ---"
        )
        print(profile(policies, sample))

    if args.json:
        payload = {
            "tickets": n,
            "seed": args.seed,
            "events": events,
            "generate_s": gen_s,
            "runs_s": runs,
            "tickets_per_s": rate,
            "cpu_runs_s": cpu_runs,
            "tickets_per_cpu_s": cpu_rate,
            "summary_s": summary_s,
            "goal_met": met,
            "ticket_kib": per_ticket_kib,
            "stream_peak_mib": stream_peak_mib,
            "peak_rss_mib": peak_rss_mib(),
            "resolution_mismatches": mismatches,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
