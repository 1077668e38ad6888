"""Journeys: the real `psn` on a pseudo-terminal (see terminal.py). Each test gets a fresh home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.journeys.terminal import Terminal


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "psn-home"


@pytest.fixture
def terminal(home: Path) -> Iterator:
    """`terminal(*args, env=…)` starts psn on a pty in this test's home; every one is closed after."""
    started: list[Terminal] = []

    def start(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Terminal:
        term = Terminal.start(list(args), home=home, env=env, cwd=cwd)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()
