"""The command line's entry points: the __main__ module and a closed pipe."""

from __future__ import annotations

import io
import runpy
import sys

import pytest

from slacore import _cli


class TestCommandLine:
    def test_main_module(self, monkeypatch, capsys):
        """`python -m slacore demo` runs main and exits 0."""
        monkeypatch.setattr(sys, "argv", ["slacore", "demo"])
        with pytest.raises(SystemExit) as info:
            runpy.run_module("slacore", run_name="__main__")
        assert info.value.code == 0
        assert "slacore demo: the bundled agreement" in capsys.readouterr().out

    def test_closed_pipe_is_not_an_error(self, monkeypatch, tmp_path):
        """A reader that goes away (`slacore demo | head`) ends the run quietly."""
        target = (tmp_path / "out").open("w")

        class Closed(io.StringIO):
            def write(self, _text: str) -> int:
                raise BrokenPipeError

            def fileno(self) -> int:
                return target.fileno()

        monkeypatch.setattr(sys, "stdout", Closed())
        assert _cli.main(["demo"]) == 0
        target.close()
        assert (tmp_path / "out").stat().st_size == 0
