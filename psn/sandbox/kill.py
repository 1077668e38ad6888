"""The `kill` fault: SIGKILL the client mid-request, like `kill -9` at the worst possible moment.

The rule names a pid file (a harness starts psn as `sh -c 'echo $$ > FILE; exec psn …'`, so the
pid is known before psn's first request). The sandbox waits until the process is really gone
before it hangs up, so the client never sees the hang-up and cannot react to it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

DEATH_TIMEOUT = 5.0


def kill_client(pid_file: str) -> None:
    """SIGKILL the process named in `pid_file` and wait for it to die. No readable pid: do nothing
    (the fault is then a plain hang-up)."""
    try:
        pid = int(Path(pid_file).read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + DEATH_TIMEOUT
    while not _dead(pid) and time.monotonic() < deadline:
        time.sleep(0.005)


def _dead(pid: int) -> bool:
    """Gone, or a zombie waiting for its parent (it runs no more code either way)."""
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return Path("/proc/self").exists() or _gone(pid)  # no /proc at all (macOS): ask the kernel
    except (OSError, IndexError):
        return _gone(pid)
    return state in ("Z", "X")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
