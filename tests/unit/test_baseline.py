"""Baselines of tickets: hand-worked figures on ten tickets, objects and tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

import slacore as sla
from slacore._baseline import round_up, to_percentiles, to_targets

M = timedelta(minutes=1)
H = timedelta(hours=1)
OFFICE = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
DESK = sla.Policy("desk", {"high": sla.Targets(first_response=H)}, calendar=OFFICE)
KEY = ("desk", "high", "first_response")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def replied(name: str, created: datetime, reply: datetime) -> sla.Ticket:
    return sla.Ticket(name, created, "high", [sla.TicketEvent(reply, "agent_reply")])


def ten_tickets() -> list[sla.Ticket]:
    """Eight in January (business time = wall time), one across the month end
    (Friday 30 January 16:30 to Monday 2 February 10:00: 30 min + 1 h = 1 h 30 min
    of office hours), one in February (40 min)."""
    days = [5, 6, 7, 8, 9, 12, 13, 14]  # weekdays of January 2026
    waits = [5, 10, 15, 20, 30, 45, 60, 90]
    found = [
        replied(f"J{i}", at(2026, 1, d, 9), at(2026, 1, d, 9) + w * M)
        for i, (d, w) in enumerate(zip(days, waits, strict=True))
    ]
    found.append(replied("X", at(2026, 1, 30, 16, 30), at(2026, 2, 2, 10)))
    found.append(replied("F", at(2026, 2, 3, 9), at(2026, 2, 3, 9, 40)))
    return found


def jan_feb(tickets: object, **kw: object) -> sla.Baseline:
    return sla.baseline(
        DESK, tickets, start=date(2026, 1, 1), end=date(2026, 3, 1), **kw
    )


def figures(group: sla.BaselineGroup) -> dict[timedelta, list[tuple[int, int]]]:
    return {c.target: [(p.met, p.count) for p in c.periods] for c in group.candidates}


def test_distribution_is_nearest_rank_over_stopped_cycles() -> None:
    group = jan_feb(ten_tickets()).group(*KEY)
    # Sorted: 5 10 15 20 30 40 45 60 90 90 minutes.
    assert group.count == 10
    assert group.percentiles == (
        (Decimal(50), 30 * M),  # rank 5
        (Decimal(80), 60 * M),  # rank 8
        (Decimal(90), 90 * M),  # rank 9
        (Decimal(95), 90 * M),  # rank 10
    )
    assert group.current == H


def test_ladder_and_attainment_per_period_by_hand() -> None:
    group = jan_feb(ten_tickets()).group(*KEY)
    # Ladder: 30 min; 60 min; 90 min rounds up to 2 h; the current 1 h again.
    assert [c.target for c in group.candidates] == [30 * M, H, 2 * H]
    assert [c.current for c in group.candidates] == [False, True, False]
    assert figures(group) == {
        # 30 min: January's five up to 30 min met, three late; the crossing ticket
        # breaches on Friday at 17:00 (January). February: 40 min, late.
        30 * M: [(5, 9), (0, 1)],
        # 1 h: January 7 of 8; the crossing ticket breaches on Monday 09:30 (in
        # February, with the 40 min one met).
        H: [(7, 8), (1, 2)],
        # 2 h: all met, the crossing ticket at its reply (February).
        2 * H: [(8, 8), (2, 2)],
    }
    assert group.candidates[0].periods[0].attainment == Decimal(500) / Decimal(9)
    assert group.candidates[1].attainment == Decimal(80)


def test_tables_equal_objects() -> None:
    objects = jan_feb(ten_tickets())
    for like in ("pandas", "polars", "pyarrow", "numpy"):
        table = sla.tickets_to_table(ten_tickets(), like=like)
        assert jan_feb(table) == objects


def test_suggest_takes_the_smallest_target_met_often_enough() -> None:
    b = jan_feb(ten_tickets())
    [found] = b.suggest(95)
    assert (found.target, found.met, found.needed, found.of) == (2 * H, 2, 1, 2)
    [found] = b.suggest(50, 2)
    assert (found.target, found.met) == (H, 2)
    [found] = b.suggest(50, 1, of=1)  # February alone: 1 h gives 50 %
    assert found.target == H
    [found] = b.suggest(100, 2, of=2)
    assert found.target == 2 * H
    strict = jan_feb(ten_tickets(), targets=[30 * M])
    [found] = strict.suggest(95)
    assert (found.target, found.met) == (None, 0)


def test_given_targets_replace_the_ladder() -> None:
    b = jan_feb(ten_tickets(), targets=[H, 45 * M])
    assert [c.target for c in b.group(*KEY).candidates] == [45 * M, H]
    # 45 min: January 6 of 8 and the crossing ticket late (Monday 09:15).
    assert figures(b.group(*KEY))[45 * M] == [(6, 8), (1, 2)]
    by_metric = jan_feb(ten_tickets(), targets={"first_response": [2 * H]})
    assert [c.target for c in by_metric.group(*KEY).candidates] == [2 * H]
    other = jan_feb(ten_tickets(), targets={sla.Metric.RESOLUTION: [2 * H]})
    assert len(other.group(*KEY).candidates) == 3  # the ladder


def test_now_cuts_the_history() -> None:
    b = jan_feb(ten_tickets(), now=at(2026, 2, 2, 9, 20), targets=[30 * M, H])
    group = b.group(*KEY)
    # By 09:20 on 2 February the crossing ticket runs (50 min so far) and the
    # February one does not exist yet: 30 min is breached (on Friday, in
    # January), 1 h is not yet (it counts nowhere).
    assert figures(group)[30 * M] == [(5, 9), (0, 0)]
    assert figures(group)[H] == [(7, 8), (0, 0)]
    assert group.count == 8  # the crossing one has not stopped
    # The ladder of the eight stopped: p50 20 min, p80 1 h, p90 and p95 1 h 30.
    ladder = jan_feb(ten_tickets(), now=at(2026, 2, 2, 9, 20)).group(*KEY)
    assert [c.target for c in ladder.candidates] == [20 * M, H, 2 * H]


def test_weekly_periods_and_zone() -> None:
    b = sla.baseline(
        DESK,
        ten_tickets(),
        start=date(2026, 1, 26),
        end=date(2026, 2, 9),
        period="weekly",
        tz="Europe/Berlin",
    )
    assert [s.isoformat() for s, _ in b.periods] == [
        "2026-01-26T00:00:00+01:00",
        "2026-02-02T00:00:00+01:00",
    ]
    group = b.group(*KEY)
    assert group.count == 2  # the crossing one and the February one
    assert figures(group)[H] == [(0, 0), (1, 2)]


def test_tickets_no_policy_selects_are_left_out() -> None:
    only_vip = sla.Policy(
        "vip",
        {"high": sla.Targets(first_response=H)},
        condition=sla.Equals("plan", "gold"),
    )
    assert jan_feb_with(only_vip).groups == ()


def jan_feb_with(policy: sla.Policy) -> sla.Baseline:
    return sla.baseline(
        policy, ten_tickets(), start=date(2026, 1, 1), end=date(2026, 3, 1)
    )


def test_outputs() -> None:
    b = jan_feb(ten_tickets())
    table = b.table(like="pandas")
    assert list(table.columns) == [
        "policy",
        "priority",
        "metric",
        "target",
        "current",
        "period_start",
        "period_end",
        "met",
        "count",
        "attainment",
    ]
    assert len(table) == 3 * 2
    assert table["attainment"].tolist()[2:4] == [Decimal("87.5"), Decimal(50)]
    summary = b.summary_table(like="numpy")
    assert summary["periods_met"].tolist() == [0, 0, 2]
    assert summary["worst"].tolist() == [Decimal(0), Decimal(50), Decimal(100)]
    dist = b.distribution_table(like="polars")
    assert dist.columns == [
        "policy",
        "priority",
        "metric",
        "count",
        "p50",
        "p80",
        "p90",
        "p95",
        "current",
    ]
    text = b.markdown()
    assert "## desk / high / first_response" in text
    assert "| 1h (current) | 87.5 | 50.0 | 0 of 2 | 80.0 |" in text
    assert "| 30m | 55.6 | 0.0 | 0 of 2 | 50.0 |" in text
    assert "Suggested: 2h (reached 95 % in 2 of the last 2 periods)." in text
    assert "10 cycles: p50 30m, p80 1h, p90 1h30m, p95 1h30m." in text


def test_a_window_without_cycles_shows_dashes() -> None:
    b = sla.baseline(DESK, ten_tickets(), start=date(2026, 3, 1), end=date(2026, 4, 1))
    group = b.group(*KEY)  # measured at `now`, but nothing in March
    assert (group.count, group.percentiles) == (0, ())
    assert [c.target for c in group.candidates] == [H]  # only the current
    text = b.markdown()
    assert "0 cycles." in text
    assert "| 1h (current) | - | 0 of 1 | - |" in text
    assert "Suggested: none of these targets reached 95 % in 1 of the last 1" in text
    with pytest.raises(sla.SlaError, match="has no group 'desk / low'"):
        b.group("desk", "low")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"start": date(2026, 1, 2)}, "is not the start of a monthly period"),
        ({"end": date(2025, 12, 1)}, "must come after start"),
        ({"percentiles": [101]}, "percentiles\\[0\\] must be from 0 to 100"),
        ({"percentiles": []}, "at least one percentile"),
        ({"goal": -1}, "goal must be from 0 to 100"),
        ({"targets": [-H]}, "targets\\[0\\] must not be negative"),
        ({"targets": []}, "at least one target"),
        ({"targets": {"first_reply": [H]}}, "metric 'first_reply'"),
        ({"period": "daily"}, "period must be one of"),
    ],
)
def test_bad_arguments_name_what(kw: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"start": date(2026, 1, 1), "end": date(2026, 3, 1)}
    args.update(kw)
    with pytest.raises(sla.SlaError, match=match):
        sla.baseline(DESK, ten_tickets(), **args)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(sla.SlaError, match="policies must be a Policy"):
        sla.baseline("desk", [], start=date(2026, 1, 1), end=date(2026, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(sla.SlaError, match="at least one policy"):
        sla.baseline([], [], start=date(2026, 1, 1), end=date(2026, 2, 1))
    with pytest.raises(sla.SlaError, match=r"policies\[0\] must be a Policy"):
        sla.baseline([1], [], start=date(2026, 1, 1), end=date(2026, 2, 1))  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"tickets\[1\] must be a Ticket"):
        sla.baseline(
            DESK, [ten_tickets()[0], 3], start=date(2026, 1, 1), end=date(2026, 2, 1)
        )
    with pytest.raises(sla.SlaError, match="tickets must be a table or Ticket"):
        sla.baseline(DESK, "T-1", start=date(2026, 1, 1), end=date(2026, 2, 1))
    with pytest.raises(sla.NaiveDatetimeError):
        jan_feb(ten_tickets(), now=datetime(2026, 2, 1))


def test_suggest_arguments() -> None:
    b = jan_feb(ten_tickets())
    with pytest.raises(sla.SlaError, match="periods must be from 1 to 2"):
        b.suggest(95, 3)
    with pytest.raises(sla.SlaError, match="of must be from 1 to 2"):
        b.suggest(95, of=0)
    with pytest.raises(TypeError, match="periods must be an int"):
        b.suggest(95, 1.5)  # type: ignore[arg-type]


def test_helpers() -> None:
    assert round_up(0) == timedelta(seconds=1)
    assert round_up(59_000_001) == timedelta(seconds=60)
    assert round_up(60_000_001) == timedelta(minutes=2)
    assert round_up(3_600_000_000) == H
    assert round_up(3_600_000_001) == 2 * H
    assert to_percentiles("95,50") == (Decimal(50), Decimal(95))
    assert to_targets(H, "targets") == (H,)  # type: ignore[arg-type]
    b = jan_feb(ten_tickets())
    group = b.group(*KEY)
    assert group.percentile("99") is None
    assert group.candidate(H) is group.candidates[1]
    assert group.candidate(3 * H) is None
