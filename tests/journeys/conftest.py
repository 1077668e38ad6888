"""Journeys: the real `psn` on a pseudo-terminal (see terminal.py). Each test gets a fresh home."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.journeys.terminal import Terminal
from tests.llm_server import LLMServer, llm_server

# What the fake model server answers a post draft with, unless a test scripts it otherwise.
DRAFT = {"text": "Flaky tests? Look at shared state before you blame timing.", "hashtags": []}


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


@pytest.fixture
def server() -> Iterator[LLMServer]:
    """An OpenAI-compatible model server on 127.0.0.1 (tests/llm_server.py) that answers with DRAFT."""
    with llm_server() as running:
        running.reply = json.dumps(DRAFT)
        yield running
