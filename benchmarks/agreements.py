"""Agreement benchmark: a year of monthly reports over a realistic dataset.

One seeded workload (100,000 tickets from the policy benchmark's generator, 2025;
200,000 contact-centre calls; 20,000 survey responses; 50,000 lead records; 400
outages) and one agreement with every kind of measure: ticket attainment per
priority, mean time to resolve, availability in 24/7 and in business hours,
service level, abandon rate, average wait, NPS, CSAT, lead volume, pipeline sum,
a 24-business-hour follow-up deadline, and a good/valid ratio. Credits, at-risk
cap, earn-back and termination are on, so every term is exercised.

Timed: building the `Dataset` (reading the inputs once), then
``evaluate_range`` over the twelve months of 2025, and ``evaluate`` of December
alone (which measures all earlier months too, by design). slacore has no peer for
this workload (no other library evaluates whole agreements), so the figures are
absolute: items per second and seconds per report.

Run from the repository root::

    /work/venv/bin/python benchmarks/agreements.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from policies import build_policies, generate, unshadow_stdlib_calendar

unshadow_stdlib_calendar()

import slacore as sla  # noqa: E402

YEAR = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_S = 365 * 86_400


def inputs(seed: int, scale: int) -> dict[str, list[Any]]:
    rng = random.Random(seed)

    def instant() -> datetime:
        return YEAR + timedelta(seconds=rng.randrange(SPAN_S))

    outages = []
    for _ in range(4 * scale // 1000):
        start = instant()
        length = timedelta(seconds=rng.randrange(60, 4 * 3600))
        service = rng.choice(["api", "web"])
        outages.append(
            sla.Outage(service, start, start + length, planned=rng.random() < 0.2)
        )
    contacts = [
        sla.Contact(
            timedelta(seconds=rng.expovariate(1 / 25)),
            answered=rng.random() > 0.06,
            at=instant(),
            service=rng.choice(["sales", "support"]),
        )
        for _ in range(2 * scale)
    ]
    responses = [
        sla.Response(instant(), rng.randint(0, 10), fields={"csat": rng.randint(1, 5)})
        for _ in range(scale // 5)
    ]
    records = []
    for _ in range(scale // 2):
        at = instant()
        record: dict[str, Any] = {
            "at": at,
            "stage": rng.choice(["new", "qualified"]),
            "amount": rng.randint(100, 5000),
            "ok": rng.random() < 0.995,
        }
        if rng.random() < 0.9:
            record["contacted_at"] = at + timedelta(hours=rng.expovariate(1 / 12))
        records.append(record)
    return {
        "outages": outages,
        "contacts": contacts,
        "responses": responses,
        "records": records,
    }


def build_agreement() -> sla.Agreement:
    office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
    qualified = sla.Equals("stage", "qualified")
    tiers = sla.CreditSchedule(
        [sla.CreditTier("99.9", 5), sla.CreditTier(99, 10), sla.CreditTier(95, 25)]
    )
    s = timedelta(seconds=1)
    objectives = [
        sla.Objective(
            f"{p} first response",
            sla.TicketAttainment("first_response", [p]),
            90,
            credit=sla.BreachCountCredit(50, 1, per_extra="0.01", cap=5),
        )
        for p in ("low", "normal", "high", "urgent")
    ] + [
        sla.Objective("resolution", sla.TicketAttainment("resolution"), 85),
        sla.Objective(
            "mttr", sla.MeanTime("resolution"), timedelta(hours=24), direction="at_most"
        ),
        sla.Objective("api uptime", sla.Availability("api"), "99.9", credit=tiers),
        sla.Objective(
            "web uptime", sla.Availability("web", calendar=office), "99.5", credit=tiers
        ),
        sla.Objective(
            "80/20",
            sla.ServiceLevel(20 * s, short_abandon=5 * s),
            80,
            credit=sla.StepCredit(80, 1, "0.5", cap=5),
        ),
        sla.Objective("abandoned", sla.AbandonRate(), 5, direction="at_most"),
        sla.Objective("asa", sla.AverageWait(), 30 * s, direction="at_most"),
        sla.Objective("nps", sla.NetPromoterScore(), 10),
        sla.Objective("csat", sla.AverageScore("csat"), "3.5"),
        sla.Objective("leads", sla.Volume(where=qualified), 2000),
        sla.Objective(
            "pipeline", sla.Volume("amount", "sum", where=qualified), 5_000_000
        ),
        sla.Objective(
            "follow-up",
            sla.Deadline("contacted_at", timedelta(hours=24), office, where=qualified),
            90,
            credit=sla.RepeatedMissCredit(2, 3, 2),
        ),
        sla.Objective("requests ok", sla.Ratio(sla.Equals("ok", value=True)), "99.4"),
    ]
    return sla.Agreement(
        "Benchmark",
        "customer",
        [sla.Party("Provider", "provider"), sla.Party("Customer", "customer")],
        objectives,
        services=["api", "web"],
        tz="Europe/Berlin",
        effective_from=date(2025, 1, 1),
        fee=100_000,
        at_risk=15,
        earn_back=2,
        termination=sla.TerminationRule(3, ["api uptime", "80/20"]),
        policies=build_policies(),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    args = parser.parse_args(argv)
    scale = 10_000 if args.quick else 100_000
    tickets = list(generate(7, scale))
    raw = inputs(11, scale)
    agreement = build_agreement()

    started = time.perf_counter()
    data = sla.Dataset(tickets=tickets, **raw)
    load_s = time.perf_counter() - started
    items = len(tickets) + sum(len(v) for v in raw.values())

    started = time.perf_counter()
    reports = agreement.evaluate_range(data, date(2025, 1, 1), date(2026, 1, 1))
    range_s = time.perf_counter() - started

    started = time.perf_counter()
    december = agreement.evaluate(data, date(2025, 12, 1), now=reports[-1].now)
    single_s = time.perf_counter() - started
    if december != reports[-1]:
        print("evaluate and evaluate_range disagree", file=sys.stderr)
        return 1

    print(f"slacore {sla.__version__}, Python {sys.version.split()[0]}")
    print(f"inputs: {len(tickets):,} tickets and {items - len(tickets):,} other items")
    print(f"objectives: {len(agreement.objectives)}, periods: {len(reports)}")
    print(f"Dataset(...):          {load_s:8.3f} s")
    print(
        f"evaluate_range (year): {range_s:8.3f} s  "
        f"({items / range_s:,.0f} items/s, {range_s / len(reports):.3f} s per report)"
    )
    print(f"evaluate (December):   {single_s:8.3f} s")
    missed = sum(len(r.missed) for r in reports)
    credit = sum(r.credit_amount or 0 for r in reports)
    print(f"objectives missed over the year: {missed}; credits owed: {credit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
