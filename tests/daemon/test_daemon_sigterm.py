"""SIGTERM while a job is in flight: the job stops between units, its open transaction rolls
back (or it finishes), the run is recorded, the lock is released, the process exits 0."""

import signal

import pytest
from daemon_helpers import psn_home, python_child, wait_until
from sqlalchemy import text

from psn.daemon.process import probe

DAEMON_WITH_SLOW_JOB = """
import sys
from pathlib import Path
from sqlalchemy import text
from psn.context import AppContext
from psn.daemon.job import JobOutcome, JobSpec
from psn.daemon.logs import daemon_logging
from psn.daemon.service import serve

marker, mode = Path(sys.argv[1]), sys.argv[2]

def slow(ctx):
    with ctx.db.write() as conn:
        conn.execute(text("INSERT INTO event_log (kind, occurred_at, payload) VALUES ('unit', :t, '{}')"),
                     {"t": ctx.now.replace(tzinfo=None)})
        marker.write_text("in flight")
        ctx.stop_event.wait(120)  # the unit is half-done until the daemon is asked to stop
        if mode == "rollback":
            ctx.check_stop()
    return JobOutcome.done("finished its unit after the stop request")

app = AppContext.create()
with daemon_logging(app.paths.log_dir):
    result = serve(app, jobs={"slow": JobSpec(name="slow", run=slow, default_schedule="every 1h")})
print("clean" if result.clean else "unclean", flush=True)
"""


@pytest.mark.parametrize(("mode", "outcome", "units"), [("rollback", "interrupted", 0), ("finish", "ok", 1)])
def test_sigterm_mid_job_leaves_nothing_half_done(app, tmp_path, mode, outcome, units):
    marker = tmp_path / "in-flight"
    child = python_child(DAEMON_WITH_SLOW_JOB, str(marker), mode)
    try:
        wait_until(marker.exists, what="the job to be in flight")
    finally:
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.strip() == "clean"
    with app.db.engine.connect() as conn:
        run = conn.execute(text("SELECT outcome, finished_at FROM job_runs WHERE job='slow'")).one()
        written = conn.execute(text("SELECT COUNT(*) FROM event_log WHERE kind='unit'")).scalar()
    assert run.outcome == outcome and run.finished_at is not None
    assert written == units
    run_dir = psn_home() / "state" / "run"
    assert not probe(run_dir).running
    assert not (run_dir / "daemon.pid").exists()
