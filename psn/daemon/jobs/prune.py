"""Housekeeping: drop old job runs and handled notifications so the database stays small.

A job that runs every minute writes 1,440 rows a day; idle runs go after two days, everything
else after `daemon.keep_history_days`. Queued notifications are never pruned.
"""

from __future__ import annotations

from datetime import timedelta

from psn.daemon.job import JobContext, JobOutcome

NAME = "prune"
SCHEDULE = "daily 04:00"
DESCRIPTION = "Remove job runs and sent notifications older than daemon.keep_history_days"
IDLE_KEEP = timedelta(days=2)


def run(ctx: JobContext) -> JobOutcome:
    from psn.daemon.history import prune_runs
    from psn.notify.queue import prune_notifications

    keep = timedelta(days=ctx.settings.daemon.keep_history_days)
    runs = prune_runs(ctx.db, idle_before=ctx.now - IDLE_KEEP, all_before=ctx.now - keep)
    ctx.check_stop()
    notes = prune_notifications(ctx.db, before=ctx.now - keep)
    if not runs and not notes:
        return JobOutcome.idle()
    return JobOutcome.done(f"removed {runs} job runs, {notes} notifications", runs=runs, notifications=notes)
