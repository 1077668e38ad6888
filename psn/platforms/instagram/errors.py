"""Meta's error shapes → psn's typed errors (contract A3).

Three shapes: the Graph envelope `{"error": {message, type, code, error_subcode, …}}` on
graph.instagram.com / graph.facebook.com; the flat `{"error_type", "code", "error_message"}` of
api.instagram.com/oauth/access_token; and rupload's `{"debug_info": {…}}`. Meta branches on
`error.code`/`error_subcode`, not on the HTTP status (a 190 may come as 400 or 401, a rate limit
as 400), so this does too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.core.clock import Clock, SystemClock
from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    PermissionDenied,
    PlatformError,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.http import json_or_empty

PLATFORM = "instagram"
RECONNECT = "Reconnect with `psn setup instagram`."
THROTTLE_CODES = {4, 17, 32, 613, 80002}
TRANSIENT_CODES = {1, 2, -1, -2}
# Subcodes whose fix is "make a new container" (expired or vanished builders).
CONTAINER_GONE_SUBCODES = {2207006, 2207008, 2207020}
DEFAULT_THROTTLE = timedelta(minutes=10)


class ContainerNotReady(Rejected):
    """9007 / 2207027: the container is still processing. Publishing later will work."""

    kind = "container_not_ready"


class ContainerGone(Rejected):
    """The container expired or no longer exists: a new one has to be created."""

    kind = "container_gone"


@dataclass(frozen=True)
class GraphError:
    code: int | None
    subcode: int | None
    message: str
    user_message: str
    type: str
    transient: bool


def graph_error(body: dict[str, Any]) -> GraphError | None:
    """The error in any of Meta's three shapes, or None when the body carries none."""
    error = body.get("error")
    if isinstance(error, dict):
        return GraphError(_int(error.get("code")), _int(error.get("error_subcode")), str(error.get("message") or ""),
                          str(error.get("error_user_msg") or ""), str(error.get("type") or ""),
                          bool(error.get("is_transient")))
    if "error_message" in body or "error_type" in body:  # api.instagram.com/oauth/access_token
        return GraphError(_int(body.get("code")), None, str(body.get("error_message") or ""), "",
                          str(body.get("error_type") or ""), False)
    debug = body.get("debug_info")
    if isinstance(debug, dict):  # rupload
        return GraphError(None, None, f"{debug.get('type', 'upload error')}: {debug.get('message', '')}", "",
                          str(debug.get("type") or ""), bool(debug.get("retriable")))
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def classifier(clock: Clock | None = None) -> Callable[[httpx.Response], PlatformError]:
    """`classify` for the HttpClient; rate-limit errors carry when to call again, by `clock`."""
    clock = clock or SystemClock()

    def classify(response: httpx.Response) -> PlatformError:
        body = json_or_empty(response)
        found = graph_error(body) or GraphError(None, None, f"HTTP {response.status_code}", "", "", False)
        error = error_for(found, response.status_code)
        if isinstance(error, RateLimitedError) and not isinstance(error, QuotaExhausted):
            error.retry_at = throttle_until(response, clock.now())
            error.details["retry_at"] = error.retry_at.isoformat() if error.retry_at else None
        return error

    return classify


classify = classifier()


def error_for(error: GraphError, status: int) -> PlatformError:
    text = error.user_message if error.user_message and error.user_message != error.message else ""
    message = f"Instagram: {error.message or 'request failed'}" + (f" ({text})" if text else "")
    tag = f"{error.code}/{error.subcode}" if error.subcode else error.code
    common: dict[str, Any] = {"platform": PLATFORM, "status": status, "code": tag}
    code, subcode = error.code, error.subcode
    if code == 190 or (status == 401 and code is None):
        return AuthExpired(message, _token_hint(error), **common)
    if code == 9007 or subcode == 2207027:
        return ContainerNotReady(message, "Instagram is still processing the media; psn waits and tries again.",
                                 **common)
    if subcode in CONTAINER_GONE_SUBCODES or code == 24:
        return ContainerGone(message, "The container expired or vanished; `psn post retry` makes a new one.", **common)
    if code == 9:
        return QuotaExhausted(message, "Instagram's publishing limit is reached; psn will say when it resets.",
                              **common)
    if code == 18:  # the hashtag query limit (unverified code; psn's own budget normally stops first)
        return QuotaExhausted(message, "Instagram's limit of 30 hashtags per 7 days is reached.", **common)
    if code in THROTTLE_CODES:
        return RateLimitedError(message, "Instagram is throttling this app or account; wait before calling again.",
                                **common)
    if code == 10 or (code is not None and 200 <= code <= 299) or status == 403:
        return PermissionDenied(message, f"A permission is missing or was revoked. {RECONNECT}", **common)
    if code == 368 and "already" in error.message.lower():
        return DuplicateContent(message, "Instagram treats identical comment text as spam: change the wording.",
                                **common)
    if code in TRANSIENT_CODES or error.transient or status >= 500:
        return Unavailable(message, "Instagram had a temporary problem; try again shortly.", **common)
    return Rejected(message, rejection_hint(subcode), **common)


def _token_hint(error: GraphError) -> str:
    if "cannot parse access token" in error.message.lower():
        return ("The token does not belong to this host: Instagram Login tokens (IGAA…) work on "
                "graph.instagram.com, Facebook Login tokens (EAA…) on graph.facebook.com. " + RECONNECT)
    if error.subcode == 463:
        return f"The Instagram token expired (they last 60 days unless refreshed). {RECONNECT}"
    return f"The Instagram token is no longer valid. {RECONNECT}"


_HINTS = {
    2207004: "Images must be at most 8 MB.",
    2207005: "Instagram accepts JPEG images only; convert the file.",
    2207009: "Feed images must be between 4:5 and 1.91:1; crop the image.",
    2207010: "Captions take at most 2200 characters, 30 hashtags and 20 @mentions.",
    2207026: "The video must be MP4/MOV (H.264/HEVC, AAC) within Instagram's duration and size limits.",
    2207028: "A carousel needs 2 to 10 photos or videos.",
    2207040: "At most 20 people can be tagged.",
    2207052: "Instagram could not download the media: the URL must be public, without redirects, "
             "and serve the right content type.",
    2207057: "The thumbnail offset must be at least 0 and shorter than the video.",
    2207050: "The Instagram account is restricted: resolve it in the Instagram app.",
    2207051: "Instagram suspects spam; wait before publishing again.",
}


def rejection_hint(subcode: int | None) -> str | None:
    return _HINTS.get(subcode or 0)


def throttle_until(response: httpx.Response, now: datetime) -> datetime | None:
    """When a throttled call may be repeated: Meta's BUC estimate, else a cautious default (calling
    while throttled extends the block)."""
    from psn.platforms.ratelimit import meta_retry_at

    estimate = meta_retry_at(response, now)
    if estimate:
        return estimate
    found = graph_error(json_or_empty(response))
    if found and found.code in THROTTLE_CODES:
        return now + DEFAULT_THROTTLE
    return None
