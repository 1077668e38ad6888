"""Every time psn shows is the creator's own (`general.timezone`), labelled with its zone, so
"10:00" is never a guess between UTC and local. Stored times are UTC (naive means UTC)."""

from __future__ import annotations

from datetime import datetime


def _zone_now(moment: datetime, timezone: str | None) -> datetime:
    from zoneinfo import ZoneInfo

    from psn.core.clock import ensure_utc

    if timezone is None:
        from psn.cli.state import ctx

        timezone = ctx().settings.general.timezone
    return ensure_utc(moment).astimezone(ZoneInfo(timezone))


def local_time(moment: datetime, timezone: str | None = None) -> str:
    """For sentences: "Sat 12 Dec 2026 10:00 CET"."""
    return f"{_zone_now(moment, timezone):%a %d %b %Y %H:%M %Z}"


def local_stamp(moment: datetime, timezone: str | None = None) -> str:
    """For tables: "2026-12-12 10:00 CET"."""
    return f"{_zone_now(moment, timezone):%Y-%m-%d %H:%M %Z}"
