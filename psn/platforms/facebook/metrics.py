"""Reading a Facebook post's numbers: the counts its node has, and insights metric by metric when
Facebook refuses one (contracts §3.5).

Each node type has its own fields: a Video node has no `shares` (asking for it is "#100 Tried
accessing nonexisting field"), so a video is measured through the Page post that carries it. Comments
are counted with `comments.summary(true)`. When a batch of insights is refused with #100 (a metric
this Graph version or this post does not have), each metric is asked alone: the good ones are kept,
the refused one is remembered for the rest of the pull and reported once, never per post.
"""

from __future__ import annotations

from typing import Any

from psn.platforms.base import EngagementMetrics
from psn.platforms.errors import Rejected
from psn.platforms.facebook import rules
from psn.platforms.facebook.client import FacebookClient, FbCounts
from psn.platforms.facebook.graph import MIN_VERSION_FOR_VIEWS, version_hint

INVALID_PARAMETER = "100"


class InsightsReader:
    """Post insights for one pull: metrics refused once are not asked again."""

    def __init__(self, client: FacebookClient) -> None:
        self.client = client
        self.refused: dict[str, str] = {}

    def read(self, post_id: str) -> tuple[dict[str, Any], str | None]:
        """(metric → value, why this post has none) — the second only when nothing could be read."""
        wanted = tuple(m for m in rules.POST_METRICS if m not in self.refused)
        if not wanted:
            return {}, None
        try:
            return self.client.post_insights(post_id, wanted), None
        except Rejected as exc:
            if not _invalid_parameter(exc) or len(wanted) == 1:
                return {}, exc.message  # e.g. a post too new to have insights yet
        return self._one_by_one(post_id, wanted), None

    def _one_by_one(self, post_id: str, wanted: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for metric in wanted:
            try:
                values.update(self.client.post_insights(post_id, (metric,)))
            except Rejected as exc:
                if _invalid_parameter(exc):
                    self.refused[metric] = exc.message
        return values

    def notes(self) -> list[str]:
        """What was refused, said once for the whole pull."""
        if not self.refused:
            return []
        names = ", ".join(sorted(self.refused))
        note = f"Facebook refused the insights metric(s) {names}: {next(iter(self.refused.values()))}."
        if _major(self.client.version) < MIN_VERSION_FOR_VIEWS and any("view" in m for m in self.refused):
            note += f" The views metrics need Graph v{MIN_VERSION_FOR_VIEWS}.0 or later. " + version_hint(
                "facebook.graph_version")
        return [note]


def measure(client: FacebookClient, node_id: str, insights: InsightsReader) -> EngagementMetrics:
    """One published item: a Page post (`<page>_<post>`) or a video (its bare id)."""
    if "_" in node_id:
        return _post_metrics(client, node_id, insights, {})
    video = client.video_counts(node_id)
    if video.post_id:  # the Page post carrying the video has shares and post insights
        return _post_metrics(client, video.post_id, insights, {"video_id": node_id})
    return _engagement(video, {}, {"video_id": node_id, "insights": "none for a video without its post"})


def _post_metrics(client: FacebookClient, post_id: str, insights: InsightsReader,
                  raw: dict[str, Any]) -> EngagementMetrics:
    counts = client.counts(post_id)
    values, missing = insights.read(post_id)
    extra = {**raw, "post_id": post_id, "insights": values}
    if missing:
        extra["insights_error"] = missing
    return _engagement(counts, values, extra)


def _engagement(counts: FbCounts, insights: dict[str, Any], raw: dict[str, Any]) -> EngagementMetrics:
    return EngagementMetrics(
        views=_number(insights.get("post_media_view")), likes=counts.reactions, shares=counts.shares,
        comments=counts.comments, clicks=_number(insights.get("post_clicks")),
        raw={**raw, "permalink_url": counts.permalink_url},
    )


def _invalid_parameter(exc: Rejected) -> bool:
    return str(exc.code or "").split("/")[0] == INVALID_PARAMETER


def _major(version: str) -> int:
    digits = version.lstrip("v").split(".")[0]
    return int(digits) if digits.isdigit() else 0


def _number(value: object) -> int:
    if isinstance(value, dict):
        return sum(int(v) for v in value.values() if isinstance(v, int | float))
    return int(value) if isinstance(value, int | float) else 0
