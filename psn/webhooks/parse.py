"""Payload → WebhookEvent: the platform adapter's parse_webhook when psn has one connected,
otherwise a generic reading of the documented payload shapes."""

from __future__ import annotations

import json
from typing import Any

from psn.core.errors import BadInput
from psn.core.failures import in_words
from psn.platforms.base import WebhookEvent

# What reading an arbitrary signed body can raise: bad JSON or UTF-8 (ValueError), a shape that is
# not the documented one (TypeError, AttributeError, KeyError, IndexError), absurd numbers
# (OverflowError) and nesting deeper than the JSON decoder goes (RecursionError).
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError, RecursionError)


class MalformedDelivery(BadInput):
    """A correctly signed delivery whose payload psn cannot read: answered 400, nothing stored."""

    kind = "malformed_webhook"


def generic(platform: str, body: bytes) -> list[WebhookEvent]:
    data = json.loads(body or b"{}")
    if not isinstance(data, dict):
        return []
    if "entry" in data:  # Meta: entry[].changes[] (field = comments, mentions, feed…)
        return [WebhookEvent(platform=platform, kind=str(change.get("field", "")),
                             object_id=_object_id(change.get("value") or {}), data=change.get("value") or {})
                for entry in data.get("entry", []) for change in entry.get("changes", [])]
    if "event" in data:  # TikTok: one event per delivery
        if data["event"] == "authorization.removed":  # whose grant, and why: the platform's own reading
            from psn.platforms.tiktok.webhooks import parse as tiktok_parse

            return tiktok_parse(body)
        content = data.get("content")
        content = json.loads(content) if isinstance(content, str) else (content or {})
        return [WebhookEvent(platform=platform, kind=str(data["event"]).split(".")[-1],
                             object_id=str(content.get("video_id", content.get("publish_id", ""))),
                             delivery_id=str(data.get("event_id", "")), data=content)]
    return []


def _object_id(value: dict[str, Any]) -> str:
    for key in ("media_id", "post_id", "video_id", "id"):
        if isinstance(value.get(key), str | int):
            return str(value[key])
    media = value.get("media")
    return str(media.get("id", "")) if isinstance(media, dict) else ""


def parse(platform: str, headers: dict[str, str], body: bytes, adapter: Any = None) -> list[WebhookEvent]:
    """The delivery's events, or MalformedDelivery: the only exception a payload can cause here.

    Every platform sends one JSON object in UTF-8; anything else (empty, another encoding, a bare
    array or number, NaN) is refused here, before a platform parser has to guess what it meant."""
    try:
        if not isinstance(json.loads(body.decode("utf-8"), parse_constant=_not_json), dict):
            raise MalformedDelivery(f"The {platform} webhook payload is not a JSON object.")
        return list(adapter.parse_webhook(headers, body)) if adapter is not None else generic(platform, body)
    except UNREADABLE as exc:
        raise MalformedDelivery(f"The {platform} webhook payload is unreadable ({in_words(exc)}).") from None


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")  # Python's decoder takes NaN and Infinity; RFC 8259 does not
