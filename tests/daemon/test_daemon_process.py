"""One daemon per home: the lock, the pidfile, and start/stop/status from the CLI."""

import os
import signal

from daemon_helpers import psn_home, python_child, wait_until

from psn.daemon.process import PID_NAME, InstanceLock, probe, read_pidfile

HOLD_LOCK = """
import sys, time
from datetime import datetime, UTC
from pathlib import Path
from psn.daemon.process import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire(datetime.now(UTC))
print("held", flush=True)
sys.stdin.read()  # hold until the test closes our stdin
"""


def run_dir():
    return psn_home() / "state" / "run"


def test_lock_writes_pidfile_and_release_removes_it(clock):
    lock = InstanceLock(run_dir())
    lock.acquire(clock.now())
    assert read_pidfile(run_dir()) == (os.getpid(), clock.now().isoformat())
    state = probe(run_dir())
    assert state.running and state.pid == os.getpid()
    lock.release()
    assert not (run_dir() / PID_NAME).exists()
    assert not probe(run_dir()).running


def test_a_second_instance_is_refused_while_the_first_holds_the_lock(clock):
    import subprocess
    import sys
    import textwrap

    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_LOCK), str(run_dir())],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        from psn.core.errors import BadInput

        try:
            InstanceLock(run_dir()).acquire(clock.now(), patience_s=0.2)
            raise AssertionError("a second lock was granted")
        except BadInput as exc:
            assert f"pid {holder.pid}" in exc.message
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert not probe(run_dir()).running  # the kernel dropped the lock with the process


def test_a_pidfile_left_by_a_crash_is_stale_not_running():
    dead = python_child("pass")
    dead.wait()
    run_dir().mkdir(parents=True, exist_ok=True)
    (run_dir() / PID_NAME).write_text(f"{dead.pid}\n2026-12-01T09:00:00+00:00\n")
    (run_dir() / "daemon.lock").touch()
    state = probe(run_dir())
    assert not state.running and state.stale_pidfile


def test_stop_when_not_running_cleans_a_stale_pidfile(cli):
    run_dir().mkdir(parents=True, exist_ok=True)
    (run_dir() / PID_NAME).write_text("999999\n")
    result = cli("--json", "daemon", "stop")
    assert result.exit_code == 0
    assert result.json()["data"] == {"was_running": False, "stopped": True, "pid": None}
    assert not (run_dir() / PID_NAME).exists()


def test_start_status_stop_round_trip(cli):
    cli("config", "set", "notify.channels", '["log"]')
    started = cli("--json", "daemon", "start")
    assert started.exit_code == 0, started.stdout + started.stderr
    pid = started.json()["data"]["pid"]
    try:
        status = cli("--json", "daemon", "status").json()["data"]
        assert status["running"] is True and status["pid"] == pid
        again = cli("--json", "daemon", "start")
        assert again.exit_code == 2
        assert again.json()["error"]["details"]["pid"] == pid
        foreground = cli("--json", "daemon", "run")  # a foreground daemon is refused too
        assert foreground.exit_code == 2
    finally:
        stopped = cli("--json", "daemon", "stop")
    assert stopped.exit_code == 0
    assert stopped.json()["data"] == {"was_running": True, "stopped": True, "pid": pid}
    after = cli("--json", "daemon", "status")
    assert after.exit_code == 3 and after.json()["error"]["details"]["running"] is False
    log = (psn_home() / "state" / "logs" / "daemon.log").read_text()
    assert "daemon started" in log and "daemon stopped cleanly" in log


def test_sigint_stops_a_foreground_daemon_cleanly():
    child = python_child("from psn.cli import main; main(['daemon', 'run'])")
    try:
        wait_until(lambda: probe(run_dir()).pid == child.pid, what="the daemon to take its lock")
    finally:
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert "psn daemon stopped" in err, (out, err)
    assert not probe(run_dir()).running
