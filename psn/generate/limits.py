"""Platform limits as data, checked before review (and long before any network call).

Until each platform's `psn/platforms/<name>/rules.py` lands, the numbers live here behind
`limits_for`; the generation code only ever asks this module. Sources: shared/contracts
(X weighted 280, LinkedIn commentary 3000, Instagram caption 2200 / 30 hashtags / 20 @tags,
TikTok video caption 2200 and photo title 90 / description 4000 UTF-16 units, Facebook 63206)
and Meta's WhatsApp text body limit of 4096.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from psn.core.sections.generation import GenerationSettings
from psn.generate.counting import char_length, utf16_length, x_weighted_length

Unit = str  # "weighted" (X) | "utf16" | "chars"
MEASURES: dict[Unit, Callable[[str], int]] = {
    "weighted": x_weighted_length,
    "utf16": utf16_length,
    "chars": char_length,
}
INSTAGRAM_SOFT_HASHTAGS = 5  # the app's own cap since late 2025 (contracts C-10); the API allows 30


@dataclass(frozen=True)
class Limits:
    unit: Unit
    text_max: int | None
    part_max: int | None = None
    """Per thread post (X)."""
    max_parts: int | None = None
    title_max: int | None = None
    max_hashtags: int | None = None
    soft_max_hashtags: int | None = None
    max_mentions: int | None = None
    caption_allowed: bool = True

    def measure(self, text: str) -> int:
        return MEASURES[self.unit](text)


def limits_for(platform: str, format: str, settings: GenerationSettings | None = None) -> Limits:
    settings = settings or GenerationSettings()
    x_max = settings.x_max_weighted_length
    ig_tags = settings.instagram_max_hashtags
    table: dict[tuple[str, str], Limits] = {
        ("x", "single"): Limits("weighted", x_max),
        ("x", "thread"): Limits("weighted", x_max, part_max=x_max, max_parts=25),
        ("linkedin", "post"): Limits("utf16", 3000),
        ("instagram", "image"): _instagram(ig_tags),
        ("instagram", "carousel"): _instagram(ig_tags),
        ("instagram", "reel"): _instagram(ig_tags),
        ("instagram", "story"): Limits("utf16", 0, caption_allowed=False),
        ("tiktok", "video"): Limits("utf16", 2200),
        ("tiktok", "photo"): Limits("utf16", 4000, title_max=90),
        ("facebook", "post"): Limits("utf16", 63206),
        ("wordpress", "article"): Limits("chars", None),
        ("blog", "article"): Limits("chars", None),
        ("whatsapp", "message"): Limits("utf16", 4096),
    }
    return table[(platform, format)]


def _instagram(max_hashtags: int) -> Limits:
    return Limits(
        "utf16", 2200, max_hashtags=max_hashtags,
        soft_max_hashtags=min(INSTAGRAM_SOFT_HASHTAGS, max_hashtags), max_mentions=20,
    )
