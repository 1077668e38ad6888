"""psn's pacing of its own sends: one API reply every `engage.cooldown_minutes`, told to the second.

The cooldown exists so psn never fires replies at machine speed from one account (what platforms
flag as automation). A reply the creator posted by hand (a hand-off) is a person's own action, so
it does not start a cooldown; it still counts toward the daily cap, which is about how much the
creator engages, whoever presses the button.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from psn.core.clock import ensure_utc
from psn.core.errors import RateLimited
from psn.core.sections.engage import EngageSettings
from psn.store.engage_tables import EngageLog


class CoolingDown(RateLimited):
    """Refused only for the cooldown: the moment it ends is known, so a session can wait for it."""

    def __init__(self, message: str, ready_at: datetime, hint: str | None = None) -> None:
        super().__init__(message, hint, ready_at=ready_at.isoformat())
        self.ready_at = ready_at


def next_send_at(session: Session, settings: EngageSettings) -> datetime | None:
    """When the cooldown after psn's last API reply ends (None: no cooldown, or nothing sent yet)."""
    if not settings.cooldown_minutes:
        return None
    last = session.exec(select(func.max(EngageLog.sent_at)).where(EngageLog.delivery == "api")).one()
    return None if last is None else ensure_utc(last) + timedelta(minutes=settings.cooldown_minutes)


def check_cooldown(session: Session, settings: EngageSettings, now: datetime, timezone: str) -> None:
    ready = next_send_at(session, settings)
    if ready is not None and ensure_utc(now) < ready:
        raise CoolingDown(f"Cooling down — next send at {wait_text(ready, now, timezone)} "
                          f"(one reply every {settings.cooldown_minutes} min).", ready,
                          hint="The reply stays approved: `psn engage queue` shows it, `psn engage send` sends it.")


def wait_text(ready: datetime, now: datetime, timezone: str) -> str:
    """'19:35:12 (in 4m 33s)' in the creator's timezone; seconds round up so 'in 0s' never shows early."""
    local = ensure_utc(ready).astimezone(ZoneInfo(timezone))
    return f"{local:%H:%M:%S} (in {span(seconds_until(ready, now))})"


def seconds_until(ready: datetime, now: datetime) -> int:
    delta = (ensure_utc(ready) - ensure_utc(now)).total_seconds()
    return max(0, int(delta) + (delta % 1 > 0))


def span(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"
