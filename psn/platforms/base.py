"""The shared adapter protocol, the capability declaration, and psn's own models in and out.

Features branch on `Capabilities`, never on platform names.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

Operation = Literal["posting", "analytics", "engagement", "auth"]


class ReplyPolicy(StrEnum):
    """When psn may send a reply through the platform's API."""

    ANY = "any"  # any public post
    SUMMONED = "summoned"  # only when the author mentioned/quoted the creator (X, 2026-02)
    OWN_POSTS = "own_posts"  # only under the creator's own posts, or where they were @mentioned
    NONE = "none"  # never through the API: hand-off to the user


class Capabilities(BaseModel):
    formats: list[str]
    """Formats psn can publish here, e.g. text, thread, image, carousel, reel, story, video, photo, article."""
    media_kinds: list[str] = []
    max_media: int = 0
    threads: bool = False
    carousels: bool = False
    reply: ReplyPolicy = ReplyPolicy.NONE
    engagement_types: list[str] = []
    """What the creator can do with a discovered post: reply, quote, comment, duet, stitch, repost."""
    search: bool = False
    conversations: bool = False
    """psn can read what people say to the creator: comments on the creator's own posts and mentions
    (`adapter.conversations(limit)`), found by `psn engage monitor` and the daemon."""
    conversations_unavailable: str = ""
    """Without `conversations`: why psn cannot read them here (`psn engage monitor` says so)."""
    metrics: bool = False
    webhooks: bool = False
    webhook_subscription: bool = False
    """The platform only delivers webhooks after an API call (`adapter.subscribe_webhooks()`)."""
    native_scheduling: bool = False
    needs_public_media_url: bool = False
    hosts_media: bool = False
    """It can host a local file at a public URL for other platforms (`adapter.host(path)`)."""
    links: Literal["field", "text", "none"] = "none"
    """How `psn post --link URL` reaches this platform: a link field of its own (a Facebook link post, a
    LinkedIn article), appended to the text the person approves, or not at all (refused)."""
    notes: list[str] = []


class MediaItem(BaseModel):
    kind: Literal["image", "video", "gif", "document"]
    path: Path | None = None
    url: str | None = None
    alt_text: str | None = None
    mime_type: str | None = None
    size_bytes: int | None = None


class PublishRequest(BaseModel):
    platform: str
    format: str = "text"
    text: str = ""
    parts: list[str] = []
    """Thread parts after the first (the first is `text`)."""
    media: list[MediaItem] = []
    title: str | None = None
    link: str | None = None
    options: dict[str, Any] = {}
    idempotency_key: str = ""

    def schedule_time(self) -> datetime | None:
        """`options["schedule_at"]` for platforms that schedule natively: a datetime, or ISO 8601
        text (naive means UTC); None when not set."""
        from psn.core.clock import ensure_utc, parse_iso
        from psn.core.errors import BadInput

        value = self.options.get("schedule_at")
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return ensure_utc(value)
        try:
            return parse_iso(str(value))
        except ValueError:
            raise BadInput(f"{value!r} is not a date and time.",
                           hint="Use ISO 8601, e.g. 2026-12-01T09:00:00Z.") from None


class PublishStatus(StrEnum):
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    DRAFT = "draft"
    PROCESSING = "processing"


class PublishResult(BaseModel):
    platform_post_id: str
    url: str | None = None
    status: PublishStatus = PublishStatus.PUBLISHED
    format: str | None = None
    """The format that went out, when the platform decided it from the media (two images make an
    Instagram carousel): psn records this, not the format it was asked for."""
    part_ids: list[str] = []
    cost_usd: float = 0.0
    raw: dict[str, Any] = {}
    published_at: datetime | None = None
    """When the platform says the post went live (set by `lookup`; None means now, or not yet)."""
    measurable: bool = True
    """False when the platform will never share this post's metrics (a TikTok SELF_ONLY post):
    analytics then never asks about it."""


class EngagementMetrics(BaseModel):
    views: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0
    clicks: int = 0
    saves: int = 0
    conversions: int = 0
    raw: dict[str, Any] = {}


class Candidate(BaseModel):
    """A post discovered in the niche (or a comment/mention on the creator's own post)."""

    platform: str
    post_id: str
    url: str
    text: str
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_followers: int = 0
    posted_at: datetime | None = None
    metrics: EngagementMetrics = EngagementMetrics()
    summoned: bool = False
    """The author mentioned or quoted the creator (X only allows API replies then)."""
    on_own_post: bool = False
    raw: dict[str, Any] = {}


class ReplyResult(BaseModel):
    platform_reply_id: str
    url: str | None = None


class AccountInfo(BaseModel):
    platform_user_id: str
    handle: str
    display_name: str = ""
    followers: int | None = None
    extra: dict[str, Any] = {}


class WebhookEvent(BaseModel):
    platform: str
    kind: str
    object_id: str = ""
    delivery_id: str = ""
    occurred_at: datetime | None = None
    data: dict[str, Any] = {}


class TokenSet(BaseModel):
    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    scopes: list[str] = []
    token_type: str = "bearer"
    extra: dict[str, str] = Field(default_factory=dict)

    def __repr__(self) -> str:  # never print the values
        return f"TokenSet(expires_at={self.expires_at!r}, scopes={self.scopes!r})"

    __str__ = __repr__


# --- What a platform is handed so it never touches the database itself ----------------------


class TokenStore(Protocol):
    """Load and save an account's tokens. `save` must persist before it returns (X rotates refresh tokens).
    A store shared by processes may also offer `exclusive()`, a lock RefreshingCredentials holds
    from load to save while it refreshes."""

    def load(self) -> TokenSet: ...
    def save(self, tokens: TokenSet) -> None: ...


class BudgetLedger(Protocol):
    """Shared rate budgets per (platform, operation); persisted so separate processes agree."""

    def check(self, platform: str, operation: Operation) -> None:
        """Raise RateLimitedError if this operation is blocked until a later time."""

    def record(
        self,
        platform: str,
        operation: Operation,
        *,
        remaining: int | None = None,
        limit: int | None = None,
        blocked_until: datetime | None = None,
        cost_usd: float = 0.0,
        endpoint: str = "",
    ) -> None: ...


class Checkpoint(Protocol):
    """Intermediate platform ids of one publish, saved the moment they are known.

    `begin(step)` is recorded before the call that creates something, `save(step, value)`
    right after. On a rerun, a step that was begun but never saved is *uncertain*: the
    adapter must look it up (or stop) rather than create it again.
    """

    def get(self, step: str) -> str | None: ...
    def save(self, step: str, value: str) -> None: ...
    def begin(self, step: str) -> None: ...
    def in_flight(self, step: str) -> bool: ...


@runtime_checkable
class Adapter(Protocol):
    name: str
    capabilities: Capabilities

    def account(self) -> AccountInfo: ...
    def validate(self, request: PublishRequest) -> None:
        """Check every platform limit locally; raise BadInput naming the limit. No network."""

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult: ...
    def status(self, platform_post_id: str) -> PublishStatus: ...
    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]: ...
    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]: ...
    def reply(self, target: Candidate, text: str) -> ReplyResult: ...
    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool: ...
    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]: ...


class Conversations(Protocol):
    """What an adapter with `capabilities.conversations` also offers.

    Each candidate is a comment on one of the creator's own posts (`on_own_post=True`) or a mention
    of the creator (`summoned=True`). An opportunity stores the candidate's `post_id` and `url`, not
    its `raw`: what `reply()` needs to answer in place must be readable from those (WordPress writes
    `comment:77` and looks the comment's post up when it replies).
    """

    def conversations(self, limit: int = 25) -> list[Candidate]: ...


class NativeScheduling(Protocol):
    """What an adapter with `capabilities.native_scheduling` also offers: where a post the platform
    holds for later stands now (status, the real link once live, `published_at`), so psn follows
    it up (psn/publishing/followup.py)."""

    def lookup(self, platform_post_id: str) -> PublishResult: ...


class WebhookConversations(Protocol):
    """An adapter whose webhooks carry comments or mentions turns one event into a candidate
    (None for events that are not something to answer, e.g. a like)."""

    def candidate_from_webhook(self, event: WebhookEvent) -> Candidate | None: ...


class WebhookSubscription(Protocol):
    """What an adapter with `capabilities.webhook_subscription` also offers: ask the platform to start
    delivering (called when the account connects, and by `psn webhooks subscribe`); returns the fields
    now subscribed."""

    def subscribe_webhooks(self) -> list[str]: ...
