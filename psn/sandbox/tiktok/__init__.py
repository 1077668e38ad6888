"""The TikTok emulator (contracts Part E): Login Kit v2, Content Posting with chunked uploads,
Display API, webhooks, plus Creative Center and a premium discovery provider.

Tests and the demo steer the world through the class methods below (`configure`, `finish_draft`,
`deliveries`, …); they are the sandbox's equivalent of what a creator does in the TikTok app.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, empty_response
from psn.sandbox.signing import TIKTOK_HEADER, tiktok_signature
from psn.sandbox.tiktok.common import (
    API_HOST,
    AUTH_HOST,
    CREATIVE_CENTER_HOST,
    DEFAULT_CONFIG,
    PROVIDER_HOST,
    UPLOAD_HOST,
    emit_webhook,
    fail,
)
from psn.sandbox.tiktok.discovery import DiscoveryRoutes
from psn.sandbox.tiktok.display import DisplayRoutes
from psn.sandbox.tiktok.oauth import OAuthRoutes
from psn.sandbox.tiktok.posting import PostingRoutes
from psn.sandbox.tiktok.status import complete, settle
from psn.sandbox.tiktok.upload import UploadRoutes
from psn.sandbox.world import SandboxWorld


class TikTokEmulator(OAuthRoutes, PostingRoutes, UploadRoutes, DisplayRoutes, DiscoveryRoutes, Emulator):
    platform = "tiktok"
    hosts = (API_HOST, UPLOAD_HOST, AUTH_HOST, CREATIVE_CENTER_HOST, PROVIDER_HOST)

    def routes(self) -> None:
        self.route("GET", "/v2/auth/authorize/?", self.authorize)
        self.route("POST", "/v2/oauth/token/", self.token)
        self.route("POST", "/v2/oauth/revoke/", self.revoke)
        self.route("POST", "/v2/post/publish/creator_info/query/", self.creator_info)
        self.route("POST", "/v2/post/publish/video/init/", self.init_direct_video)
        self.route("POST", "/v2/post/publish/inbox/video/init/", self.init_inbox_video)
        self.route("POST", "/v2/post/publish/content/init/", self.init_content)
        self.route("POST", "/v2/post/publish/status/fetch/", self.status)
        self.route("POST", "/v2/post/publish/cancel/", self.cancel)
        self.route("PUT", "/(?:video|upload)/", self.put)
        self.route("GET", "/v2/user/info/", self.user_info)
        self.route("POST", "/v2/video/list/", self.video_list)
        self.route("POST", "/v2/video/query/", self.video_query)
        self.route("GET", "/creative_radar_api/v1/popular_trend/hashtag/list", self.creative_center)
        self.route("GET", "/v1/tiktok/search", self.provider_search)

    # rate limits (contracts B2.1, B3) ----------------------------------------------------------

    def rate_limit_lifts(self, request: EmuRequest, rng: random.Random) -> datetime:
        return self.now() + timedelta(seconds=rng.randint(1, 60))  # one-minute sliding windows

    def rate_limited(self, request: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """429 `rate_limit_exceeded` in TikTok's envelope, with no reset signal: the windows slide over
        a minute. The upload host answers chunk PUTs with a bare status."""
        if request.method == "PUT":
            return empty_response(429)
        with self.world.state("tiktok") as state:
            return fail(state, self.now(), 429, "rate_limit_exceeded",
                        "The API rate limit was exceeded. Please retry after the rate limit window.")

    # steering the world (tests, demo, benchmark) ----------------------------------------------

    @staticmethod
    def configure(world: SandboxWorld, **changes: Any) -> dict[str, Any]:
        """Change the creator and app: audited, private_account, processing_seconds, verified_prefixes, …"""
        unknown = set(changes) - set(DEFAULT_CONFIG)
        if unknown:
            raise KeyError(f"unknown TikTok sandbox settings: {', '.join(sorted(unknown))}")
        with world.state("tiktok") as state:
            state.setdefault("config", {}).update(changes)
            return {**DEFAULT_CONFIG, **state["config"]}

    @staticmethod
    def finish_draft(world: SandboxWorld, publish_id: str, privacy: str = "PUBLIC_TO_EVERYONE") -> str:
        """The creator opens the inbox notification and posts the draft; returns the new post id."""
        with world.state("tiktok") as state:
            pub = state["publishes"][publish_id]
            if pub["status"] != "SEND_TO_USER_INBOX":
                raise ValueError(f"{publish_id} is {pub['status']}, not waiting in the inbox")
            return complete(state, publish_id, privacy, world.now())

    @staticmethod
    def publishes(world: SandboxWorld) -> dict[str, dict[str, Any]]:
        """Every publish, as TikTok would have processed it by now (whether or not anyone polled)."""
        now = world.now()
        with world.state("tiktok") as state:
            settle(state, now)
            return json.loads(json.dumps(state.get("publishes", {})))

    @staticmethod
    def posts(world: SandboxWorld) -> list[dict[str, Any]]:
        now = world.now()
        with world.state("tiktok") as state:
            settle(state, now)
            return json.loads(json.dumps(state.get("posts", [])))

    @staticmethod
    def deliveries(world: SandboxWorld, client_secret: str, now: datetime | None = None,
                   ) -> list[tuple[dict[str, str], bytes]]:
        """Every webhook TikTok would have sent, signed with the app's secret: (headers, raw body)."""
        stamp = int((now or world.now()).timestamp())
        out = []
        for event in world.read("tiktok").get("webhooks", []):
            body = json.dumps(event, separators=(",", ":")).encode()
            out.append(({TIKTOK_HEADER: tiktok_signature(client_secret, stamp, body),
                         "Content-Type": "application/json"}, body))
        return out

    @staticmethod
    def remove_authorization(world: SandboxWorld, reason: int = 1) -> None:
        """The creator disconnects psn in the TikTok app: every token dies, a webhook follows."""
        with world.state("tiktok") as state:
            open_id = state.get("config", {}).get("open_id", DEFAULT_CONFIG["open_id"])
            state["tokens"], state["refresh"] = {}, {}
            emit_webhook(state, world.now(), "authorization.removed", open_id, {"reason": reason})


EMULATORS = (TikTokEmulator,)  # found by psn/sandbox/catalog.py
