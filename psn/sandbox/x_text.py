"""How X counts a post's length, as the X emulator reads it (contracts §1.3: "X's weighted rules,
280"), written from X's published counting rules (the "Counting characters" page and twitter-text's
v3 configuration), not from psn's validator: where the two disagree, psn's check is the one at fault
and the emulator refuses the post as X would.

The rules: the text is NFC-normalised; every URL counts 23 whatever its length (t.co wraps it); an
emoji counts 2 however many code points build it (skin tones, variation selectors, keycaps, ZWJ
families, flags, tag sequences); any other code point counts 1 inside the light ranges
U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 and 2 everywhere else.
"""

from __future__ import annotations

import re
import unicodedata

LIMIT = 280
URL_LENGTH = 23
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

# Pictographic blocks: symbols & pictographs, dingbats, misc technical (watch, hourglass), arrows
# and geometric extras, mahjong/cards, and the regional indicators that pair into flags.
PICTOGRAPHIC = ((0x1F000, 0x1FAFF), (0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x2190, 0x21FF),
                (0x25A0, 0x25FF), (0x2900, 0x297F), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3299))
TEXT_SYMBOLS_AS_EMOJI = {0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139}
ZWJ = 0x200D
EMOJI_PRESENTATION = 0xFE0F
KEYCAP = 0x20E3

# A URL: a scheme or `www.`; a bare domain under a generic top-level domain; a bare domain under a
# country domain only with a path after it (twitter-text: "example.fr" alone is text; .co and .tv
# are its special country domains that count bare).
GENERIC_TLDS = "com|org|net|edu|gov|io|dev|app|ai|co|tv|xyz|info|biz|blog|tech|site|online|store"
COUNTRY_TLDS = "me|ly|gg|sh|so|uk|de|fr|es|it|nl|jp|ca|au|in|us|eu|ch|se|no|br"
_HOST = r"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
URL = re.compile(rf"(?i)(?:https?://|www\.)[^\s<>\"]+"
                 rf"|{_HOST}(?:{GENERIC_TLDS})\b(?::\d+)?(?:/[^\s<>\"]*)?"
                 rf"|{_HOST}(?:{COUNTRY_TLDS})(?::\d+)?/[^\s<>\"]*")


def _in(ranges: tuple[tuple[int, int], ...], cp: int) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def _extends(cp: int) -> bool:
    """Code points that belong to the emoji before them rather than standing alone."""
    return cp in (EMOJI_PRESENTATION, 0xFE0E, KEYCAP) or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _clusters(text: str) -> list[list[int]]:
    """Split into base code points with what extends or joins them (a flag's two indicators stay together)."""
    clusters: list[list[int]] = []
    joining = False
    for cp in map(ord, text):
        last = clusters[-1] if clusters else None
        regional_pair = last is not None and len(last) == 1 and _regional(last[0]) and _regional(cp)
        if last is not None and (joining or _extends(cp) or cp == ZWJ or regional_pair):
            last.append(cp)
        else:
            clusters.append([cp])
        joining = cp == ZWJ
    return clusters


def _is_emoji(cluster: list[int]) -> bool:
    base = cluster[0]
    if _in(PICTOGRAPHIC, base) or base in TEXT_SYMBOLS_AS_EMOJI:
        return True
    return len(cluster) > 1 and (EMOJI_PRESENTATION in cluster or KEYCAP in cluster)  # 1️⃣, ❤️ …


def _plain_weight(text: str) -> int:
    total = 0
    for cluster in _clusters(text):
        if _is_emoji(cluster):
            total += 2
        else:
            total += sum(1 if _in(LIGHT_RANGES, cp) else 2 for cp in cluster)
    return total


def weighted_length(text: str) -> int:
    """The length X holds against its 280 limit."""
    text = unicodedata.normalize("NFC", text)
    total, start = 0, 0
    for match in URL.finditer(text):
        total += _plain_weight(text[start:match.start()]) + URL_LENGTH
        start = match.end()
    return total + _plain_weight(text[start:])
