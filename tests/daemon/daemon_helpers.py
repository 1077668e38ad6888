"""Helpers for the daemon and notification tests (a uniquely named module: tests/ has no packages)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from psn.daemon.job import JobOutcome, JobSpec

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def spec(name: str, run=lambda ctx: JobOutcome.done("did it"), schedule: str = "every 1m", order: int = 50) -> JobSpec:
    return JobSpec(name=name, run=run, default_schedule=schedule, order=order)


def python_child(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A Python child process running `script` with this test's PSN_HOME (and no terminal)."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_until(condition, timeout_s: float = 30.0, what: str = "condition") -> None:
    """Poll (not a timed assertion: the deadline only stops a hung test)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def psn_home() -> Path:
    return Path(os.environ["PSN_HOME"])
