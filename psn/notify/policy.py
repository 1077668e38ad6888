"""When not to send: quiet hours and the day boundary of daily caps, in the creator's timezone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from psn.core.clock import local_day_start
from psn.core.sections.notify import parse_quiet_hours

__all__ = ["in_quiet_hours", "local", "local_date", "local_day_start"]


def local(now: datetime, timezone: str) -> datetime:
    return now.astimezone(ZoneInfo(timezone))


def in_quiet_hours(now: datetime, quiet_hours: str, timezone: str) -> bool:
    """True inside the range; a range like 22:00-07:00 wraps past midnight."""
    window = parse_quiet_hours(quiet_hours)
    if window is None:
        return False
    start, end = window
    moment = local(now, timezone)
    minute = moment.hour * 60 + moment.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def local_date(now: datetime, timezone: str) -> str:
    return local(now, timezone).date().isoformat()
