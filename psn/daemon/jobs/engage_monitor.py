"""Every 3 hours: discover and score conversations in the niche. It never replies to anyone:
replies need the creator's approval in `psn engage`."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "engage_monitor"
SCHEDULE = "every 3h"
DESCRIPTION = "Find and score conversations in your niche (drafts only; never replies)"
ORDER = 20


def run(ctx: JobContext) -> JobOutcome:
    from psn.core.errors import BadInput
    from psn.engage.monitor import monitor

    try:
        report = monitor(ctx.app)
    except BadInput as exc:  # no keywords yet: nothing to watch, not a failure
        return JobOutcome.idle(exc.message)
    found = sum(int(p.get("new", 0) or 0) for p in report.platforms.values())
    if not report.platforms:
        return JobOutcome.idle("no connected platform can search")
    return JobOutcome.done(f"{found} new opportunities, {report.drafted} drafted, {report.expired} expired",
                           new=found, drafted=report.drafted, expired=report.expired)
