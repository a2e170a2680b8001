"""Service credits (API.md section 4), on hand-worked examples.

The cloud schedules here are the dated examples of docs/concepts/credits.md (AWS
compute 10/30/100 and Azure virtual machines 10/25/100 under 99.99/99/95), not
constants of the library.

Readings taken where API.md is silent (each has a test here):

- A tier applies strictly below its `below`: exactly 99.99 pays nothing.
- Tiers are listed from the highest `below` to the lowest, strictly decreasing, with
  `percent` strictly increasing; anything else raises, naming the tier and both
  values (nothing is sorted for the caller).
- Every credit is capped at 100 % (the whole fee) by default; owing more is an
  explicit choice, a higher cap or ``cap=None`` (which still stops at the library's
  bound of a million percent, so every amount stays exact).
- A step credit counts *started* steps: a shortfall of exactly one step is one step,
  a hair more is two.
- `percent_for` returns ``Decimal("0")`` when nothing is due.
- Counts are `int` (not `bool`); wrong types raise `TypeError`, wrong values
  `CreditError` with `.field`.
"""

from __future__ import annotations

import contextlib
import decimal
import re
from decimal import ROUND_UP, Decimal, Inexact, localcontext
from typing import TYPE_CHECKING, Any, get_args

import attrs
import pytest

import slacore as sla
from slacore import (
    BreachCountCredit,
    Credit,
    CreditError,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    SlaError,
    StepCredit,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

D = Decimal


def schedule(
    *rows: tuple[str, str], **options: Decimal | int | str | None
) -> CreditSchedule:
    """A schedule from ``(below, percent)`` rows, highest `below` first."""
    return CreditSchedule([CreditTier(D(b), D(p)) for b, p in rows], **options)


#: AWS compute (EC2) region-level SLA, as checked November 2026.
AWS = schedule(("99.99", "10"), ("99.0", "30"), ("95.0", "100"))
#: Azure virtual machines, as checked November 2026.
AZURE = schedule(("99.99", "10"), ("99", "25"), ("95", "100"))
#: "0.5 % off the fee for each 0.5 % under 99.5 %".
HALVES = StepCredit(D("99.5"), D("0.5"), D("0.5"))


@contextlib.contextmanager
def raises_credit(field: str, message: str) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Expect a `CreditError` with this `.field` and exactly this message."""
    with pytest.raises(CreditError, match=f"^{re.escape(message)}$") as info:
        yield info
    assert info.value.field == field


class TestCreditTier:
    def test_fields(self):
        """A tier keeps `below` and `percent` as Decimals."""
        tier = CreditTier(below=D("99.99"), percent=D("10"))
        assert (tier.below, tier.percent) == (D("99.99"), D("10"))
        assert type(tier.below) is Decimal
        assert type(tier.percent) is Decimal

    @pytest.mark.parametrize(
        ("below", "percent"), [(99, 10), ("99", "10"), (" 99 ", "1E+1"), (D(99), D(10))]
    )
    def test_converts_int_and_str(self, below, percent):
        """Ints and numeric strings become Decimals."""
        assert CreditTier(below, percent) == CreditTier(D(99), D(10))

    @pytest.mark.parametrize("below", [D("-50"), D("0"), D("1E+6"), D("-0.0001")])
    def test_below_any_finite_number(self, below):
        """`below` can be any finite number (an NPS of -50, a volume of a million)."""
        assert CreditTier(below, D(5)).below == below

    def test_zero_percent(self):
        """A tier may pay 0 %."""
        assert CreditTier(D(99), D(0)).percent == 0

    def test_negative_percent(self):
        """A negative percent raises, naming the field and value."""
        with raises_credit("percent", "percent must not be negative, got -5") as info:
            CreditTier(below=D("99.9"), percent=D("-5"))
        assert info.value.field == "percent"

    @pytest.mark.parametrize(
        ("kwargs", "field", "message"),
        [
            ({"below": "abc"}, "below", "below must be a number, got 'abc'"),
            ({"below": D("NaN")}, "below", "below must be finite, got Decimal('NaN')"),
            ({"below": "Infinity"}, "below", "below must be finite, got 'Infinity'"),
            ({"percent": "ten"}, "percent", "percent must be a number, got 'ten'"),
            (
                {"percent": D("-Infinity")},
                "percent",
                "percent must be finite, got Decimal('-Infinity')",
            ),
        ],
    )
    def test_bad_values(self, kwargs, field, message):
        """Non-numbers and non-finite numbers raise CreditError naming the field."""
        args = {"below": D(99), "percent": D(10)} | kwargs
        with raises_credit(field, message) as info:
            CreditTier(**args)
        assert info.value.field == field
        assert isinstance(info.value, SlaError)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"below": 99.9}, "below must be a Decimal, int or str, got float"),
            ({"percent": 10.0}, "percent must be a Decimal, int or str, got float"),
            ({"percent": True}, "percent must be a Decimal, int or str, got bool"),
            ({"below": None}, "below must be a Decimal, int or str, got NoneType"),
        ],
    )
    def test_bad_types(self, kwargs, message):
        """Floats, bools and None raise TypeError: floats are never accepted here."""
        args = {"below": D(99), "percent": D(10)} | kwargs
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            CreditTier(**args)


class TestScheduleTables:
    @pytest.mark.parametrize(
        ("attainment", "expected"),
        [
            ("100", "0"),
            ("99.999", "0"),
            ("99.99", "0"),  # exactly at the tier: not below it
            ("99.9899999999", "10"),
            ("99.5", "10"),
            ("99.0", "10"),
            ("99", "10"),
            ("98.9999", "30"),
            ("97", "30"),
            ("95.0", "30"),
            ("94.9999", "100"),
            ("50", "100"),
            ("0", "100"),
            ("-1", "100"),
        ],
    )
    def test_aws_compute(self, attainment, expected):
        """AWS compute style: below 99.99 → 10, below 99.0 → 30, below 95.0 → 100."""
        assert AWS.percent_for(D(attainment)) == D(expected)

    @pytest.mark.parametrize(
        ("attainment", "expected"),
        [
            ("99.99", "0"),
            ("99.98", "10"),
            ("99", "10"),
            ("98.99", "25"),
            ("95", "25"),
            ("94.99", "100"),
        ],
    )
    def test_azure_virtual_machines(self, attainment, expected):
        """Azure style: below 99.99 → 10, below 99 → 25, below 95 → 100."""
        assert AZURE.percent_for(D(attainment)) == D(expected)

    def test_attainment_as_int_and_str(self):
        """The attainment may be an int or a numeric string."""
        assert AWS.percent_for(97) == D(30)
        assert AWS.percent_for("99.995") == D(0)

    def test_returns_the_tier_decimal(self):
        """The percent is the tier's own Decimal; zero is Decimal('0')."""
        assert str(AWS.percent_for(D(97))) == "30"
        assert str(AWS.percent_for(D(100))) == "0"

    def test_single_tier(self):
        """One tier is a valid schedule."""
        only = schedule(("99.9", "5"))
        assert [only.percent_for(D(a)) for a in ("99.9", "99.8")] == [D(0), D(5)]

    def test_nps_schedule(self):
        """Tiers work on any scale, such as an NPS between -100 and 100."""
        nps = schedule(("30", "5"), ("0", "10"), ("-20", "20"))
        got = [nps.percent_for(D(x)) for x in ("30", "29", "0", "-1", "-20", "-21")]
        assert got == [D(0), D(5), D(5), D(10), D(10), D(20)]

    def test_default_cap_is_100(self):
        """Without `cap`, a schedule is capped at 100 %."""
        assert AWS.cap == D(100)
        generous = schedule(("99", "50"), ("90", "150"))
        assert generous.percent_for(D(80)) == D(100)

    def test_cap_below_top_tier(self):
        """A cap below a tier's percent pays the cap."""
        capped = schedule(("99.99", "10"), ("99.0", "30"), ("95.0", "100"), cap=D(50))
        got = [capped.percent_for(D(a)) for a in ("99.5", "97", "90")]
        assert got == [D(10), D(30), D(50)]

    def test_cap_zero(self):
        """A zero cap pays nothing."""
        assert schedule(("99", "10"), cap=0).percent_for(D(1)) == D(0)

    def test_no_cap(self):
        """``cap=None`` pays the tier's percent, even above 100."""
        uncapped = schedule(("99", "50"), ("90", "150"), cap=None)
        assert uncapped.cap is None
        assert uncapped.percent_for(D(80)) == D(150)

    def test_cap_converted(self):
        """The cap may be given as an int or a string."""
        assert schedule(("99", "10"), cap="25.5").cap == D("25.5")


class TestScheduleValidation:
    def test_tiers_become_a_tuple(self):
        """A list or generator of tiers is kept as a tuple."""
        tiers = [CreditTier(D(99), D(10)), CreditTier(D(95), D(20))]
        assert CreditSchedule(tiers).tiers == tuple(tiers)
        assert CreditSchedule(iter(tiers)).tiers == tuple(tiers)

    def test_ascending_order_is_a_clear_error(self):
        """Tiers listed lowest first (overlapping in the wrong order) raise."""
        message = (
            "tiers[1].below 99.0 is not below tiers[0].below 95.0: list tiers from "
            "the highest below to the lowest, each strictly lower"
        )
        with raises_credit("tiers[1].below", message) as info:
            schedule(("95.0", "100"), ("99.0", "30"), ("99.99", "10"))
        assert info.value.field == "tiers[1].below"

    def test_equal_below(self):
        """Two tiers with the same `below` raise (they would overlap)."""
        message = (
            "tiers[2].below 99 is not below tiers[1].below 99: list tiers from "
            "the highest below to the lowest, each strictly lower"
        )
        with raises_credit("tiers[2].below", message) as info:
            schedule(("99.99", "10"), ("99", "25"), ("99", "30"))
        assert info.value.field == "tiers[2].below"

    def test_percent_not_increasing(self):
        """A lower tier paying less raises: credits would rise with attainment."""
        message = (
            "tiers[2].percent 20 is not above tiers[1].percent 30: a lower tier must "
            "pay strictly more, so credits never rise as attainment improves"
        )
        with raises_credit("tiers[2].percent", message) as info:
            schedule(("99.99", "10"), ("99.0", "30"), ("95.0", "20"))
        assert info.value.field == "tiers[2].percent"

    def test_equal_percent(self):
        """Two tiers paying the same percent raise (one of them is pointless)."""
        with raises_credit(
            "tiers[1].percent",
            "tiers[1].percent 10.0 is not above tiers[0].percent 10: a lower tier "
            "must pay strictly more, so credits never rise as attainment improves",
        ) as info:
            schedule(("99.99", "10"), ("99.0", "10.0"))
        assert info.value.field == "tiers[1].percent"

    def test_empty(self):
        """A schedule needs at least one tier."""
        with raises_credit("tiers", "tiers must hold at least one tier, got none") as i:
            CreditSchedule([])
        assert i.value.field == "tiers"

    def test_negative_cap(self):
        """A negative cap raises, naming the field."""
        with raises_credit("cap", "cap must not be negative, got -1") as info:
            schedule(("99", "10"), cap=D(-1))
        assert info.value.field == "cap"

    def test_tier_field_error_comes_from_the_tier(self):
        """A bad percent inside a tier raises when the tier is built."""
        with raises_credit("percent", "percent must not be negative, got -1") as info:
            CreditSchedule([CreditTier(D(99), D(-1))])
        assert info.value.field == "percent"

    def test_not_iterable(self):
        """A single tier instead of a list raises TypeError."""
        with pytest.raises(
            TypeError,
            match=r"^tiers must be an iterable of CreditTier, got CreditTier$",
        ):
            CreditSchedule(CreditTier(D(99), D(10)))  # type: ignore[arg-type]

    def test_not_a_tier(self):
        """An item that is not a CreditTier raises TypeError naming its index."""
        with pytest.raises(
            TypeError, match=r"^tiers\[1\] must be a CreditTier, got tuple$"
        ):
            CreditSchedule([CreditTier(D(99), D(10)), (D(95), D(20))])  # type: ignore[list-item]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("high", "attainment must be a number, got 'high'"),
            (D("NaN"), "attainment must be finite, got Decimal('NaN')"),
        ],
    )
    def test_bad_attainment(self, value, message):
        """A non-numeric attainment raises CreditError naming `attainment`."""
        with raises_credit("attainment", message) as info:
            AWS.percent_for(value)
        assert info.value.field == "attainment"

    @pytest.mark.parametrize("value", [99.5, True, None])
    def test_attainment_type(self, value):
        """A float, bool or None attainment raises TypeError."""
        with pytest.raises(
            TypeError, match=r"^attainment must be a Decimal, int or str"
        ):
            AWS.percent_for(value)


class TestStepCredit:
    @pytest.mark.parametrize(
        ("attainment", "expected"),
        [
            ("100", "0"),
            ("99.5", "0"),  # at the threshold: no shortfall
            ("99.4999", "0.5"),
            ("99.2", "0.5"),  # one started step
            ("99.0", "0.5"),  # exactly one step
            ("98.99", "1.0"),  # a second step started
            ("98.5", "1.0"),
            ("98.4", "1.5"),
            ("89.5", "10.0"),  # 20 whole steps
            ("89.4", "10.5"),
        ],
    )
    def test_half_percent_per_half_percent(self, attainment, expected):
        """0.5 % off for each started 0.5 % under 99.5 %."""
        assert HALVES.percent_for(D(attainment)) == D(expected)

    def test_cap(self):
        """The cap limits the credit; below it the steps count as usual."""
        rule = StepCredit(D("99.5"), D("0.5"), D("2"), cap=D("5"))
        got = [rule.percent_for(D(a)) for a in ("99.2", "98.9", "98.4", "90")]
        assert got == [D(2), D(4), D(5), D(5)]

    def test_capped_at_the_fee_by_default(self):
        """By default it never owes more than the fee; cap=None lifts that."""
        assert HALVES.cap == 100
        assert HALVES.percent_for(D(-200)) == 100  # 599 steps would be 299.5
        uncapped = StepCredit(D("99.5"), D("0.5"), D("0.5"), cap=None)
        assert uncapped.percent_for(D(-200)) == D("299.5")

    def test_issue_160_percent(self):
        """Regression: StepCredit("90", "1", "2") at 10 % owed 160 % of the fee."""
        rule = StepCredit("90", "1", "2")
        assert rule.credit(D(10), D("1000.00")) == D("1000.00")
        assert StepCredit("90", "1", "2", cap=None).credit(D(10), D(1000)) == 1600

    def test_zero_is_plain_zero(self):
        """At or above the threshold the result is Decimal('0')."""
        assert str(HALVES.percent_for(D("99.6"))) == "0"

    def test_exact_tiny_steps(self):
        """Step counts are exact beyond 28 digits, whatever a float or context says."""
        tiny = StepCredit(D(1), D("1E-40"), D("3E-40"))
        assert tiny.percent_for(D(0)) == D(3)  # 1E+40 steps, counted exactly
        assert tiny.percent_for(D("0." + "9" * 80)) == D("3E-40")

    def test_rounded_quotient_would_be_wrong(self):
        """A shortfall one part in 10**30 over a whole step starts another step."""
        rule = StepCredit(D(100), D(3), D(1))
        assert rule.percent_for(D(94)) == D(2)
        assert rule.percent_for(D("93." + "9" * 30)) == D(3)

    def test_threshold_any_scale(self):
        """Thresholds work for volumes too: 1 % per started 1000 tickets short."""
        rule = StepCredit(10_000, 1_000, 1)
        assert [rule.percent_for(x) for x in (10_000, 9_999, 8_000, 7_999)] == [
            D(0),
            D(1),
            D(2),
            D(3),
        ]

    @pytest.mark.parametrize(
        ("args", "kwargs", "field", "message"),
        [
            ((99, 0, 1), {}, "step", "step must be positive, got 0"),
            ((99, "-0.5", 1), {}, "step", "step must be positive, got -0.5"),
            ((99, 1, "-1"), {}, "percent", "percent must not be negative, got -1"),
            ((99, 1, 1), {"cap": -2}, "cap", "cap must not be negative, got -2"),
            (("x", 1, 1), {}, "threshold", "threshold must be a number, got 'x'"),
            (
                (99, D("Infinity"), 1),
                {},
                "step",
                "step must be finite, got Decimal('Infinity')",
            ),
        ],
    )
    def test_bad_values(self, args, kwargs, field, message):
        """Bad fields raise CreditError naming the field and value."""
        with raises_credit(field, message) as info:
            StepCredit(*args, **kwargs)
        assert info.value.field == field

    def test_float_threshold(self):
        """A float threshold raises TypeError."""
        with pytest.raises(TypeError, match=r"^threshold must be a Decimal"):
            StepCredit(99.5, 1, 1)  # type: ignore[arg-type]


class TestBreachCountCredit:
    def test_flat(self):
        """Without per_extra, the credit is `percent` from `min_breaches` on."""
        rule = BreachCountCredit(3, D(10))
        got = [rule.percent_for(n) for n in (0, 1, 2, 3, 4, 100)]
        assert got == [D(0), D(0), D(0), D(10), D(10), D(10)]

    def test_per_extra(self):
        """Each breach beyond `min_breaches` adds `per_extra`."""
        rule = BreachCountCredit(2, D(5), per_extra=D("2.5"))
        got = [rule.percent_for(n) for n in (1, 2, 3, 4)]
        assert got == [D(0), D(5), D("7.5"), D(10)]
        assert str(rule.percent_for(2)) == "5"  # no "5.0" from a zero extra

    def test_cap(self):
        """The cap limits the credit."""
        rule = BreachCountCredit(1, D(10), per_extra=D(10), cap=D(25))
        assert [rule.percent_for(n) for n in (1, 2, 3, 9)] == [
            D(10),
            D(20),
            D(25),
            D(25),
        ]

    def test_defaults(self):
        """per_extra defaults to 0 and the cap to the whole fee."""
        rule = BreachCountCredit(1, D(1))
        assert (rule.per_extra, rule.cap) == (D(0), D(100))

    @pytest.mark.parametrize(
        ("args", "kwargs", "field", "message"),
        [
            ((0, 1), {}, "min_breaches", "min_breaches must be at least 1, got 0"),
            (
                (-1, 1),
                {},
                "min_breaches",
                "min_breaches must not be negative, got -1",
            ),
            ((1, -1), {}, "percent", "percent must not be negative, got -1"),
            (
                (1, 1),
                {"per_extra": "-0.1"},
                "per_extra",
                "per_extra must not be negative, got -0.1",
            ),
            ((1, 1), {"cap": -1}, "cap", "cap must not be negative, got -1"),
        ],
    )
    def test_bad_values(self, args, kwargs, field, message):
        """Bad fields raise CreditError naming the field and value."""
        with raises_credit(field, message) as info:
            BreachCountCredit(*args, **kwargs)
        assert info.value.field == field

    @pytest.mark.parametrize("value", [True, 2.0, D(2), "2"])
    def test_min_breaches_type(self, value):
        """min_breaches must be an int: bools, floats, Decimals and strings raise."""
        with pytest.raises(TypeError, match=r"^min_breaches must be an int, got "):
            BreachCountCredit(value, 1)

    def test_negative_breaches(self):
        """A negative breach count raises CreditError(field='breaches')."""
        with raises_credit("breaches", "breaches must not be negative, got -1") as info:
            BreachCountCredit(1, 1).percent_for(-1)
        assert info.value.field == "breaches"

    @pytest.mark.parametrize("value", [True, False, 1.0, D(1)])
    def test_breaches_type(self, value):
        """The breach count must be an int; a bool raises TypeError."""
        with pytest.raises(TypeError, match=r"^breaches must be an int, got "):
            BreachCountCredit(1, 1).percent_for(value)


class TestRepeatedMissCredit:
    def test_two_within_three(self):
        """2 misses within 3 periods: pays from the second miss in the window."""
        rule = RepeatedMissCredit(2, 3, D(5))
        got = [rule.percent_for(m) for m in (0, 1, 2, 3)]
        assert got == [D(0), D(0), D(5), D(5)]

    def test_one_within_one(self):
        """1 within 1 pays for every missed period."""
        rule = RepeatedMissCredit(1, 1, D("2.5"))
        assert [rule.percent_for(0), rule.percent_for(1)] == [D(0), D("2.5")]

    def test_monthly_history(self):
        """Walking a year: each missed month pays once 3 of the last 6 missed."""
        rule = RepeatedMissCredit(3, 6, D(10))
        missed = [0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1]
        paid = []
        for month, miss in enumerate(missed):
            window = missed[max(0, month - 5) : month + 1]
            paid.append(rule.percent_for(sum(window) if miss else 0))
        assert paid == [D(0)] * 4 + [D(10), D(0), D(10)] + [D(0)] * 5

    def test_cap(self):
        """The cap limits the credit."""
        rule = RepeatedMissCredit(1, 2, D(10), cap=D(4))
        assert rule.percent_for(2) == D(4)

    @pytest.mark.parametrize(
        ("args", "kwargs", "field", "message"),
        [
            ((0, 3, 1), {}, "misses", "misses must be at least 1, got 0"),
            ((-2, 3, 1), {}, "misses", "misses must not be negative, got -2"),
            ((3, 2, 1), {}, "within", "within must be at least misses (3), got 2"),
            ((1, -1, 1), {}, "within", "within must not be negative, got -1"),
            ((1, 1, "-5"), {}, "percent", "percent must not be negative, got -5"),
            ((1, 1, 1), {"cap": -3}, "cap", "cap must not be negative, got -3"),
        ],
    )
    def test_bad_values(self, args, kwargs, field, message):
        """Bad fields raise CreditError naming the field and value."""
        with raises_credit(field, message) as info:
            RepeatedMissCredit(*args, **kwargs)
        assert info.value.field == field

    @pytest.mark.parametrize(
        ("missed", "message"),
        [
            (-1, "missed must not be negative, got -1"),
            (4, "missed must be from 0 to within (3), got 4"),
        ],
    )
    def test_bad_count(self, missed, message):
        """The count of misses must lie in 0..within."""
        with raises_credit("missed", message) as info:
            RepeatedMissCredit(2, 3, 5).percent_for(missed)
        assert info.value.field == "missed"

    @pytest.mark.parametrize(
        ("args", "name"), [((True, 3, 1), "misses"), ((1, 3.0, 1), "within")]
    )
    def test_field_types(self, args, name):
        """misses and within must be ints."""
        with pytest.raises(TypeError, match=f"^{name} must be an int, got "):
            RepeatedMissCredit(*args)

    def test_count_type(self):
        """The count must be an int; a bool raises TypeError."""
        with pytest.raises(TypeError, match=r"^missed must be an int, got bool$"):
            RepeatedMissCredit(1, 3, 5).percent_for(True)


ALL_RULES = [
    pytest.param(AWS, D("97"), D(30), id="schedule"),
    pytest.param(HALVES, D("97.4"), D("2.5"), id="step"),
    pytest.param(BreachCountCredit(1, D(5), per_extra=D(5)), 3, D(15), id="breach"),
    pytest.param(RepeatedMissCredit(2, 3, D(40)), 2, D(40), id="repeated"),
]


class TestCreditAmount:
    @pytest.mark.parametrize(("rule", "figure", "percent"), ALL_RULES)
    def test_is_fee_times_percent(self, rule, figure, percent):
        """credit() is fee * percent_for() / 100, for every kind of rule."""
        assert rule.percent_for(figure) == percent
        assert rule.credit(figure, D("1000")) == D(10) * percent
        assert rule.credit(figure, D("1000")) == (D(1000) * percent / 100).quantize(
            D("0.01")
        )

    @pytest.mark.parametrize(
        ("fee", "attainment", "places", "expected"),
        [
            ("0.125", "50", 2, "0.12"),  # 100 %: half to even, down
            ("0.375", "50", 2, "0.38"),  # half to even, up
            ("0.125", "50", 0, "0"),
            ("0.125", "50", 4, "0.1250"),  # padded to the places asked
            ("2.5", "50", 0, "2"),
            ("3.5", "50", 0, "4"),
            ("1.25", "99.5", 2, "0.12"),  # 10 % of 1.25 is 0.125
            ("1.35", "99.5", 2, "0.14"),  # 10 % of 1.35 is 0.135
            ("0.125", "97", 4, "0.0375"),  # 30 %: exact, no rounding needed
            ("0.125", "97", 3, "0.038"),  # 0.0375 to even
            ("0.125", "97", 2, "0.04"),
            ("0.125", "100", 2, "0.00"),
            ("0", "50", 2, "0.00"),
        ],
    )
    def test_half_even(self, fee, attainment, places, expected):
        """The amount is rounded half-even to `places`, with that exponent."""
        got = AWS.credit(D(attainment), D(fee), places=places)
        assert str(got) == expected

    def test_default_places_is_two(self):
        """places defaults to 2."""
        assert str(AWS.credit(D(97), D(10))) == "3.00"

    def test_fee_int_and_str(self):
        """The fee may be an int or a numeric string."""
        assert AWS.credit("97", 10) == AWS.credit("97", "10.00") == D(3)

    def test_hostile_context(self):
        """The caller's context (3 digits, rounding up, traps) changes nothing."""
        with localcontext() as context:
            context.prec = 3
            context.rounding = ROUND_UP
            context.traps[Inexact] = True
            aws = AWS.credit(D("97"), D("123456789.125"), places=2)
            tiny = AWS.credit(D("99.5"), D("1.25"), places=2)
            step = HALVES.credit(D("98.99"), D("987654.321"), places=4)
            count = BreachCountCredit(1, D("33.3")).credit(1, D("1000.005"), places=3)
            steps = StepCredit(D(1), D("1E-40"), D("3E-40")).percent_for(D(0))
            assert context.prec == 3
        assert str(aws) == "37037036.74"  # 37037036.7375
        assert str(tiny) == "0.12"  # 0.125 to even, not up
        assert str(step) == "9876.5432"  # 9876.54321
        assert str(count) == "333.002"  # 333.001665
        assert steps == D(3)

    def test_result_not_rounded_on_the_way(self):
        """A 17-digit fee times a percent stays exact up to the last rounding."""
        fee = D("987654321098765.43")
        assert AWS.credit(D(97), fee) == D("296296296329629.63")  # ...629.629
        assert HALVES.credit(D("99.2"), fee, places=4) == D(
            "4938271605493.8272"  # ...8271|5, to even
        )

    def test_amounts_too_large(self):
        """Regression: a fee of 1E+30 is refused where it is read, naming it."""
        for fee in ("1E+15", "1E+30", "1E+999999"):
            message = f"fee must be below 1,000,000,000,000,000, got {fee}"
            with raises_credit("fee", message):
                AWS.credit(D(97), D(fee))

    def test_context_left_alone(self):
        """credit() leaves the caller's context as it found it."""
        before = decimal.getcontext().copy()
        AWS.credit(D(97), D("1.005"))
        after = decimal.getcontext()
        assert (after.prec, after.rounding) == (before.prec, before.rounding)

    @pytest.mark.parametrize(("rule", "figure", "_percent"), ALL_RULES)
    def test_negative_fee(self, rule, figure, _percent):
        """A negative fee raises CreditError(field='fee')."""
        with raises_credit("fee", "fee must not be negative, got -0.01") as info:
            rule.credit(figure, D("-0.01"))
        assert info.value.field == "fee"

    def test_bad_fee(self):
        """A non-numeric fee raises CreditError, a float fee TypeError."""
        with raises_credit("fee", "fee must be a number, got 'lots'") as info:
            AWS.credit(D(97), "lots")
        assert info.value.field == "fee"
        with pytest.raises(TypeError, match=r"^fee must be a Decimal, int or str"):
            AWS.credit(D(97), 10.5)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("rule", "figure", "_percent"), ALL_RULES)
    def test_negative_places(self, rule, figure, _percent):
        """Negative places raise CreditError(field='places')."""
        with raises_credit("places", "places must not be negative, got -1") as info:
            rule.credit(figure, D(1), places=-1)
        assert info.value.field == "places"

    @pytest.mark.parametrize("places", [True, 2.0, D(2), "2"])
    def test_places_type(self, places):
        """places must be an int."""
        with pytest.raises(TypeError, match=r"^places must be an int, got "):
            AWS.credit(D(97), D(1), places=places)

    def test_never_float(self):
        """Every result is a Decimal."""
        for rule, figure in ((AWS, D(90)), (HALVES, D(90))):
            assert type(rule.percent_for(figure)) is Decimal
            assert type(rule.credit(figure, D(1))) is Decimal
        assert type(BreachCountCredit(1, 1).credit(1, 1)) is Decimal
        assert type(RepeatedMissCredit(1, 1, 1).credit(0, 1)) is Decimal


class TestBasisAndAlias:
    @pytest.mark.parametrize(
        ("cls", "basis"),
        [
            (CreditSchedule, "attainment"),
            (StepCredit, "attainment"),
            (BreachCountCredit, "breaches"),
            (RepeatedMissCredit, "misses"),
        ],
    )
    def test_basis(self, cls, basis):
        """Each rule says which figure it takes, on the class and on instances."""
        assert cls.basis == basis
        assert "basis" not in attrs.fields_dict(cls)

    def test_instance_basis(self):
        """Instances carry the class's basis."""
        assert AWS.basis == "attainment"
        assert BreachCountCredit(1, 1).basis == "breaches"

    def test_credit_alias(self):
        """sla.Credit is the union of the four rules."""
        assert set(get_args(Credit)) == {
            CreditSchedule,
            StepCredit,
            BreachCountCredit,
            RepeatedMissCredit,
        }
        assert sla.Credit is Credit


VALUES = [
    pytest.param(
        CreditTier(D("99.99"), D(10)),
        CreditTier("99.99", "10"),
        CreditTier(D("99.99"), D(11)),
        id="tier",
    ),
    pytest.param(
        AWS,
        schedule(("99.99", "10"), ("99.0", "30"), ("95.0", "100")),
        AZURE,
        id="schedule",
    ),
    pytest.param(
        HALVES,
        StepCredit("99.5", "0.5", "0.5"),
        StepCredit("99.5", "0.5", "0.5", cap=5),
        id="step",
    ),
    pytest.param(
        BreachCountCredit(3, D(10)),
        BreachCountCredit(3, 10, per_extra=0),
        BreachCountCredit(3, D(10), per_extra=D(1)),
        id="breach",
    ),
    pytest.param(
        RepeatedMissCredit(2, 3, D(5)),
        RepeatedMissCredit(2, 3, "5"),
        RepeatedMissCredit(2, 4, D(5)),
        id="repeated",
    ),
]


class TestValueObjects:
    @pytest.mark.parametrize(("value", "equal", "other"), VALUES)
    def test_eq_and_hash(self, value, equal, other):
        """Equal by value, hashable, and different when a field differs."""
        assert value == equal
        assert value != other
        assert hash(value) == hash(equal)
        assert len({value, equal, other}) == 2

    @pytest.mark.parametrize(("value", "_equal", "other"), VALUES)
    def test_frozen_and_slotted(self, value, _equal, other):
        """Fields cannot be set and no new attributes can be added."""
        field = attrs.fields(type(value))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, getattr(other, field))
        assert not hasattr(value, "__dict__")

    def test_reprs(self):
        """The reprs name the class and every field."""
        assert repr(CreditTier("99.99", 10)) == (
            "CreditTier(below=Decimal('99.99'), percent=Decimal('10'))"
        )
        assert repr(schedule(("99", "5"), cap=None)) == (
            "CreditSchedule(tiers=(CreditTier(below=Decimal('99'), "
            "percent=Decimal('5')),), cap=None)"
        )
        assert repr(HALVES) == (
            "StepCredit(threshold=Decimal('99.5'), step=Decimal('0.5'), "
            "percent=Decimal('0.5'), cap=Decimal('100'))"
        )
        assert repr(BreachCountCredit(3, 10)) == (
            "BreachCountCredit(min_breaches=3, percent=Decimal('10'), "
            "per_extra=Decimal('0'), cap=Decimal('100'))"
        )
        assert repr(RepeatedMissCredit(2, 3, 5, cap=4)) == (
            "RepeatedMissCredit(misses=2, within=3, percent=Decimal('5'), "
            "cap=Decimal('4'))"
        )

    def test_evolve_revalidates(self):
        """attrs.evolve runs the same checks as the constructor."""
        with raises_credit("cap", "cap must not be negative, got -1"):
            attrs.evolve(AWS, cap=D(-1))
        with raises_credit("within", "within must be at least misses (2), got 1"):
            attrs.evolve(RepeatedMissCredit(2, 3, 5), within=1)

    def test_not_subclassable_at_type_level(self):
        """Public classes are marked final (mypy enforces it)."""
        for cls in (CreditTier, CreditSchedule, StepCredit):
            assert getattr(cls, "__final__", False) is True
