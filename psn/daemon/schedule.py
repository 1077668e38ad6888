"""Schedules → APScheduler triggers, and when a job is next due given its last run.

Times are the injected clock's, so `psn daemon run --once` and the tests can move through a
day without sleeping. `daily` and `cron` schedules follow the creator's timezone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psn.core.sections.daemon import Schedule


def build_trigger(schedule: Schedule, timezone: str) -> Any | None:
    """The APScheduler trigger for a schedule; None when the job is off."""
    if schedule.kind == "off":
        return None
    if schedule.kind == "every":
        from apscheduler.triggers.interval import IntervalTrigger

        return IntervalTrigger(seconds=schedule.seconds, timezone=UTC)
    from apscheduler.triggers.cron import CronTrigger

    if schedule.kind == "daily":
        return CronTrigger(hour=schedule.hour, minute=schedule.minute, timezone=timezone)
    return CronTrigger.from_crontab(schedule.crontab, timezone=timezone)


def due_at(schedule: Schedule, timezone: str, last_started: datetime | None, now: datetime) -> datetime | None:
    """When the job should next run. A job that never ran is due now; one whose runs were
    missed (the daemon was down) is due now once, not once per missed run."""
    trigger = build_trigger(schedule, timezone)
    if trigger is None:
        return None
    if last_started is None:
        return now
    upcoming = trigger.get_next_fire_time(last_started, now)
    return upcoming.astimezone(UTC) if upcoming is not None else None


def is_due(schedule: Schedule, timezone: str, last_started: datetime | None, now: datetime) -> bool:
    when = due_at(schedule, timezone, last_started, now)
    return when is not None and when <= now
