"""Fault storms (issue 11, `make soak`): the full demo with 20 % of requests failing — 429s in each
platform's own words, 5xx, timeouts and dropped connections, before and after the platform acts —
over several seeds. A careful user (psn/cli/demo/careful.py) waits, resumes, reconnects; the run must
end with every command on a known exit code, nothing lost, nothing posted twice, bounded retries and
no visible create re-sent blind (tests/storm_checks.py). Prints the figures per seed and in total."""

from __future__ import annotations

import os

import pytest

from psn.cli.demo.runner import run_demo
from tests.storm_checks import calm_snapshot, check, totals

SEEDS = [int(s) for s in os.environ.get("PSN_STORM_SEEDS", "1,2,3,4,5,6,7,8").split(",")]
RATE = float(os.environ.get("PSN_STORM_RATE", "0.2"))


def world_root(home):  # type: ignore[no-untyped-def]
    return home / "data" / "sandbox-home" / "data" / "sandbox-world"


@pytest.fixture(scope="module")
def calm(tmp_path_factory):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("calm")
    return calm_snapshot(run_demo(home, echo=False), world_root(home))


def test_the_demo_survives_a_fault_storm(tmp_path, calm):
    runs = []
    for seed in SEEDS:
        home = tmp_path / f"seed-{seed}"
        result = run_demo(home, echo=False, faults=RATE, seed=seed)
        figures = check(seed, result, world_root(home), calm)
        runs.append(figures)
        print(figures.line())
        for problem in figures.problems:
            print(f"    PROBLEM: {problem}")
        for command in figures.stopped:
            print(f"    stopped (resumable): {' '.join(command.split())[:110]}")
        for step in figures.steps_ended_early:
            print(f"    step ended early: {step}")
    print(totals(runs))
    assert len(SEEDS) >= 5
    assert [p for f in runs for p in f.problems] == []
