"""Plain dicts of opportunities for --json and the renderers (no raw rows cross into the CLI)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from psn.core.clock import ensure_utc

if TYPE_CHECKING:  # importing the table costs SQLAlchemy, which the first triage card avoids
    from psn.store.engage_tables import Opportunity


def age_hours(row: Any, now: datetime) -> float | None:
    """Hours since the post was published (an Opportunity row or a first_card.Card)."""
    if row.posted_at is None:
        return None
    return round((ensure_utc(now) - ensure_utc(row.posted_at)).total_seconds() / 3600, 1)


def summary(row: Opportunity, now: datetime) -> dict[str, object]:
    return {"id": row.id, "platform": row.platform, "score": row.score_bp / 100, "author": row.author_handle,
            "followers": row.author_followers, "age_hours": age_hours(row, now), "text": row.text, "url": row.url,
            "engagement_type": row.engagement_type, "on_your_post": bool(row.summoned or row.on_own_post),
            "source": row.source, "status": row.status}
