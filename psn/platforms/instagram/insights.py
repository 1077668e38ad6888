"""Which insight metrics to ask for, per media product type, and how they map to psn's metrics.

Current names only (contract A5.1): `impressions`, `plays`, `video_views` and friends were removed
on 21 Apr 2025 and now fail. Asking a metric the product type lacks fails the whole call, so
the list is chosen per product type. Missing data comes back as an empty list, not zeros.
"""

from __future__ import annotations

from typing import Any

from psn.platforms.base import EngagementMetrics
from psn.platforms.instagram.models import IGMedia, InsightValue

COMMON = ["views", "reach", "shares", "total_interactions"]
METRICS_BY_PRODUCT = {
    "FEED": [*COMMON, "likes", "comments", "saved", "profile_visits", "follows"],
    "REELS": [*COMMON, "likes", "comments", "saved", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time"],
    "STORY": [*COMMON, "replies", "profile_visits", "follows"],
}
ACCOUNT_METRICS = ["reach", "views", "accounts_engaged", "total_interactions", "likes", "comments", "shares", "saves",
                   "follows_and_unfollows", "profile_links_taps"]


def metrics_for(media: IGMedia) -> list[str]:
    return METRICS_BY_PRODUCT.get(media.media_product_type or "FEED", METRICS_BY_PRODUCT["FEED"])


def to_engagement(media: IGMedia, values: list[InsightValue], note: str = "") -> EngagementMetrics:
    """Insights → EngagementMetrics; the media's own counters fill in while insights are not ready yet."""
    found: dict[str, Any] = {v.name: v.value for v in values if v.value is not None}
    raw: dict[str, Any] = {"insights": found, "media_product_type": media.media_product_type,
                           "media_type": media.media_type}
    if not found:
        raw["pending"] = True  # insights lag up to 48 h; an empty list is not a zero
    if note:
        raw["note"] = note
    return EngagementMetrics(
        views=int(found.get("views") or 0),
        likes=int(found.get("likes", media.like_count or 0) or 0),
        comments=int(found.get("comments", media.comments_count or 0) or 0),
        shares=int(found.get("shares") or 0),
        saves=int(found.get("saved") or 0),
        clicks=int(found.get("profile_visits") or 0),
        conversions=int(found.get("follows") or 0),
        raw=raw,
    )
