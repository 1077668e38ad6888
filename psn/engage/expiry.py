"""How long a found post waits for the creator: pending opportunities expire 48 h after discovery."""

from __future__ import annotations

from datetime import datetime, timedelta

from psn.core.clock import ensure_utc

EXPIRE_AFTER = timedelta(hours=48)


def expiry_cutoff(now: datetime) -> datetime:
    """Opportunities found before this moment are expired."""
    return ensure_utc(now) - EXPIRE_AFTER
