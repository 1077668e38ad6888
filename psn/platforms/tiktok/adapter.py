"""TikTok adapter: the shared protocol on top of TikTokClient.

Publishing lives in job.py (local checks), creator.py (what creator info allows) and publish.py
(the crash-safe flow); this module wires them, and adds account info, metrics from the Display
API, best-effort discovery and webhooks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from psn.core.clock import Clock, SystemClock
from psn.platforms.base import (
    AccountInfo,
    Candidate,
    Capabilities,
    Checkpoint,
    EngagementMetrics,
    PublishRequest,
    PublishResult,
    PublishStatus,
    ReplyPolicy,
    ReplyResult,
    WebhookEvent,
)
from psn.platforms.errors import NotAllowedViaApi
from psn.platforms.http import HttpClient
from psn.platforms.tiktok import rules, webhooks
from psn.platforms.tiktok.client import MAX_VIDEO_QUERY, TikTokClient, TikTokVideo, user_fields
from psn.platforms.tiktok.discovery import Discovery
from psn.platforms.tiktok.errors import fail_reason_error
from psn.platforms.tiktok.job import Job, PublishPolicy, build_job
from psn.platforms.tiktok.publish import TERMINAL, Publisher
from psn.platforms.tiktok.upload import ProgressCallback

CAPABILITIES = Capabilities(
    formats=["video", "photo"],
    media_kinds=["video", "image"],
    max_media=rules.MAX_PHOTOS,
    carousels=True,
    reply=ReplyPolicy.NONE,
    engagement_types=["comment", "duet", "stitch"],
    search=True,
    metrics=True,
    webhooks=True,
    needs_public_media_url=True,
    notes=[
        "Unaudited apps post only SELF_ONLY to private accounts: psn uploads a draft to your TikTok inbox "
        "until you set tiktok.audited = true.",
        "Photos are pulled by TikTok from https URLs on a domain verified for your app.",
        "No comment or reply API for creators: engagement happens in the TikTok app.",
        "No official search: discovery uses optional sources (Creative Center, a premium provider).",
    ],
)


class TikTokAdapter:
    name = "tiktok"
    capabilities = CAPABILITIES

    def __init__(self, client: TikTokClient, *, policy: PublishPolicy | None = None, handle: str = "",
                 scopes: Callable[[], Iterable[str]] = tuple, discovery: Discovery | None = None,
                 client_secret: str = "", clock: Clock | None = None, webhook_tolerance: int = 300,
                 sleep: Callable[[float], None] = time.sleep, poll_interval: float = 5.0,
                 poll_timeout: float = 600.0, max_restarts: int = 2) -> None:
        self.client = client
        self.policy = policy or PublishPolicy()
        self.handle = handle
        self._scopes = scopes
        self.discovery = discovery or Discovery([], "no discovery source configured")
        self.client_secret = client_secret
        self.clock = clock or SystemClock()
        self.webhook_tolerance = webhook_tolerance
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.max_restarts = max_restarts
        self.on_progress: ProgressCallback | None = None
        """Set by the caller to render upload progress (bytes sent, rate, ETA)."""

    @property
    def http(self) -> HttpClient:
        """The authenticated client (its credentials refresh tokens: `psn accounts refresh`)."""
        return self.client.http

    @property
    def scopes(self) -> frozenset[str]:
        """What the user granted (empty when unknown); read when needed, so building the adapter is cheap."""
        return frozenset(self._scopes())

    # account -----------------------------------------------------------------------------------

    def account(self) -> AccountInfo:
        user = self.client.user_info(user_fields(self.scopes), operation="auth")
        return AccountInfo(platform_user_id=user.open_id, handle=user.username or user.display_name,
                           display_name=user.display_name, followers=user.follower_count,
                           extra={"union_id": user.union_id, "is_verified": user.is_verified,
                                  "likes_count": user.likes_count, "video_count": user.video_count})

    # publish -----------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> Job:
        """Every TikTok limit checked locally, before any network call."""
        return build_job(request, self.policy)

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        job = self.validate(request)
        publisher = Publisher(self.client, sleep=self.sleep, poll_interval=self.poll_interval,
                              poll_timeout=self.poll_timeout, max_restarts=self.max_restarts,
                              audited=self.policy.audited, granted_scopes=self.scopes, handle=self.handle,
                              progress=self.on_progress)
        return publisher.publish(job, checkpoint)

    def status(self, platform_post_id: str) -> PublishStatus:
        if not is_publish_id(platform_post_id):
            return PublishStatus.PUBLISHED  # a video id: TikTok only hands those out once published
        status = self.client.status(platform_post_id)
        if status.status == "FAILED":
            raise fail_reason_error(status.fail_reason, platform_post_id)
        return TERMINAL.get(status.status, PublishStatus.PROCESSING)

    # metrics -----------------------------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        """Metrics by video id; publish ids are resolved to their public video id when TikTok has one."""
        video_ids: dict[str, str] = {}
        for given in platform_post_ids:
            resolved = self._video_id(given)
            if resolved:
                video_ids[resolved] = given
        out: dict[str, EngagementMetrics] = {}
        ids = list(video_ids)
        for start in range(0, len(ids), MAX_VIDEO_QUERY):
            for video in self.client.video_query(ids[start : start + MAX_VIDEO_QUERY]):
                out[video_ids.get(video.id, video.id)] = metrics_of(video)
        return out

    def _video_id(self, given: str) -> str | None:
        if not is_publish_id(given):
            return given
        status = self.client.status(given)
        return status.post_ids[0] if status.post_ids else None

    def followers(self) -> int | None:
        return self.client.user_info("open_id,follower_count").follower_count

    # discovery and replies ---------------------------------------------------------------------

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        return self.discovery.discover(keywords, limit)

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        raise NotAllowedViaApi("TikTok has no API for creators to comment or reply.",
                               f"Open {target.url} and reply in the TikTok app.", platform="tiktok")

    # webhooks ----------------------------------------------------------------------------------

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return webhooks.verify(headers, body, self.client_secret, self.clock.now(), self.webhook_tolerance)

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return webhooks.parse(body)


def is_publish_id(value: str) -> bool:
    """Publish ids look like `v_pub_file~v2-1.123`; video ids are bare numbers."""
    return "~" in value or not value.isdigit()


def metrics_of(video: TikTokVideo) -> EngagementMetrics:
    return EngagementMetrics(views=video.view_count, likes=video.like_count, comments=video.comment_count,
                             shares=video.share_count, raw=video.model_dump())
