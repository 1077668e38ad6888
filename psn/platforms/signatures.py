"""Constant-time comparison for every webhook signature, verify token and CRC psn checks.

`hmac.compare_digest` refuses a `str` with non-ASCII characters (TypeError), so a header or a
pasted value holding one would crash the check instead of failing it. Comparing the UTF-8 bytes
(lone surrogates from argv included) keeps it constant-time and total.
"""

from __future__ import annotations

import hmac


def same(given: str | bytes, expected: str | bytes) -> bool:
    return hmac.compare_digest(_bytes(given), _bytes(expected))


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
