"""Meta webhooks for Instagram (contract A8): the GET verification, signed POSTs, and parsing.

The signature is HMAC-SHA256 of the raw body bytes with the app secret (on the Instagram-Login
path, the Instagram app secret from the API-setup panel: C-7), compared in constant time.
Never re-serialise the JSON before hashing: Meta signs its own escaped rendering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from psn.platforms.base import WebhookEvent
from psn.platforms.signatures import same

SIGNATURE_HEADER = "x-hub-signature-256"
KINDS = {"comments": "comment", "live_comments": "live_comment", "mentions": "mention",
         "story_insights": "story_insights"}


def subscription_challenge(query: dict[str, str], verify_token: str) -> str | None:
    """The `hub.challenge` to echo when Meta's GET is genuine, else None (answer 403)."""
    if not verify_token or query.get("hub.mode") != "subscribe":
        return None
    if not same(query.get("hub.verify_token", ""), verify_token):
        return None
    return query.get("hub.challenge")


def signature_valid(headers: dict[str, str], body: bytes, app_secret: str) -> bool:
    given = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE_HEADER, "")
    if not app_secret or not given.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return same(given[7:].strip().lower(), expected)


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta would send (for the sandbox and tests)."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def parse(body: bytes) -> list[WebhookEvent]:
    data = json.loads(body or b"{}")
    if not isinstance(data, dict) or data.get("object") not in ("instagram", "page", None):
        return []
    events: list[WebhookEvent] = []
    for entry in data.get("entry") or []:
        when = _time(entry.get("time"))
        account = str(entry.get("id", ""))
        # Real deliveries use entry[].changes[]; the IG-Login examples page shows field/value on entry (C-6).
        changes = entry.get("changes") or ([entry] if "field" in entry else [])
        for change in changes:
            events.append(_change(change, account, when))
        for message in entry.get("messaging") or []:
            events.append(_message(message, account))
    return events


def _change(change: dict[str, Any], account: str, when: datetime | None) -> WebhookEvent:
    field = str(change.get("field", ""))
    value = change.get("value") or {}
    kind = KINDS.get(field, field or "unknown")
    if field in ("comments", "live_comments"):
        author = value.get("from") or {}
        media = value.get("media") or {}
        data = {"text": value.get("text", ""), "username": author.get("username", ""), "from_id": author.get("id", ""),
                "media_id": media.get("id", ""), "media_product_type": media.get("media_product_type", ""),
                "parent_id": value.get("parent_id"), "account_id": account}
        object_id = str(value.get("id", ""))
    elif field == "mentions":
        data = {"media_id": value.get("media_id", ""), "comment_id": value.get("comment_id"), "account_id": account}
        object_id = str(value.get("comment_id") or value.get("media_id") or "")
    else:
        data = {"value": value, "account_id": account}
        object_id = str(value.get("media_id") or value.get("id") or "") if isinstance(value, dict) else ""
    delivery = f"{account}:{field}:{object_id}:{int(when.timestamp()) if when else 0}"
    return WebhookEvent(platform="instagram", kind=kind, object_id=object_id, delivery_id=delivery,
                        occurred_at=when, data=data)


def _message(message: dict[str, Any], account: str) -> WebhookEvent:
    body = message.get("message") or {}
    when = _time((message.get("timestamp") or 0) / 1000 if message.get("timestamp") else None)
    return WebhookEvent(platform="instagram", kind="message", object_id=str(body.get("mid", "")),
                        delivery_id=f"{account}:message:{body.get('mid', '')}", occurred_at=when,
                        data={"text": body.get("text", ""), "sender_id": (message.get("sender") or {}).get("id", ""),
                              "account_id": account})


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), UTC) if value else None
    except (TypeError, ValueError, OverflowError):
        return None
