"""`psn analytics record`: engagement typed in by hand for channels without metrics (blog, UTM)."""

from __future__ import annotations

from psn.analytics.ingest import epoch, insert_events
from psn.analytics.pull import analytics_now
from psn.context import AppContext
from psn.core.errors import BadInput
from psn.core.sections.analytics import KINDS
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


def record_manual(ctx: AppContext, content_id: int, counts: dict[str, int]) -> dict:
    bad = {k: v for k, v in counts.items() if k not in KINDS or v < 0}
    if bad:
        raise BadInput(f"Counts must be zero or more: {bad}.", hint="For example --clicks 12.")
    given = {k: v for k, v in counts.items() if v > 0}
    if not given:
        raise BadInput("Nothing to record.", hint="Give at least one count, e.g. --clicks 12 --conversions 1.")
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
    if row is None or row.status != "published":
        raise BadInput(f"Content {content_id} is not a published post.", hint="See `psn post list` for ids.")
    now = analytics_now(ctx)
    with ctx.db.write() as conn:
        insert_events(conn, [{"content_id": content_id, "platform": row.platform, "kind": k, "count": v,
                              "occurred_at": epoch(now), "source": "manual"} for k, v in given.items()])
        record_event(conn, "engagement.received", now, f"content:{content_id}", source="manual", **given)
    return {"content_id": content_id, "platform": row.platform, "recorded": given}
