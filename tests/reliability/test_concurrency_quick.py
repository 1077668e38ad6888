"""A quick slice of the concurrency soak: a real daemon plus four CLI workers (~40 operations
each) on one psn home. No "database is locked", no lost update, nothing published twice.
The full run (10,000 operations) is tests/soak/test_concurrency.py (`make soak`)."""

from __future__ import annotations

from reliability.concurrency_harness import execute, prepare
from reliability.concurrency_verdict import judge, report

WORKERS = 4
OPS_PER_WORKER = 40


def test_daemon_and_four_clis_lose_nothing(tmp_path):
    run = execute(prepare(tmp_path), WORKERS, OPS_PER_WORKER, seed=7, minutes_per_second=2.0)
    verdict = judge(run)
    print(report(verdict, WORKERS))
    assert verdict.ops >= WORKERS * OPS_PER_WORKER
    assert verdict.problems() == []
    assert verdict.figures["published_by_daemon"] > 0  # the daemon really published during the run
