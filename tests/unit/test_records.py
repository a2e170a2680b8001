"""Records: tickets and their events, outages, contacts, responses, the dataset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest
from tests.instants import us, utc

import slacore as sla
from slacore import (
    Contact,
    DataError,
    NaiveDatetimeError,
    Outage,
    Response,
    Ticket,
    TicketEvent,
)

BERLIN = ZoneInfo("Europe/Berlin")
S = timedelta(seconds=1)
MIN = timedelta(minutes=1)
H = timedelta(hours=1)
ZERO = timedelta(0)


def exactly(message: str) -> str:
    """A `pytest.raises` pattern that matches *message* and nothing else."""
    return f"^{re.escape(message)}$"


def mon(hour: int, minute: int = 0, second: int = 0, microsecond: int = 0) -> datetime:
    """A UTC time on Monday 2025-06-02."""
    return utc(2025, 6, 2, hour, minute, second, microsecond)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time in June 2025."""
    return utc(2025, 6, day, hour, minute)


def ev(when: datetime, kind: str, value: str | None = None) -> TicketEvent:
    return TicketEvent(when, kind, value)


class TestTicket:
    def test_events_sorted_ties_in_given_order(self):
        """Events are sorted by instant; events at one instant keep their order."""
        a = ev(at(1, 11), "agent_reply")
        b = ev(at(1, 10), "status", "pending")
        c = ev(at(1, 10), "status", "open")
        d = ev(at(1, 9, 30).astimezone(UTC), "customer_message")
        assert Ticket("T", at(1, 9), "normal", [a, b, c, d]).events == (d, b, c, a)

    def test_priority_at(self):
        """`priority_at` is the last priority event up to `now`, else the ticket's."""
        ticket = Ticket(
            "T",
            at(1, 9),
            "low",
            [ev(at(1, 10), "priority", "high"), ev(at(1, 11), "priority", "urgent")],
        )
        assert ticket.priority_at(at(1, 9)) == "low"
        assert ticket.priority_at(at(1, 10)) == "high"
        assert ticket.priority_at(at(1, 12)) == "urgent"

    def test_value(self):
        """Tickets compare and hash by value."""
        a = Ticket(
            "T", at(1, 9), "low", [ev(at(1, 10), "agent_reply")], fields={"x": [1]}
        )
        b = Ticket(
            "T", at(1, 9), "low", (ev(at(1, 10), "agent_reply"),), fields={"x": (1,)}
        )
        assert a == b
        assert hash(a) == hash(b)


class TestOutage:
    """An outage is an aware, non-reversed span of one service."""

    def test_fields(self):
        """The fields are kept as given; planned defaults to False."""
        outage = Outage("api", mon(9), mon(10))

        assert (outage.service, outage.start, outage.end, outage.planned) == (
            "api",
            mon(9),
            mon(10),
            False,
        )

    def test_value_object(self):
        """Outages are frozen, hashable and equal by value (as instants)."""
        a = Outage("api", mon(9), mon(10), planned=True)
        b = Outage("api", mon(9).astimezone(BERLIN), mon(10), planned=True)

        assert a == b
        assert hash(a) == hash(b)
        assert a != Outage("api", mon(9), mon(10))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            a.end = mon(11)  # type: ignore[misc]

    def test_repr(self):
        """The repr shows the public fields only."""
        assert repr(Outage("api", mon(9), mon(9))) == (
            "Outage(service='api', start=datetime.datetime(2025, 6, 2, 9, 0, "
            "tzinfo=datetime.timezone.utc), end=datetime.datetime(2025, 6, 2, 9, 0, "
            "tzinfo=datetime.timezone.utc), planned=False)"
        )

    def test_zero_length(self):
        """An outage may end when it starts."""
        assert Outage("api", mon(9), mon(9)).end == mon(9)

    def test_end_before_start(self):
        """An outage that ends before it starts is a DataError on `end`."""
        message = (
            "end 2025-06-02T09:00:00+00:00 is before start "
            "2025-06-02T10:00:00+00:00 (outage of 'api')"
        )
        with pytest.raises(DataError, match=exactly(message)) as caught:
            Outage("api", mon(10), mon(9))

        assert (caught.value.field, caught.value.index) == ("end", None)

    @pytest.mark.parametrize("service", ["", "  "])
    def test_empty_service(self, service):
        """The service must be named."""
        message = f"service must be a non-empty name, got {service!r}"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            Outage(service, mon(9), mon(10))

        assert caught.value.field == "service"

    def test_service_type(self):
        """A service that is not a string is a TypeError."""
        with pytest.raises(TypeError, match=exactly("service must be a str, got int")):
            Outage(7, mon(9), mon(10))  # type: ignore[arg-type]

    @pytest.mark.parametrize("field", ["start", "end"])
    def test_naive(self, field):
        """A naive start or end raises NaiveDatetimeError naming the field."""
        times = {"start": mon(9), "end": mon(10)}
        times[field] = times[field].replace(tzinfo=None)

        with pytest.raises(NaiveDatetimeError, match=f"^{field} must be") as caught:
            Outage("api", **times)

        assert caught.value.name == field

    def test_planned_type(self):
        """`planned` must be a bool."""
        with pytest.raises(TypeError, match=exactly("planned must be a bool, got int")):
            Outage("api", mon(9), mon(10), planned=1)  # type: ignore[arg-type]


class TestContact:
    """A contact is a non-negative wait, answered or abandoned."""

    def test_defaults(self):
        """Answered by default, with no instant and no service."""
        contact = Contact(20 * S)

        assert (contact.answered, contact.at, contact.service) == (True, None, None)

    def test_all_fields(self):
        """`at` and `service` are kept; contacts are hashable values."""
        contact = Contact(20 * S, False, at=mon(9), service="billing")

        assert contact == Contact(20 * S, answered=False, at=mon(9), service="billing")
        assert len({contact, Contact(20 * S, False, at=mon(9), service="billing")}) == 1

    def test_zero_wait(self):
        """A zero wait is allowed."""
        assert Contact(ZERO).wait == ZERO

    def test_negative_wait(self):
        """A negative wait is a DataError on `wait`."""
        message = "wait must not be negative, got -1 day, 23:59:59"
        with pytest.raises(DataError, match=exactly(message)) as caught:
            Contact(-S)

        assert caught.value.field == "wait"

    def test_wait_type(self):
        """A wait that is not a timedelta is a TypeError."""
        with pytest.raises(
            TypeError, match=exactly("wait must be a timedelta, got int")
        ):
            Contact(20)  # type: ignore[arg-type]

    def test_answered_type(self):
        """`answered` must be a bool."""
        with pytest.raises(
            TypeError, match=exactly("answered must be a bool, got str")
        ):
            Contact(S, "no")  # type: ignore[arg-type]

    def test_naive_at(self):
        """A naive `at` raises NaiveDatetimeError naming `at`."""
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            Contact(S, at=datetime(2025, 6, 2, 9))

    def test_empty_service(self):
        """An empty service name is a DataError."""
        with pytest.raises(DataError, match=r"^service must be a non-empty name"):
            Contact(S, service="")


class TestResponse:
    """A survey response: an instant, a Decimal score, and frozen fields."""

    @pytest.mark.parametrize(
        ("score", "expected"),
        [(9, Decimal(9)), ("7", Decimal(7)), (8.5, Decimal("8.5")), (Decimal(3), 3)],
    )
    def test_score(self, score, expected):
        """Scores become Decimals; a float goes through its str."""
        actual = Response(mon(9), score).score

        assert isinstance(actual, Decimal)
        assert actual == expected

    def test_fields(self):
        """Fields are frozen (lists become tuples) and the response is hashable."""
        response = Response(
            mon(9), 10, service="api", fields={"csat": 5, "tags": ["a", "b"]}
        )

        assert response.fields == {"csat": 5, "tags": ("a", "b")}
        assert isinstance(response.fields, sla.FrozenFields)
        assert hash(response) == hash(
            Response(mon(9), 10, service="api", fields={"csat": 5, "tags": ("a", "b")})
        )
        assert Response(mon(9), 1).fields == {}

    @pytest.mark.parametrize(
        ("score", "message"),
        [
            ("abc", "score must be a number, got 'abc'"),
            ("NaN", "score must be finite, got 'NaN'"),
            (float("inf"), "score must be finite, got inf"),
        ],
    )
    def test_bad_score(self, score, message):
        """A score that is not a finite number is a DataError on `score`."""
        with pytest.raises(DataError, match=exactly(message)) as caught:
            Response(mon(9), score)

        assert caught.value.field == "score"

    def test_score_type(self):
        """A score of the wrong type is a TypeError."""
        with pytest.raises(TypeError, match=r"^score must be a Decimal, int, float or"):
            Response(mon(9), None)  # type: ignore[arg-type]

    def test_naive_at(self):
        """A naive `at` raises NaiveDatetimeError."""
        with pytest.raises(NaiveDatetimeError, match=r"^at must be timezone-aware"):
            Response(datetime(2025, 6, 2), 9)


# -- availability ------------------------------------------------------------------


class TestDataset:
    def test_reads_iterables_once(self):
        """Any iterable is read once into a tuple."""
        data = sla.Dataset(records=({"at": mon(9), "n": n} for n in range(3)))
        assert [r["n"] for r in data.records] == [0, 1, 2]

    def test_record_without_at(self):
        """A record without its instant is a DataError naming it."""
        with pytest.raises(
            DataError,
            match=exactly("records[1] has no 'at' (the instant it counts at)"),
        ) as info:
            sla.Dataset(records=[{"at": mon(9)}, {"lead": 2}])
        assert (info.value.field, info.value.index) == ("records[1].at", 1)

    def test_naive_record_instant(self):
        """A naive `at` is refused, naming the record."""
        with pytest.raises(NaiveDatetimeError, match=r"records\[0\]\.at"):
            sla.Dataset(records=[{"at": datetime(2025, 6, 2, 9)}])

    def test_wrong_item_types(self):
        """Items of the wrong class are a TypeError naming the position."""
        with pytest.raises(
            TypeError, match=exactly("outages[0] must be a Outage, got str")
        ):
            sla.Dataset(outages=["api down"])
        with pytest.raises(
            TypeError, match=exactly("records[0] must be a mapping, got int")
        ):
            sla.Dataset(records=[1])

    def test_since_must_be_aware(self):
        with pytest.raises(NaiveDatetimeError):
            sla.Dataset(since=datetime(2025, 6, 2))


class TestFrozenFields:
    def test_values_freeze(self):
        fields = sla.FrozenFields({"tags": ["a", {"b": [1]}], "s": {1, 2}})
        assert fields["tags"] == ("a", sla.FrozenFields({"b": (1,)}))
        assert fields["s"] == frozenset({1, 2})
        assert hash(fields) == hash(
            sla.FrozenFields({"tags": ("a", {"b": (1,)}), "s": {2, 1}})
        )

    def test_unhashable_leaf_is_a_data_error(self):
        with pytest.raises(
            DataError, match=r"^fields\['blob'\] holds an unhashable"
        ) as info:
            sla.FrozenFields({"blob": bytearray(b"x")})
        assert info.value.field == "fields['blob']"

    def test_timeline_is_not_part_of_the_value(self):
        """`Ticket.timeline_us` is computed once and left out of eq and repr."""
        ticket = Ticket("T", at(1, 9), "low", [ev(at(1, 10), "agent_reply")])
        created = us(at(1, 9))
        assert ticket.timeline_us == (created, (created + 3_600_000_000,))
        assert "timeline_us" not in repr(ticket)
        assert "timeline_us" not in {f.name for f in attrs.fields(Ticket) if f.eq}
