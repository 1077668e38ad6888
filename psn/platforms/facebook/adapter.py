"""Facebook Page adapter: the shared protocol on top of FacebookClient.

Every create call is checkpointed: uploaded unpublished photos (`photo:N`), the video (`video`)
and the post itself (`post`). A step begun but never confirmed is looked up among the Page's
recent, scheduled or video posts by its text before psn would ever create it again.
"""

from __future__ import annotations

import json
from datetime import datetime

from psn.core.clock import Clock, SystemClock
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
from psn.platforms.errors import Rejected, UncertainOutcome
from psn.platforms.facebook import rules, webhooks
from psn.platforms.facebook.client import FacebookClient, FbComment
from psn.platforms.facebook.graph import from_unix, require_live_version, unix_seconds, version_info
from psn.platforms.facebook.oauth import refuse_user_token

CAPABILITIES = Capabilities(
    formats=["text", "link", "photo", "photos", "image", "video"],
    media_kinds=["image", "video"],
    max_media=rules.MAX_PHOTOS,
    carousels=True,
    reply=ReplyPolicy.OWN_POSTS,
    engagement_types=["comment"],
    search=False,
    conversations=True,
    metrics=True,
    webhooks=True,
    webhook_subscription=True,
    native_scheduling=True,
    notes=[
        "Posts as the Page with the Page's own token (a user token is refused).",
        "No public post search exists on Facebook: psn only works with comments under your own posts.",
        "Insights use the 'views' metrics (v23+); the impressions family no longer exists.",
    ],
)

RECENT_POSTS = 10  # the Page posts whose comments `psn engage monitor` reads
WEBHOOK_FIELDS = ("feed",)


class FacebookAdapter:
    name = "facebook"
    capabilities = CAPABILITIES

    def __init__(self, client: FacebookClient, page_id: str, clock: Clock | None = None, app_secret: str = "",
                 verify_token: str = "", schedule_min_minutes: int = 10, schedule_max_days: int = 30) -> None:
        self.client = client
        self.page_id = page_id
        self.clock = clock or SystemClock()
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.schedule_window = (schedule_min_minutes, schedule_max_days)

    # account -------------------------------------------------------------------------------------

    def account(self) -> AccountInfo:
        refuse_user_token(self.client, self.page_id)
        page = self.client.page(self.page_id)
        info = version_info(self.client.version, self.clock.now().date())
        return AccountInfo(platform_user_id=page.id, handle=page.name, display_name=page.name,
                           followers=page.followers_count,
                           extra={"link": page.link, "graph_version": info.model_dump(mode="json"),
                                  "graph_version_note": info.summary()})

    # validate ------------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> None:
        """Every Facebook limit checked locally, before any network call."""
        require_live_version(self.client.version, self.clock.now().date(), "facebook", "facebook.graph_version")
        if request.format not in CAPABILITIES.formats:
            raise BadInput(f"Facebook Pages take {', '.join(CAPABILITIES.formats)}; not {request.format!r}.",
                           hint="Choose one of those formats.")
        if not request.text.strip() and not request.link and not request.media:
            raise BadInput("Nothing to post: no text, link or media.", hint="Give --text, a link or media.")
        rules.check_message(request.text)
        if request.format in ("photo", "photos", "image", "video") and not request.media:
            raise BadInput(f"A {request.format} post needs media.", hint="Attach the file(s).")
        if request.format == "link" and not request.link:
            raise BadInput("A link post needs the link.", hint="Give --link URL.")
        _check_media(request)
        at = request.schedule_time()
        if at is not None:
            rules.check_schedule(at, self.clock.now(), *self.schedule_window)

    # publish -------------------------------------------------------------------------------------

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        self.validate(request)
        at = request.schedule_time()
        when = unix_seconds(at) if at else None
        kinds = [m.kind for m in request.media]
        if kinds == ["video"]:
            return self._publish_video(request, checkpoint, when)
        if len(kinds) == 1:
            return self._publish_photo(request, checkpoint, when)
        fbids = [self._upload_unpublished(item, index, checkpoint, when) for index, item in enumerate(request.media)]
        post_id = checkpoint.get("post") or self._reconcile("post", request.text, checkpoint, when)
        permalink = None
        if not post_id:
            checkpoint.begin("post")
            post = self.client.create_feed_post(self.page_id, request.text, link=request.link,
                                                published=when is None, scheduled_at=when, media_fbids=fbids)
            post_id, permalink = post.id, post.permalink_url
            checkpoint.save("post", post_id)
        return self._result(post_id, permalink, when)

    def _publish_photo(self, request: PublishRequest, checkpoint: Checkpoint, when: int | None) -> PublishResult:
        item = request.media[0]
        post_id = checkpoint.get("post") or self._reconcile("post", request.text, checkpoint, when)
        if not post_id:
            checkpoint.begin("post")
            photo = self.client.upload_photo(self.page_id, path=item.path, url=item.url, caption=request.text,
                                             published=when is None, scheduled_at=when)
            post_id = photo.post_id or photo.id
            checkpoint.save("post", post_id)
        return self._result(post_id, None, when)

    def _upload_unpublished(self, item: MediaItem, index: int, checkpoint: Checkpoint, when: int | None) -> str:
        # An unpublished photo shows nowhere until attached, so uploading one twice after a crash
        # leaves a stray upload, never a second post.
        step = f"photo:{index}"
        fbid = checkpoint.get(step)
        if not fbid:
            fbid = self.client.upload_photo(self.page_id, path=item.path, url=item.url, published=False,
                                            temporary=when is not None).id
            checkpoint.save(step, fbid)
        return fbid

    def _publish_video(self, request: PublishRequest, checkpoint: Checkpoint, when: int | None) -> PublishResult:
        item = request.media[0]
        video_id = checkpoint.get("video") or self._reconcile("video", request.text, checkpoint, when)
        if not video_id:
            checkpoint.begin("video")
            video = self.client.upload_video(self.page_id, path=item.path, url=item.url, description=request.text,
                                             title=request.title, published=when is None, scheduled_at=when)
            video_id = video.id
            checkpoint.save("video", video_id)
        status = PublishStatus.SCHEDULED if when else PublishStatus.PROCESSING
        return PublishResult(platform_post_id=video_id, url=f"https://www.facebook.com/{self.page_id}/videos/{video_id}",
                             status=status)

    def _result(self, post_id: str, permalink: str | None, when: int | None) -> PublishResult:
        return PublishResult(platform_post_id=post_id, url=permalink or f"https://www.facebook.com/{post_id}",
                             status=PublishStatus.SCHEDULED if when else PublishStatus.PUBLISHED)

    def _reconcile(self, step: str, text: str, checkpoint: Checkpoint, when: int | None) -> str | None:
        """A create begun but never confirmed: find it on the Page by its text, or stop."""
        if not checkpoint.in_flight(step):
            return None
        if text.strip():
            found = self._find_by_text(step, text.strip(), when)
            if found:
                checkpoint.save(step, found)
                return found
        raise UncertainOutcome(
            f"Facebook: the {step} may already exist, and psn could not find it on the Page.",
            "Check the Page (and its scheduled posts). If it is missing, retry with --force-step.",
            platform="facebook",
        )

    def _find_by_text(self, step: str, text: str, when: int | None) -> str | None:
        if step == "video":
            return next((v.id for v in self.client.page_videos(self.page_id) if v.description.strip() == text), None)
        posts = self.client.scheduled_posts(self.page_id) if when else self.client.recent_posts(self.page_id)
        return next((p.id for p in posts if p.message.strip() == text), None)

    def status(self, platform_post_id: str) -> PublishStatus:
        if "_" not in platform_post_id:  # a video id; posts are "<page>_<post>"
            video = self.client.video(platform_post_id)
            if video.video_status == "error":
                raise Rejected("Facebook could not process the video.", "Check the file (MP4, H.264/AAC).",
                               platform="facebook", code="video_error")
            return PublishStatus.PUBLISHED if video.video_status == "ready" else PublishStatus.PROCESSING
        post = self.client.post(platform_post_id)
        return PublishStatus.SCHEDULED if post.is_published is False else PublishStatus.PUBLISHED

    # metrics, comments ---------------------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        out: dict[str, EngagementMetrics] = {}
        for post_id in platform_post_ids:
            counts = self.client.counts(post_id)
            try:
                insights = self.client.post_insights(post_id)
            except Rejected as exc:  # e.g. a post too new to have insights yet
                insights = {"error": exc.message}
            out[post_id] = EngagementMetrics(
                views=_number(insights.get("post_media_view")), likes=counts.reactions, shares=counts.shares,
                comments=counts.comments, clicks=_number(insights.get("post_clicks")),
                raw={"insights": insights, "permalink_url": counts.permalink_url},
            )
        return out

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        return []  # Facebook has no public post search (contracts §3.6)

    def conversations(self, limit: int = 25) -> list[Candidate]:
        """Comments under the Page's recent posts (GET /{page-id}/feed, then /{post-id}/comments),
        newest first; the Page's own comments are left out."""
        found: list[Candidate] = []
        for post in self.client.recent_posts(self.page_id, limit=RECENT_POSTS):
            found += [c for c in self.comments(post.id, limit) if c.author_id != self.page_id]
        found.sort(key=lambda c: c.posted_at.timestamp() if c.posted_at else 0.0, reverse=True)
        return found[:limit]

    def comments(self, post_id: str, limit: int = 25) -> list[Candidate]:
        """Comments under one of the Page's own posts, newest first, as reply candidates."""
        return [self._candidate(c, post_id) for c in self.client.comments(post_id, limit)]

    def candidate_from_webhook(self, event: WebhookEvent) -> Candidate | None:
        """A `feed` delivery of someone's new comment on a Page post, as a conversation (the same
        comment id `conversations()` finds, so the two never make two opportunities)."""
        data = event.data
        author = data.get("from") if isinstance(data.get("from"), dict) else {}
        if event.kind != "comment.add" or not data.get("comment_id") or str(author.get("id", "")) == self.page_id:
            return None
        post_id, comment_id = str(data.get("post_id") or ""), str(data["comment_id"])
        return Candidate(platform="facebook", post_id=comment_id, text=str(data.get("message") or ""),
                         url=f"https://www.facebook.com/{post_id}?comment_id={comment_id}",
                         author_id=str(author.get("id", "")), author_name=str(author.get("name", "")),
                         posted_at=event.occurred_at, on_own_post=True, raw={"parent_post_id": post_id})

    def _candidate(self, comment: FbComment, post_id: str) -> Candidate:
        author = comment.from_
        return Candidate(
            platform="facebook", post_id=comment.id, url=comment.permalink_url or f"https://www.facebook.com/{post_id}",
            text=comment.message, author_id=author.get("id", ""), author_name=author.get("name", ""),
            posted_at=_parse_time(comment.created_time), on_own_post=True,
            metrics=EngagementMetrics(likes=comment.like_count, comments=comment.comment_count),
            raw={"parent_post_id": post_id},
        )

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        if not text.strip():
            raise BadInput("The reply is empty.", hint="Write something to say.")
        rules.check_message(text)
        reply_id = self.client.create_comment(target.post_id, text)
        return ReplyResult(platform_reply_id=reply_id, url=target.url)

    # webhooks ------------------------------------------------------------------------------------

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return webhooks.verify(headers, body, query, self.app_secret, self.verify_token)

    def subscribe_webhooks(self) -> list[str]:
        """Subscribe psn's app to the Page's `feed` (contracts §3.9 step 3): without it Facebook
        delivers nothing."""
        if not self.client.subscribe_app(self.page_id, ",".join(WEBHOOK_FIELDS)):
            raise Rejected("Facebook did not confirm the webhook subscription.",
                           "Check the app's Webhooks product in the developer console, then run "
                           "`psn webhooks subscribe facebook`.", platform="facebook")
        return list(WEBHOOK_FIELDS)

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        data = json.loads(body or b"{}")
        events = []
        for entry in data.get("entry", []) if data.get("object") == "page" else []:
            for change in entry.get("changes", []):
                value = change.get("value") or {}
                if change.get("field") != "feed":
                    continue
                kind = f"{value.get('item', 'feed')}.{value.get('verb', 'add')}"
                created = value.get("created_time")
                events.append(WebhookEvent(
                    platform="facebook", kind=kind, object_id=str(value.get("comment_id") or value.get("post_id", "")),
                    occurred_at=from_unix(created) if created else None, data=value,
                ))
        return events


def _check_media(request: PublishRequest) -> None:
    media = request.media
    if not media:
        return
    kinds = [m.kind for m in media]
    if "video" in kinds and len(media) > 1:
        raise BadInput("A Facebook video post carries one video and nothing else.", hint="Post the rest separately.")
    if any(k not in ("image", "video") for k in kinds):
        raise BadInput("Facebook Pages take JPG/PNG photos or MP4/MOV videos here.", hint="Convert the file.")
    if len(media) > rules.MAX_PHOTOS:
        raise BadInput(f"psn puts at most {rules.MAX_PHOTOS} photos in one Facebook post; got {len(media)}.",
                       hint="Split them over several posts.", limit=rules.MAX_PHOTOS, value=len(media))
    if request.link:
        raise BadInput("A photo or video post cannot also carry a link preview.", hint="Put the link in the text.")
    for item in media:
        _check_item(item)


def _check_item(item: MediaItem) -> None:
    if item.url:
        if not item.url.startswith("https://"):
            raise BadInput(f"Facebook fetches media from public https URLs; {item.url!r} is not one.",
                           hint="Use an https URL or a local file.")
        return
    if item.path is None or not item.path.is_file():
        raise BadInput(f"Media file not found: {item.path}.", hint="Check the path.")
    types, limit = ((rules.VIDEO_TYPES, rules.VIDEO_MAX_BYTES) if item.kind == "video"
                    else (rules.PHOTO_TYPES, rules.PHOTO_MAX_BYTES))
    if item.path.suffix.lower() not in types:
        raise BadInput(f"Facebook does not take {item.path.name!r} as a {item.kind}.",
                       hint=f"Use one of: {', '.join(sorted(types))}.")
    size = item.path.stat().st_size
    if size == 0 or size > limit:
        raise BadInput(f"{item.path.name} is {size // 1024} KB; Facebook takes up to {limit // 1024} KB for a "
                       f"{item.kind} here.", hint="Compress or resize it.", limit=limit, value=size)


def _number(value: object) -> int:
    if isinstance(value, dict):
        return sum(int(v) for v in value.values() if isinstance(v, int | float))
    return int(value) if isinstance(value, int | float) else 0


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    from psn.core.clock import parse_iso

    return parse_iso(value.replace("+0000", "+00:00"))
