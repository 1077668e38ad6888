"""`psn engage stats`: totals per platform, remaining caps, score weights, reply outcomes and the
weight suggestions learned from them (psn/engage/learning.py)."""

from __future__ import annotations

from datetime import datetime

from psn.core.sections.engage import EngageSettings
from psn.engage import history
from psn.engage.delivery import sent_today
from psn.store.db import Database


def remaining_caps(db: Database, settings: EngageSettings, platforms: list[str], now: datetime,
                   timezone: str = "UTC") -> dict[str, dict[str, int]]:
    with db.session() as session:
        used = {p: sent_today(session, p, now, timezone) for p in platforms}
    return {p: {"cap": settings.cap_for(p), "used": n, "left": max(0, settings.cap_for(p) - n)}
            for p, n in used.items()}


def stats(db: Database, settings: EngageSettings, now: datetime, days: int = 30,
          timezone: str = "UTC") -> dict[str, object]:
    from psn.engage import learning

    rows = history.daily(db, now, days, timezone)
    per_platform = history.totals(rows)
    platforms = sorted({*settings.monitor_platforms, *per_platform})
    return {"days": days, "platforms": per_platform,
            "remaining_caps": remaining_caps(db, settings, platforms, now, timezone),
            "awaiting_confirmation": history.awaiting_confirmation(db),
            "weights": settings.weights(),
            "outcomes": learning.outcome_summary(db, history.period_start(now, days, timezone)),
            "suggestions": learning.suggest(db, settings),
            "weight_changes": learning.weight_changes(db)}
