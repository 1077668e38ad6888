"""The `job_runs` table: claim a run (one at a time per job, across processes), finish it, read it.

A claim happens in one write transaction (the engine takes the write lock at BEGIN), so the
daemon and a `psn daemon run --once` in another terminal can never run the same job at once.
A `running` row whose process is gone, or that is older than STALE_AFTER, is marked abandoned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update

from psn.core.redact import redact
from psn.daemon.pids import pid_alive
from psn.store.daemon_tables import JobRun

STALE_AFTER = timedelta(hours=2)  # a run this old is dead even if its pid was reused
MAX_ERROR_CHARS = 2000
RUNS = JobRun.__table__
FAILED = ("error", "abandoned", "interrupted", "partial")


@dataclass
class RunRow:
    id: int
    job: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    duration_ms: int | None
    summary: str | None
    error: str | None
    pid: int | None
    origin: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "job": self.job, "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "outcome": self.outcome, "duration_ms": self.duration_ms, "summary": self.summary,
            "error": self.error, "origin": self.origin,
        }


def _row(r: Any) -> RunRow:
    return RunRow(**{c: getattr(r, c) for c in RunRow.__dataclass_fields__})


def _is_dead(row: Any, now: datetime) -> bool:
    return not pid_alive(row.pid) or row.started_at < now - STALE_AFTER


def claim_run(db: Any, job: str, now: datetime, origin: str = "schedule") -> int | None:
    """Record a run as started and return its id; None if a live run of this job is in flight."""
    with db.write() as conn:
        running = conn.execute(select(RUNS).where(and_(RUNS.c.job == job, RUNS.c.outcome == "running"))).all()
        live = [r for r in running if not _is_dead(r, now)]
        if live:
            return None
        for dead in running:
            _abandon(conn, dead.id, now)
        result = conn.execute(
            insert(RUNS).values(job=job, started_at=now, outcome="running", pid=os.getpid(), origin=origin)
        )
        return int(result.inserted_primary_key[0])


def _abandon(conn: Any, run_id: int, now: datetime) -> None:
    conn.execute(
        update(RUNS).where(RUNS.c.id == run_id).values(
            outcome="abandoned", finished_at=now, error="its process ended before the run finished"
        )
    )


def abandon_dead_runs(db: Any, now: datetime) -> int:
    """Close `running` rows left by a process that died (the daemon calls this when it starts)."""
    with db.write() as conn:
        running = conn.execute(select(RUNS).where(RUNS.c.outcome == "running")).all()
        dead = [r for r in running if _is_dead(r, now)]
        for row in dead:
            _abandon(conn, row.id, now)
    return len(dead)


def finish_run(db: Any, run_id: int, now: datetime, outcome: str, duration_ms: int,
               summary: str | None = None, error: str | None = None) -> None:
    clean_error = redact(error)[:MAX_ERROR_CHARS] if error else None
    with db.write() as conn:
        conn.execute(
            update(RUNS).where(RUNS.c.id == run_id).values(
                finished_at=now, outcome=outcome, duration_ms=duration_ms,
                summary=redact(summary)[:500] if summary else None, error=clean_error,
            )
        )


def get_run(db: Any, run_id: int) -> RunRow:
    with db.engine.connect() as conn:
        return _row(conn.execute(select(RUNS).where(RUNS.c.id == run_id)).one())


def last_runs(db: Any) -> dict[str, RunRow]:
    """The latest run of every job that ever ran."""
    latest = select(RUNS.c.job, func.max(RUNS.c.id).label("id")).group_by(RUNS.c.job).subquery()
    with db.engine.connect() as conn:
        rows = conn.execute(select(RUNS).join(latest, RUNS.c.id == latest.c.id)).all()
    return {r.job: _row(r) for r in rows}


def recent_failures(db: Any, since: datetime, limit: int = 20) -> list[RunRow]:
    query = (
        select(RUNS).where(and_(RUNS.c.outcome.in_(FAILED), RUNS.c.started_at >= since))
        .order_by(RUNS.c.id.desc()).limit(limit)
    )
    with db.engine.connect() as conn:
        return [_row(r) for r in conn.execute(query)]


def prune_runs(db: Any, idle_before: datetime, all_before: datetime) -> int:
    """Idle runs are noise after a couple of days; the rest are kept for `keep_history_days`."""
    with db.write() as conn:
        idle = conn.execute(delete(RUNS).where(and_(RUNS.c.outcome == "idle", RUNS.c.started_at < idle_before)))
        old = conn.execute(
            delete(RUNS).where(and_(RUNS.c.outcome != "running", RUNS.c.started_at < all_before))
        )
    return int(idle.rowcount or 0) + int(old.rowcount or 0)
