"""Signature schemes, each a constant-time comparison over the exact bytes received.

- Meta (Facebook, Instagram, WhatsApp, Threads): `X-Hub-Signature-256: sha256=<hex HMAC(app secret, body)>`,
  and a GET challenge answered only when `hub.verify_token` matches.
- X (Account Activity): `X-Twitter-Webhooks-Signature: sha256=<base64 HMAC(consumer secret, body)>`.
- TikTok: `TikTok-Signature: t=<unix>,s=<hex HMAC(secret, "<t>.<body>")>`; `t` must be within the
  tolerance of now, so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

SCHEMES = {"facebook": "meta", "instagram": "meta", "whatsapp": "meta", "threads": "meta", "x": "x",
           "tiktok": "tiktok"}
TIKTOK_TOLERANCE_S = 300


def _hmac(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def verify_meta(headers: dict[str, str], body: bytes, secret: str) -> bool:
    given = headers.get("x-hub-signature-256", "")
    expected = "sha256=" + _hmac(secret, body).hex()
    return bool(secret and given) and hmac.compare_digest(given.encode(), expected.encode())


def verify_x(headers: dict[str, str], body: bytes, secret: str) -> bool:
    given = headers.get("x-twitter-webhooks-signature", "")
    expected = "sha256=" + base64.b64encode(_hmac(secret, body)).decode()
    return bool(secret and given) and hmac.compare_digest(given.encode(), expected.encode())


def tiktok_parts(header: str) -> tuple[int | None, str]:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        return int(parts.get("t", "")), parts.get("s", "")
    except ValueError:
        return None, ""


def verify_tiktok(headers: dict[str, str], body: bytes, secret: str, now: datetime) -> str:
    """"ok", "forged" or "stale"."""
    stamp, given = tiktok_parts(headers.get("tiktok-signature", ""))
    if not secret or stamp is None or not given:
        return "forged"
    expected = _hmac(secret, f"{stamp}.".encode() + body).hex()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return "forged"
    return "ok" if abs(now.timestamp() - stamp) <= TIKTOK_TOLERANCE_S else "stale"


def meta_challenge(query: dict[str, str], verify_token: str) -> str | None:
    """The challenge to echo back when Meta subscribes the endpoint, or None to refuse."""
    if query.get("hub.mode") != "subscribe" or not verify_token:
        return None
    given = query.get("hub.verify_token", "")
    return query.get("hub.challenge", "") if hmac.compare_digest(given.encode(), verify_token.encode()) else None
