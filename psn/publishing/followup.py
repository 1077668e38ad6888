"""Posts the platform still holds after psn sent them: a video it is processing (`processing`), or
a post it publishes itself at the scheduled time (`scheduled` with the platform's id).

psn asks the platform until it settles — through `adapter.lookup()` where the adapter offers it
(it also says the real link and time, e.g. WordPress `future` → `publish`), else `adapter.status()`.
Ready or live becomes `published`; a definite refusal (a video that failed processing) becomes
`failed` with the platform's reason, so a post never stays "published" when nobody can see it.
A post the platform schedules is only asked about once its time has come. `psn post status ID`
checks one post, `psn post list` the posts it lists, the daemon's `followup` job all of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psn.context import AppContext
from psn.core.clock import ensure_utc
from psn.core.errors import PsnError
from psn.core.redact import redact
from psn.platforms.base import PublishResult, PublishStatus
from psn.platforms.errors import Rejected
from psn.publishing.pipeline import handed_over
from psn.publishing.records import get_content
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


def pending(row: PublishedContent, now: datetime) -> bool:
    """Worth asking about now: processing, or scheduled on the platform and due (or of unknown time)."""
    if row.status == "processing":
        return True
    return handed_over(row) and (row.scheduled_at is None or ensure_utc(row.scheduled_at) <= now)


def follow_up(ctx: AppContext, content_id: int) -> tuple[PublishedContent, str | None]:
    """(the row as it now stands, why psn could not ask — None when it could or need not)."""
    row = get_content(ctx, content_id)
    if not pending(row, ctx.clock.now()):
        return row, None
    from psn.accounts.wiring import adapter_for

    try:
        adapter, _ = adapter_for(ctx, row.platform)
        found = _ask(adapter, row.platform_post_id or "")
    except Rejected as exc:  # the platform's definite no: it will never show this post
        return _settle(ctx, content_id, "failed", error=exc), None
    except PsnError as exc:  # unreachable, rate limited, reconnect needed: ask again later
        return row, redact(exc.message)
    if found.status == PublishStatus.PUBLISHED:
        return _settle(ctx, content_id, "published", found=found), None
    return row, None


def _ask(adapter: Any, platform_post_id: str) -> PublishResult:
    if hasattr(adapter, "lookup"):  # NativeScheduling: the status plus the real link and time
        return adapter.lookup(platform_post_id)
    return PublishResult(platform_post_id=platform_post_id, status=adapter.status(platform_post_id))


def follow_up_all(ctx: AppContext, ids: list[int] | None = None) -> dict[str, list[int]]:
    """Every pending post once (or those among `ids`): the ids now published, failed, and still waiting."""
    from sqlmodel import col, select

    query = select(PublishedContent.id).where(col(PublishedContent.status).in_(("processing", "scheduled")),
                                              col(PublishedContent.platform_post_id).is_not(None))
    if ids is not None:
        query = query.where(col(PublishedContent.id).in_(ids))
    with ctx.db.session() as session:
        ids = [i for i in session.exec(query).all() if i is not None]
    found: dict[str, list[int]] = {"published": [], "failed": [], "waiting": []}
    for content_id in ids:
        row, _ = follow_up(ctx, content_id or 0)
        found[row.status if row.status in ("published", "failed") else "waiting"].append(content_id or 0)
    return found


def _settle(ctx: AppContext, content_id: int, status: str, error: PsnError | None = None,
            found: PublishResult | None = None) -> PublishedContent:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        assert row is not None
        if status == "published":  # it went live when the platform says, else at its time, not when psn noticed
            at = (found.published_at if found else None) or (row.scheduled_at if handed_over(row) else None)
            row.published_at = at or row.published_at or now
            row.url = (found.url if found else None) or row.url
        row.status, row.updated_at = status, now
        if error is not None:
            row.error, row.error_kind = redact(error.message), error.kind
        session.add(row)
        session.flush()
        session.refresh(row)
    with ctx.db.write() as conn:
        if error is not None:
            record_event(conn, "content.failed", now, f"content:{content_id}", platform=row.platform,
                         error=row.error, error_kind=row.error_kind)
        else:
            record_event(conn, "content.live", now, f"content:{content_id}", platform=row.platform,
                         platform_post_id=row.platform_post_id, url=row.url)
    return row

