"""How each platform counts text: X's weighted length, UTF-16 code units, code points, hashtags.

X (twitter-text v3): text is NFC-normalised; every URL weighs 23 whatever its length; an emoji
sequence (with its skin tone, variation selector, ZWJ-joined emoji, keycap or flag pair) weighs
2 as a whole; code points in the Latin, general punctuation and similar ranges weigh 1 and all
others (CJK, most scripts) weigh 2. Meta and TikTok count UTF-16 code units, so an emoji
outside the BMP is 2 there too.
"""

from __future__ import annotations

import re
import unicodedata

X_URL_WEIGHT = 23
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_TLDS = "com|org|net|io|dev|co|app|ai|me|ly|gg|xyz|info|edu|gov|uk|de|fr|tv|so|sh|to|eu|us|ca|link|blog|news"
URL_RE = re.compile(
    r"(?i)\bhttps?://[^\s<>\"]+|\bwww\.[^\s<>\"]+"
    rf"|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:{_TLDS})\b(?:/[^\s<>\"]*)?"
)
HASHTAG_RE = re.compile(r"(?<![\w&#])[#＃](\w*[^\W\d]\w*)")
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,30})")
_ZWJ, _VS16, _VS15, _KEYCAP = 0x200D, 0xFE0F, 0xFE0E, 0x20E3
_KEYCAP_BASES = frozenset(map(ord, "0123456789#*"))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def char_length(text: str) -> int:
    return len(text)


def hashtags_in(text: str) -> list[str]:
    return HASHTAG_RE.findall(text)


def mentions_in(text: str) -> list[str]:
    return MENTION_RE.findall(text)


def x_weighted_length(text: str) -> int:
    """The length X counts against its 280 limit."""
    normalised = unicodedata.normalize("NFC", text)
    total = 0
    last = 0
    for match in URL_RE.finditer(normalised):
        total += _weigh(normalised[last : match.start()]) + X_URL_WEIGHT
        last = match.end()
    return total + _weigh(normalised[last:])


def is_emoji(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2300 <= cp <= 0x23FF
        or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299)
    )


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_attachment(cp: int) -> bool:
    """Code points that only modify the emoji before them: they add no weight of their own."""
    return cp in (_VS16, _VS15, _KEYCAP) or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _weight(cp: int) -> int:
    return 1 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 2


def _emoji_end(cps: list[int], start: int) -> int:
    """Index just past the emoji sequence starting at `start` (flags pair, ZWJ chains, modifiers)."""
    i = start + 1
    if _is_regional(cps[start]) and i < len(cps) and _is_regional(cps[i]):
        return i + 1
    while i < len(cps):
        if _is_attachment(cps[i]):
            i += 1
        elif cps[i] == _ZWJ and i + 1 < len(cps) and is_emoji(cps[i + 1]):
            i += 2
        else:
            break
    return i


def _is_keycap(cps: list[int], i: int) -> bool:
    if cps[i] not in _KEYCAP_BASES:
        return False
    rest = cps[i + 1 : i + 3]
    return rest[:1] == [_KEYCAP] or rest == [_VS16, _KEYCAP]


def _weigh(text: str) -> int:
    cps = [ord(ch) for ch in text]
    total = 0
    i = 0
    while i < len(cps):
        if is_emoji(cps[i]) or _is_keycap(cps, i):
            total += 2
            i = _emoji_end(cps, i)
        else:  # a stray modifier or ZWJ counts like any other code point (over- rather than under-count)
            total += _weight(cps[i])
            i += 1
    return total
