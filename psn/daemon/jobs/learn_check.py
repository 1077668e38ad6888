"""Hourly: run a learning cycle for every channel whose content reached its trigger."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "learn_check"
SCHEDULE = "every 1h"
DESCRIPTION = "Evolve channel prompts once content reaches the engagement threshold or 24 h"
ORDER = 40


def run(ctx: JobContext) -> JobOutcome:
    from psn.learn.triggers import check_triggers

    reports = check_triggers(ctx.app)
    if not reports:
        return JobOutcome.idle("no channel reached its trigger")
    created = sum(len(r.created) for r in reports)
    return JobOutcome.done(f"{len(reports)} cycle(s), {created} new version(s)", cycles=len(reports),
                           created=created)
