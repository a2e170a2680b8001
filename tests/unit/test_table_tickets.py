from __future__ import annotations

import io
import pickle
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacore import DataError, SlaError, Ticket, TicketEvent, read_tickets
from slacore._event_columns import KINDS
from slacore._table_tickets import (
    _tag_factor,
    _tags,
    read_ticket_table,
    tickets_from_table,
    tickets_to_table,
)
from slacore.exceptions import TableError
from slacore.strategies import aware_datetimes, tickets, timezones

BERLIN = ZoneInfo("Europe/Berlin")
LIKES = ("pandas", "polars", "pyarrow", "numpy")
CSV = """ticket_id,at,kind,value,channel,plan,tags
T-1001,2026-10-05T09:12:00+02:00,created,high,email,pro,vip|billing
T-1001,2026-10-05T09:40:00+02:00,agent_reply,,,,
T-1001,2026-10-05T09:41:00+02:00,status,pending,,,
T-1002,2026-10-05T10:03:00+02:00,created,normal,web,free,
T-1001,2026-10-06T08:15:00+02:00,customer_message,,,,
T-1001,2026-10-06T08:15:00+02:00,status,open,,,
T-1001,2026-10-06T11:30:00+02:00,status,solved,,,
"""


def as_table(like: str, data: dict):
    if like == "pandas":
        return pd.DataFrame(data)
    if like == "polars":
        return pl.DataFrame(data, strict=False)
    if like == "pyarrow":
        return pa.table(data)
    return {k: np.array(v, dtype=object) for k, v in data.items()}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def base(**extra) -> dict:
    data = {
        "ticket_id": ["A", "A", "B"],
        "at": [
            at("2026-10-05T09:00+02:00"),
            at("2026-10-05T10:00+02:00"),
            at("2026-10-05T11:00+02:00"),
        ],
        "kind": ["created", "agent_reply", "created"],
        "value": ["high", None, "low"],
    }
    data.update(extra)
    return data


def problems_of(table, **kwargs) -> list[tuple]:
    with pytest.raises(TableError) as info:
        tickets_from_table(table, **kwargs)
    return [(p.row, p.column, p.message) for p in info.value.problems]


class TestReadsLikeTheCsvReader:
    @pytest.mark.parametrize("like", ["pandas", "polars", "pyarrow"])
    def test_text_table_equals_read_tickets(self, like):
        """The CSV's text in a table gives the tickets read_tickets gives."""
        frame = pd.read_csv(io.StringIO(CSV), dtype=str, keep_default_na=False)
        table = {"pandas": frame, "polars": pl.from_pandas(frame)}.get(like)
        if table is None:
            table = pa.Table.from_pandas(frame)
        assert tickets_from_table(table) == read_tickets(io.StringIO(CSV))

    def test_order_and_ties(self):
        """Tickets in created-row order; same-instant events keep table order."""
        [first, second] = tickets_from_table(pd.read_csv(io.StringIO(CSV), dtype=str))
        assert (first.id, second.id) == ("T-1001", "T-1002")
        assert [(e.kind, e.value) for e in first.events][2:4] == [
            ("customer_message", None),
            ("status", "open"),
        ]

    @pytest.mark.parametrize("like", LIKES)
    def test_typed_fields(self, like):
        """Typed field values stay typed; nulls are absent; tags become tuples."""
        due = datetime(2026, 10, 6, tzinfo=UTC)
        data = base(
            n=[3, None, None],
            ok=[True, None, False],
            due_at=[due, None, None],
            tags=[["vip", "eu"], None, []],
        )
        if like == "pandas":
            data["n"] = pd.array([3, None, None], dtype="Int64")
            data["ok"] = pd.array([True, None, False], dtype="boolean")
        a, b = tickets_from_table(as_table(like, data))
        assert dict(a.fields) == {
            "n": 3,
            "ok": True,
            "due_at": due,
            "tags": ("vip", "eu"),
        }
        assert dict(b.fields) == {"ok": False, "tags": ()}
        assert type(a.fields["n"]) is int

    def test_integer_ids(self):
        data = base(ticket_id=[7, 7, 8])
        a, b = tickets_from_table(pl.DataFrame(data))
        assert (a.id, b.id) == (7, 8)

    def test_text_timestamps_and_tags(self):
        """Text in an _at column is a timestamp; a tags text is split on |."""
        data = base(
            replied_at=["2026-10-05T09:30Z", None, None],
            tags=["vip | eu", None, ""],
        )
        a, b = tickets_from_table(pd.DataFrame(data))
        assert a.fields["replied_at"] == datetime(2026, 10, 5, 9, 30, tzinfo=UTC)
        assert a.fields["tags"] == ("vip", "eu")
        assert "tags" not in b.fields

    def test_naive_with_tz(self):
        data = base(
            at=[
                datetime(2026, 10, 5, 9),
                datetime(2026, 10, 5, 10),
                datetime(2026, 10, 5, 11),
            ]
        )
        a, _ = tickets_from_table(pl.DataFrame(data), tz="Europe/Berlin")
        assert a.created_at == datetime(2026, 10, 5, 9, tzinfo=BERLIN)
        assert a.created_at.tzinfo == BERLIN

    def test_naive_text_with_tz_shown_in_tz(self):
        data = base(at=["2026-10-05 09:00", "2026-10-05 10:00", "2026-10-05 11:00"])
        a, _ = tickets_from_table(pd.DataFrame(data), tz="Europe/Berlin")
        assert a.created_at == datetime(2026, 10, 5, 9, tzinfo=BERLIN)
        assert a.created_at.tzinfo == BERLIN
        assert a.events[0].at.tzinfo == BERLIN

    def test_tags_read_back_from_parquet(self):
        """pandas reads a list column from Parquet as numpy arrays of tags."""
        buffer = io.BytesIO()
        pd.DataFrame(base(tags=[["vip", "eu"], None, None])).to_parquet(buffer)
        buffer.seek(0)
        table = pd.read_parquet(buffer)
        assert type(table["tags"].iloc[0]).__name__ == "ndarray"
        a, b = tickets_from_table(table)
        assert a.fields["tags"] == ("vip", "eu")
        assert "tags" not in b.fields

    def test_an_arrow_record_batch(self):
        batch = pa.RecordBatch.from_pandas(pd.DataFrame(base()))
        assert tickets_from_table(batch) == tickets_from_table(pd.DataFrame(base()))

    def test_zone_of_the_column(self):
        table = pa.table(base()).set_column(
            1, "at", pa.array(base()["at"], pa.timestamp("ns", "America/New_York"))
        )
        a, _ = tickets_from_table(table)
        assert str(a.created_at.tzinfo) == "America/New_York"


class TestEventColumns:
    def test_layout(self):
        data = base()
        data["ticket_id"].append("A")
        data["at"].append(at("2026-10-05T09:30+02:00"))
        data["kind"].append("status")
        data["value"].append("pending")
        cols = read_ticket_table(pd.DataFrame(data))
        assert cols.ticket_id.tolist() == ["A", "B"]
        assert cols.priority.values() == ["high", "low"]
        assert cols.offsets.tolist() == [0, 2, 2]
        assert [KINDS[k] for k in cols.kind.tolist()] == ["status", "agent_reply"]
        assert cols.value.values() == ["pending", None]
        assert cols.tz == UTC or str(cols.tz) == "UTC+02:00" or cols.tz is not None

    @pytest.mark.parametrize("like", LIKES)
    def test_fields_made_when_read(self, like):
        """Text and tags fields wait until read; each ticket gets its own value,
        in slices and after pickling too."""
        data = base()
        data["plan"] = ["gold", None, "basic"]
        data["tags"] = [["vip", "eu"], None, None]
        cols = read_ticket_table(as_table(like, data))
        fields = cols.fields
        assert fields["plan"].values() == ["gold", "basic"]
        assert fields["tags"].values() in ([("vip", "eu"), None], [["vip", "eu"], None])
        second = cols.slice(1, 2).fields
        assert second["plan"].values() == ["basic"]
        assert pickle.loads(pickle.dumps(second))["plan"].values() == ["basic"]  # noqa: S301 - our own bytes
        assert list(second) == ["plan", "tags"]
        with pytest.raises(KeyError):
            fields["channel"]

    def test_events_sorted_within_ticket_long_spans(self):
        """Events years apart sort too (the two-key path)."""
        data = base()
        data["ticket_id"] += ["A", "A"]
        data["at"] += [at("2090-01-01T00:00Z"), at("2026-10-06T00:00Z")]
        data["kind"] += ["status", "status"]
        data["value"] += ["late", "early"]
        cols = read_ticket_table(pl.DataFrame(data))
        assert cols.value.take(slice(cols.offsets[0], cols.offsets[1])).values() == [
            None,
            "early",
            "late",
        ]


class TestProblems:
    @given(
        st.lists(
            st.lists(st.integers(-3, 5), max_size=4),  # event hours from creation
            min_size=1,
            max_size=5,
        ),
        st.booleans(),
        st.booleans(),
    )
    def test_events_before_creation(self, tickets, grouped, created_first):
        """Exactly the rows before their ticket's creation are reported, for
        tables grouped by ticket (checked per ticket first) and not."""
        start = at("2026-10-05T09:00Z")
        rows = []
        for number, hours in enumerate(tickets):
            mine = [(f"T{number}", start, "created", "high")]
            mine += [
                (f"T{number}", start + timedelta(hours=h), "agent_reply", None)
                for h in hours
            ]
            rows += mine if created_first else mine[::-1]
        if not grouped:
            rows = rows[::2] + rows[1::2]
        ids, ats, kinds, values = (list(c) for c in zip(*rows, strict=True))
        table = pd.DataFrame(
            {"ticket_id": ids, "at": ats, "kind": kinds, "value": values}
        )
        expected = [
            (row, "at", "before its ticket was created")
            for row, (_, when, kind, _) in enumerate(rows)
            if kind != "created" and when < start
        ]
        if expected:
            assert problems_of(table) == expected
        else:
            assert len(tickets_from_table(table)) == len(tickets)

    def test_missing_columns_and_priority(self):
        table = pd.DataFrame({"ticket_id": ["A"], "priority": ["x"]})
        assert problems_of(table) == [
            (None, "at", "missing required column"),
            (None, "kind", "missing required column"),
            (None, "value", "missing required column"),
            (None, "priority", "not allowed: the priority is the created row's value"),
        ]

    def test_wrong_types(self):
        table = pd.DataFrame(base(kind=[1, 2, 3], value=[1.5, 2.5, 3.5]))
        assert problems_of(table) == [
            (None, "kind", "wrong column type"),
            (None, "value", "wrong column type"),
        ]

    def test_naive_without_tz(self):
        table = pl.DataFrame(base(at=[datetime(2026, 1, 1)] * 3))
        assert problems_of(table) == [
            (None, "at", "naive datetimes, and no time zone is given")
        ]

    def test_every_row_problem_at_once(self):
        table = pd.DataFrame(
            {
                "ticket_id": ["A", "B", "C", "C", "C", "D", None, "A"],
                "at": [
                    at("2026-10-05T09:00+00:00"),
                    at("2026-10-05T09:00+00:00"),
                    at("2026-10-05T11:00+00:00"),
                    at("2026-10-05T10:30+00:00"),
                    at("2026-10-05T12:00+00:00"),
                    None,
                    at("2026-10-05T12:00+00:00"),
                    at("2026-10-05T12:00+00:00"),
                ],
                "kind": [
                    "created",
                    "escalated",
                    "created",
                    "agent_reply",
                    "created",
                    "created",
                    "status",
                    "priority",
                ],
                "value": ["high", None, "low", None, "low", None, None, None],
                "plan": [None, None, None, "gold", None, None, None, None],
            }
        )
        assert sorted(problems_of(table)) == [
            (1, "kind", "unknown kind"),
            (1, "ticket_id", "the ticket has no created row"),
            (3, "at", "before its ticket was created"),
            (3, "plan", "only a ticket's created row may hold its fields"),
            (4, "kind", "the ticket has a second created row"),
            (5, "at", "a value is required"),
            (5, "value", "a created row needs the priority as its value"),
            (6, "ticket_id", "a value is required"),
            (6, "value", "a status row needs the new status as its value"),
            (7, "value", "a priority row needs the new priority as its value"),
        ]

    def test_many_rows_listed_then_counted(self):
        n = 30
        table = pl.DataFrame(
            {
                "ticket_id": [f"T{i}" for i in range(n)],
                "at": [at("2026-10-05T09:00+00:00")] * n,
                "kind": ["created"] * n,
                "value": [None] * n,
            },
            schema_overrides={"value": pl.String},
        )
        with pytest.raises(TableError) as info:
            tickets_from_table(table)
        assert [p.row for p in info.value.problems] == [*range(10), None]
        assert "20 more rows" in info.value.problems[-1].message
        assert isinstance(info.value, DataError)

    def test_not_a_table(self):
        with pytest.raises(TypeError, match=r"events must be"):
            tickets_from_table([1, 2])

    def test_a_lazy_frame_is_collected_first(self):
        lazy = pl.DataFrame(base()).lazy()
        with pytest.raises(TypeError, match=r"got a polars LazyFrame: call .collect"):
            tickets_from_table(lazy)

    @pytest.mark.parametrize(
        ("like", "found"),
        [
            ("pandas", "datetime64[us]"),
            ("polars", "Datetime(time_unit='us', time_zone=None)"),
            ("pyarrow", "timestamp[us]"),
        ],
    )
    def test_naive_column_named_in_its_library(self, like, found):
        data = base(at=[datetime(2026, 1, 1)] * 3)
        table = {
            "pandas": lambda: pd.DataFrame(data).astype({"at": "datetime64[us]"}),
            "polars": lambda: pl.DataFrame(data),
            "pyarrow": lambda: pa.table(data),
        }[like]()
        with pytest.raises(TableError) as info:
            tickets_from_table(table)
        assert info.value.problems[0].found == found

    def test_like(self):
        with pytest.raises(SlaError, match=r"like must be one of"):
            tickets_to_table([], like="excel")


class TestWrite:
    @pytest.mark.parametrize("like", LIKES)
    def test_empty(self, like):
        assert tickets_from_table(tickets_to_table([], like=like)) == []

    def test_rows(self):
        t0 = datetime(2026, 10, 5, 9, tzinfo=BERLIN)
        ticket = Ticket(
            "T-1",
            t0,
            "high",
            [TicketEvent(t0 + timedelta(hours=1), "status", "solved")],
            fields={"plan": "gold"},
        )
        table = tickets_to_table([ticket])
        assert table.columns.tolist() == ["ticket_id", "at", "kind", "value", "plan"]
        assert table["kind"].tolist() == ["created", "status"]
        assert str(table["at"].dt.tz) == "Europe/Berlin"
        assert table["plan"].isna().tolist() == [False, True]


def in_utc(ts: list[Ticket]) -> list[Ticket]:
    """The same tickets with every instant in UTC (datetimes in two zones compare
    unequal inside a DST fold, PEP 495, so mixed zones are compared this way)."""
    return [
        Ticket(
            t.id,
            t.created_at.astimezone(UTC),
            t.priority,
            [TicketEvent(e.at.astimezone(UTC), e.kind, e.value) for e in t.events],
            fields=t.fields,
        )
        for t in ts
    ]


@st.composite
def one_zone_tickets(draw, ids=None):
    """Tickets all in one zone (drawn), as a helpdesk export has them."""
    ids = st.integers(1, 10**6) if ids is None else ids
    zone = draw(timezones())
    # Aware bounds: real instants shown in the zone (never a wall time a DST gap
    # skips, which no table can hold).
    created = aware_datetimes(
        datetime(1990, 1, 1, tzinfo=UTC),
        datetime(2060, 1, 1, tzinfo=UTC),
        timezones=st.just(zone),
    )
    return draw(
        st.lists(
            tickets(ids=ids, created=created), max_size=6, unique_by=lambda t: t.id
        )
    )


@given(ts=one_zone_tickets(), like=st.sampled_from(LIKES[:3]))
def test_round_trip(ts, like):
    """tickets_from_table(tickets_to_table(ts, like=L)) == ts for every L."""
    assert tickets_from_table(tickets_to_table(ts, like=like)) == ts


@given(
    ts=one_zone_tickets(st.text(min_size=1, max_size=5)), like=st.sampled_from(LIKES)
)
def test_round_trip_text_ids(ts, like):
    back = tickets_from_table(tickets_to_table(ts, like=like))
    if like == "numpy":  # datetime64 is UTC
        assert in_utc(back) == in_utc(ts)
    else:
        assert back == ts


@given(
    ts=st.lists(tickets(), max_size=6, unique_by=lambda t: t.id),
    like=st.sampled_from(LIKES),
)
def test_round_trip_mixed_zones(ts, like):
    """Tickets in several zones come back in UTC: the same instants."""
    assert in_utc(tickets_from_table(tickets_to_table(ts, like=like))) == in_utc(ts)


@given(
    ts=st.lists(tickets(), max_size=6, unique_by=lambda t: t.id),
    like=st.sampled_from(LIKES[:3]),
    data=st.data(),
)
def test_row_order_does_not_matter(ts, like, data):
    """Rows in any order (grouped by ticket or not, instants going back or not)
    read to the same tickets, up to the order of tickets and of events at one
    instant (those keep the table's order)."""
    frame = tickets_to_table(ts, like="pandas")
    order = data.draw(st.permutations(range(len(frame))))
    shuffled = frame.iloc[list(order)].reset_index(drop=True)
    table = {"pandas": shuffled, "polars": pl.from_pandas(shuffled)}.get(like)
    if table is None:
        table = pa.Table.from_pandas(shuffled, preserve_index=False)

    def by_id(found):
        return sorted(
            (
                (
                    t.id,
                    t.created_at,
                    t.priority,
                    t.fields,
                    sorted((e.at, e.kind, e.value or "") for e in t.events),
                )
                for t in in_utc(found)
            ),
            key=lambda t: t[0],
        )

    assert by_id(tickets_from_table(table)) == by_id(ts)


class TestTagTexts:
    @given(
        st.lists(
            st.one_of(
                st.none(),
                st.lists(
                    st.sampled_from(["vip", "eu", " ", "", "a b"]), max_size=3
                ).map("|".join),
                st.sampled_from(["vip | eu", "vip|eu", " | ", "eu"]),
            ),
            max_size=30,
        ),
        st.data(),
    )
    def test_each_distinct_text_split_once(self, texts, data):
        """Tags read from text, each distinct text split once, are the tags of
        splitting every row's text (`_tags`), on any rows, in any order."""
        array = np.array(texts, dtype=object)
        missing = np.array([t is None for t in texts], dtype=bool)
        rows = np.array(
            data.draw(st.lists(st.integers(0, max(len(texts) - 1, 0)), max_size=20))
            if texts
            else [],
            dtype=np.int64,
        )
        factor = _tag_factor(np, array, missing, rows)
        got = [None if c < 0 else factor.names[c] for c in factor.codes.tolist()]
        assert got == [None if missing[r] else _tags(array[r]) for r in rows]
        assert len(set(factor.names.tolist())) == len(factor.names)
