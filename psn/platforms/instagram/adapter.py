"""Instagram adapter: the shared protocol on top of InstagramClient.

Publishing lives in publishing.py (containers and their checkpoints), limits in validate.py,
webhooks in webhooks.py, hashtag search in hashtags.py. Replies: Instagram only lets an app
comment under the creator's own media, or where the creator was @mentioned (contract A7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from psn.core.clock import Clock
from psn.core.errors import BadInput
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
from psn.platforms.errors import NotAllowedViaApi, PermissionDenied, Rejected
from psn.platforms.instagram import insights, rules, webhooks
from psn.platforms.instagram.client import InstagramClient
from psn.platforms.instagram.errors import PLATFORM
from psn.platforms.instagram.hashtags import HashtagSearch, rank_own_hashtags
from psn.platforms.instagram.models import IGComment, IGMedia, graph_time
from psn.platforms.instagram.publishing import Publisher
from psn.platforms.instagram.validate import plan

CAPABILITIES = Capabilities(
    formats=["image", "carousel", "reel", "story"],
    media_kinds=["image", "video"],
    max_media=rules.CAROUSEL_MAX,
    carousels=True,
    reply=ReplyPolicy.OWN_POSTS,
    engagement_types=["reply"],
    search=False,
    conversations=True,
    metrics=True,
    webhooks=True,
    webhook_subscription=True,
    needs_public_media_url=True,
    notes=[
        "Comments and replies only under your own posts, or where you were @mentioned (Instagram API rules).",
        "Mentions of you arrive only as webhooks (`psn webhooks serve`): Instagram has no call that lists them.",
        "Images are fetched by Instagram from a public URL: give --media-url, connect WordPress, or set "
        "instagram.media_host_command. Local videos upload directly.",
        "Hashtag search needs the Facebook-Login path (instagram.login = facebook): 30 hashtags per 7 days.",
        "Publishing limit: read from Instagram before each post (100 per rolling 24 h in 2026).",
    ],
)

WEBHOOK_FIELDS = ("comments", "mentions")


class InstagramAdapter:
    name = "instagram"

    def __init__(self, client: InstagramClient, publisher: Publisher, clock: Clock, user_id: str = "",
                 handle: str = "", app_secret: str = "", verify_token: str = "",
                 max_hashtags: int = rules.CAPTION_MAX_HASHTAGS, hashtag_search: HashtagSearch | None = None) -> None:
        self.client = client
        self.publisher = publisher
        self.clock = clock
        self.user_id = user_id
        self.handle = handle
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.max_hashtags = max_hashtags
        self.hashtag_search = hashtag_search
        search = client.login == "facebook" and hashtag_search is not None
        self.capabilities = CAPABILITIES.model_copy(update={"search": search})

    @property
    def http(self):  # type: ignore[no-untyped-def]
        return self.client.http

    @property
    def progress(self) -> Callable[[str], None] | None:
        return self.publisher.progress

    @progress.setter
    def progress(self, callback: Callable[[str], None] | None) -> None:
        self.publisher.progress = callback

    # account -----------------------------------------------------------------------------------

    def account(self) -> AccountInfo:
        if self.client.login == "facebook":
            user_id = self.user_id or self.client.tokens.tokens().extra.get("user_id") or self._linked_account()
            me = self.client.account(user_id)
        else:
            me = self.client.me()
        self.user_id = me.user_id or self.user_id
        self.handle = me.username or self.handle
        self.publisher.user_id = self.user_id
        if self.hashtag_search is not None:
            self.hashtag_search.user_id = self.user_id
        extra: dict[str, Any] = {"account_type": me.account_type, "app_scoped_id": me.id, "login": self.client.login,
                                 "media_count": me.media_count, "follows": me.follows_count}
        if me.account_type == "MEDIA_CREATOR":
            extra["note"] = "Creator account: Meta documents Stories publishing for Business accounts only."
        return AccountInfo(platform_user_id=self.user_id, handle=me.username, display_name=me.name,
                           followers=me.followers_count, extra=extra)

    def _linked_account(self) -> str:
        for page in self.client.pages_with_instagram():
            if page.instagram_user_id:
                return page.instagram_user_id
        raise PermissionDenied("None of your Facebook Pages is linked to an Instagram professional account.",
                               "Link the account to a Page (Instagram app → Settings → Linked accounts), "
                               "then run `psn setup instagram` again.", platform=PLATFORM)

    # publish -----------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> list[str]:
        """Every limit checked locally, before any network call. Returns warnings (advice, not limits)."""
        return plan(request, self.max_hashtags).warnings

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        checked = plan(request, self.max_hashtags)
        self._need_user_id()
        return self.publisher.publish(checked, checkpoint)

    def status(self, platform_post_id: str) -> PublishStatus:
        self.client.media(platform_post_id, fields="id")
        return PublishStatus.PUBLISHED

    def _need_user_id(self) -> None:
        if not self.user_id:
            self.account()

    # metrics -----------------------------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        return {media_id: self.media_metrics(media_id) for media_id in platform_post_ids}

    def media_metrics(self, media_id: str) -> EngagementMetrics:
        media = self.client.media(media_id, fields="id,media_type,media_product_type,like_count,comments_count")
        try:
            values = self.client.media_insights(media_id, insights.metrics_for(media))
        except PermissionDenied as exc:  # (#10) a story with fewer than 5 viewers
            return insights.to_engagement(media, [], note=exc.message)
        except Rejected as exc:  # an unsupported metric for this media: keep the counters
            return insights.to_engagement(media, [], note=exc.message)
        return insights.to_engagement(media, values)

    def recent_media(self, limit: int = 50, since: datetime | None = None) -> list[IGMedia]:
        """The creator's media, newest first, following the cursor across pages."""
        self._need_user_id()
        found: list[IGMedia] = []
        after = None
        while len(found) < limit:
            page = self.client.list_media(self.user_id, limit=min(limit - len(found), 100), after=after,
                                          since=int(since.timestamp()) if since else None)
            found.extend(page.items)
            if not page.after or not page.items:
                break
            after = page.after
        return found[:limit]

    def account_insights(self, metrics: list[str] | None = None, days: int = 1) -> dict[str, Any]:
        """Account totals over the last `days` days (Instagram caps a window at 30)."""
        self._need_user_id()
        until = self.clock.now()
        since = until - timedelta(days=min(max(days, 1), 30))
        values = self.client.account_insights(self.user_id, metrics or insights.ACCOUNT_METRICS, since=int(
            since.timestamp()), until=int(until.timestamp()))
        return {v.name: v.value for v in values}

    def followers_over_time(self, days: int = 30) -> list[tuple[str, int]]:
        """(end_time, new followers that day) — `follower_count` time series (needs 100 followers)."""
        self._need_user_id()
        until = self.clock.now()
        since = until - timedelta(days=min(max(days, 1), 30))
        values = self.client.account_insights(self.user_id, ["follower_count"], metric_type=None,
                                              since=int(since.timestamp()), until=int(until.timestamp()))
        return [(str(v.get("end_time", "")), int(v.get("value") or 0)) for item in values for v in item.values]

    def own_hashtags(self, media_limit: int = 50, top: int = 30) -> list[tuple[str, float]]:
        """The creator's hashtags ranked by the likes + comments of the posts that used them (the pool's
        `own_posts` source; costs media-listing calls only)."""
        media = self.recent_media(limit=media_limit)
        return rank_own_hashtags([(m.caption or "", (m.like_count or 0) + (m.comments_count or 0)) for m in media],
                                 top)

    # discovery, comments, replies --------------------------------------------------------------

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        """Top media for each keyword as a hashtag (Facebook-Login path only; budgeted 30 per 7 days)."""
        if not self.capabilities.search or self.hashtag_search is None:
            raise NotAllowedViaApi("Instagram niche search (hashtags) needs the Facebook-Login path.",
                                   "Set `instagram.login facebook` and reconnect; or use comments on your own posts.",
                                   platform=PLATFORM)
        self._need_user_id()
        found: list[Candidate] = []
        for keyword in keywords:
            for media in self.hashtag_search.media(keyword.replace(" ", ""), limit=limit):
                found.append(self._media_candidate(media, own=False))
        return found[:limit]

    def conversations(self, limit: int = 25) -> list[Candidate]:
        """Comments on the creator's recent media, newest first. Mentions cannot be listed through the
        API: they arrive as `mentions` webhooks (`candidate_from_webhook`)."""
        found = self.comments(per_media=limit)
        found.sort(key=lambda c: c.posted_at.timestamp() if c.posted_at else 0.0, reverse=True)
        return found[:limit]

    def comments(self, media_limit: int = 10, per_media: int = 50) -> list[Candidate]:
        """Comments on the creator's recent media: what the engage flow may answer."""
        out: list[Candidate] = []
        for media in self.recent_media(limit=media_limit):
            if not media.comments_count:
                continue
            for comment in self.client.comments(media.id, limit=per_media).items:
                if self._own(comment.username):
                    continue  # the creator's own comments
                out.append(self._comment_candidate(comment, media))
        return out

    def _own(self, username: str | None) -> bool:
        return bool(username) and (username or "").lower() == self.handle.lower()

    def candidate_from_webhook(self, event: WebhookEvent) -> Candidate | None:
        """A `comments` delivery (someone commented on the creator's media) or a `mentions` one (someone
        @mentioned the creator: answered through POST /{ig-user-id}/mentions) as a conversation."""
        data = event.data
        if event.kind == "comment" and event.object_id and data.get("media_id") and not self._own(data.get("username")):
            return Candidate(platform=PLATFORM, post_id=event.object_id, url="https://www.instagram.com/",
                             text=str(data.get("text") or ""), author_id=str(data.get("from_id") or ""),
                             author_handle=str(data.get("username") or ""), posted_at=event.occurred_at,
                             on_own_post=True, raw={"kind": "comment", "media_id": str(data["media_id"]),
                                                    "top_level_id": str(data.get("parent_id") or event.object_id)})
        if event.kind == "mention" and data.get("media_id"):
            where = "a comment" if data.get("comment_id") else "a caption"
            return Candidate(platform=PLATFORM, post_id=event.object_id or str(data["media_id"]),
                             url="https://www.instagram.com/", posted_at=event.occurred_at, summoned=True,
                             text=f"@{self.handle or 'you'} was mentioned in {where} (Instagram does not send "
                                  "its text: open the post to read it)",
                             raw={"kind": "mention", "media_id": str(data["media_id"]),
                                  "comment_id": data.get("comment_id")})
        return None

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        _check_comment_text(text)
        self._need_user_id()
        # An opportunity stored before psn kept `raw` (m0062) and flagged on_own_post is a comment.
        kind = target.raw.get("kind") or ("comment" if target.on_own_post else None)
        if kind == "mention":
            reply_id = self.client.reply_to_mention(self.user_id, str(target.raw["media_id"]), text,
                                                    target.raw.get("comment_id"))
        elif kind == "comment" and target.on_own_post:
            reply_id = self.client.reply_to_comment(str(target.raw.get("top_level_id") or target.post_id), text)
        elif kind == "media" and target.on_own_post:
            reply_id = self.client.comment_on_media(target.post_id, text)
        else:
            raise NotAllowedViaApi("Instagram lets apps comment only under your own posts or where you were "
                                   "@mentioned.", "Answer this one in the Instagram app.", platform=PLATFORM)
        return ReplyResult(platform_reply_id=reply_id, url=target.url)

    def _media_candidate(self, media: IGMedia, own: bool) -> Candidate:
        return Candidate(platform=PLATFORM, post_id=media.id, url=media.permalink or "https://www.instagram.com/",
                         text=media.caption or "", author_handle=media.username or "",
                         posted_at=graph_time(media.timestamp),
                         metrics=EngagementMetrics(likes=media.like_count or 0, comments=media.comments_count or 0),
                         on_own_post=own, raw={"kind": "media", "media_product_type": media.media_product_type})

    def _comment_candidate(self, comment: IGComment, media: IGMedia) -> Candidate:
        author = comment.from_
        return Candidate(platform=PLATFORM, post_id=comment.id, url=media.permalink or "https://www.instagram.com/",
                         text=comment.text, author_id=author.id if author else "",
                         author_handle=comment.username or (author.username if author else ""),
                         posted_at=graph_time(comment.timestamp), on_own_post=True,
                         metrics=EngagementMetrics(likes=comment.like_count),
                         raw={"kind": "comment", "media_id": media.id, "top_level_id": comment.parent_id or comment.id,
                              "media_caption": media.caption or ""})

    # webhooks ----------------------------------------------------------------------------------

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        if "hub.mode" in query:  # Meta's GET verification: answered with hub.challenge only when genuine
            return webhooks.subscription_challenge(query, self.verify_token) is not None
        return webhooks.signature_valid(headers, body, self.app_secret)

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return webhooks.parse(body)

    def subscribe_webhooks(self) -> list[str]:
        """Ask Instagram to deliver this account's comment and mention webhooks (contract A8 step 2:
        without it none arrive); returns the fields Instagram reports as subscribed."""
        self._need_user_id()
        self.client.subscribe_webhooks(self.user_id, list(WEBHOOK_FIELDS))
        return self.client.subscribed_fields(self.user_id)


def _check_comment_text(text: str) -> None:
    if not text.strip():
        raise BadInput("The comment is empty.", hint="Write something.")
    check = rules.check_caption(text)
    for what, value, limit in check.problems():
        raise BadInput(f"The comment has {value} {what}; Instagram allows {limit}.", hint="Shorten it.",
                       limit=limit, value=value)
