"""Running one job: recorded start and end, failures contained, no overlap across processes."""

import os
import threading
from datetime import timedelta

from daemon_helpers import python_child, spec
from sqlalchemy import text

from psn.daemon.history import abandon_dead_runs, claim_run, get_run, last_runs
from psn.daemon.job import JobOutcome
from psn.daemon.runner import InFlight, run_job


def test_a_run_is_recorded_with_outcome_duration_and_summary(app, clock):
    def work(ctx):
        clock.advance(seconds=3)  # the job takes "3 s" on the injected clock
        return JobOutcome.done("sent 2", sent=2)

    result = run_job(app, spec("work", work))
    row = get_run(app.db, result.run_id)
    assert (row.outcome, row.summary, row.pid, row.origin) == ("ok", "sent 2", os.getpid(), "schedule")
    assert row.finished_at - row.started_at == timedelta(seconds=3)
    assert row.duration_ms is not None and row.duration_ms >= 0


def test_an_exception_is_recorded_redacted_and_not_raised(app):
    def boom(ctx):
        raise RuntimeError("refresh failed: access_token=abcdef123456 rejected")

    result = run_job(app, spec("boom", boom))
    assert result.outcome == "error"
    row = get_run(app.db, result.run_id)
    assert "RuntimeError" in row.error
    assert "abcdef123456" not in row.error


def test_returning_something_else_than_an_outcome_is_an_error(app):
    result = run_job(app, spec("sloppy", lambda ctx: "done"))
    assert result.outcome == "error"
    assert "JobOutcome" in result.error


def test_a_live_run_of_the_same_job_blocks_a_second_one(app):
    claimed = claim_run(app.db, "slow", app.clock.now())  # this process, alive: "in flight"
    assert claimed is not None
    result = run_job(app, spec("slow"))
    assert result.outcome == "skipped"
    assert run_job(app, spec("other")).outcome == "ok"  # other jobs are not blocked


def test_a_run_whose_process_died_is_abandoned_and_the_job_runs_again(app):
    child = python_child("pass")
    child.wait()
    with app.db.write() as conn:
        conn.execute(text("INSERT INTO job_runs (job, started_at, outcome, pid, origin) "
                          "VALUES ('slow', :t, 'running', :pid, 'schedule')"),
                     {"t": app.clock.now().replace(tzinfo=None), "pid": child.pid})
    result = run_job(app, spec("slow"))
    assert result.outcome == "ok"
    with app.db.engine.connect() as conn:
        outcomes = [r[0] for r in conn.execute(text("SELECT outcome FROM job_runs WHERE job='slow' ORDER BY id"))]
    assert outcomes == ["abandoned", "ok"]


def test_a_very_old_running_row_is_abandoned_even_if_its_pid_is_alive(app, clock):
    claim_run(app.db, "slow", clock.now())
    clock.advance(hours=3)
    assert run_job(app, spec("slow")).outcome == "ok"


def test_abandon_dead_runs_at_startup(app):
    child = python_child("pass")
    child.wait()
    with app.db.write() as conn:
        conn.execute(text("INSERT INTO job_runs (job, started_at, outcome, pid) VALUES ('x', :t, 'running', :p)"),
                     {"t": app.clock.now().replace(tzinfo=None), "p": child.pid})
    claim_run(app.db, "alive", app.clock.now())
    assert abandon_dead_runs(app.db, app.clock.now()) == 1
    assert last_runs(app.db)["alive"].outcome == "running"


def test_stop_request_interrupts_between_units_and_rolls_back_the_open_one(app):
    stop = threading.Event()

    def units(ctx):
        with ctx.db.write() as conn:
            conn.execute(text("INSERT INTO event_log (kind, occurred_at, payload) VALUES ('unit', :t, '{}')"),
                         {"t": ctx.now.replace(tzinfo=None)})
        with ctx.db.write() as conn:  # the second unit is half-done when the stop arrives
            conn.execute(text("INSERT INTO event_log (kind, occurred_at, payload) VALUES ('unit', :t, '{}')"),
                         {"t": ctx.now.replace(tzinfo=None)})
            stop.set()
            ctx.check_stop()
        return JobOutcome.done("both units")

    result = run_job(app, spec("units", units), stop_event=stop)
    assert result.outcome == "interrupted"
    with app.db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM event_log WHERE kind='unit'")).scalar() == 1


def test_in_flight_tracking_lets_shutdown_wait(app):
    in_flight = InFlight()
    seen = []

    def look(ctx):
        seen.append(in_flight.names())
        return JobOutcome.idle()

    run_job(app, spec("look", look), in_flight=in_flight)
    assert seen == [["look"]]
    assert in_flight.wait_idle(timeout=0)
