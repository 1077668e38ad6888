"""Thin typed calls to the Graph API for a Facebook Page: one method per endpoint, pydantic out.

Every path carries the pinned version (`/v26.0/...`). Writes send JSON except photo and video
uploads (multipart, so a local file can go up without a public URL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from psn.platforms.facebook import rules
from psn.platforms.http import HttpClient

COMMENT_FIELDS = "id,message,from,created_time,like_count,comment_count,permalink_url"
# Per node type (contracts §3.5): a Post has `shares`; a Video has none (asking is #100), but it
# names the Page post that carries it. Comments are counted with comments.summary(true).
SUMMARIES = "reactions.summary(total_count).limit(0),comments.summary(true).limit(0)"
COUNT_FIELDS = f"created_time,permalink_url,shares,{SUMMARIES}"
VIDEO_COUNT_FIELDS = f"created_time,permalink_url,post_id,{SUMMARIES}"


class FbIdentity(BaseModel):
    id: str
    name: str = ""
    followers_count: int | None = None
    link: str | None = None


class FbPage(BaseModel):
    id: str
    name: str = ""
    access_token: str = Field(default="", repr=False)
    tasks: list[str] = []


class FbPost(BaseModel):
    id: str
    message: str = ""
    created_time: str | None = None
    permalink_url: str | None = None
    scheduled_publish_time: int | str | None = None
    is_published: bool | None = None


class FbPhoto(BaseModel):
    id: str
    post_id: str | None = None


class FbVideo(BaseModel):
    id: str
    description: str = ""
    status: dict[str, Any] = {}
    permalink_url: str | None = None
    post_id: str | None = None

    @property
    def video_status(self) -> str:
        return str(self.status.get("video_status") or "")

    def failure_reason(self) -> str:
        """Graph's own words for a failed video (`status.processing_phase.errors`), if it gave any."""
        for phase in ("processing_phase", "uploading_phase", "publishing_phase"):
            errors = (self.status.get(phase) or {}).get("errors") if isinstance(self.status.get(phase), dict) else None
            for error in errors or []:
                if isinstance(error, dict) and error.get("message"):
                    return str(error["message"])
        return "no reason given."


class FbComment(BaseModel):
    id: str
    message: str = ""
    created_time: str | None = None
    like_count: int = 0
    comment_count: int = 0
    permalink_url: str | None = None
    from_: dict[str, str] = Field(default_factory=dict, alias="from")


class FbCounts(BaseModel):
    id: str
    shares: int = 0
    reactions: int = 0
    comments: int = 0
    permalink_url: str | None = None
    post_id: str | None = None
    """For a video: the Page post that carries it."""


class FacebookClient:
    def __init__(self, http: HttpClient, version: str, video_http: HttpClient | None = None) -> None:
        self.http = http
        self.video_http = video_http or http
        self.version = version

    def _p(self, *parts: str) -> str:
        return "/" + "/".join([self.version, *parts])

    # identity ------------------------------------------------------------------------------------

    def me(self) -> FbIdentity:
        """Who the token belongs to: a Page token answers with the Page, a user token with the user."""
        response = self.http.request("GET", self._p("me"), operation="auth", params={"fields": "id,name"})
        return FbIdentity(**response.json())

    def page(self, page_id: str) -> FbIdentity:
        response = self.http.request("GET", self._p(page_id), operation="auth",
                                     params={"fields": "id,name,followers_count,link"})
        return FbIdentity(**response.json())

    def pages(self) -> list[FbPage]:
        """The Pages a *user* token manages, each with its Page token."""
        response = self.http.request("GET", self._p("me", "accounts"), operation="auth",
                                     params={"fields": "id,name,access_token,tasks", "limit": "100"})
        return [FbPage(**p) for p in response.json().get("data", [])]

    # publish -------------------------------------------------------------------------------------

    def create_feed_post(self, page_id: str, message: str, link: str | None = None, published: bool = True,
                         scheduled_at: int | None = None, media_fbids: list[str] | None = None) -> FbPost:
        body: dict[str, Any] = {"message": message, "published": published}
        if link:
            body["link"] = link
        if scheduled_at is not None:
            body["scheduled_publish_time"] = scheduled_at
        if media_fbids:
            body["attached_media"] = [{"media_fbid": m} for m in media_fbids]
        response = self.http.request("POST", self._p(page_id, "feed"), operation="posting", retry_safe=False,
                                     params={"fields": "id,permalink_url"}, json=body)
        return FbPost(**response.json())

    def upload_photo(self, page_id: str, path: Path | None = None, url: str | None = None, caption: str = "",
                     published: bool = True, temporary: bool = False, scheduled_at: int | None = None) -> FbPhoto:
        form: dict[str, str] = {"published": _flag(published)}
        if caption:
            form["message"] = caption
        if temporary:
            form["temporary"] = "true"
        if scheduled_at is not None:
            form["scheduled_publish_time"] = str(scheduled_at)
        if url:
            form["url"] = url
        return FbPhoto(**self._multipart(self.http, self._p(page_id, "photos"), form, path,
                                         rules.PHOTO_TYPES).json())

    def upload_video(self, page_id: str, path: Path | None = None, url: str | None = None, description: str = "",
                     title: str | None = None, published: bool = True, scheduled_at: int | None = None) -> FbVideo:
        form: dict[str, str] = {"description": description, "published": _flag(published)}
        if title:
            form["title"] = title
        if scheduled_at is not None:
            form["scheduled_publish_time"] = str(scheduled_at)
        if url:
            form["file_url"] = url
        return FbVideo(**self._multipart(self.video_http, self._p(page_id, "videos"), form, path,
                                         rules.VIDEO_TYPES).json())

    def _multipart(self, http: HttpClient, path: str, form: dict[str, str], file: Path | None,
                   types: dict[str, str]):  # type: ignore[no-untyped-def]
        if file is None:
            return http.request("POST", path, operation="posting", retry_safe=False, data=form)
        mime = types.get(file.suffix.lower(), "application/octet-stream")
        with file.open("rb") as handle:
            return http.request("POST", path, operation="posting", retry_safe=False, data=form,
                                files={"source": (file.name, handle, mime)})

    def video(self, video_id: str) -> FbVideo:
        response = self.http.request("GET", self._p(video_id), operation="posting",
                                     params={"fields": "id,description,status,permalink_url,post_id"})
        return FbVideo(**response.json())

    # reading back (reconciliation after a crash) -------------------------------------------------

    def recent_posts(self, page_id: str, limit: int = 10) -> list[FbPost]:
        response = self.http.request("GET", self._p(page_id, "feed"), operation="posting",
                                     params={"fields": "id,message,created_time,permalink_url", "limit": str(limit)})
        return [FbPost(**p) for p in response.json().get("data", [])]

    def scheduled_posts(self, page_id: str, limit: int = 25) -> list[FbPost]:
        response = self.http.request("GET", self._p(page_id, "scheduled_posts"), operation="posting",
                                     params={"fields": "id,message,scheduled_publish_time,is_published",
                                             "limit": str(limit)})
        return [FbPost(**p) for p in response.json().get("data", [])]

    def page_videos(self, page_id: str, limit: int = 10) -> list[FbVideo]:
        response = self.http.request("GET", self._p(page_id, "videos"), operation="posting",
                                     params={"fields": "id,description,status", "limit": str(limit)})
        return [FbVideo(**v) for v in response.json().get("data", [])]

    def post(self, post_id: str) -> FbPost:
        response = self.http.request("GET", self._p(post_id), operation="posting",
                                     params={"fields": "id,message,created_time,permalink_url,is_published"})
        return FbPost(**response.json())

    # metrics -------------------------------------------------------------------------------------

    def counts(self, post_id: str) -> FbCounts:
        response = self.http.request("GET", self._p(post_id), operation="analytics", params={"fields": COUNT_FIELDS})
        return _counts(response.json(), post_id)

    def video_counts(self, video_id: str) -> FbCounts:
        response = self.http.request("GET", self._p(video_id), operation="analytics",
                                     params={"fields": VIDEO_COUNT_FIELDS})
        return _counts(response.json(), video_id)

    def post_insights(self, post_id: str, metrics: tuple[str, ...] = rules.POST_METRICS) -> dict[str, Any]:
        """metric name → lifetime value (a number, or an object for the *_by_type metrics)."""
        response = self.http.request("GET", self._p(post_id, "insights"), operation="analytics",
                                     params={"metric": ",".join(metrics)})
        return _insight_values(response.json())

    # comments ------------------------------------------------------------------------------------

    def comments(self, object_id: str, limit: int = 25) -> list[FbComment]:
        params = {"fields": COMMENT_FIELDS, "filter": "stream", "order": "reverse_chronological",
                  "summary": "true", "limit": str(limit)}
        response = self.http.request("GET", self._p(object_id, "comments"), operation="engagement", params=params)
        return [FbComment(**c) for c in response.json().get("data", [])]

    def create_comment(self, object_id: str, message: str) -> str:
        response = self.http.request("POST", self._p(object_id, "comments"), operation="engagement",
                                     retry_safe=False, json={"message": message})
        return str(response.json()["id"])

    # webhooks ------------------------------------------------------------------------------------

    def subscribe_app(self, page_id: str, fields: str = "feed") -> bool:
        response = self.http.request("POST", self._p(page_id, "subscribed_apps"), operation="auth",
                                     retry_safe=True, params={"subscribed_fields": fields})
        return bool(response.json().get("success"))


def _counts(data: dict[str, Any], node_id: str) -> FbCounts:
    """Counts from a node's answer; a missing or null field counts 0 (Graph omits empty edges)."""
    def total(edge: str) -> int:
        return int(((data.get(edge) or {}).get("summary") or {}).get("total_count") or 0)

    post_id = data.get("post_id")
    return FbCounts(id=str(data.get("id", node_id)), shares=int((data.get("shares") or {}).get("count") or 0),
                    reactions=total("reactions"), comments=total("comments"), permalink_url=data.get("permalink_url"),
                    post_id=str(post_id) if post_id else None)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _insight_values(body: dict[str, Any]) -> dict[str, Any]:
    """metric name → its lifetime value (the last one Graph lists)."""
    out: dict[str, Any] = {}
    for metric in body.get("data", []):
        values = [v.get("value") for v in metric.get("values", [])]
        if values:
            out[metric["name"]] = values[-1]
    return out
