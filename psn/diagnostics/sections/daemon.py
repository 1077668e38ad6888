"""Doctor: is the daemon running, did its jobs fail lately, can notifications reach the creator?

It reads the lock, pidfile and tables directly: the diagnostics layer sits below psn.daemon.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

NAME = "daemon"
ORDER = 80
FAILED = ("error", "abandoned", "interrupted", "partial")
NEEDS_SECRET = {"webhook": "notify.webhook_url"}


def _running(run_dir) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    lock, pidfile = run_dir / "daemon.lock", run_dir / "daemon.pid"
    if not lock.exists():
        return {"running": False}
    import fcntl
    import os

    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        held = False
    except BlockingIOError:
        held = True
    finally:
        os.close(fd)
    pid = pidfile.read_text().split()[0] if held and pidfile.exists() else None
    return {"running": held, "pid": pid}


def _failures(ctx: Any) -> list[str]:
    from sqlalchemy import and_, select

    from psn.store.daemon_tables import JobRun

    runs = JobRun.__table__
    since = ctx.clock.now() - timedelta(hours=24)
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(select(runs.c.job, runs.c.outcome)
                            .where(and_(runs.c.outcome.in_(FAILED), runs.c.started_at >= since))).all()
    return sorted({f"{r.job} ({r.outcome})" for r in rows})


def _added_channels(ctx: Any) -> list[str]:
    """Channels added with `psn notify add` (their URLs stay in the keyring; only names here)."""
    from sqlalchemy import select

    from psn.store.notify_tables import NotifyChannel

    table = NotifyChannel.__table__
    with ctx.db.engine.connect() as conn:
        return [row.name for row in conn.execute(select(table.c.name).order_by(table.c.id))]


def collect(ctx: Any) -> dict[str, Any]:
    notify = ctx.settings.notify
    names = ctx.secrets.names()
    missing = [f"{channel} needs `psn notify secret {secret.split('.')[1].replace('_', '-')}`"
               for channel, secret in NEEDS_SECRET.items() if channel in notify.channels and secret not in names]
    if "email" in notify.channels and not (notify.email_host and notify.email_to):
        missing.append("email needs notify.email_host and notify.email_to")
    failures = _failures(ctx)
    return {
        "ok": not missing and not failures,
        **_running(ctx.paths.run_dir),
        "failed_jobs_24h": failures,
        "channels": notify.channels + _added_channels(ctx),
        "channel_problems": missing,
        "hint": "`psn daemon status` and `psn notify test` say more" if (missing or failures) else None,
    }
