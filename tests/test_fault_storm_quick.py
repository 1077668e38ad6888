"""The fault-storm soak's quick slice for `make test`: one seed, three demo steps (a home, X posts and
a thread, an article to WordPress and a blog), 30 % of requests failing. The full run over several
seeds is tests/soak/test_fault_storm.py (`make soak`)."""

from __future__ import annotations

from psn.cli.demo.runner import run_demo
from tests.storm_checks import calm_snapshot, check

STEPS = [10, 20, 40]
SEED = 1  # chosen so the storm hits X and WordPress creates, and the WordPress one needs --force-step


def world_root(home):  # type: ignore[no-untyped-def]
    return home / "data" / "sandbox-home" / "data" / "sandbox-world"


def test_a_short_storm_loses_nothing_and_posts_nothing_twice(tmp_path):
    calm = calm_snapshot(run_demo(tmp_path / "calm", echo=False, only=STEPS), world_root(tmp_path / "calm"))
    home = tmp_path / "storm"
    result = run_demo(home, echo=False, faults=0.3, seed=SEED, only=STEPS)
    figures = check(SEED, result, world_root(home), calm)
    print(figures.line())
    assert figures.problems == []
    assert sum(figures.faults.values()) >= 5 and figures.creates_faulted >= 2  # the storm did hit creates
    assert result["fault_storm"]["completed"] >= result["fault_storm"]["operations"] - 2


def test_demo_refuses_a_storm_rate_outside_0_to_1(cli):
    result = cli("demo", "--faults", "1.5", "--json")
    assert result.exit_code == 2
