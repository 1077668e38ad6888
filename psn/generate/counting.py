"""How each platform counts text: X's weighted length (X's own rules, from the platform layer),
UTF-16 code units (Meta, TikTok, LinkedIn, WhatsApp), code points, hashtags and mentions."""

from __future__ import annotations

import re

from psn.platforms.x.rules import weighted_length as x_weighted_length

__all__ = ["char_length", "hashtags_in", "mentions_in", "utf16_length", "x_weighted_length"]

HASHTAG_RE = re.compile(r"(?<![\w&#])[#＃](\w*[^\W\d]\w*)")
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,30})")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def char_length(text: str) -> int:
    return len(text)


def hashtags_in(text: str) -> list[str]:
    return HASHTAG_RE.findall(text)


def mentions_in(text: str) -> list[str]:
    return MENTION_RE.findall(text)
