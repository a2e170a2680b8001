"""Workloads: the rule against a reference model, monotone, bands tile, tallies add.

`Workload.assess` is the one statement of the rule; here it is held equal to a
model written with exact fractions, field by field. Charges never fall and credits
never rise as the volume grows; every volume lies in exactly one band; and reports
of agreements with workloads (amended too) are the same from tallies of any split
of the data, merged in any order, as from `evaluate_range` on the whole.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import attrs
from hypothesis import given, note
from hypothesis import strategies as st
from tests.property.test_tally_properties import (
    AGREEMENTS,
    ITEMS,
    NOW,
    TIMES,
    splits,
)

import slacore as sla
from slacore import strategies as sst

VOLUMES = st.integers(0, 40_000) | st.decimals(0, 40_000, places=3)


def _cents(value: Fraction) -> Decimal:
    """`value` rounded half-even to cents, by integer arithmetic on the fraction."""
    hundredths = value * 100
    floor = hundredths.numerator // hundredths.denominator
    rest = hundredths - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2):
        floor += 1
    return Decimal(floor).scaleb(-2)


def model(w: sla.Workload, volume: Decimal) -> dict[str, object]:
    """The workload rule as a contract reads, in fractions."""
    v, plan = Fraction(volume), Fraction(w.planned)
    low = plan * (100 - Fraction(w.dead_band[0])) / 100
    high = plan * (100 + Fraction(w.dead_band[1])) / 100
    above = below = Fraction(0)
    if v > high:
        above = v - (plan if w.counted_from == "plan" else high)
    if v < low:
        below = (plan if w.counted_from == "plan" else low) - v
    renegotiate = False
    if w.renegotiate is not None:
        renegotiate = v < plan * (100 - Fraction(w.renegotiate[0])) / 100 or (
            v > plan * (100 + Fraction(w.renegotiate[1])) / 100
        )
    share = v * 100 / plan
    band = w.bands[0].name if w.bands else None  # a negative sum: the first
    for b in w.bands:
        if Fraction(b.low) <= share and (b.high is None or share < Fraction(b.high)):
            band = b.name
            break
    return {
        "within": low <= v <= high,
        "above": above,
        "below": below,
        "charge": None
        if w.charge_per_unit is None
        else _cents(above * Fraction(w.charge_per_unit)),
        "credit": None
        if w.credit_per_unit is None
        else _cents(below * Fraction(w.credit_per_unit)),
        "renegotiate": renegotiate,
        "band": band,
        "share": share,
    }


@given(sst.workloads(), VOLUMES)
def test_assess_equals_the_reference_model(w: sla.Workload, volume: Decimal) -> None:
    found = w.assess(volume)
    expected = model(w, Decimal(volume))
    assert found.within_dead_band == expected["within"]
    assert Fraction(found.units_above) == expected["above"]
    assert Fraction(found.units_below) == expected["below"]
    assert found.charge == expected["charge"]
    assert found.credit == expected["credit"]
    assert found.renegotiate == expected["renegotiate"]
    assert (found.band and found.band.name) == expected["band"]
    share = expected["share"]
    assert isinstance(share, Fraction)
    assert abs(Fraction(found.percent_of_plan) - share) <= share / 10**27


@given(sst.workloads(), VOLUMES, VOLUMES)
def test_charges_rise_and_credits_fall_with_volume(
    w: sla.Workload, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((Decimal(a), Decimal(b)))
    one, two = w.assess(low), w.assess(high)
    assert one.units_above <= two.units_above
    assert one.units_below >= two.units_below
    if w.charge_per_unit is not None:
        assert one.charge is not None
        assert two.charge is not None
        assert one.charge <= two.charge
    if w.credit_per_unit is not None:
        assert one.credit is not None
        assert two.credit is not None
        assert one.credit >= two.credit
    assert not (two.units_above and two.units_below)
    if w.bands:
        names = [band.name for band in w.bands]
        assert one.band is not None
        assert two.band is not None
        assert names.index(one.band.name) <= names.index(two.band.name)


@given(sst.workload_bands(), VOLUMES, st.integers(1, 10_000))
def test_bands_tile_the_volume_line(
    bands: tuple[sla.WorkloadBand, ...], volume: Decimal, planned: int
) -> None:
    holding = [band for band in bands if band.holds(Decimal(volume), Decimal(planned))]
    assert len(holding) == (1 if bands else 0)
    if bands:
        assert bands[0].low == 0
        assert bands[-1].high is None
        for before, after in pairwise(bands):
            assert before.high == after.low


@st.composite
def amended_workload_agreements(draw: st.DrawFn) -> sla.Agreement:
    """An agreement, perhaps amended, with a workload over objectives every version
    has (and perhaps an amendment that changes the workload)."""
    agreement = draw(sst.amended_agreements(AGREEMENTS, max_amendments=2))
    versions = agreement.versions
    common = [
        o
        for o in agreement.objectives
        if all(any(p.name == o.name for p in v.objectives) for v in versions)
    ]
    workload = draw(sst.workloads(tuple(common)))
    amendments = list(agreement.amendments)
    if amendments and draw(st.booleans()):
        index = draw(st.integers(0, len(amendments) - 1))
        amendments[index] = attrs.evolve(
            amendments[index], workload=draw(sst.workloads(tuple(common)))
        )
    return attrs.evolve(agreement, workload=workload, amendments=amendments)


@given(data=st.data())
def test_tallies_of_any_split_report_workloads_as_the_whole(
    data: st.DataObject,
) -> None:
    agreement = data.draw(amended_workload_agreements(), label="agreement")
    found = {name: data.draw(items, label=name) for name, items in ITEMS.items()}
    parts = data.draw(splits(found), label="parts")
    now = data.draw(NOW, label="now")
    since = data.draw(st.none() | TIMES, label="since")
    start = agreement.effective_from
    finish = start + timedelta(days=data.draw(st.integers(1, 120), label="days"))
    whole = agreement.evaluate_range(
        sla.Dataset(**found, since=since), start, finish, now=now
    )
    tallies = [
        agreement.tally(
            sla.Dataset(**part, since=since), start, finish, now=now, breaches=True
        )
        for part in parts
    ]
    order = data.draw(st.permutations(range(len(tallies))), label="order")
    reports = agreement.report(sum(tallies[i] for i in order))
    note(f"workloads: {[r.workload for r in whole]}")
    assert reports == whole
    for mine, theirs in zip(reports, whole, strict=True):
        assert mine.to_dict() == theirs.to_dict()
