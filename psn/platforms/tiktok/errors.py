"""TikTok's error codes (contracts B1.2, B2.6, B2.7, B2.9, B3.5) → psn's typed errors.

Three response shapes: OAuth endpoints answer flat `{"error","error_description","log_id"}`, data
endpoints `{"data", "error": {"code","message","log_id"}}` (sometimes with HTTP 200 on failure),
and upload PUTs answer with a bare HTTP status.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.platforms.errors import (
    AuthExpired,
    NotAllowedViaApi,
    PermissionDenied,
    PlatformError,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.http import json_or_empty
from psn.platforms.ratelimit import retry_after_header

RECONNECT = "Reconnect with `psn setup tiktok`."
AUDIT_HINT = (
    "Your TikTok app is unaudited, so TikTok only accepts private (SELF_ONLY) posts to private accounts. "
    "Post as a draft to your TikTok inbox instead (the default), or apply for the audit in the developer "
    "portal (app → Content Posting API → Direct Post) and then run `psn config set tiktok.audited true`."
)

# code → (error class, hint). Messages come from TikTok, prefixed with what psn was doing.
CODES: dict[str, tuple[type[PlatformError], str]] = {
    "access_token_invalid": (AuthExpired, RECONNECT),
    "scope_not_authorized": (PermissionDenied, "Grant the missing permission: " + RECONNECT),
    "scope_permission_missed": (PermissionDenied, "Grant the missing permission: " + RECONNECT),
    "invalid_param": (Rejected, "Check the post's settings; psn's own checks passed, so TikTok's message says more."),
    "invalid_params": (Rejected, "Check the request; TikTok's message says which parameter."),
    "invalid_file_upload": (Rejected, "TikTok could not read the uploaded file; check its format."),
    "app_version_check_failed": (Rejected, "Photo drafts need TikTok app 31.8 or newer: update the app."),
    "spam_risk_too_many_posts": (QuotaExhausted, "TikTok's daily API post cap for your account is reached "
                                 "(around 15 a day); try again tomorrow."),
    "spam_risk_user_banned_from_posting": (Rejected, "TikTok has banned this account from posting."),
    "spam_risk_too_many_pending_share": (QuotaExhausted, "At most 5 drafts may wait in your TikTok inbox per "
                                         "24 hours: finish or delete some in the app, then retry."),
    "reached_active_user_cap": (QuotaExhausted, "Your app reached its daily cap of users who may post "
                                "(5 for unaudited apps); apply for the audit or try tomorrow."),
    "unaudited_client_can_only_post_to_private_accounts": (NotAllowedViaApi, AUDIT_HINT),
    "url_ownership_unverified": (PermissionDenied, "Verify the domain or URL prefix of your media in the TikTok "
                                 "developer portal and list it in `tiktok.verified_url_prefixes`."),
    "privacy_level_option_mismatch": (Rejected, "Choose one of the privacy options TikTok offers your account."),
    "rate_limit_exceeded": (RateLimitedError, "TikTok rate limit: psn waits a minute and tries again."),
    "invalid_publish_id": (Rejected, "TikTok does not know this publish id (it may have expired)."),
    "token_not_authorized_for_specified_publish_id": (PermissionDenied, "This publish belongs to another "
                                                      "TikTok account than the one connected."),
    "publish_not_cancellable": (Rejected, "The publish already finished; it cannot be cancelled."),
    "internal_error": (Unavailable, "TikTok is having trouble; try again later."),
}

OAUTH_CODES: dict[str, tuple[type[PlatformError], str]] = {
    "invalid_client": (PermissionDenied, "Check the client key and client secret: " + RECONNECT),
    "invalid_scope": (PermissionDenied, "Enable the products and scopes in the developer portal, then reconnect."),
}

FAIL_REASONS = {
    "file_format_check_failed": "TikTok could not read the video format (use MP4 or MOV with H.264)",
    "duration_check_failed": "the video is longer than your account may post",
    "frame_rate_check_failed": "the frame rate is outside 23–60 fps",
    "picture_size_check_failed": "the picture size is outside TikTok's limits (360–4096 px, photos ≤ 1080p)",
    "internal": "TikTok had an internal error (retrying may work)",
    "video_pull_failed": "TikTok could not download the video from its URL",
    "photo_pull_failed": "TikTok could not download a photo from its URL",
    "publish_cancelled": "the publish was cancelled",
    "auth_removed": "the TikTok authorization was removed",
    "spam_risk_too_many_posts": "TikTok's daily post cap for your account is reached",
    "spam_risk_user_banned_from_posting": "TikTok has banned this account from posting",
    "spam_risk_text": "TikTok flagged the text as spam",
    "spam_risk": "TikTok flagged the post as spam",
}


class UploadExpired(Rejected):
    """The upload URL is past its hour (403) or unknown (404): a new init is needed."""

    kind = "upload_expired"


class UploadOutOfSync(Rejected):
    """416: TikTok holds a different number of bytes than psn sent; `received` says how many."""

    kind = "upload_out_of_sync"

    def __init__(self, message: str, hint: str | None = None, *, received: int | None = None, **kw: Any) -> None:
        super().__init__(message, hint, **kw)
        self.received = received


def envelope_error(body: dict[str, Any]) -> dict[str, Any] | None:
    """The `error` object of a data response when it is not `ok`."""
    error = body.get("error")
    if isinstance(error, dict) and str(error.get("code", "ok")) != "ok":
        return error
    return None


def classify(response: httpx.Response) -> PlatformError:
    """Data and OAuth responses → typed errors, by TikTok's code first and HTTP status second."""
    body = json_or_empty(response)
    status = response.status_code
    common: dict[str, Any] = {"platform": "tiktok", "status": status}
    if isinstance(body.get("error"), str) and body["error"]:
        code = body["error"]
        cls, hint = OAUTH_CODES.get(code, (AuthExpired, RECONNECT))
        detail = body.get("error_description") or code
        return cls(f"TikTok refused the authorization: {detail}", hint, code=code, **common)
    error = envelope_error(body) or {}
    code = str(error.get("code") or "")
    detail = error.get("message") or code or f"HTTP {status}"
    message = f"TikTok: {detail}" + (f" ({code})" if code and code not in detail else "")
    if code in CODES:
        cls, hint = CODES[code]
        return cls(message, hint, code=code, **common)
    if status == 401:
        return AuthExpired(message, RECONNECT, code=code or None, **common)
    if status == 429:
        return RateLimitedError(message, CODES["rate_limit_exceeded"][1], code=code or None, **common)
    if status >= 500:
        return Unavailable(message, CODES["internal_error"][1], code=code or None, **common)
    return Rejected(message, code=code or None, **common)


def classify_upload(response: httpx.Response) -> PlatformError:
    """An upload PUT's bare status (contracts B2.7)."""
    status = response.status_code
    common: dict[str, Any] = {"platform": "tiktok", "status": status}
    if status in (403, 404):
        return UploadExpired("TikTok's upload URL has expired or is unknown.",
                             "psn starts the upload again with a fresh URL.", **common)
    if status == 416:
        return UploadOutOfSync("TikTok holds a different part of the video than psn sent.",
                               "psn resumes from what TikTok has.", received=received_bytes(response), **common)
    if status == 429:
        return RateLimitedError("TikTok is throttling the upload.", "Wait a minute and retry.", **common)
    if status >= 500:
        return Unavailable(f"TikTok's upload host answered HTTP {status}.", "Try again later.", **common)
    return Rejected(f"TikTok refused an upload chunk (HTTP {status}).",
                    "This is a psn bug if it persists: the chunk headers were malformed.", **common)


def received_bytes(response: httpx.Response) -> int | None:
    """How many bytes the upload host holds, from `Content-Range: bytes 0-{last}/{total}`."""
    value = response.headers.get("content-range", "")
    if not value.startswith("bytes "):
        return None
    span = value[6:].split("/", 1)[0]
    if span == "*":
        return 0
    first, _, last = span.partition("-")
    if not (first.isdigit() and last.isdigit()):
        return None
    return int(last) + 1


def fail_reason_error(reason: str, publish_id: str) -> PlatformError:
    """A FAILED publish → a typed error naming TikTok's reason."""
    text = FAIL_REASONS.get(reason, reason or "no reason given")
    common: dict[str, Any] = {"platform": "tiktok", "code": reason or None}
    if reason == "spam_risk_too_many_posts":
        return QuotaExhausted(f"TikTok did not publish: {text}.", CODES[reason][1], **common)
    if reason == "auth_removed":
        return AuthExpired(f"TikTok did not publish: {text}.", RECONNECT, **common)
    hint = "`psn post retry` starts a new upload." if reason == "internal" else "Fix the media, then retry."
    return Rejected(f"TikTok did not publish ({publish_id}): {text}.", hint, **common)


def retry_at(response: httpx.Response, now: datetime) -> datetime | None:
    """TikTok sends no reset header; its windows are one minute, sliding (contracts B2.1, B3)."""
    return retry_after_header(response, now) or now + timedelta(seconds=60)
