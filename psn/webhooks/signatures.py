"""Signature schemes, each a constant-time comparison over the exact bytes received.

- Meta (Facebook, Instagram, WhatsApp, Threads): `X-Hub-Signature-256: sha256=<hex HMAC(app secret, body)>`,
  and a GET challenge answered only when `hub.verify_token` matches.
- X (Account Activity): `X-Twitter-Webhooks-Signature: sha256=<base64 HMAC(consumer secret, body)>`, and
  a GET CRC check (`crc_token`) answered with `{"response_token": "sha256=<base64 HMAC(secret, token)>"}`.
- TikTok: `TikTok-Signature: t=<unix>,s=<hex HMAC(secret, "<t>.<body>")>`; `t` must be within the
  tolerance of now, so a captured delivery cannot be replayed later.

Every comparison of a secret-derived value goes through `same()` (hmac.compare_digest, in
psn/platforms/signatures.py); tests/fuzz/test_constant_time.py keeps `==` on signatures out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from psn.platforms.signatures import same
from psn.platforms.tiktok import webhooks as tiktok

SCHEMES = {"facebook": "meta", "instagram": "meta", "whatsapp": "meta", "threads": "meta", "x": "x",
           "tiktok": "tiktok"}
TIKTOK_TOLERANCE_S = 300


def _hmac(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def verify_meta(headers: dict[str, str], body: bytes, secret: str) -> bool:
    given = headers.get("x-hub-signature-256", "")
    expected = "sha256=" + _hmac(secret, body).hex()
    return bool(secret and given) and same(given, expected)


def verify_x(headers: dict[str, str], body: bytes, secret: str) -> bool:
    given = headers.get("x-twitter-webhooks-signature", "")
    expected = "sha256=" + base64.b64encode(_hmac(secret, body)).decode()
    return bool(secret and given) and same(given, expected)


def verify_tiktok(headers: dict[str, str], body: bytes, secret: str, now: datetime) -> str:
    """"ok", "forged" or "stale"."""
    stamp, given = tiktok.signature_parts(headers.get("tiktok-signature", ""))
    if not secret or stamp is None:
        return "forged"
    if not same(given, tiktok.signature(secret, stamp, body)):
        return "forged"
    return "ok" if abs(now.timestamp() - stamp) <= TIKTOK_TOLERANCE_S else "stale"


def meta_challenge(query: dict[str, str], verify_token: str) -> str | None:
    """The challenge to echo back when Meta subscribes the endpoint, or None to refuse."""
    if query.get("hub.mode") != "subscribe" or not verify_token:
        return None
    given = query.get("hub.verify_token", "")
    return query.get("hub.challenge", "") if same(given, verify_token) else None


def x_crc(query: dict[str, str], secret: str) -> dict[str, str] | None:
    """X's CRC answer (contracts §1.7), or None to refuse: proves psn holds the consumer secret."""
    token = query.get("crc_token", "")
    if not secret or not token:
        return None
    digest = _hmac(secret, token.encode("utf-8", "surrogatepass"))
    return {"response_token": "sha256=" + base64.b64encode(digest).decode()}
