"""What Facebook Pages and WhatsApp share: the Graph API's versions, its error envelope and its
usage headers (contracts §3.1, §3.7, §3.8, §4.6).

Graph errors are branched on `code` / `error_subcode`, never on message text (Meta says titles
will be deprecated). Throttling arrives as HTTP 400 *or* 429 with codes 4/17/32/613/80001
(Pages) and 80007/130429/131056 (WhatsApp), so the code decides, not the status.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import httpx
from pydantic import BaseModel

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
from psn.platforms.http import Classify, json_or_empty
from psn.platforms.ratelimit import meta_retry_at

# Release and end-of-availability dates (contracts §3.1). None: Meta has not announced it yet;
# Meta keeps every version at least two years after release.
GRAPH_VERSIONS: dict[str, tuple[date, date | None]] = {
    "v26.0": (date(2026, 7, 29), None),
    "v25.0": (date(2026, 2, 18), date(2028, 7, 29)),
    "v24.0": (date(2025, 10, 8), date(2028, 2, 18)),
    "v23.0": (date(2025, 5, 29), date(2027, 10, 8)),
    "v22.0": (date(2025, 1, 21), date(2027, 5, 20)),
    "v21.0": (date(2024, 10, 2), date(2027, 1, 21)),
    "v20.0": (date(2024, 5, 21), date(2026, 9, 24)),
}
MIN_VERSION_FOR_VIEWS = 23  # the "views" insights metrics need v23 or later

DEPRECATED_VERSION_CODE = 2635  # "You are calling a deprecated version of the Graph API"
THROTTLE_CODES = {4, 17, 32, 613, 80001, 80007, 130429, 131056}
TRANSIENT_CODES = {1, 2}
PERMISSION_CODES = {3, 10, *range(200, 300)}


class VersionInfo(BaseModel):
    version: str
    released: date | None = None
    available_until: date | None = None
    """Known end date, or None when Meta has not announced one."""
    earliest_end: date | None = None
    """When no end date is known: release + 2 years (Meta's minimum)."""
    days_left: int | None = None
    expired: bool = False
    known: bool = True

    def summary(self) -> str:
        if not self.known:
            return f"Graph {self.version}: not a version psn knows; check Meta's changelog."
        if self.expired and self.released is None:
            return f"Graph {self.version} is older than every version Meta still serves; pin a newer one."
        if self.expired:
            return f"Graph {self.version} stopped on {self.available_until}; pin a newer one."
        if self.available_until:
            return f"Graph {self.version} is available until {self.available_until} ({self.days_left} days)."
        return f"Graph {self.version}: no end date announced yet (not before {self.earliest_end})."


def newest_version() -> str:
    return max(GRAPH_VERSIONS, key=_major)


def _major(version: str) -> int:
    match = re.fullmatch(r"v(\d+)\.0", version)
    return int(match.group(1)) if match else -1


def version_info(version: str, today: date) -> VersionInfo:
    if version not in GRAPH_VERSIONS:
        oldest = min(GRAPH_VERSIONS, key=_major)
        if 0 <= _major(version) < _major(oldest):  # older than every version Meta still serves
            return VersionInfo(version=version, expired=True)
        return VersionInfo(version=version, known=False)
    released, until = GRAPH_VERSIONS[version]
    if until is None:
        earliest = released.replace(year=released.year + 2)
        return VersionInfo(version=version, released=released, earliest_end=earliest,
                           days_left=(earliest - today).days)
    return VersionInfo(version=version, released=released, available_until=until,
                       days_left=(until - today).days, expired=today >= until)


def require_live_version(version: str, today: date, platform: str, setting: str) -> VersionInfo:
    """An expired version is silently upgraded by Meta to the oldest live one, which changes
    behaviour under psn's feet, so psn refuses to call it."""
    info = version_info(version, today)
    if info.expired:
        raise VersionUnsupported(f"{info.summary()}", version_hint(setting), platform=platform, code=version)
    return info


def version_hint(setting: str, version: str | None = None) -> str:
    return f"Run `psn config set {setting} {version or newest_version()}`."


def _deprecated_version(error: dict[str, Any], platform: str, title: str, common: dict[str, Any]) -> PlatformError:
    """#2635: Meta no longer serves the version psn calls. The fix is a setting, not the post, so
    this is exit 3 with the `config set` to run; the version the error names wins over psn's table."""
    named = re.findall(r"v\d+\.0", str(error.get("message") or ""))
    current = max(named, key=_major) if named else None
    return VersionUnsupported(f"{title} no longer serves the Graph API version psn calls (code 2635).",
                              version_hint(f"{platform}.graph_version", current), **common)


def error_body(response: httpx.Response) -> dict[str, Any]:
    body = json_or_empty(response)
    error = body.get("error")
    return error if isinstance(error, dict) else {}


def graph_classifier(platform: str, title: str, clock: Clock, hints: dict[int, str] | None = None) -> Classify:
    """A `classify` for HttpClient over the Graph error envelope; `hints` adds advice per code."""

    def classify(response: httpx.Response) -> PlatformError:
        return classify_graph(response, platform, title, clock.now(), hints)

    return classify


def classify_graph(response: httpx.Response, platform: str, title: str, now: datetime,
                   hints: dict[int, str] | None = None) -> PlatformError:
    """The Graph error envelope → typed error."""
    error = error_body(response)
    status = response.status_code
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    details = (error.get("error_data") or {}).get("details") if isinstance(error.get("error_data"), dict) else None
    text = error.get("error_user_msg") or details or error.get("message") or f"HTTP {status}"
    message = f"{title}: {text}" + (f" (code {code})" if code is not None else "")
    hint = (hints or {}).get(code or -1) or (hints or {}).get(subcode or -1)
    common: dict[str, Any] = {"platform": platform, "status": status, "code": code if subcode is None
                              else f"{code}/{subcode}"}
    if code == DEPRECATED_VERSION_CODE:
        return _deprecated_version(error, platform, title, common)
    if code in THROTTLE_CODES or status == 429:
        retry = meta_retry_at(response, now)
        return RateLimitedError(message, hint or f"{title} is throttling psn; it will wait and retry.",
                                retry_at=retry, **common)
    if code == 190 or status == 401:
        return AuthExpired(message, hint or f"The token is no longer valid: reconnect with `psn setup {platform}`.",
                           **common)
    if code in PERMISSION_CODES:
        return PermissionDenied(message, hint or f"A permission is missing: reconnect with `psn setup {platform}` "
                                "and grant every permission asked for.", **common)
    if code == 506:
        return DuplicateContent(message, hint or "Facebook refuses the same post twice: change the text.", **common)
    if code in TRANSIENT_CODES or error.get("is_transient") is True or status >= 500:
        return Unavailable(message, hint or f"{title} had a temporary problem; try again later.", **common)
    return Rejected(message, hint, **common)


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def unix_seconds(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())


def from_unix(value: str | int) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)
