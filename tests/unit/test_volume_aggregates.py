"""A volume's mean, min and max of a record field: exact, hand-worked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from tests.agreements import agreement, at
from tests.file_helpers import read, round_trips, with_objective

import slacore as sla

JAN = date(2026, 1, 1)
FEB = at(2026, 2, 1)
DEALS = [
    {"at": at(2026, 1, 2), "amount": "300.10", "stage": "won"},
    {"at": at(2026, 1, 3), "amount": 250, "stage": "won"},
    {"at": at(2026, 1, 4), "amount": 1.5, "stage": "lost"},  # a float, by its text
]


def figures(*objectives: sla.Objective, records=DEALS) -> list[sla.ObjectiveResult]:
    a = agreement(*objectives, period="monthly")
    return list(a.evaluate(sla.Dataset(records=records), JAN, now=FEB).results)


def volume(name: str, aggregate: str, goal: object = 0, **kw) -> sla.Objective:
    return sla.Objective(name, sla.Volume("amount", aggregate, **kw), goal)


class TestAggregates:
    def test_hand_worked(self):
        total, mean, low, high = figures(
            volume("sum", "sum"),
            volume("mean", "mean", 200),
            volume("min", "min", 2),
            volume("max", "max", 300),
        )
        assert total.value == Decimal("551.60")
        # 551.60 / 3, rounded once to 28 significant digits
        assert mean.value == Decimal("183.8666666666666666666666667")
        assert (mean.met, mean.count, mean.breaches) == (False, 3, 1)
        assert (low.value, low.met, low.count) == (Decimal("1.5"), False, 3)
        assert (high.value, high.met) == (Decimal("300.10"), True)
        assert str(high.value) == "300.10"  # one of the values, as written

    def test_where(self):
        (mean,) = figures(volume("mean", "mean", where=sla.Equals("stage", "won")))
        assert (mean.value, mean.count) == (Decimal("275.05"), 2)

    def test_exact_mean(self):
        records = [
            {"at": at(2026, 1, 2), "amount": "1E+28"},
            {"at": at(2026, 1, 3), "amount": "3"},
        ]
        (mean,) = figures(volume("mean", "mean"), records=records)
        # (1E+28 + 3) / 2 = 5000000000000000000000000001.5, rounded once (half
        # even) to 28 digits; a sum rounded first would have lost the 3.
        assert mean.value == Decimal(5000000000000000000000000002)

    def test_no_records_is_nothing_to_measure(self):
        found = figures(
            volume("sum", "sum"),
            volume("mean", "mean"),
            volume("min", "min"),
            volume("max", "max"),
            records=[],
        )
        assert [(r.value, r.met, r.count) for r in found] == [
            (Decimal(0), True, 0),  # a sum of nothing is 0, as a count is
            (None, None, 0),
            (None, None, 0),
            (None, None, 0),
        ]

    @pytest.mark.parametrize("aggregate", ["mean", "min", "max"])
    def test_a_missing_field_names_the_record(self, aggregate):
        records = [*DEALS, {"at": at(2026, 1, 5)}]
        with pytest.raises(sla.DataError, match=r"records\[3\]") as info:
            figures(volume("v", aggregate), records=records)
        assert (info.value.field, info.value.index) == ("records[3].amount", 3)

    @pytest.mark.parametrize("aggregate", ["sum", "mean", "min", "max"])
    def test_field_required(self, aggregate):
        with pytest.raises(sla.AgreementError, match=aggregate) as info:
            sla.Volume(aggregate=aggregate)
        assert info.value.field == "field"

    def test_unknown_aggregate(self):
        with pytest.raises(sla.AgreementError, match="'median'") as info:
            sla.Volume("amount", "median")
        assert info.value.field == "aggregate"

    def test_tallies_of_parts_give_the_whole(self):
        a = agreement(
            volume("mean", "mean"),
            volume("min", "min"),
            volume("max", "max"),
            period="monthly",
        )
        parts = [
            a.tally(sla.Dataset(records=[record]), JAN, FEB, now=FEB)
            for record in DEALS
        ]
        whole = a.evaluate_range(sla.Dataset(records=DEALS), JAN, FEB, now=FEB)
        assert a.report(parts[2] + parts[0] + parts[1]) == whole


class TestFiles:
    @pytest.mark.parametrize("aggregate", ["mean", "min", "max"])
    def test_round_trip(self, aggregate):
        a = read(
            with_objective({"type": "volume", "field": "x", "aggregate": aggregate})
        )
        assert a.objectives[0].measure == sla.Volume("x", aggregate)
        round_trips(a)
