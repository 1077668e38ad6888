"""The LinkedIn emulator's Posts, Comments and member analytics APIs (contracts §2.3, §2.6, §2.7)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import httpx

from psn.sandbox.emulator import EmuRequest, empty_response, json_response
from psn.sandbox.linkedin_little import render
from psn.sandbox.linkedin_media import error

REQUIRED = ("author", "commentary", "visibility", "distribution", "lifecycleState")
ALLOWED = {*REQUIRED, "content", "isReshareDisabledByAuthor", "reshareContext", "container", "contentLandingPage",
           "contentCallToActionLabel", "adContext"}
VISIBILITIES = {"PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"}
MAX_COMMENTARY = 3000
MAX_COMMENT = 1250
DAILY_POST_LIMIT = 150
DUPLICATE_WINDOW_MS = 48 * 3600 * 1000
URN_BASE = 7_362_000_000_000_000_000
QUERY_TYPES = {"IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT"}


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _field_error(path: str, problem: str) -> httpx.Response:
    return json_response(422, {"message": f"ERROR :: /{path} :: {problem}\n", "status": 422})


class LinkedInPostsMixin:
    """Mixed into LinkedInEmulator; uses its `now_ms`, `next_id`, `advance_media` and `world`."""

    # posts ---------------------------------------------------------------------------------------

    def create_post(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        body = req.json()
        if not isinstance(body, dict):
            return error(400, "Request body could not be converted to data map", "ILLEGAL_ARGUMENT")
        refused = self._check_post(body, s, who)
        if refused is not None:
            return refused
        limit = s.get("settings", {}).get("daily_post_limit", DAILY_POST_LIMIT)
        today = self.now_ms() // 86_400_000
        posted_today = [p for p in s.get("posts", {}).values()
                        if p["author"] == who["urn"] and p["created_ms"] // 86_400_000 == today]
        if len(posted_today) >= limit:  # LinkedIn sends no rate-limit headers at all
            return json_response(429, {"status": 429, "message": "Resource level throttle limit for calls to this "
                                                                 "resource is reached."})
        duplicate = self._duplicate_of(body, s, who)
        if duplicate:
            return json_response(422, {
                "errorDetailType": "com.linkedin.common.error.BadRequest",
                "message": f"com.linkedin.content.common.exception.BadRequestResponseException: Content is a "
                           f"duplicate of {duplicate}",
                "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected", "input": {},
                                                  "code": "DUPLICATE_POST"}]},
                "status": 422})
        urn = self._store_post(s, body, who["urn"])
        return empty_response(201, {"x-restli-id": urn})

    def _check_post(self, body: dict[str, Any], s: dict[str, Any], who: dict[str, Any]) -> httpx.Response | None:
        for field in REQUIRED:
            if field not in body:
                return _field_error(field, "field is required but not found and has no default value")
        for field in body:
            if field not in ALLOWED:
                return _field_error(field, "unrecognized field found but not allowed")
        if body["author"] != who["urn"]:
            return error(403, "Not enough permissions to access: partnerApiPostsExternal.CREATE", "ACCESS_DENIED", 100)
        if "w_member_social" not in who["scopes"]:
            return error(403, "Not enough permissions to access: partnerApiPostsExternal.CREATE", "ACCESS_DENIED", 100)
        if body["visibility"] not in VISIBILITIES:
            return _field_error("visibility", f"{body['visibility']!r} is not a valid enum symbol")
        if body["lifecycleState"] not in ("PUBLISHED", "DRAFT"):
            return _field_error("lifecycleState", "must be PUBLISHED or DRAFT")
        text, _ = render(str(body["commentary"]))
        if _utf16(text) > MAX_COMMENTARY:
            return _field_error("commentary", f"length {_utf16(text)} exceeds the maximum {MAX_COMMENTARY}")
        return self._check_content(body.get("content"), s, who)

    def _check_content(self, content: Any, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response | None:
        if content is None:
            return None
        if not isinstance(content, dict) or len(content) != 1:
            return _field_error("content", "exactly one of media, multiImage, article, poll is allowed")
        kind, value = next(iter(content.items()))
        ids: list[str] = []
        if kind == "media":
            ids = [value.get("id", "")]
            if ids[0].startswith("urn:li:document:") and not value.get("title"):
                return _field_error("content/media/title", "field is required for documents")
        elif kind == "multiImage":
            ids = [image.get("id", "") for image in value.get("images", [])]
            if not 2 <= len(ids) <= 20:
                return _field_error("content/multiImage/images", "must have between 2 and 20 images")
        elif kind == "article":
            if not value.get("source") or not value.get("title"):
                return _field_error("content/article", "source and title are required")
            ids = [value["thumbnail"]] if value.get("thumbnail") else []
        elif kind != "poll":
            return _field_error(f"content/{kind}", "unrecognized field found but not allowed")
        for urn in ids:
            record = s.get("media", {}).get(urn)
            if record is None or record["owner"] != who["urn"]:
                return _field_error(f"content/{kind}", f"{urn} does not exist or does not belong to the author")
            if self.advance_media(record) != "AVAILABLE":
                return _field_error(f"content/{kind}", f"{urn} is not ready: {record['status']}")
        return None

    def _duplicate_of(self, body: dict[str, Any], s: dict[str, Any], who: dict[str, Any]) -> str | None:
        for urn, post in s.get("posts", {}).items():  # deleted posts count too (LinkedIn's ghost duplicates)
            recent = self.now_ms() - post["created_ms"] < DUPLICATE_WINDOW_MS
            if (recent and post["author"] == who["urn"] and post["commentary"] == body["commentary"]
                    and post.get("content") == body.get("content")):
                return urn
        return None

    def _store_post(self, s: dict[str, Any], body: dict[str, Any], author: str, author_name: str = "") -> str:
        number = URN_BASE + self.next_id(s, "posts")
        urn, activity = f"urn:li:share:{number}", f"urn:li:activity:{number}"
        text, truncated = render(str(body.get("commentary", "")))
        s.setdefault("posts", {})[urn] = {
            "urn": urn, "activity": activity, "author": author, "author_name": author_name,
            "commentary": body.get("commentary", ""), "text": text, "truncated": truncated,
            "content": body.get("content"), "visibility": body.get("visibility"), "created_ms": self.now_ms(),
            "deleted": False}
        s.setdefault("activities", {})[activity] = urn
        return urn

    def delete_post(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        post = s.get("posts", {}).get(unquote(req.params["urn"]))
        if post is None or post["deleted"]:
            return error(404, "Not Found", "NOT_FOUND")
        if post["author"] != who["urn"]:
            return error(403, "Not enough permissions to delete this post", "ACCESS_DENIED", 100)
        post["deleted"] = True
        return empty_response(204)

    def _find_post(self, s: dict[str, Any], urn: str) -> dict[str, Any] | None:
        share = s.get("activities", {}).get(urn, urn)
        post = s.get("posts", {}).get(share)
        return post if post and not post["deleted"] else None

    # comments ------------------------------------------------------------------------------------

    def create_comment(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        target = unquote(req.params["urn"])
        body = req.json() or {}
        for field in ("actor", "object", "message"):
            if field not in body:
                return _field_error(field, "field is required but not found and has no default value")
        if body["actor"] != who["urn"] or not {"w_member_social", "w_member_social_feed"} & set(who["scopes"]):
            return error(403, "Not enough permissions to access: socialActions.comments.CREATE", "ACCESS_DENIED", 100)
        text = str((body["message"] or {}).get("text", ""))
        if not text.strip() or _utf16(text) > MAX_COMMENT:
            return _field_error("message/text", f"must be 1 to {MAX_COMMENT} characters")
        post = self._find_post(s, body["object"])
        if post is None:
            return error(404, f"{body['object']} not found", "NOT_FOUND")
        parent = body.get("parentComment")
        expected_path = parent or body["object"]
        if target != expected_path or (parent and parent not in s.get("comments", {})):
            return error(400, "The path must name the post, or the parent comment of a nested comment",
                         "ILLEGAL_ARGUMENT")
        number = URN_BASE + 1_000_000 + self.next_id(s, "comments")
        comment_urn = f"urn:li:comment:({post['activity']},{number})"
        record = {"actor": who["urn"], "object": post["activity"], "id": str(number), "commentUrn": comment_urn,
                  "message": {"text": text}, "created": {"actor": who["urn"], "time": self.now_ms()}}
        if parent:
            record["parentComment"] = parent
        s.setdefault("comments", {})[comment_urn] = {**record, "post": post["urn"]}
        return json_response(201, record)

    # member post analytics (r_member_postAnalytics) ----------------------------------------------

    def analytics(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        if "r_member_postAnalytics" not in who["scopes"]:
            return error(403, "Not enough permissions to access: memberCreatorPostAnalytics.FINDER-entity",
                         "ACCESS_DENIED", 100)
        q = req.query
        entity = unquote(q.get("entity", ""))
        if q.get("q") != "entity" or q.get("queryType") not in QUERY_TYPES or q.get("aggregation") not in (
                "TOTAL", "DAILY") or not (entity.startswith(("(share:", "(ugc:")) and entity.endswith(")")):
            return error(400, "Invalid query parameters for memberCreatorPostAnalytics", "ILLEGAL_ARGUMENT")
        urn = entity[1:-1].split(":", 1)[1]
        post = s.get("posts", {}).get(urn)
        if post is None or post["author"] != who["urn"]:
            return error(404, f"{urn} not found among the member's posts", "NOT_FOUND")
        count = self._metric(s, post, q["queryType"])
        key = "share" if urn.startswith("urn:li:share:") else "ugc"
        return json_response(200, {"elements": [{"count": count, "metricType": {"com.linkedin.adsexternalapi."
                                                 "memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": q["queryType"]},
                                                 "targetEntity": {key: urn}}],
                                   "paging": {"start": 0, "count": 10, "links": []}})

    def _metric(self, s: dict[str, Any], post: dict[str, Any], query_type: str) -> int:
        seeded = s.get("metrics", {}).get(post["urn"], {})
        if query_type in seeded:
            return int(seeded[query_type])
        if query_type == "COMMENT":
            return sum(1 for c in s.get("comments", {}).values() if c["post"] == post["urn"])
        return 0

    # hooks ---------------------------------------------------------------------------------------

    def seed_post(self, text: str, author_name: str = "Someone Else", author_sub: str = "Sbx0Other") -> dict[str, str]:
        """Someone else's post, for engage to comment on; returns its share and activity URNs."""
        with self.world.state("linkedin") as s:  # type: ignore[attr-defined]
            urn = self._store_post(s, {"commentary": text, "visibility": "PUBLIC"}, f"urn:li:person:{author_sub}",
                                   author_name)
            return {"share": urn, "activity": s["posts"][urn]["activity"]}

    def seed_comment(self, post_urn: str, text: str, actor_sub: str = "Sbx0Other") -> str:
        """Someone comments on a post (the creator's own, say); returns the comment URN."""
        with self.world.state("linkedin") as s:  # type: ignore[attr-defined]
            post = self._find_post(s, post_urn)
            assert post is not None, f"no post {post_urn}"
            number = URN_BASE + 1_000_000 + self.next_id(s, "comments")  # type: ignore[attr-defined]
            urn = f"urn:li:comment:({post['activity']},{number})"
            actor = f"urn:li:person:{actor_sub}"
            s.setdefault("comments", {})[urn] = {
                "actor": actor, "object": post["activity"], "id": str(number), "commentUrn": urn,
                "message": {"text": text}, "created": {"actor": actor, "time": self.now_ms()},  # type: ignore[attr-defined]
                "post": post["urn"]}
            return urn

    def seed_metrics(self, urn: str, **counts: int) -> None:
        """e.g. seed_metrics(urn, IMPRESSION=1200, REACTION=30)."""
        with self.world.state("linkedin") as s:  # type: ignore[attr-defined]
            s.setdefault("metrics", {}).setdefault(urn, {}).update(counts)

    def posts(self, author_sub: str | None = None) -> list[dict[str, Any]]:
        """Live posts, oldest first (tests count them: a rerun must never add one)."""
        state = self.world.read("linkedin")  # type: ignore[attr-defined]
        return [p for p in state.get("posts", {}).values()
                if not p["deleted"] and (author_sub is None or p["author"] == f"urn:li:person:{author_sub}")]

    def comments(self) -> list[dict[str, Any]]:
        return list(self.world.read("linkedin").get("comments", {}).values())  # type: ignore[attr-defined]
