"""Thin typed calls to the LinkedIn API: one method per endpoint, pydantic models out.

Every `/rest` call carries `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`
(LinkedIn applies no default: a missing version is an error, a retired one a 426). The
unversioned `/v2/userinfo` and the upload URLs get neither.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel

from psn.platforms.errors import UncertainOutcome
from psn.platforms.http import HttpClient
from psn.platforms.linkedin.urns import analytics_entity, encode

RESTLI_PROTOCOL = "2.0.0"
ANALYTICS_QUERY_TYPES = ("IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT")


class LinkedInUser(BaseModel):
    sub: str
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    email: str | None = None
    picture: str | None = None

    @property
    def urn(self) -> str:
        return f"urn:li:person:{self.sub}"


class UploadTicket(BaseModel):
    urn: str
    upload_url: str
    expires_at_ms: int | None = None


class UploadPart(BaseModel):
    upload_url: str
    first_byte: int
    last_byte: int


class VideoTicket(BaseModel):
    urn: str
    parts: list[UploadPart]
    upload_token: str = ""
    expires_at_ms: int | None = None


class MediaState(BaseModel):
    status: str
    failure_reason: str | None = None


class LinkedInComment(BaseModel):
    id: str
    comment_urn: str
    object: str = ""


class LinkedInClient:
    def __init__(self, http: HttpClient, version: str) -> None:
        self.http = http
        self.version = version

    def _rest(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"LinkedIn-Version": self.version, "X-Restli-Protocol-Version": RESTLI_PROTOCOL,
                   **(kwargs.pop("headers", None) or {})}
        return self.http.request(method, path, headers=headers, **kwargs)

    # identity ----------------------------------------------------------------------------------

    def userinfo(self) -> LinkedInUser:
        response = self.http.request("GET", "/v2/userinfo", operation="auth")
        return LinkedInUser(**response.json())

    # posts -------------------------------------------------------------------------------------

    def create_post(self, body: dict[str, Any]) -> str:
        """The new post's URN, which LinkedIn returns in `x-restli-id` with an empty 201 body."""
        response = self._rest("POST", "/rest/posts", operation="posting", json=body, retry_safe=False)
        urn = response.headers.get("x-restli-id", "").strip()
        if not urn:
            raise UncertainOutcome("LinkedIn accepted the post but did not say which id it got.",
                                   "Check your LinkedIn activity; psn will not post it again by itself.",
                                   platform="linkedin", status=response.status_code)
        return urn

    def delete_post(self, urn: str) -> None:
        self._rest("DELETE", f"/rest/posts/{encode(urn)}", operation="posting")

    # media -------------------------------------------------------------------------------------

    def initialize_upload(self, kind: str, owner: str) -> UploadTicket:
        """kind: images | documents. Creating an upload slot publishes nothing, so it may be retried."""
        response = self._rest("POST", f"/rest/{kind}", operation="posting", params={"action": "initializeUpload"},
                              json={"initializeUploadRequest": {"owner": owner}}, retry_safe=True)
        value = response.json()["value"]
        urn = value.get("image") or value.get("document")
        return UploadTicket(urn=urn, upload_url=value["uploadUrl"], expires_at_ms=value.get("uploadUrlExpiresAt"))

    def initialize_video_upload(self, owner: str, size: int) -> VideoTicket:
        body = {"initializeUploadRequest": {"owner": owner, "fileSizeBytes": size, "uploadCaptions": False,
                                            "uploadThumbnail": False}}
        response = self._rest("POST", "/rest/videos", operation="posting", params={"action": "initializeUpload"},
                              json=body, retry_safe=True)
        value = response.json()["value"]
        parts = [UploadPart(upload_url=p["uploadUrl"], first_byte=p["firstByte"], last_byte=p["lastByte"])
                 for p in value["uploadInstructions"]]
        return VideoTicket(urn=value["video"], parts=parts, upload_token=value.get("uploadToken") or "",
                           expires_at_ms=value.get("uploadUrlsExpireAt"))

    def upload(self, url: str, data: bytes, content_type: str) -> str | None:
        """PUT bytes to an upload URL LinkedIn handed out; the ETag identifies a video part."""
        response = self.http.request("PUT", url, operation="posting", content=data,
                                     headers={"Content-Type": content_type})
        return response.headers.get("etag")

    def finalize_video(self, urn: str, upload_token: str, etags: list[str]) -> None:
        body = {"finalizeUploadRequest": {"video": urn, "uploadToken": upload_token, "uploadedPartIds": etags}}
        self._rest("POST", "/rest/videos", operation="posting", params={"action": "finalizeUpload"}, json=body,
                   retry_safe=True)

    def media_status(self, kind: str, urn: str) -> MediaState:
        """kind: images | videos | documents."""
        response = self._rest("GET", f"/rest/{kind}/{encode(urn)}", operation="posting")
        body = response.json()
        return MediaState(status=str(body.get("status", "")), failure_reason=body.get("processingFailureReason"))

    # comments ----------------------------------------------------------------------------------

    def create_comment(self, actor: str, post_urn: str, text: str,
                       parent_comment: str | None = None) -> LinkedInComment:
        """A comment on `post_urn`, or a reply under `parent_comment` (then the path names the comment)."""
        body: dict[str, Any] = {"actor": actor, "object": post_urn, "message": {"text": text}}
        if parent_comment:
            body["parentComment"] = parent_comment
        path = f"/rest/socialActions/{encode(parent_comment or post_urn)}/comments"
        response = self._rest("POST", path, operation="engagement", json=body, retry_safe=False)
        data = response.json() if response.content else {}
        comment_id = str(data.get("id") or response.headers.get("x-restli-id", ""))
        return LinkedInComment(id=comment_id, comment_urn=str(data.get("commentUrn") or ""),
                               object=str(data.get("object") or post_urn))

    # analytics (r_member_postAnalytics) --------------------------------------------------------

    def post_analytics(self, urn: str, query_type: str) -> int:
        """The lifetime total of one metric for one of the member's own posts."""
        # Built by hand: Rest.li wants the parentheses and colons of `entity` left unencoded.
        path = (f"/rest/memberCreatorPostAnalytics?q=entity&entity={analytics_entity(urn)}"
                f"&queryType={query_type}&aggregation=TOTAL")
        response = self._rest("GET", path, operation="analytics")
        return sum(int(e.get("count") or 0) for e in response.json().get("elements", []))

