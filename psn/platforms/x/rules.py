"""X's limits as data, and its weighted length counter (twitter-text v3 rules).

Weighted length: most Latin, punctuation and general-symbol code points weigh 1; everything else
(CJK, most other scripts) weighs 2; an emoji sequence (with its ZWJ joins, skin tones and
variation selectors) weighs 2 as a whole; every URL weighs 23 whatever its length. Limit 280.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WEIGHTED = 280
URL_WEIGHT = 23
MAX_MEDIA_IMAGES = 4
MAX_THREAD_PARTS = 25
IMAGE_MAX_BYTES = 5 * 1024 * 1024
GIF_MAX_BYTES = 15 * 1024 * 1024
VIDEO_MAX_BYTES = 512 * 1024 * 1024
CHUNK_BYTES = 4 * 1024 * 1024  # X advises ≤ 5 MB per APPEND
MAX_CASHTAGS = 1  # self-serve tiers since 2026-02
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
GIF_TYPES = {".gif": "image/gif"}
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime"}

_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|co|app|ai)\b(?:/[^\s<>\"]*)?")
_JOINERS = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}
CASHTAG_RE = re.compile(r"(?<![\w$])\$[A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?\b")


def _is_emoji(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x1F1E6 <= cp <= 0x1F1FF
        or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D)
    )


def _is_modifier(cp: int) -> bool:
    return cp in _JOINERS or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _char_weight(cp: int) -> int:
    return 1 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 2


def _keycap_at(codepoints: list[int], i: int) -> bool:
    """A keycap emoji starts here: 0-9, # or * then U+20E3, with or without U+FE0F between (1️⃣)."""
    rest = codepoints[i + 1 : i + 3]
    return bool(rest) and (rest[0] == 0x20E3 or rest == [0xFE0F, 0x20E3])


def _text_weight(text: str) -> int:
    total = 0
    codepoints = [ord(c) for c in unicodedata.normalize("NFC", text)]
    i = 0
    while i < len(codepoints):
        cp = codepoints[i]
        if _is_emoji(cp) or _keycap_at(codepoints, i):
            total += 2
            start, i = i, i + 1
            # swallow the rest of the sequence: modifiers, ZWJ-joined emoji, and a flag's second
            # regional indicator (the pair is one flag wherever it stands in the text)
            while i < len(codepoints) and (
                _is_modifier(codepoints[i]) or (codepoints[i - 1] == 0x200D and _is_emoji(codepoints[i]))
                or (_is_regional(cp) and _is_regional(codepoints[i]) and i == start + 1)
            ):
                i += 1
            continue
        if _is_modifier(cp):
            i += 1
            continue
        total += _char_weight(cp)
        i += 1
    return total


def weighted_length(text: str) -> int:
    """The length X counts against the 280 limit."""
    total = 0
    last = 0
    for match in URL_RE.finditer(text):
        total += _text_weight(text[last : match.start()]) + URL_WEIGHT
        last = match.end()
    return total + _text_weight(text[last:])


def has_url(text: str) -> bool:
    return bool(URL_RE.search(text))


def cashtags(text: str) -> list[str]:
    return CASHTAG_RE.findall(text)
