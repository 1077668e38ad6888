"""Once a day: fold the queued digest items and the day's activity into one notification."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "digest"
SCHEDULE = "daily 18:00"
DESCRIPTION = "Daily digest: opportunities 60-69 and a summary of the day"
ORDER = 80  # before `notify`, which delivers it


def run(ctx: JobContext) -> JobOutcome:
    from psn.notify.digest import queue_digest

    result = queue_digest(ctx.app)
    if not result["queued"]:
        return JobOutcome.idle(result["reason"])
    return JobOutcome.done(f"digest queued with {result['items']} item(s)", items=result["items"])
