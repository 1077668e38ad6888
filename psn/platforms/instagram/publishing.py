"""Publishing through containers (contract A2): create → poll status_code → media_publish.

Crash safety. Every platform id is checkpointed the moment it exists: the container (and for a
carousel each child), the rupload URI, and the published media id. A rerun continues from
there: it polls or publishes the saved container instead of creating another. Containers are
private drafts — an orphan never appears on the profile and expires after 24 h — so a container
whose create call was lost is simply made again. `media_publish` is different: a publish begun
but never confirmed is checked (container `PUBLISHED`?) and, if so, found among recent media;
psn never calls publish twice for one post.

A container that ends in ERROR or EXPIRED moves the publish to a new "attempt" (fresh
checkpoint steps), so `psn post retry` rebuilds the containers instead of polling a dead one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from psn.core.clock import Clock, parse_iso
from psn.platforms.base import Checkpoint, MediaItem, PublishResult, PublishStatus
from psn.platforms.errors import PlatformError, QuotaExhausted, Rejected, Unavailable, UncertainOutcome
from psn.platforms.instagram import rules
from psn.platforms.instagram.client import InstagramClient
from psn.platforms.instagram.errors import PLATFORM, ContainerGone, ContainerNotReady, rejection_hint
from psn.platforms.instagram.media_host import MediaHost, public_url, unreachable_reason
from psn.platforms.instagram.models import ContainerStatus, IGMedia, graph_time
from psn.platforms.instagram.validate import Plan, PlannedItem

log = logging.getLogger("psn.instagram")

PRODUCT_TYPE = {"image": "FEED", "carousel": "FEED", "reel": "REELS", "story": "STORY"}
FEED_OPTIONS = ("location_id", "collaborators")
UPLOAD_OVER = ("FINISHED", "PUBLISHED", "ERROR", "EXPIRED")
"""Container states that mean its upload is behind it (ERROR/EXPIRED are then handled by polling)."""
ALREADY_UPLOADED = "upload already completed"
TRANSIENT_RETRIES = 2


class PublishedMeanwhile(Exception):
    """media_publish failed transiently, yet the container shows PUBLISHED: find the post it became."""


@dataclass
class Publisher:
    client: InstagramClient
    user_id: str
    clock: Clock
    sleep: Callable[[float], None]
    media_host: MediaHost | None = None
    video_upload: str = "resumable"
    """resumable: local videos go straight to rupload; url: they go through the media host too."""
    poll_initial: float = 2.0
    poll_max: float = 30.0
    max_wait: float = 900.0
    progress: Callable[[str], None] | None = None
    _attempt: str = field(default="a1", init=False)
    notes: list[str] = field(default_factory=list, init=False)
    """What the creator should know (shown after the publish, and added to the hint if it fails)."""

    def publish(self, plan: Plan, checkpoint: Checkpoint) -> PublishResult:
        self.notes = []
        try:
            result = self._publish_or_rebuild(plan, checkpoint)
        except PlatformError as exc:
            if self.notes:
                exc.hint = " ".join([*self.notes, exc.hint or ""]).strip()
            raise
        result.raw["notes"] = [*result.raw.get("notes", []), *self.notes]
        return result

    def _publish_or_rebuild(self, plan: Plan, checkpoint: Checkpoint) -> PublishResult:
        attempt = checkpoint.get("attempt")
        try:
            return self._publish(plan, checkpoint)
        except ContainerGone:
            # The saved container outlived Instagram's 24 h (a retry the next day) or vanished: nothing
            # was published from it, so this run builds a new one at once instead of only reporting it.
            if checkpoint.get("attempt") == attempt:
                self._next_attempt(checkpoint)
            self._say("The container had expired; psn is making a new one.")
            return self._publish(plan, checkpoint)

    def _publish(self, plan: Plan, checkpoint: Checkpoint) -> PublishResult:
        media_id = checkpoint.get("media")
        self._attempt = f"a{checkpoint.get('attempt') or 1}"
        container_id = checkpoint.get(self._step("container"))
        if not media_id:
            if not container_id:
                self.check_quota()
                container_id = self._create(plan, checkpoint)
            elif plan.format != "carousel":  # a crash may have come between creating and uploading
                self._upload_if_resumable(container_id, plan.items[0], checkpoint, resumed=True)
            status = self.wait_until_ready(container_id, checkpoint)
            media_id = self._publish_once(plan, container_id, status, checkpoint)
        media = self.client.media(media_id, fields="id,permalink,media_type,media_product_type,timestamp")
        return PublishResult(platform_post_id=media_id, url=media.permalink, status=PublishStatus.PUBLISHED,
                             format=plan.format, raw={"container_id": container_id or "", "format": plan.format,
                                  "media_product_type": media.media_product_type, "warnings": plan.warnings})

    def _step(self, name: str) -> str:
        return f"{self._attempt}:{name}"

    # quota ---------------------------------------------------------------------------------------

    def check_quota(self) -> None:
        """Refuse before creating anything when the rolling 24-hour publishing quota is used up."""
        now = self.clock.now()
        quota = self.client.publishing_limit(self.user_id, since=int((now - timedelta(hours=24)).timestamp()))
        total = quota.quota_total or rules.POSTS_PER_DAY_DEFAULT
        if quota.quota_usage < total:
            return
        raise self._quota_error(f"Instagram's publishing limit is used up: {quota.quota_usage} of {total} posts "
                                "in the last 24 hours (remaining 0).")

    def _quota_error(self, message: str) -> QuotaExhausted:
        reset = self.quota_resets_at()
        when = f"about {reset:%Y-%m-%d %H:%M} UTC" if reset else "within 24 hours"
        return QuotaExhausted(message, f"A slot frees up {when}, 24 hours after the oldest post in the window; "
                              "psn keeps the draft so you can publish it then.", platform=PLATFORM, retry_at=reset,
                              code="9/2207042")

    def quota_resets_at(self) -> datetime | None:
        """24 h after the oldest post of the last 24 h (an estimate: the listing omits stories)."""
        now = self.clock.now()
        since = int((now - timedelta(hours=24)).timestamp())
        page = self.client.list_media(self.user_id, limit=100, since=since, fields="id,timestamp")
        times = [t for t in (graph_time(m.timestamp) for m in page.items) if t and t > now - timedelta(hours=24)]
        return min(times) + timedelta(hours=24) if times else None

    # containers ----------------------------------------------------------------------------------

    def _create(self, plan: Plan, checkpoint: Checkpoint) -> str:
        if plan.format == "carousel":
            children = [self._child(plan, index, item, checkpoint) for index, item in enumerate(plan.items)]
            for child in children:
                self.wait_until_ready(child, checkpoint)
            params = {"media_type": "CAROUSEL", "children": ",".join(children), "caption": plan.caption or None,
                      **{k: plan.options.get(k) for k in FEED_OPTIONS}}
            return self._new_container("container", params, checkpoint)
        item = plan.items[0]
        params = self._single_params(plan) | self._media_params(item, 0, checkpoint, plan.format)
        container_id = self._new_container("container", params, checkpoint)
        self._upload_if_resumable(container_id, item, checkpoint)
        return container_id

    def _child(self, plan: Plan, index: int, item: PlannedItem, checkpoint: Checkpoint) -> str:
        step = f"child:{index}"
        child_id = checkpoint.get(self._step(step))
        if not child_id:
            params: dict[str, Any] = {"is_carousel_item": True, **self._media_params(item, index, checkpoint,
                                                                                       "carousel")}
            if item.kind == "image" and item.alt_text:
                params["alt_text"] = item.alt_text
            child_id = self._new_container(step, params, checkpoint)
            self._upload_if_resumable(child_id, item, checkpoint)
            return child_id
        self._upload_if_resumable(child_id, item, checkpoint, resumed=True)
        return child_id

    def _single_params(self, plan: Plan) -> dict[str, Any]:
        options, fmt = plan.options, plan.format
        if fmt == "story":
            return {"media_type": "STORIES", "user_tags": options.get("user_tags")}
        params: dict[str, Any] = {"caption": plan.caption or None, "user_tags": options.get("user_tags"),
                                  **{k: options.get(k) for k in FEED_OPTIONS}}
        if fmt == "image":
            params["alt_text"] = plan.items[0].alt_text
            return params
        params.update(media_type="REELS", share_to_feed=bool(options.get("share_to_feed", True)),
                      thumb_offset=options.get("thumb_offset"), audio_name=options.get("audio_name"),
                      cover_url=self._cover_url(options))
        return params

    def _cover_url(self, options: dict[str, Any]) -> str | None:
        if options.get("cover_url"):
            return str(options["cover_url"])
        if options.get("cover"):
            return public_url(MediaItem(kind="image", path=Path(options["cover"])), self.media_host)
        return None

    def _media_params(self, item: PlannedItem, index: int, checkpoint: Checkpoint, fmt: str) -> dict[str, Any]:
        if item.kind == "image":
            return {"image_url": self._hosted(item, index, checkpoint)}
        params: dict[str, Any] = {"media_type": "VIDEO"} if fmt == "carousel" else {}
        if self._resumable(item):
            params["upload_type"] = "resumable"
        else:
            params["video_url"] = self._hosted(item, index, checkpoint)
        return params

    def _resumable(self, item: PlannedItem) -> bool:
        return item.kind == "video" and not item.url and self.video_upload == "resumable"

    def _hosted(self, item: PlannedItem, index: int, checkpoint: Checkpoint) -> str:
        step = f"url:{index}"
        url = checkpoint.get(step)
        if not url:
            url = public_url(MediaItem(kind=item.kind, path=item.path, url=item.url), self.media_host)
            checkpoint.save(step, url)  # a rerun reuses the hosted copy
        reason = unreachable_reason(url)
        if reason and not any(url in note for note in self.notes):
            self.notes.append(f"Instagram downloads media from the public web and cannot fetch {url} ({reason}): "
                              "give a public URL (--media-url), or a media host on the internet.")
        return url

    def _new_container(self, step: str, params: dict[str, Any], checkpoint: Checkpoint) -> str:
        container = self.client.create_container(self.user_id, params)
        if container.uri:  # first: a saved container id must always find its upload URI
            checkpoint.save(self._step(f"uri:{container.id}"), container.uri)
        checkpoint.save(self._step(step), container.id)
        return container.id

    def _upload_if_resumable(self, container_id: str, item: PlannedItem, checkpoint: Checkpoint,
                             resumed: bool = False) -> None:
        """Send a resumable container its bytes once. A container from an earlier run may already
        hold them (killed after the upload, before psn noted it): Instagram refuses a second upload
        ("upload already completed"), so psn asks the container first and takes that answer as done."""
        uploaded = self._step(f"uploaded:{container_id}")
        if not self._resumable(item) or checkpoint.get(uploaded):
            return
        if resumed and self.client.container_status(container_id).status_code in UPLOAD_OVER:
            checkpoint.save(uploaded, "1")
            return
        uri = checkpoint.get(self._step(f"uri:{container_id}"))
        if not uri or item.path is None:
            raise Rejected("Instagram did not return an upload URI for the resumable container.",
                           "Set `instagram.video_upload url` to send videos through the media host.",
                           platform=PLATFORM)
        self._say(f"Uploading {item.path.name} to Instagram…")
        try:
            self.client.upload_video(uri, item.path)
        except Rejected as exc:
            if not resumed or ALREADY_UPLOADED not in exc.message.lower():
                raise
        checkpoint.save(uploaded, "1")

    # polling and publishing ----------------------------------------------------------------------

    def wait_until_ready(self, container_id: str, checkpoint: Checkpoint) -> ContainerStatus:
        """Poll until FINISHED (or PUBLISHED), backing off; ERROR/EXPIRED start a new attempt."""
        delay, waited = self.poll_initial, 0.0
        while True:
            status = self.client.container_status(container_id)
            if status.status_code in ("FINISHED", "PUBLISHED"):
                return status
            if status.status_code in ("ERROR", "EXPIRED"):
                self._next_attempt(checkpoint)
                raise _failed(container_id, status)
            if waited >= self.max_wait:
                raise Unavailable(f"Instagram is still processing container {container_id} after {waited:.0f} s.",
                                  "Run `psn post retry` later: psn continues with the same container.",
                                  platform=PLATFORM)
            self._say(f"Instagram is processing the media ({status.status_code or 'IN_PROGRESS'}, {waited:.0f} s)…")
            self.sleep(delay)
            waited += delay
            delay = min(delay * 2, self.poll_max)

    def _next_attempt(self, checkpoint: Checkpoint) -> None:
        current = int(self._attempt[1:])
        checkpoint.save("attempt", str(current + 1))

    def _publish_once(self, plan: Plan, container_id: str, status: ContainerStatus, checkpoint: Checkpoint) -> str:
        if status.status_code == "PUBLISHED" or checkpoint.in_flight("media"):
            current = status if status.status_code == "PUBLISHED" else self.client.container_status(container_id)
            if current.status_code == "PUBLISHED":
                media_id = self._find_published(plan, checkpoint)
                checkpoint.save("media", media_id)
                return media_id
        checkpoint.save("publish_started_at", self.clock.now().isoformat())
        checkpoint.begin("media")
        try:
            media_id = self._publish_when_ready(container_id)
        except PublishedMeanwhile:
            media_id = self._find_published(plan, checkpoint)
        checkpoint.save("media", media_id)
        return media_id

    def _publish_when_ready(self, container_id: str) -> str:
        delay, waited, transient = self.poll_initial, 0.0, 0
        while True:
            try:
                return self.client.publish(self.user_id, container_id)
            except Unavailable:
                # Instagram's transient errors (code 1/2, 5xx). A container is published at most once,
                # so asking it first makes a second media_publish safe: never a second post.
                transient += 1
                if transient > TRANSIENT_RETRIES:
                    raise
                self._say("Instagram had a temporary problem; psn checks the container and tries again…")
                self.sleep(delay)
                if self.client.container_status(container_id).status_code == "PUBLISHED":
                    raise PublishedMeanwhile from None
            except ContainerNotReady:
                if waited >= self.max_wait:
                    raise
                self._say("Instagram says the media is not ready yet; waiting…")
                self.sleep(delay)
                waited += delay
                delay = min(delay * 2, self.poll_max)
            except QuotaExhausted as exc:
                raise self._quota_error(exc.message) from None

    def _find_published(self, plan: Plan, checkpoint: Checkpoint) -> str:
        """The post a lost publish call created: newest media of the right kind since the call began."""
        started = checkpoint.get("publish_started_at")
        after = parse_iso(started) - timedelta(minutes=2) if started else self.clock.now() - timedelta(hours=24)
        items = self.client.stories(self.user_id) if plan.format == "story" else self.client.list_media(
            self.user_id, limit=10).items
        matches = [m for m in items if _matches(m, plan, after)]
        if len(matches) == 1:
            return matches[0].id
        raise UncertainOutcome(
            "Instagram: the container was published, but psn cannot tell which post it became.",
            "Check your profile; the post is there. Mark it published with `psn post retry ID --force-step`.",
            platform=PLATFORM,
        )

    def _say(self, text: str) -> None:
        log.info("instagram: %s", text)
        if self.progress:
            self.progress(text)


def _matches(media: IGMedia, plan: Plan, after: datetime) -> bool:
    when = graph_time(media.timestamp)
    if when is None or when < after:
        return False
    if media.media_product_type and media.media_product_type != PRODUCT_TYPE[plan.format]:
        return False
    return media.caption is None or plan.format == "story" or media.caption.strip() == plan.caption.strip()


def _failed(container_id: str, status: ContainerStatus) -> Rejected:
    if status.status_code == "EXPIRED":
        return ContainerGone(f"Instagram: container {container_id} expired before it was published (24 h).",
                             "Run `psn post retry`: psn makes a new container.", platform=PLATFORM,
                             code="EXPIRED")
    reason = status.status or "processing failed"
    return Rejected(f"Instagram could not process the media: {reason}",
                    rejection_hint(status.error_subcode) or "Check the media against Instagram's specs, then retry.",
                    platform=PLATFORM, code=status.error_subcode or "ERROR")
