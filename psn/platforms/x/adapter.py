"""X adapter: the shared protocol on top of XClient.

Threads are self-reply chains with a checkpoint per part: a rerun after a crash skips the
parts already posted, and a part whose create call was begun but never confirmed is looked up
in the creator's recent posts instead of being posted again. Only a post of this thread counts:
a later part must be in the first part's conversation, the first part must be a new root post
(created after `started_at`), so an older post with the same words is never taken for it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta
from typing import Any

from psn.core.clock import Clock, SystemClock, parse_iso
from psn.core.errors import BadInput
from psn.platforms.base import (
    AccountInfo,
    Candidate,
    Capabilities,
    Checkpoint,
    EngagementMetrics,
    MediaItem,
    PublishRequest,
    PublishResult,
    PublishStatus,
    ReplyPolicy,
    ReplyResult,
    WebhookEvent,
)
from psn.platforms.errors import PlatformError, Rejected, Unavailable, UncertainOutcome
from psn.platforms.http import HttpClient
from psn.platforms.signatures import same
from psn.platforms.x import rules
from psn.platforms.x.client import XClient, XMediaStatus, XTweet, media_kind

CAPABILITIES = Capabilities(
    formats=["text", "thread"],
    links="text",  # X makes a card from a URL in the text
    media_kinds=["image", "gif", "video"],
    max_media=rules.MAX_MEDIA_IMAGES,
    threads=True,
    reply=ReplyPolicy.SUMMONED,
    engagement_types=["reply"],
    search=True,
    conversations=True,
    metrics=True,
    webhooks=True,
    notes=[
        "API replies only when the author mentioned or quoted you (X policy, 2026-02-23).",
        "Quote posts and likes need Enterprise access since 2026-04-20.",
        "Pay-per-use: every call has a price; `psn accounts list` shows the spend.",
    ],
)


CLOCK_SLACK = timedelta(minutes=10)
MEDIA_WAIT_MIN = 1.0
MEDIA_WAIT_MAX = 60.0
"""Longest single wait between STATUS polls, whatever `check_after_secs` says."""
MEDIA_WAIT_TOTAL = 600.0
"""How long one run waits for X to process a video before leaving the post to `psn post retry`."""


OWN_POSTS_CHECKED = 10
"""How many of the creator's latest posts `conversations()` reads replies under (one search for all)."""
SEARCH_WINDOW = timedelta(days=7)
"""Recent search only sees the last week, so older posts are not asked about."""


class MediaStillProcessing(Unavailable):
    kind = "media_still_processing"


class XAdapter:
    name = "x"
    capabilities = CAPABILITIES

    def __init__(self, client: XClient, user_id: str = "", handle: str = "", max_weighted: int = 280,
                 prices: dict[str, float] | None = None, sleep=time.sleep,  # type: ignore[no-untyped-def]
                 clock: Clock | None = None) -> None:
        self.client = client
        self.clock = clock or SystemClock()
        self.user_id = user_id
        self.handle = handle
        self.max_weighted = max_weighted
        self.prices = prices or {}
        self.sleep = sleep
        self.spent = 0.0

    @property
    def http(self) -> HttpClient:
        return self.client.http

    # account -----------------------------------------------------------------------------------

    def account(self) -> AccountInfo:
        user = self.client.me()
        self._charge("user_read", 1)
        return AccountInfo(platform_user_id=user.id, handle=user.username, display_name=user.name,
                           followers=user.public_metrics.get("followers_count"))

    # publish -----------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> None:
        """Every X limit checked locally, before any network call."""
        parts = [request.text, *request.parts]
        if not any(p.strip() for p in parts) and not request.media:
            raise BadInput("Nothing to post: the text is empty.", hint="Give --text or media.")
        if len(parts) > rules.MAX_THREAD_PARTS:
            raise BadInput(f"A thread of {len(parts)} parts is too long for psn.",
                           hint=f"Keep it to {rules.MAX_THREAD_PARTS} parts.")
        for number, part in enumerate(parts, start=1):
            length = rules.weighted_length(part)
            if length > self.max_weighted:
                where = f"part {number}" if len(parts) > 1 else "the text"
                raise BadInput(f"X counts {where} as {length} characters; the limit is {self.max_weighted}.",
                               hint="Shorten it, or use --thread to split it into parts.", limit=self.max_weighted,
                               value=length)
            if len(rules.cashtags(part)) > rules.MAX_CASHTAGS:
                raise BadInput("X allows at most one $cashtag per post on self-serve access.", hint="Remove extras.")
        _validate_media(request.media)

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        self.validate(request)
        media_ids = self._upload_media(request.media, checkpoint)
        parts = [request.text, *request.parts]
        ids: list[str] = []
        previous: str | None = None
        for index, text in enumerate(parts):
            step = f"part:{index}"
            post_id = checkpoint.get(step) or self._reconcile(step, text, ids[0] if ids else None, checkpoint)
            if not post_id:
                if index == 0 and not checkpoint.get("started_at"):
                    checkpoint.save("started_at", self.clock.now().isoformat())
                checkpoint.begin(step)
                tweet = self.client.create_post(text, reply_to=previous, media_ids=media_ids if index == 0 else None)
                post_id = tweet.id
                checkpoint.save(step, post_id)
                self._charge("post_with_url" if rules.has_url(text) else "post", 1)
            ids.append(post_id)
            previous = post_id
        return PublishResult(platform_post_id=ids[0], url=self.post_url(ids[0], self.handle or "i"), part_ids=ids,
                             status=PublishStatus.PUBLISHED, cost_usd=round(self.spent, 4))

    def _reconcile(self, step: str, text: str, root: str | None, checkpoint: Checkpoint) -> str | None:
        """A part begun but never confirmed: ask X. If the creator's timeline has it, adopt it;
        if not, it never went out and may be posted. Without a user id psn cannot ask, so it stops."""
        if not checkpoint.in_flight(step):
            return None
        if self.user_id:
            recent = self.client.user_posts(self.user_id, max_results=10)
            self._charge("owned_read", len(recent))
            for tweet in recent:
                if tweet.text.strip() == text.strip() and self._of_this_thread(tweet, root, checkpoint):
                    checkpoint.save(step, tweet.id)
                    return tweet.id
            return None
        raise UncertainOutcome(
            f"X: {step.replace(':', ' ')} may already be posted, and psn could not find it among your recent posts.",
            "Check your X profile. If it is missing, `psn post retry ID --force-step` posts it again.",
            platform="x",
        )

    def _of_this_thread(self, tweet: XTweet, root: str | None, checkpoint: Checkpoint) -> bool:
        """A later part replies within the first part's conversation; the first part is a root post
        made after psn started (10 minutes' slack for clock skew)."""
        if root is not None:
            return tweet.conversation_id == root
        if tweet.conversation_id not in (None, tweet.id):
            return False
        started = checkpoint.get("started_at")
        if not started or not tweet.created_at:
            return True
        return parse_iso(tweet.created_at) >= parse_iso(started) - CLOCK_SLACK

    def _upload_media(self, media: list[MediaItem], checkpoint: Checkpoint) -> list[str]:
        ids = []
        for index, item in enumerate(media):
            step = f"media:{index}"
            media_id = checkpoint.get(step)
            if not media_id:  # uploads never publish anything, so redoing one is harmless
                media_id = self._upload_one(item, f"media_processing:{index}", checkpoint)
                checkpoint.save(step, media_id)
            ids.append(media_id)
        return ids

    def _upload_one(self, item: MediaItem, processing_step: str, checkpoint: Checkpoint) -> str:
        assert item.path is not None
        media_type, category = media_kind(item.path)
        if category == "tweet_image":
            return self.client.upload_image(item.path)
        pending = checkpoint.get(processing_step)
        if pending:  # uploaded by an earlier run that gave up waiting: ask about it, never upload again
            status = self._status_or_none(pending)
            if status is not None:
                return self._await_processing(item, pending, status)
        size = item.path.stat().st_size
        media_id = self.client.media_initialize(size, media_type, category)
        with item.path.open("rb") as handle:
            for index, chunk in enumerate(iter(lambda: handle.read(rules.CHUNK_BYTES), b"")):
                self.client.media_append(media_id, index, chunk)
        status = self.client.media_finalize(media_id)
        checkpoint.save(processing_step, media_id)
        return self._await_processing(item, media_id, status)

    def _status_or_none(self, media_id: str) -> XMediaStatus | None:
        """The status of an earlier upload, or None when X no longer knows it (expired after a day)."""
        try:
            return self.client.media_status(media_id)
        except Rejected:
            return None

    def _await_processing(self, item: MediaItem, media_id: str, status: XMediaStatus) -> str:
        """Poll STATUS as X asks, but bounded: X's `check_after_secs` may be negative or huge, and a
        job may never leave `in_progress`. Each wait is clamped and the total capped; past the cap
        the post stops here, resumable, with the upload id saved so a retry only asks again."""
        assert item.path is not None
        waited = 0.0
        while status.state in {"pending", "in_progress"}:
            if waited >= MEDIA_WAIT_TOTAL:
                raise MediaStillProcessing(
                    f"X was still processing {item.path.name} after {int(waited // 60)} minutes; "
                    "nothing was posted.",
                    "`psn post retry ID` asks X about the same upload again (no re-upload).", platform="x",
                )
            wait = min(max(status.check_after_secs, MEDIA_WAIT_MIN), MEDIA_WAIT_MAX, MEDIA_WAIT_TOTAL - waited)
            self.sleep(wait)
            waited += wait
            status = self.client.media_status(media_id)
        if status.state == "failed":
            raise PlatformError(f"X could not process {item.path.name}: {status.error or 'unknown reason'}.",
                                "Check the format (H.264 MP4, ≤ 140 s, ≤ 512 MB).", platform="x")
        return media_id

    def status(self, platform_post_id: str) -> PublishStatus:
        # POST /2/tweets answers once the post is live; X has no draft or processing state for it.
        return PublishStatus.PUBLISHED

    def delete(self, platform_post_id: str) -> None:
        """`psn post delete`. X answers `deleted: false` for a post that is already gone: nothing to do."""
        self.client.delete_post(platform_post_id)

    @staticmethod
    def post_url(post_id: str, handle: str = "i") -> str:
        return f"https://x.com/{handle}/status/{post_id}"

    # metrics, discovery, replies ---------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        out: dict[str, EngagementMetrics] = {}
        for start in range(0, len(platform_post_ids), 100):
            tweets = self.client.lookup_posts(platform_post_ids[start : start + 100], private=True)
            self._charge("owned_read", len(tweets))
            out.update({t.id: _metrics(t) for t in tweets})
        return out

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        terms = [f'"{k}"' if " " in k else k for k in keywords if k.strip()]
        if not terms:
            return []
        query = f"({' OR '.join(terms)}) -is:retweet -is:reply"[:512]
        page = self.client.search_recent(query, max_results=limit)
        self._charge("post_read", len(page.tweets))
        return [self._candidate(t, page.users) for t in page.tweets]

    def conversations(self, limit: int = 25) -> list[Candidate]:
        """Posts that mention the creator, and replies under the creator's recent posts. A reply that
        keeps X's automatic @mention of the creator is both; one whose author removed it is only an
        on-own-post reply, which X's reply rule (summoned only) leaves to a hand-off."""
        page = self.client.mentions(self.user_id, max_results=limit)
        self._charge("owned_read", len(page.tweets))
        found = {t.id: self._candidate(t, page.users, summoned=True) for t in page.tweets}
        for reply in self._replies_to_own_posts(limit):
            known = found.get(reply.post_id)
            found[reply.post_id] = known.model_copy(update={"on_own_post": True}) if known else reply
        return list(found.values())

    def _replies_to_own_posts(self, limit: int) -> list[Candidate]:
        """One recent search over the conversations of the creator's last OWN_POSTS_CHECKED root posts
        of the past week (recent search sees 7 days). Bounded cost per run: that many owned reads
        ($0.001 each) plus at most `limit` post reads ($0.005 each), both charged to the X budget."""
        if not self.user_id:
            return []
        own = self.client.user_posts(self.user_id, max_results=OWN_POSTS_CHECKED)
        self._charge("owned_read", len(own))
        week_ago = self.clock.now() - SEARCH_WINDOW
        roots = [t.id for t in own if t.conversation_id in (None, t.id)
                 and (not t.created_at or parse_iso(t.created_at) > week_ago)]
        if not roots:
            return []
        query = f"({' OR '.join(f'conversation_id:{root}' for root in roots)}) is:reply"
        page = self.client.search_recent(query, max_results=limit)
        self._charge("post_read", len(page.tweets))
        return [self._candidate(t, page.users, on_own_post=True) for t in page.tweets
                if t.author_id != self.user_id]  # the creator's own thread parts are not conversations

    def _candidate(self, tweet: XTweet, users: dict[str, Any], summoned: bool = False,
                   on_own_post: bool = False) -> Candidate:
        author = users.get(tweet.author_id or "")
        mentioned = bool(self.handle) and f"@{self.handle.lower()}" in tweet.text.lower()
        return Candidate(
            platform="x", post_id=tweet.id, text=tweet.text,
            url=self.post_url(tweet.id, author.username if author else "i"),
            author_id=tweet.author_id or "", author_handle=author.username if author else "",
            author_name=author.name if author else "",
            author_followers=(author.public_metrics.get("followers_count", 0) if author else 0),
            posted_at=datetime.fromisoformat(tweet.created_at.replace("Z", "+00:00")) if tweet.created_at else None,
            metrics=_metrics(tweet), summoned=summoned or mentioned, on_own_post=on_own_post,
        )

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        self.validate(PublishRequest(platform="x", text=text))
        tweet = self.client.create_post(text, reply_to=target.post_id)
        self._charge("post_with_url" if rules.has_url(text) else "post", 1)
        return ReplyResult(platform_reply_id=tweet.id, url=self.post_url(tweet.id, self.handle or "i"))

    # webhooks (Account Activity / X Activity API) ----------------------------------------------

    # The CRC challenge (GET ?crc_token=) is answered by the receiver: psn/webhooks/signatures.py x_crc.

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str],
                       secret: str = "") -> bool:
        given = {k.lower(): v for k, v in headers.items()}.get("x-twitter-webhooks-signature", "")
        if not secret or not given:
            return False
        expected = "sha256=" + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
        return same(given, expected)

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        data = json.loads(body or b"{}")
        events = []
        for tweet in data.get("tweet_create_events", []):
            events.append(WebhookEvent(platform="x", kind="mention", object_id=str(tweet.get("id_str", "")),
                                       data={"text": tweet.get("text", "")}))
        for like in data.get("favorite_events", []):
            events.append(WebhookEvent(platform="x", kind="like", object_id=str(like.get("id", "")), data=like))
        return events

    # cost --------------------------------------------------------------------------------------

    def _charge(self, kind: str, count: int) -> None:
        cost = self.prices.get(kind, 0.0) * count
        self.spent += cost
        ledger = self.http.ledger
        if ledger and cost:
            operation = "posting" if kind.startswith("post") and kind != "post_read" else "analytics"
            ledger.record("x", operation, cost_usd=cost, endpoint=kind)


def _metrics(tweet: XTweet) -> EngagementMetrics:
    """The 2026 spec says `repost_count`, older answers `retweet_count`: the same count, so one is
    read (the new name first), never both added."""
    pub, priv = tweet.public_metrics, tweet.non_public_metrics
    return EngagementMetrics(
        views=pub.get("impression_count", priv.get("impression_count", 0)),
        likes=pub.get("like_count", 0),
        shares=pub.get("repost_count", pub.get("retweet_count", 0)) + pub.get("quote_count", 0),
        comments=pub.get("reply_count", 0),
        saves=pub.get("bookmark_count", 0),
        clicks=priv.get("url_link_clicks", 0) + priv.get("user_profile_clicks", 0),
        raw={"public_metrics": pub, "non_public_metrics": priv},
    )


def _validate_media(media: list[MediaItem]) -> None:
    if not media:
        return
    kinds = []
    for item in media:
        if item.path is None:
            raise BadInput("X needs the media file itself: psn uploads it (a URL is not enough).",
                           hint="Download it and give the local path with --media FILE.")
        if not item.path.is_file():
            raise BadInput(f"Media file not found: {item.path}.", hint="Check the path.")
        size = item.path.stat().st_size
        if size == 0:
            raise BadInput(f"{item.path.name} is empty.", hint="Choose a real image or video file.")
        _, category = media_kind(item.path)
        limit = {"tweet_image": rules.IMAGE_MAX_BYTES, "tweet_gif": rules.GIF_MAX_BYTES}.get(
            category, rules.VIDEO_MAX_BYTES)
        if size > limit:
            raise BadInput(f"{item.path.name} is {size // 1024} KB; X allows {limit // 1024} KB for this kind.",
                           hint="Compress or resize it.", limit=limit, value=size)
        kinds.append(category)
    if len(kinds) > rules.MAX_MEDIA_IMAGES:
        raise BadInput(f"X takes at most {rules.MAX_MEDIA_IMAGES} images per post; got {len(kinds)}.",
                       hint="Drop some, or spread them over a thread.")
    if len(kinds) > 1 and any(k != "tweet_image" for k in kinds):
        raise BadInput("X takes up to 4 images, or one GIF, or one video per post.", hint="Split them over a thread.")
