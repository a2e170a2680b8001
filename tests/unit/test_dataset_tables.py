"""Datasets of tables: what `Dataset` keeps, and the breach list of a report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import ClassVar

import attrs
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import slacore as sla
from slacore._breach_list import BREACH_COLUMNS
from slacore._dataset_tables import TicketTable

H = timedelta(hours=1)
T0 = datetime(2026, 10, 5, 9, tzinfo=UTC)
LIKES = ("pandas", "polars", "pyarrow", "numpy")
PARTIES = [sla.Party("Acme", "provider"), sla.Party("Globex", "customer")]
POLICY = sla.Policy(
    "desk",
    {
        "high": sla.Targets(first_response=H, resolution=4 * H),
        "low": sla.Targets(first_response=8 * H),
    },
)


def tickets() -> list[sla.Ticket]:
    reply = sla.TicketEvent(T0 + 2 * H, "agent_reply")
    solve = sla.TicketEvent(T0 + 3 * H, "status", "solved")
    return [
        sla.Ticket("A", T0, "high", [reply, solve]),  # first reply breached
        sla.Ticket("B", T0, "low", [reply]),  # met
        sla.Ticket("C", T0 + H, "high"),  # never answered: breached twice
        sla.Ticket("D", T0 + 40 * 24 * H, "high"),  # next month
    ]


def agreement() -> sla.Agreement:
    return sla.Agreement(
        "Support",
        "customer",
        PARTIES,
        [
            sla.Objective(
                "replies",
                sla.TicketAttainment("first_response"),
                90,
                credit=sla.StepCredit("90", "10", "5"),
            ),
            sla.Objective("fixes", sla.TicketAttainment("resolution", ["high"]), 90),
            sla.Objective("mttr", sla.MeanTime("resolution"), 4 * H),
        ],
        policies=[POLICY],
        fee=Decimal(1000),
        effective_from=date(2026, 1, 1),
    )


NOW = T0 + 20 * 24 * H


class TestDatasetOfTables:
    @pytest.mark.parametrize("like", LIKES)
    def test_reports_equal_from_tables_and_objects(self, like):
        table = sla.tickets_to_table(tickets(), like=like)
        a = agreement()
        objects = a.evaluate_range(
            sla.Dataset(tickets=tickets()),
            date(2026, 10, 1),
            date(2026, 12, 1),
            now=NOW,
        )
        tables = a.evaluate_range(
            sla.Dataset(tickets=table), date(2026, 10, 1), date(2026, 12, 1), now=NOW
        )
        assert tables == objects
        assert [r.breaches for r in tables] == [r.breaches for r in objects]
        assert objects[0].result("replies").count == 3
        assert objects[0].result("replies").good == 1
        assert objects[0].credit_amount == Decimal("300.00")  # 6 steps of 5 %

    def test_tickets_stay_columns_until_read(self):
        data = sla.Dataset(tickets=sla.tickets_to_table(tickets(), like="polars"))
        found = data.tickets
        assert isinstance(found, TicketTable)
        assert repr(found) == "<TicketTable: 4 tickets>"
        assert len(found) == 4
        assert found[0] == tickets()[0]
        assert list(found) == tickets()
        assert found[1:3] == tickets()[1:3]

    def test_naive_instants_need_tz(self):
        frame = sla.tickets_to_table(tickets(), like="pandas")
        frame["at"] = frame["at"].dt.tz_convert("Europe/Berlin").dt.tz_localize(None)
        with pytest.raises(sla.TableError, match="no time zone is given"):
            sla.Dataset(tickets=frame)
        data = sla.Dataset(tickets=frame, tz="Europe/Berlin")
        assert [t.created_at for t in data.tickets] == [t.created_at for t in tickets()]

    def test_a_bad_ticket_table_lists_its_problems(self):
        frame = pd.DataFrame(
            {
                "ticket_id": ["A", "A", "B"],
                "at": pd.to_datetime(["2026-10-05 09:00"] * 3).tz_localize("UTC"),
                "kind": ["created", "teleport", "status"],
                "value": ["high", None, "solved"],
            }
        )
        with pytest.raises(sla.TableError) as info:
            sla.Dataset(tickets=frame)
        found = [(p.row, p.column, p.message) for p in info.value.problems]
        assert (1, "kind", "unknown kind") in found
        assert (2, "ticket_id", "the ticket has no created row") in found
        assert isinstance(info.value, sla.DataError)

    @pytest.mark.parametrize("like", LIKES)
    def test_other_inputs_from_tables(self, like):
        outage = {
            "service": ["api"],
            "start": [T0],
            "end": [T0 + H],
            "planned": [False],
        }
        if like == "numpy":
            table = {k: np.array(v, dtype=object) for k, v in outage.items()}
        elif like == "pandas":
            table = pd.DataFrame(outage)
        elif like == "polars":
            table = pl.DataFrame(outage)
        else:
            table = pa.table(outage)
        data = sla.Dataset(outages=table, records={"at": np.array([T0], dtype=object)})
        assert data.outages == (sla.Outage("api", T0, T0 + H),)
        assert [dict(r) for r in data.records] == [{"at": T0}]


class TestBreachesTable:
    def report(self, **kwargs):
        return agreement().evaluate(
            sla.Dataset(tickets=tickets(), **kwargs), date(2026, 10, 1), now=NOW
        )

    def test_every_missed_cycle_of_the_attainment_objectives(self):
        found = self.report().breaches_table(like="pandas")
        rows = found[["objective", "ticket_id", "metric", "cycle"]].to_numpy().tolist()
        assert rows == [
            ["replies", "A", "first_response", 0],
            ["replies", "C", "first_response", 0],
            ["fixes", "C", "resolution", 0],
        ]
        assert str(found["breached_at"].dtype) == "datetime64[us, UTC]"
        assert found["breached_at"].tolist() == [
            pd.Timestamp(T0 + H),
            pd.Timestamp(T0 + 2 * H),
            pd.Timestamp(T0 + 5 * H),
        ]
        assert found["target"].tolist() == [
            pd.Timedelta(H),
            pd.Timedelta(H),
            pd.Timedelta(4 * H),
        ]
        assert found["stopped_at"].tolist()[0] == pd.Timestamp(T0 + 2 * H)
        assert found["stopped_at"].isna().tolist() == [False, True, True]
        assert found["elapsed"].tolist() == [
            pd.Timedelta(2 * H),
            *[pd.Timedelta(NOW - T0 - H)] * 2,
        ]

    @pytest.mark.parametrize("like", LIKES)
    def test_in_every_library(self, like):
        found = self.report().breaches_table(like=like)
        if like == "numpy":
            assert tuple(found) == BREACH_COLUMNS
            assert found["ticket_id"].tolist() == ["A", "C", "C"]
            assert found["started_at"].dtype == np.dtype("datetime64[us]")
        elif like == "pandas":
            assert found.shape == (3, 11)
        elif like == "polars":
            assert found.schema["breached_at"] == pl.Datetime("us", "UTC")
        else:
            assert found.schema.field("target").type == pa.duration("us")

    def test_empty(self):
        report = agreement().evaluate(sla.Dataset(), date(2026, 10, 1), now=NOW)
        assert len(report.breaches) == 0
        assert report.breaches_table(like="polars").shape == (0, 11)

    def test_like_must_be_a_library(self):
        with pytest.raises(sla.SlaError, match="like must be one of"):
            self.report().breaches_table(like="excel")  # type: ignore[arg-type]

    def test_integer_ids_stay_integers(self):
        renamed = [
            sla.Ticket(i, t.created_at, t.priority, t.events)
            for i, t in enumerate(tickets())
        ]
        report = agreement().evaluate(
            sla.Dataset(tickets=renamed), date(2026, 10, 1), now=NOW
        )
        assert report.breaches_table(like="pandas")["ticket_id"].tolist() == [0, 2, 2]


def test_measure_table_without_policies_measures_nothing():
    table = sla.tickets_to_table(tickets(), like="pyarrow")
    assert sla.measure_table([], table, now=NOW).num_rows == 0


class TestCyclesInOrder:
    """Measures of one's own read the cycles of a period in the order of instants."""

    def index(self, data):
        from slacore._evaluate import _Index
        from slacore._time import to_us

        bounds = [to_us(datetime(2026, m, 1, tzinfo=UTC), "b") for m in (10, 11, 12)]
        return _Index(agreement(), data, NOW, bounds), bounds

    @pytest.mark.parametrize("like", LIKES)
    def test_same_rows_same_order(self, like):
        objects, bounds = self.index(sla.Dataset(tickets=tickets()))
        table = sla.tickets_to_table(tickets(), like=like)
        columns, _ = self.index(sla.Dataset(tickets=table))
        windows = [(bounds[0], bounds[1]), (bounds[1], bounds[2]), (0, bounds[2])]
        for lo, hi in windows:
            assert list(columns.decided(lo, hi)) == list(objects.decided(lo, hi))
            assert list(columns.stopped(lo, hi)) == list(objects.stopped(lo, hi))
            found = columns.decided(lo, hi)
            assert [found[i] for i in range(len(found))] == list(found)
            assert list(found[1:]) == list(found)[1:]


@attrs.frozen
class DecidedCycles:
    """A measure of another kind reading tickets: every decided cycle, any clock."""

    kind: ClassVar[str] = "decided_cycles"
    reads: ClassVar[sla.DatasetPart] = "tickets"
    goal_rule: ClassVar[sla.GoalRule] = sla.GoalRule(low=Decimal(0))

    def outcome(self, period: sla.PeriodData, objective: sla.Objective) -> sla.Outcome:
        del objective
        rows = period.cycles_decided()
        metrics = {row.metric for row in rows}
        return sla.Outcome(Decimal(len(metrics)), len(rows), len(rows), 0)


class TestClocksFollowed:
    """From a table, a report follows only the clocks its measures read."""

    POLICY = sla.Policy(
        "desk",
        {"high": sla.Targets(first_response=H, next_response=H, resolution=4 * H)},
    )

    def tickets(self) -> list[sla.Ticket]:
        events = [
            sla.TicketEvent(T0 + H / 2, "agent_reply"),
            sla.TicketEvent(T0 + H, "customer_message"),
            sla.TicketEvent(T0 + 3 * H, "agent_reply"),  # next reply late
            sla.TicketEvent(T0 + 5 * H, "status", "solved"),  # resolution late
        ]
        return [sla.Ticket("A", T0, "high", events)]

    def report(self, measure: object, *, table: bool) -> sla.Report:
        a = sla.Agreement(
            "Support",
            "customer",
            PARTIES,
            [sla.Objective("o", measure, 0)],  # type: ignore[arg-type]
            policies=[self.POLICY],
            effective_from=date(2026, 1, 1),
        )
        found = self.tickets()
        data = sla.tickets_to_table(found, like="pandas") if table else found
        return a.evaluate(sla.Dataset(tickets=data), date(2026, 10, 1), now=NOW)

    def test_a_measure_of_another_kind_sees_every_clock(self):
        objects = self.report(DecidedCycles(), table=False)
        tables = self.report(DecidedCycles(), table=True)
        assert tables == objects
        assert objects.result("o").value == 3  # first, next and resolution
        assert objects.result("o").count == 3

    @pytest.mark.parametrize("metric", ["first_response", "next_response"])
    def test_a_ticket_measure_reads_its_own_clock(self, metric):
        measure = sla.TicketAttainment(metric)
        assert self.report(measure, table=True) == self.report(measure, table=False)
        assert self.report(measure, table=True).result("o").count == 1
