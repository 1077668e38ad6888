"""Shared pieces of the TikTok emulator: the world's knobs, envelopes, token checks, rate limits.

Secrets are stored hashed (tokens, codes, client secrets, upload tokens): the sandbox world is a
plain JSON file and must not hold anything that looks like a live credential.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

import httpx

from psn.sandbox.emulator import json_response

API_HOST = "open.tiktokapis.com"
UPLOAD_HOST = "open-upload.tiktokapis.com"
AUTH_HOST = "www.tiktok.com"
CREATIVE_CENTER_HOST = "ads.tiktok.com"
PROVIDER_HOST = "provider.tiktok.sandbox.invalid"

MB = 1_000_000
MIB = 1024 * 1024
# Lenient under both readings of "MB": psn's client stays inside the strict reading (rules.py).
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * MIB
MAX_FINAL_CHUNK = 128 * MIB
MAX_VIDEO = 4 * 1024 * MIB
UPLOAD_TTL = 3600
ACCESS_TTL = 86_400
REFRESH_TTL = 31_536_000
CODE_TTL = 3600
DAY = 86_400

PER_MINUTE = {"creator_info": 20, "video_init": 6, "inbox_init": 6, "content_init": 6, "status": 30,
              "user_info": 600, "video_list": 600, "video_query": 600}

DEFAULT_CONFIG: dict[str, Any] = {
    "audited": False,
    "private_account": False,
    "open_id": "sbx-open-id-0001",
    "union_id": "sbx-union-id-0001",
    "username": "sandbox.creator",
    "nickname": "Sandbox Creator",
    "followers": 1520,
    "comment_disabled": False,
    "duet_disabled": False,
    "stitch_disabled": True,
    "max_video_post_duration_sec": 300,
    "verified_prefixes": ["https://media.example.com/"],
    "processing_seconds": 2,
    "daily_post_cap": 15,
    "pending_share_cap": 5,
    "unaudited_user_cap": 5,
    "fail_pull_urls": [],
    "creative_center": "ok",
}
SANDBOX_PROVIDER_KEY = "sandbox-discovery_api_key"
"""The premium provider key the sandbox accepts: what `psn --sandbox setup tiktok` fills in."""


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


DEFAULT_CONFIG["provider_key_sha"] = digest(SANDBOX_PROVIDER_KEY)


def new_secret(prefix: str, marker: str = "") -> str:
    return prefix + marker + secrets.token_urlsafe(24)


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def config(state: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULT_CONFIG, **state.get("config", {})}


def log_id(state: dict[str, Any], now: datetime) -> str:
    counter = state.setdefault("_counters", {}).get("log", 1)
    state["_counters"]["log"] = counter + 1
    return f"{now.strftime('%Y%m%d%H%M%S')}{counter:010d}SBX"


def ok(state: dict[str, Any], now: datetime, data: dict[str, Any]) -> httpx.Response:
    return json_response(200, {"data": data, "error": {"code": "ok", "message": "", "log_id": log_id(state, now)}})


def fail(state: dict[str, Any], now: datetime, status: int, code: str, message: str) -> httpx.Response:
    return json_response(status, {"data": {}, "error": {"code": code, "message": message,
                                                        "log_id": log_id(state, now)}})


def oauth_error(state: dict[str, Any], now: datetime, code: str, description: str) -> httpx.Response:
    return json_response(400, {"error": code, "error_description": description, "log_id": log_id(state, now)})


def authenticate(state: dict[str, Any], now: datetime, bearer: str, scopes: tuple[str, ...] = (),
                 ) -> tuple[dict[str, Any] | None, httpx.Response | None]:
    """(the token's grant, None) or (None, the 401 to send). `scopes`: any one of them suffices."""
    grant = state.get("tokens", {}).get(digest(bearer)) if bearer else None
    if grant is None or grant["expires"] <= epoch(now):
        return None, fail(state, now, 401, "access_token_invalid",
                          "The access token is invalid or not found in the request.")
    if scopes and not set(scopes) & set(grant["scopes"]):
        return None, fail(state, now, 401, "scope_not_authorized",
                          f"The user did not authorize the scope required for completing this request "
                          f"({' or '.join(scopes)}).")
    return grant, None


def over_limit(state: dict[str, Any], now: datetime, bearer: str, endpoint: str) -> httpx.Response | None:
    """Per-token, per-endpoint sliding one-minute windows (contracts B2.1, B3) → 429 or None."""
    key = f"{digest(bearer)}:{endpoint}"
    calls = state.setdefault("calls", {})
    recent = [t for t in calls.get(key, []) if t > epoch(now) - 60]
    if len(recent) >= PER_MINUTE[endpoint]:
        calls[key] = recent
        return fail(state, now, 429, "rate_limit_exceeded",
                    "The API rate limit was exceeded. Please retry after the rate limit window.")
    calls[key] = [*recent, epoch(now)]
    return None


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def emit_webhook(state: dict[str, Any], now: datetime, event: str, open_id: str, content: dict[str, Any]) -> None:
    """Queue a delivery as TikTok would send it (`content` a JSON string); tests sign and read them."""
    import json

    state.setdefault("webhooks", []).append({
        "client_key": state.get("client_key", ""), "event": event, "create_time": int(epoch(now)),
        "user_openid": open_id, "content": json.dumps(content, separators=(",", ":")),
    })
