"""The structured brief every prompt carries: a fenced JSON block tagged `psn-brief`.

A language model reads it as precise input next to the prose instructions; the offline
composer reads nothing else. Keeping one format for both means both take the same path.
"""

from __future__ import annotations

import json
import re
from typing import Any

FENCE_TAG = "psn-brief"
_BLOCK = re.compile(r"```" + FENCE_TAG + r"\s*\n(.*?)\n```", re.DOTALL)
_JSON_FENCE = re.compile(r"```(?:json)?\s*\n(.*?)\n```", re.DOTALL)


def brief_block(data: dict[str, Any]) -> str:
    return f"```{FENCE_TAG}\n{json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)}\n```"


def find_brief(text: str) -> dict[str, Any] | None:
    match = _BLOCK.search(text)
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def parse_json_reply(text: str) -> dict[str, Any] | None:
    """A model's JSON answer, tolerating a ```json fence or prose around one object."""
    candidates = [text.strip()]
    fenced = _JSON_FENCE.search(text)
    if fenced:
        candidates.insert(0, fenced.group(1))
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
    return None
