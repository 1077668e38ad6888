"""Posts a platform schedules itself (`capabilities.native_scheduling`, e.g. WordPress `future`):
psn hands them over at once and records them `scheduled`, with the platform's id and the time.
The platform publishes them later without telling psn, so psn asks (`adapter.lookup`) once that
time has come and records what it says: `published`, the real permalink, the real time.

Called by `psn post status` / `psn post list` (what the person looks at) and by the daemon's
`publish_due` job. A failed look-up changes nothing: the next one tries again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select

from psn.context import AppContext
from psn.core.errors import PsnError
from psn.platforms.base import PublishStatus
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


def handed_over(row: PublishedContent) -> bool:
    """Scheduled on the platform itself: psn has nothing left to send, only to find out."""
    return row.status == "scheduled" and bool(row.platform_post_id)


def due_handed_over(ctx: AppContext, ids: list[int] | None = None) -> list[int]:
    """Rows scheduled on their platform whose time has come (or is unknown: recorded before psn
    kept it), optionally only among `ids`."""
    now = ctx.clock.now()
    query = select(PublishedContent.id, PublishedContent.scheduled_at).where(PublishedContent.status == "scheduled",
                                              col(PublishedContent.platform_post_id).is_not(None))
    if ids is not None:
        query = query.where(col(PublishedContent.id).in_(ids))
    with ctx.db.session() as session:
        rows = session.exec(query).all()
    return [i for i, when in rows if i is not None and (when is None or when <= now)]


def reconcile(ctx: AppContext, ids: list[int] | None = None) -> dict[int, str]:
    """Ask the platform about every due handed-over row; id → what became of it ("published",
    "scheduled" when not yet, or the error that kept psn from knowing)."""
    from psn.accounts.wiring import adapter_for

    outcomes: dict[int, str] = {}
    adapters: dict[str, Any] = {}
    for content_id in due_handed_over(ctx, ids):
        with ctx.db.session() as session:
            row = session.get(PublishedContent, content_id)
        if row is None:
            continue
        try:
            adapter = adapters.get(row.platform) or adapter_for(ctx, row.platform)[0]
            adapters[row.platform] = adapter
            if not (adapter.capabilities.native_scheduling and hasattr(adapter, "lookup")):
                continue
            outcomes[content_id] = _settle(ctx, content_id, adapter.lookup(row.platform_post_id or ""))
        except PsnError as exc:
            outcomes[content_id] = exc.message
    return outcomes


def _settle(ctx: AppContext, content_id: int, found: Any) -> str:
    if found.status != PublishStatus.PUBLISHED:
        return "scheduled"
    now = ctx.clock.now()
    live: datetime = found.published_at or now
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        if row is None or not handed_over(row):
            return row.status if row else "gone"
        row.status, row.url, row.published_at, row.updated_at = "published", found.url or row.url, live, now
        session.add(row)
        platform, platform_post_id = row.platform, row.platform_post_id
    with ctx.db.write() as conn:
        record_event(conn, "content.published", now, f"content:{content_id}", platform=platform,
                     platform_post_id=platform_post_id, url=found.url, scheduled_by="platform")
    return "published"
