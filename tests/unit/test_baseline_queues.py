"""Baselines of contacts and outages: hand-worked figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

import slacore as sla

S = timedelta(seconds=1)
M = timedelta(minutes=1)
H = timedelta(hours=1)
JAN = {"start": date(2026, 1, 1), "end": date(2026, 3, 1)}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def calls() -> list[sla.Contact]:
    """January (phone): answered after 5, 12, 18, 25, 40 s and one abandoned after
    8 s; February (chat): answered after 10 and 30 s."""
    jan = [
        sla.Contact(w * S, at=at(2026, 1, 5 + i, 10), service="phone")
        for i, w in enumerate((5, 12, 18, 25, 40))
    ]
    jan.append(
        sla.Contact(8 * S, answered=False, at=at(2026, 1, 20, 10), service="phone")
    )
    feb = [sla.Contact(w * S, at=at(2026, 2, 3, 10), service="chat") for w in (10, 30)]
    return jan + feb


def test_contact_distribution_and_ladder() -> None:
    b = sla.contact_baseline(calls(), **JAN)
    assert [g.key for g in b.groups] == [("*",), ("chat",), ("phone",)]
    every = b.group("*")
    # Answered waits, sorted: 5 10 12 18 25 30 40 seconds.
    assert every.count == 7
    assert [v for _, v in every.percentiles] == [18 * S, 30 * S, 40 * S, 40 * S]
    assert [c.target for c in every.candidates] == [18 * S, 30 * S, 40 * S]
    assert every.current is None


def test_service_level_per_threshold_and_period() -> None:
    b = sla.contact_baseline(calls(), thresholds=[20 * S], **JAN)
    [every] = b.group("*").candidates
    # January: 5, 12, 18 of six offered (the abandoned one counts); February 10.
    assert [(p.met, p.count) for p in every.periods] == [(3, 6), (1, 2)]
    assert every.attainment == Decimal(50)
    [phone] = b.group("phone").candidates
    assert [(p.met, p.count) for p in phone.periods] == [(3, 6), (0, 0)]
    positive = sla.contact_baseline(
        calls(), thresholds=[20 * S], abandoned="positive", **JAN
    )
    assert positive.group("*").candidates[0].periods[0].met == 4
    excluded = sla.contact_baseline(
        calls(), thresholds=[20 * S], short_abandon=10 * S, **JAN
    )
    assert excluded.group("*").candidates[0].periods[0].count == 5
    by_service = sla.contact_baseline(calls(), thresholds={"chat": [30 * S]}, **JAN)
    assert [c.target for c in by_service.group("chat").candidates] == [30 * S]
    assert len(by_service.group("phone").candidates) == 3  # the ladder


def test_contact_outputs_and_suggestion() -> None:
    b = sla.contact_baseline(calls(), thresholds=[20 * S, 30 * S], goal=80, **JAN)
    # Phone has no contact in February, and 66.7 % at best in January.
    assert [s.target for s in b.suggest(80, 1)] == [30 * S, 30 * S, None]
    text = b.markdown()
    assert "# Baseline of contacts: 2026-01 to 2026-02 (2 monthly periods)" in text
    assert "| 20s | 50.0 | 50.0 | 0 of 2 | 50.0 |" in text
    assert "| 30s | 66.7 | 100.0 | 1 of 2 | 75.0 |" in text
    table = b.table(like="pyarrow")
    assert table.column_names[0] == "service"


def test_now_leaves_later_contacts_out() -> None:
    b = sla.contact_baseline(
        calls(), thresholds=[20 * S], now=at(2026, 1, 9, 10), **JAN
    )
    # Offered up to and at `now`: 5, 12, 18, 25, 40 s.
    assert [(p.met, p.count) for p in b.group("*").candidates[0].periods] == [
        (3, 5),
        (0, 0),
    ]


def test_contact_tables_equal_objects() -> None:
    pd = pytest.importorskip("pandas")
    found = calls()
    frame = pd.DataFrame(
        {
            "at": [c.at for c in found],
            "wait": [c.wait for c in found],
            "answered": [c.answered for c in found],
            "service": [c.service for c in found],
        }
    )
    assert sla.contact_baseline(frame, **JAN) == sla.contact_baseline(found, **JAN)


def test_contacts_bad_input() -> None:
    with pytest.raises(sla.DataError, match=r"contacts\[0\] has no 'at'"):
        sla.contact_baseline([sla.Contact(S)], **JAN)
    with pytest.raises(sla.SlaError, match="abandoned must be one of"):
        sla.contact_baseline(calls(), abandoned="ignored", **JAN)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"contacts\[0\] must be Contact"):
        sla.contact_baseline([3], **JAN)
    with pytest.raises(sla.SlaError, match="contacts must be a table or Contact"):
        sla.contact_baseline(3, **JAN)


def outages() -> list[sla.Outage]:
    """An hour down on 10 January, two hours of maintenance on 20 January, and
    45 minutes down across the month end (30 in January, 15 in February)."""
    return [
        sla.Outage("api", at(2026, 1, 10, 8), at(2026, 1, 10, 9)),
        sla.Outage("api", at(2026, 1, 20, 2), at(2026, 1, 20, 4), planned=True),
        sla.Outage("api", at(2026, 1, 31, 23, 30), at(2026, 2, 1, 0, 15)),
        sla.Outage("db", at(2026, 2, 2), at(2026, 2, 2)),
    ]


def test_outage_availability_and_durations_by_hand() -> None:
    b = sla.outage_baseline(outages(), **JAN)
    api = b.service("api")
    jan, feb = api.periods
    # January: 744 h less 2 h planned is 742 h measured, 1 h 30 min down.
    assert (jan.measured, jan.downtime, jan.outages) == (742 * H, 90 * M, 2)
    assert jan.availability == Decimal("740.5") * 100 / 742
    assert (feb.measured, feb.downtime, feb.outages) == (672 * H, 15 * M, 1)
    assert feb.availability == Decimal("671.75") * 100 / 672
    assert api.count == 2
    assert api.percentiles[:2] == ((Decimal(50), 45 * M), (Decimal(80), H))
    assert api.best_goal(1) == feb.availability
    assert api.best_goal(2) == jan.availability
    assert api.best_goal(3) is None
    assert api.best_goal(1, of=1) == feb.availability
    db = b.service("db")
    assert [p.availability for p in db.periods] == [Decimal(100), Decimal(100)]
    assert db.count == 1  # a zero-length outage, no downtime


def test_outage_calendar_and_now() -> None:
    office = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
    b = sla.outage_baseline(outages(), calendar=office, now=at(2026, 2, 1), **JAN)
    jan, feb = b.service("api").periods
    # 10 January 2026 is a Saturday: nothing down in office hours.
    assert jan.downtime == timedelta(0)
    assert jan.measured == 22 * 8 * H
    assert feb.availability is None  # nothing measured by `now`


def test_outage_outputs() -> None:
    b = sla.outage_baseline(outages(), **JAN)
    table = b.table(like="pandas")
    assert list(table.columns) == [
        "service",
        "period_start",
        "period_end",
        "measured",
        "downtime",
        "outages",
        "availability",
    ]
    assert len(table) == 4
    text = b.markdown()
    assert "## api" in text
    assert "2 outages: p50 45m, p80 1h, p90 1h, p95 1h." in text
    assert "| availability | 99.798 | 99.963 |" in text
    assert "| downtime | 1h30m | 15m |" in text
    with pytest.raises(sla.SlaError, match="no service 'web'"):
        b.service("web")
