"""How the emulated platforms sign the webhooks they deliver, written from the contract text alone
(never from psn's verifiers, so a verifier that reads the scheme wrong fails against these).

- Meta (Pages, WhatsApp, Instagram; contracts §3.9 and A8): `X-Hub-Signature-256: sha256=<hex>`,
  the hex being HMAC-SHA256 keyed with the app secret over the raw body bytes, lowercase.
- TikTok (contract B4): `TikTok-Signature: t=<unix seconds>,s=<hex>`, the hex being HMAC-SHA256
  keyed with the client secret over `<t>.<raw body>`.
"""

from __future__ import annotations

import hashlib
import hmac

META_HEADER = "X-Hub-Signature-256"
TIKTOK_HEADER = "TikTok-Signature"


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def meta_signature(app_secret: str, raw_body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta sends with `raw_body`."""
    return "sha256=" + _hmac_hex(app_secret, raw_body)


def tiktok_signature(client_secret: str, timestamp: int, raw_body: bytes) -> str:
    """The `TikTok-Signature` value TikTok sends with `raw_body` at `timestamp` (Unix seconds)."""
    signed_payload = str(timestamp).encode("ascii") + b"." + raw_body
    return f"t={timestamp},s={_hmac_hex(client_secret, signed_payload)}"
