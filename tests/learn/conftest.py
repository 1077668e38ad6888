"""A context with a fixed clock and helpers that publish posts and add engagement directly."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from psn.context import AppContext
from psn.core.clock import FixedClock

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def ctx() -> AppContext:
    return AppContext.create(clock=FixedClock(NOW))


def publish(ctx: AppContext, text: str, *, version_id: int | None = None, platform: str = "x",
            fmt: str = "text", at: datetime = NOW) -> int:
    from psn.store.publishing_tables import PublishedContent

    row = PublishedContent(
        idempotency_key=f"k-{text}-{version_id}", platform=platform, format=fmt, status="published",
        request=json.dumps({"platform": platform, "format": fmt, "text": text}), published_at=at,
        created_at=at, updated_at=at, prompt_version_id=version_id,
    )
    with ctx.db.session() as session:
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def engage(ctx: AppContext, content_id: int, platform: str = "x", **counts: int) -> None:
    from psn.analytics.ingest import epoch, insert_events

    with ctx.db.write() as conn:
        insert_events(conn, [{"content_id": content_id, "platform": platform, "kind": kind, "count": n,
                              "occurred_at": epoch(NOW), "source": "manual"} for kind, n in counts.items()])
