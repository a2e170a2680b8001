"""The `slacore` command line, run in-process through `main(argv)`.

Every command, option and mistake goes through `slacore._cli.main` with stdout and
stderr captured; `TestConsoleScript` runs the installed console script in a real
process for what only a process shows (the entry points, argparse's own exit, a
reader that closes the pipe).
"""

from __future__ import annotations

import csv
import decimal
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slacore import (
    Dataset,
    Metric,
    TimerState,
    _cli,
    load,
    measure_many,
    read_contacts,
    read_outages,
    read_records,
    read_responses,
    read_tickets,
    tickets_to_table,
)
from slacore._cli import FORMATS
from slacore._instants import read_instant

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CSV = DATA / "csv"
AGREEMENTS = DATA / "agreements"
DEMO = ROOT / "src" / "slacore" / "_demo" / "agreement.toml"
SCRIPT = Path(sys.executable).parent / "slacore"
LEADS = """
name = "Leads"
kind = "internal"
tz = "Europe/Berlin"
effective_from = 2026-09-01
review_every = "2 months"
fee = "FEE"
at_risk = "5"
earn_back = 1
termination = { consecutive_misses = 2 }
parties = [
    { name = "Marketing", role = "provider" },
    { name = "Sales", role = "customer" },
]

[[objectives]]
name = "leads"
goal = 50
measure = { type = "volume" }
credit = { type = "breach_count", min_breaches = 1, percent = "10" }
"""


def call(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `slacore ARGS` in this process: (exit code, stdout, stderr)."""
    code = _cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run(*args: str | Path, script: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `slacore ARGS` (the console script) in a new process."""
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "slacore"]
    return subprocess.run(  # noqa: S603 - our own console script, our arguments
        [*command, *map(str, args)], capture_output=True, text=True, check=False
    )


def data_options() -> list[str | Path]:
    return [
        "--tickets",
        CSV / "tickets.csv",
        "--outages",
        CSV / "outages.csv",
        "--contacts",
        CSV / "contacts.csv",
        "--responses",
        CSV / "responses.csv",
        "--records",
        CSV / "records.csv",
    ]


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    """A yearly-reviewed leads agreement with caps, earn-back and termination."""
    path = tmp_path / "leads.toml"
    path.write_text(LEADS.replace("FEE", "1000"), encoding="utf-8")
    return path


class TestConsoleScript:
    """The few things only a real process shows."""

    def test_demo(self) -> None:
        """`slacore demo` reports the bundled agreement over the bundled data."""
        done = run("demo")
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert "credit owed:      11 % of the fee = 1375.00" in done.stdout

    def test_as_module(self) -> None:
        """`python -m slacore demo` does the same."""
        done = run("demo", script=False)
        assert done.returncode == 0
        assert "credit owed" in done.stdout

    def test_usage_mistake_exits_2(self) -> None:
        """argparse's own mistakes end the process with exit code 2, no traceback."""
        done = run("report", DEMO, "--colour")
        assert done.returncode == 2
        assert "unrecognized arguments: --colour" in done.stderr
        assert "Traceback" not in done.stderr

    def test_closed_pipe(self) -> None:
        """A reader that leaves early (`| head -1`) is not an error."""
        done = subprocess.run(  # noqa: S602 - a fixed pipeline with our own script
            f"'{SCRIPT}' demo | head -1",
            shell=True,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0
        assert done.stderr == ""
        assert done.stdout.startswith("slacore demo")


class TestDemo:
    def test_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(capsys, "demo")
        assert code == 0, err
        assert err == ""
        assert "Acme Service for Globex: 2026-10-01 to 2026-11-01" in out
        assert "first response  77.7778    >= 90   NO     36         8         5" in out
        assert "credit owed:      11 % of the fee = 1375.00" in out


class TestValidate:
    def test_valid_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(
            capsys, "validate", AGREEMENTS / "support.toml", AGREEMENTS / "cloud.json"
        )
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith(f"{AGREEMENTS / 'support.toml'}: ok: customer")
        assert "objectives" in lines[0]
        assert "1 objective" not in out  # cloud.json has several

    def test_every_problem_is_listed(self, capsys: pytest.CaptureFixture[str]) -> None:
        bad = AGREEMENTS / "several-problems.toml"
        code, out, err = call(capsys, "validate", AGREEMENTS / "support.toml", bad)
        assert code == 1
        assert out.count(": ok:") == 1
        problems = [line for line in err.splitlines() if line.startswith("  ")]
        assert len(problems) >= 2
        assert all("line " in line or ":" in line for line in problems)
        assert str(bad) in err

    @pytest.mark.parametrize(
        "name",
        [
            "typo-key.toml",
            "goal-over-100.toml",
            "bad-duration.toml",
            "naive-datetime.toml",
            "syntax-error.toml",
            "wrong-types.json",
        ],
    )
    def test_each_class_of_bad_file(
        self, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        code, out, err = call(capsys, "validate", AGREEMENTS / name)
        assert code == 1
        assert err.startswith(f"error: {AGREEMENTS / name}: ")
        assert out == ""

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys, "validate", DATA / "nope.toml")
        assert code == 1
        assert "nope.toml: no such file" in err

    def test_a_folder(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys, "validate", DATA)
        assert code == 1
        assert err.startswith("error: ")

    def test_goal_over_100_names_the_field(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _, _, err = call(capsys, "validate", AGREEMENTS / "goal-over-100.toml")
        assert "goal" in err


class TestReport:
    @pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
    def test_formats(self, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
        code, out, err = call(
            capsys,
            "report",
            DEMO,
            *data_options(),
            "--period",
            "2026-10",
            "--format",
            fmt,
        )
        assert code == 0, err
        if fmt == "json":
            reports = json.loads(out)
            assert len(reports) == 1
            assert reports[0]["credit_amount"] == "1375.00"
            assert reports[0]["period_start"] == "2026-10-01T00:00:00+02:00"
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert [row["objective"] for row in rows][:2] == [
                "first response",
                "resolution",
            ]
            assert rows[0]["met"] == "False"
        elif fmt == "markdown":
            assert out.startswith(
                "## Acme Service for Globex: 2026-10-01 to 2026-11-01"
            )
        else:
            assert "credit owed:      11 % of the fee = 1375.00" in out

    @pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
    def test_formats_are_reports_own(
        self, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        """The CLI prints what `Report`'s renderers give, periods one after another."""
        code, out, err = call(
            capsys,
            "report",
            DEMO,
            *data_options(),
            "--from",
            "2026-10",
            "--to",
            "2026-11",
            "--now",
            "2026-11-02T00:00+01:00",
            "--format",
            fmt,
        )
        assert code == 0, err
        data = Dataset(
            tickets=read_tickets(CSV / "tickets.csv"),
            outages=read_outages(CSV / "outages.csv"),
            contacts=read_contacts(CSV / "contacts.csv"),
            responses=read_responses(CSV / "responses.csv"),
            records=read_records(CSV / "records.csv"),
        )
        reports = load(DEMO).evaluate_range(
            data,
            read_instant("2026-10-01T00:00+02:00", None),
            read_instant("2026-12-01T00:00+01:00", None),
            now=read_instant("2026-11-02T00:00+01:00", None),
        )
        if fmt == "table":
            assert out == "\n".join(report.to_text() for report in reports)
            assert "(so far, as of 2026-11-02T00:00:00+01:00)" in out
            assert "\n\nAcme Service for Globex: 2026-11-01 to 2026-12-01" in out
        elif fmt == "markdown":
            assert out == "\n".join(report.to_markdown() for report in reports)
        elif fmt == "json":
            assert json.loads(out) == [report.to_dict() for report in reports]
        else:
            rows = list(csv.DictReader(io.StringIO(out)))
            assert len(rows) == sum(len(report.rows()) for report in reports)

    def test_range_and_now(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(
            capsys,
            "report",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--from",
            "2026-10",
            "--to",
            "2026-11",
            "--now",
            "2026-11-10T12:00",
            "--format",
            "json",
        )
        assert code == 0, err
        october, november = json.loads(out)
        assert october["complete"] is True
        assert november["complete"] is False
        assert november["now"] == "2026-11-10T12:00:00+01:00"

    def test_now_may_be_a_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A date is the first instant of that day in the zone."""
        code, out, err = call(
            capsys, "report", DEMO, "--period", "2026-11", "--now", "2026-11-10"
        )
        assert code == 0, err
        assert "(so far, as of 2026-11-10T00:00:00+01:00)" in out

    def test_default_period_is_the_last_one_ended(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = call(capsys, "report", DEMO, "--now", "2026-11-05T00:00+01:00")
        assert code == 0, err
        assert "2026-10-01 to 2026-11-01" in out

    def test_terms(self, capsys: pytest.CaptureFixture[str], leads: Path) -> None:
        """Caps, earn-back, termination and a review due show in the table."""
        code, out, err = call(
            capsys,
            "report",
            leads,
            "--from",
            "2026-09",
            "--to",
            "2026-11",
            "--records",
            CSV / "records.csv",
        )
        assert code == 0, err
        september, october, november = out.split("\n\nLeads: ")
        assert (
            "credit owed:      5 % of the fee = 50.00 (capped by at risk)" in september
        )
        assert "earned back:      50.00" in october  # 80 leads in October: met
        assert "next review:      2026-11-01" in october
        assert "termination" not in october
        assert "(due this period)" in november
        code, out, err = call(
            capsys,
            "report",
            leads,
            "--from",
            "2026-11",
            "--to",
            "2026-12",
            "--records",
            CSV / "records.csv",
        )
        assert code == 0, err
        assert "termination:      may terminate (missed 2026-11-01, 2026-12-01)" in out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--period", "2026-13"], "--period"),
            (["--period", "2026-02-30"], "day is out of range"),
            (["--period", "october"], "is not a period"),
            (["--period", "2026-W41"], "does not start a monthly period"),
            (["--period", "2026-10", "--from", "2026-10"], "cannot be combined"),
            (["--period", "2026-10", "--to", "2026-11"], "cannot be combined"),
            (["--from", "2026-10"], "go together"),
            (["--to", "2026-11"], "go together"),
            (["--now", "yesterday"], "--now"),
            (["--tz", "Mars/Base"], "--tz"),
        ],
    )
    def test_usage_mistakes(
        self, capsys: pytest.CaptureFixture[str], args: list[str], message: str
    ) -> None:
        code, _, err = call(capsys, "report", DEMO, *args)
        assert code == 2
        assert message in err
        assert "usage: slacore" in err

    def test_regression_reversed_range(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Regression (fuzzing): `--from 2026-10 --to 2026-01` exited 0 and printed
        nothing. A reversed range is a usage mistake naming both options."""
        code, out, err = call(
            capsys,
            "report",
            AGREEMENTS / "cloud.json",
            "--from",
            "2026-10",
            "--to",
            "2026-01",
        )
        assert (code, out) == (2, "")
        assert (
            "slacore: error: --from 2026-10 comes after --to 2026-01: the range holds "
            "no period\n"
        ) in err

    def test_one_period_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--from P --to P` is the one period P."""
        code, out, err = call(
            capsys, "report", DEMO, "--from", "2026-10", "--to", "2026-10"
        )
        assert code == 0, err
        assert out.count("Acme Service for Globex: ") == 1

    @pytest.mark.parametrize("token", ["9999-12", "9999-11"])
    def test_regression_period_past_9999(
        self, capsys: pytest.CaptureFixture[str], token: str
    ) -> None:
        """Regression (fuzzing): `--period 9999-12` printed a traceback (a bare
        ValueError from `Period.bounds`). It is one line and exit 1, before any
        period is measured; 9999-11 needs the next period's start, past 9999."""
        code, out, err = call(capsys, "report", DEMO, "--period", token)
        assert (code, out) == (1, "")
        assert err == (
            "error: the monthly period starting 9999-12-01 ends after 9999-12-31, "
            "outside the years a datetime can hold (1-9999)\n"
        )

    def test_period_before_year_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys, "report", DEMO, "--period", "0001-01")
        assert code == 1
        assert err.startswith("error: ")
        assert "outside the years" in err

    @pytest.mark.parametrize(
        ("now", "message"),
        [
            (
                "2026-03-29T02:30",
                (
                    "slacore: error: --now: '2026-03-29T02:30': does not exist in "
                    "Europe/Berlin: the clocks skip it (expected a UTC offset: +01:00 "
                    "(before the change) or +02:00 (after it))\n"
                ),
            ),
            (
                "2026-10-25T02:30",
                (
                    "slacore: error: --now: '2026-10-25T02:30': ambiguous in "
                    "Europe/Berlin: the clocks go back over it (expected a UTC offset: "
                    "+02:00 (the first time) or +01:00 (the second))\n"
                ),
            ),
        ],
    )
    def test_regression_skipped_and_repeated_now(
        self, capsys: pytest.CaptureFixture[str], now: str, message: str
    ) -> None:
        """Regression (fuzzing): the CLI silently read a wall time the clocks skip.
        Read by the one instant reader, such a `--now` is a usage mistake."""
        code, _, err = call(capsys, "report", DEMO, "--period", "2026-10", "--now", now)
        assert code == 2
        assert err.endswith(message)

    def test_with_its_offset_a_repeated_wall_time_reads(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = call(
            capsys,
            "report",
            DEMO,
            "--period",
            "2026-10",
            "--now",
            "2026-10-25T02:30+01:00",
            "--format",
            "json",
        )
        assert code == 0, err
        assert json.loads(out)[0]["now"] == "2026-10-25T02:30:00+01:00"

    def test_bad_csv_rows_are_reported_with_lines(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = CSV / "tickets_bad.csv"
        code, _, err = call(
            capsys, "report", DEMO, "--tickets", bad, "--period", "2026-10"
        )
        assert code == 1
        lines = err.splitlines()
        assert lines[0].startswith(f"error: {bad}: 11 problems")
        assert all(line.startswith("  line ") for line in lines[1:])

    def test_naive_csv_needs_a_zone(self, capsys: pytest.CaptureFixture[str]) -> None:
        args: list[str | Path] = [
            "report",
            DEMO,
            "--tickets",
            CSV / "tickets_naive.csv",
            "--period",
            "2026-10",
        ]
        code, _, err = call(capsys, *args)
        assert code == 1
        assert "no UTC offset, and no time zone is stated" in err
        code, _, err = call(capsys, *args, "--tz", "Europe/Berlin")
        assert code == 0, err

    def test_period_outside_the_agreement(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = call(capsys, "report", DEMO, "--period", "2026-09")
        assert (code, out) == (1, "")
        assert "outside agreement" in err
        assert err.count("\n") == 1  # one line

    def test_bad_agreement(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(
            capsys, "report", AGREEMENTS / "typo-key.toml", "--period", "2026-10"
        )
        assert code == 1
        assert err.startswith(f"error: {AGREEMENTS / 'typo-key.toml'}: ")

    def test_missing_agreement(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys, "report", DATA / "nope.toml")
        assert (code, err) == (1, f"error: {DATA / 'nope.toml'}: no such file\n")

    def test_regression_fee_too_large_to_compute(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Regression (fuzzing): a fee of 1E+30 loaded, then the credit computation
        raised `decimal.InvalidOperation`, which the CLI printed as a traceback.
        The fee is now refused where the file is read, with its line."""
        path = tmp_path / "huge.toml"
        path.write_text(LEADS.replace("FEE", "1E+30"), encoding="utf-8")
        code, out, err = call(capsys, "report", path, "--period", "2026-09")
        assert (code, out) == (1, "")
        assert err == (
            f"error: {path}: 1 problem\n"
            "  line 7: fee: fee must be below 1,000,000,000,000,000, got 1E+30 "
            '(found "1E+30")\n'
        )

    def test_arithmetic_errors_are_one_line(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Any `ArithmeticError` from a command is one line and exit 1."""

        def overflow(*_args: object) -> int:
            raise decimal.Overflow([decimal.Overflow])

        monkeypatch.setitem(_cli._COMMANDS, "report", overflow)
        code, _, err = call(capsys, "report", DEMO)
        assert code == 1
        assert err == (
            "error: a number is too large or too precise to compute with "
            "(Overflow); check the amounts in the agreement and the data\n"
        )

    def test_progress_on_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(_cli, "PROGRESS_ROWS", 1)
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        code, _, err = call(
            capsys,
            "report",
            DEMO,
            "--records",
            CSV / "records.csv",
            "--period",
            "2026-10",
        )
        assert code == 0
        assert err == ""  # the reader reports every 10,000 rows: none here


class TestCalendarArithmetic:
    def test_due_with_a_spec(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(
            capsys,
            "due",
            "--calendar",
            "mon-fri 09:00-17:00",
            "--tz",
            "Europe/Berlin",
            "--holidays",
            "DE-BY",
            "--start",
            "2026-04-02T14:00",
            "--in",
            "8h",
        )
        assert code == 0, err
        assert out == "2026-04-07T14:00:00+02:00\n"  # Easter skipped

    def test_due_in_utc_with_country_holidays(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = call(
            capsys,
            "due",
            "--calendar",
            "mon-fri 09:00-17:00",
            "--holidays",
            "DE",
            "--start",
            "2026-10-02T16:00Z",
            "--in",
            "2h",
        )
        assert (code, out) == (0, "2026-10-05T10:00:00+00:00\n")

    def test_due_with_an_agreement_calendar(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = call(
            capsys,
            "due",
            "--calendar",
            f"{AGREEMENTS / 'support.toml'}:office",
            "--start",
            "2026-12-23T17:00+01:00",
            "--in",
            "6h",
        )
        assert code == 0, err
        # 23 Dec 17-18, 24 Dec short day 08-12, then the holidays: 28 Dec 08-09.
        assert out == "2026-12-28T09:00:00+01:00\n"

    def test_between(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(
            capsys,
            "between",
            "--calendar",
            "mon-fri 09:00-17:00",
            "--start",
            "2026-10-02T16:00Z",
            "--end",
            "2026-10-05T10:30Z",
        )
        assert code == 0, err
        assert out == "2h30m\n"

    def test_between_in_the_files_one_calendar(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without an offset, instants are read in the calendar's zone."""
        code, out, _ = call(
            capsys,
            "between",
            "--calendar",
            f"{DEMO}",
            "--start",
            "2026-10-02T16:00",
            "--end",
            "2026-10-05T10:30",
        )
        assert (code, out) == (0, "4h30m\n")  # the file's one calendar, 08-18 Berlin

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--calendar", "mon-fri 09:00-17:00", "--start", "2026-10-02T16:00"],
                "no UTC offset",
            ),
            (
                ["--calendar", "mon-fri 09:00-17:00", "--start", "2026-10-02"],
                "a date, and no time zone is stated",
            ),
            (
                [
                    "--calendar",
                    "mon-fri 09:00-17:00",
                    "--start",
                    "2026-10-02T16:00Z",
                    "--in",
                    "soon",
                ],
                "--in",
            ),
            (
                [
                    "--calendar",
                    f"{AGREEMENTS / 'support.toml'}",
                    "--start",
                    "2026-10-02T16:00Z",
                    "--in",
                    "1h",
                ],
                ":NAME",
            ),
            (
                [
                    "--calendar",
                    f"{AGREEMENTS / 'support.toml'}:nope",
                    "--start",
                    "2026-10-02T16:00Z",
                    "--in",
                    "1h",
                ],
                "no calendar 'nope'",
            ),
            (
                [
                    "--calendar",
                    "mon-fri 09:00-17:00",
                    "--holidays",
                    "XX",
                    "--start",
                    "2026-10-02T16:00Z",
                    "--in",
                    "1h",
                ],
                "--holidays",
            ),
            (
                [
                    "--calendar",
                    "mon 09:00-10:00",
                    "--holidays",
                    "DE-XX",
                    "--start",
                    "2026-10-02T16:00Z",
                ],
                "--holidays: country 'DE' has no subdivision 'XX'",
            ),
            (
                [
                    "--calendar",
                    "mon-fri 09:00-17:00",
                    "--tz",
                    "Europe/Berlin",
                    "--start",
                    "2026-03-29T02:30",
                ],
                "--start: '2026-03-29T02:30': does not exist in Europe/Berlin",
            ),
        ],
    )
    def test_due_mistakes(
        self, capsys: pytest.CaptureFixture[str], args: list[str], message: str
    ) -> None:
        if "--in" not in args:
            args = [*args, "--in", "1h"]
        code, _, err = call(capsys, "due", *args)
        assert code == 2
        assert message in err

    def test_regression_between_refuses_a_repeated_end(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Regression (fuzzing): `--end` in a DST fold was silently read."""
        code, _, err = call(
            capsys,
            "between",
            "--calendar",
            "mon-sun 00:00-24:00",
            "--tz",
            "Europe/Berlin",
            "--start",
            "2026-10-24T00:00",
            "--end",
            "2026-10-25T02:30",
        )
        assert code == 2
        assert "--end: '2026-10-25T02:30': ambiguous in Europe/Berlin" in err

    def test_bad_spec_is_invalid_input(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = call(
            capsys,
            "due",
            "--calendar",
            "mon-fri 17:00-09:00x",
            "--start",
            "2026-10-02T16:00Z",
            "--in",
            "1h",
        )
        assert code == 1
        assert err.startswith("error: ")
        assert err.count("\n") == 1


class TestMeasure:
    ARGS = (
        "measure",
        DEMO,
        "--tickets",
        CSV / "tickets.csv",
        "--now",
        "2026-10-30T12:00",
    )

    def test_sorted_by_urgency(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(capsys, *self.ARGS, "--format", "csv")
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows
        breached = [row for row in rows if row["breached_at"]]
        running = [row for row in rows if not row["breached_at"] and row["due"]]
        assert rows[: len(breached)] == breached
        assert [r["due"] for r in running] == sorted(
            (r["due"] for r in running), key=lambda t: read_instant(t, None)
        )
        assert {row["state"] for row in rows} <= {"running", "paused"}

    def test_table_and_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = call(capsys, *self.ARGS)
        assert code == 0, err
        assert out.splitlines()[0].split() == list(_cli.MEASURE_COLUMNS)
        assert " over" in out  # overdue clocks say by how much
        code, out, _ = call(capsys, *self.ARGS, "--format", "json")
        data = json.loads(out)
        assert {"ticket", "metric", "due", "remaining"} <= set(data[0])

    def test_the_same_as_measure_many(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every open clock `measure_many` finds is a row, and nothing else is."""
        berlin = ZoneInfo("Europe/Berlin")
        agreement = load(DEMO)
        now = read_instant("2026-10-30T12:00", berlin)
        expected = {
            (str(ticket.id), measurement.policy, metric.value)
            for ticket, measurement in measure_many(
                agreement.policies, read_tickets(CSV / "tickets.csv"), now
            )
            if measurement is not None
            for metric, statuses in measurement.cycles
            if statuses[-1].state in {TimerState.RUNNING, TimerState.PAUSED}
        }
        _, out, _ = call(capsys, *self.ARGS, "--format", "json")
        found = {
            (row["ticket"], row["policy"], row["metric"]) for row in json.loads(out)
        }
        assert found == expected
        assert {metric for *_, metric in found} <= {m.value for m in Metric}

    def test_nothing_open(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = call(
            capsys,
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-01T00:00",
        )
        assert code == 0
        assert out.startswith("no open clocks at 2026-10-01T00:00:00+02:00")

    def test_needs_policies(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(
            capsys,
            "measure",
            AGREEMENTS / "cloud.json",
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00Z",
        )
        assert code == 2
        assert "no policies" in err


class TestUsage:
    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys)
        assert code == 2
        assert "usage: slacore" in err

    def test_unknown_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = call(capsys, "report", DEMO, "--colour")
        assert code == 2
        assert "unrecognized arguments: --colour" in err

    def test_help_lists_exit_codes(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = call(capsys, "--help")
        assert code == 0
        assert "exit codes: 0 success, 1 invalid input" in out

    def test_closed_pipe(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """A write to a closed pipe ends the command with exit 0."""
        target = (tmp_path / "out").open("w")

        class Closed(io.StringIO):
            def write(self, _text: str) -> int:
                raise BrokenPipeError

            def fileno(self) -> int:
                return target.fileno()

        monkeypatch.setattr(sys, "stdout", Closed())
        code = _cli.main(
            [
                "due",
                "--calendar",
                "mon 09:00-10:00",
                "--start",
                "2026-10-02T16:00Z",
                "--in",
                "1h",
            ]
        )
        target.close()
        assert code == 0


class TestHelpers:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_progress_only_on_a_terminal_and_for_big_inputs(self) -> None:
        assert _cli._progress("x.csv", io.StringIO()) is None
        err = self.Terminal()
        show = _cli._progress("x.csv", err)
        assert show is not None
        show(10_000)
        assert err.getvalue() == ""
        show.done()
        assert err.getvalue() == ""
        show(120_000)
        show.done()
        assert err.getvalue() == "\rreading x.csv: 120,000 rows\n"

    def test_measuring_progress_for_many_tickets(self) -> None:
        err = self.Terminal()
        show = _cli._progress("measuring", err)
        assert show is not None
        show.measured(50_000, 50_000)
        assert err.getvalue() == ""
        show.measured(65_536, 150_000)
        show.measured(150_000, 150_000)
        show.done()
        assert err.getvalue() == (
            "\rmeasuring: 65,536 of 150,000 tickets"
            "\rmeasuring: 150,000 of 150,000 tickets\n"
        )

    def test_measure_shows_its_progress_on_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        pytest.importorskip("pyarrow")
        monkeypatch.setattr(_cli, "PROGRESS_ROWS", 1)
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        code, out, err = call(
            capsys,
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00",
        )
        assert code == 0
        assert out
        assert err.startswith("\rmeasuring: ")
        assert err.endswith(" tickets\n")

    def test_period_tokens(self) -> None:
        day = _cli._period_day
        assert day("2026", "x").isoformat() == "2026-01-01"
        assert day("2026-Q3", "x").isoformat() == "2026-07-01"
        assert day("2026-W41", "x").isoformat() == "2026-10-05"
        assert day("2026-10-17", "x").isoformat() == "2026-10-17"
        with pytest.raises(_cli._Usage, match="2026-W60"):
            day("2026-W60", "x")


# -- tables: Parquet inputs, CSV through pyarrow ---------------------------------------


@pytest.fixture
def no_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python without pyarrow: importing it fails, as where the extra is missing."""
    for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet", "pyarrow.compute"):
        monkeypatch.setitem(sys.modules, name, None)


def to_parquet(kind: str, folder: Path) -> Path:
    """The test data's CSV file of `kind` as a Parquet file of typed columns."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = CSV / f"{kind}.csv"
    rows: list[dict[str, object]]
    if kind == "tickets":
        table = tickets_to_table(read_tickets(source), like="pyarrow")
    else:
        if kind == "outages":
            rows = [
                {
                    "service": o.service,
                    "start": o.start,
                    "end": o.end,
                    "planned": o.planned,
                }
                for o in read_outages(source)
            ]
        elif kind == "contacts":
            rows = [
                {
                    "at": c.at,
                    "wait": c.wait,
                    "answered": c.answered,
                    "service": c.service,
                }
                for c in read_contacts(source)
            ]
        elif kind == "responses":
            rows = [
                {"at": r.at, "score": str(r.score), "service": r.service, **r.fields}
                for r in read_responses(source)
            ]
        else:
            rows = [dict(record) for record in read_records(source)]
        for row in rows:  # one zone per column
            for name, value in row.items():
                if isinstance(value, datetime):
                    row[name] = value.astimezone(UTC)
        names = list(dict.fromkeys(name for row in rows for name in row))
        table = pa.table({name: [row.get(name) for row in rows] for name in names})
    path = folder / f"{kind}.parquet"
    pq.write_table(table, path)
    return path


class TestTables:
    """Tickets as tables: the answers of CSV files, from Parquet and through pyarrow."""

    MEASURE = ("measure", DEMO, "--tickets", CSV / "tickets.csv")

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    @pytest.mark.parametrize(
        "now", ["2026-10-30T12:00", "2026-10-15T12:00Z", "2026-10-05T09:30+05:30"]
    )
    def test_measure_with_and_without_arrow(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        fmt: str,
        now: str,
    ) -> None:
        pytest.importorskip("pyarrow")
        args = (*self.MEASURE, "--now", now, "--format", fmt)
        code, with_arrow, err = call(capsys, *args)
        assert code == 0, err
        for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet"):
            monkeypatch.setitem(sys.modules, name, None)
        code, without, err = call(capsys, *args)
        assert code == 0, err
        assert with_arrow == without
        assert with_arrow.count("\n") > 3

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_report_with_and_without_arrow(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        fmt: str,
    ) -> None:
        pytest.importorskip("pyarrow")
        args = ("report", DEMO, *data_options(), "--period", "2026-10", "--format", fmt)
        code, with_arrow, err = call(capsys, *args)
        assert code == 0, err
        for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet"):
            monkeypatch.setitem(sys.modules, name, None)
        code, without, err = call(capsys, *args)
        assert code == 0, err
        assert with_arrow == without

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_report_from_parquet(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
    ) -> None:
        """Every input as Parquet gives the report the CSV files give."""
        options: list[str | Path] = []
        for kind in _cli.DATA_KINDS:
            options += [f"--{kind}", to_parquet(kind, tmp_path)]
        tail = ("--from", "2026-10", "--to", "2026-11", "--format", fmt)
        code, from_csv, err = call(capsys, "report", DEMO, *data_options(), *tail)
        assert code == 0, err
        code, from_parquet, err = call(capsys, "report", DEMO, *options, *tail)
        assert code == 0, err
        assert from_parquet == from_csv

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_measure_from_parquet(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
    ) -> None:
        path = to_parquet("tickets", tmp_path)
        tail = ("--now", "2026-10-30T12:00", "--format", fmt)
        code, from_csv, _ = call(capsys, *self.MEASURE, *tail)
        assert code == 0
        code, from_parquet, err = call(
            capsys, "measure", DEMO, "--tickets", path, *tail
        )
        assert code == 0, err
        assert from_parquet == from_csv

    @pytest.mark.usefixtures("no_arrow")
    @pytest.mark.parametrize("command", ["report", "measure"])
    def test_parquet_without_the_extra(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
    ) -> None:
        path = tmp_path / "tickets.parquet"
        path.write_bytes(b"PAR1")
        tail = ("--now", "2026-10-30T12:00") if command == "measure" else ()
        code, out, err = call(capsys, command, DEMO, "--tickets", path, *tail)
        assert code == 1
        assert out == ""
        assert err == (
            f"error: {path}: reading Parquet files needs pyarrow: "
            "pip install 'slacore[arrow]'\n"
        )

    @pytest.mark.parametrize("command", ["report", "measure"])
    @pytest.mark.parametrize("name", ["tickets_bad.csv", "tickets_naive.csv"])
    def test_bad_csv_errors_with_and_without_arrow(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        command: str,
        name: str,
    ) -> None:
        """A bad file's errors are the CSV reader's, by line, read either way."""
        pytest.importorskip("pyarrow")
        tail = ("--now", "2026-10-30T12:00Z") if command == "measure" else ()
        args = (command, DEMO, "--tickets", CSV / name, *tail)
        code, out, with_arrow = call(capsys, *args)
        assert (code, out) == (1, "")
        assert with_arrow.startswith(f"error: {CSV / name}: ")
        assert "  line " in with_arrow
        for module in ("pyarrow", "pyarrow.csv", "pyarrow.parquet"):
            monkeypatch.setitem(sys.modules, module, None)
        assert call(capsys, *args) == (1, "", with_arrow)

    @pytest.mark.parametrize("command", ["report", "measure"])
    def test_parquet_error_paths(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
    ) -> None:
        """Each bad Parquet input is one error naming the file, never a traceback."""
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        tail = ("--now", "2026-10-30T12:00Z") if command == "measure" else ()

        def run_with(path: Path, *more: str) -> tuple[int, str, str]:
            return call(capsys, command, DEMO, "--tickets", path, *tail, *more)

        not_parquet = tmp_path / "text.parquet"
        not_parquet.write_text("ticket_id,at,kind,value\n", encoding="utf-8")
        code, _, err = run_with(not_parquet)
        assert code == 1
        assert err.startswith(f"error: {not_parquet}: 1 problem\n  file: not a Parquet")

        code, _, err = run_with(tmp_path / "none.parquet")
        assert (code, err) == (1, f"error: {tmp_path / 'none.parquet'}: no such file\n")

        bad = tmp_path / "bad.parquet"
        pq.write_table(
            pa.table(
                {
                    "ticket_id": ["T-1", "T-2", "T-1"],
                    "at": [
                        "2026-10-05T09:00Z",
                        "2026-10-05T09:00Z",
                        "2026-10-05T08:00Z",
                    ],
                    "kind": ["created", "agent_reply", "status"],
                    "value": ["high", None, "solved"],
                }
            ),
            bad,
        )
        code, _, err = run_with(bad)
        assert code == 1
        assert err.startswith(f"error: {bad}: 2 problems\n")
        assert "  row 1: ticket_id: the ticket has no created row" in err
        assert "  row 2: at: before its ticket was created" in err

        naive = tmp_path / "naive.parquet"
        table = tickets_to_table(read_tickets(CSV / "tickets.csv"), like="pyarrow")
        at = table["at"].cast(pa.timestamp("us"))
        pq.write_table(table.set_column(1, "at", at), naive)
        code, _, err = run_with(naive)
        assert code == 1
        assert err.startswith(f"error: {naive}: 1 problem\n  at: naive datetimes")
        code, _, err = run_with(naive, "--tz", "UTC")
        assert code == 0, err

    def test_help_names_parquet(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = call(capsys, "measure", "--help")
        assert code == 0
        assert "Parquet" in out
