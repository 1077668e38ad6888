"""The daemon log (redacted, rotating, followable) and `psn daemon status`."""

import logging

from daemon_helpers import psn_home, spec

from psn.core.log import get_logger
from psn.daemon.job import JobOutcome
from psn.daemon.logs import daemon_logging, follow, last_lines
from psn.daemon.tick import tick


def test_daemon_log_is_redacted_and_detached_afterwards(tmp_path):
    with daemon_logging(tmp_path) as path:
        get_logger("daemon").info("refreshing with Authorization: Bearer abcdefghijklmnop")
    get_logger("daemon").info("after the daemon stopped")
    text = path.read_text()
    assert "abcdefghijklmnop" not in text and "Bearer ***" in text
    assert "after the daemon stopped" not in text
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert logging.getLogger("apscheduler").handlers == []


def test_last_lines(tmp_path):
    path = tmp_path / "daemon.log"
    path.write_text("".join(f"line {n}\n" for n in range(10)))
    assert last_lines(path, 3) == ["line 7", "line 8", "line 9"]
    assert last_lines(tmp_path / "absent.log", 3) == []


def test_follow_prints_new_lines_and_survives_rotation(tmp_path):
    path = tmp_path / "daemon.log"
    path.write_text("old\n")
    printed, steps = [], iter([
        lambda: path.write_text("old\nnew 1\n"),
        lambda: (path.rename(tmp_path / "daemon.log.1"), path.write_text("after rotation\n")),
        lambda: None,
    ])
    state = {"left": 3}

    def fake_sleep(_seconds):
        next(steps)()
        state["left"] -= 1

    follow(path, printed.append, keep_going=lambda: state["left"] > 0, sleep=fake_sleep)
    assert printed == ["new 1", "after rotation"]


def test_logs_command_json(cli):
    cli("daemon", "run", "--once", "--job", "notify")
    (psn_home() / "state" / "logs" / "daemon.log").write_text("one\ntwo\n")
    data = cli("--json", "daemon", "logs", "-n", "1").json()["data"]
    assert data["lines"] == ["two"]
    assert cli("--json", "daemon", "logs", "--follow").exit_code == 2


def test_status_json_lists_jobs_last_and_next_runs_and_failures(cli, app, monkeypatch):
    monkeypatch.setenv("PSN_NOW", app.clock.now().isoformat())

    def boom(ctx):
        raise RuntimeError("platform down")

    tick(app, jobs={"prune": spec("prune", boom, "daily 04:00"), "notify": spec("notify", lambda c: JobOutcome.idle())})
    assert cli("config", "set", "daemon.schedules", '["digest = off", "pruen = daily 05:00"]').exit_code == 0
    result = cli("--json", "daemon", "status")
    assert result.exit_code == 3  # not running: the whole status travels in the error's details
    error = result.json()["error"]
    assert error["kind"] == "not_running" and "psn daemon start" in error["hint"]
    data = error["details"]
    assert data["running"] is False and data["pid"] is None
    jobs = {job["name"]: job for job in data["jobs"]}
    assert jobs["prune"]["last_run"]["outcome"] == "error"
    assert jobs["prune"]["next_run"] == "2026-12-02T04:00:00+00:00"
    assert jobs["notify"]["next_run"] == "2026-12-01T09:01:00+00:00"
    assert jobs["digest"]["enabled"] is False and jobs["digest"]["last_run"] is None
    assert [f["job"] for f in data["recent_failures"]] == ["prune"]
    assert "platform down" in data["recent_failures"][0]["error"]
    assert data["warnings"] == ["daemon.schedules names 'pruen', which is not a job"]
    assert data["service"]["kind"] in ("systemd", "launchd", None)


def test_status_human_output(cli):
    cli("daemon", "run", "--once")
    result = cli("daemon", "status")
    assert result.exit_code == 3
    assert "not running" in result.stdout and "notify" in result.stdout  # the status is still shown
    assert "psn daemon is not running" in result.stderr and "psn daemon install" in result.stderr


def test_doctor_has_a_daemon_section(cli):
    cli("config", "set", "notify.channels", '["log", "webhook"]')
    section = cli("--json", "doctor").json()["data"]["daemon"]
    assert section["running"] is False
    assert section["ok"] is False
    assert section["channel_problems"] == ["webhook needs `psn notify secret webhook-url`"]


def test_status_human_output_shows_failures_in_local_time(cli, monkeypatch):
    from psn.daemon.jobs import prune

    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:00:00Z")
    cli("config", "set", "general.timezone", "Europe/Paris")
    monkeypatch.setattr(prune, "run", lambda ctx: 1 / 0)
    cli("daemon", "run", "--once")
    out = cli("daemon", "status").stdout
    assert "prune error at 2026-12-01 10:00: ZeroDivisionError" in out
    assert "[red]" not in out and "times in Europe/Paris" in out
