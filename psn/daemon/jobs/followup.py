"""Every 5 minutes: ask the platform about posts it still holds — videos it is processing and posts
it publishes itself at their scheduled time — so a video that failed processing becomes `failed`
(and is notified) instead of staying "published"."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "followup"
SCHEDULE = "every 5m"
DESCRIPTION = "Check videos still processing and natively scheduled posts; fail the ones the platform refused"
ORDER = 15  # after publish_due, before notify: a failure found here is notified in the same tick


def run(ctx: JobContext) -> JobOutcome:
    from psn.publishing.followup import follow_up_all

    found = follow_up_all(ctx.app)
    for content_id in found["failed"]:
        _notify_failure(ctx, content_id)
    counts = {what: len(ids) for what, ids in found.items()}
    if not any(counts.values()):
        return JobOutcome.idle()
    summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return (JobOutcome.partial if counts["failed"] else JobOutcome.done)(summary, **counts)


def _notify_failure(ctx: JobContext, content_id: int) -> None:
    from psn.notify.queue import add_notification
    from psn.publishing.records import get_content

    row = get_content(ctx.app, content_id)
    with ctx.db.write() as conn:
        add_notification(conn, "publish.failed", f"{row.platform} post {content_id} failed after it was sent",
                         f"{row.error or 'unknown error'}. Fix the file and post it again.", "push",
                         dedupe_key=f"publish.failed:{content_id}:followup", at=ctx.now)
