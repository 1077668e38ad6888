"""LinkedIn error envelopes → typed errors (contracts §2.3, §2.9).

LinkedIn answers in several shapes depending on the service generation, so each is read
defensively: `{status, serviceErrorCode, code, message}`, `{message, status}`, the 422
`errorDetails.inputErrors[].code` form (DUPLICATE_POST), and OAuth's `{error, error_description}`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx

from psn.core.clock import Clock
from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    PermissionDenied,
    PlatformError,
    RateLimitedError,
    Rejected,
    Unavailable,
    VersionUnsupported,
)
from psn.platforms.http import json_or_empty
from psn.platforms.ratelimit import linkedin_retry_at

RECONNECT = "Reconnect with `psn setup linkedin` (LinkedIn tokens last 60 days and psn cannot renew them)."
DUPLICATE_OF_RE = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")


def suggested_version(now: datetime) -> str:
    """Last month's version: LinkedIn releases monthly, so it is surely live."""
    year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    return f"{year}{month:02d}"


def _code_and_message(body: dict[str, Any], status: int) -> tuple[str | None, str]:
    inputs = (body.get("errorDetails") or {}).get("inputErrors") or []
    input_codes = [str(e.get("code")) for e in inputs if isinstance(e, dict) and e.get("code")]
    code = body.get("code") or (input_codes[0] if input_codes else None) or body.get("error")
    if code is None and body.get("serviceErrorCode") is not None:
        code = str(body["serviceErrorCode"])
    message = body.get("message") or body.get("error_description") or body.get("error") or f"HTTP {status}"
    return (str(code) if code is not None else None), str(message).strip()


def _request_path(response: httpx.Response) -> str:
    try:
        return response.request.url.path
    except RuntimeError:
        return ""


def make_classify(version: str, clock: Clock):  # type: ignore[no-untyped-def]
    """A classifier that can name the version psn sent and suggest a live one on a 426."""

    def classify(response: httpx.Response) -> PlatformError:
        body = json_or_empty(response)
        status = response.status_code
        code, detail = _code_and_message(body, status)
        common: dict[str, Any] = {"platform": "linkedin", "status": status, "code": code}
        message = f"LinkedIn: {detail}"
        if status == 426 or code == "NONEXISTENT_VERSION":
            sent = version or "psn's configured version"
            return VersionUnsupported(
                f"LinkedIn no longer serves API version {sent} ({detail}).",
                f"Set a current version: `psn config set linkedin.version {suggested_version(clock.now())}` "
                "(YYYYMM; LinkedIn retires each version after about a year).", **common)
        if isinstance(body.get("error"), str) and status < 500:  # the OAuth endpoints' shape
            return _oauth_error(body, message, common)
        if status == 401:
            return AuthExpired(message, RECONNECT, **common)
        if status == 403:
            return _forbidden(response, message, common)
        if code == "DUPLICATE_POST" or "duplicate" in detail.lower():
            return _duplicate(detail, message, common)
        if status == 429:  # no headers: LinkedIn's windows are days that end at 00:00 UTC
            return RateLimitedError(message, "LinkedIn's daily limit is reached; it resets at 00:00 UTC.",
                                    retry_at=linkedin_retry_at(response, clock.now()), **common)
        if status >= 500:
            return Unavailable(message, "LinkedIn is having trouble; try again later.", **common)
        if status == 404:
            return Rejected(message, "LinkedIn cannot find it: check the link or URN.", **common)
        return Rejected(message, **common)

    return classify


def _oauth_error(body: dict[str, Any], message: str, common: dict[str, Any]) -> PlatformError:
    if body.get("error") in ("invalid_client", "unauthorized_client"):
        return PermissionDenied(message, "Check the Client ID and Client Secret from your LinkedIn app's Auth tab, "
                                "then run `psn setup linkedin` again.", **common)
    return AuthExpired(message, "Run `psn setup linkedin` again and approve psn.", **common)


def _forbidden(response: httpx.Response, message: str, common: dict[str, Any]) -> PlatformError:
    path = _request_path(response)
    if "memberCreatorPostAnalytics" in path:
        hint = ("Post analytics need LinkedIn's approval for r_member_postAnalytics (Community Management API). "
                "Without it: `psn config set linkedin.analytics_enabled false`.")
    elif "/comments" in path:
        hint = "Your LinkedIn app needs the Share on LinkedIn product (w_member_social) to comment; reconnect."
    else:
        hint = "Your LinkedIn app needs the Share on LinkedIn product (w_member_social); add it, then reconnect."
    return PermissionDenied(message, hint, **common)


def _duplicate(detail: str, message: str, common: dict[str, Any]) -> PlatformError:
    found = DUPLICATE_OF_RE.search(detail)
    existing = f" (already posted: https://www.linkedin.com/feed/update/{found.group(1)})" if found else ""
    return DuplicateContent(
        message + existing,
        "LinkedIn refuses identical posts, even for a day or two after one is deleted: change the wording.",
        **common)
