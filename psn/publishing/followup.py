"""Posts the platform still holds after psn sent them: a video it is processing (`processing`), or
a post it publishes itself at the scheduled time (`scheduled` with the platform's id).

psn asks the adapter's `status()` until the platform settles: ready or live becomes `published`;
a definite refusal (a video that failed processing) becomes `failed` with the platform's reason, so
a post never stays "published" when nobody can see it. `psn post status ID` checks one such post;
the daemon's `followup` job checks them all every few minutes.
"""

from __future__ import annotations

from psn.context import AppContext
from psn.core.errors import PsnError
from psn.core.redact import redact
from psn.platforms.base import PublishStatus
from psn.platforms.errors import Rejected
from psn.publishing.pipeline import handed_over
from psn.publishing.records import get_content
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


def pending(row: PublishedContent) -> bool:
    return row.status == "processing" or handed_over(row)


def follow_up(ctx: AppContext, content_id: int) -> tuple[PublishedContent, str | None]:
    """(the row as it now stands, why psn could not ask — None when it could or need not)."""
    row = get_content(ctx, content_id)
    if not pending(row):
        return row, None
    from psn.accounts.wiring import adapter_for

    try:
        adapter, _ = adapter_for(ctx, row.platform)
        state = adapter.status(row.platform_post_id or "")
    except Rejected as exc:  # the platform's definite no: it will never show this post
        return _settle(ctx, content_id, "failed", exc), None
    except PsnError as exc:  # unreachable, rate limited, reconnect needed: ask again later
        return row, redact(exc.message)
    if state == PublishStatus.PUBLISHED:
        return _settle(ctx, content_id, "published", None), None
    return row, None


def follow_up_all(ctx: AppContext) -> dict[str, list[int]]:
    """Every pending post once: the ids now published, failed, and still waiting."""
    from sqlmodel import col, select

    with ctx.db.session() as session:
        ids = session.exec(select(PublishedContent.id).where(
            col(PublishedContent.status).in_(("processing", "scheduled")),
            col(PublishedContent.platform_post_id).is_not(None))).all()
    found: dict[str, list[int]] = {"published": [], "failed": [], "waiting": []}
    for content_id in ids:
        row, _ = follow_up(ctx, content_id or 0)
        found[row.status if row.status in ("published", "failed") else "waiting"].append(content_id or 0)
    return found


def _settle(ctx: AppContext, content_id: int, status: str, error: PsnError | None) -> PublishedContent:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        assert row is not None
        if status == "published" and handed_over(row) and row.scheduled_at is not None:
            row.published_at = row.scheduled_at  # it went live at its time, not when psn noticed
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

