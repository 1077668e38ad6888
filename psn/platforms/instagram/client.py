"""Thin typed calls to the Instagram Platform API (contract A2–A7): one method per endpoint.

The token goes in the `access_token` query or form parameter by default (what every reference
page shows, contract C-12); with a `TokenCredentials` scheme on the HttpClient it travels as
`Authorization: Bearer` instead. rupload takes `Authorization: OAuth <token>`. Paths carry an
explicit Graph version: unversioned calls would silently use whatever the app dashboard is set to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from psn.platforms.base import Operation
from psn.platforms.http import HttpClient
from psn.platforms.instagram.models import (
    CommentPage,
    Container,
    ContainerStatus,
    FacebookPage,
    IGAccount,
    IGComment,
    IGMedia,
    InsightValue,
    MediaPage,
    PublishingQuota,
)
from psn.platforms.instagram.oauth import TokenSource, check_token_for_host

ME_FIELDS = "id,user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count"
MEDIA_FIELDS = ("id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,shortcode,timestamp,"
                "like_count,comments_count")
COMMENT_FIELDS = "id,text,timestamp,username,from,like_count,hidden,parent_id"
UPLOAD_CHUNK = 1024 * 1024


class FileBody:
    """A request body that reopens the file on every iteration, so a retried upload resends it whole."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            yield from iter(lambda: handle.read(UPLOAD_CHUNK), b"")


class TokenCredentials:
    """The HttpClient's credentials. With a `scheme` ("Bearer", rupload's "OAuth") the token travels as
    `Authorization: <scheme> <token>` on every attempt; without one it travels as a parameter, which
    InstagramClient adds, and no header is sent."""

    def __init__(self, tokens: TokenSource, scheme: str | None = None) -> None:
        self.source = tokens
        self.scheme = scheme

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"{self.scheme} {self.source.token()}"} if self.scheme else {}

    def refresh(self) -> bool:
        return False  # an Instagram token the API rejected cannot be refreshed: reconnect

    def force_refresh(self):  # type: ignore[no-untyped-def]
        """`psn accounts refresh instagram`."""
        return self.source.force_refresh()


class InstagramClient:
    """`http` talks to the Graph host (TokenCredentials with scheme "Bearer" when the token travels as a
    header, without a scheme when it travels as a parameter); `upload_http` to rupload, with "OAuth"."""

    def __init__(self, http: HttpClient, tokens: TokenSource, upload_http: HttpClient | None = None,
                 version: str = "v26.0", login: str = "instagram") -> None:
        self.http = http
        self.upload_http = upload_http or http
        self.tokens = tokens
        self.version = version
        self.login = login

    # plumbing ----------------------------------------------------------------------------------

    def call(self, method: str, path: str, operation: Operation, *, params: dict[str, Any] | None = None,
             data: dict[str, Any] | None = None, retry_safe: bool | None = None) -> httpx.Response:
        token = self.tokens.token()
        check_token_for_host(token, self.login)
        params = {k: v for k, v in (params or {}).items() if v is not None}
        form = {k: _form_value(v) for k, v in data.items() if v is not None} if data is not None else None
        if not getattr(self.http.credentials, "scheme", None):
            (form if form is not None else params)["access_token"] = token
        return self.http.request(method, f"/{self.version}/{path.lstrip('/')}", operation=operation,
                                 params=params or None, data=form, retry_safe=retry_safe)

    # account -----------------------------------------------------------------------------------

    def me(self) -> IGAccount:
        return IGAccount(**self.call("GET", "me", "auth", params={"fields": ME_FIELDS}).json())

    def account(self, user_id: str) -> IGAccount:
        """The professional account by id (the Facebook-Login path has no Instagram `/me`)."""
        fields = "id,username,name,profile_picture_url,followers_count,follows_count,media_count"
        body = self.call("GET", user_id, "auth", params={"fields": fields}).json()
        return IGAccount(**{**body, "user_id": body.get("id", user_id)})

    # publishing --------------------------------------------------------------------------------

    def create_container(self, user_id: str, params: dict[str, Any]) -> Container:
        # Never retried blindly: a container created twice costs one of the 400 a day.
        response = self.call("POST", f"{user_id}/media", "posting", data=params, retry_safe=False)
        return Container(**response.json())

    def container_status(self, container_id: str) -> ContainerStatus:
        response = self.call("GET", container_id, "posting", params={"fields": "id,status_code,status"})
        return ContainerStatus(**response.json())

    def publish(self, user_id: str, creation_id: str) -> str:
        response = self.call("POST", f"{user_id}/media_publish", "posting", data={"creation_id": creation_id},
                             retry_safe=False)
        return str(response.json()["id"])

    def publishing_limit(self, user_id: str, since: int | None = None) -> PublishingQuota:
        params = {"fields": "quota_usage,config", "since": since}
        data = self.call("GET", f"{user_id}/content_publishing_limit", "posting", params=params).json()
        entry = (data.get("data") or [{}])[0]
        config = entry.get("config") or {}
        return PublishingQuota(quota_usage=entry.get("quota_usage") or 0, quota_total=config.get("quota_total"),
                               quota_duration=config.get("quota_duration"))

    def upload_video(self, uri: str, path: Path) -> None:
        """Send the bytes to a resumable container's rupload URI, in one request from offset 0."""
        size = path.stat().st_size
        headers = {"offset": "0", "file_size": str(size), "Content-Type": "application/octet-stream",
                   "Content-Length": str(size)}
        # Re-sending to the same container replaces the upload: safe to retry.
        self.upload_http.request("POST", uri, operation="posting", content=FileBody(path), headers=headers,
                                 retry_safe=True)

    # reading -----------------------------------------------------------------------------------

    def media(self, media_id: str, fields: str = MEDIA_FIELDS) -> IGMedia:
        return IGMedia(**self.call("GET", media_id, "analytics", params={"fields": fields}).json())

    def list_media(self, user_id: str, limit: int = 25, after: str | None = None, fields: str = MEDIA_FIELDS,
                   since: int | None = None) -> MediaPage:
        params = {"fields": fields, "limit": min(max(limit, 1), 100), "after": after, "since": since}
        body = self.call("GET", f"{user_id}/media", "analytics", params=params).json()
        return MediaPage(items=[IGMedia(**m) for m in body.get("data", [])], after=_next_cursor(body))

    def stories(self, user_id: str) -> list[IGMedia]:
        """Stories live for 24 h and are not in `/media` (contract A5.3)."""
        body = self.call("GET", f"{user_id}/stories", "analytics", params={"fields": MEDIA_FIELDS}).json()
        return [IGMedia(**m) for m in body.get("data", [])]

    def media_insights(self, media_id: str, metrics: list[str]) -> list[InsightValue]:
        body = self.call("GET", f"{media_id}/insights", "analytics", params={"metric": ",".join(metrics)}).json()
        return [InsightValue(**item) for item in body.get("data", [])]

    def account_insights(self, user_id: str, metrics: list[str], period: str = "day",
                         metric_type: str | None = "total_value", since: int | None = None, until: int | None = None,
                         breakdown: str | None = None, timeframe: str | None = None) -> list[InsightValue]:
        params = {"metric": ",".join(metrics), "period": period, "metric_type": metric_type, "since": since,
                  "until": until, "breakdown": breakdown, "timeframe": timeframe}
        body = self.call("GET", f"{user_id}/insights", "analytics", params=params).json()
        return [InsightValue(**item) for item in body.get("data", [])]

    # comments and mentions ---------------------------------------------------------------------

    def comments(self, media_id: str, limit: int = 50, after: str | None = None) -> CommentPage:
        params = {"fields": COMMENT_FIELDS, "limit": min(max(limit, 1), 100), "after": after}
        body = self.call("GET", f"{media_id}/comments", "engagement", params=params).json()
        items = [IGComment(**c, media_id=media_id) for c in body.get("data", [])]
        return CommentPage(items=items, after=_next_cursor(body))

    def comment_on_media(self, media_id: str, message: str) -> str:
        response = self.call("POST", f"{media_id}/comments", "engagement", data={"message": message},
                             retry_safe=False)
        return str(response.json()["id"])

    def reply_to_comment(self, comment_id: str, message: str) -> str:
        response = self.call("POST", f"{comment_id}/replies", "engagement", data={"message": message},
                             retry_safe=False)
        return str(response.json()["id"])

    def reply_to_mention(self, user_id: str, media_id: str, message: str, comment_id: str | None = None) -> str:
        """Comment where the creator was @mentioned on someone else's media (caption or comment)."""
        data = {"media_id": media_id, "message": message, "comment_id": comment_id}
        response = self.call("POST", f"{user_id}/mentions", "engagement", data=data, retry_safe=False)
        return str(response.json()["id"])

    # Facebook Login only: Pages and hashtag search (contract A1.6, A6) ------------------------

    def pages_with_instagram(self) -> list[FacebookPage]:
        params = {"fields": "id,name,instagram_business_account"}
        body = self.call("GET", "me/accounts", "auth", params=params).json()
        pages = []
        for page in body.get("data", []):
            linked = page.get("instagram_business_account") or {}
            pages.append(FacebookPage(id=page["id"], name=page.get("name", ""), instagram_user_id=linked.get("id", "")))
        return pages

    def hashtag_id(self, user_id: str, name: str) -> str | None:
        body = self.call("GET", "ig_hashtag_search", "engagement", params={"user_id": user_id, "q": name}).json()
        found = body.get("data") or []
        return str(found[0]["id"]) if found else None

    def hashtag_media(self, hashtag_id: str, user_id: str, edge: str = "top_media", limit: int = 25) -> list[IGMedia]:
        fields = "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
        params = {"user_id": user_id, "fields": fields, "limit": min(max(limit, 1), 50)}
        body = self.call("GET", f"{hashtag_id}/{edge}", "engagement", params=params).json()
        return [IGMedia(**m) for m in body.get("data", [])]

    # webhooks subscription ---------------------------------------------------------------------

    def subscribe_webhooks(self, user_id: str, fields: list[str]) -> bool:
        # Use the numeric id: `POST /me/subscribed_apps` has been seen refused (contract A8).
        response = self.call("POST", f"{user_id}/subscribed_apps", "auth",
                             data={"subscribed_fields": ",".join(fields)})
        return bool(response.json().get("success"))

    def subscribed_fields(self, user_id: str) -> list[str]:
        body = self.call("GET", f"{user_id}/subscribed_apps", "auth").json()
        return [f for entry in body.get("data", []) for f in entry.get("subscribed_fields", [])]


def _form_value(value: Any) -> str:
    """Lists and dicts are JSON-encoded in a form (user_tags, children, collaborators); booleans lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _next_cursor(body: dict[str, Any]) -> str | None:
    paging = body.get("paging") or {}
    if not paging.get("next"):
        return None
    return (paging.get("cursors") or {}).get("after")
