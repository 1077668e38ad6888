"""TikTok webhooks (contracts B4): `TikTok-Signature: t=…,s=…` is the hex HMAC-SHA256 of
`t + "." + raw body` keyed with the app's client secret; `content` is a JSON *string* inside the
JSON body. Deliveries are at-least-once, so each event carries a stable `delivery_id` to dedupe on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from typing import Any

from psn.platforms.base import WebhookEvent
from psn.platforms.signatures import same

SIGNATURE_HEADER = "tiktok-signature"
_STAMP = re.compile(r"[0-9]{1,12}")
REMOVAL_REASONS = {0: "unknown", 1: "the user disconnected psn", 2: "the account was deleted",
                   3: "the account's age changed", 4: "the account was banned", 5: "the developer revoked access"}
PUBLISH_EVENTS = {
    "post.publish.failed": "failed",
    "post.publish.complete": "published",
    "post.publish.inbox_delivered": "draft",
    "post.publish.publicly_available": "public",
    "post.publish.no_longer_publicaly_available": "no_longer_public",  # TikTok's spelling
}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_parts(header: str) -> tuple[int | None, str]:
    """(t, s) from `t=…,s=…`, or (None, "") for anything else: a part missing, repeated or
    without `=`, or a `t` that is not plain Unix seconds (more digits would overflow a float)."""
    parts: dict[str, str] = {}
    for piece in header.split(","):
        key, sep, value = piece.strip().partition("=")
        if not sep or key in parts:
            return None, ""
        parts[key] = value.strip()
    stamp, sent = parts.get("t", ""), parts.get("s", "")
    if not (_STAMP.fullmatch(stamp) and sent):
        return None, ""
    return int(stamp), sent


def verify(headers: dict[str, str], body: bytes, secret: str, now: datetime, tolerance: int = 300) -> bool:
    """True only for a well-formed header, a matching signature and a timestamp within tolerance."""
    given = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE_HEADER, "")
    stamp, sent = signature_parts(given)
    if not secret or stamp is None or abs(now.timestamp() - stamp) > tolerance:
        return False
    return same(sent, signature(secret, stamp, body))


def parse(body: bytes) -> list[WebhookEvent]:
    data = json.loads(body or b"{}")
    event = str(data.get("event", ""))
    content = _content(data.get("content"))
    created = data.get("create_time")
    base: dict[str, Any] = {
        "platform": "tiktok",
        "delivery_id": hashlib.sha256(body).hexdigest()[:32],
        "occurred_at": datetime.fromtimestamp(int(created), UTC) if created else None,
    }
    extra = {"event": event, "user_openid": str(data.get("user_openid", ""))}
    if event == "authorization.removed":
        reason = int(content.get("reason") or 0)
        return [WebhookEvent(kind="authorization_removed", object_id=extra["user_openid"], **base,
                             data={**extra, "reason": reason, "why": REMOVAL_REASONS.get(reason, "unknown")})]
    if event in PUBLISH_EVENTS:
        payload = {**extra, "status": PUBLISH_EVENTS[event], "publish_type": content.get("publish_type", ""),
                   "publish_id": str(content.get("publish_id", ""))}
        if content.get("post_id") is not None:
            payload["post_id"] = str(content["post_id"])
        if content.get("reason"):
            payload["reason"] = str(content["reason"])
        return [WebhookEvent(kind="publish_status", object_id=payload["publish_id"], **base, data=payload)]
    return [WebhookEvent(kind=event or "unknown", **base, data={**extra, **content})]


def _content(value: Any) -> dict[str, Any]:
    """`content` is a JSON string; tolerate an object too. 64-bit ids survive as Python ints."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        parsed = json.loads(value)
        return parsed if isinstance(parsed, dict) else {}
    return {}
