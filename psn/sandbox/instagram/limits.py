"""What Instagram checks on a container, as the emulator reads contract A2.7 (never psn's own
validator: where psn's pre-flight check and this reading disagree, the emulator refuses as Meta would).

Caption: at most 2200 characters, 30 hashtags and 20 @mentions (error 2207010). Feed images: JPEG,
at most 8 MB (Meta's "MB" is 2^20 bytes in its own message), aspect ratio 4:5 to 1.91:1 as Meta
rounds it (two decimals). Reels: MP4/MOV, 3 s to 15 min, at most 300 MB; story videos 3–60 s, at
most 100 MB. Carousels: 2–10 children. At most 20 user tags (error 2207040).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CAPTION_CHARS = 2200
CAPTION_HASHTAGS = 30
CAPTION_MENTIONS = 20
USER_TAGS = 20
CAROUSEL_CHILDREN = (2, 10)
IMAGE_BYTES = 8 * 2**20
FEED_ASPECT = (0.80, 1.91)
MB = 2**20
VIDEO_LIMITS = {"reel": (3.0, 15 * 60.0, 300 * MB), "story": (3.0, 60.0, 100 * MB)}

# `#word` and `@handle` that start a token: "C#", "a@b.com" and "#" alone are no tag or mention.
HASHTAG = re.compile(r"(?<!\w)#\w+")
MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]*")


@dataclass(frozen=True)
class Caption:
    characters: int
    hashtags: int
    mentions: int

    def too_much(self) -> bool:
        return (self.characters > CAPTION_CHARS or self.hashtags > CAPTION_HASHTAGS
                or self.mentions > CAPTION_MENTIONS)


def caption(text: str) -> Caption:
    return Caption(len(text), len(HASHTAG.findall(text)), len(MENTION.findall(text)))


def feed_aspect_ok(width: int, height: int) -> bool:
    if width <= 0 or height <= 0:
        return False
    low, high = FEED_ASPECT
    return low <= round(width / height, 2) <= high


def carousel_size_ok(children: int) -> bool:
    low, high = CAROUSEL_CHILDREN
    return low <= children <= high


def video_limits(product: str) -> tuple[float, float, int]:
    """(shortest seconds, longest seconds, most bytes) for a STORY or any other video product."""
    return VIDEO_LIMITS["story" if product == "STORY" else "reel"]
