"""Meta webhooks, shared by Pages and WhatsApp (contracts §3.9).

- Subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → answer 200
  with the bare challenge when the token is yours, 403 otherwise.
- Deliveries: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(App Secret, raw body)>`, compared
  in constant time over the raw bytes (never over re-serialised JSON).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from psn.platforms.signatures import same

SIGNATURE_HEADER = "x-hub-signature-256"


def challenge(query: Mapping[str, str], verify_token: str) -> str | None:
    """The value to echo for a subscription check, or None (→ 403)."""
    if not verify_token or query.get("hub.mode") != "subscribe":
        return None
    if not same(query.get("hub.verify_token", ""), verify_token):
        return None
    return query.get("hub.challenge") or None


def sign(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(app_secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    given = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE_HEADER, "")
    if not app_secret or not given.startswith("sha256="):
        return False
    return same(given, sign(app_secret, body))


def verify(headers: Mapping[str, str], body: bytes, query: Mapping[str, str], app_secret: str,
           verify_token: str) -> bool:
    """The adapter protocol's `verify_webhook`: a subscription GET (query) or a signed POST."""
    if "hub.mode" in query:
        return challenge(query, verify_token) is not None
    return signature_valid(app_secret, body, headers)
