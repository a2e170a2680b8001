from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore import read_contacts, read_outages, read_records, read_responses
from slacore._table_inputs import (
    contacts_from_table,
    outages_from_table,
    records_from_table,
    responses_from_table,
)
from slacore.exceptions import TableError
from slacore.strategies import contacts, outages

BERLIN = ZoneInfo("Europe/Berlin")
LIKES = ("pandas", "polars", "pyarrow", "numpy")
T0 = datetime(2026, 10, 7, 12, tzinfo=UTC)


def as_table(like: str, data: dict):
    if like == "pandas":
        return pd.DataFrame(data)
    if like == "polars":
        return pl.DataFrame(data, strict=False)
    if like == "pyarrow":
        return pa.table(data)
    return {k: np.array(v, dtype=object) for k, v in data.items()}


def problems(call, table, **kwargs) -> list[tuple]:
    with pytest.raises(TableError) as info:
        call(table, **kwargs)
    return [(p.row, p.column, p.message) for p in info.value.problems]


def frame_of_text(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


class TestOutages:
    TEXT = """service,start,end,planned
api,2026-10-07T14:02:00+02:00,2026-10-07T14:31:00+02:00,
api,2026-10-18T02:00:00+02:00,2026-10-18T04:00:00+02:00,yes
"""

    def test_like_the_csv_reader(self):
        assert outages_from_table(frame_of_text(self.TEXT)) == read_outages(
            io.StringIO(self.TEXT)
        )

    @pytest.mark.parametrize("like", LIKES)
    def test_typed(self, like):
        table = as_table(
            like,
            {
                "service": ["api", "db"],
                "start": [T0, T0],
                "end": [T0 + timedelta(hours=1), T0],
                "planned": [True, None],
            },
        )
        a, b = outages_from_table(table)
        assert (a.service, a.end - a.start, a.planned) == (
            "api",
            timedelta(hours=1),
            True,
        )
        assert b.planned is False

    def test_naive_with_tz(self):
        table = pl.DataFrame(
            {
                "service": ["api"],
                "start": [datetime(2026, 1, 1, 9)],
                "end": [datetime(2026, 1, 1, 10)],
            }
        )
        [outage] = outages_from_table(table, tz="Europe/Berlin")
        assert outage.start == datetime(2026, 1, 1, 9, tzinfo=BERLIN)

    def test_problems(self):
        table = pd.DataFrame(
            {
                "service": ["api", None, "api", "api"],
                "start": [T0, T0, None, T0],
                "end": [T0, T0, T0, T0 - timedelta(1)],
                "planned": ["maybe", "no", "1", None],
            }
        )
        assert sorted(problems(outages_from_table, table)) == [
            (0, "planned", "not a boolean"),
            (1, "service", "a value is required"),
            (2, "start", "a value is required"),
            (3, "end", "the outage ends before it starts"),
        ]

    def test_columns(self):
        table = pd.DataFrame({"service": ["api"], "start": [T0], "extra": [1]})
        assert problems(outages_from_table, table) == [
            (None, "end", "missing required column"),
            (None, "extra", "unknown column"),
        ]


class TestContacts:
    TEXT = """at,wait,answered,service
2026-10-05T09:00:04+02:00,12.5,yes,phone
2026-10-05T09:01:10+02:00,1m30s,no,
"""

    def test_like_the_csv_reader(self):
        assert contacts_from_table(frame_of_text(self.TEXT)) == read_contacts(
            io.StringIO(self.TEXT)
        )

    @pytest.mark.parametrize("like", LIKES)
    def test_typed(self, like):
        table = as_table(
            like,
            {
                "at": [T0, T0],
                "wait": [timedelta(seconds=1.5), None],
                "answered": [True, False],
            },
        )
        assert problems(contacts_from_table, table) == [
            (1, "wait", "a value is required")
        ]

    @pytest.mark.parametrize("wait", [[12.5], [12], ["PT12.5S"]])
    def test_seconds(self, wait):
        table = pd.DataFrame({"at": [T0], "wait": wait, "answered": [True]})
        [contact] = contacts_from_table(table)
        assert contact.wait == timedelta(
            seconds=float(wait[0]) if wait[0] != "PT12.5S" else 12.5
        )

    def test_problems(self):
        table = pd.DataFrame(
            {
                "at": [T0, T0],
                "wait": [-1, 3],
                "answered": [None, True],
                "service": ["x", None],
            }
        )
        assert sorted(problems(contacts_from_table, table)) == [
            (0, "answered", "a value is required"),
            (0, "wait", "a wait is never negative"),
        ]


class TestResponses:
    TEXT = """at,score,service,csat,comment
2026-10-06T10:00:00+02:00,9,api,5,"fast, friendly"
2026-10-06T11:30:00+02:00,6.5,,,
"""

    def test_like_the_csv_reader(self):
        assert responses_from_table(frame_of_text(self.TEXT)) == read_responses(
            io.StringIO(self.TEXT)
        )

    @pytest.mark.parametrize("like", LIKES)
    def test_typed(self, like):
        table = as_table(like, {"at": [T0, T0], "score": [9.5, 7.0], "csat": [5, None]})
        a, b = responses_from_table(table)
        assert (a.score, dict(a.fields)) == (Decimal("9.5"), {"csat": 5})
        assert (b.score, dict(b.fields)) == (Decimal("7.0"), {})

    def test_problems(self):
        table = pd.DataFrame({"at": [T0, T0, T0], "score": ["x", None, "nan"]})
        assert sorted(problems(responses_from_table, table)) == [
            (0, "score", "not a number"),
            (1, "score", "a value is required"),
            (2, "score", "not a number"),
        ]


class TestRecords:
    TEXT = """at,lead_id,source,amount,qualified,contacted_at
2026-10-05T07:12:00Z,L-501,web,1200.50,true,2026-10-05T09:00:00Z
2026-10-05T15:40:00Z,L-502,partner,,false,
"""

    def test_text_at_columns(self):
        [first, second] = records_from_table(frame_of_text(self.TEXT))
        expected = read_records(io.StringIO(self.TEXT))
        assert first["at"] == expected[0]["at"]
        assert first["contacted_at"] == expected[0]["contacted_at"]
        assert "contacted_at" not in second

    @pytest.mark.parametrize("like", LIKES)
    def test_typed(self, like):
        table = as_table(
            like, {"at": [T0, T0], "amount": [1.5, None], "ok": [True, False]}
        )
        a, b = records_from_table(table)
        assert a == {"at": T0, "amount": 1.5, "ok": True}
        assert b == {"at": T0, "ok": False}

    def test_a_tags_column_stays_text(self):
        """As in the records CSV, only a ticket's tags are split on |."""
        text = "at,tags\n2026-10-05T07:12:00Z,web|eu\n"
        [record] = records_from_table(frame_of_text(text))
        assert record["tags"] == "web|eu"
        assert record == read_records(io.StringIO(text))[0]

    def test_bad_timestamp_field(self):
        table = pd.DataFrame({"at": [T0, None], "due_at": ["soon", None]})
        assert sorted(problems(records_from_table, table)) == [
            (0, "due_at", "not a timestamp"),
            (1, "at", "a value is required"),
        ]


def outage_table(items, like):
    return as_table(
        like,
        {
            "service": [o.service for o in items],
            "start": [o.start.astimezone(UTC) for o in items],
            "end": [o.end.astimezone(UTC) for o in items],
            "planned": [o.planned for o in items],
        },
    )


@given(items=st.lists(outages(), max_size=5), like=st.sampled_from(LIKES))
def test_outages_round_trip(items, like):
    """Outages written into a table come back equal (as instants)."""
    if not items:
        return
    got = outages_from_table(outage_table(items, like))
    assert [(o.service, o.span_us, o.planned) for o in got] == [
        (o.service, o.span_us, o.planned) for o in items
    ]


@given(items=st.lists(contacts(), min_size=1, max_size=5), like=st.sampled_from(LIKES))
def test_contacts_round_trip(items, like):
    table = as_table(
        like,
        {
            "at": [c.at.astimezone(UTC) for c in items],
            "wait": [c.wait for c in items],
            "answered": [c.answered for c in items],
            "service": [c.service for c in items],
        },
    )
    if like == "polars":
        table = table.with_columns(pl.col("service").cast(pl.String))
    if like == "pyarrow":
        table = table.set_column(
            3, "service", pa.array([c.service for c in items], pa.string())
        )
    got = contacts_from_table(table)
    assert [(c.at, c.wait, c.answered, c.service) for c in got] == [
        (c.at.astimezone(UTC), c.wait, c.answered, c.service) for c in items
    ]
