"""LinkedIn adapter: the shared protocol on top of LinkedInClient.

A publish uploads each file (checkpoint `media:N` = its URN), then creates the post
(checkpoint `post` = the share URN). A plain Share on LinkedIn app cannot read posts back, so a
post whose create call was begun but never confirmed cannot be looked up: psn stops with
UncertainOutcome rather than risk a second copy. When LinkedIn answers the create with a 4xx it
definitely created nothing; `post` is then saved empty, so a retry may create it.
"""

from __future__ import annotations

import logging
from typing import Any

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
    TokenStore,
    WebhookEvent,
)
from psn.platforms.errors import AuthExpired, PlatformError, UncertainOutcome, not_created
from psn.platforms.http import HttpClient
from psn.platforms.linkedin import rules, urns
from psn.platforms.linkedin.client import ANALYTICS_QUERY_TYPES, LinkedInClient
from psn.platforms.linkedin.errors import RECONNECT
from psn.platforms.linkedin.little import escape_commentary
from psn.platforms.linkedin.uploads import MediaUploader
from psn.platforms.linkedin.validate import PostPlan, check_comment, plan_post

log = logging.getLogger("psn.linkedin")
WENT_OUT_AS = {"multi_image": "carousel"}
"""The plan's kind named as one of CAPABILITIES.formats (what psn records as the format that went out)."""
NOT_CREATED = ""
"""The `post` step's value when LinkedIn refused the create: resolved, and nothing to keep."""

METRICS_NOTE = ("LinkedIn shares post metrics only with apps approved for r_member_postAnalytics "
                "(Community Management API). Once approved: `psn config set linkedin.analytics_enabled true`, "
                "then reconnect with `psn setup linkedin`.")

CAPABILITIES = Capabilities(
    formats=list(rules.FORMATS),
    links="field",  # an article share: source URL, title, description
    media_kinds=["image", "gif", "video", "document"],
    max_media=rules.MAX_IMAGES,
    carousels=True,
    reply=ReplyPolicy.ANY,
    engagement_types=["comment"],
    search=False,
    metrics=False,
    conversations_unavailable=(
        "LinkedIn lets only apps approved for r_member_social (Community Management API, vetted) read "
        "comments; a Share on LinkedIn app can comment but not read. Paste a comment's link into "
        "`psn engage add URL --text ...` to answer it."),
    notes=[
        "No search API: engage takes LinkedIn post links you paste.",
        "Metrics need LinkedIn's approval (r_member_postAnalytics); see linkedin.analytics_enabled.",
        "Tokens last 60 days and cannot be renewed by psn: reconnect before then (psn warns 7 days ahead).",
        "Carousel = 2–20 images, or one PDF/PowerPoint/Word document.",
    ],
)


class LinkedInAdapter:
    name = "linkedin"

    def __init__(self, client: LinkedInClient, uploader: MediaUploader, *, author_id: str = "",
                 visibility: str = "PUBLIC", analytics: bool = False, tokens: TokenStore | None = None,
                 clock: Clock | None = None) -> None:
        self.client = client
        self.uploader = uploader
        self.author_id = author_id
        self.visibility = visibility
        self.analytics = analytics
        self.tokens = tokens
        self.clock = clock or SystemClock()
        self.capabilities = CAPABILITIES.model_copy(update={"metrics": analytics})

    @property
    def http(self) -> HttpClient:
        """The API client (its credentials are what `psn accounts refresh` renews)."""
        return self.client.http

    # account -----------------------------------------------------------------------------------

    def account(self) -> AccountInfo:
        user = self.client.userinfo()
        self.author_id = user.sub
        return AccountInfo(platform_user_id=user.sub, handle=user.name or user.sub, display_name=user.name,
                           extra={"author_urn": user.urn})

    def _author(self) -> str:
        """The member URN posts and comments are made as (asked of LinkedIn once when not saved)."""
        if not self.author_id:
            self.author_id = self.client.userinfo().sub
        return f"urn:li:person:{self.author_id}"

    # publish -----------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> PostPlan:
        """Every LinkedIn limit checked locally, before any network call."""
        return plan_post(request, self.visibility)

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        urn = checkpoint.get("post")
        if urn:  # published before a crash: nothing to send, the files may even be gone
            return self._result(urn)
        plan = self.validate(request)
        if checkpoint.in_flight("post"):
            raise UncertainOutcome(
                "LinkedIn: the post may already be published; psn cannot read your posts back to check.",
                "Look at your LinkedIn activity. If it is missing, `psn post retry ID --force-step` posts it again.",
                platform="linkedin")
        self._refuse_expired_token()
        author = self._author()
        media_urns = [self.uploader.upload(path, kind, author, f"media:{index}", checkpoint)
                      for index, (_, path, kind) in enumerate(plan.files)]
        body = post_body(author, request, plan, media_urns)
        self.client.http.preflight("posting")  # a local pause must stop us before the step is begun
        checkpoint.begin("post")
        try:
            urn = self.client.create_post(body)
        except PlatformError as exc:
            if refused(exc):
                checkpoint.save("post", NOT_CREATED)
            raise
        checkpoint.save("post", urn)
        return self._result(urn, media_urns, WENT_OUT_AS.get(plan.kind, plan.kind))

    def _result(self, urn: str, media_urns: list[str] | None = None, format: str | None = None) -> PublishResult:
        return PublishResult(platform_post_id=urn, url=urns.post_url(urn), status=PublishStatus.PUBLISHED,
                             format=format, raw={"media": media_urns} if media_urns else {})

    def _refuse_expired_token(self) -> None:
        """Fail before uploading anything when the 60 days are over and nothing can renew them."""
        if self.tokens is None:
            return
        tokens = self.tokens.load()
        if not tokens.refresh_token and tokens.expires_at and tokens.expires_at <= self.clock.now():
            raise AuthExpired(f"Your LinkedIn connection expired on {tokens.expires_at.date().isoformat()}.",
                              RECONNECT, platform="linkedin")

    def status(self, platform_post_id: str) -> PublishStatus:
        # Posts go out once their media is processed; a Share on LinkedIn app cannot read them back.
        return PublishStatus.PUBLISHED

    def delete(self, platform_post_id: str) -> None:
        self.client.delete_post(platform_post_id)

    # metrics, discovery, comments ----------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        """Empty unless linkedin.analytics_enabled (the app needs r_member_postAnalytics)."""
        if not self.analytics:
            log.info("linkedin: no metrics: %s", METRICS_NOTE)
            return {}
        out: dict[str, EngagementMetrics] = {}
        for urn in platform_post_ids:
            if not urn.startswith(("urn:li:share:", "urn:li:ugcPost:")):
                continue
            counts = {kind: self.client.post_analytics(urn, kind) for kind in ANALYTICS_QUERY_TYPES}
            out[urn] = EngagementMetrics(
                views=counts["IMPRESSION"], likes=counts["REACTION"], shares=counts["RESHARE"],
                comments=counts["COMMENT"], raw={"members_reached": counts["MEMBERS_REACHED"], "counts": counts})
        return out

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        raise BadInput("LinkedIn has no API to search posts, so psn cannot find conversations there.",
                       hint="Paste the links of LinkedIn posts you want to join into engage instead.")

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        """A comment under the post, or a reply under the comment, as the connected member."""
        check_comment(text)
        urn = target.post_id if target.post_id.startswith("urn:li:") else urns.target_from_url(target.url)
        parent = None
        if urn.startswith("urn:li:comment:"):
            urn, parent = urns.split_comment(urn)
        comment = self.client.create_comment(self._author(), urn, text, parent)
        reply_id = comment.comment_urn or comment.id
        url = urns.comment_url(urn, comment.comment_urn) if comment.comment_urn else urns.post_url(urn)
        return ReplyResult(platform_reply_id=reply_id, url=url)

    # webhooks: LinkedIn sends them only to partner apps (organization social actions) ---------

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return False

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return []


def post_body(author: str, request: PublishRequest, plan: PostPlan, media_urns: list[str]) -> dict[str, Any]:
    """The /rest/posts body (contracts §2.3); commentary in little text format."""
    body: dict[str, Any] = {
        "author": author,
        "commentary": escape_commentary(request.text),
        "visibility": plan.visibility,
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    content = _content(request, plan, media_urns)
    if content:
        body["content"] = content
    return body


def _content(request: PublishRequest, plan: PostPlan, media_urns: list[str]) -> dict[str, Any] | None:
    items = [item for item, _, _ in plan.files]
    if plan.kind == "image":
        return {"media": _with_alt({"id": media_urns[0]}, items[0].alt_text)}
    if plan.kind == "multi_image":
        return {"multiImage": {"images": [_with_alt({"id": urn}, item.alt_text)
                                          for urn, item in zip(media_urns, items, strict=True)]}}
    if plan.kind == "document":
        title = request.title or plan.files[0][1].name
        return {"media": {"id": media_urns[0], "title": title}}
    if plan.kind == "video":
        return {"media": {"id": media_urns[0], **({"title": request.title} if request.title else {})}}
    if plan.kind == "article":
        article: dict[str, Any] = {"source": request.link, "title": request.title}
        if request.options.get("description"):
            article["description"] = str(request.options["description"])
        if media_urns:
            article["thumbnail"] = media_urns[0]
        return {"article": article}
    return None


def _with_alt(media: dict[str, Any], alt_text: str | None) -> dict[str, Any]:
    return {**media, "altText": alt_text} if alt_text else media


def refused(error: PlatformError) -> bool:
    """LinkedIn answered 4xx (429 included), or psn never sent the call (its own daily-budget pause):
    nothing was created. A 5xx or a lost answer may hide a created post, so those stay uncertain."""
    return not_created(error)
