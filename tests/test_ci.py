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

    def test_the_suite_runs_on_every_core(self):
        """The test command spreads the suite over the cores, with the plugin installed.

        pytest-cov combines the workers' coverage, so the figure is the whole suite's.
        """
        test_command = _readme_commands()[1]
        assert test_command.endswith("-m pytest --cov -n auto")
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        extras = re.search(
            r"^test = \[(.*?)\]", pyproject, flags=re.DOTALL | re.MULTILINE
        )
        assert extras is not None
        assert '"pytest-xdist' in extras.group(1)
