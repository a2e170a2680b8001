"""Workload bands: volume against plan, dead band, charges, credits, bands.

Every figure here is worked by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest

import slacore as sla

H = timedelta(hours=1)
PARTIES = [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")]
POLICY = sla.Policy("desk", {"high": sla.Targets(first_response=H, resolution=8 * H)})
REPLIES = sla.Objective(
    "replies",
    sla.TicketAttainment("first_response"),
    90,
    credit=sla.CreditSchedule([sla.CreditTier(90, 10)]),  # 10 % of the fee below 90
)
P90 = sla.Objective(
    "p90",
    sla.TicketPercentile("resolution", 90),
    timedelta(hours=4),
    direction="at_most",
)
MARCH = datetime(2026, 3, 2, 9, tzinfo=UTC)


def desk(**workload: object) -> sla.Workload:
    return sla.Workload(sla.TicketVolume(), 10_000, **workload)  # type: ignore[arg-type]


def agreement(workload: sla.Workload, *objectives: sla.Objective) -> sla.Agreement:
    return sla.Agreement(
        "Desk",
        "customer",
        PARTIES,
        objectives or [REPLIES],
        policies=[POLICY],
        effective_from=date(2026, 1, 1),
        fee=20_000,
        workload=workload,
    )


def tickets(count: int, late: int = 0, start: datetime = MARCH) -> list[sla.Ticket]:
    """`count` high tickets, the last `late` of them replied to after 2 h."""
    found = []
    for i in range(count):
        created = start + timedelta(seconds=i)
        reply = created + (2 * H if i >= count - late else timedelta(minutes=5))
        found.append(
            sla.Ticket(
                f"T{i}", created, "high", [sla.TicketEvent(reply, "agent_reply")]
            )
        )
    return found


# -- the rule, figure by figure -------------------------------------------------------


def test_inside_the_dead_band_nothing_is_charged_or_credited() -> None:
    w = desk(dead_band=10, charge_per_unit="4.50", credit_per_unit=3)
    for volume in (9_000, 9_500, 10_000, 11_000):  # the edges belong to the band
        result = w.assess(volume)
        assert result.within_dead_band
        assert (result.units_above, result.units_below) == (0, 0)
        assert (result.charge, result.credit) == (Decimal("0.00"), Decimal("0.00"))


def test_units_above_are_counted_from_the_band_edge_by_default() -> None:
    w = desk(dead_band=10, charge_per_unit="4.50", credit_per_unit=3)
    above = w.assess(11_500)  # edge 11,000: 500 units x 4.50 = 2,250.00
    assert (above.units_above, above.charge, above.credit) == (
        Decimal(500),
        Decimal("2250.00"),
        Decimal("0.00"),
    )
    below = w.assess(8_000)  # edge 9,000: 1,000 units x 3 = 3,000.00
    assert (below.units_below, below.credit) == (Decimal(1000), Decimal("3000.00"))
    assert below.percent_of_plan == 80


def test_counted_from_the_plan_every_unit_counts_once_outside() -> None:
    w = desk(dead_band=10, charge_per_unit="4.50", counted_from="plan")
    assert w.assess(11_000).charge == 0  # on the edge: inside
    assert w.assess(11_001).charge == Decimal("4504.50")  # 1,001 x 4.50
    assert w.assess(8_999).units_below == 1001


def test_asymmetric_dead_band_and_sums() -> None:
    w = sla.Workload(
        sla.Volume("hours", "sum"), "400.5", dead_band=(5, 20), credit_per_unit="0.333"
    )
    # below edge: 400.5 x 0.95 = 380.475; 300.125 is 80.35 under; x 0.333 = 26.75655
    result = w.assess("300.125")
    assert result.units_below == Decimal("80.35")
    assert result.credit == Decimal("26.76")  # rounded half-even once
    assert result.charge is None  # no rate: no amount, units still shown
    assert w.assess(480).units_above == 0  # upper edge 480.6


def test_half_even_rounding_of_amounts() -> None:
    w = sla.Workload(sla.TicketVolume(), 100, charge_per_unit="0.005")
    assert w.assess(101).charge == Decimal("0.00")  # 0.005 -> 0.00 (to even)
    assert w.assess(103).charge == Decimal("0.02")  # 0.015 -> 0.02


def test_renegotiation_band_is_crossed_strictly_beyond() -> None:
    w = desk(dead_band=10, renegotiate=(20, 25))
    assert not w.assess(12_500).renegotiate  # exactly +25 %
    assert w.assess(12_501).renegotiate
    assert not w.assess(8_000).renegotiate  # exactly -20 %
    assert w.assess(7_999).renegotiate
    assert not desk().assess(1).renegotiate  # no band: never


def test_bands_pick_the_band_with_low_inclusive_and_high_exclusive() -> None:
    w = desk(
        bands=[
            sla.WorkloadBand("normal", low=0, high=120),
            sla.WorkloadBand("surge", low=120, high=150),
            sla.WorkloadBand("flood", low=150),
        ]
    )
    assert w.band_for(11_999).name == "normal"
    assert w.band_for(12_000).name == "surge"
    assert w.band_for(14_999).name == "surge"
    assert w.band_for(15_000).name == "flood"
    assert w.band_for(0).name == "normal"
    assert desk().band_for(5) is None


def test_summary_and_to_dict() -> None:
    w = desk(
        dead_band=10,
        charge_per_unit="4.50",
        renegotiate=25,
        bands=[
            sla.WorkloadBand("normal", low=0, high=120),
            sla.WorkloadBand("flood", low=120, excused=["replies"], note="schedule C"),
        ],
    )
    result = w.assess(13_000)
    assert result.summary() == (
        "13000 against 10000 planned (130 %), band flood (schedule C): 2000 units "
        "above the dead band, charge 9000.00; excused: replies; beyond the "
        "renegotiation band"
    )
    data = result.to_dict()
    assert data["band"] == "flood"
    assert data["excused"] == ["replies"]
    assert data["charge"] == "9000.00"
    assert data["units_above"] == "2000"


# -- in reports ----------------------------------------------------------------------


def surge_desk() -> sla.Agreement:
    workload = sla.Workload(
        sla.TicketVolume(),
        10,
        dead_band=10,
        charge_per_unit="4.50",
        credit_per_unit=3,
        renegotiate=25,
        bands=[
            sla.WorkloadBand("normal", low=0, high=120),
            sla.WorkloadBand("surge", low=120, high=150, goals={"replies": 50}),
            sla.WorkloadBand("flood", low=150, excused=["replies"]),
        ],
    )
    return agreement(workload)


def test_report_shows_volume_band_and_charge_apart_from_service_credits() -> None:
    a = surge_desk()
    report = a.evaluate(sla.Dataset(tickets=tickets(10, late=2)), date(2026, 3, 1))
    # 10 tickets, plan 10: normal band; 8 of 10 replies in time, 80 % < 90 %: missed.
    assert report.workload is not None
    assert report.workload.band is not None
    assert report.workload.band.name == "normal"
    assert report.workload.charge == 0
    assert report.result("replies").met is False
    assert report.credit_amount == Decimal("2000.00")  # 10 % of 20,000
    assert (
        "Workload: 10 against 10 planned (100 %), band normal" in report.to_markdown()
    )


def test_a_band_goal_change_holds_the_objective_to_the_band_goal() -> None:
    a = surge_desk()
    # 13 tickets: 130 % of plan, surge; 2 units above the 11 edge: 2 x 4.50 = 9.00.
    report = a.evaluate(sla.Dataset(tickets=tickets(13, late=4)), date(2026, 3, 1))
    result = report.result("replies")
    assert result.value == Decimal(900) / 13  # 9 of 13 in time: 69.2 %
    assert (result.goal, result.signed_goal, result.met) == (50, 90, True)
    assert result.credit_percent == 0  # met under the band's goal: no credit
    assert report.workload is not None
    assert report.workload.charge == Decimal("9.00")
    assert report.workload.renegotiate  # 13 > 12.5
    assert report.to_dict()["results"][0]["signed_goal"] == "90"
    assert "(band; signed 90)" in report.to_text()


def test_a_band_goal_missed_still_pays_its_credit() -> None:
    a = surge_desk()
    report = a.evaluate(sla.Dataset(tickets=tickets(13, late=7)), date(2026, 3, 1))
    assert report.result("replies").met is False  # 6 of 13 = 46 % < 50 %
    assert report.credit_amount == Decimal("2000.00")  # the schedule: 46 < 90


def test_an_excused_objective_is_neither_met_nor_missed_and_pays_nothing() -> None:
    a = surge_desk()
    report = a.evaluate(sla.Dataset(tickets=tickets(16, late=10)), date(2026, 3, 1))
    result = report.result("replies")
    assert (result.met, result.excused, result.credit_percent) == (None, True, 0)
    assert report.credit_amount == 0
    assert report.met
    assert report.workload is not None
    assert report.workload.units_above == 5  # 16 - 11
    assert "| excused |" in report.to_markdown()


def test_below_plan_the_provider_credits_per_unit() -> None:
    a = surge_desk()
    report = a.evaluate(sla.Dataset(tickets=tickets(5)), date(2026, 3, 1))
    assert report.workload is not None
    # edge 9: 4 units below x 3 = 12.00; 5 < 7.5: beyond the renegotiation band
    assert (report.workload.units_below, report.workload.credit) == (
        4,
        Decimal("12.00"),
    )
    assert report.workload.renegotiate


def test_tickets_created_after_now_or_in_another_period_do_not_count() -> None:
    a = surge_desk()
    data = sla.Dataset(
        tickets=tickets(3, start=datetime(2026, 2, 27, tzinfo=UTC))
        + tickets(4, start=MARCH)
        + tickets(5, start=datetime(2026, 3, 20, tzinfo=UTC))
    )
    now = datetime(2026, 3, 10, tzinfo=UTC)
    report = a.evaluate(data, date(2026, 3, 1), now=now)
    assert report.workload is not None
    assert report.workload.volume == 4


def test_ticket_volume_condition_and_contact_volume() -> None:
    billing = sla.TicketVolume(where=sla.Equals("queue", "billing"))
    w = sla.Workload(billing, 2)
    found = [
        sla.Ticket(i, MARCH, "high", fields={"queue": q})
        for i, q in enumerate(["billing", "tech", "billing", "billing"])
    ]
    report = agreement(w).evaluate(sla.Dataset(tickets=found), date(2026, 3, 1))
    assert report.workload is not None
    assert report.workload.volume == 3
    calls = sla.Workload(sla.ContactVolume("phone"), 2, charge_per_unit=1)
    contacts = [
        sla.Contact(timedelta(seconds=5), at=MARCH, service=s)
        for s in ("phone", "phone", "chat", "phone")
    ]
    phone = agreement(calls).evaluate(sla.Dataset(contacts=contacts), date(2026, 3, 1))
    assert phone.workload is not None
    assert (phone.workload.volume, phone.workload.charge) == (3, Decimal("1.00"))


def test_ticket_volume_as_an_objective_needs_no_policy() -> None:
    cap = sla.Objective("intake", sla.TicketVolume(), 3, direction="at_most")
    a = sla.Agreement(
        "Intake", "internal", PARTIES, [cap], effective_from=date(2026, 1, 1)
    )
    report = a.evaluate(sla.Dataset(tickets=tickets(4)), date(2026, 3, 1))
    assert (report.result("intake").value, report.result("intake").met) == (4, False)


def test_tables_count_as_objects_do() -> None:
    pytest.importorskip("pandas")
    a = surge_desk()
    found = tickets(13, late=4)
    table = sla.tickets_to_table(found, like="pandas")
    objects = a.evaluate(sla.Dataset(tickets=found), date(2026, 3, 1))
    assert a.evaluate(sla.Dataset(tickets=table), date(2026, 3, 1)) == objects


def test_tallies_of_parts_add_up_to_the_whole_with_a_workload() -> None:
    a = surge_desk()
    found = tickets(13, late=4)
    march = date(2026, 3, 1), date(2026, 4, 1)
    now = datetime(2026, 4, 1, tzinfo=UTC)
    parts = [sla.Dataset(tickets=found[:6]), sla.Dataset(tickets=found[6:])]
    total = sum(a.tally(part, *march, now=now, breaches=True) for part in parts)
    assert a.report(total) == a.evaluate_range(sla.Dataset(tickets=found), *march)


# -- amendments ----------------------------------------------------------------------


def test_an_amendment_renegotiates_the_plan_from_its_instant() -> None:
    a = attrs.evolve(
        surge_desk(),
        amendments=[
            sla.Amendment(
                date(2026, 4, 1),
                workload=sla.Workload(sla.TicketVolume(), 20, dead_band=10),
                note="renegotiated",
            )
        ],
    )
    data = sla.Dataset(
        tickets=tickets(13) + tickets(13, start=datetime(2026, 4, 2, tzinfo=UTC))
    )
    march, april = a.evaluate_range(data, date(2026, 3, 1), date(2026, 5, 1))
    assert march.workload is not None
    assert april.workload is not None
    assert (march.workload.planned, march.workload.version) == (10, 0)
    assert (april.workload.planned, april.workload.version) == (20, 1)
    assert april.workload.units_below == 5  # edge 18 - 13
    assert april.workload.band is None


def test_a_period_split_by_an_amendment_counts_its_whole_volume_at_its_end_terms() -> (
    None
):
    a = attrs.evolve(
        surge_desk(),
        amendments=[
            sla.Amendment(
                datetime(2026, 3, 16, tzinfo=UTC),
                workload=sla.Workload(sla.TicketVolume(), 20, dead_band=10),
            )
        ],
    )
    data = sla.Dataset(
        tickets=tickets(6) + tickets(6, start=datetime(2026, 3, 20, tzinfo=UTC))
    )
    report = a.evaluate(data, date(2026, 3, 1))
    assert len(report.parts) == 2
    assert report.workload is not None
    assert (report.workload.volume, report.workload.planned) == (12, 20)
    assert report.workload.version == 1


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "field", "words"),
    [
        ([sla.WorkloadBand("a", low=10)], "bands[0].low", "starts at 0"),
        (
            [sla.WorkloadBand("a", low=0, high=120), sla.WorkloadBand("b", low=110)],
            "bands[1].low",
            "overlaps band 'a'",
        ),
        (
            [sla.WorkloadBand("a", low=0, high=120), sla.WorkloadBand("b", low=130)],
            "bands[1].low",
            "leaves a gap after band 'a'",
        ),
        ([sla.WorkloadBand("a", low=0, high=120)], "bands[0].high", "has no end"),
        (
            [sla.WorkloadBand("a", low=0), sla.WorkloadBand("b", low=100)],
            "bands[0].high",
            "only the last band",
        ),
        (
            [sla.WorkloadBand("a", low=0, high=1), sla.WorkloadBand("a", low=1)],
            "bands[1].name",
            "named twice",
        ),
    ],
)
def test_bands_that_do_not_tile_are_refused_naming_the_place(
    bands: list[sla.WorkloadBand], field: str, words: str
) -> None:
    with pytest.raises(sla.AgreementError, match=words) as caught:
        desk(bands=bands)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"dead_band": -1}, "dead_band[0]"),
        ({"dead_band": 100}, "dead_band[0]"),
        ({"dead_band": (5, 5, 5)}, "dead_band"),
        ({"dead_band": "ten"}, "dead_band[0]"),
        ({"charge_per_unit": -1}, "charge_per_unit"),
        ({"credit_per_unit": "NaN"}, "credit_per_unit"),
        ({"renegotiate": 5, "dead_band": 10}, "renegotiate[0]"),
        ({"renegotiate": (20, 5), "dead_band": 10}, "renegotiate[1]"),
        ({"counted_from": "edge"}, "counted_from"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(sla.AgreementError) as caught:
        desk(**kwargs)
    assert caught.value.field == field


def test_bad_plan_and_measure() -> None:
    with pytest.raises(sla.AgreementError, match="above zero") as caught:
        sla.Workload(sla.TicketVolume(), 0)
    assert caught.value.field == "planned"
    with pytest.raises(sla.AgreementError, match="counts tickets") as caught:
        sla.Workload(sla.Volume("amount", "mean"), 10)  # type: ignore[arg-type]
    assert caught.value.field == "measure"
    with pytest.raises(sla.AgreementError, match="must not be negative"):
        desk().assess(-1)


def test_band_errors() -> None:
    with pytest.raises(sla.AgreementError, match="must be above low") as caught:
        sla.WorkloadBand("a", low=50, high=50)
    assert caught.value.field == "high"
    with pytest.raises(sla.AgreementError, match="both excuses 'x'") as caught:
        sla.WorkloadBand("a", low=0, goals={"x": 1}, excused=["x"])
    assert caught.value.field == "excused"
    with pytest.raises(sla.AgreementError, match="changes 'x' twice") as caught:
        sla.WorkloadBand("a", low=0, goals=[sla.GoalChange("x", 1)] * 2)
    assert caught.value.field == "goals[1].objective"


def test_bands_naming_unknown_objectives_or_bad_goals_are_refused() -> None:
    unknown = sla.Workload(
        sla.TicketVolume(), 10, bands=[sla.WorkloadBand("a", low=0, goals={"nps": 1})]
    )
    with pytest.raises(sla.AgreementError, match="not an objective") as caught:
        agreement(unknown)
    assert caught.value.field == "workload.bands[0].goals[0].objective"
    excuses = sla.Workload(
        sla.TicketVolume(), 10, bands=[sla.WorkloadBand("a", low=0, excused="nps")]
    )
    with pytest.raises(sla.AgreementError) as caught:
        agreement(excuses)
    assert caught.value.field == "workload.bands[0].excused[0]"
    too_high = sla.Workload(
        sla.TicketVolume(),
        10,
        bands=[sla.WorkloadBand("a", low=0, goals={"replies": 120})],
    )
    with pytest.raises(sla.AgreementError) as caught:
        agreement(too_high)
    assert caught.value.field == "workload.bands[0].goals[0].goal"


def test_duration_goals_in_bands() -> None:
    band = sla.WorkloadBand("surge", low=0, goals={"p90": "6h"})
    assert band.goals[0].goal == 6 * 3600
    w = sla.Workload(sla.TicketVolume(), 10, bands=[band])
    a = agreement(w, P90)
    assert a.workload is w


def test_an_amendment_cannot_add_a_workload_or_break_its_bands() -> None:
    plain = sla.Agreement(
        "Desk",
        "customer",
        PARTIES,
        [REPLIES],
        policies=[POLICY],
        effective_from=date(2026, 1, 1),
    )
    with pytest.raises(sla.AgreementError, match="no workload") as caught:
        attrs.evolve(
            plain, amendments=[sla.Amendment(date(2026, 6, 1), workload=desk())]
        )
    assert caught.value.field == "amendments[0].workload"
    a = surge_desk()
    other = sla.Objective("other", sla.TicketAttainment("resolution"), 80)
    with pytest.raises(sla.AgreementError) as caught:
        attrs.evolve(
            a, amendments=[sla.Amendment(date(2026, 6, 1), objectives=[other])]
        )
    assert caught.value.field == "amendments[0].workload.bands[1].goals[0].objective"
    with pytest.raises(sla.AgreementError, match="changes objectives, fee, at_risk or"):
        sla.Amendment(date(2026, 6, 1))


def test_a_negative_sum_lies_in_the_first_band_and_below_the_plan() -> None:
    hours = sla.Workload(
        sla.Volume("hours", "sum"),
        100,
        credit_per_unit=2,
        bands=[
            sla.WorkloadBand("low", low=0, high=50),
            sla.WorkloadBand("high", low=50),
        ],
    )
    a = sla.Agreement(
        "Hours",
        "internal",
        PARTIES,
        [sla.Objective("hours", sla.Volume("hours", "sum"), 0)],
        effective_from=date(2026, 1, 1),
        workload=hours,
    )
    records = [{"at": MARCH, "hours": 5}, {"at": MARCH, "hours": -12}]  # a correction
    report = a.evaluate(sla.Dataset(records=records), date(2026, 3, 1))
    assert report.workload is not None
    assert report.workload.volume == -7
    assert report.workload.band is not None
    assert report.workload.band.name == "low"
    assert (report.workload.units_below, report.workload.credit) == (
        107,
        Decimal("214.00"),
    )
