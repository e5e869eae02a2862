"""ruff and mypy are part of the suite, so CI keeps the code clean."""

from __future__ import annotations

import sys

from conftest import REPO, run


def test_ruff_clean() -> None:
    run([sys.executable, "-m", "ruff", "check", "mesongo", "tests", "bench"], env=None, cwd=REPO)


def test_mypy_clean() -> None:
    run([sys.executable, "-m", "mypy"], cwd=REPO)
