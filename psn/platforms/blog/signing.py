"""Standard Webhooks v1 signatures (contracts §6.2), the symmetric `v1` scheme.

signed content = "{webhook-id}.{webhook-timestamp}.{raw body}"; the key is the base64-decoded
bytes after the `whsec_` prefix (not the text); `webhook-signature` is a space-separated list of
`v1,<base64 HMAC-SHA256>`. The id stays the same across retries (the receiver's idempotency key);
the timestamp is that of each attempt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from datetime import datetime

from psn.core.errors import BadInput
from psn.platforms.signatures import same

PREFIX = "whsec_"
MIN_KEY_BYTES, MAX_KEY_BYTES = 24, 64
TOLERANCE_SECONDS = 300
_STAMP = re.compile(r"[0-9]{1,12}")


def decode_secret(secret: str) -> bytes:
    """The HMAC key, or BadInput saying what a valid secret looks like."""
    text = secret.strip()
    if not text.startswith(PREFIX):
        raise BadInput("A Standard Webhooks secret starts with `whsec_`.",
                       hint="Copy the secret your receiver uses, or make one with `psn setup blog` instructions.")
    try:
        key = base64.b64decode(text[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("The part after `whsec_` is not valid base64.", hint="Copy the whole secret.") from None
    if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        raise BadInput(f"The secret decodes to {len(key)} bytes; Standard Webhooks uses {MIN_KEY_BYTES}–"
                       f"{MAX_KEY_BYTES}.", hint="Use a longer random secret.")
    return key


def generate_secret(size: int = 32) -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(size)).decode("ascii")


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18).replace("-", "x").replace("_", "y")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`."""
    if "." in message_id:
        raise BadInput("A webhook id cannot contain a dot.", hint="psn makes its own ids; this is a bug.")
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(decode_secret(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body)}


def verify(secret: str, given: Mapping[str, str], body: bytes, now: datetime,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver checks: all three headers, a fresh timestamp, any matching `v1` entry."""
    h = {k.lower(): v for k, v in given.items()}
    message_id, stamp, signatures = h.get("webhook-id"), h.get("webhook-timestamp", ""), h.get("webhook-signature")
    # An id with a dot would make the signed content ambiguous; a stamp of more than 12 digits is
    # no real time (and would overflow the float subtraction below).
    if not message_id or "." in message_id or not signatures or not _STAMP.fullmatch(stamp):
        return False
    if abs(now.timestamp() - int(stamp)) > tolerance:
        return False
    expected = sign(secret, message_id, int(stamp), body)
    return any(same(entry, expected) for entry in signatures.split(" ") if entry.startswith("v1,"))
