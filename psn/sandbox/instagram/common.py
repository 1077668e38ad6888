"""Shared pieces of the Instagram emulator: its world state, Meta's error envelope, tokens, ids."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from psn.sandbox.emulator import EmuRequest, json_response

STATE = "instagram"
ACCOUNT = {
    "id": "27342907808657598",  # app-scoped: psn must not use it in paths
    "user_id": "17841400000000001",
    "username": "sandbox_studio",
    "name": "Sandbox Studio",
    "account_type": "BUSINESS",
    "profile_picture_url": "https://scontent.cdninstagram.com/v/sandbox/avatar.jpg",
    "followers_count": 1532,
    "follows_count": 210,
    "media_count": 0,
}
FACEBOOK_USER = {"id": "10160000000000001", "name": "Sandbox Owner"}
PAGE = {"id": "10450000000000001", "name": "Sandbox Studio Page"}

DEFAULTS: dict[str, Any] = {
    "code_response_shape": "flat",  # or "data": the documented {"data": [...]} form (contract C-3)
    "deny_authorization": False,
    "status_for_190": 400,  # 401 is what one recorded cassette shows (C-26)
    "quota_total": 100,
    "container_cap": 400,
    "video_polls": 3,  # IN_PROGRESS answers before a video container finishes
    "video_processing_seconds": 120,  # …or this much world time, whichever comes first
    "image_ready_seconds": 5,  # an image container never polled still needs this long
    "insights_delay_seconds": 3600,  # younger media answer insights with an empty list
    "buc_usage_percent": None,  # set to add X-Business-Use-Case-Usage to every Graph answer
    "throttled_minutes": 0,  # > 0: every Graph call fails with code 4 and this estimate
    "hashtag_limit": 30,
}
DEPRECATED_METRICS = {"impressions", "plays", "video_views", "clips_replays_count",
                      "ig_reels_aggregated_all_plays_count", "engagement", "taps_forward", "taps_back", "exits"}
UNREACHABLE_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")  # noqa: S104 — hosts refused, not bound


def fresh_state(state: dict[str, Any]) -> dict[str, Any]:
    """Fill in an empty world (first request) without touching what is there."""
    state.setdefault("config", {})
    state.setdefault("account", dict(ACCOUNT))
    for key in ("tokens", "codes", "containers", "media", "comments", "media_files", "metrics", "mentions",
                "subscriptions", "hashtag_searches"):
        state.setdefault(key, {})
    for key in ("publishes", "container_log", "deliveries"):
        state.setdefault(key, [])
    return state


def config(state: dict[str, Any], key: str) -> Any:
    return state.get("config", {}).get(key, DEFAULTS[key])


def graph_error(status: int, code: int, message: str, subcode: int | None = None, kind: str = "OAuthException",
                user_message: str | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "A" + secrets.token_hex(8)}
    if subcode is not None:
        error["error_subcode"] = subcode
        error["is_transient"] = False
    if user_message:
        error["error_user_title"] = message.split(".")[0][:60]
        error["error_user_msg"] = user_message
    return json_response(status, {"error": error}, headers)


def bad_request(code: int, message: str, subcode: int | None = None, user_message: str | None = None) -> httpx.Response:
    return graph_error(400, code, message, subcode, user_message=user_message)


def unsupported(node: str, method: str = "get") -> httpx.Response:
    return bad_request(100, f"Unsupported {method} request. Object with ID '{node}' does not exist, cannot be loaded "
                            "due to missing permissions, or does not support this operation.", 33)


def params(req: EmuRequest) -> dict[str, str]:
    """Query, form and JSON parameters together: Meta takes them anywhere (contract A2.1)."""
    merged = dict(req.query)
    content_type = req.headers.get("content-type", "")
    if req.body and "json" in content_type:
        body = req.json()
        if isinstance(body, dict):
            merged.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    elif req.body and "form" in content_type:
        merged.update(req.form())
    return merged


def token_of(req: EmuRequest, scheme: str = "bearer") -> str:
    header = req.headers.get("authorization", "")
    prefix = f"{scheme} "
    if header.lower().startswith(prefix):
        return header[len(prefix):].strip()
    return params(req).get("access_token", "")


def new_token(state: dict[str, Any], login: str, kind: str, now: datetime, lifetime: timedelta,
              user_id: str, marker: str = "") -> str:
    prefix = "EAA" if login == "facebook" else "IGAA"
    token = (prefix + ("S" if kind == "short" else "L") + marker
             + secrets.token_urlsafe(24).replace("-", "x").replace("_", "y"))
    state["tokens"][token] = {"login": login, "kind": kind, "user_id": user_id, "issued_at": now.isoformat(),
                              "expires_at": (now + lifetime).isoformat()}
    return token


def check_token(state: dict[str, Any], token: str, login: str, now: datetime) -> tuple[dict[str, Any] | None,
                                                                                        httpx.Response | None]:
    """(token record, None) or (None, the 190 Meta answers)."""
    status = int(config(state, "status_for_190"))
    cannot_parse = "Invalid OAuth access token - Cannot parse access token"
    if not token:
        return None, graph_error(status, 190, "An active access token must be used to query information.")
    expected = "EAA" if login == "facebook" else "IG"
    record = state["tokens"].get(token)
    if not token.startswith(expected) or record is None or record["login"] != login:
        return None, graph_error(status, 190, cannot_parse)
    if datetime.fromisoformat(record["expires_at"]) <= now:
        return None, graph_error(status, 190, f"Error validating access token: Session has expired on "
                                              f"{record['expires_at']}.", 463)
    return record, None


def next_id(state: dict[str, Any], prefix: str) -> str:
    counters = state.setdefault("_counters", {})
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}{counters[prefix]:0{17 - len(prefix)}d}"


def graph_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def reachable(url: str) -> bool:
    """What Meta's fetcher could download: a public http(s) URL (the sandbox has no internet to try)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    return not (host in UNREACHABLE_HOSTS or host.endswith((".invalid", ".local", ".internal"))
                or "unreachable" in url)


def sibling_base(req: EmuRequest, host: str) -> str:
    """The base URL of another emulated host, as the client can reach it (in-process or loopback)."""
    base = req.external_base
    if base.startswith("http://127.0.0.1") and base.count("/") >= 3:
        return base.rsplit("/", 1)[0] + "/" + host
    return f"https://{host}"
