"""Payload → WebhookEvent: the platform adapter's parse_webhook when psn has one connected,
otherwise a generic reading of the documented payload shapes."""

from __future__ import annotations

import json
from typing import Any

from psn.platforms.base import WebhookEvent


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
    if adapter is not None:
        return list(adapter.parse_webhook(headers, body))
    return generic(platform, body)
