"""Finding conversations on TikTok, which offers creators no search or trend API (contracts B5).

Two optional sources behind one interface, each best-effort: a failure becomes a clear
"unavailable" state with its reason, never an exception out of `discover`.

- Creative Center: the trend lists behind ads.tiktok.com/business/creativecenter. Undocumented,
  unstable and outside TikTok's API terms, so it is off unless `tiktok.creative_center_enabled`.
  It yields trending hashtags, not posts.
- A premium provider: any service speaking psn's small provider protocol (docs/platforms/tiktok.md):
  `GET {discovery_url}/v1/tiktok/search?q=…&limit=…` with `Authorization: Bearer {api key}`,
  answering `{"videos": [{id, url, description, create_time, author{…}, stats{…}}]}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from psn.core.redact import redact
from psn.platforms.base import Candidate, EngagementMetrics
from psn.platforms.http import HttpClient

CREATIVE_CENTER_PATH = "/creative_radar_api/v1/popular_trend/hashtag/list"
PROVIDER_SEARCH_PATH = "/v1/tiktok/search"


@dataclass
class SourceState:
    name: str
    available: bool
    reason: str = ""
    found: int = 0


class DiscoverySource(Protocol):
    name: str

    def search(self, keywords: list[str], limit: int) -> list[Candidate]:
        """Candidates for these keywords; raises on any failure (the caller turns it into a state)."""


def _matches(hashtag: str, keywords: list[str]) -> bool:
    """A keyword matches a hashtag that contains it, spaces dropped ("home baking" → #homebakingtips)."""
    tag = hashtag.lower()
    terms = [k.lower().lstrip("#").replace(" ", "") for k in keywords if k.strip()]
    return not terms or any(term in tag for term in terms)


@dataclass
class CreativeCenterSource:
    http: HttpClient
    country: str = "US"
    name: str = "creative_center"

    def search(self, keywords: list[str], limit: int) -> list[Candidate]:
        params = {"page": "1", "limit": "50", "period": "7", "country_code": self.country, "sort_by": "popular"}
        response = self.http.request("GET", CREATIVE_CENTER_PATH, operation="engagement", params=params,
                                     authenticated=False)
        body = response.json()
        if body.get("code") != 0:
            raise ValueError(f"Creative Center answered code {body.get('code')!r}: {body.get('msg', '')}")
        trends = body["data"]["list"]
        found = [self._candidate(t) for t in trends if _matches(str(t["hashtag_name"]), keywords)]
        return found[:limit]

    @staticmethod
    def _candidate(trend: dict[str, Any]) -> Candidate:
        name = str(trend["hashtag_name"])
        views = int(trend.get("video_views") or 0)
        posts = int(trend.get("publish_cnt") or 0)
        return Candidate(
            platform="tiktok", post_id=f"hashtag:{name}", url=f"https://www.tiktok.com/tag/{name}",
            text=f"#{name} is trending: {posts:,} posts, {views:,} views this week (rank {trend.get('rank', '?')}).",
            metrics=EngagementMetrics(views=views),
            raw={"kind": "hashtag", "source": "creative_center", "rank": trend.get("rank"), "publish_cnt": posts,
                 "trend": trend.get("trend", [])},
        )


@dataclass
class ProviderSource:
    http: HttpClient
    name: str = "provider"

    def search(self, keywords: list[str], limit: int) -> list[Candidate]:
        query = " OR ".join(k for k in keywords if k.strip())
        response = self.http.request("GET", PROVIDER_SEARCH_PATH, operation="engagement",
                                     params={"q": query, "limit": str(limit)})
        return [self._candidate(v) for v in response.json()["videos"]][:limit]

    @staticmethod
    def _candidate(video: dict[str, Any]) -> Candidate:
        author = video.get("author") or {}
        stats = video.get("stats") or {}
        created = video.get("create_time")
        return Candidate(
            platform="tiktok", post_id=str(video["id"]), url=str(video["url"]),
            text=str(video.get("description") or ""), author_id=str(author.get("id") or ""),
            author_handle=str(author.get("username") or ""), author_name=str(author.get("nickname") or ""),
            author_followers=int(author.get("follower_count") or 0),
            posted_at=datetime.fromtimestamp(int(created), UTC) if created else None,
            metrics=EngagementMetrics(views=int(stats.get("views") or 0), likes=int(stats.get("likes") or 0),
                                      comments=int(stats.get("comments") or 0),
                                      shares=int(stats.get("shares") or 0)),
            raw={"kind": "video", "source": "provider"},
        )


@dataclass
class Discovery:
    """Runs every configured source; remembers each one's state for `psn` to show."""

    sources: list[DiscoverySource]
    unconfigured_reason: str = ""
    states: list[SourceState] = field(default_factory=list)

    def discover(self, keywords: list[str], limit: int) -> list[Candidate]:
        self.states = []
        if not self.sources:
            self.states.append(SourceState("none", False, self.unconfigured_reason))
            return []
        found: list[Candidate] = []
        for source in self.sources:
            try:
                results = source.search(keywords, limit)
            except Exception as exc:  # best-effort by design: any failure is a state, never a crash
                reason = redact(getattr(exc, "message", None) or str(exc) or type(exc).__name__)
                self.states.append(SourceState(source.name, False, f"unavailable: {reason}"))
                continue
            self.states.append(SourceState(source.name, True, found=len(results)))
            found.extend(results)
        return found[:limit]
