"""The feature jobs the daemon runs: metrics pull, learning check, niche monitor (never replies)."""

import logging
import threading

from psn.daemon.job import JobContext
from psn.daemon.jobs import analytics_pull, engage_learn, engage_monitor, learn_check


def job_context(name):
    from psn.cli.state import ctx, current

    current().sandbox = True
    app = ctx()
    return JobContext(app=app, job=name, now=app.clock.now(), stop_event=threading.Event(),
                      log=logging.getLogger("test"))


def test_jobs_are_idle_with_nothing_to_do(cli):
    assert analytics_pull.run(job_context("analytics_pull")).status == "idle"
    assert learn_check.run(job_context("learn_check")).status == "idle"
    assert engage_monitor.run(job_context("engage_monitor")).status == "idle"
    assert engage_learn.run(job_context("engage_learn")).status == "idle"


def test_pull_and_monitor_after_publishing(cli):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "measure me", "--yes").exit_code == 0
    outcome = analytics_pull.run(job_context("analytics_pull"))
    assert outcome.status == "ok" and outcome.counts["measured"] == 1
    assert cli("--sandbox", "engage", "config", "add", "keywords", "indie").exit_code == 0
    outcome = engage_monitor.run(job_context("engage_monitor"))
    assert outcome.status == "ok"
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx
    from psn.sandbox.x import XEmulator

    replies = [t for t in XEmulator(sandbox_world(ctx())).posts_by_creator() if t["reply_to"]]
    assert replies == []  # the daemon drafts; it never replies


def test_monitor_rests_during_quiet_hours(cli):
    from datetime import UTC, datetime

    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "engage", "config", "add", "keywords", "indie").exit_code == 0
    assert cli("--sandbox", "config", "set", "general.timezone", "Europe/Paris").exit_code == 0
    assert cli("--sandbox", "config", "set", "engage.quiet_hours", "22:00-07:00").exit_code == 0
    from psn.cli.state import current

    current()._context = None
    job = job_context("engage_monitor")
    job.now = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)  # 00:30 in Paris
    outcome = engage_monitor.run(job)
    assert outcome.status == "idle" and "quiet hours" in outcome.summary
    job.now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # 10:00 in Paris
    assert engage_monitor.run(job).status == "ok"
