"""Properties of service credits, and differential tests against plain models.

The models below are written the slow, obvious way: every applicable tier is
collected and the largest percent taken; steps are counted by subtracting one step
at a time; extra breaches are added one by one; the credit amount is computed with
`fractions.Fraction` and rounded half-even by hand. Numbers are drawn with a few
decimal places, and attainments often sit exactly on (or a hair either side of) a
tier's `below` or a step boundary, where off-by-one mistakes live.
"""

from __future__ import annotations

import re
from decimal import ROUND_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from slacore import (
    BreachCountCredit,
    CreditError,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    StepCredit,
)

D = Decimal
HAIR = D("0.001")

# -- strategies ------------------------------------------------------------------------

#: Attainments, percents and fees with up to 3 decimal places.
attainments = st.decimals(min_value=-200, max_value=200, places=3)
percents = st.decimals(min_value=0, max_value=150, places=3)
fees = st.decimals(min_value=0, max_value=10**9, places=3) | st.sampled_from(
    [D("0.125"), D("0.375"), D("2.5"), D("1.005"), D(0)]
)
places = st.integers(min_value=0, max_value=6)
caps = st.none() | percents


@st.composite
def tier_lists(draw: st.DrawFn, *, min_size: int = 1) -> list[CreditTier]:
    """Valid tiers: `below` strictly decreasing, `percent` strictly increasing."""
    size = draw(st.integers(min_value=min_size, max_value=5))
    belows = draw(st.lists(attainments, min_size=size, max_size=size, unique=True))
    pays = draw(st.lists(percents, min_size=size, max_size=size, unique=True))
    return [
        CreditTier(below, pay)
        for below, pay in zip(sorted(belows, reverse=True), sorted(pays), strict=True)
    ]


@st.composite
def schedules(draw: st.DrawFn) -> CreditSchedule:
    """Valid schedules, with the default cap, no cap, or a drawn one."""
    tiers = draw(tier_lists())
    cap = draw(st.sampled_from(["default", "drawn"]))
    if cap == "default":
        return CreditSchedule(tiers)
    return CreditSchedule(tiers, cap=draw(caps))


@st.composite
def schedule_attainments(draw: st.DrawFn, schedule: CreditSchedule) -> Decimal:
    """An attainment: anywhere, or on a tier's edge, or a hair either side."""
    edge = draw(st.sampled_from(schedule.tiers)).below
    return draw(st.sampled_from([edge, edge - HAIR, edge + HAIR]) | attainments)


step_credits = st.builds(
    StepCredit,
    threshold=st.decimals(min_value=-50, max_value=150, places=2),
    step=st.decimals(min_value=D("0.05"), max_value=20, places=2),
    percent=percents,
    cap=caps,
)
breach_credits = st.builds(
    BreachCountCredit,
    min_breaches=st.integers(min_value=1, max_value=20),
    percent=percents,
    per_extra=st.decimals(min_value=0, max_value=20, places=2),
    cap=caps,
)


@st.composite
def repeated_miss_credits(draw: st.DrawFn) -> RepeatedMissCredit:
    """Valid repeated-miss rules: 1 <= misses <= within."""
    misses = draw(st.integers(min_value=1, max_value=12))
    within = draw(st.integers(min_value=misses, max_value=24))
    return RepeatedMissCredit(misses, within, draw(percents), cap=draw(caps))


@st.composite
def step_attainments(draw: st.DrawFn, rule: StepCredit) -> Decimal:
    """An attainment near the threshold, on a step boundary, or a hair either side."""
    steps = draw(st.integers(min_value=0, max_value=30))
    boundary = rule.threshold - steps * rule.step
    nudge = draw(st.sampled_from([D(0), HAIR, -HAIR]))
    return draw(st.just(boundary + nudge) | attainments)


# -- the plain models ------------------------------------------------------------------


def capped_model(percent: Decimal, cap: Decimal | None) -> Decimal:
    if cap is not None and percent > cap:
        return cap
    return percent


def schedule_model(schedule: CreditSchedule, attainment: Decimal) -> Decimal:
    applicable = [t.percent for t in schedule.tiers if attainment < t.below]
    return capped_model(max(applicable, default=D(0)), schedule.cap)


def step_model(rule: StepCredit, attainment: Decimal) -> Decimal:
    steps = 0
    left = rule.threshold - attainment
    while left > 0:  # at most (150 + 200) / 0.05 = 7000 rounds
        steps += 1
        left -= rule.step
    return capped_model(steps * rule.percent, rule.cap)


def breach_model(rule: BreachCountCredit, breaches: int) -> Decimal:
    if breaches < rule.min_breaches:
        return D(0)
    total = rule.percent
    for _ in range(breaches - rule.min_breaches):
        total += rule.per_extra
    return capped_model(total, rule.cap)


def repeated_model(rule: RepeatedMissCredit, missed: int) -> Decimal:
    return capped_model(rule.percent if missed >= rule.misses else D(0), rule.cap)


def amount_model(fee: Decimal, percent: Decimal, digits: int) -> Decimal:
    """``fee * percent / 100`` with Fractions, rounded half-even by hand."""
    exact = Fraction(fee) * Fraction(percent) / 100 * 10**digits
    whole, rest = divmod(exact, 1)
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    return D(int(whole)).scaleb(-digits)


def tiers_error_model(tiers: list[CreditTier]) -> str | None:
    """The field a schedule of *tiers* must reject, or None if they are valid."""
    if not tiers:
        return "tiers"
    for i in range(1, len(tiers)):
        if not tiers[i].below < tiers[i - 1].below:
            return f"tiers[{i}].below"
        if not tiers[i].percent > tiers[i - 1].percent:
            return f"tiers[{i}].percent"
    return None


# -- attainment-based rules ------------------------------------------------------------


class TestScheduleProperties:
    @given(data=st.data(), schedule=schedules())
    def test_matches_model(self, data, schedule):
        """percent_for equals the largest applicable tier's percent, capped."""
        attainment = data.draw(schedule_attainments(schedule))
        assert schedule.percent_for(attainment) == schedule_model(schedule, attainment)

    @given(schedule=schedules(), a=attainments, b=attainments)
    def test_non_increasing(self, schedule, a, b):
        """A better attainment never pays a larger credit."""
        low, high = sorted((a, b))
        assert schedule.percent_for(high) <= schedule.percent_for(low)

    @given(schedule=schedules(), attainment=attainments)
    def test_within_cap(self, schedule, attainment):
        """The credit lies between 0 and the cap (and the top tier's percent)."""
        percent = schedule.percent_for(attainment)
        assert D(0) <= percent <= schedule.tiers[-1].percent
        if schedule.cap is not None:
            assert percent <= schedule.cap

    @given(schedule=schedules())
    def test_at_or_above_top_pays_nothing(self, schedule):
        """An attainment at the highest `below` pays nothing."""
        assert schedule.percent_for(schedule.tiers[0].below) == D(0)

    @given(tiers=tier_lists(min_size=2), data=st.data())
    def test_any_reordering_raises(self, tiers, data):
        """A valid tier list in any other order raises CreditError naming a tier."""
        shuffled = data.draw(st.permutations(tiers))
        assume(shuffled != tiers)
        with pytest.raises(CreditError) as info:
            CreditSchedule(shuffled)
        field = info.value.field
        assert field is not None
        assert re.fullmatch(r"tiers\[\d+\]\.(below|percent)", field)
        assert field == tiers_error_model(shuffled)

    @given(
        tiers=st.lists(
            st.builds(CreditTier, below=attainments, percent=percents), max_size=5
        )
    )
    def test_random_tiers_valid_iff_model(self, tiers):
        """Any tier list is accepted exactly when the model says it is ordered."""
        expected = tiers_error_model(tiers)
        if expected is None:
            assert CreditSchedule(tiers).tiers == tuple(tiers)
        else:
            with pytest.raises(CreditError) as info:
                CreditSchedule(tiers)
            assert info.value.field == expected
            assert str(info.value).startswith(expected)


class TestStepProperties:
    @given(data=st.data(), rule=step_credits)
    def test_matches_model(self, data, rule):
        """percent_for equals percent times started steps (counted one by one)."""
        attainment = data.draw(step_attainments(rule))
        assert rule.percent_for(attainment) == step_model(rule, attainment)

    @given(rule=step_credits, a=attainments, b=attainments)
    def test_non_increasing(self, rule, a, b):
        """A better attainment never pays a larger credit."""
        low, high = sorted((a, b))
        assert rule.percent_for(high) <= rule.percent_for(low)

    @given(rule=step_credits, attainment=attainments)
    def test_within_cap(self, rule, attainment):
        """The credit is not negative and never exceeds the cap."""
        percent = rule.percent_for(attainment)
        assert percent >= 0
        if rule.cap is not None:
            assert percent <= rule.cap

    @given(rule=step_credits, attainment=attainments)
    def test_whole_steps(self, rule, attainment):
        """The credit is a whole number of steps' percent (below any cap)."""
        percent = rule.percent_for(attainment)
        if rule.percent and percent != rule.cap:
            steps = percent / rule.percent
            assert steps == steps.to_integral_value()


# -- count-based rules -----------------------------------------------------------------


class TestCountProperties:
    @given(rule=breach_credits, breaches=st.integers(min_value=0, max_value=60))
    def test_breaches_match_model(self, rule, breaches):
        """percent_for equals percent plus per_extra per extra breach, capped."""
        assert rule.percent_for(breaches) == breach_model(rule, breaches)

    @given(
        rule=breach_credits,
        a=st.integers(min_value=0, max_value=60),
        b=st.integers(min_value=0, max_value=60),
    )
    def test_breaches_non_decreasing(self, rule, a, b):
        """More breaches never pay less; the cap is never exceeded."""
        fewer, more = sorted((a, b))
        assert rule.percent_for(fewer) <= rule.percent_for(more)
        if rule.cap is not None:
            assert rule.percent_for(more) <= rule.cap

    @given(rule=repeated_miss_credits(), data=st.data())
    def test_misses_match_model(self, rule, data):
        """percent_for pays `percent` from `misses` on, capped."""
        missed = data.draw(st.integers(min_value=0, max_value=rule.within))
        assert rule.percent_for(missed) == repeated_model(rule, missed)

    @given(rule=repeated_miss_credits(), data=st.data())
    def test_misses_non_decreasing(self, rule, data):
        """More misses in the window never pay less; the cap is never exceeded."""
        a, b = (
            data.draw(st.integers(min_value=0, max_value=rule.within)) for _ in "ab"
        )
        fewer, more = sorted((a, b))
        assert rule.percent_for(fewer) <= rule.percent_for(more)
        if rule.cap is not None:
            assert rule.percent_for(more) <= rule.cap

    @given(rule=repeated_miss_credits(), extra=st.integers(min_value=1, max_value=5))
    def test_misses_beyond_window_raise(self, rule, extra):
        """A count above `within` raises CreditError(field='missed')."""
        with pytest.raises(CreditError) as info:
            rule.percent_for(rule.within + extra)
        assert info.value.field == "missed"


# -- amounts ---------------------------------------------------------------------------


@st.composite
def rules_and_figures(draw: st.DrawFn) -> tuple[object, object]:
    """Any kind of rule with a figure of its basis."""
    kind = draw(st.sampled_from(["schedule", "step", "breaches", "misses"]))
    if kind == "schedule":
        schedule = draw(schedules())
        return schedule, draw(schedule_attainments(schedule))
    if kind == "step":
        step = draw(step_credits)
        return step, draw(step_attainments(step))
    if kind == "breaches":
        return draw(breach_credits), draw(st.integers(min_value=0, max_value=60))
    repeated = draw(repeated_miss_credits())
    return repeated, draw(st.integers(min_value=0, max_value=repeated.within))


class TestAmountProperties:
    @given(case=rules_and_figures(), fee=fees, digits=places)
    def test_amount_matches_model(self, case, fee, digits):
        """credit() is fee * percent / 100 rounded half-even, with `places` digits."""
        rule, figure = case
        amount = rule.credit(figure, fee, places=digits)
        assert amount == amount_model(fee, rule.percent_for(figure), digits)
        assert amount.as_tuple().exponent == -digits

    @given(
        case=rules_and_figures(),
        fee=fees,
        digits=places,
        precision=st.integers(min_value=1, max_value=6),
    )
    def test_caller_context_does_not_matter(self, case, fee, digits, precision):
        """A tiny precision and ROUND_UP in the caller's context change nothing."""
        rule, figure = case
        expected = rule.credit(figure, fee, places=digits)
        with localcontext() as context:
            context.prec = precision
            context.rounding = ROUND_UP
            got = rule.credit(figure, fee, places=digits)
            percent = rule.percent_for(figure)
        assert got == expected
        assert percent == rule.percent_for(figure)

    @given(schedule=schedules(), a=attainments, b=attainments, fee=fees)
    def test_amount_non_increasing(self, schedule, a, b, fee):
        """Rounding never makes a better attainment's credit larger."""
        low, high = sorted((a, b))
        assert schedule.credit(high, fee) <= schedule.credit(low, fee)
