"""Published content of a channel with its weighted score, prompt version and text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from psn.analytics.scoring import score
from psn.context import AppContext
from psn.learn.channels import channel_of_content

CONTENT_SQL = (
    "SELECT c.id, c.platform, c.format, c.prompt_version_id, c.published_at, c.request, p.name AS template "
    "FROM published_content c LEFT JOIN prompt_versions p ON p.id = c.prompt_version_id "
    "WHERE c.status = 'published'"
)
EVENTS_SQL = "SELECT content_id, kind, SUM(count) FROM engagement_events WHERE content_id IS NOT NULL " \
    "GROUP BY content_id, kind"


@dataclass(frozen=True)
class Content:
    id: int
    channel: str
    version_id: int | None
    published_at: datetime | None
    text: str
    events: int
    """Engagement events so far (summed counts), for the trigger threshold."""
    score: float
    """Weighted engagement score (analytics.weights)."""


def published_content(ctx: AppContext, channel: str | None = None) -> list[Content]:
    weights = ctx.settings.analytics.weights
    with ctx.db.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(text(CONTENT_SQL)).mappings()]
        counts: dict[int, dict[str, int]] = {}
        for cid, kind, total in conn.execute(text(EVENTS_SQL)):
            counts.setdefault(cid, {})[kind] = int(total)
    out = []
    for row in rows:
        found = channel_of_content(row["platform"], row["format"], row["template"])
        if found is None or (channel and found != channel):
            continue
        own = counts.get(row["id"], {})
        out.append(Content(
            id=row["id"], channel=found, version_id=row["prompt_version_id"], published_at=_when(row["published_at"]),
            text=_text(row["request"]), events=sum(own.values()), score=score(own, weights),
        ))
    return out


def _text(request: str) -> str:
    try:
        data = json.loads(request)
    except ValueError:
        return ""
    return "\n\n".join(str(p) for p in [data.get("text") or "", *(data.get("parts") or [])] if p)


def _when(value: object) -> datetime | None:
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=UTC)
