"""Thin typed calls to the WordPress REST API (`wp/v2`): one method per endpoint, pydantic out.

Every URL is built from the discovered REST root, and query parameters are merged into it (a
plain-permalinks root already carries `?rest_route=`). Errors use WordPress's envelope
`{"code","message","data":{"status"}}`; hosts and firewalls may answer with HTML instead, so
JSON is never assumed (contracts §5.6, §5.7).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from psn.platforms.errors import (
    AuthExpired,
    PermissionDenied,
    PlatformError,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.http import HttpClient
from psn.platforms.wordpress.discovery import route_url

MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp", ".mp4": "video/mp4"}
NOT_LOGGED_IN = (
    "WordPress did not accept the username and password: one is wrong, or the password was revoked. It must be an "
    "application password (Users → Profile → Application Passwords), not the password you log in with; run "
    "`psn setup wordpress` with a new one. Only if a new one fails too: the host may strip the Authorization "
    "header (see `psn setup wordpress --help`).")
"""WordPress 6.1 answers a wrong or revoked application password, an unknown user and a login password
alike with `rest_not_logged_in` (or `rest_cannot_create` on a create): the credentials come first."""

AUTH_HINTS = {
    "incorrect_password": "The application password is wrong or was revoked: create a new one under "
                          "Users → Profile → Application Passwords and run `psn setup wordpress`.",
    "invalid_username": "That username (or email) is not registered on the site.",
    "invalid_email": "That username (or email) is not registered on the site.",
    "application_passwords_disabled": "The site has application passwords turned off (they need HTTPS, or a "
                                      "security plugin disables them).",
    "application_passwords_disabled_for_user": "Application passwords are disabled for your account.",
    "rest_cannot_create": NOT_LOGGED_IN,
    "rest_not_logged_in": NOT_LOGGED_IN,
}


class WpUser(BaseModel):
    id: int
    name: str = ""
    slug: str = ""
    link: str = ""
    capabilities: dict[str, bool] = {}


class WpPost(BaseModel):
    id: int
    status: str = ""
    link: str = ""
    slug: str = ""
    type: str = "post"
    date_gmt: str | None = None
    title: dict[str, Any] = {}

    @property
    def raw_title(self) -> str:
        return str(self.title.get("raw") or self.title.get("rendered") or "")


class WpTerm(BaseModel):
    id: int
    name: str = ""
    slug: str = ""


class WpMedia(BaseModel):
    id: int
    source_url: str = ""
    mime_type: str = ""


class WpComment(BaseModel):
    id: int
    post: int
    parent: int = 0
    author: int = 0  # the user id of a logged-in commenter; 0 for a visitor
    author_name: str = ""
    date_gmt: str | None = None
    content: dict[str, Any] = {}
    link: str = ""


def classify(response: httpx.Response) -> PlatformError:
    body = _json(response)
    status = response.status_code
    code = str(body.get("code") or "")
    if not body:  # HTML from a host or firewall
        message = f"WordPress (or the host in front of it) answered HTTP {status} without the REST envelope."
        common: dict[str, Any] = {"platform": "wordpress", "status": status, "code": "non_json"}
        if status == 429:
            return RateLimitedError(message, "The host is rate limiting psn; wait and try again.", **common)
        if status >= 500:
            return Unavailable(message, "The site is having trouble; try again later.", **common)
        return Rejected(message, "A firewall or security plugin may be blocking the REST API.", **common)
    message = f"WordPress: {_plain(str(body.get('message') or code or status))}"
    params = (body.get("data") or {}).get("params") if isinstance(body.get("data"), dict) else None
    if params:
        message += " (" + "; ".join(f"{k}: {_plain(str(v))}" for k, v in params.items()) + ")"
    common = {"platform": "wordpress", "status": status, "code": code}
    if status == 401:
        return AuthExpired(message, AUTH_HINTS.get(code, "Check the credentials: `psn setup wordpress`."), **common)
    if status == 403 and code in ("rest_cannot_publish", "rest_cannot_create", "rest_cannot_edit", "rest_forbidden"):
        return PermissionDenied(message, "Your WordPress role cannot do this: publishing needs Author or higher, "
                                         "creating tags and categories needs Editor or higher.", **common)
    if status == 429:
        return RateLimitedError(message, "The site is rate limiting psn; wait and try again.", **common)
    if status >= 500:
        return Unavailable(message, "WordPress had an internal error; try again later.", **common)
    if code == "term_exists":  # not a failure for psn: the id of the existing term comes along
        error = Rejected(message, **common)
        error.details["term_id"] = (body.get("data") or {}).get("term_id")
        return error
    if code == "rest_no_route":
        return Rejected(message, "The REST root psn discovered no longer answers: run `psn setup wordpress` again.",
                        **common)
    return Rejected(message, **common)


def _json(response: httpx.Response) -> dict[str, Any]:
    if "json" not in response.headers.get("content-type", ""):
        return {}
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _plain(text: str) -> str:
    """WordPress messages carry HTML (`<strong>Error:</strong> …`)."""
    import re

    return re.sub(r"<[^>]+>", "", text).strip()


class WordPressClient:
    def __init__(self, http: HttpClient, root: str) -> None:
        self.http = http
        self.root = root

    def _url(self, route: str, params: dict[str, str] | None = None) -> str:
        url = httpx.URL(route_url(self.root, route))
        return str(url.copy_merge_params(params) if params else url)

    def index(self) -> dict[str, Any]:
        return _json(self.http.request("GET", self._url(""), operation="auth", authenticated=False))

    def me(self) -> WpUser:
        response = self.http.request("GET", self._url("wp/v2/users/me", {"context": "edit"}), operation="auth")
        return WpUser(**response.json())

    # posts and pages -----------------------------------------------------------------------------

    def create(self, collection: str, body: dict[str, Any]) -> WpPost:
        response = self.http.request("POST", self._url(f"wp/v2/{collection}"), operation="posting",
                                     retry_safe=False, json=body)
        return WpPost(**response.json())

    def get(self, collection: str, post_id: int) -> WpPost:
        response = self.http.request("GET", self._url(f"wp/v2/{collection}/{post_id}", {"context": "edit"}),
                                     operation="posting")
        return WpPost(**response.json())

    def search(self, collection: str, text: str) -> list[WpPost]:
        params = {"search": text, "status": "publish,future,draft,pending,private", "context": "edit",
                  "per_page": "20", "_fields": "id,link,status,slug,type,title,date_gmt"}
        response = self.http.request("GET", self._url(f"wp/v2/{collection}", params), operation="posting")
        return [WpPost(**p) for p in response.json()]

    # terms ---------------------------------------------------------------------------------------

    def terms(self, taxonomy: str, *, search: str | None = None, include: list[int] | None = None) -> list[WpTerm]:
        params = {"per_page": "100", "_fields": "id,name,slug"}
        if search is not None:
            params["search"] = search
        if include:
            params["include"] = ",".join(str(i) for i in include)
        response = self.http.request("GET", self._url(f"wp/v2/{taxonomy}", params), operation="posting")
        return [WpTerm(**t) for t in response.json()]

    def create_term(self, taxonomy: str, name: str) -> int:
        """The new term's id; an existing one (`term_exists`) answers with its id in `data.term_id`."""
        try:
            response = self.http.request("POST", self._url(f"wp/v2/{taxonomy}"), operation="posting",
                                         retry_safe=True, json={"name": name})
        except Rejected as exc:
            term_id = _existing_term(exc)
            if term_id is None:
                raise
            return term_id
        return int(response.json()["id"])

    # media ---------------------------------------------------------------------------------------

    def upload(self, path: Path, alt_text: str = "") -> WpMedia:
        mime = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        headers = {"Content-Type": mime, "Content-Disposition": f'attachment; filename="{_ascii_name(path.name)}"'}
        response = self.http.request("POST", self._url("wp/v2/media"), operation="posting", retry_safe=False,
                                     content=path.read_bytes(), headers=headers)
        media = WpMedia(**response.json())
        if alt_text:
            self.http.request("POST", self._url(f"wp/v2/media/{media.id}"), operation="posting", retry_safe=True,
                              json={"alt_text": alt_text})
        return media

    def attach(self, media_id: int, post_id: int) -> None:
        self.http.request("POST", self._url(f"wp/v2/media/{media_id}"), operation="posting", retry_safe=True,
                          json={"post": post_id})

    # comments ------------------------------------------------------------------------------------

    def comments(self, post_id: int, per_page: int = 100) -> tuple[list[WpComment], int]:
        """(comments, total from X-WP-Total)."""
        response = self.http.request("GET", self._url("wp/v2/comments", {"post": str(post_id),
                                                                          "per_page": str(per_page)}),
                                     operation="engagement")
        total = int(response.headers.get("x-wp-total") or 0)
        return [WpComment(**c) for c in response.json()], total

    def comment(self, comment_id: int) -> WpComment:
        response = self.http.request("GET", self._url(f"wp/v2/comments/{comment_id}"), operation="engagement")
        return WpComment(**response.json())

    def posts(self, *, author: int | None = None, slug: str | None = None, per_page: int = 10) -> list[WpPost]:
        """Published posts, newest first: an author's latest, or the one with this slug."""
        params = {"per_page": str(per_page), "_fields": "id,link,status,slug,type,date_gmt"}
        if author is not None:
            params["author"] = str(author)
        if slug:
            params["slug"] = slug
        response = self.http.request("GET", self._url("wp/v2/posts", params), operation="engagement")
        return [WpPost(**p) for p in response.json()]

    def create_comment(self, post_id: int, parent: int, content: str) -> WpComment:
        response = self.http.request("POST", self._url("wp/v2/comments"), operation="engagement", retry_safe=False,
                                     json={"post": post_id, "parent": parent, "content": content})
        return WpComment(**response.json())


def _existing_term(exc: Rejected) -> int | None:
    term_id = str(exc.details.get("term_id")) if exc.code == "term_exists" else ""
    return int(term_id) if term_id.isascii() and term_id.isdigit() else None


def _ascii_name(name: str) -> str:
    """Content-Disposition's filename must be plain ASCII without quotes."""
    cleaned = "".join(c if c.isascii() and c not in '"\\' else "-" for c in name)
    return cleaned or "upload"
