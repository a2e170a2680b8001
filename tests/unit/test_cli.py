"""The `slacore` command line, run as the real console script in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from slacore import _cli

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CSV = DATA / "csv"
AGREEMENTS = DATA / "agreements"
DEMO = ROOT / "src" / "slacore" / "_demo" / "agreement.toml"
SCRIPT = Path(sys.executable).parent / "slacore"


def run(*args: str | Path, script: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `slacore ARGS` (the console script) and capture its output."""
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


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr
    assert "Traceback" not in done.stdout


class TestDemo:
    def test_demo(self) -> None:
        """`slacore demo` reports the bundled agreement over the bundled data."""
        done = run("demo")
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        out = done.stdout
        assert "Acme Service for Globex: 2026-10-01 to 2026-11-01" in out
        assert "first response  77.7778    >= 90   NO     36         8         5" in out
        assert "credit owed:      11 % of the fee = 1375.00" in out

    def test_as_module(self) -> None:
        """`python -m slacore demo` does the same."""
        done = run("demo", script=False)
        assert done.returncode == 0
        assert "credit owed" in done.stdout

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


class TestValidate:
    def test_valid_files(self) -> None:
        done = run("validate", AGREEMENTS / "support.toml", AGREEMENTS / "cloud.json")
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith(f"{AGREEMENTS / 'support.toml'}: ok: customer")
        assert "objectives" in lines[0]

    def test_every_problem_is_listed(self) -> None:
        bad = AGREEMENTS / "several-problems.toml"
        done = run("validate", AGREEMENTS / "support.toml", bad)
        assert done.returncode == 1
        assert_no_traceback(done)
        assert done.stdout.count(": ok:") == 1
        problems = [line for line in done.stderr.splitlines() if line.startswith("  ")]
        assert len(problems) >= 2
        assert all("line " in line or ":" in line for line in problems)
        assert str(bad) in done.stderr

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
    def test_each_class_of_bad_file(self, name: str) -> None:
        done = run("validate", AGREEMENTS / name)
        assert done.returncode == 1
        assert_no_traceback(done)
        assert done.stderr.startswith(f"error: {AGREEMENTS / name}: ")
        assert done.stdout == ""

    def test_missing_file(self) -> None:
        done = run("validate", DATA / "nope.toml")
        assert done.returncode == 1
        assert_no_traceback(done)
        assert "nope.toml: no such file" in done.stderr

    def test_goal_over_100_names_the_field(self) -> None:
        done = run("validate", AGREEMENTS / "goal-over-100.toml")
        assert "goal" in done.stderr


class TestReport:
    @pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
    def test_formats(self, fmt: str) -> None:
        done = run(
            "report", DEMO, *data_options(), "--period", "2026-10", "--format", fmt
        )
        assert done.returncode == 0, done.stderr
        out = done.stdout
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

    def test_range_and_now(self) -> None:
        done = run(
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
        assert done.returncode == 0, done.stderr
        october, november = json.loads(done.stdout)
        assert october["complete"] is True
        assert november["complete"] is False
        assert november["now"] == "2026-11-10T12:00:00+01:00"

    def test_default_period_is_the_last_one_ended(self) -> None:
        done = run("report", DEMO, "--now", "2026-11-05T00:00+01:00")
        assert done.returncode == 0, done.stderr
        assert "2026-10-01 to 2026-11-01" in done.stdout

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--period", "2026-13"], "--period"),
            (["--period", "october"], "is not a period"),
            (["--period", "2026-W41"], "does not start a monthly period"),
            (["--period", "2026-10", "--from", "2026-10"], "cannot be combined"),
            (["--from", "2026-10"], "go together"),
            (["--now", "yesterday"], "--now"),
            (["--tz", "Mars/Base"], "--tz"),
        ],
    )
    def test_usage_mistakes(self, args: list[str], message: str) -> None:
        done = run("report", DEMO, *args)
        assert done.returncode == 2
        assert_no_traceback(done)
        assert message in done.stderr
        assert "usage: slacore" in done.stderr

    def test_bad_csv_rows_are_reported_with_lines(self) -> None:
        done = run(
            "report", DEMO, "--tickets", CSV / "tickets_bad.csv", "--period", "2026-10"
        )
        assert done.returncode == 1
        assert_no_traceback(done)
        lines = done.stderr.splitlines()
        assert lines[0].startswith(f"error: {CSV / 'tickets_bad.csv'}: 11 problems")
        assert all(line.startswith("  line ") for line in lines[1:])

    def test_naive_csv_needs_a_zone(self) -> None:
        args = [
            "report",
            DEMO,
            "--tickets",
            CSV / "tickets_naive.csv",
            "--period",
            "2026-10",
        ]
        assert run(*args).returncode == 1
        done = run(*args, "--tz", "Europe/Berlin")
        assert done.returncode == 0, done.stderr

    def test_period_outside_the_agreement(self) -> None:
        done = run("report", DEMO, "--period", "2026-09")
        assert done.returncode == 1
        assert_no_traceback(done)
        assert "outside agreement" in done.stderr

    def test_bad_agreement(self) -> None:
        done = run("report", AGREEMENTS / "typo-key.toml", "--period", "2026-10")
        assert done.returncode == 1
        assert_no_traceback(done)


class TestCalendarArithmetic:
    def test_due_with_a_spec(self) -> None:
        done = run(
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
        assert done.returncode == 0, done.stderr
        assert done.stdout == "2026-04-07T14:00:00+02:00\n"  # Easter skipped

    def test_due_with_an_agreement_calendar(self) -> None:
        done = run(
            "due",
            "--calendar",
            f"{AGREEMENTS / 'support.toml'}:office",
            "--start",
            "2026-12-23T17:00+01:00",
            "--in",
            "6h",
        )
        assert done.returncode == 0, done.stderr
        # 23 Dec 17-18, 24 Dec short day 08-12, then the holidays: 28 Dec 08-09.
        assert done.stdout == "2026-12-28T09:00:00+01:00\n"

    def test_between(self) -> None:
        done = run(
            "between",
            "--calendar",
            "mon-fri 09:00-17:00",
            "--start",
            "2026-10-02T16:00Z",
            "--end",
            "2026-10-05T10:30Z",
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == "2h30m\n"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--calendar", "mon-fri 09:00-17:00", "--start", "2026-10-02T16:00"],
                "no UTC offset",
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
        ],
    )
    def test_due_mistakes(self, args: list[str], message: str) -> None:
        if "--in" not in args:
            args = [*args, "--in", "1h"]
        done = run("due", *args)
        assert done.returncode == 2
        assert message in done.stderr
        assert_no_traceback(done)

    def test_bad_spec_is_invalid_input(self) -> None:
        done = run(
            "due",
            "--calendar",
            "mon-fri 17:00-09:00x",
            "--start",
            "2026-10-02T16:00Z",
            "--in",
            "1h",
        )
        assert done.returncode == 1
        assert done.stderr.startswith("error: ")
        assert_no_traceback(done)


class TestMeasure:
    def test_sorted_by_urgency(self) -> None:
        done = run(
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00",
            "--format",
            "csv",
        )
        assert done.returncode == 0, done.stderr
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert rows
        breached = [row for row in rows if row["breached_at"]]
        running = [row for row in rows if not row["breached_at"] and row["due"]]
        assert rows[: len(breached)] == breached
        assert [r["due"] for r in running] == sorted(
            (r["due"] for r in running), key=lambda t: _cli._instant(t, "x", None)
        )
        assert {row["state"] for row in rows} <= {"running", "paused"}

    def test_table_and_json(self) -> None:
        args = [
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00",
        ]
        table = run(*args)
        assert table.returncode == 0, table.stderr
        assert table.stdout.splitlines()[0].split()[:4] == [
            "ticket",
            "policy",
            "priority",
            "metric",
        ]
        data = json.loads(run(*args, "--format", "json").stdout)
        assert {"ticket", "metric", "due", "remaining"} <= set(data[0])

    def test_nothing_open(self) -> None:
        done = run(
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-01T00:00",
        )
        assert done.returncode == 0
        assert done.stdout.startswith("no open clocks at 2026-10-01T00:00:00+02:00")

    def test_needs_policies(self) -> None:
        done = run(
            "measure",
            AGREEMENTS / "cloud.json",
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00Z",
        )
        assert done.returncode == 2
        assert "no policies" in done.stderr


class TestUsage:
    def test_no_command(self) -> None:
        done = run()
        assert done.returncode == 2
        assert "usage: slacore" in done.stderr

    def test_unknown_option(self) -> None:
        done = run("report", DEMO, "--colour")
        assert done.returncode == 2
        assert "unrecognized arguments: --colour" in done.stderr

    def test_help_lists_exit_codes(self) -> None:
        done = run("--help")
        assert done.returncode == 0
        assert "exit codes: 0 success, 1 invalid input" in done.stdout


class TestProgress:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_only_on_a_terminal_and_for_big_inputs(self) -> None:
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


def call(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `slacore ARGS` in this process (for coverage); (code, stdout, stderr)."""
    try:
        code = _cli.main([str(arg) for arg in args])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


class TestInProcess:
    """The same commands through `main`, so that coverage sees every branch."""

    def test_demo_and_validate(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = call(capsys, "demo")
        assert code == 0
        assert "credit owed:      11 % of the fee = 1375.00" in out
        code, out, err = call(
            capsys, "validate", AGREEMENTS / "cloud.json", AGREEMENTS / "typo-key.toml"
        )
        assert code == 1
        assert out.count(": ok: ") == 1
        assert "1 objective" not in out  # cloud.json has several
        assert err.startswith(f"error: {AGREEMENTS / 'typo-key.toml'}: ")
        code, _, err = call(capsys, "validate", DATA)
        assert code == 1
        assert err.startswith("error: ")

    @pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
    def test_report(self, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
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
        if fmt == "table":
            assert "(so far, as of 2026-11-02T00:00:00+01:00)" in out
            assert "\n\nAcme Service for Globex: 2026-11-01 to 2026-12-01" in out
        assert out

    def test_report_terms(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Caps, earn-back, termination and a review due show in the table."""
        leads = tmp_path / "leads.toml"
        leads.write_text(
            """
name = "Leads"
kind = "internal"
tz = "Europe/Berlin"
effective_from = 2026-09-01
review_every = "2 months"
fee = "1000"
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
""",
            encoding="utf-8",
        )
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
        assert "termination:      may terminate (missed 2026-11-01, 2026-12-01)" in out

    def test_report_mistakes(self, capsys: pytest.CaptureFixture[str]) -> None:
        for args, message in [
            (["--period", "2026-02-30"], "day is out of range"),
            (["--period", "2026-10", "--to", "2026-11"], "cannot be combined"),
            (["--to", "2026-11"], "go together"),
            (["--now", "2026-10-01T00:00"], ""),
        ]:
            code, _, err = call(capsys, "report", DEMO, *args)
            if message:
                assert code == 2, args
                assert message in err
        code, _, err = call(capsys, "report", DATA / "nope.toml")
        assert (code, err.strip()) == (1, f"error: {DATA / 'nope.toml'}: no such file")

    def test_due_between_and_measure(self, capsys: pytest.CaptureFixture[str]) -> None:
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
        for fmt in ("table", "json", "csv"):
            code, out, err = call(
                capsys,
                "measure",
                DEMO,
                "--tickets",
                CSV / "tickets.csv",
                "--now",
                "2026-10-30T12:00",
                "--format",
                fmt,
            )
            assert code == 0, err
            assert out
        code, out, _ = call(
            capsys,
            "measure",
            DEMO,
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00",
        )
        assert " over" in out  # overdue clocks say by how much

    def test_due_mistakes(self, capsys: pytest.CaptureFixture[str]) -> None:
        base = ["--start", "2026-10-02T16:00Z", "--in", "1h"]
        for calendar, message in [
            (f"{AGREEMENTS / 'support.toml'}", ":NAME"),
            (f"{AGREEMENTS / 'support.toml'}:nope", "no calendar 'nope'"),
        ]:
            code, _, err = call(capsys, "due", "--calendar", calendar, *base)
            assert code == 2
            assert message in err
        code, _, err = call(
            capsys, "due", "--calendar", "mon 09:00-10:00", "--holidays", "XX", *base
        )
        assert (code, "--holidays" in err) == (2, True)
        code, _, err = call(
            capsys, "due", "--calendar", "mon 09:00-10:00", "--holidays", "DE-XX", *base
        )
        assert code == 2
        assert "--holidays: country 'DE' has no subdivision 'XX'" in err
        code, _, err = call(
            capsys,
            "due",
            "--calendar",
            "mon 09:00-10:00",
            "--start",
            "2026-10-02",
            "--in",
            "soon",
        )
        assert code == 2

    def test_closed_pipe(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        target = (tmp_path / "out").open("w")

        class Closed(io.StringIO):
            def write(self, _text: str) -> int:
                raise BrokenPipeError

            def fileno(self) -> int:
                return target.fileno()

        monkeypatch.setattr(sys, "stdout", Closed())
        assert (
            _cli.main(
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
            == 0
        )
        target.close()

    @pytest.mark.parametrize(
        "args",
        [
            ["--period", "2026-13"],
            ["--period", "october"],
            ["--period", "2026-W41"],
            ["--now", "yesterday"],
            ["--tz", "Mars/Base"],
        ],
    )
    def test_usage_mistakes(
        self, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        code, _, err = call(capsys, "report", DEMO, *args)
        assert code == 2
        assert "usage: slacore" in err
        code, _, err = call(capsys, "report", DEMO, "--period", "2026-09")
        assert (code, "outside agreement" in err) == (1, True)
        code, _, err = call(
            capsys,
            "measure",
            AGREEMENTS / "cloud.json",
            "--tickets",
            CSV / "tickets.csv",
            "--now",
            "2026-10-30T12:00Z",
        )
        assert (code, "no policies" in err) == (2, True)

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

    def test_period_tokens(self) -> None:
        day = _cli._period_day
        assert day("2026", "x").isoformat() == "2026-01-01"
        assert day("2026-Q3", "x").isoformat() == "2026-07-01"
        assert day("2026-W41", "x").isoformat() == "2026-10-05"
        assert day("2026-10-17", "x").isoformat() == "2026-10-17"
        with pytest.raises(_cli._Usage, match="2026-W60"):
            day("2026-W60", "x")
