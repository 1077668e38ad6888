"""`published_content` rows: created before any API call, updated as a publish progresses.

Statuses: draft → approved → (scheduled) → publishing → published (→ deleted) | failed (| cancelled, missed).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import select

from psn.context import AppContext
from psn.core.errors import BadInput
from psn.platforms.base import PublishRequest
from psn.publishing import approval
from psn.publishing.post_view import STATUSES, check_status
from psn.publishing.post_view import next_step as post_view_next_step
from psn.store.publishing_tables import PublishedContent

__all__ = ["STATUSES"]  # read by others from here; the list lives with the quick reader


def request_json(request: PublishRequest) -> str:
    return request.model_dump_json()


def load_request(row: PublishedContent) -> PublishRequest:
    return PublishRequest.model_validate_json(row.request)


def create_publish(
    ctx: AppContext,
    request: PublishRequest,
    *,
    account_id: int | None,
    status: str = "approved",
    scheduled_at: datetime | None = None,
    campaign: str | None = None,
    draft_id: int | None = None,
    prompt_version_id: int | None = None,
) -> PublishedContent:
    if status not in ("draft", "approved", "scheduled"):
        raise ValueError(f"a publish is created as draft, approved or scheduled, not {status}")
    now = ctx.clock.now()
    request = request.model_copy(update={"idempotency_key": request.idempotency_key or uuid.uuid4().hex})
    row = PublishedContent(
        idempotency_key=request.idempotency_key, account_id=account_id, platform=request.platform,
        format=request.format, status=status, request=request_json(request), scheduled_at=scheduled_at,
        created_at=now, updated_at=now, campaign=campaign, draft_id=draft_id, prompt_version_id=prompt_version_id,
    )
    with ctx.db.session() as session:
        session.add(row)
        session.flush()
        session.refresh(row)
        approval.record(session, row, now)  # in the same transaction: an approved row never lacks its record
    return row


UNFINISHED = ("publishing", "failed")


def find_unfinished(ctx: AppContext, request: PublishRequest, since: datetime) -> int | None:
    """The newest publish of exactly this request (same platform, text, parts, media, options) created
    since `since` that started and never finished — killed mid-way, or failed — if there is one."""
    wanted = _fingerprint(request)
    query = select(PublishedContent).where(
        PublishedContent.platform == request.platform, PublishedContent.status.in_(UNFINISHED),  # type: ignore[attr-defined]
        PublishedContent.created_at >= since,  # type: ignore[operator]
    ).order_by(PublishedContent.id.desc())  # type: ignore[union-attr]
    with ctx.db.session() as session:
        rows = session.exec(query).all()
    return next((r.id for r in rows if _fingerprint(load_request(r)) == wanted), None)


def _fingerprint(request: PublishRequest) -> str:
    return request.model_dump_json(exclude={"idempotency_key"})


def get_content(ctx: AppContext, content_id: int) -> PublishedContent:
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
    if row is None:
        raise BadInput(f"There is no post with id {content_id}.", hint="`psn post list` shows them.")
    return row


def list_content(ctx: AppContext, status: str | None = None, platform: str | None = None,
                 limit: int = 50) -> list[PublishedContent]:
    check_status(status)
    query = select(PublishedContent).order_by(PublishedContent.id.desc()).limit(limit)  # type: ignore[union-attr]
    if status:
        query = query.where(PublishedContent.status == status)
    if platform:
        query = query.where(PublishedContent.platform == platform)
    with ctx.db.session() as session:
        return list(session.exec(query).all())


def recent_texts(ctx: AppContext, platform: str, since: datetime) -> list[tuple[int, str]]:
    """(id, text) of what was published on a platform since a moment (near-duplicate checks)."""
    query = select(PublishedContent).where(
        PublishedContent.platform == platform, PublishedContent.status == "published",
        PublishedContent.published_at >= since,  # type: ignore[operator]
    )
    with ctx.db.session() as session:
        rows = session.exec(query).all()
    return [(r.id or 0, load_request(r).text) for r in rows]


def cancel(ctx: AppContext, content_id: int) -> PublishedContent:
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        if row is None:
            raise BadInput(f"There is no post with id {content_id}.", hint="`psn post list` shows them.")
        if row.status not in ("draft", "approved", "scheduled", "failed"):
            raise BadInput(f"Post {content_id} is {row.status}; only drafts, scheduled and failed posts can be "
                           "cancelled.", hint="`psn post list --status scheduled` shows what can be.")
        if row.status == "scheduled" and row.platform_post_id:
            raise BadInput(f"Post {content_id} is scheduled on {row.platform} itself; psn cannot take it back.",
                           hint=f"Delete it among your scheduled posts on {row.platform} itself.")
        row.status, row.updated_at = "cancelled", ctx.clock.now()
        session.add(row)
    return row


def describe(row: PublishedContent) -> dict[str, Any]:
    request = load_request(row)
    steps = json.loads(row.steps or "{}")
    return {
        "id": row.id, "platform": row.platform, "format": row.format, "status": row.status,
        "title": request.title, "link": request.link, "text": request.text,
        "parts": len(request.parts) + 1 if request.parts else 1,
        "media": [str(m.path or m.url) for m in request.media], "platform_post_id": row.platform_post_id,
        "url": row.url, "error": row.error, "error_kind": row.error_kind, "attempts": row.attempts,
        "steps": steps, "scheduled_at": row.scheduled_at, "published_at": row.published_at,
        "created_at": row.created_at, "campaign": row.campaign, "cost_usd": row.cost_usd,
        "prompt_version_id": row.prompt_version_id,
        "idempotency_key": row.idempotency_key,
        "next": next_step(row, steps),
    }


def next_step(row: PublishedContent, steps: dict[str, Any]) -> str | None:
    """What to do about a failed post (psn/publishing/post_view.py says it for the quick list too)."""
    return post_view_next_step(row.id, row.platform, row.status, steps, row.platform_post_id, row.error_kind)


EDITABLE = ("draft", "approved", "scheduled")


def update_unsent(
    ctx: AppContext,
    content_id: int,
    *,
    request: PublishRequest | None = None,
    status: str | None = None,
    scheduled_at: datetime | None = None,
    account_id: int | None = None,
) -> PublishedContent:
    """Change a post that has not started going out (draft, approved, scheduled): its text or media,
    its status, its time. The idempotency key never changes, so a publish is still recorded once."""
    if status is not None and status not in EDITABLE:
        raise ValueError(f"an unsent post can become {', '.join(EDITABLE)}, not {status}")
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        if row is None:
            raise BadInput(f"There is no post with id {content_id}.", hint="`psn post list` shows them.")
        if row.status not in EDITABLE or json.loads(row.steps or "{}"):
            raise BadInput(f"Post {content_id} is {row.status} and can no longer be changed.",
                           hint="Only drafts and approved or scheduled posts that have not started can be edited.")
        if request is not None:
            key = row.idempotency_key
            row.request = request_json(request.model_copy(update={"idempotency_key": key}))
            row.format = request.format
        if status is not None:
            row.status = status
        if status is not None or scheduled_at is not None:
            row.scheduled_at = scheduled_at if (status or row.status) == "scheduled" else None
        if account_id is not None:
            row.account_id = account_id
        row.updated_at = ctx.clock.now()
        session.add(row)
        session.flush()
        session.refresh(row)
        approval.record(session, row, row.updated_at)  # an edit through psn is the creator's new approval
    return row
