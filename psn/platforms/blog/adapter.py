"""Blog adapter: publish to any CMS through a signed webhook (Standard Webhooks).

The webhook-id is made once per publish and checkpointed *before* the first attempt, so every
retry — in this run or a later `psn post retry` — carries the same id and the receiver can
deduplicate. There is nothing to read back: metrics for blog posts come from `psn analytics
record` (manual entry or UTM tracking).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from psn.core.clock import Clock, SystemClock
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
from psn.platforms.blog import body, signing
from psn.platforms.blog.client import BlogClient
from psn.platforms.wordpress.rules import title_and_body

CAPABILITIES = Capabilities(
    formats=["article"],
    links="text",  # the link goes at the end of the article
    reply=ReplyPolicy.NONE,
    metrics=False,
    native_scheduling=True,
    notes=[
        "Any CMS that accepts a Standard Webhooks POST; the JSON body is a template you can change.",
        "No metrics through the webhook: record them with `psn analytics record` (or UTM tracking).",
    ],
)
STATUSES = ("publish", "draft", "future")


class BlogAdapter:
    name = "blog"
    capabilities = CAPABILITIES

    def __init__(self, client: BlogClient, clock: Clock | None = None, event_type: str = "post.published",
                 body_template: str = "") -> None:
        self.client = client
        self.clock = clock or SystemClock()
        self.event_type = event_type
        self.body_template = body_template

    def account(self) -> AccountInfo:
        host = urlsplit(self.client.endpoint).hostname or self.client.endpoint
        return AccountInfo(platform_user_id=self.client.endpoint, handle=host, display_name=f"Webhook to {host}")

    def validate(self, request: PublishRequest) -> None:
        # Rendered here too: a template that fails or a body over the size cap is refused before
        # the publish is recorded, not when it is sent.
        body.render(self._values(request, "msg_validate"), self.body_template)

    def _values(self, request: PublishRequest, message_id: str) -> dict[str, Any]:
        if request.format not in ("article", "text"):
            raise BadInput(f"The blog webhook publishes articles; not {request.format!r}.", hint="Use format article.")
        title, text = title_and_body(request.title, request.text)
        if not title or not text.strip():
            raise BadInput("A blog post needs a title and content.",
                           hint="Give --title (`psn article`), or make the first line of the text the title.")
        o = request.options
        scheduled = request.schedule_time()
        status = "future" if scheduled else str(o.get("status") or "publish")
        if status not in STATUSES:
            raise BadInput(f"Blog status {status!r} is not one of {', '.join(STATUSES)}.", hint="Choose one of them.")
        if scheduled is not None and scheduled <= self.clock.now():
            raise BadInput(f"The scheduled time {scheduled.isoformat()} is in the past.", hint="Give a future time.")
        return {
            "event_type": self.event_type, "timestamp": _iso(self.clock.now()), "title": title,
            "content": text, "excerpt": str(o.get("excerpt") or ""), "status": status,
            "scheduled_at": _iso(scheduled) if scheduled else None, "slug": str(o.get("slug") or ""),
            "tags": [str(t) for t in o.get("tags") or []], "canonical_url": o.get("canonical_url") or request.link,
            "psn": {"idempotency_key": request.idempotency_key, "webhook_id": message_id,
                    "post_id": o.get("psn_post_id")},
        }

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        self.validate(request)
        status = PublishStatus.SCHEDULED if request.options.get("schedule_at") else (
            PublishStatus.DRAFT if request.options.get("status") == "draft" else PublishStatus.PUBLISHED)
        delivered = checkpoint.get("post")
        if delivered:  # a rerun after the receiver already answered: nothing to send
            return PublishResult(platform_post_id=delivered, url=checkpoint.get("url"), status=status,
                                 raw={"webhook_id": checkpoint.get("webhook_id")})
        message_id = checkpoint.get("webhook_id")
        if not message_id:
            message_id = signing.new_message_id()
            checkpoint.save("webhook_id", message_id)  # before the first attempt: every retry reuses it
        payload = body.render(self._values(request, message_id), self.body_template)
        delivery = self.client.deliver(message_id, payload)
        remote_id, url = _mapped(delivery.body)
        url = url or request.options.get("canonical_url") or request.link
        if url:
            checkpoint.save("url", url)
        checkpoint.save("post", remote_id or message_id)
        return PublishResult(platform_post_id=remote_id or message_id, url=url, status=status,
                             raw={"webhook_id": message_id, "http_status": delivery.status,
                                  "attempts": delivery.attempts, "response": delivery.body})

    def status(self, platform_post_id: str) -> PublishStatus:
        return PublishStatus.PUBLISHED

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        return {}  # nothing to pull: `psn analytics record` is the way in

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        return []

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        raise BadInput("psn cannot reply through a blog webhook.", hint="Answer comments in your CMS.")

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return False  # psn sends these webhooks; it receives none from the blog

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return []


def _mapped(response: dict[str, Any]) -> tuple[str | None, str | None]:
    """The receiver's id and URL, from the top level or a `data` object, when it sends them."""
    for node in (response, response.get("data") if isinstance(response.get("data"), dict) else {}):
        remote_id = node.get("id")
        url = node.get("url") or node.get("link") or node.get("permalink")
        if remote_id is not None or url:
            return (str(remote_id) if remote_id is not None else None), (str(url) if url else None)
    return None, None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
