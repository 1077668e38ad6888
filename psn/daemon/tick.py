"""`psn daemon run --once`: run every job that is due now, one after another, then return.

The demo and the end-to-end tests use it with a controlled clock; cron can use it instead of
the long-running daemon. Jobs already running in the daemon are skipped, never run twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from psn.daemon.history import last_runs
from psn.daemon.job import JobSpec
from psn.daemon.registry import discover_jobs, pick_job
from psn.daemon.runner import RunResult, run_job
from psn.daemon.schedule import due_at


@dataclass
class TickReport:
    now: datetime
    ran: list[RunResult] = field(default_factory=list)
    waiting: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.ran if r.failed]

    def as_dict(self) -> dict[str, Any]:
        return {"now": self.now.isoformat(), "ran": [r.as_dict() for r in self.ran], "waiting": self.waiting}


def next_runs(app: Any, jobs: dict[str, JobSpec], now: datetime) -> dict[str, datetime | None]:
    """When each job is next due, from its last recorded run and its effective schedule."""
    overrides = app.settings.daemon.overrides()
    timezone = app.settings.general.timezone
    last = last_runs(app.db)
    return {
        name: due_at(spec.schedule(overrides), timezone, last[name].started_at if name in last else None, now)
        for name, spec in jobs.items()
    }


def tick(app: Any, only: list[str] | None = None, jobs: dict[str, JobSpec] | None = None,
         stop_event: threading.Event | None = None) -> TickReport:
    """Run the due jobs (or exactly the ones named in `only`, due or not)."""
    jobs = jobs if jobs is not None else discover_jobs()
    now = app.clock.now()
    report = TickReport(now=now)
    if only:
        chosen = [pick_job(jobs, name) for name in only]
        origin = "manual"
    else:
        due = next_runs(app, jobs, now)
        chosen = [spec for name, spec in jobs.items() if due[name] is not None and due[name] <= now]
        report.waiting = [
            {"job": name, "next_run": when.isoformat() if when else None}
            for name, when in due.items() if when is None or when > now
        ]
        origin = "once"
    for spec in chosen:
        report.ran.append(run_job(app, spec, stop_event=stop_event, origin=origin))
    return report
