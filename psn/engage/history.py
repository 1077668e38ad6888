"""`psn engage history`: what was seen, engaged, skipped and handed off, per local day and platform.

Counted in Python from the few rows of the period (a creator engages tens of times a day), so the
day boundaries follow the creator's timezone exactly as the daily caps do.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from psn.core.clock import ensure_utc
from psn.core.errors import BadInput
from psn.store.db import Database
from psn.store.engage_tables import Approval, EngageLog, Opportunity

COUNTS = ("seen", "engaged", "api", "handed_off", "declined", "skipped", "expired")
DECIDED = {"no": "declined", "skipped": "skipped", "expired": "expired"}


def period_start(now: datetime, days: int, timezone: str) -> datetime:
    if not 1 <= days <= 365:
        raise BadInput(f"--days {days} is out of range.", hint="Use 1 to 365 days.")
    local = ensure_utc(now).astimezone(ZoneInfo(timezone))
    first = local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)
    return ensure_utc(first)


def day_of(at: datetime, timezone: str) -> str:
    return ensure_utc(at).astimezone(ZoneInfo(timezone)).date().isoformat()


def daily(db: Database, now: datetime, days: int, timezone: str = "UTC",
          platforms: list[str] | None = None) -> list[dict[str, object]]:
    """One row per (day, platform) with activity, newest day first."""
    since = period_start(now, days, timezone)
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for row in _opportunities(db, since, platforms):
        if ensure_utc(row.found_at) >= since:
            table[(day_of(row.found_at, timezone), row.platform)]["seen"] += 1
        if row.status in DECIDED and row.decided_at is not None and ensure_utc(row.decided_at) >= since:
            table[(day_of(row.decided_at, timezone), row.platform)][DECIDED[row.status]] += 1
    for log in sent(db, since, platforms):
        counts = table[(day_of(log.sent_at, timezone), log.platform)]
        counts["engaged"] += 1
        counts["api" if log.delivery == "api" else "handed_off"] += 1
    return [{"day": day, "platform": platform, **counts}
            for (day, platform), counts in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1]), reverse=True)]


def totals(rows: list[dict[str, object]]) -> dict[str, dict[str, int]]:
    """Sum the daily rows per platform."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for row in rows:
        for key in COUNTS:
            out[str(row["platform"])][key] += int(row[key])  # type: ignore[call-overload]
    return dict(sorted(out.items()))


def sent(db: Database, since: datetime, platforms: list[str] | None = None) -> list[EngageLog]:
    query = select(EngageLog).where(col(EngageLog.sent_at) >= since)
    if platforms:
        query = query.where(col(EngageLog.platform).in_(platforms))
    with db.session() as session:
        return list(session.exec(query.order_by(col(EngageLog.sent_at).desc())).all())


def awaiting_confirmation(db: Database) -> list[dict[str, object]]:
    """Hand-offs started (approval claimed) that the creator has not yet confirmed or cancelled."""
    query = (select(Approval, Opportunity).join(Opportunity, col(Opportunity.id) == Approval.opportunity_id)
             .where(col(Approval.claimed_at).is_not(None))
             .where(col(Approval.id).not_in(select(EngageLog.approval_id))))
    with db.session() as session:
        rows = session.exec(query.order_by(col(Approval.id))).all()
    return [{"approval_id": a.id, "opportunity_id": o.id, "platform": o.platform, "url": o.url, "text": a.text,
             "started_at": a.claimed_at} for a, o in rows]


def _opportunities(db: Database, since: datetime, platforms: list[str] | None) -> list[Opportunity]:
    query = select(Opportunity).where((col(Opportunity.found_at) >= since) | (col(Opportunity.decided_at) >= since))
    if platforms:
        query = query.where(col(Opportunity.platform).in_(platforms))
    with db.session() as session:
        return list(session.exec(query).all())
