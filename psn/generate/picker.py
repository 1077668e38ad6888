"""Choosing a format for an idea on one platform, with the reason shown to the creator.

Order of evidence: what the media allows (a video can only become a Reel or a TikTok video),
then what has performed for this creator (once analytics has enough posts), then what the idea
looks like (a list of points suits slides or a thread), then the creator's stated preference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from psn.core.errors import BadInput
from psn.core.sections.generation import GenerationSettings
from psn.generate.formats import FormatSpec, formats_for, get_format
from psn.generate.limits import limits_for
from psn.llm.offline.text import points_of
from psn.voice.profile import PlatformPersona

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic"})
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm"})
MIN_POSTS_FOR_HISTORY = 3
LIST_POINTS = 3


@dataclass(frozen=True)
class MediaSummary:
    images: int = 0
    videos: int = 0

    @property
    def empty(self) -> bool:
        return self.images == 0 and self.videos == 0

    def describe(self) -> str:
        counts = ((self.images, "image"), (self.videos, "video"))
        return ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for n, kind in counts if n)


@dataclass(frozen=True)
class FormatStats:
    """What analytics knows about one format for this creator."""

    posts: int
    average_score: float


@dataclass(frozen=True)
class FormatPick:
    format: str
    reason: str
    decided: bool = False
    """The media or the length settles it: no model is asked."""


@dataclass
class PickInput:
    platform: str
    idea: str
    media: MediaSummary = field(default_factory=MediaSummary)
    persona: PlatformPersona = field(default_factory=PlatformPersona)
    history: dict[str, FormatStats] = field(default_factory=dict)
    settings: GenerationSettings = field(default_factory=GenerationSettings)


def summarise_media(paths: list[Path]) -> MediaSummary:
    images = videos = 0
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            images += 1
        elif suffix in VIDEO_SUFFIXES:
            videos += 1
        else:
            raise BadInput(
                f"psn does not know what kind of media {path.name} is.",
                hint=f"Use an image ({', '.join(sorted(IMAGE_SUFFIXES))}) "
                f"or a video ({', '.join(sorted(VIDEO_SUFFIXES))}).",
            )
    return MediaSummary(images=images, videos=videos)


def media_fits(spec: FormatSpec, media: MediaSummary) -> bool:
    """Whether the media in hand can be used by the format (none yet is fine: it can come later)."""
    if media.empty:
        return True
    need = spec.media
    if need == "none":
        return False
    if need == "video":
        return media.videos == 1 and media.images == 0
    if need == "image":
        return media.images == 1 and media.videos == 0
    if need == "images":
        return media.videos == 0
    if need == "image_or_video":
        return media.images + media.videos == 1
    return True  # optional


def check_format_choice(platform: str, name: str, media: MediaSummary) -> FormatSpec:
    spec = get_format(platform, name)
    if not media_fits(spec, media):
        raise BadInput(
            f"A {platform} {spec.label} cannot use {media.describe()}.",
            hint=f"Pick another --format, or change --media. {platform} formats: "
            + ", ".join(s.name for s in formats_for(platform)) + ".",
        )
    return spec


def pick_format(pick: PickInput) -> FormatPick:
    candidates = [spec for spec in formats_for(pick.platform) if media_fits(spec, pick.media)]
    if not candidates:
        raise BadInput(
            f"No {pick.platform} format can use {pick.media.describe()}.",
            hint="Change --media, or drop this platform.",
        )
    if len(candidates) == 1:
        return FormatPick(candidates[0].name, _only_reason(candidates[0], pick))
    by_history = _best_by_history(candidates, pick.history)
    if by_history:
        return by_history
    return _by_content(pick, [spec.name for spec in candidates])


def _only_reason(spec: FormatSpec, pick: PickInput) -> str:
    if not pick.media.empty and len(formats_for(pick.platform)) > 1:
        return f"your {pick.media.describe()} can only be a {spec.label} on {pick.platform}"
    return f"the format psn writes for {pick.platform}"


def _best_by_history(candidates: list[FormatSpec], history: dict[str, FormatStats]) -> FormatPick | None:
    known = [(spec, history[spec.name]) for spec in candidates if spec.name in history]
    known = [(spec, stats) for spec, stats in known if stats.posts >= MIN_POSTS_FOR_HISTORY]
    if len(known) < 2:
        return None
    ranked = sorted(known, key=lambda pair: -pair[1].average_score)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top.average_score <= runner_up.average_score:
        return None
    return FormatPick(
        best.name,
        f"{best.label}s have done best for you ({top.average_score:.0f} average engagement over {top.posts} posts, "
        f"next best {runner_up.average_score:.0f})",
    )


def _by_content(pick: PickInput, names: list[str]) -> FormatPick:
    points = len(points_of(pick.idea))
    preferred = [name for name in pick.persona.preferred_formats if name in names]
    media = pick.media
    if media.videos and "reel" in names:
        return FormatPick("reel", "you have a video: Instagram publishes video as Reels", decided=True)
    if media.videos and "video" in names:
        return FormatPick("video", "you have a video", decided=True)
    if media.images >= 2:
        multi = next((n for n in ("carousel", "photo") if n in names), None)
        if multi:
            return FormatPick(multi, f"{media.images} images read as slides", decided=True)
    if pick.platform == "x":
        return _x_pick(pick, names, points, preferred)
    if media.images == 1 and "image" in names:
        return FormatPick("image", "you have one image", decided=True)
    if points >= LIST_POINTS and "carousel" in names:
        return FormatPick("carousel", f"the idea has {points} points: one per slide")
    if preferred:
        return FormatPick(preferred[0], f"your voice profile prefers {preferred[0]} on {pick.platform}")
    video = next((n for n in ("reel", "video") if n in names), None)
    if video:
        return FormatPick(video, f"{pick.platform} favours video: psn writes a script for you to record")
    return FormatPick(names[0], f"the usual format on {pick.platform}")


def _x_pick(pick: PickInput, names: list[str], points: int, preferred: list[str]) -> FormatPick:
    limits = limits_for("x", "single", pick.settings)
    length = limits.measure(pick.idea)
    assert limits.text_max is not None
    if length > limits.text_max:
        reason = f"the idea is {length} characters as X counts them, over {limits.text_max}"
        return FormatPick("thread", reason, decided=True)
    if points >= LIST_POINTS and "thread" in preferred:
        return FormatPick("thread", f"{points} points, and your profile prefers threads on X")
    return FormatPick("single", f"it fits in one post ({length} of {limits.text_max})")
