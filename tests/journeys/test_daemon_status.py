"""`psn daemon status` as a script sees it: exit 3 while the daemon is not running (so
`psn daemon status || psn daemon start` works), with the status still shown and a hint."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable


def run_psn(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([psn_executable(), *args], env=journey_env(home), capture_output=True, text=True,
                          timeout=60, check=False)


def test_status_exits_3_when_the_daemon_is_not_running(home):
    shown = run_psn(home, "daemon", "status")
    assert shown.returncode == 3
    assert "psn daemon not running" in shown.stdout and "notify" in shown.stdout  # the jobs are still listed
    assert "psn daemon is not running." in shown.stderr
    assert "psn daemon start" in shown.stderr and "psn daemon install" in shown.stderr

    as_json = run_psn(home, "--json", "daemon", "status")
    assert as_json.returncode == 3
    payload = json.loads(as_json.stdout)  # one document
    assert payload["ok"] is False and payload["error"]["kind"] == "not_running" and payload["error"]["code"] == 3
    status = payload["error"]["details"]
    assert status["running"] is False and status["pid"] is None
    assert "notify" in {job["name"] for job in status["jobs"]}
