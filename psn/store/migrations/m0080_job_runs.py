"""Daemon job runs: one row per run of a background job, written when it starts and when it ends.

`outcome` is `running` while the job is in flight, then ok, idle, partial, error, interrupted
or abandoned (its process died). `pid` lets another process tell a live run from a dead one.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE job_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job TEXT NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        outcome TEXT NOT NULL,
        duration_ms INTEGER,
        summary TEXT,
        error TEXT,
        pid INTEGER,
        origin TEXT NOT NULL DEFAULT 'schedule'
    )""",
    "CREATE INDEX ix_job_runs_job_started ON job_runs (job, started_at)",
    "CREATE INDEX ix_job_runs_outcome_started ON job_runs (outcome, started_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
