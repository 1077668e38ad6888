"""Issue 11, Secrets: the whole sweep with every psn command a real subprocess, both demos
(`psn demo` and `psn --json demo`), then typed secrets, forced errors echoing tokens (bodies,
headers, a 401 refresh, a failed refresh, an unparseable answer, timeouts on URLs carrying
access_token), and the programs psn starts (daemon, media host, notify-send, browser, clipboard,
editor). Scans the databases (with -wal/-shm), logs, request logs, config, every output and each
child's argv and environment. Target: 0 occurrences; files 0600, folders 0700.

`make soak` (or: pytest -m soak -s tests/soak/test_secrets_sweep.py)."""

from __future__ import annotations

import time

from reliability.secrets_scenarios import run_everything
from reliability.secrets_sweep import MARKER, demo_secrets, sweep


def test_secrets_sweep_with_real_processes(tmp_path):
    started = time.perf_counter()
    homes, evidence = run_everything(tmp_path, subprocesses=True, both_demos=True)
    report = sweep(homes, evidence, [MARKER, *demo_secrets()])
    in_demo = sum(name.startswith("demo: ") for name in evidence.codes)
    print(f"\n{report.summary()}\n  {len(evidence.codes) - in_demo} psn processes (two of them whole demos) and "
          f"{in_demo} demo commands run in-process with --json, {time.perf_counter() - started:.0f} s")
    assert report.leaks == []
    assert report.modes == []
