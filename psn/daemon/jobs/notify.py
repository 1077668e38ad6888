"""Deliver queued push notifications (failed publishes, hot opportunities, expiring tokens…)."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "notify"
SCHEDULE = "every 1m"
DESCRIPTION = "Send queued push notifications through the configured channels"
ORDER = 90  # last in a tick, so what the other jobs queued goes out in the same tick


def run(ctx: JobContext) -> JobOutcome:
    from psn.notify.dispatch import deliver_pending

    report = deliver_pending(ctx.app, check_stop=ctx.check_stop)
    if report.held_for_quiet_hours:
        return JobOutcome.idle(f"{report.held_for_quiet_hours} held for quiet hours")
    if not report.sent and not report.failed:
        return JobOutcome.idle()
    summary = f"{report.sent} sent, {report.failed} failed"
    if report.failed:
        return JobOutcome.partial(summary, sent=report.sent, failed=report.failed)
    return JobOutcome.done(summary, sent=report.sent)
