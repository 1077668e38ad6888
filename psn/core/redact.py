"""Scrub secrets from any text before it reaches a log, an error message or --json output.

Two nets: every secret value psn has read from the secrets store is registered and replaced
wherever it appears, and well-known shapes (Authorization headers, `access_token=` parameters,
JSON token fields) are masked even when psn never saw the value before.
"""

from __future__ import annotations

import json
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
        """Remember a secret value so it is masked wherever it shows up later. A token set kept as
        one JSON secret is registered token by token too: a platform error quotes one token, never
        the whole set."""
        if value and len(value) >= _MIN_SECRET_LEN:
            with self._lock:
                self._values.add(value)
                self._values.update(v for v in _tokens_inside(value) if len(v) >= _MIN_SECRET_LEN)

    def knows_one_in(self, text: str) -> bool:
        """Whether `text` contains a registered secret."""
        with self._lock:
            return any(value in text for value in self._values)

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
        if values and ("..." in text or "…" in text):
            text = _mask_truncated(text, values)
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
# A shortened value shows its start before an ellipsis, or its end after one: pydantic's
# `input_value='EAAb12...9xYz'`, rich's table cells `EAAb12…`.
_RUN = rf"[^\s'\"(){{}}\[\],:=…]{{{_MIN_SECRET_LEN},}}"
_BEFORE_ELLIPSIS = re.compile(rf"(?<![^\s'\"(){{}}\[\],:=])({_RUN}?)(?=\.\.\.|…)")
_AFTER_ELLIPSIS = re.compile(rf"(?:(?<=\.\.\.)|(?<=…))({_RUN})")


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEY_RE.match(key))


def _mask_truncated(text: str, values: list[str]) -> str:
    """Mask the visible start or end of a secret that something shortened with an ellipsis."""

    def head(match: re.Match[str]) -> str:
        part = match.group(1)
        return MASK if any(len(v) > len(part) and v.startswith(part) for v in values) else part

    def tail(match: re.Match[str]) -> str:
        part = match.group(1)
        return MASK if any(len(v) > len(part) and v.endswith(part) for v in values) else part

    return _AFTER_ELLIPSIS.sub(tail, _BEFORE_ELLIPSIS.sub(head, text))


def _tokens_inside(value: str) -> list[str]:
    """The string values under secret keys (access_token, refresh_token, …) of a JSON object."""
    if not value.startswith("{"):
        return []
    try:
        data = json.loads(value)
    except ValueError:
        return []
    found: list[str] = []
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(item, str) and _is_secret_key(key):
                    found.append(item)
                elif isinstance(item, dict | list):
                    pending.append(item)
        elif isinstance(node, list):
            pending.extend(node)
    return found
