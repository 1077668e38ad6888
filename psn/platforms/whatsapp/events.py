"""WhatsApp webhook payloads → psn events (contracts §4.5).

Two kinds come in the same envelope: `statuses[]` (sent/delivered/read/failed for messages psn
sent; order not guaranteed, both the per-message "PMP" and the older "CBP" pricing shapes) and
`messages[]` (a contact wrote: this reopens their 24 h window).
"""

from __future__ import annotations

import json
from typing import Any

from psn.platforms.base import WebhookEvent
from psn.platforms.facebook.graph import from_unix
from psn.platforms.whatsapp import rules

STATUS = "message.status"
INBOUND = "message.inbound"


def parse_events(body: bytes) -> list[WebhookEvent]:
    data = json.loads(body or b"{}")
    if data.get("object") != "whatsapp_business_account":
        return []
    events: list[WebhookEvent] = []
    for entry in data.get("entry", []):
        for change in entry.get("changes", []):
            if change.get("field") != "messages":
                continue
            value = change.get("value") or {}
            events.extend(_status(s) for s in value.get("statuses", []))
            names = {c.get("wa_id"): str((c.get("profile") or {}).get("name", "")) for c in value.get("contacts", [])}
            events.extend(_inbound(m, names) for m in value.get("messages", []))
    return events


def _status(status: dict[str, Any]) -> WebhookEvent:
    errors = status.get("errors") or []
    first = errors[0] if errors else {}
    code = _error_code(first.get("code"))
    pricing = status.get("pricing") or {}
    data = {  # plain strings and a bounded int: these go into database columns as they are
        "status": str(status.get("status", "")),
        "recipient_id": str(status.get("recipient_id", "")),
        "error_code": code,
        "error": rules.error_meaning(code) if code is not None else None,
        "error_details": (first.get("error_data") or {}).get("details"),
        "pricing_model": pricing.get("pricing_model"),
        "category": pricing.get("category") or ((status.get("conversation") or {}).get("origin") or {}).get("type"),
    }
    return WebhookEvent(platform="whatsapp", kind=STATUS, object_id=str(status.get("id", "")),
                        occurred_at=_time(status.get("timestamp")), data=data)


def _inbound(message: dict[str, Any], names: dict[str, str]) -> WebhookEvent:
    sender = str(message.get("from", ""))
    kind = str(message.get("type", ""))
    text = (message.get("text") or {}).get("body") or (message.get(kind) or {}).get("caption") or ""
    return WebhookEvent(platform="whatsapp", kind=INBOUND, object_id=str(message.get("id", "")),
                        occurred_at=_time(message.get("timestamp")),
                        data={"from": sender, "name": names.get(sender, ""), "type": kind, "text": str(text)})


def _error_code(value: Any) -> int | None:
    """Meta's numeric error code, or None for anything that is not one (a string, a float, 10**30)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else None


def _time(value: Any):  # type: ignore[no-untyped-def]
    return from_unix(value) if value not in (None, "") else None
