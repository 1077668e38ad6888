"""`psn daemon status` as data: is it running, each job's last run and next run, recent failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from psn.daemon.history import last_runs, recent_failures
from psn.daemon.install import unit_state
from psn.daemon.logs import daemon_log_file
from psn.daemon.process import probe
from psn.daemon.registry import discover_jobs, unknown_overrides
from psn.daemon.tick import next_runs

FAILURE_WINDOW = timedelta(hours=24)


def daemon_status(app: Any) -> dict[str, Any]:
    jobs = discover_jobs()
    overrides = app.settings.daemon.overrides()
    now = app.clock.now()
    last = last_runs(app.db)
    upcoming = next_runs(app, jobs, now)
    rows = []
    for name, spec in jobs.items():
        row = spec.describe(overrides)
        row["last_run"] = last[name].as_dict() if name in last else None
        when = upcoming[name]
        row["next_run"] = None if when is None else max(when, now).isoformat()
        rows.append(row)
    warnings = [f"daemon.schedules names {name!r}, which is not a job" for name in unknown_overrides(jobs, overrides)]
    return {
        "now": now.isoformat(),
        "timezone": app.settings.general.timezone,
        **probe(app.paths.run_dir).as_dict(),
        "log_file": str(daemon_log_file(app.paths.log_dir)),
        "service": unit_state(),
        "jobs": rows,
        "recent_failures": [r.as_dict() for r in recent_failures(app.db, now - FAILURE_WINDOW)],
        "warnings": warnings,
    }
