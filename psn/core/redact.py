"""Scrub secrets from any text before it reaches a log, an error message or --json output.

Two nets: every secret value psn has read from the secrets store is registered and replaced
wherever it appears, and well-known shapes (Authorization headers, `access_token=` parameters,
JSON token fields) are masked even when psn never saw the value before.
"""

from __future__ import annotations

import re
import threading

MASK = "***"
_MIN_SECRET_LEN = 6  # shorter values would mask ordinary words

_SECRET_KEYS = (
    r"access_token|refresh_token|id_token|client_secret|app_secret|password|passwd|secret|"
    r"api_key|apikey|token|code_verifier|fb_exchange_token|input_token|signature|hub\.verify_token"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Authorization: Bearer xyz / Basic xyz (header lines and reprs)
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(?:bearer|basic|token|oauth)\s+)[^\s'\",}]+"), r"\1" + MASK),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"), r"\1" + MASK),
    # query strings and form bodies: access_token=xyz
    (re.compile(rf"(?i)\b({_SECRET_KEYS})=([^&\s'\"]+)"), r"\1=" + MASK),
    # JSON / dict reprs: "access_token": "xyz"
    (re.compile(rf"(?i)(['\"](?:{_SECRET_KEYS})['\"]\s*:\s*['\"])([^'\"]+)(['\"])"), r"\1" + MASK + r"\3"),
    # x-api-key / x-hub-signature style headers
    (
        re.compile(r"(?i)\b(x-[a-z0-9-]*(?:key|signature|token)[a-z0-9-]*['\"]?\s*[:=]\s*['\"]?(?:sha256=)?)[^\s'\",}]+"),
        r"\1" + MASK,
    ),
]


class Redactor:
    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def register(self, value: str | None) -> None:
        """Remember a secret value so it is masked wherever it shows up later."""
        if value and len(value) >= _MIN_SECRET_LEN:
            with self._lock:
                self._values.add(value)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __call__(self, text: str) -> str:
        if not text:
            return text
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


redactor = Redactor()


def redact(text: str) -> str:
    return redactor(text)


def register_secret(value: str | None) -> None:
    redactor.register(value)


def redact_obj(value: object) -> object:
    """Redact every string inside a JSON-like structure (used for --json and event payloads)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: (MASK if _is_secret_key(k) and v else redact_obj(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_obj(v) for v in value]
    return value


_SECRET_KEY_RE = re.compile(rf"(?i)^({_SECRET_KEYS})$")


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEY_RE.match(key))
