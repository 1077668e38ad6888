"""TikTok's limits as data (contracts B2.7, B2.11, B2.12), its UTF-16 text counter and the upload
chunk plan.

"MB" in TikTok's chunk rules is not defined as 10^6 or 2^20; psn picks sizes that are valid under
both readings (chunks of 5 MiB to 64,000,000 bytes, a final chunk under 128,000,000 bytes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from psn.core.errors import BadInput

VIDEO_TITLE_MAX = 2200
PHOTO_TITLE_MAX = 90
PHOTO_DESCRIPTION_MAX = 4000
MAX_PHOTOS = 35
API_MAX_DURATION_SEC = 600
MAX_VIDEO_BYTES = 4_000_000_000
MIN_CHUNK = 5 * 1024 * 1024
MAX_CHUNK = 64_000_000
MAX_FINAL_CHUNK = 128_000_000
MAX_CHUNKS = 1000
UPLOAD_URL_TTL_SEC = 3600
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".webp")

PER_MINUTE = {"creator_info": 20, "init": 6, "status": 30, "display": 600}
"""Requests per minute per user token (B2.1, B3)."""

PRIVACY_LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
PRIVACY_ALIASES = {
    "public": "PUBLIC_TO_EVERYONE",
    "everyone": "PUBLIC_TO_EVERYONE",
    "friends": "MUTUAL_FOLLOW_FRIENDS",
    "mutual": "MUTUAL_FOLLOW_FRIENDS",
    "followers": "FOLLOWER_OF_CREATOR",
    "private": "SELF_ONLY",
    "self": "SELF_ONLY",
    "only_me": "SELF_ONLY",
    "self_only": "SELF_ONLY",
}


def utf16_units(text: str) -> int:
    """The length TikTok counts: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def privacy_level(value: str) -> str:
    """A friendly name (public, friends, followers, private) or TikTok's own enum → the enum."""
    key = value.strip()
    if key.upper() in PRIVACY_LEVELS:
        return key.upper()
    if key.lower() in PRIVACY_ALIASES:
        return PRIVACY_ALIASES[key.lower()]
    raise BadInput(f"Unknown TikTok privacy {value!r}.",
                   hint="Use public, friends, followers or private (or TikTok's PUBLIC_TO_EVERYONE, …).")


@dataclass(frozen=True)
class ChunkPlan:
    """What `source_info` declares and how the file is cut: every chunk is `chunk_size` bytes
    except the last, which absorbs the remainder (contracts B2.7)."""

    video_size: int
    chunk_size: int
    total_chunk_count: int

    def span(self, index: int) -> tuple[int, int]:
        """(first byte, last byte) of chunk `index`, inclusive, as Content-Range writes them."""
        first = index * self.chunk_size
        last = self.video_size - 1 if index == self.total_chunk_count - 1 else first + self.chunk_size - 1
        return first, last

    def spans(self) -> Iterator[tuple[int, int]]:
        for index in range(self.total_chunk_count):
            yield self.span(index)

    def index_of(self, offset: int) -> int | None:
        """The chunk that starts at `offset`, or None if no chunk starts there."""
        if offset % self.chunk_size or offset // self.chunk_size >= self.total_chunk_count:
            return None
        return offset // self.chunk_size


def plan_chunks(video_size: int, preferred: int = MAX_CHUNK) -> ChunkPlan:
    """A plan valid under both readings of "MB"; BadInput when the file cannot be uploaded."""
    if video_size <= 0:
        raise BadInput("The video file is empty.", hint="Choose a real video file.")
    if video_size > MAX_VIDEO_BYTES:
        raise BadInput(f"The video is {video_size:,} bytes; TikTok accepts at most {MAX_VIDEO_BYTES:,}.",
                       hint="Compress it or shorten it.", limit=MAX_VIDEO_BYTES, value=video_size)
    chunk = max(MIN_CHUNK, min(preferred, MAX_CHUNK))
    if video_size < 2 * chunk and video_size <= MAX_CHUNK:
        return ChunkPlan(video_size, video_size, 1)  # small enough to go in one piece
    if video_size < 2 * chunk:
        chunk = video_size // 2  # over 64 MB must be chunked: two pieces, both under the caps
    # At most 4e9 / 5 MiB = 763 chunks, so the 1000-chunk cap cannot be reached.
    return ChunkPlan(video_size, chunk, video_size // chunk)


def check_title(text: str, limit: int, what: str) -> None:
    units = utf16_units(text)
    if units > limit:
        raise BadInput(f"TikTok counts the {what} as {units} characters (UTF-16 units); the limit is {limit}.",
                       hint=f"Shorten the {what}.", limit=limit, value=units)
