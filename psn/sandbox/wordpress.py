"""Emulator of self-hosted WordPress 6.x's REST API (contracts §5), one site per host:

- wp.example.com: pretty permalinks (`/wp-json/`), HTTPS;
- plain.example.com: plain permalinks (`/?rest_route=/`; `/wp-json/` is a 404 HTML page);
- wp.localhost: a local development site, where application passwords also work over http.

Reproduced: the front page's `Link: <root>; rel="https://api.w.org/"`; the index with
`authentication.application-passwords` only where they are available; Basic auth with
application passwords (spaces ignored), refused over plain http on non-local sites; a wrong
password is ignored on public GETs (older WordPress) but `users/me` answers 401; 201 post JSON
with `id`, `link`, `status`, `guid` in `context=edit`; `publish` with a date ≥ 1 min ahead is
stored as `future`, `future` with a past date publishes; scheduled posts go live with the world
clock; `term_exists` with `data.term_id`; raw media uploads with Content-Disposition and their
error codes; `X-WP-Total`/`X-WP-TotalPages`; roles (a Contributor gets `rest_cannot_publish`).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, json_response
from psn.sandbox.wordpress_site import SiteState, wp_error

SITES = {"wp.example.com": {"pretty": True, "local": False}, "plain.example.com": {"pretty": False, "local": False},
         "wp.localhost": {"pretty": True, "local": True}}
USERS = {  # login → (id, application password, role)
    "demo": (1, "abcd EFGH 1234 ijkl MNOP 6789", "administrator"),
    "writer": (2, "wxyz WXYZ 9876 mnop QRST 5432", "contributor"),
}
CAPS = {"administrator": {"publish_posts", "manage_categories", "edit_posts", "upload_files", "publish_pages"},
        "contributor": {"edit_posts"}}
UPLOAD_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}
STATUSES = ("publish", "future", "draft", "pending", "private")
NOT_ALLOWED = "Sorry, you are not allowed to {}."
BAD_DISPOSITION = ('Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as '
                   '`attachment; filename="image.png"` or similar.')


class WordPressEmulator(Emulator):
    platform = "wordpress"
    hosts = tuple(SITES)

    def routes(self) -> None:
        self.route("GET", r"/", self.index)
        self.route("GET", r"/wp/v2/users/me", self.me)
        self.route("POST", r"/wp/v2/(?P<kind>posts|pages)", self.create_post)
        self.route("GET", r"/wp/v2/(?P<kind>posts|pages)", self.list_posts)
        self.route("GET", r"/wp/v2/(?P<kind>posts|pages)/(?P<id>\d+)", self.get_post)
        self.route("GET", r"/wp/v2/(?P<tax>tags|categories)", self.list_terms)
        self.route("POST", r"/wp/v2/(?P<tax>tags|categories)", self.create_term)
        self.route("POST", r"/wp/v2/media", self.upload)
        self.route("POST", r"/wp/v2/media/(?P<id>\d+)", self.update_media)
        self.route("GET", r"/wp/v2/comments", self.list_comments)
        self.route("POST", r"/wp/v2/comments", self.create_comment)
        self.route("GET", r"/wp/v2/comments/(?P<id>\d+)", self.get_comment)

    def handle(self, request: EmuRequest) -> httpx.Response:
        """Map the URL to a REST route the way WordPress does: `?rest_route=` always works,
        `/wp-json/…` only with pretty permalinks; anything else is the front end."""
        host, base = _site_address(request)
        request.site = _Site(host, base, **SITES[host])  # type: ignore[attr-defined]
        route = request.query.pop("rest_route", None)
        if route is None and request.path.startswith("/wp-json"):
            if not request.site.pretty:  # type: ignore[attr-defined]
                return httpx.Response(404, text="<html><body>Not Found</body></html>",
                                      headers={"Content-Type": "text/html"})
            route = request.path[len("/wp-json"):] or "/"
        if route is None:
            return self.front_page(request)
        request.path = "/" + route.strip("/") if route.strip("/") else "/"
        response = super().handle(request)
        response.headers.setdefault("Link", f'<{request.site.root}>; rel="https://api.w.org/"')  # type: ignore
        return response

    def rate_limited(self, request: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """WordPress core has no rate limits: the host, a WAF or a security plugin in front of it
        answers 429, often as an HTML page, with Retry-After (contracts §5.7)."""
        return httpx.Response(429, text="<html><body><h1>429 Too Many Requests</h1></body></html>",
                              headers={"Content-Type": "text/html", "Retry-After": str(self.seconds_until(lifts))})

    def not_found(self, request: EmuRequest) -> httpx.Response:
        return wp_error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def front_page(self, request: EmuRequest) -> httpx.Response:
        root = _site(request).root
        html = f'<html><head><link rel="https://api.w.org/" href="{root}"></head><body>Sandbox blog</body></html>'
        return httpx.Response(200, text=html, headers={"Content-Type": "text/html; charset=UTF-8",
                                                       "Link": f'<{root}>; rel="https://api.w.org/"'})

    # -- auth -------------------------------------------------------------------------------------

    def _user(self, req: EmuRequest) -> tuple[dict[str, Any] | None, httpx.Response | None]:
        """(user, None), (None, None) when anonymous, or (None, 401) for bad credentials."""
        header = req.headers.get("authorization", "")
        if not header.lower().startswith("basic ") or not _site(req).passwords_available:
            return None, None  # over plain http the header is simply not honoured
        login, _, password = base64.b64decode(header[6:]).decode("utf-8", "replace").partition(":")
        if login not in USERS:
            return None, wp_error(401, "invalid_username", f"<strong>Error:</strong> The username <strong>{login}"
                                                           "</strong> is not registered on this site.")
        number, stored, role = USERS[login]
        if "".join(password.split()) != "".join(stored.split()):
            return None, wp_error(401, "incorrect_password",
                                  "The provided password is an invalid application password.")
        return {"id": number, "login": login, "role": role, "caps": CAPS[role]}, None

    def _reader(self, req: EmuRequest) -> dict[str, Any] | None:
        """Public reads: older WordPress serves them anonymously even when the password is wrong."""
        user, _ = self._user(req)
        return user

    def _require(self, req: EmuRequest, code: str, message: str) -> tuple[dict[str, Any] | None, httpx.Response | None]:
        user, error = self._user(req)
        if error or user:
            return user, error
        return None, wp_error(401, code, message)

    # -- index and users --------------------------------------------------------------------------

    def index(self, req: EmuRequest) -> httpx.Response:
        base = _site(req).base
        body: dict[str, Any] = {"name": "Sandbox blog", "url": base.rstrip("/"), "home": base.rstrip("/"),
                                "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"], "authentication": [],
                                "routes": {"/wp/v2/posts": {}, "/wp/v2/media": {}}}
        if _site(req).passwords_available:
            body["authentication"] = {"application-passwords": {"endpoints": {
                "authorization": f"{base}wp-admin/authorize-application.php"}}}
        return json_response(200, body)

    def me(self, req: EmuRequest) -> httpx.Response:
        user, error = self._require(req, "rest_not_logged_in", "You are not currently logged in.")
        if error:
            return error
        body: dict[str, Any] = {"id": user["id"], "name": user["login"].title(), "slug": user["login"],
                                "link": f"{_site(req).base}author/{user['login']}/"}
        if req.query.get("context") == "edit":
            body["capabilities"] = {cap: True for cap in user["caps"]}
            body["roles"] = [user["role"]]
        return json_response(200, body)

    # -- posts ------------------------------------------------------------------------------------

    def _state(self, req: EmuRequest) -> SiteState:
        return SiteState(self.world, _site(req).host, self.now())

    def create_post(self, req: EmuRequest) -> httpx.Response:
        kind = req.params["kind"]
        user, error = self._require(req, "rest_cannot_create", NOT_ALLOWED.format("create posts as this user"))
        if error:
            return error
        body = req.json()
        if not isinstance(body, dict):
            return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.")
        status = body.get("status", "draft")
        if status not in STATUSES:
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): status",
                            params={"status": f"status is not one of {', '.join(STATUSES)}."})
        if status in ("publish", "future", "private") and "publish_posts" not in user["caps"]:
            return wp_error(403, "rest_cannot_publish", NOT_ALLOWED.format("publish posts in this post type"))
        with self._state(req) as site:
            error = site.check_refs(body)
            if error:
                return error
            post = site.new_post(kind, body, user["id"], _site(req).base, _site(req).pretty)
            view = site.view(post, edit=True)
        return json_response(201, view, {"Location": f"{_site(req).root}wp/v2/{kind}/{post['id']}"})

    def get_post(self, req: EmuRequest) -> httpx.Response:
        user = self._reader(req)
        with self._state(req) as site:
            post = site.data["posts"].get(req.params["id"])
            if not post or post["type"] != req.params["kind"][:-1]:
                return wp_error(404, "rest_post_invalid_id", "Invalid post ID.")
            if post["status"] != "publish" and not user:
                return wp_error(401, "rest_forbidden", NOT_ALLOWED.format("do that"))
            return json_response(200, site.view(post, edit=bool(user) and req.query.get("context") == "edit"))

    def list_posts(self, req: EmuRequest) -> httpx.Response:
        user = self._reader(req)
        statuses = req.query.get("status", "publish").split(",")
        if (statuses != ["publish"] or req.query.get("context") == "edit") and not user:
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): status",
                            params={"status": "Status is forbidden."})
        per_page = int(req.query.get("per_page", 10))
        if not 1 <= per_page <= 100:
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): per_page",
                            params={"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"})
        search, author, slug = req.query.get("search", "").lower(), req.query.get("author"), req.query.get("slug")
        with self._state(req) as site:
            found = [p for p in site.data["posts"].values() if p["type"] == req.params["kind"][:-1]
                     and p["status"] in statuses and (search in p["title"].lower() or search in p["content"].lower())
                     and author in (None, str(p["author"])) and slug in (None, p["slug"])]
            found.sort(key=lambda p: p["date_gmt"], reverse=True)
            views = [site.view(p, edit=bool(user)) for p in found[:per_page]]
        return _paged(views, len(found), per_page)

    # -- terms ------------------------------------------------------------------------------------

    def list_terms(self, req: EmuRequest) -> httpx.Response:
        q = req.query
        include = {int(i) for i in q.get("include", "").split(",") if i.isascii() and i.isdigit()}
        per_page = int(q.get("per_page", 10))
        search, slug = q.get("search", "").lower(), q.get("slug")
        with self._state(req) as site:
            found = [t for t in site.data["terms"][req.params["tax"]].values()
                     if (search in t["name"].lower() or search in t["slug"]) and slug in (None, t["slug"])
                     and (not include or t["id"] in include)]
        return _paged(found[:per_page], len(found), per_page)

    def create_term(self, req: EmuRequest) -> httpx.Response:
        tax = req.params["tax"]
        user, error = self._require(req, "rest_cannot_create", NOT_ALLOWED.format("create terms in this taxonomy"))
        if error:
            return error
        if "manage_categories" not in user["caps"]:
            return wp_error(403, "rest_cannot_create", NOT_ALLOWED.format("create terms in this taxonomy"))
        name = str((req.json() or {}).get("name", "")).strip()
        if not name:
            return wp_error(400, "rest_missing_callback_param", "Missing parameter(s): name", params=["name"])
        with self._state(req) as site:
            # WordPress refuses a second term of the same *name*; a clashing slug just gets a suffix (c-2)
            existing = next((t for t in site.data["terms"][tax].values() if t["name"].lower() == name.lower()), None)
            if existing:
                return wp_error(400, "term_exists", "A term with the name provided already exists in this taxonomy.",
                                term_id=existing["id"])
            term = site.new_term(tax, name, _site(req).base)
        return json_response(201, term)

    # -- media ------------------------------------------------------------------------------------

    def upload(self, req: EmuRequest) -> httpx.Response:
        _, error = self._require(req, "rest_cannot_create", NOT_ALLOWED.format("upload media as this user"))
        if error:
            return error
        if not req.body:
            return wp_error(400, "rest_upload_no_data", "No data supplied.")
        mime = req.headers.get("content-type", "")
        if not mime:
            return wp_error(400, "rest_upload_no_content_type", "No Content-Type supplied.")
        disposition = req.headers.get("content-disposition", "")
        if not disposition:
            return wp_error(400, "rest_upload_no_content_disposition", "No Content-Disposition supplied.")
        match = re.match(r'attachment;\s*filename="?([^";]+)"?', disposition)
        if not match:
            return wp_error(400, "rest_upload_invalid_disposition", BAD_DISPOSITION)
        if mime not in UPLOAD_TYPES:
            return wp_error(500, "rest_upload_sideload_error", NOT_ALLOWED.format("upload this file type"))
        with self._state(req) as site:
            media = site.new_media(match.group(1), mime, len(req.body), _site(req).base)
        return json_response(201, media)

    def update_media(self, req: EmuRequest) -> httpx.Response:
        _, error = self._require(req, "rest_cannot_edit", NOT_ALLOWED.format("edit this post"))
        if error:
            return error
        with self._state(req) as site:
            media = site.data["media"].get(req.params["id"])
            if not media:
                return wp_error(404, "rest_post_invalid_id", "Invalid post ID.")
            media["alt_text"] = str((req.json() or {}).get("alt_text", media["alt_text"]))
            media["post"] = (req.json() or {}).get("post", media.get("post", 0))  # attaching it to a post
            return json_response(200, media)

    # -- comments ---------------------------------------------------------------------------------

    def list_comments(self, req: EmuRequest) -> httpx.Response:
        per_page = int(req.query.get("per_page", 10))
        with self._state(req) as site:
            found = [site.comment_view(c) for c in reversed(site.data["comments"])  # newest first, as WordPress
                     if str(c["post"]) == req.query.get("post", str(c["post"]))]
        return _paged(found[:per_page], len(found), per_page)

    def create_comment(self, req: EmuRequest) -> httpx.Response:
        user, error = self._require(req, "rest_comment_login_required", "Sorry, you must be logged in to comment.")
        if error:
            return error
        body = req.json() or {}
        with self._state(req) as site:
            if str(body.get("post")) not in site.data["posts"]:
                return wp_error(403, "rest_comment_invalid_post_id", "Sorry, you are not allowed to create this "
                                                                     "comment without a post.")
            parent = int(body.get("parent") or 0)
            if parent and not any(c["id"] == parent and c["post"] == int(body["post"]) for c in site.data["comments"]):
                return wp_error(400, "rest_comment_invalid_parent", "Invalid comment parent ID.")
            comment = site.add_comment(int(body["post"]), parent, str(body.get("content", "")),
                                       user["login"].title(), _site(req).base, author_id=user["id"])
        return json_response(201, comment)

    def get_comment(self, req: EmuRequest) -> httpx.Response:
        with self._state(req) as site:
            comment = next((c for c in site.data["comments"] if str(c["id"]) == req.params["id"]), None)
            if comment is None:
                return wp_error(404, "rest_comment_invalid_id", "Invalid comment ID.")
            return json_response(200, site.comment_view(comment))


@dataclass(frozen=True)
class _Site:
    host: str
    base: str
    pretty: bool
    local: bool

    @property
    def root(self) -> str:
        return f"{self.base}wp-json/" if self.pretty else f"{self.base}?rest_route=/"

    @property
    def passwords_available(self) -> bool:
        """WordPress offers application passwords over HTTPS, or on a `local` environment."""
        return self.base.startswith("https://") or self.local


def _site_address(request: EmuRequest) -> tuple[str, str]:
    """(host, base URL) of the site asked for. Through `psn sandbox serve` the host is the path's first
    segment and the scheme the client meant is in X-Forwarded-Proto: the site answers as itself."""
    url = httpx.URL(request.external_base)
    if url.host in SITES:
        return url.host, f"{request.external_base}/"
    host = url.path.strip("/").split("/")[-1]
    return host, f"{request.headers.get('x-forwarded-proto', 'https')}://{host}/"


def _site(req: EmuRequest) -> _Site:
    return req.site  # type: ignore[attr-defined,no-any-return]


def _paged(items: list[dict[str, Any]], total: int, per_page: int) -> httpx.Response:
    pages = max(1, -(-total // per_page))
    return json_response(200, items, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


EMULATORS = (WordPressEmulator,)  # found by psn/sandbox/catalog.py
