"""Every Instagram limit checked locally, before any network call (limits from rules.py).

A violation is a BadInput naming the limit and the value. What Instagram only advises is returned
as a warning instead. Local files are probed (image format and size from the header, video
duration from `mvhd` unless declared); for URL-only media psn checks what the item declares
(`mime_type`, `size_bytes`, a declared duration) and leaves the rest to Instagram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.instagram import rules
from psn.platforms.instagram.probe import probe_image, probe_video

IMAGE_SUFFIXES = {".jpg", ".jpeg"}
VIDEO_SUFFIXES = {".mp4", ".mov"}
URL_VIDEO_TYPES = {"video/mp4", "video/quicktime"}
"""What a hosted video's server may call it (psn asks before publishing: psn.publishing.media_urls)."""


@dataclass
class PlannedItem:
    kind: str
    """image or video"""
    path: Path | None
    url: str | None
    alt_text: str | None = None
    duration: float | None = None


@dataclass
class Plan:
    format: str
    caption: str
    items: list[PlannedItem]
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def plan(request: PublishRequest, max_hashtags: int = rules.CAPTION_MAX_HASHTAGS) -> Plan:
    fmt = resolve_format(request)
    result = Plan(fmt, request.text, [], typed_options(request.options))
    _check_caption(result, max_hashtags)
    _check_count(fmt, request.media)
    durations = _declared_durations(request.options, len(request.media))
    for index, item in enumerate(request.media):
        result.items.append(_check_item(fmt, index, item, durations[index], result.warnings))
    _check_options(result)
    return result


GENERIC_FORMATS = ("", "text", "post", "image", "photo", "video")
"""What a caller passes when it did not choose an Instagram format (the CLI names the first item's kind)."""


def resolve_format(request: PublishRequest) -> str:
    if request.format in GENERIC_FORMATS and len(request.media) > 1:
        return "carousel"
    fmt = rules.FORMAT_ALIASES.get(request.format, request.format)
    if fmt in rules.FORMATS:
        return fmt
    if fmt not in ("", "text", "post"):
        raise BadInput(f"Instagram cannot publish the format {request.format!r}.",
                       hint=f"Choose one of: {', '.join(rules.FORMATS)}.")
    if not request.media:
        raise BadInput("Instagram posts need a photo or a video; text alone cannot be published.",
                       hint="Add media (a JPEG image, or an MP4/MOV video).")
    if len(request.media) > 1:
        return "carousel"
    return "reel" if request.media[0].kind == "video" else "image"


def _check_caption(result: Plan, max_hashtags: int) -> None:
    if result.format == "story":
        if result.caption.strip():
            raise BadInput("Instagram Stories take no caption.", hint="Remove the text, or publish a feed post.")
        return
    check = rules.check_caption(result.caption)
    for what, value, limit in check.problems(max_hashtags):
        raise BadInput(f"The caption has {value} {what}; Instagram allows {limit}.",
                       hint=f"Shorten the caption to at most {limit} {what}.", limit=limit, value=value)
    if check.hashtags > rules.HASHTAG_SOFT_LIMIT:
        result.warnings.append(f"{check.hashtags} hashtags: the API takes {max_hashtags}, but the Instagram app "
                               f"has limited posts to {rules.HASHTAG_SOFT_LIMIT} since late 2025.")


def _check_count(fmt: str, media: list[MediaItem]) -> None:
    count = len(media)
    for item in media:
        if item.kind not in ("image", "video"):
            raise BadInput(f"Instagram does not publish {item.kind} files.", hint="Use JPEG images or MP4/MOV videos.")
    if fmt == "carousel":
        if not rules.CAROUSEL_MIN <= count <= rules.CAROUSEL_MAX:
            raise BadInput(f"A carousel has {count} items; Instagram allows {rules.CAROUSEL_MIN} to "
                           f"{rules.CAROUSEL_MAX}.", hint="Add or remove items.", limit=rules.CAROUSEL_MAX, value=count)
        return
    if count != 1:
        raise BadInput(f"An Instagram {fmt} takes exactly one media item; got {count}.",
                       hint="Use --format carousel for several items.", limit=1, value=count)
    if fmt == "image" and media[0].kind != "image":
        raise BadInput("A feed image post needs an image; videos publish as Reels.", hint="Use --format reel.")
    if fmt == "reel" and media[0].kind != "video":
        raise BadInput("A Reel needs a video.", hint="Use --format image for a photo.")


def _declared_durations(options: dict[str, Any], count: int) -> list[float | None]:
    declared = options.get("duration_seconds")
    if declared is None:
        return [None] * count
    values = declared if isinstance(declared, list) else [declared] * count
    if len(values) != count:
        raise BadInput("duration_seconds lists a different number of durations than there are media items.",
                       hint="Give one duration per item, or a single number.")
    try:
        return [None if v is None else float(v) for v in values]
    except (TypeError, ValueError):
        raise BadInput("duration_seconds must be a number of seconds.", hint="For example 42.5.") from None


def _check_item(fmt: str, index: int, item: MediaItem, declared: float | None, warnings: list[str]) -> PlannedItem:
    label = item.path.name if item.path else (item.url or f"item {index + 1}")
    if item.path is None and not item.url:
        raise BadInput(f"Media item {index + 1} has neither a file nor a URL.", hint="Give a path or a URL.")
    if item.path is not None and (not item.path.is_file() or item.path.stat().st_size == 0):
        raise BadInput(f"Media file not found or empty: {item.path}.", hint="Check the path.")
    alt = _alt_text(fmt, item, label, warnings)
    if item.kind == "image":
        _check_image(fmt, item, label)
        return PlannedItem("image", item.path, item.url, alt)
    duration = _check_video(fmt, item, label, declared)
    return PlannedItem("video", item.path, item.url, alt, duration)


def _alt_text(fmt: str, item: MediaItem, label: str, warnings: list[str]) -> str | None:
    if not item.alt_text:
        return None
    if len(item.alt_text) > rules.ALT_TEXT_MAX_CHARS:
        raise BadInput(f"The alt text of {label} has {len(item.alt_text)} characters; Instagram allows "
                       f"{rules.ALT_TEXT_MAX_CHARS}.", hint="Shorten it.", limit=rules.ALT_TEXT_MAX_CHARS,
                       value=len(item.alt_text))
    if item.kind != "image" or fmt == "story":
        warnings.append(f"Instagram takes alt text for feed and carousel images only; ignored for {label}.")
        return None
    return item.alt_text


def _size(item: MediaItem) -> int | None:
    return item.path.stat().st_size if item.path is not None else item.size_bytes


def _check_image(fmt: str, item: MediaItem, label: str) -> None:
    size = _size(item)
    if size is not None and size > rules.IMAGE_MAX_BYTES:
        raise BadInput(f"{label} is {size / 1048576:.1f} MB; Instagram takes images up to 8 MB.",
                       hint="Compress or resize it.", limit=rules.IMAGE_MAX_BYTES, value=size)
    if item.path is None:
        if item.mime_type and item.mime_type != "image/jpeg":
            raise BadInput(f"{label} is {item.mime_type}; Instagram accepts JPEG images only.",
                           hint="Convert it to JPEG.", value=item.mime_type)
        return
    info = probe_image(item.path)
    if info.format != "jpeg":
        what = "an MPO (multi-picture) JPEG" if info.format == "mpo" else f"a {info.format.upper()} file"
        raise BadInput(f"{label} is {what}; Instagram accepts plain JPEG images only.",
                       hint="Convert it to a baseline JPEG (sRGB).", value=info.format)
    if fmt in ("image", "carousel") and info.width and not rules.aspect_ok_for_feed(info.width, info.height):
        ratio = info.width / info.height
        raise BadInput(f"{label} is {info.width}×{info.height} (aspect ratio {ratio:.2f}); feed images must be "
                       f"between 0.80 (4:5) and 1.91.", hint="Crop it, or publish it as a story.",
                       limit="0.80-1.91", value=round(ratio, 3))


def _check_video(fmt: str, item: MediaItem, label: str, declared: float | None) -> float | None:
    low, high, max_bytes = rules.video_limits(fmt)
    size = _size(item)
    if size is not None and size > max_bytes:
        raise BadInput(f"{label} is {size / 1048576:.0f} MB; an Instagram {fmt} video may be at most "
                       f"{max_bytes // 1048576} MB.", hint="Compress it.", limit=max_bytes, value=size)
    duration = declared
    if item.path is None and item.mime_type and item.mime_type not in URL_VIDEO_TYPES:
        raise BadInput(f"{label} is {item.mime_type}; Instagram accepts MP4 or MOV videos only.",
                       hint="Convert it to MP4 (H.264, AAC).", value=item.mime_type)
    if item.path is not None:
        if item.path.suffix.lower() not in VIDEO_SUFFIXES:
            raise BadInput(f"{label} is not an MP4 or MOV video.", hint="Convert it to MP4 (H.264, AAC).")
        info = probe_video(item.path)
        if info.format == "unknown":
            raise BadInput(f"{label} is not a readable MP4/MOV file (no `ftyp` box).", hint="Re-export it as MP4.")
        duration = declared if declared is not None else info.duration_seconds
    if duration is not None and not low <= duration <= high:
        raise BadInput(f"{label} lasts {duration:.1f} s; an Instagram {fmt} video must last {low:.0f} s to "
                       f"{_minutes(high)}.", hint="Trim or extend it.", limit=f"{low:.0f}-{high:.0f}s",
                       value=round(duration, 2))
    return duration


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def _check_options(result: Plan) -> None:
    options, fmt = result.options, result.format
    collaborators = options.get("collaborators") or []
    if collaborators and fmt == "story":
        raise BadInput("Instagram Stories cannot have collaborators.", hint="Remove them.")
    if len(collaborators) > rules.COLLABORATORS_MAX:
        raise BadInput(f"{len(collaborators)} collaborators; Instagram allows {rules.COLLABORATORS_MAX}.",
                       hint="Remove some.", limit=rules.COLLABORATORS_MAX, value=len(collaborators))
    tags = options.get("user_tags") or []
    if len(tags) > rules.USER_TAGS_MAX:
        raise BadInput(f"{len(tags)} people tagged; Instagram allows {rules.USER_TAGS_MAX}.", hint="Remove some.",
                       limit=rules.USER_TAGS_MAX, value=len(tags))
    if fmt == "image" and any("x" not in t or "y" not in t for t in tags):
        raise BadInput("User tags on a feed image need x and y positions (0.0 to 1.0).",
                       hint='For example {"username": "friend", "x": 0.5, "y": 0.8}.')
    if fmt != "reel":
        for reel_only in ("share_to_feed", "cover", "cover_url", "thumb_offset", "audio_name"):
            if reel_only in options:
                raise BadInput(f"The option {reel_only!r} applies to Reels only.",
                               hint="Remove it or use --format reel.")
        return
    _check_thumb_offset(options, result.items[0].duration)
    if options.get("cover"):
        cover = Path(str(options["cover"]))
        if not cover.is_file():
            raise BadInput(f"Cover image not found: {cover}.", hint="Check the path.")
        _check_image("cover", MediaItem(kind="image", path=cover), f"the cover {cover.name}")


def typed_options(options: dict[str, Any]) -> dict[str, Any]:
    """Options typed on the command line (`-o collaborators=ana,bo -o thumb_offset=1500`) arrive as
    text: read lists, numbers and yes/no as what they mean."""
    typed = dict(options)
    if isinstance(typed.get("collaborators"), str):
        typed["collaborators"] = [n.strip().lstrip("@") for n in typed["collaborators"].split(",") if n.strip()]
    if isinstance(typed.get("thumb_offset"), str) and typed["thumb_offset"].strip().isdigit():
        typed["thumb_offset"] = int(typed["thumb_offset"])
    if isinstance(typed.get("share_to_feed"), str):
        typed["share_to_feed"] = typed["share_to_feed"].strip().lower() in ("1", "true", "yes", "on")
    return typed


def _check_thumb_offset(options: dict[str, Any], duration: float | None) -> None:
    offset = options.get("thumb_offset")
    if offset is None:
        return
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise BadInput("thumb_offset must be a whole number of milliseconds, 0 or more.",
                       hint="e.g. -o thumb_offset=1500 for the frame at 1.5 s.", value=offset)
    if duration is not None and offset >= duration * 1000:
        raise BadInput(f"thumb_offset {offset} ms is past the end of the video ({duration * 1000:.0f} ms).",
                       hint="Pick a frame inside the video.", limit=round(duration * 1000), value=offset)
