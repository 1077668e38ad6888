"""`psn daemon run --once`: due jobs run once; the clock decides what is due; failures are contained."""

from datetime import timedelta

from daemon_helpers import spec

from psn.daemon.job import JobOutcome
from psn.daemon.tick import tick


def test_due_jobs_run_and_then_wait_for_their_next_time(app, clock):
    calls = []
    jobs = {"a": spec("a", lambda ctx: calls.append(ctx.now) or JobOutcome.done("a"), "every 5m"),
            "b": spec("b", lambda ctx: JobOutcome.idle(), "daily 06:00")}
    first = tick(app, jobs=jobs)
    assert [r.job for r in first.ran] == ["a", "b"]  # never ran: both due
    second = tick(app, jobs=jobs)
    assert second.ran == []
    assert {w["job"] for w in second.waiting} == {"a", "b"}
    clock.advance(minutes=5)
    third = tick(app, jobs=jobs)
    assert [r.job for r in third.ran] == ["a"]
    assert calls == [clock.now() - timedelta(minutes=5), clock.now()]


def test_one_failing_job_does_not_stop_the_others(app):
    def boom(ctx):
        raise ValueError("broken")

    jobs = {"first": spec("first", boom, order=1), "second": spec("second", order=2)}
    report = tick(app, jobs=jobs)
    assert [(r.job, r.outcome) for r in report.ran] == [("first", "error"), ("second", "ok")]
    assert [r.job for r in report.failed] == ["first"]


def test_named_jobs_run_even_when_not_due(app):
    jobs = {"a": spec("a", schedule="every 1d")}
    tick(app, jobs=jobs)
    forced = tick(app, jobs=jobs, only=["a"])
    assert [(r.job, r.outcome) for r in forced.ran] == [("a", "ok")]


def test_jobs_switched_off_in_config_never_run(app, cli):
    assert cli("config", "set", "daemon.schedules", '["prune = off", "digest=off"]').exit_code == 0
    result = cli("--json", "daemon", "run", "--once")
    assert result.exit_code == 0
    data = result.json()["data"]
    ran = {r["job"] for r in data["ran"]}
    assert "notify" in ran and not ran & {"prune", "digest"}
    assert {"job": "prune", "next_run": None} in data["waiting"]


def test_cli_once_json_shape_and_second_tick_runs_nothing(cli):
    first = cli("--json", "daemon", "run", "--once")
    assert first.exit_code == 0
    ran = first.json()["data"]["ran"]
    assert {r["job"] for r in ran} >= {"notify", "digest", "prune"}
    assert all(r["outcome"] in ("ok", "idle") for r in ran)
    second = cli("--json", "daemon", "run", "--once").json()["data"]
    assert second["ran"] == []


def test_cli_once_with_a_failing_job_exits_6(cli, monkeypatch):
    from psn.daemon.jobs import prune

    def boom(ctx):
        raise RuntimeError("disk full")

    monkeypatch.setattr(prune, "run", boom)
    result = cli("--json", "daemon", "run", "--once")
    assert result.exit_code == 6
    error = result.json()["error"]
    assert "prune" in error["message"]
    assert {r["job"] for r in error["details"]["ran"]} >= {"notify", "digest"}  # the others still ran


def test_cli_job_flag_needs_once_and_a_known_name(cli):
    assert cli("daemon", "run", "--job", "digest").exit_code == 2
    result = cli("--json", "daemon", "run", "--once", "--job", "nope")
    assert result.exit_code == 2
    assert "Known jobs" in result.json()["error"]["hint"]


def test_psn_now_moves_the_cli_through_time(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:00:00Z")
    cli("daemon", "run", "--once")
    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:00:30Z")
    assert cli("--json", "daemon", "run", "--once").json()["data"]["ran"] == []
    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:01:00Z")
    ran = {r["job"] for r in cli("--json", "daemon", "run", "--once").json()["data"]["ran"]}
    assert ran == {"publish_due", "notify"}  # the every-minute jobs; the daily and 6-hourly ones wait
