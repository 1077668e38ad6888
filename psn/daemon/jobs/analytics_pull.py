"""Daily: pull metrics for published content (tiered cadence and budget live in psn.analytics)."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "analytics_pull"
SCHEDULE = "daily 06:00"
DESCRIPTION = "Pull metrics for published content and turn growth into engagement events"
ORDER = 30


def run(ctx: JobContext) -> JobOutcome:
    from psn.analytics.pull import pull

    result = pull(ctx.app)
    measured = sum(p.measured for p in result.platforms)
    events = sum(p.events for p in result.platforms)
    if not result.platforms:
        return JobOutcome.idle("no content due for a pull")
    summary = f"{measured} posts measured, {events} events" + (f", {result.deferred} deferred" if result.deferred
                                                                 else "")
    errors = [f"{p.platform}: {p.error}" for p in result.platforms if p.error]
    if errors:
        return JobOutcome.partial(summary + "; " + "; ".join(errors), measured=measured, events=events)
    return JobOutcome.done(summary, measured=measured, events=events, deferred=result.deferred)
