"""Every 3 hours, outside the creator's quiet hours (`engage.quiet_hours`): discover and score
conversations in the niche, and comments and mentions on the creator's own posts. It never replies
to anyone: replies need approval in `psn engage`."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "engage_monitor"
SCHEDULE = "every 3h"
DESCRIPTION = "Find and score conversations in your niche (drafts only; never replies)"
ORDER = 20


def run(ctx: JobContext) -> JobOutcome:
    from psn.core.errors import BadInput
    from psn.engage.monitor import monitor
    from psn.notify.policy import in_quiet_hours

    settings = ctx.settings
    if in_quiet_hours(ctx.now, settings.engage.quiet_hours, settings.general.timezone):
        return JobOutcome.idle(f"quiet hours ({settings.engage.quiet_hours}): not monitoring")
    try:
        report = monitor(ctx.app)
    except BadInput as exc:  # no keywords yet: nothing to watch, not a failure
        return JobOutcome.idle(exc.message)
    found = sum(int(p.get("new", 0) or 0) for p in report.platforms.values())
    if all("skipped" in info for info in report.platforms.values()):  # nothing connected, or none can be read
        return JobOutcome.idle("no connected platform to watch")
    summary = f"{found} new opportunities, {report.drafted} drafted, {report.expired} expired"
    counts = {"new": found, "drafted": report.drafted, "expired": report.expired}
    if report.errors():
        failed = "; ".join(f"{where}: {why}" for where, why in report.errors().items())
        return JobOutcome.partial(f"{summary}; failed: {failed}", **counts)
    return JobOutcome.done(summary, **counts)
