"""Rows the hashtag tests need without going through a platform: a connected Instagram account,
published posts, and the engagement analytics recorded for them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from psn.analytics.ingest import epoch, insert_events, insert_snapshots
from psn.store.publishing_tables import Account, PublishedContent

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
IG_USER = "17841400000000001"


def connect_instagram(ctx, user_id: str = IG_USER) -> Account:
    account = Account(platform="instagram", handle="sandbox_studio", platform_user_id=user_id, connected_at=NOW,
                      updated_at=NOW)
    with ctx.db.session() as session:
        session.add(account)
        session.flush()
        session.refresh(account)
    return account


def publish(ctx, account: Account | None, caption: str, platform: str = "instagram", status: str = "published",
            age_days: int = 1) -> int:
    at = NOW - timedelta(days=age_days)
    row = PublishedContent(idempotency_key=f"k-{caption}-{platform}-{age_days}", account_id=account.id if account
                           else None, platform=platform, format="image", status=status,
                           request=json.dumps({"platform": platform, "text": caption}), platform_post_id=caption[:8],
                           published_at=at if status == "published" else None, created_at=at, updated_at=at)
    with ctx.db.session() as session:
        session.add(row)
        session.flush()
        return int(row.id)


def measure(ctx, content_id: int, platform: str = "instagram", **counts: int) -> None:
    """What `psn analytics pull` leaves behind: a snapshot and one event per kind that grew."""
    at = epoch(NOW)
    with ctx.db.engine.begin() as conn:
        insert_snapshots(conn, [{"content_id": content_id, "platform": platform, "taken_at": at}])
        insert_events(conn, [{"content_id": content_id, "platform": platform, "kind": kind, "count": n,
                              "occurred_at": at, "source": "pull"} for kind, n in counts.items() if n])
