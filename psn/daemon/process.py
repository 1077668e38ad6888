"""One daemon per psn home: a lock file held for the daemon's lifetime, plus a pidfile to find it.

Why a lock and not just a pidfile: a pidfile outlives a crash and its pid may be reused by an
unrelated process; an flock is released by the kernel when the process ends, so "is the lock
held?" is the truth. The pidfile only says which process to signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from psn.core.errors import BadInput, NotConfigured, PsnError
from psn.core.paths import FILE_MODE, make_private_dir

LOCK_NAME = "daemon.lock"
PID_NAME = "daemon.pid"
OUT_NAME = "daemon.out"  # stdout/stderr of a background daemon: crashes before logging starts


class DaemonNotStopped(PsnError):
    kind = "daemon_not_stopped"


def already_running(pid: int | None) -> BadInput:
    return BadInput(f"The psn daemon is already running (pid {pid}).",
                    hint="`psn daemon status` shows it; `psn daemon stop` stops it.", pid=pid)


def _fcntl() -> Any:
    try:
        import fcntl
    except ImportError:
        raise NotConfigured(
            "The background daemon needs Linux or macOS.",
            hint="On Windows, run `psn daemon run --once` every minute from Task Scheduler.",
        ) from None
    return fcntl


@dataclass
class DaemonState:
    running: bool
    pid: int | None = None
    since: str | None = None
    stale_pidfile: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_pidfile(run_dir: Path) -> tuple[int | None, str | None]:
    try:
        lines = (run_dir / PID_NAME).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return None, None
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    return pid, (lines[1].strip() if len(lines) > 1 else None)


def lock_is_held(run_dir: Path) -> bool:
    """Probe with a shared, non-blocking lock; held exclusively means a daemon is running."""
    path = run_dir / LOCK_NAME
    if not path.exists():
        return False
    fcntl = _fcntl()
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's lock too
    return False


def probe(run_dir: Path) -> DaemonState:
    pid, since = read_pidfile(run_dir)
    if lock_is_held(run_dir):
        return DaemonState(running=True, pid=pid, since=since)
    return DaemonState(running=False, stale_pidfile=pid is not None)


class InstanceLock:
    """Held by the running daemon. `acquire` refuses when another daemon holds it."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self._fd: int | None = None

    def acquire(self, now: datetime, patience_s: float = 2.0) -> None:
        fcntl = _fcntl()
        make_private_dir(self.run_dir)
        fd = os.open(self.run_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
        deadline = time.monotonic() + patience_s  # rides over a `status` probe holding it for a moment
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise already_running(read_pidfile(self.run_dir)[0]) from None
                time.sleep(0.05)
        self._fd = fd
        _write_private(self.run_dir / PID_NAME, f"{os.getpid()}\n{now.isoformat()}\n")

    def release(self) -> None:
        if self._fd is None:
            return
        if read_pidfile(self.run_dir)[0] == os.getpid():
            (self.run_dir / PID_NAME).unlink(missing_ok=True)
        os.close(self._fd)  # releases the flock
        self._fd = None


def _write_private(path: Path, content: str) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.replace(tmp, path)


def wait_for(condition: Callable[[], bool], timeout_s: float, step_s: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step_s)
    return True


def start_background(run_dir: Path, log_dir: Path, sandbox: bool, timeout_s: float = 20.0) -> DaemonState:
    """Launch `psn daemon run` detached from this terminal and wait until it holds the lock."""
    state = probe(run_dir)
    if state.running:
        raise already_running(state.pid)
    make_private_dir(log_dir)
    out_path = log_dir / OUT_NAME
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    command = [sys.executable, "-m", "psn", *(["--sandbox"] if sandbox else []), "daemon", "run"]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                 start_new_session=True, close_fds=True)
    finally:
        os.close(out)
    started = wait_for(lambda: child.poll() is not None or probe(run_dir).pid == child.pid, timeout_s)
    if child.poll() is not None or not started:
        tail = out_path.read_text(encoding="utf-8", errors="replace")[-1500:].strip()
        raise PsnError(f"The daemon did not start (exit code {child.poll()}).",
                       hint=f"Its output ({out_path}) ends with: {tail or '(nothing)'}")
    return probe(run_dir)


def stop_background(run_dir: Path, timeout_s: float = 90.0) -> dict[str, Any]:
    """SIGTERM the daemon and wait until it has let go of the lock (its job in flight is done)."""
    state = probe(run_dir)
    if not state.running:
        if state.stale_pidfile:
            (run_dir / PID_NAME).unlink(missing_ok=True)
        return {"was_running": False, "stopped": True, "pid": None}
    if state.pid is None:
        raise DaemonNotStopped("The daemon holds its lock but has not written its pidfile yet.",
                               hint="Try again in a moment.")
    os.kill(state.pid, signal.SIGTERM)
    if not wait_for(lambda: not lock_is_held(run_dir), timeout_s):
        raise DaemonNotStopped(
            f"The daemon (pid {state.pid}) did not stop within {timeout_s:.0f} s.",
            hint=f"It may be finishing a long job; wait, or end it with `kill -9 {state.pid}`.",
        )
    return {"was_running": True, "stopped": True, "pid": state.pid}
