"""`slacore baseline`: the API's baseline of the demo's data, as Markdown, CSV and
JSON; mistakes as messages, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import slacore as sla
from slacore import _cli

DEMO = Path(sla.__file__).resolve().parent / "_demo"
AGREEMENT = DEMO / "agreement.toml"
TICKETS = DEMO / "tickets.csv"
OCTOBER = ("--start", "2026-10", "--end", "2026-11")


def call(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = _cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def api(**kw: object) -> sla.Baseline:
    agreement = sla.load(AGREEMENT)
    window = {"start": date(2026, 10, 1), "end": date(2026, 11, 1), "tz": agreement.tz}
    window.update(kw)
    return sla.baseline(agreement.policies, sla.read_tickets(TICKETS), **window)  # type: ignore[arg-type]


def test_markdown_is_the_api_s(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(
        capsys, "baseline", "--policy", AGREEMENT, "--tickets", TICKETS, *OCTOBER
    )
    assert (code, err) == (0, "")
    assert out == api().markdown()
    assert "## support / high / first_response" in out


def test_options_reach_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        capsys,
        "baseline",
        "--policy",
        AGREEMENT,
        "--tickets",
        TICKETS,
        "--start",
        "2026-09-28",
        "--end",
        "2026-11-02",
        "--period",
        "week",
        "--percentiles",
        "50,90",
        "--targets",
        "first_response=2h,4h",
        "--targets",
        "resolution=1d",
        "--goal",
        "90",
    )
    assert code == 0
    expected = api(
        start=date(2026, 9, 28),
        end=date(2026, 11, 2),
        period="weekly",
        percentiles=(50, 90),
        targets={
            "first_response": [timedelta(hours=2), timedelta(hours=4)],
            "resolution": [timedelta(days=1)],
        },
        goal=90,
    )
    assert out == expected.markdown()


def test_csv_tables(capsys: pytest.CaptureFixture[str]) -> None:
    base = ("baseline", "--policy", AGREEMENT, "--tickets", TICKETS, *OCTOBER)
    expected = api()
    code, out, _ = call(capsys, *base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == sum(len(g.candidates) for g in expected.groups)
    assert list(rows[0]) == [
        "policy",
        "priority",
        "metric",
        "target",
        "current",
        "periods",
        "periods_met",
        "met",
        "count",
        "attainment",
        "worst",
    ]
    first = expected.groups[0].candidates[0]
    assert rows[0]["target"] == sla.format_duration(first.target)
    assert rows[0]["attainment"] == str(first.attainment)
    _, out, _ = call(capsys, *base, "--format", "csv", "--table", "attainment")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["period_start"] == "2026-10-01T00:00:00+02:00"
    _, out, _ = call(capsys, *base, "--format", "csv", "--table", "distribution")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["count"] for r in rows] == [str(g.count) for g in expected.groups]
    assert "p95" in rows[0]


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        capsys,
        "baseline",
        "--policy",
        AGREEMENT,
        "--tickets",
        TICKETS,
        *OCTOBER,
        "--format",
        "json",
    )
    document = json.loads(out)
    expected = api()
    assert code == 0
    assert document["period"] == "monthly"
    assert document["method"] == "nearest-rank"
    assert len(document["groups"]) == len(expected.groups)
    group = document["groups"][0]
    assert [c["target"] for c in group["candidates"]] == [
        sla.format_duration(c.target) for c in expected.groups[0].candidates
    ]
    suggested = expected.suggest()[0].target
    assert group["suggested"] == (
        None if suggested is None else sla.format_duration(suggested)
    )


def test_contacts_and_outages(capsys: pytest.CaptureFixture[str]) -> None:
    tz = sla.load(AGREEMENT).tz
    window = {"start": date(2026, 10, 1), "end": date(2026, 11, 1), "tz": tz}
    code, out, _ = call(
        capsys,
        "baseline",
        "--contacts",
        DEMO / "contacts.csv",
        *OCTOBER,
        "--tz",
        "Europe/Berlin",
        "--targets",
        "20s,30s",
        "--goal",
        "80",
    )
    contacts = sla.read_contacts(DEMO / "contacts.csv")
    expected = sla.contact_baseline(
        contacts,
        thresholds=[timedelta(seconds=20), timedelta(seconds=30)],
        goal=80,
        **window,  # type: ignore[arg-type]
    )
    assert (code, out) == (0, expected.markdown())
    code, out, _ = call(
        capsys,
        "baseline",
        "--outages",
        DEMO / "outages.csv",
        "--policy",
        AGREEMENT,
        *OCTOBER,
    )
    outages = sla.read_outages(DEMO / "outages.csv")
    assert (code, out) == (0, sla.outage_baseline(outages, **window).markdown())  # type: ignore[arg-type]
    for fmt in ("csv", "json"):
        code, out, _ = call(
            capsys,
            "baseline",
            "--outages",
            DEMO / "outages.csv",
            *OCTOBER,
            "--format",
            fmt,
        )
        assert code == 0
        assert "api" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((*OCTOBER,), "give one of --tickets, --contacts or --outages"),
        (("--tickets", TICKETS, *OCTOBER), "--tickets needs --policy"),
        (
            ("--tickets", TICKETS, "--contacts", TICKETS, *OCTOBER),
            "give one of",
        ),
        (("--outages", TICKETS, *OCTOBER, "--targets", "1h"), "--targets and --goal"),
        (
            (
                "--contacts",
                DEMO / "contacts.csv",
                *OCTOBER,
                "--targets",
                "1h",
                "--targets",
                "2h",
            ),
            "one list for every group",
        ),
        (("--outages", TICKETS, *OCTOBER, "--tz", "Mars/Base"), "--tz:"),
        (("--outages", TICKETS, *OCTOBER, "--now", "soon"), "--now:"),
    ],
)
def test_usage_mistakes(
    capsys: pytest.CaptureFixture[str], args: tuple[object, ...], message: str
) -> None:
    code, _, err = call(capsys, "baseline", *args)
    assert code == 2
    assert message in err
    assert "usage: slacore baseline" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "Oct", "--end", "2026-11"), "'Oct' is not a date"),
        (("--start", "2026-13", "--end", "2026-11"), "month must be in 1..12"),
        ((*OCTOBER, "--period", "fortnight"), "'fortnight' is not a period"),
        ((*OCTOBER, "--percentiles", "50,101"), "must be from 0 to 100"),
        ((*OCTOBER, "--targets", "4 hours"), "bad duration"),
        ((*OCTOBER, "--targets=-1h"), "must not be negative"),
        ((*OCTOBER, "--goal", "x"), "goal"),
    ],
)
def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = call(capsys, "baseline", "--outages", TICKETS, *args)
    assert code == 2
    assert message in err


def test_bad_data_is_an_error_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "tickets.csv"
    bad.write_text("ticket_id,at,kind,value\nT-1,yesterday,created,high\n")
    code, _, err = call(
        capsys, "baseline", "--policy", AGREEMENT, "--tickets", bad, *OCTOBER
    )
    assert code == 1
    assert err.startswith("error: ")
    assert "tickets.csv" in err
    code, _, err = call(
        capsys,
        "baseline",
        "--policy",
        AGREEMENT,
        "--tickets",
        TICKETS,
        "--start",
        "2026-10-02",
        "--end",
        "2026-11",
    )
    assert code == 1
    assert "is not the start of a monthly period" in err
    code, _, err = call(
        capsys,
        "baseline",
        "--policy",
        tmp_path / "none.toml",
        "--tickets",
        TICKETS,
        *OCTOBER,
    )
    assert code == 1
    assert "none.toml" in err
