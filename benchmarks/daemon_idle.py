"""Idle cost of the daemon: resident memory and CPU of `psn daemon run` doing nothing.

Run: `.venv/bin/python benchmarks/daemon_idle.py` (BENCH_IDLE_SECONDS=45 by default).
Targets (issue #10): RSS ≤ 80 MB, CPU ≈ 0 while idle. The built-in jobs run once at start
(they never ran in the fresh home) and then wait; the `notify` job wakes every minute.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "45"))
WARM_UP_S = 5.0
SAMPLE_EVERY_S = 1.0


def rss_mb_and_cpu_s(pid: int) -> tuple[float, float]:
    """Resident set size (MB) and user+system CPU seconds so far, from /proc or `ps`."""
    proc = Path(f"/proc/{pid}")
    if proc.exists():
        rss_kb = next(int(line.split()[1]) for line in (proc / "status").read_text().splitlines()
                      if line.startswith("VmRSS:"))
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        return rss_kb / 1024, ticks / os.sysconf("SC_CLK_TCK")
    out = subprocess.run(["ps", "-o", "rss=,time=", "-p", str(pid)], capture_output=True, text=True,
                         check=True).stdout.split()
    minutes, seconds = out[1].split(":")[-2:]
    return int(out[0]) / 1024, int(minutes) * 60 + float(seconds)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PSN_HOME": home, "PSN_SECRETS": "file"}
        subprocess.run([sys.executable, "-m", "psn", "config", "set", "notify.channels", '["log"]'],
                       env=env, check=True, capture_output=True)
        daemon = subprocess.Popen([sys.executable, "-m", "psn", "daemon", "run"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pidfile = Path(home) / "state" / "run" / "daemon.pid"
        try:
            while not pidfile.exists():
                if daemon.poll() is not None:
                    raise SystemExit(f"the daemon exited with {daemon.returncode}")
                time.sleep(0.05)
            time.sleep(WARM_UP_S)
            rss0, cpu0 = rss_mb_and_cpu_s(daemon.pid)
            started, peak = time.monotonic(), rss0
            while time.monotonic() - started < SECONDS:
                time.sleep(SAMPLE_EVERY_S)
                peak = max(peak, rss_mb_and_cpu_s(daemon.pid)[0])
            rss1, cpu1 = rss_mb_and_cpu_s(daemon.pid)
            elapsed = time.monotonic() - started
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=120)
    used = cpu1 - cpu0
    print(f"idle daemon over {elapsed:.0f} s (after {WARM_UP_S:.0f} s warm-up), exit code {daemon.returncode}")
    print(f"RSS   start {rss0:6.1f} MB   peak {peak:6.1f} MB   end {rss1:6.1f} MB   (target ≤ 80 MB)")
    print(f"CPU   {used:6.2f} s   = {100 * used / elapsed:5.2f} % of one core   (target ≈ 0)")


if __name__ == "__main__":
    main()
