from __future__ import annotations

import io
import subprocess
import sys

import pytest

from slacore._cli import main


class TestDemo:
    def test_runs_as_module(self):
        """`python -m slacore demo` exits 0 and prints the due-date table."""
        done = subprocess.run(
            [sys.executable, "-m", "slacore", "demo"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0
        assert done.stderr == ""
        lines = done.stdout.splitlines()
        assert (
            "across the DST change       Fri 2026-03-27 15:00 CET       4h  "
            "Mon 2026-03-30 11:00 CEST       67h"
        ) in lines
        assert (
            "24/7 over the DST night     Sat 2026-03-28 22:00 CET       8h  "
            "Sun 2026-03-29 07:00 CEST        8h"
        ) in lines

    def test_figures(self, capsys):
        """The demo's due dates skip weekends, Bavarian holidays and the short day."""
        assert main(["demo"]) == 0
        out = capsys.readouterr().out
        assert "Mon 2026-03-23 11:30 CET" in out
        assert "Tue 2026-04-07 14:00 CEST" in out
        assert "Mon 2026-12-28 11:00 CET" in out
        assert "to Wed 2026-04-08 12:00 CEST: 48h" in out


class TestUsage:
    def test_no_command(self):
        """Without a command the CLI exits 2 with usage on stderr."""
        done = subprocess.run(
            [sys.executable, "-m", "slacore"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert "usage: slacore" in done.stderr

    def test_unknown_command(self, monkeypatch):
        """An unknown command is a usage error (exit 2)."""
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        with pytest.raises(SystemExit) as info:
            main(["frobnicate"])
        assert info.value.code == 2
