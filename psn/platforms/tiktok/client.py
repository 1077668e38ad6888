"""Thin typed calls to open.tiktokapis.com: one method per endpoint, pydantic models out.

Every data endpoint is checked for its `error.code` even on HTTP 200 (creator_info answers its
spam-risk errors that way). Upload PUTs go through a second HttpClient without credentials:
the upload URL carries its own token, and the bearer token must not travel with the video.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx
from pydantic import BaseModel, Field, field_validator

from psn.core.redact import redact
from psn.platforms.base import Operation
from psn.platforms.http import HttpClient, json_or_empty
from psn.platforms.tiktok.errors import classify, envelope_error

JSON_TYPE = "application/json; charset=UTF-8"
USER_FIELDS_BY_SCOPE = {
    "user.info.basic": ("open_id", "union_id", "avatar_url", "display_name"),
    "user.info.profile": ("username", "is_verified", "profile_deep_link"),
    "user.info.stats": ("follower_count", "following_count", "likes_count", "video_count"),
}
VIDEO_FIELDS = ("id,title,video_description,create_time,share_url,duration,cover_image_url,"
                "like_count,comment_count,share_count,view_count")
MAX_VIDEO_QUERY = 20


class CreatorInfo(BaseModel):
    creator_username: str = ""
    creator_nickname: str = ""
    creator_avatar_url: str = ""
    privacy_level_options: list[str] = []
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    max_video_post_duration_sec: int = 600

    @property
    def account_is_private(self) -> bool:
        """Private accounts are offered FOLLOWER_OF_CREATOR and never PUBLIC_TO_EVERYONE (B2.2)."""
        return "PUBLIC_TO_EVERYONE" not in self.privacy_level_options


class InitResult(BaseModel):
    publish_id: str
    upload_url: str | None = None

    def __repr__(self) -> str:  # the upload URL carries an upload token
        return f"InitResult(publish_id={self.publish_id!r})"


class PostStatus(BaseModel):
    status: str
    fail_reason: str = ""
    post_ids: list[str] = Field(default_factory=list, alias="publicaly_available_post_id")
    uploaded_bytes: int | None = None
    downloaded_bytes: int | None = None

    @field_validator("post_ids", mode="before")
    @classmethod
    def _as_strings(cls, value: Any) -> list[str]:  # int64 ids: keep them exact, as text
        return [str(v) for v in value or []]


class TikTokUser(BaseModel):
    open_id: str
    union_id: str = ""
    display_name: str = ""
    username: str = ""
    avatar_url: str = ""
    is_verified: bool = False
    follower_count: int | None = None
    following_count: int | None = None
    likes_count: int | None = None
    video_count: int | None = None


class TikTokVideo(BaseModel):
    id: str
    title: str = ""
    video_description: str = ""
    create_time: int | None = None
    share_url: str = ""
    duration: int | None = None
    cover_image_url: str = ""
    like_count: int = 0
    comment_count: int = 0
    share_count: int = 0
    view_count: int = 0

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> str:
        return str(value)


def user_fields(scopes: Iterable[str]) -> str:
    """Ask only for fields the granted scopes cover (others fail with scope_permission_missed)."""
    granted = set(scopes) or {"user.info.basic"}
    fields = [f for scope, names in USER_FIELDS_BY_SCOPE.items() if scope in granted for f in names]
    return ",".join(fields or USER_FIELDS_BY_SCOPE["user.info.basic"])


class TikTokClient:
    def __init__(self, http: HttpClient, upload_http: HttpClient | None = None) -> None:
        self.http = http
        self.upload_http = upload_http or http

    def _call(self, path: str, operation: Operation, body: dict[str, Any] | None = None, *,
              params: dict[str, str] | None = None, retry_safe: bool = True, method: str = "POST") -> dict[str, Any]:
        headers = {"Content-Type": JSON_TYPE} if method == "POST" else {}
        content = json.dumps(body).encode() if body is not None else None
        response = self.http.request(method, path, operation=operation, params=params, content=content,
                                     headers=headers, retry_safe=retry_safe)
        return data_of(response)

    # content posting -------------------------------------------------------------------------

    def creator_info(self) -> CreatorInfo:
        return CreatorInfo(**self._call("/v2/post/publish/creator_info/query/", "posting"))

    def init_direct_video(self, post_info: dict[str, Any], source_info: dict[str, Any]) -> InitResult:
        body = {"post_info": post_info, "source_info": source_info}
        return InitResult(**self._call("/v2/post/publish/video/init/", "posting", body, retry_safe=False))

    def init_inbox_video(self, source_info: dict[str, Any]) -> InitResult:
        body = {"source_info": source_info}
        return InitResult(**self._call("/v2/post/publish/inbox/video/init/", "posting", body, retry_safe=False))

    def init_photo(self, body: dict[str, Any]) -> InitResult:
        return InitResult(**self._call("/v2/post/publish/content/init/", "posting", body, retry_safe=False))

    def upload_chunk(self, upload_url: str, content: Iterable[bytes] | bytes, first: int, last: int, total: int,
                     mime: str) -> httpx.Response:
        """PUT one chunk; 206 means more expected, 201 means TikTok has the whole video."""
        headers = {"Content-Type": mime, "Content-Length": str(last - first + 1),
                   "Content-Range": f"bytes {first}-{last}/{total}"}
        return self.upload_http.request("PUT", upload_url, operation="posting", content=content, headers=headers,
                                        authenticated=False, retry_safe=True)

    def status(self, publish_id: str) -> PostStatus:
        data = self._call("/v2/post/publish/status/fetch/", "posting", {"publish_id": publish_id})
        return PostStatus(**data)

    # display ---------------------------------------------------------------------------------

    def user_info(self, fields: str, operation: Operation = "analytics") -> TikTokUser:
        data = self._call("/v2/user/info/", operation, params={"fields": fields}, method="GET")
        return TikTokUser(**data.get("user", {}))

    def video_query(self, video_ids: list[str]) -> list[TikTokVideo]:
        if len(video_ids) > MAX_VIDEO_QUERY:
            raise ValueError(f"video/query takes at most {MAX_VIDEO_QUERY} ids")
        body = {"filters": {"video_ids": video_ids}}
        data = self._call("/v2/video/query/", "analytics", body, params={"fields": VIDEO_FIELDS})
        return [TikTokVideo(**v) for v in data.get("videos", [])]


def data_of(response: httpx.Response) -> dict[str, Any]:
    """The `data` object of an envelope, or the typed error when `error.code` is not ok."""
    body = json_or_empty(response)
    if envelope_error(body) is not None:
        error = classify(response)  # an error inside HTTP 200 never passed through HttpClient's redaction
        error.message = redact(error.message)
        raise error
    data = body.get("data")
    return data if isinstance(data, dict) else {}
