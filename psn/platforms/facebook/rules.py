"""Facebook Page limits as data, and the checks psn runs before any call (contracts §3.3, §3.5).

Where the sources disagree psn takes the stricter reading: the scheduling window is validated as
10 minutes ≤ t ≤ 30 days, which satisfies both the "30 days" and the "6 months" camps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from psn.core.errors import BadInput

MESSAGE_MAX_CHARS = 63_206
PHOTO_MAX_BYTES = 4 * 1024 * 1024  # larger photos fail with subcode 1366046
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime"}
VIDEO_MAX_BYTES = 1024 * 1024 * 1024  # single-request upload; larger files need the resumable session
MAX_PHOTOS = 10  # psn's own cap for one multi-photo post (Meta documents none in the sources read)

# Insights metric names valid on v23+; the impressions and page_fans families are gone (§3.5).
POST_METRICS = (
    "post_total_media_view_unique",
    "post_media_view",
    "post_reactions_by_type_total",
    "post_clicks",
    "post_clicks_by_type",
)
# Page-level insights (page_media_view, page_daily_follows …) are not read: psn measures posts, and
# follower counts come from the Page node at each pull (`psn analytics followers`). The client call
# that read them had no caller and no place to store or show them, so it was removed (issue 16).
DEPRECATED_METRIC_PREFIXES = (
    "post_impressions", "page_impressions", "page_posts_impressions", "page_fans", "page_fan_adds",
    "page_engaged_users", "page_consumptions", "page_content_activity",
)


def is_deprecated_metric(name: str) -> bool:
    return name.startswith(DEPRECATED_METRIC_PREFIXES)


def check_schedule(at: datetime, now: datetime, min_minutes: int = 10, max_days: int = 30) -> None:
    """Refuse a scheduled time outside the window Meta accepts, naming the bound and the value."""
    if at <= now:
        raise BadInput(f"The scheduled time {at.isoformat()} is in the past.",
                       hint="Give a future time, or publish now without a schedule.", value=at.isoformat())
    earliest = now + timedelta(minutes=min_minutes)
    latest = now + timedelta(days=max_days)
    if at < earliest:
        raise BadInput(f"Facebook schedules at least {min_minutes} minutes ahead; {at.isoformat()} is too soon.",
                       hint=f"Choose {earliest.isoformat(timespec='minutes')} or later.", limit=min_minutes,
                       value=at.isoformat())
    if at > latest:
        raise BadInput(f"Facebook schedules at most {max_days} days ahead; {at.isoformat()} is too far.",
                       hint=f"Choose {latest.isoformat(timespec='minutes')} or earlier.", limit=max_days,
                       value=at.isoformat())


def check_message(text: str) -> None:
    if len(text) > MESSAGE_MAX_CHARS:
        raise BadInput(f"The text is {len(text)} characters; a Facebook post takes {MESSAGE_MAX_CHARS}.",
                       hint="Shorten it.", limit=MESSAGE_MAX_CHARS, value=len(text))

