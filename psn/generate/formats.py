"""Every platform psn writes for and the formats it can take there.

Formats name the *shape* of a post (a thread, a carousel, a Reel…); `publish_format` is the
name the publishing pipeline and platform capabilities use for the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psn.core.errors import BadInput

MediaNeed = Literal["none", "optional", "image", "images", "video", "image_or_video"]


@dataclass(frozen=True)
class FormatSpec:
    platform: str
    name: str
    label: str
    media: MediaNeed
    publish_format: str
    writes_script: bool = False
    """Video formats: psn writes hook, beats, on-screen text and caption; the creator records."""

    @property
    def template(self) -> str:
        return f"post/{self.platform}-{self.name}"

    @property
    def needs_media(self) -> bool:
        return self.media in ("image", "images", "video", "image_or_video")


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec("x", "single", "single post", "optional", "text"),
    FormatSpec("x", "thread", "thread", "optional", "thread"),
    FormatSpec("linkedin", "post", "post", "optional", "text"),
    FormatSpec("instagram", "image", "feed image", "image", "image"),
    FormatSpec("instagram", "carousel", "carousel", "images", "carousel"),
    FormatSpec("instagram", "reel", "Reel", "video", "reel", writes_script=True),
    FormatSpec("instagram", "story", "Story", "image_or_video", "story"),
    FormatSpec("tiktok", "video", "video", "video", "video", writes_script=True),
    FormatSpec("tiktok", "photo", "photo post", "images", "photo"),
    FormatSpec("facebook", "post", "Page post", "optional", "text"),
    FormatSpec("wordpress", "article", "article", "optional", "article"),
    FormatSpec("blog", "article", "article", "optional", "article"),
    FormatSpec("whatsapp", "message", "message", "optional", "text"),
)
PLATFORMS: tuple[str, ...] = tuple(dict.fromkeys(spec.platform for spec in FORMATS))


def formats_for(platform: str) -> list[FormatSpec]:
    check_platform(platform)
    return [spec for spec in FORMATS if spec.platform == platform]


def check_platform(platform: str) -> str:
    if platform not in PLATFORMS:
        raise BadInput(f"psn cannot write for {platform!r}.", hint=f"Use one of: {', '.join(PLATFORMS)}.")
    return platform


def get_format(platform: str, name: str) -> FormatSpec:
    for spec in formats_for(platform):
        if spec.name == name:
            return spec
    names = ", ".join(spec.name for spec in formats_for(platform))
    raise BadInput(f"{platform} has no {name!r} format.", hint=f"Formats for {platform}: {names}.")
