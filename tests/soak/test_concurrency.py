"""Issue 11, Concurrency: a real `psn daemon run` plus four CLI worker processes doing 10,000
mixed operations (ideas, scheduled and immediate X posts, engage, notifications, config, reads)
on one psn home, while the shared clock moves so the daemon publishes the scheduled posts
during the run. Target: 0 "database is locked", 0 lost updates, nothing published twice.

Prints ops/s, p50/p99 latency per operation, lock errors, lost updates and daemon figures.
`make soak` (or: pytest -m soak -s tests/soak/test_concurrency.py). CONCUR_OPS overrides the total."""

from __future__ import annotations

import os

from reliability.concurrency_harness import execute, prepare
from reliability.concurrency_verdict import judge, report

WORKERS = 4
TOTAL_OPS = int(os.environ.get("CONCUR_OPS", "10000"))


def test_daemon_and_four_clis_ten_thousand_operations(tmp_path):
    run = execute(prepare(tmp_path), WORKERS, TOTAL_OPS // WORKERS, seed=11, minutes_per_second=1.0,
                  settle_timeout_s=900)
    verdict = judge(run)
    print("\n" + report(verdict, WORKERS))
    assert verdict.ops >= TOTAL_OPS
    assert verdict.problems() == []
