from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)\n```", text, flags=re.DOTALL)


class TestReadmeQuickStart:
    def test_two_commands(self):
        """The README's quick start is exactly two one-line commands."""
        commands = _readme_commands()
        assert len(commands) == 2
        assert all("\n" not in command for command in commands)

    def test_demo_command(self):
        """The first command installs the package and runs the demo."""
        assert _readme_commands()[0].endswith("slacore demo")

    def test_ci_runs_the_readme_test_command(self):
        """CI runs the README's test command verbatim."""
        test_command = _readme_commands()[1]
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert test_command in ci.splitlines()
