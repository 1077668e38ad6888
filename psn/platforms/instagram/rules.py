"""Instagram's limits as data (contract A2.7, checked 2026-09), and the counters that apply them.

Everything here is pure: `validate.py` applies it to a request before any network call, and the
hashtag budget decision is a function of the search window so it can be property-tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

CAPTION_MAX_CHARS = 2200
CAPTION_MAX_HASHTAGS = 30  # API-side limit (error 2207010); see HASHTAG_SOFT_LIMIT
HASHTAG_SOFT_LIMIT = 5  # the Instagram app's late-2025 in-app limit (contract C-10): warn, do not refuse
CAPTION_MAX_MENTIONS = 20
USER_TAGS_MAX = 20  # error 2207040
ALT_TEXT_MAX_CHARS = 1000
COLLABORATORS_MAX = 3
CAROUSEL_MIN = 2
CAROUSEL_MAX = 10  # the app allows 20; the API still 10 (contract C-2)

IMAGE_MAX_BYTES = 8 * 1024 * 1024
FEED_ASPECT_MIN = 4 / 5  # 0.8
FEED_ASPECT_MAX = 1.91

REEL_MIN_SECONDS = 3.0
REEL_MAX_SECONDS = 15 * 60.0
REEL_MAX_BYTES = 300 * 1024 * 1024
STORY_VIDEO_MIN_SECONDS = 3.0
STORY_VIDEO_MAX_SECONDS = 60.0
STORY_VIDEO_MAX_BYTES = 100 * 1024 * 1024

POSTS_PER_DAY_DEFAULT = 100  # read from content_publishing_limit; this is only the fallback (C-1)
CONTAINERS_PER_DAY = 400
CONTAINER_LIFETIME = timedelta(hours=24)

HASHTAG_SEARCHES_PER_WINDOW = 30
HASHTAG_WINDOW = timedelta(days=7)

LONG_LIVED_TOKEN = timedelta(days=60)
REFRESH_MIN_AGE = timedelta(hours=24)  # Instagram refuses to refresh a younger token

IMAGE_FORMATS = {"jpeg"}
VIDEO_FORMATS = {"mp4", "mov"}
FORMATS = ("image", "carousel", "reel", "story")
FORMAT_ALIASES = {"photo": "image", "video": "reel", "reels": "reel", "stories": "story", "album": "carousel"}

# A hashtag is `#` then letters, digits or underscores, not glued to a word before it.
HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w+)", re.UNICODE)
# Instagram usernames: letters, digits, periods and underscores, at most 30; not an e-mail address.
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")


def caption_length(text: str) -> int:
    """Characters as Instagram counts them for the 2200 limit (Unicode code points)."""
    return len(text)


def hashtags(text: str) -> list[str]:
    """Every hashtag occurrence, in order (repeats count: the API counts what the caption carries)."""
    return HASHTAG_RE.findall(text)


def mentions(text: str) -> list[str]:
    return MENTION_RE.findall(text)


@dataclass(frozen=True)
class CaptionCheck:
    length: int
    hashtags: int
    mentions: int

    def problems(self, max_hashtags: int = CAPTION_MAX_HASHTAGS) -> list[tuple[str, int, int]]:
        """(what, value, limit) for every limit the caption breaks."""
        found = []
        if self.length > CAPTION_MAX_CHARS:
            found.append(("characters", self.length, CAPTION_MAX_CHARS))
        if self.hashtags > max_hashtags:
            found.append(("hashtags", self.hashtags, max_hashtags))
        if self.mentions > CAPTION_MAX_MENTIONS:
            found.append(("@mentions", self.mentions, CAPTION_MAX_MENTIONS))
        return found


def check_caption(text: str) -> CaptionCheck:
    return CaptionCheck(caption_length(text), len(hashtags(text)), len(mentions(text)))


def aspect_ok_for_feed(width: int, height: int) -> bool:
    if width <= 0 or height <= 0:
        return False
    ratio = width / height
    # Instagram rounds to two decimals in its own message; allow that much slack at the edges.
    return FEED_ASPECT_MIN - 0.005 <= ratio <= FEED_ASPECT_MAX + 0.005


def video_limits(fmt: str) -> tuple[float, float, int]:
    """(min seconds, max seconds, max bytes) for a video published as `fmt`.

    Carousel video children follow the Reel limits: the reference gives no separate figure.
    """
    if fmt == "story":
        return STORY_VIDEO_MIN_SECONDS, STORY_VIDEO_MAX_SECONDS, STORY_VIDEO_MAX_BYTES
    return REEL_MIN_SECONDS, REEL_MAX_SECONDS, REEL_MAX_BYTES


def containers_needed(fmt: str, media_count: int) -> int:
    """How many of the 400 daily containers a publish uses (a carousel: one per child + the parent)."""
    return media_count + 1 if fmt == "carousel" else 1


# --- Hashtag search budget: 30 unique hashtags per account per rolling 7 days -----------------


def normalise_hashtag(tag: str) -> str:
    return tag.strip().lstrip("#").lower()


@dataclass(frozen=True)
class HashtagDecision:
    allowed: bool
    counts: bool
    """True when this search uses up one of the 30 (a hashtag not searched in the window)."""
    used: int
    remaining: int
    resets_at: datetime | None
    """When the oldest search in the window leaves it (a slot frees up)."""


def hashtag_decision(window: dict[str, datetime], tag: str, now: datetime,
                     limit: int = HASHTAG_SEARCHES_PER_WINDOW) -> HashtagDecision:
    """May `tag` be searched now? `window` maps hashtag → first search time (older ones are ignored).

    Re-querying a hashtag already in the window is free and does not reset its timer.
    """
    start = now - HASHTAG_WINDOW
    live = {normalise_hashtag(k): t for k, t in window.items() if t > start}
    key = normalise_hashtag(tag)
    resets_at = min(live.values()) + HASHTAG_WINDOW if live else None
    if key in live:
        return HashtagDecision(True, False, len(live), max(limit - len(live), 0), resets_at)
    allowed = len(live) < limit
    used = len(live) + (1 if allowed else 0)
    return HashtagDecision(allowed, allowed, used, max(limit - used, 0), resets_at)
