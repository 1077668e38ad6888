"""The data of one emulated WordPress site (posts, pages, terms, media, comments), with the
rules WordPress applies when it stores them: unique slugs, `publish` ↔ `future` by date, WP-cron
publishing what is due, and the `link` each status gets (pretty permalink once published,
`?p=` / `?page_id=` before)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.sandbox.emulator import json_response
from psn.sandbox.world import SandboxWorld


def wp_error(status: int, code: str, message: str, **data: Any) -> httpx.Response:
    return json_response(status, {"code": code, "message": message, "data": {"status": status, **data}})


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


class SiteState:
    """One site's posts, terms, media and comments, locked for the length of a `with`."""

    def __init__(self, world: SandboxWorld, host: str, now: datetime) -> None:
        self._cm = world.state(f"wordpress-{host}")
        self.now = now

    def __enter__(self) -> SiteState:
        self.data = self._cm.__enter__()
        if "posts" not in self.data:
            self.data.update(posts={}, media={}, comments=[], next_id=10,
                             terms={"tags": {}, "categories": {"1": {"id": 1, "name": "Uncategorized",
                                                                     "slug": "uncategorized", "count": 0}}})
        for post in self.data["posts"].values():  # WP-cron publishes what is due
            if post["status"] == "future" and datetime.fromisoformat(post["date_gmt"]) <= self.now:
                post["status"] = "publish"
        return self

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)

    def _id(self) -> int:
        self.data["next_id"] += 1
        return int(self.data["next_id"])

    def check_refs(self, body: dict[str, Any]) -> httpx.Response | None:
        for tax in ("tags", "categories"):
            unknown = [i for i in body.get(tax, []) if str(i) not in self.data["terms"][tax]]
            if unknown:
                return wp_error(400, "rest_term_invalid", "Invalid term ID.", params={tax: unknown})
        if body.get("featured_media") and str(body["featured_media"]) not in self.data["media"]:
            return wp_error(400, "rest_invalid_featured_media", "Invalid featured media ID.")
        return None

    def new_post(self, kind: str, body: dict[str, Any], author: int, base: str, pretty: bool) -> dict[str, Any]:
        status = body.get("status", "draft")
        date = datetime.fromisoformat(body["date_gmt"]).replace(tzinfo=self.now.tzinfo) if body.get("date_gmt") \
            else self.now
        if status == "publish" and date >= self.now + timedelta(minutes=1):
            status = "future"
        elif status == "future" and date <= self.now:
            status = "publish"
        slug = body.get("slug") or slugify(body.get("title", ""))
        taken = {p["slug"] for p in self.data["posts"].values()}
        unique, n = slug, 2
        while unique in taken:
            unique, n = f"{slug}-{n}", n + 1
        post = {"id": self._id(), "type": kind[:-1], "status": status, "slug": unique, "author": author,
                "title": body.get("title", ""), "content": body.get("content", ""), "excerpt": body.get("excerpt", ""),
                "date_gmt": date.isoformat(), "tags": body.get("tags", []), "pretty": pretty, "base": base,
                "categories": body.get("categories", [1] if kind == "posts" else []),
                "featured_media": body.get("featured_media", 0)}
        self.data["posts"][str(post["id"])] = post
        return post

    def view(self, post: dict[str, Any], edit: bool) -> dict[str, Any]:
        date = datetime.fromisoformat(post["date_gmt"])
        base, query = post["base"], "page_id" if post["type"] == "page" else "p"
        link = f"{base}?{query}={post['id']}"
        if post["status"] == "publish" and post["pretty"]:
            link = f"{base}{post['slug']}/" if post["type"] == "page" else f"{base}{date:%Y/%m/%d}/{post['slug']}/"
        def text(value: str) -> dict[str, Any]:
            return {"raw": value, "rendered": value} if edit else {"rendered": value}
        view = {"id": post["id"], "date": date.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_gmt": date.strftime("%Y-%m-%dT%H:%M:%S"), "guid": text(f"{base}?p={post['id']}"),
                "slug": post["slug"], "status": post["status"], "type": post["type"], "link": link,
                "title": text(post["title"]), "content": {**text(post["content"]), "protected": False},
                "excerpt": text(post["excerpt"]), "author": post["author"], "featured_media": post["featured_media"],
                "comment_status": "open", "ping_status": "open", "template": "", "meta": {}}
        if post["type"] == "post":
            view.update(tags=post["tags"], categories=post["categories"], format="standard", sticky=False)
        return view

    def new_term(self, tax: str, name: str, base: str) -> dict[str, Any]:
        slug, taken, n = slugify(name), {t["slug"] for t in self.data["terms"][tax].values()}, 2
        while slug in taken:
            slug, n = f"{slugify(name)}-{n}", n + 1
        term = {"id": self._id(), "count": 0, "description": "", "name": name, "slug": slug,
                "link": f"{base}{'tag' if tax == 'tags' else 'category'}/{slug}/",
                "taxonomy": "post_tag" if tax == "tags" else "category", "meta": []}
        self.data["terms"][tax][str(term["id"])] = term
        return term

    def new_media(self, filename: str, mime: str, size: int, base: str) -> dict[str, Any]:
        media = {"id": self._id(), "source_url": f"{base}wp-content/uploads/{self.now:%Y/%m}/{filename}",
                 "media_type": "image" if mime.startswith("image/") else "file", "mime_type": mime, "alt_text": "",
                 "media_details": {"filesize": size}}
        self.data["media"][str(media["id"])] = media
        return media

    def add_comment(self, post: int, parent: int, content: str, author: str, base: str,
                    author_id: int = 0) -> dict[str, Any]:
        """`author` is the display name; `author_id` the user id of a logged-in commenter (0: a visitor)."""
        comment = {"id": self._id(), "post": post, "parent": parent, "author": author_id, "author_name": author,
                   "date_gmt": self.now.strftime("%Y-%m-%dT%H:%M:%S"), "content": {"rendered": f"<p>{content}</p>"},
                   "link": f"{base}?p={post}#comment-{self.data['next_id']}", "status": "approved"}
        self.data["comments"].append(comment)
        return self.comment_view(comment)

    def comment_view(self, comment: dict[str, Any]) -> dict[str, Any]:
        """A comment's `link` is its post's permalink now (pretty once the post is live) + `#comment-N`."""
        post = self.data["posts"].get(str(comment["post"]))
        if post is None:
            return comment
        return {**comment, "link": f"{self.view(post, edit=False)['link']}#comment-{comment['id']}"}


def seed_comment(world: SandboxWorld, host: str, post_id: int, content: str, author: str = "A Reader",
                 author_id: int = 0) -> int:
    """A comment someone leaves on the site (a visitor by default); its id."""
    with SiteState(world, host, world.now()) as site:
        return int(site.add_comment(post_id, 0, content, author, f"https://{host}/", author_id=author_id)["id"])
