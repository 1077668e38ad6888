"""Opportunities in the database: ingest scored candidates (dedupe, blocklists, age), expire,
list, and explain. Each new one worth it is queued for the creator on psn/notify's queue, in the
same transaction: ≥ 70 (or addressed to them) as a push, 60-69 in the daily digest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select

from psn.core.errors import BadInput
from psn.core.sections.engage import EngageSettings
from psn.engage import scoring
from psn.engage.expiry import expiry_cutoff
from psn.notify.policy import in_quiet_hours
from psn.notify.queue import add_notification, withdraw
from psn.platforms.base import Candidate
from psn.store.db import Database, record_event
from psn.store.engage_tables import Opportunity


@dataclass
class IngestResult:
    new: list[int] = field(default_factory=list)
    updated: int = 0
    too_old: int = 0
    blocked: int = 0
    below_threshold: int = 0
    duplicates: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"new": len(self.new), "new_ids": self.new, "updated": self.updated, "too_old": self.too_old,
                "blocked": self.blocked, "below_threshold": self.below_threshold, "duplicates": self.duplicates}


def ingest(db: Database, candidates: list[Candidate], *, settings: EngageSettings, keywords: list[str],
           engagement_types: dict[str, list[str]], now: datetime, source: str,
           timezone: str = "UTC") -> IngestResult:
    result = IngestResult()
    quiet = in_quiet_hours(now, settings.quiet_hours, timezone)
    best: dict[tuple[str, str], tuple[Candidate, scoring.Score]] = {}
    for candidate in candidates:
        if scoring.too_old(candidate, now):
            result.too_old += 1
            continue
        if scoring.blocked(candidate, settings.blocked_authors, settings.blocked_keywords):
            result.blocked += 1
            continue
        found = scoring.score(candidate, keywords, settings.weights(), now)
        # Posts addressed to the creator, or pasted by hand, are kept whatever their score:
        # someone is waiting for an answer, or the creator already chose them.
        if found.composite < scoring.KEEP_AT and not (candidate.summoned or candidate.on_own_post
                                                        or source == "manual"):
            result.below_threshold += 1
            continue
        key = (candidate.platform, candidate.post_id)
        if key in best:
            result.duplicates += 1
            if best[key][1].composite >= found.composite:
                continue
        best[key] = (candidate, found)
    for candidate, found in best.values():
        _store(db, candidate, found, engagement_types.get(candidate.platform, []), now, source, result, quiet)
    return result


def _store(db: Database, candidate: Candidate, found: scoring.Score, types: list[str], now: datetime,
           source: str, result: IngestResult, quiet: bool) -> None:
    with db.session() as session:
        row = session.exec(select(Opportunity).where(Opportunity.platform == candidate.platform,
                                                     Opportunity.post_id == candidate.post_id)).first()
        if row is not None:
            result.duplicates += 1
            if row.status == "pending" and found.bp("composite") > row.score_bp:
                _apply_score(row, candidate, found)
                session.add(row)
                result.updated += 1
            return
        row = Opportunity(platform=candidate.platform, post_id=candidate.post_id, url=candidate.url,
                          text=candidate.text, author_id=candidate.author_id, author_handle=candidate.author_handle,
                          author_name=candidate.author_name, author_followers=candidate.author_followers,
                          posted_at=candidate.posted_at, found_at=now, source=source,
                          summoned=candidate.summoned, on_own_post=candidate.on_own_post,
                          engagement_type=scoring.suggested_type(candidate, types),
                          metrics=candidate.metrics.model_dump_json(exclude={"raw"}),
                          reply_target=json.dumps(candidate.raw, default=str, sort_keys=True))
        _apply_score(row, candidate, found)
        session.add(row)
        session.flush()
        assert row.id is not None
        result.new.append(row.id)
        _notify(session, row, now, quiet)


def _apply_score(row: Opportunity, candidate: Candidate, found: scoring.Score) -> None:
    row.matched_keyword = found.keyword
    row.relevance_bp, row.recency_bp = found.bp("relevance"), found.bp("recency")
    row.reach_bp, row.potential_bp = found.bp("reach"), found.bp("potential")
    row.score_bp = found.bp("composite")
    row.summoned = row.summoned or candidate.summoned


def _notify(session, row: Opportunity, now: datetime, quiet: bool) -> None:  # type: ignore[no-untyped-def]
    """Queue an alert in the ingest's own transaction. In `engage.quiet_hours` nothing is pushed:
    what would have been goes to the digest instead."""
    if row.score_bp >= scoring.PUSH_AT * 100 or row.summoned or row.on_own_post:  # someone is waiting
        priority = "digest" if quiet else "push"
    elif row.score_bp >= scoring.KEEP_AT * 100:
        priority = "digest"
    else:
        return
    who = f"@{row.author_handle}" if row.author_handle else "someone"
    title = (f"{who} is talking to you on {row.platform}" if row.summoned
             else f"{who} commented on your {row.platform} post" if row.on_own_post
             else f"Worth a reply on {row.platform}: {who} (score {row.score_bp / 100:.0f})")
    body = f"{row.text[:200]}\nReply with `psn engage`; why: `psn engage explain {row.id}`."
    add_notification(session.connection(), "engage.opportunity", title, body, priority,
                     dedupe_key=f"engage.opportunity:{row.id}", at=now)


def expire_pending(db: Database, now: datetime) -> int:
    with db.session() as session:
        rows = session.exec(select(Opportunity).where(Opportunity.status == "pending",
                                                      col(Opportunity.found_at) < expiry_cutoff(now))).all()
        for row in rows:
            row.status, row.decided_at = "expired", now
            session.add(row)
    return len(rows)


def pending(db: Database, platforms: list[str] | None = None, limit: int = 50) -> list[Opportunity]:
    query = select(Opportunity).where(Opportunity.status == "pending")
    if platforms:
        query = query.where(col(Opportunity.platform).in_(platforms))
    query = query.order_by(col(Opportunity.score_bp).desc(), col(Opportunity.id)).limit(limit)
    with db.session() as session:
        return list(session.exec(query).all())


def get(db: Database, opportunity_id: int) -> Opportunity:
    with db.session() as session:
        row = session.get(Opportunity, opportunity_id)
    if row is None:
        raise BadInput(f"There is no opportunity {opportunity_id}.", hint="List them with `psn engage list`.")
    return row


def decide(db: Database, opportunity_id: int, status: str, now: datetime) -> None:
    """Committed at once, so an interrupted session keeps every answer already given."""
    with db.session() as session:
        row = session.get(Opportunity, opportunity_id)
        if row is None:
            raise BadInput(f"There is no opportunity {opportunity_id}.", hint="List them with `psn engage list`.")
        row.status, row.decided_at = status, now
        session.add(row)
        if status == "no":
            withdraw_alert(session.connection(), opportunity_id, now)


def withdraw_alert(conn, opportunity_id: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Answered, approved or declined: the daemon must not push it or list it in the digest any more."""
    withdraw(conn, f"engage.opportunity:{opportunity_id}", now)


def explain(row: Opportunity, settings: EngageSettings, now: datetime) -> dict[str, object]:
    candidate = to_candidate(row)
    found = scoring.score(candidate, [row.matched_keyword] if row.matched_keyword else [], settings.weights(), now)
    weights = settings.weights()
    parts = {name: {"score": getattr(row, f"{name}_bp") / 100, "weight": weights[name],
                    "why": found.reasons[name]} for name in weights}
    return {"id": row.id, "platform": row.platform, "url": row.url, "author": row.author_handle,
            "score": row.score_bp / 100, "components": parts, "engagement_type": row.engagement_type,
            "flag": "on your post" if (row.summoned or row.on_own_post) else None, "status": row.status,
            "threshold": "push" if row.score_bp >= scoring.PUSH_AT * 100 else
            "digest" if row.score_bp >= scoring.KEEP_AT * 100 else "kept: addressed to you or added by hand"}


def to_candidate(row: Opportunity) -> Candidate:
    from psn.platforms.base import EngagementMetrics

    return Candidate(platform=row.platform, post_id=row.post_id, url=row.url, text=row.text,
                     author_id=row.author_id, author_handle=row.author_handle, author_name=row.author_name,
                     author_followers=row.author_followers, posted_at=row.posted_at,
                     metrics=EngagementMetrics(**json.loads(row.metrics or "{}")), summoned=row.summoned,
                     on_own_post=row.on_own_post, raw=json.loads(row.reply_target or "{}"))


def log_config_change(db: Database, now: datetime, key: str, value: object) -> None:
    with db.write() as conn:
        record_event(conn, "engage.config_changed", now, subject=key, value=value)
