"""Startup cost: wall time of `psn --help` and `psn doctor` against `python -c pass`.

Run: `make bench` (or `.venv/bin/python benchmarks/startup.py`). Prints medians of N runs.
Target (issue #2): `psn --help` under 150 ms on the reference 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
PSN = str(Path(sys.executable).with_name("psn"))


def median_ms(cmd: list[str], env: dict[str, str]) -> float:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm-up
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PSN_HOME": home, "PSN_SECRETS": "file"}
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "psn --help": [PSN, "--help"],
            "psn --version": [PSN, "--version"],
            "psn doctor": [PSN, "doctor"],
            "psn doctor --json": [PSN, "doctor", "--json"],
        }
        baseline = None
        print(f"median of {RUNS} runs")
        for name, cmd in cases.items():
            ms = median_ms(cmd, env)
            baseline = baseline or ms
            print(f"{name:<22} {ms:8.1f} ms   (+{ms - baseline:6.1f} ms over bare python)")


if __name__ == "__main__":
    main()
