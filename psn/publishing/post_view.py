"""`psn post list` and `psn post status` read with the stdlib sqlite3 (psn.store.peek): importing SQLAlchemy and the
platform models costs more than the whole list should take (issue 18). A post is described here
exactly as psn.publishing.records.describe describes the ORM row; tests/test_post_view.py
compares the two on the same database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psn.store.peek import quick_read, read_time

STATUSES = ("draft", "approved", "scheduled", "publishing", "processing", "published", "failed", "cancelled",
            "missed", "deleted")
NEWEST = ("SELECT id, platform, format, status, request, steps, platform_post_id, url, error, error_kind, attempts, "
          "scheduled_at, published_at, created_at, campaign, cost_usd, prompt_version_id, idempotency_key "
          "FROM published_content WHERE (:status IS NULL OR status = :status) "
          "AND (:platform IS NULL OR platform = :platform) ORDER BY id DESC LIMIT :limit")


WAITING_ON_PLATFORM = ("SELECT 1 FROM published_content WHERE status = 'processing' "
                       "OR (status = 'scheduled' AND platform_post_id IS NOT NULL) LIMIT 1")


def waiting_on_platform(ctx: Any) -> bool:
    """Some post waits for its platform (a video processing, a post the platform schedules): only the
    full path asks the platform about it (psn/publishing/followup.py). True when this cannot tell."""
    with quick_read(ctx) as conn:
        return conn is None or conn.execute(WAITING_ON_PLATFORM).fetchone() is not None


def waits_on_platform(post: dict[str, Any]) -> bool:
    return post["status"] == "processing" or (post["status"] == "scheduled" and bool(post["platform_post_id"]))


def check_status(status: str | None) -> None:
    from psn.core.errors import BadInput

    if status and status not in STATUSES:
        raise BadInput(f"Unknown status {status!r}.", hint=f"Use one of: {', '.join(STATUSES)}.")


def recent_posts(ctx: Any, status: str | None, platform: str | None, limit: int) -> list[dict[str, Any]] | None:
    """The newest posts first, as `describe()` gives them; None when only the full path can read them
    (a database URL, no database yet, or a schema still to migrate)."""
    check_status(status)
    wanted = {"status": status or None, "platform": platform or None, "limit": limit}  # "" filters nothing, as there
    with quick_read(ctx) as conn:
        return None if conn is None else [_described(row) for row in conn.execute(NEWEST, wanted)]


ONE = NEWEST.split(" FROM ")[0] + " FROM published_content WHERE id = ?"  # the same columns


def post_by_id(ctx: Any, content_id: int) -> dict[str, Any] | None:
    """One post as `describe(get_content(...))` gives it (the same refusal when there is none), or None
    when only the full path can read it."""
    from psn.core.errors import BadInput

    with quick_read(ctx) as conn:
        if conn is None:
            return None
        row = conn.execute(ONE, (content_id,)).fetchone()
    if row is None:
        raise BadInput(f"There is no post with id {content_id}.", hint="`psn post list` shows them.")
    return _described(row)


def _described(row: Any) -> dict[str, Any]:
    request = json.loads(row["request"])
    steps = json.loads(row["steps"] or "{}")
    parts = request.get("parts") or []
    return {
        "id": row["id"], "platform": row["platform"], "format": row["format"], "status": row["status"],
        "title": request.get("title"), "link": request.get("link"), "text": request.get("text", ""),
        "parts": len(parts) + 1 if parts else 1,
        "media": [_media_name(m) for m in request.get("media") or []], "platform_post_id": row["platform_post_id"],
        "url": row["url"], "error": row["error"], "error_kind": row["error_kind"], "attempts": row["attempts"],
        "steps": steps, "scheduled_at": read_time(row["scheduled_at"]), "published_at": read_time(row["published_at"]),
        "created_at": read_time(row["created_at"]), "campaign": row["campaign"], "cost_usd": row["cost_usd"],
        "prompt_version_id": row["prompt_version_id"],
        "idempotency_key": row["idempotency_key"],
        "next": next_step(row["id"], row["platform"], row["status"], steps, row["platform_post_id"], row["error_kind"]),
    }


def _media_name(media: dict[str, Any]) -> str:
    """`str(item.path or item.url)` of the pydantic MediaItem, without building one."""
    path = media.get("path")
    return str(Path(path)) if path is not None else str(media.get("url"))


def next_step(post_id: int | None, platform: str, status: str, steps: dict[str, Any],
              platform_post_id: str | None = None, error_kind: str | None = None) -> str | None:
    """What the person should do about a failed post, matching what `psn post retry` will do: a
    step whose call may have gone through (a 5xx, a lost answer) is not blindly sent again."""
    if status != "failed":
        return None
    if platform_post_id and error_kind == "platform_rejected":  # refused after it was sent (a failed video)
        return (f"{platform} refused it after psn sent it (see the error): fix what it names, then post it "
                "again as a new post; a retry would only send the same thing.")
    doubtful = sorted(step for step, entry in steps.items() if entry.get("state") == "begun")
    if not doubtful:
        return f"Retry with `psn post retry {post_id}`."
    return (f"The last attempt may have gone through ({', '.join(doubtful)}): `psn post retry {post_id}` looks for "
            f"it where {platform} allows. If psn cannot tell, check {platform}; if the post is missing, "
            f"run `psn post retry {post_id} --force-step`.")
