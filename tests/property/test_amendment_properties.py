"""Amended agreements: a split period is the rule applied to its parts.

Random agreements with random amendments (most of them inside a period) x random
datasets x `now` anywhere:

- each period an amendment splits equals, part by part, the report of an
  agreement holding only that part's version for only that part's span (the
  reference: no amendments at all), and its fee, percents and credit are the
  pro-rata rule applied to those parts, worked out with exact fractions;
- tallies of any split of the data still add up to the whole's reports;
- reports from ticket tables equal reports from ticket objects.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING

import attrs
from hypothesis import event, given, note
from hypothesis import strategies as st
from tests.property.test_agreement_table_properties import cases as ticket_cases
from tests.property.test_io_properties import assert_round_trip
from tests.property.test_tally_properties import ITEMS, NOW, splits

import slacore as sla
from slacore import strategies as sst

if TYPE_CHECKING:
    from slacore._amendments import AgreementVersion

WITHIN = timedelta(days=100)
AGREEMENTS = sst.amended_agreements(
    sst.agreements(
        starts=st.dates(date(2026, 1, 1), date(2026, 2, 15))
        | sst.aware_datetimes(
            datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 15, tzinfo=UTC)
        ),
        periods=st.sampled_from(("weekly", "monthly", "quarterly")),
        max_objectives=3,
    ),
    max_amendments=3,
    within=WITHIN,
)
CENT = Decimal("0.01")


def _us(t: datetime) -> int:
    return (t - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _without_history(
    objectives: tuple[sla.Objective, ...],
) -> tuple[sla.Objective, ...]:
    return tuple(
        attrs.evolve(o, credit=None)
        if isinstance(o.credit, sla.RepeatedMissCredit)
        else o
        for o in objectives
    )


def without_history(agreement: sla.Agreement) -> sla.Agreement:
    """The agreement without the terms that read earlier periods.

    Earn-back, termination, the yearly cap, the minimum credit and repeated-miss
    credits read the periods before; the reference measures each part alone.
    """
    amendments = [
        attrs.evolve(
            a,
            objectives=None if a.objectives is None else _without_history(a.objectives),
        )
        for a in agreement.amendments
    ]
    return attrs.evolve(
        agreement,
        objectives=_without_history(agreement.objectives),
        earn_back=None,
        termination=None,
        yearly_cap=None,
        minimum_credit=None,
        amendments=amendments,
    )


def reference_parts(
    agreement: sla.Agreement,
    report: sla.Report,
    data: sla.Dataset,
    now: datetime | None,
) -> list[tuple[AgreementVersion, int, sla.Report]]:
    """Each part of the report's period: its version, length, and report alone."""
    start, end = report.period_start, report.period_end
    cuts = [
        v.effective
        for v in agreement.versions
        if _us(start) < _us(v.effective) < _us(end)
    ]
    bounds = [start, *cuts, end]
    found = []
    for a, b in pairwise(bounds):
        version = agreement.version_at(a)
        alone = attrs.evolve(
            agreement,
            objectives=version.objectives,
            fee=version.fee,
            at_risk=version.at_risk,
            amendments=(),
            effective_from=a,
            effective_until=b,
        )
        found.append((version, _us(b) - _us(a), alone.evaluate(data, a, now=now)))
    return found


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def near(actual: Decimal, expected: Fraction) -> bool:
    """Equal to 25 significant digits (one rounding to 28 is allowed)."""
    error = abs(Fraction(actual) - expected)
    return error <= abs(expected) * Fraction(1, 10**25) + Fraction(1, 10**25)


def cents(expected: Fraction) -> Decimal:
    return _decimal(expected).quantize(CENT, rounding=ROUND_HALF_EVEN)


def check_split(
    report: sla.Report, parts: list[tuple[AgreementVersion, int, sla.Report]]
) -> None:
    length = sum(n for _, n, _ in parts)
    fees = [v.fee for v, _, _ in parts]
    with_fee = all(f is not None for f in fees)
    assert report.version == parts[-1][0].number
    assert len(report.parts) == len(parts)
    expected_results = []
    for part, (version, n, alone) in zip(report.parts, parts, strict=True):
        assert part.version == version.number
        assert (part.start, part.end) == (alone.period_start, alone.period_end)
        assert part.uncapped_percent == alone.uncapped_percent
        assert part.credit_percent == alone.credit_percent
        assert part.capped_by == alone.capped_by
        fee = None if version.fee is None else Fraction(version.fee) * n / length
        if fee is None:
            assert part.fee is None
        else:
            assert part.fee is not None
            assert near(part.fee, fee)
            assert part.credit_amount == cents(
                fee * Fraction(part.credit_percent) / 100
            )
        for mine, theirs in zip(part.results, alone.results, strict=True):
            # The same figures; the amounts of the part's share of the fee.
            assert attrs.evolve(mine, credit_amount=None, paid_amount=None) == (
                attrs.evolve(theirs, credit_amount=None, paid_amount=None)
            )
            if fee is not None:
                assert mine.credit_amount == cents(
                    fee * Fraction(mine.credit_percent) / 100
                )
        expected_results.extend(part.results)
    assert report.results == tuple(expected_results)
    # The period: each part weighs its fee times its length (its length alone
    # without fees); the credit is the parts' credits added up.
    weights = [
        Fraction(v.fee) * n if with_fee and any(fees) else Fraction(n)
        for v, n, _ in parts
    ]
    totals = [Fraction(alone.credit_percent) for _, _, alone in parts]
    uncapped = [Fraction(alone.uncapped_percent) for _, _, alone in parts]
    assert near(
        report.credit_percent,
        sum(w * t for w, t in zip(weights, totals, strict=True)) / sum(weights),
    )
    assert near(
        report.uncapped_percent,
        sum(w * t for w, t in zip(weights, uncapped, strict=True)) / sum(weights),
    )
    if with_fee:
        assert report.fee is not None
        assert report.credit_amount is not None
        assert near(
            report.fee,
            sum(Fraction(f) * n for f, (_, n, _) in zip(fees, parts, strict=True))
            / length,
        )  # type: ignore[arg-type]
        money = sum(
            Fraction(f) * n * t  # type: ignore[arg-type]
            for f, (_, n, _), t in zip(fees, parts, totals, strict=True)
        )
        assert report.credit_amount == cents(Fraction(money) / length / 100)
    else:
        assert report.fee is None
        assert report.credit_amount is None
    missed = [
        r.objective for _, _, alone in parts for r in alone.results if r.met is False
    ]
    assert report.missed == tuple(dict.fromkeys(missed))


@st.composite
def evaluations(draw: st.DrawFn):
    agreement = without_history(draw(AGREEMENTS))
    data = {name: draw(items) for name, items in ITEMS.items()}
    now = draw(NOW)
    return agreement, sla.Dataset(**data), now


@given(evaluations())
def test_a_split_period_is_the_rule_applied_to_its_parts(case) -> None:
    agreement, data, now = case
    start = agreement.effective_from
    end = start + WITHIN + timedelta(days=40)
    reports = agreement.evaluate_range(data, start, end, now=now)
    if not reports:
        return
    now = now or reports[-1].period_end  # the default, made explicit for each part
    for report in reports:
        parts = reference_parts(agreement, report, data, now)
        if not report.parts:
            ((version, _, alone),) = parts
            assert report.version == version.number
            # Alike but for what reads the agreement's start or earlier periods.
            assert attrs.evolve(report, version=0) == attrs.evolve(
                alone,
                next_review=report.next_review,
                review_due=report.review_due,
                year_credit_amount=report.year_credit_amount,
            )
            assert report.breaches == alone.breaches
            continue
        event(f"split into {len(report.parts)}")
        note(f"report: {report!r}")
        check_split(report, parts)


@st.composite
def tally_cases(draw: st.DrawFn):
    agreement = draw(AGREEMENTS)
    data = {name: draw(items) for name, items in ITEMS.items()}
    parts = draw(splits(data))
    now = draw(NOW)
    start = agreement.effective_from
    end = start + timedelta(days=draw(st.integers(1, 150)))
    order = draw(st.permutations(range(len(parts))))
    return agreement, data, parts, now, start, end, order


@given(tally_cases())
def test_tallies_of_any_split_add_up_with_amendments(case) -> None:
    agreement, data, parts, now, start, end, order = case
    whole = agreement.evaluate_range(sla.Dataset(**data), start, end, now=now)
    if not whole:
        return
    event(f"split periods: {sum(bool(r.parts) for r in whole) > 0}")
    tallies = [
        agreement.tally(sla.Dataset(**part), start, end, now=now, breaches=True)
        for part in parts
    ]
    reports = agreement.report(sum(tallies[i] for i in order))
    assert reports == whole
    for mine, theirs in zip(reports, whole, strict=True):
        assert mine.breaches == theirs.breaches
        assert mine.to_dict() == theirs.to_dict()


@given(ticket_cases(), st.data())
def test_reports_from_tables_equal_objects_with_amendments(case, data) -> None:
    agreement, found, now, like = case
    agreement = data.draw(
        sst.amended_agreements(
            st.just(agreement), max_amendments=2, within=timedelta(days=80)
        ),
        label="amended",
    )
    start = agreement.effective_from
    end = start + timedelta(days=120)
    table = sla.tickets_to_table(found, like=like)
    objects = agreement.evaluate_range(sla.Dataset(tickets=found), start, end, now=now)
    tables = agreement.evaluate_range(sla.Dataset(tickets=table), start, end, now=now)
    assert tables == objects
    for a, b in zip(tables, objects, strict=True):
        assert a.breaches == b.breaches
        assert a.to_dict() == b.to_dict()


@given(sst.amended_agreements(sst.agreements(), max_amendments=3))
def test_amended_agreements_round_trip_through_files(agreement) -> None:
    event(f"{len(agreement.amendments)} amendments")
    for fmt in ("toml", "json"):
        assert_round_trip(agreement, fmt)
