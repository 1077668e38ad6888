"""Shared by the webhook tests: one signed, valid delivery per provider, the signers, a receiver
over a throwaway home, and a count of everything a delivery could store."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from psn.context import AppContext
from psn.core.clock import FixedClock
from psn.webhooks.receiver import Receiver, secret_name

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
STAMP = int(NOW.timestamp())
SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"
PROVIDERS = ("instagram", "facebook", "whatsapp", "x", "tiktok")
SIGNATURE_HEADER = {"meta": "X-Hub-Signature-256", "x": "X-Twitter-Webhooks-Signature", "tiktok": "TikTok-Signature"}
SCHEME = {"instagram": "meta", "facebook": "meta", "whatsapp": "meta", "x": "x", "tiktok": "tiktok"}


def hmac_sha256(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def signature(platform: str, body: bytes, secret: str = SECRET, stamp: int = STAMP) -> str:
    """The signature header value the platform itself would send."""
    scheme = SCHEME[platform]
    if scheme == "meta":
        return "sha256=" + hmac_sha256(secret, body).hex()
    if scheme == "x":
        return "sha256=" + base64.b64encode(hmac_sha256(secret, body)).decode()
    return f"t={stamp},s={hmac_sha256(secret, f'{stamp}.'.encode() + body).hex()}"


def signed(platform: str, body: bytes, secret: str = SECRET, stamp: int = STAMP) -> dict[str, str]:
    return {SIGNATURE_HEADER[SCHEME[platform]]: signature(platform, body, secret, stamp)}


def valid_body(platform: str, n: int = 1) -> bytes:
    """A documented payload carrying one engagement event (`n` makes distinct deliveries)."""
    payloads: dict[str, Any] = {
        "instagram": {"object": "instagram", "entry": [{"id": "17841400000000000", "time": STAMP, "changes": [
            {"field": "comments", "value": {"id": f"c{n}", "text": "nice", "media": {"id": f"m{n}"},
                                            "from": {"id": "9", "username": "fan"}}}]}]},
        "facebook": {"object": "page", "entry": [{"id": "1029384756", "time": STAMP, "changes": [
            {"field": "comments", "value": {"item": "comment", "verb": "add", "post_id": f"1029384756_{n}",
                                            "comment_id": f"c{n}", "message": "Great post!"}}]}]},
        "whatsapp": {"object": "whatsapp_business_account", "entry": [{"id": "waba", "changes": [
            {"field": "messages", "value": {"statuses": [
                {"id": f"wamid.{n}", "status": "delivered", "timestamp": str(STAMP), "recipient_id": "15550001"}]}}]}]},
        "x": {"for_user_id": "1", "favorite_events": [{"id": f"f{n}", "favorited_status": {"id_str": "t1"}}]},
        "tiktok": {"client_key": "ck", "event": "video.share", "create_time": STAMP, "user_openid": "o1",
                   "event_id": f"e{n}", "content": json.dumps({"video_id": f"v{n}"})},
    }
    return json.dumps(payloads[platform]).encode()


def make_receiver(adapters: bool = False) -> Receiver:
    """A receiver with every provider's secret set; `adapters=True` parses with the platform adapters
    (as when the account is connected), otherwise with the generic reader."""
    ctx = AppContext.create(clock=FixedClock(NOW))
    for platform in PROVIDERS:
        ctx.secrets.set(secret_name(platform), SECRET)
        ctx.secrets.set(secret_name(platform, "verify_token"), VERIFY_TOKEN)
    return Receiver(ctx, parser_adapter if adapters else None)


def parser_adapter(platform: str) -> Any:
    """The platform's adapter, without a client: parse_webhook needs none."""
    from psn.platforms.facebook.adapter import FacebookAdapter
    from psn.platforms.instagram.adapter import InstagramAdapter
    from psn.platforms.tiktok.adapter import TikTokAdapter
    from psn.platforms.whatsapp.adapter import WhatsAppAdapter
    from psn.platforms.x.adapter import XAdapter

    classes = {"instagram": InstagramAdapter, "facebook": FacebookAdapter, "whatsapp": WhatsAppAdapter,
               "x": XAdapter, "tiktok": TikTokAdapter}
    cls = classes[platform]
    return cls.__new__(cls)


@dataclass(frozen=True)
class Stored:
    deliveries: int
    engagement: int
    received: int
    whatsapp: int


def stored(receiver: Receiver) -> Stored:
    """Every table a webhook delivery can write to."""
    with receiver.ctx.db.engine.connect() as conn:
        def count(sql: str) -> int:
            return int(conn.execute(text(sql)).scalar() or 0)

        return Stored(count("SELECT count(*) FROM webhook_deliveries"), count("SELECT count(*) FROM engagement_events"),
                      count("SELECT count(*) FROM event_log WHERE kind = 'engagement.received'"),
                      count("SELECT count(*) FROM whatsapp_deliveries"))


NOTHING = Stored(0, 0, 0, 0)


def post(receiver: Receiver, platform: str, headers: dict[str, str], body: bytes | None, length: int = 0):
    return receiver.handle("POST", f"/webhooks/{platform}", headers, {}, body, length)
