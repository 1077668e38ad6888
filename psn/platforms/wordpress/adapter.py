"""WordPress adapter: posts and pages on a self-hosted site, and the site as a media host.

Order of a publish: every local check; then tags and categories are looked up (reads only) and
an unknown one is refused before anything is created, unless creating terms is allowed; then
the featured image (`media`) and the post (`post`) are created, each checkpointed. A post begun
but never confirmed is searched for by its title (among every status but trash), leaving out the
posts that had that title before the call (`post:before`), and created only if it is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
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
from psn.platforms.errors import UncertainOutcome
from psn.platforms.wordpress import comments, rules
from psn.platforms.wordpress.client import MEDIA_TYPES, WordPressClient, WpPost

ARTICLE_ALIASES = ("text", "image")  # what `psn post` sends: an article, with a featured image for "image"
CAPABILITIES = Capabilities(
    formats=["article", "page"],
    links="text",  # the link goes at the end of the article
    media_kinds=["image"],
    max_media=1,
    reply=ReplyPolicy.OWN_POSTS,
    engagement_types=["comment"],
    search=False,
    conversations=True,
    metrics=True,
    webhooks=False,
    native_scheduling=True,
    hosts_media=True,
    notes=[
        "Self-hosted WordPress ≥ 5.6 with an application password (WordPress.com sites use another API).",
        "Comments under your recent posts reach `psn engage`; psn answers in the thread once you approve the text.",
        "Core WordPress counts comments only: record views with `psn analytics record` (or a stats plugin).",
        "The site can host images for platforms that fetch media from a public URL (Instagram, TikTok).",
    ],
)
STATUS_MAP = {"publish": PublishStatus.PUBLISHED, "future": PublishStatus.SCHEDULED, "draft": PublishStatus.DRAFT,
              "pending": PublishStatus.DRAFT, "private": PublishStatus.PUBLISHED}


@dataclass
class _Plan:
    collection: str
    body: dict[str, Any]
    tags: tuple[list[int], list[str]] = ([], [])
    categories: tuple[list[int], list[str]] = ([], [])
    featured: MediaItem | None = None


class WordPressAdapter:
    name = "wordpress"
    capabilities = CAPABILITIES

    def __init__(self, client: WordPressClient, clock: Clock | None = None, default_status: str = "publish",
                 create_missing_terms: bool = True) -> None:
        self.client = client
        self.clock = clock or SystemClock()
        self.default_status = default_status
        self.create_missing_terms = create_missing_terms
        self._user_id: int | None = None

    def account(self) -> AccountInfo:
        user = self.client.me()
        return AccountInfo(platform_user_id=str(user.id), handle=user.slug or user.name, display_name=user.name,
                           extra={"api_root": self.client.root, "profile": user.link})

    # validate ------------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> None:
        self._plan(request)

    def _plan(self, request: PublishRequest) -> _Plan:
        if request.format not in (*CAPABILITIES.formats, *ARTICLE_ALIASES):
            raise BadInput(f"WordPress publishes articles and pages; not {request.format!r}.",
                           hint="Use format article (a post) or page.")
        o = request.options
        title, text = rules.title_and_body(request.title, request.text)
        title = rules.check_title(title)
        if not text.strip():
            raise BadInput("The post has no content.", hint="Give the text of the article.")
        scheduled = request.schedule_time()
        status = rules.check_status(str(o.get("status") or self.default_status), scheduled, self.clock.now())
        rules.check_slug(o.get("slug"))
        body: dict[str, Any] = {"title": title, "content": rules.blocks(text), "status": status}
        if status == "future":
            body["date_gmt"] = rules.date_gmt(scheduled)  # type: ignore[arg-type]
        for key in ("excerpt", "slug"):
            if o.get(key):
                body[key] = str(o[key])
        collection = "pages" if request.format == "page" else "posts"
        tags, categories = rules.split_terms(o.get("tags") or []), rules.split_terms(o.get("categories") or [])
        if collection == "pages" and (tags != ([], []) or categories != ([], [])):
            raise BadInput("WordPress pages have no tags or categories.", hint="Drop them, or publish an article.")
        return _Plan(collection, body, tags, categories, _featured(request.media))

    # publish -------------------------------------------------------------------------------------

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        plan = self._plan(request)
        body = dict(plan.body)
        if plan.collection == "posts":
            found_tags, found_categories = self._lookup("tags", plan.tags), self._lookup("categories", plan.categories)
            if plan.tags[0] or plan.tags[1]:
                body["tags"] = self._complete("tags", found_tags)
            if plan.categories[0] or plan.categories[1]:
                body["categories"] = self._complete("categories", found_categories)
        if plan.featured is not None:
            body["featured_media"] = int(self._featured_media(plan.featured, checkpoint))
        post = self._create(plan.collection, body, checkpoint)
        if plan.featured is not None:
            self._attach(body["featured_media"], post.id, checkpoint)
        prefix = "page:" if plan.collection == "pages" else ""
        return PublishResult(platform_post_id=f"{prefix}{post.id}", url=post.link,
                             status=STATUS_MAP.get(post.status, PublishStatus.PUBLISHED),
                             raw={"status": post.status, "slug": post.slug, "date_gmt": post.date_gmt})

    def _lookup(self, taxonomy: str, wanted: tuple[list[int], list[str]]) -> tuple[list[int], list[str]]:
        """(ids found, names still missing); unknown ids, or unknown names when psn may not create
        terms, are refused here, before anything is created."""
        ids, names = wanted
        if ids:
            known = {t.id for t in self.client.terms(taxonomy, include=ids)}
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise BadInput(f"Unknown {taxonomy} id(s) on this site: {', '.join(map(str, unknown))}.",
                               hint=f"Check the ids in wp-admin, or give the {taxonomy} by name.")
        found, missing = list(ids), []
        for name in names:
            match = next((t.id for t in self.client.terms(taxonomy, search=name) if same_term(t.name, name)), None)
            (found.append(match) if match is not None else missing.append(name))
        if missing and not self.create_missing_terms:
            raise BadInput(f"Unknown {taxonomy} on this site: {', '.join(missing)}.",
                           hint="Create them in wp-admin, fix the spelling, or allow psn to create them: "
                                "`psn config set wordpress.create_missing_terms true`.")
        return found, missing

    def _complete(self, taxonomy: str, lookup: tuple[list[int], list[str]]) -> list[int]:
        found, missing = lookup
        # Creating a term twice is harmless: WordPress answers term_exists with the id.
        return found + [self.client.create_term(taxonomy, name) for name in missing]

    def _featured_media(self, item: MediaItem, checkpoint: Checkpoint) -> str:
        media_id = checkpoint.get("media")
        if not media_id:  # an unused attachment is the worst a repeat can leave behind
            assert item.path is not None
            media_id = str(self.client.upload(item.path, item.alt_text or "").id)
            checkpoint.save("media", media_id)
        return media_id

    def _attach(self, media_id: int, post_id: int, checkpoint: Checkpoint) -> None:
        """Attach the featured image to its post, as wp-admin does: the media library then lists it
        under the post instead of as unattached. Setting it twice is harmless."""
        if not checkpoint.get("media:attached"):
            self.client.attach(media_id, post_id)
            checkpoint.save("media:attached", str(post_id))

    def _create(self, collection: str, body: dict[str, Any], checkpoint: Checkpoint) -> WpPost:
        saved = checkpoint.get("post")
        if saved:
            return self.client.get(collection, int(saved))
        if checkpoint.in_flight("post"):
            found = self._find_new(collection, body["title"], checkpoint.get("post:before") or "")
            if found is not None:
                checkpoint.save("post", str(found.id))
                return found
            # not among any status WordPress keeps (publish, future, draft, pending, private): never created
        else:  # posts already titled like this one (a weekly series) are never mistaken for it after a crash
            ids = [str(p.id) for p in self._find(collection, body["title"])]
            checkpoint.save("post:before", ",".join(ids))
        checkpoint.begin("post")
        post = self.client.create(collection, body)
        checkpoint.save("post", str(post.id))
        return post

    def _find(self, collection: str, title: str) -> list[WpPost]:
        return [p for p in self.client.search(collection, title) if p.raw_title.strip() == title]

    def _find_new(self, collection: str, title: str, before: str) -> WpPost | None:
        """The post a lost create call made: titled like it, and not one of those there before it was sent."""
        new = [p for p in self._find(collection, title) if str(p.id) not in before.split(",")]
        if len(new) > 1:
            raise UncertainOutcome(
                f"WordPress: {len(new)} new posts are titled {title!r}; psn cannot tell which one it created.",
                "Check Posts in wp-admin and delete the extra one; then `psn post retry ID --force-step` if none "
                "is yours.", platform="wordpress")
        return new[0] if new else None

    # media host ----------------------------------------------------------------------------------

    def host(self, path: Path, alt_text: str = "") -> str:
        """Upload a file to the media library and return its public URL (for platforms that fetch
        media from a URL, such as Instagram and TikTok photos)."""
        if path.suffix.lower() not in MEDIA_TYPES:
            raise BadInput(f"psn does not host {path.name!r} on WordPress.",
                           hint=f"Use one of: {', '.join(sorted(MEDIA_TYPES))}.")
        if not path.is_file() or path.stat().st_size == 0:
            raise BadInput(f"{path} is not a file psn can upload.", hint="Check the path.")
        return self.client.upload(path, alt_text).source_url

    # status, metrics, comments -------------------------------------------------------------------

    def status(self, platform_post_id: str) -> PublishStatus:
        collection, post_id = _split_id(platform_post_id)
        return STATUS_MAP.get(self.client.get(collection, post_id).status, PublishStatus.PUBLISHED)

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        """Only what core WordPress counts: comments (views need a plugin or `psn analytics record`)."""
        out = {}
        for platform_post_id in platform_post_ids:
            _, post_id = _split_id(platform_post_id)
            _, total = self.client.comments(post_id, per_page=1)
            out[platform_post_id] = EngagementMetrics(comments=total)
        return out

    def lookup(self, platform_post_id: str) -> PublishResult:
        """Where a post stands on the site now: a scheduled one WordPress has since published comes
        back with its permalink and the time it went live."""
        collection, post_id = _split_id(platform_post_id)
        post = self.client.get(collection, post_id)
        status = STATUS_MAP.get(post.status, PublishStatus.PUBLISHED)
        live = parse_iso(post.date_gmt + "Z") if post.date_gmt and status == PublishStatus.PUBLISHED else None
        return PublishResult(platform_post_id=platform_post_id, url=post.link, status=status, published_at=live,
                             raw={"status": post.status, "date_gmt": post.date_gmt})

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        return []

    def conversations(self, limit: int = 25) -> list[Candidate]:
        return comments.conversations(self.client, self._me(), limit)

    def _me(self) -> int:
        if self._user_id is None:
            self._user_id = self.client.me().id
        return self._user_id

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        if not text.strip():
            raise BadInput("The reply is empty.", hint="Write something to say.")
        post_id, parent = comments.reply_target(self.client, target.post_id)
        comment = self.client.create_comment(post_id, parent, text)
        return ReplyResult(platform_reply_id=str(comment.id), url=comment.link)

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return False  # core WordPress sends no webhooks

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return []


def same_term(stored: str, wanted: str) -> bool:
    """Terms match by their whole name (WordPress sends it HTML-escaped; case does not count, as in
    WordPress). Never by slug: "C" would take "C++", whose slug is `c`."""
    from html import unescape

    return unescape(stored).strip().casefold() == wanted.strip().casefold()


def _featured(media: list[MediaItem]) -> MediaItem | None:
    if not media:
        return None
    if len(media) > 1:
        raise BadInput("A WordPress post takes one featured image.", hint="Put other images in the content.")
    item = media[0]
    if item.kind != "image" or item.path is None:
        raise BadInput("The featured image must be a local image file.", hint="Give a JPG, PNG, GIF or WebP file.")
    if item.path.suffix.lower() not in rules.FEATURED_TYPES:
        raise BadInput(f"WordPress does not take {item.path.name!r} as a featured image.",
                       hint=f"Use one of: {', '.join(sorted(rules.FEATURED_TYPES))}.")
    if not item.path.is_file() or item.path.stat().st_size == 0:
        raise BadInput(f"Media file not found or empty: {item.path}.", hint="Check the path.")
    size = item.path.stat().st_size
    if size > rules.FEATURED_MAX_BYTES:
        raise BadInput(f"{item.path.name} is {size // (1024 * 1024):,} MB; psn uploads featured images of up to "
                       "100 MB.", hint="Compress or resize it.", limit=rules.FEATURED_MAX_BYTES, value=size)
    return item


def _split_id(platform_post_id: str) -> tuple[str, int]:
    collection, _, number = platform_post_id.rpartition(":")
    if not (number.isascii() and number.isdigit()):
        raise BadInput(f"{platform_post_id!r} is not a WordPress post id.", hint="Use the id psn returned.")
    return ("pages" if collection == "page" else "posts"), int(number)
