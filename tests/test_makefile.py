"""The Makefile as a newcomer meets it: `make demo` shows what the first install is doing."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pip_line(target: str) -> str:
    # -n prints the recipes without running them; -W as if pyproject.toml had just changed.
    printed = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [line] = [line for line in printed.splitlines() if "pip install" in line]
    return line


def test_it_shows_pips_progress_in_make_demo_only() -> None:
    assert "--quiet" not in _pip_line("demo")
    assert "--quiet" in _pip_line("test")
