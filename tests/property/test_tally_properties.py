"""Tallies of any split of a dataset, merged in any order, report as the whole does.

Random agreements (every measure kind, every credit term) x random datasets
(tickets, outages, contacts, responses, records) x a random split into parts (item
by item, or by time) x `now` anywhere: each part is tallied, the tallies are added
in a random order, and the reports of the sum equal `evaluate_range` on the whole
dataset in every field, to the last Decimal digit, breach lists included. `+` is
associative and commutative, tallies of ticket tables equal tallies of the same
tickets as objects, and a tally survives pickling.
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st
from tests.property.test_agreement_table_properties import cases as ticket_cases

import slacore as sla
from slacore import strategies as sst

H8 = timedelta(hours=8)
LOW = datetime(2025, 12, 1, tzinfo=UTC)
HIGH = datetime(2026, 6, 1, tzinfo=UTC)
TIMES = sst.aware_datetimes(LOW, datetime(2026, 4, 1, tzinfo=UTC))
NOW = st.none() | sst.aware_datetimes(datetime(2026, 1, 1, tzinfo=UTC), HIGH)
AGREEMENTS = sst.agreements(
    starts=st.dates(date(2026, 1, 1), date(2026, 2, 15))
    | sst.aware_datetimes(
        datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 15, tzinfo=UTC)
    ),
    periods=st.sampled_from(("weekly", "monthly", "quarterly")),
    max_objectives=4,
)
AMOUNTS = (
    st.integers(-1000, 10**6)
    | st.decimals(-1000, 10**6, places=3)
    | st.floats(-1000, 10**6, allow_nan=False, allow_infinity=False)
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, object]:
    """A record every measure can read: the summed fields always there."""
    record: dict[str, object] = {"at": draw(TIMES)}
    for field in ("amount", "seats", "value"):
        record[field] = draw(AMOUNTS)
    for field in ("contacted_at", "resolved_at", "qualified_at"):
        record[field] = draw(st.none() | TIMES)
    for field in sst.DURATION_FIELDS:  # a duration, its text, None or missing
        took = draw(st.none() | sst.durations(max_value=timedelta(days=2)))
        if took is not None and draw(st.booleans()):
            record[field] = sla.format_duration(took) if draw(st.booleans()) else took
        elif draw(st.booleans()):
            record[field] = None
    record["priority"] = draw(st.sampled_from(("low", "normal", "high")))
    record["plan"] = draw(st.sampled_from(("free", "pro", "enterprise")))
    record["channel"] = draw(st.sampled_from(("email", "web", "chat", "phone")))
    record["tags"] = tuple(draw(st.lists(st.sampled_from(("vip", "eu", "bug")))))
    record["ok"] = draw(st.booleans())
    return record


API_OUTAGES = st.lists(sst.outages("api", starts=TIMES), min_size=1, max_size=6)
ITEMS = {
    "tickets": st.lists(
        sst.tickets(created=TIMES, max_events=8), min_size=1, max_size=6
    ),
    "outages": st.lists(sst.outages(starts=TIMES), min_size=1, max_size=6),
    "contacts": st.lists(sst.contacts(times=TIMES), min_size=1, max_size=8),
    "responses": st.lists(sst.responses(times=TIMES), min_size=1, max_size=8),
    "records": st.lists(records(), min_size=1, max_size=8),
}


def _instant(part: str, item: object) -> datetime:
    if part == "tickets":
        return item.created_at  # type: ignore[attr-defined]
    if part == "outages":
        return item.start  # type: ignore[attr-defined]
    if part == "records":
        return item["at"]  # type: ignore[index]
    return item.at  # type: ignore[attr-defined]


@st.composite
def splits(
    draw: st.DrawFn, data: dict[str, list[object]]
) -> list[dict[str, list[object]]]:
    """`data` split into 2 to 4 parts: item by item, or by time at random cuts."""
    count = draw(st.integers(2, 4))
    parts: list[dict[str, list[object]]] = [
        {name: [] for name in data} for _ in range(count)
    ]
    if draw(st.booleans()):  # arbitrary: each item to any part
        for name, items in data.items():
            for item in items:
                parts[draw(st.integers(0, count - 1))][name].append(item)
        return parts
    cuts = sorted(draw(st.lists(TIMES, min_size=count - 1, max_size=count - 1)))
    for name, items in data.items():
        for item in items:
            at = _instant(name, item)
            parts[sum(at >= cut for cut in cuts)][name].append(item)
    return parts


@st.composite
def cases(draw: st.DrawFn):
    agreement = draw(AGREEMENTS)
    data = {name: draw(items) for name, items in ITEMS.items()}
    parts = draw(splits(data))
    since = draw(st.none() | TIMES)
    now = draw(NOW)
    start = agreement.effective_from
    end = start + timedelta(days=draw(st.integers(1, 120)))
    order = draw(st.permutations(range(len(parts))))
    return agreement, data, parts, since, now, start, end, order


@given(cases())
def test_tallies_of_any_split_add_up_to_the_whole(case) -> None:
    agreement, data, parts, since, now, start, end, order = case
    note(f"objectives: {[o.measure for o in agreement.objectives]}")
    whole = agreement.evaluate_range(
        sla.Dataset(**data, since=since), start, end, now=now
    )
    if not whole:
        return
    for report in whole:
        for result in report.results:
            if result.value is not None:
                event(f"measured {result.measure}")
        if len(report.breaches):
            event("breach list")
    event(f"{len(parts)} parts")
    tallies = [
        agreement.tally(
            sla.Dataset(**part, since=since), start, end, now=now, breaches=True
        )
        for part in parts
    ]
    total = sum(tallies[i] for i in order)
    reports = agreement.report(total)
    assert reports == whole
    for mine, theirs in zip(reports, whole, strict=True):
        assert mine.breaches == theirs.breaches
        assert mine.to_dict() == theirs.to_dict()
    assert pickle.loads(pickle.dumps(total)) == total  # noqa: S301 - our own


@st.composite
def one_kind(draw: st.DrawFn, kind: str) -> sla.Agreement:
    """An agreement of two objectives of one measure kind, with every credit term."""
    policies = [draw(sst.policies(names=st.just("support"), max_tiers=2))]
    found = [
        draw(
            sst.objectives(
                names=st.just(name),
                measures=sst.measures(
                    kinds=st.just(kind),
                    services=st.just("api"),
                    policy_names=st.none(),
                ),
                allocations=st.none(),
                providers=st.none(),
            )
        )
        for name in ("one", "two")
    ]
    return sla.Agreement(
        "A",
        "customer",
        (sla.Party("P", "provider"), sla.Party("C", "customer")),
        found,
        policies=policies,
        period=draw(st.sampled_from(("weekly", "monthly"))),
        tz=draw(st.sampled_from(("UTC", "Europe/Berlin", "America/New_York"))),
        effective_from=date(2026, 1, 1),
        fee=1000,
        minimum_credit=draw(st.sampled_from((None, 5))),
        yearly_cap=draw(st.sampled_from((None, 150))),
        earn_back=draw(st.none() | st.integers(1, 3)),
        termination=draw(st.none() | st.builds(sla.TerminationRule, st.integers(1, 3))),
    )


@pytest.mark.parametrize("kind", sst.MEASURE_KINDS)
@given(data=st.data())
def test_every_measure_kind_tallies_as_the_whole(kind, data) -> None:
    agreement = data.draw(one_kind(kind), label="agreement")
    found = {name: data.draw(items, label=name) for name, items in ITEMS.items()}
    found["outages"] = data.draw(API_OUTAGES, label="outages of the api")
    parts = data.draw(splits(found), label="parts")
    now = data.draw(NOW, label="now")
    start, end = date(2026, 1, 1), date(2026, 4, 1)
    whole = agreement.evaluate_range(sla.Dataset(**found), start, end, now=now)
    tallies = [
        agreement.tally(sla.Dataset(**part), start, end, now=now, breaches=True)
        for part in parts
    ]
    order = data.draw(st.permutations(tallies), label="order")
    reports = agreement.report(sum(order))
    assert reports == whole
    for mine, theirs in zip(reports, whole, strict=True):
        assert mine.breaches == theirs.breaches
        assert mine.to_dict() == theirs.to_dict()
    measured = sum(r.value is not None for report in whole for r in report.results)
    event(f"measured {measured > 0}")


@given(cases())
def test_adding_tallies_is_associative_and_commutative(case) -> None:
    agreement, _, parts, since, now, start, end, _ = case
    if not agreement.periods(start, end):
        return
    a, b, c = (
        agreement.tally(
            sla.Dataset(**part, since=since), start, end, now=now, breaches=True
        )
        for part in [*parts, {}, {}][:3]
    )
    assert a + b == b + a
    assert (a + b) + c == a + (b + c)
    assert sum([a, b, c]) == c + b + a


@given(ticket_cases(), st.data())
def test_tallies_of_ticket_tables_equal_those_of_objects(case, data) -> None:
    agreement, found, now, like = case
    count = data.draw(st.integers(1, 3))
    chosen = [data.draw(st.integers(0, count - 1)) for _ in found]
    parts = [
        [t for t, i in zip(found, chosen, strict=True) if i == n] for n in range(count)
    ]
    # The periods around the tickets, as the tables-versus-objects property takes.
    stamps = [t.created_at for t in found] + [e.at for t in found for e in t.events]
    anchor = min(stamps, default=now, key=lambda t: t.timestamp())
    start = agreement.period_bounds(anchor)[0]
    end = min(
        agreement.period_bounds(now)[1],
        start + timedelta(days=140),
        key=lambda t: t.timestamp(),
    )
    tallies = [
        agreement.tally(
            sla.Dataset(tickets=sla.tickets_to_table(part, like=like)),
            start,
            end,
            now=now,
            breaches=True,
        )
        for part in parts
    ]
    objects = agreement.evaluate_range(sla.Dataset(tickets=found), start, end, now=now)
    reports = agreement.report(sum(tallies))
    assert reports == objects
    for mine, theirs in zip(reports, objects, strict=True):
        assert mine.breaches == theirs.breaches
    event(f"breach list {min(3, max(len(r.breaches) for r in objects))}")
    total = sum(tallies)
    assert pickle.loads(pickle.dumps(total)) == total  # noqa: S301 - our own
    assert "numpy" not in pickle.dumps(total).decode("latin-1")


@given(
    st.lists(AMOUNTS.map(lambda v: sla.Response(LOW, 5, fields={"x": v})), min_size=1)
)
def test_score_sums_are_exact_in_any_order(found) -> None:
    agreement = sla.Agreement(
        "A",
        "customer",
        (sla.Party("P", "provider"), sla.Party("C", "customer")),
        [sla.Objective("x", sla.AverageScore("x"), 0)],
        effective_from=date(2025, 12, 1),
    )
    one = agreement.tally(sla.Dataset(responses=found), LOW, LOW + timedelta(days=1))
    parts = [
        agreement.tally(sla.Dataset(responses=[r]), LOW, LOW + timedelta(days=1))
        for r in reversed(found)
    ]
    assert sum(parts) == one
    (total,) = one.parts[0][0].amounts  # type: ignore[index,union-attr]
    expected = sum((Fraction(Decimal(str(r.fields["x"]))) for r in found), Fraction(0))
    assert Fraction(total) == expected


SUPPORT = sla.Policy(
    "support",
    {
        priority: sla.Targets(first_response=timedelta(hours=1), resolution=H8)
        for priority in ("low", "normal", "high")
    },
)
DESK = sla.Agreement(
    "Desk",
    "customer",
    (sla.Party("P", "provider"), sla.Party("C", "customer")),
    [
        sla.Objective("replies", sla.TicketAttainment("first_response"), 90),
        sla.Objective("fixes", sla.TicketAttainment("resolution", ["high"]), 90),
        sla.Objective("all", sla.TicketAttainment("resolution"), 80),
    ],
    policies=[SUPPORT],
    period="weekly",
    effective_from=date(2026, 3, 2),
)


@st.composite
def busy_tickets(draw: st.DrawFn) -> list[sla.Ticket]:
    """Tickets opened on the hour (so breaches tie), replied and solved late or not."""
    found = []
    for number in range(draw(st.integers(1, 30))):
        opened = datetime(2026, 3, 2, tzinfo=UTC) + timedelta(
            hours=draw(st.integers(0, 24 * 20))
        )
        reply = opened + timedelta(minutes=draw(st.integers(0, 180)))
        events = [sla.TicketEvent(reply, "agent_reply")]
        if draw(st.booleans()):
            solved = reply + timedelta(minutes=draw(st.integers(0, 900)))
            events.append(sla.TicketEvent(solved, "status", "solved"))
        priority = draw(st.sampled_from(("low", "normal", "high")))
        found.append(sla.Ticket(f"T-{number}", opened, priority, events))
    return found


@given(busy_tickets(), st.data())
def test_breach_lists_merge_as_the_whole(found, data) -> None:
    count = data.draw(st.integers(2, 4))
    chosen = [data.draw(st.integers(0, count - 1)) for _ in found]
    parts = [
        [t for t, i in zip(found, chosen, strict=True) if i == n] for n in range(count)
    ]
    now = data.draw(sst.aware_datetimes(datetime(2026, 3, 3, tzinfo=UTC), HIGH))
    start, end = date(2026, 3, 2), date(2026, 4, 6)
    tallies = [
        DESK.tally(
            sla.Dataset(
                tickets=sla.tickets_to_table(part) if data.draw(st.booleans()) else part
            ),
            start,
            end,
            now=now,
            breaches=True,
        )
        for part in parts
    ]
    order = data.draw(st.permutations(tallies))
    whole = DESK.evaluate_range(sla.Dataset(tickets=found), start, end, now=now)
    reports = DESK.report(sum(order))
    assert reports == whole
    for mine, theirs in zip(reports, whole, strict=True):
        assert mine.breaches == theirs.breaches
    event(f"breach list {min(3, max(len(r.breaches) for r in whole))}")
