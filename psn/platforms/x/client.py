"""Thin typed calls to the X API v2: one method per endpoint, pydantic models out.

Query parameters use `tweet.fields` (documented everywhere since 2020); the 2026-08 OpenAPI
rewrite calls it `post.fields`, and whether the live API accepts both is unclear (contracts §1.5).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, field_validator

from psn.core.errors import BadInput
from psn.core.redact import redact
from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    NotAllowedViaApi,
    PaymentRequired,
    PermissionDenied,
    PlatformError,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
    UncertainOutcome,
)
from psn.platforms.http import HttpClient, json_or_empty
from psn.platforms.x import rules

TWEET_FIELDS = "created_at,author_id,conversation_id,public_metrics,entities,referenced_tweets"
USER_FIELDS = "username,name,public_metrics"


def _counts(value: Any) -> dict[str, int]:
    """A metrics object with its unknown counts dropped: the spec marks several `nullable`
    (UserPublicMetrics.like_count, media_count), and a null means "not known", never zero."""
    if not isinstance(value, dict):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int | float) and not isinstance(v, bool)}


class XUser(BaseModel):
    id: str
    username: str
    name: str = ""
    public_metrics: dict[str, int] = {}

    _known_counts = field_validator("public_metrics", mode="before")(_counts)


class XTweet(BaseModel):
    id: str
    text: str = ""
    author_id: str | None = None
    created_at: str | None = None
    conversation_id: str | None = None
    public_metrics: dict[str, int] = {}
    non_public_metrics: dict[str, int] = {}
    entities: dict[str, Any] = {}

    _known_counts = field_validator("public_metrics", "non_public_metrics", mode="before")(_counts)


class XSearchPage(BaseModel):
    tweets: list[XTweet]
    users: dict[str, XUser]
    next_token: str | None = None
    newest_id: str | None = None


class XMediaStatus(BaseModel):
    id: str
    state: str | None = None
    check_after_secs: float = 1
    """As X sent it: may be negative, zero or absurdly large. The adapter bounds every wait."""
    error: str | None = None


MAX_DETAIL = 300


def error_detail(body: dict[str, Any]) -> str:
    """The platform's own words from any of X's error shapes (contracts §1.9): problem JSON
    (`detail`, `title`), `errors[]` of `{code, message}` or of problems, OAuth `error_description`."""
    parts = [str(body.get(key) or "") for key in ("detail", "error_description")]
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            text = error.get("message") or error.get("detail") or error.get("title") or ""
            code = error.get("code")
            parts.append(f"{text} (code {code})" if text and code is not None else str(text))
    if not any(parts):
        parts.append(str(body.get("title") or body.get("error") or ""))
    unique = list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    return redact("; ".join(unique))[:MAX_DETAIL]


def classify(response: httpx.Response) -> PlatformError:
    """X's problem JSON / errors[] / OAuth shapes → typed errors (contracts §1.9)."""
    body = json_or_empty(response)
    status = response.status_code
    detail = error_detail(body) or f"HTTP {status} without an error message"
    kind = str(body.get("type", "")).rsplit("/", 1)[-1]
    message = f"X: {detail}"
    common: dict[str, Any] = {"platform": "x", "status": status,
                              "code": kind or body.get("reason") or _first_code(body)}
    if status == 401:
        return AuthExpired(message, "Reconnect with `psn setup x`.", **common)
    if status == 402:
        return PaymentRequired(message, "Your X pay-per-use credits ran out: add credits in the X Developer Console.",
                               **common)
    if status == 403:
        return _forbidden(response, detail, message, common)
    if status == 429:
        if kind == "usage-capped":
            return QuotaExhausted(message, f"X usage cap reached for this {body.get('period', 'period')}.", **common)
        return RateLimitedError(message, "X rate limit: psn will wait for the reset.", **common)
    if status >= 500:
        return Unavailable(message, "X is having trouble; try again later.", **common)
    return Rejected(message, **common)


def _first_code(body: dict[str, Any]) -> Any:
    errors = [e for e in body.get("errors") or [] if isinstance(e, dict) and e.get("code") is not None]
    return errors[0]["code"] if errors else None


def _forbidden(response: httpx.Response, detail: str, message: str, common: dict[str, Any]) -> PlatformError:
    lowered = detail.lower()
    if "duplicate" in lowered:
        return DuplicateContent(message, "X refuses identical text: change the wording.", **common)
    sent = _sent_json(response)
    if "reply" in sent and ("reply" in lowered or "mention" in lowered or "engaged" in lowered):
        return NotAllowedViaApi(
            message, "X only allows API replies when the author mentioned or quoted you: reply in the app.", **common
        )
    if "quote_tweet_id" in sent:
        return NotAllowedViaApi(message, "Quote posts need X Enterprise access; quote in the app.", **common)
    if "client-forbidden" in str(common.get("code")) or "enrol" in lowered:
        return PermissionDenied(message, "Attach your X app to a Project in the Developer Console.", **common)
    return Rejected(message, **common)


def _sent_json(response: httpx.Response) -> dict[str, Any]:
    try:
        request = response.request
    except RuntimeError:
        return {}
    try:
        import json

        data = json.loads(request.content or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class XClient:
    def __init__(self, http: HttpClient) -> None:
        self.http = http

    # posts -------------------------------------------------------------------------------------

    def create_post(self, text: str, reply_to: str | None = None, media_ids: list[str] | None = None) -> XTweet:
        body: dict[str, Any] = {}
        if text:
            body["text"] = text
        if reply_to:
            body["reply"] = {"in_reply_to_tweet_id": reply_to}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        operation = "engagement" if reply_to and not media_ids else "posting"
        response = self.http.request("POST", "/2/tweets", operation=operation, json=body, retry_safe=False)
        return XTweet(**answer_data(response, "the new post", created=True))

    def delete_post(self, post_id: str) -> bool:
        response = self.http.request("DELETE", f"/2/tweets/{post_id}", operation="posting")
        return bool(response.json().get("data", {}).get("deleted"))

    def me(self) -> XUser:
        response = self.http.request("GET", "/2/users/me", operation="auth", params={"user.fields": USER_FIELDS})
        return XUser(**answer_data(response, "your account"))

    def lookup_posts(self, ids: list[str], private: bool = False) -> list[XTweet]:
        fields = "public_metrics,created_at" + (",non_public_metrics" if private else "")
        response = self.http.request(
            "GET", "/2/tweets", operation="analytics", params={"ids": ",".join(ids), "tweet.fields": fields}
        )
        return [XTweet(**t) for t in response.json().get("data", [])]

    def user_posts(self, user_id: str, max_results: int = 10) -> list[XTweet]:
        response = self.http.request(
            "GET", f"/2/users/{user_id}/tweets", operation="analytics",
            params={"max_results": str(max(5, min(max_results, 100))), "tweet.fields": "created_at,conversation_id"},
        )
        return [XTweet(**t) for t in response.json().get("data", [])]

    def search_recent(self, query: str, max_results: int = 25, since_id: str | None = None) -> XSearchPage:
        params = {
            "query": query,
            "max_results": str(max(10, min(max_results, 100))),
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": USER_FIELDS,
        }
        if since_id:
            params["since_id"] = since_id
        response = self.http.request("GET", "/2/tweets/search/recent", operation="engagement", params=params)
        return _page(response.json())

    def mentions(self, user_id: str, max_results: int = 25) -> XSearchPage:
        params = {"max_results": str(max(5, min(max_results, 100))), "tweet.fields": TWEET_FIELDS,
                  "expansions": "author_id", "user.fields": USER_FIELDS}
        response = self.http.request("GET", f"/2/users/{user_id}/mentions", operation="engagement", params=params)
        return _page(response.json())

    # media -------------------------------------------------------------------------------------

    def upload_image(self, path: Path, category: str = "tweet_image") -> str:
        mime = {**rules.IMAGE_TYPES, **rules.GIF_TYPES}.get(path.suffix.lower(), "application/octet-stream")
        with path.open("rb") as handle:
            response = self.http.request(
                "POST", "/2/media/upload", operation="posting", retry_safe=True,
                files={"media": (path.name, handle, mime)}, data={"media_category": category},
            )
        return str(answer_data(response, "the uploaded media's id")["id"])

    def media_initialize(self, total_bytes: int, media_type: str, category: str) -> str:
        body = {"media_type": media_type, "total_bytes": total_bytes, "media_category": category}
        response = self.http.request("POST", "/2/media/upload/initialize", operation="posting", json=body,
                                     retry_safe=True)
        return str(answer_data(response, "the upload's id")["id"])

    def media_append(self, media_id: str, segment_index: int, chunk: bytes) -> None:
        # Re-sending a segment index overwrites it, so the append is safe to retry.
        self.http.request(
            "POST", f"/2/media/upload/{media_id}/append", operation="posting", retry_safe=True,
            files={"media": ("chunk", chunk, "application/octet-stream")}, data={"segment_index": str(segment_index)},
        )

    def media_finalize(self, media_id: str) -> XMediaStatus:
        response = self.http.request("POST", f"/2/media/upload/{media_id}/finalize", operation="posting",
                                     retry_safe=True)
        return _media_status(answer_data(response, "the upload's status"))

    def media_status(self, media_id: str) -> XMediaStatus:
        response = self.http.request(
            "GET", "/2/media/upload", operation="posting", params={"command": "STATUS", "media_id": media_id}
        )
        return _media_status(answer_data(response, "the upload's status"))


def answer_data(response: httpx.Response, what: str, created: bool = False) -> dict[str, Any]:
    """The `data` object of a success answer. The spec lets a 2xx carry only `errors` (or nothing):
    that is a typed error in X's own words — uncertain after a create, since the post may exist."""
    body = json_or_empty(response)
    data = body.get("data")
    if isinstance(data, dict) and data.get("id") is not None:
        return data
    detail = error_detail(body) or "nothing else"
    common: dict[str, Any] = {"platform": "x", "status": response.status_code}
    if created:
        raise UncertainOutcome(f"X answered {response.status_code} without {what}: {detail}",
                               "It may have been posted: check your X profile, then `psn post retry`.", **common)
    raise Rejected(f"X answered {response.status_code} without {what}: {detail}", **common)


def _media_status(data: dict[str, Any]) -> XMediaStatus:
    info = data.get("processing_info") or {}
    return XMediaStatus(
        id=str(data["id"]), state=info.get("state"), check_after_secs=_seconds(info.get("check_after_secs")),
        error=(info.get("error") or {}).get("message"),
    )


def _seconds(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 1.0


def _page(body: dict[str, Any]) -> XSearchPage:
    users = {u["id"]: XUser(**u) for u in body.get("includes", {}).get("users", [])}
    meta = body.get("meta", {})
    return XSearchPage(
        tweets=[XTweet(**t) for t in body.get("data", [])], users=users,
        next_token=meta.get("next_token"), newest_id=meta.get("newest_id"),
    )


def media_kind(path: Path) -> tuple[str, str]:
    """(media_type, media_category) for a local file, or BadInput naming what X accepts."""
    suffix = path.suffix.lower()
    if suffix in rules.IMAGE_TYPES:
        return rules.IMAGE_TYPES[suffix], "tweet_image"
    if suffix in rules.GIF_TYPES:
        return rules.GIF_TYPES[suffix], "tweet_gif"
    if suffix in rules.VIDEO_TYPES:
        return rules.VIDEO_TYPES[suffix], "tweet_video"
    accepted = ", ".join(sorted({**rules.IMAGE_TYPES, **rules.GIF_TYPES, **rules.VIDEO_TYPES}))
    raise BadInput(f"X does not accept {path.name!r} ({suffix or 'no extension'}).", hint=f"Use one of: {accepted}.")
