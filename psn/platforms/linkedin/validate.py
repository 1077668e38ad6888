"""Every LinkedIn limit checked locally, before any network call: what kind of post a request
makes, and why not when it cannot be one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.linkedin import media, rules


@dataclass
class PostPlan:
    kind: str
    """text | image | multi_image | document | video | article"""
    files: list[tuple[MediaItem, Path, str]] = field(default_factory=list)
    """(item, local path, image|document|video)"""
    visibility: str = "PUBLIC"


FILE_FORMATS = ("text", "image", "gif", "photo", "document", "video")
"""Formats that name a kind of file: the files themselves decide what LinkedIn post they make
(`psn post` derives the format from the first file, and a PDF or a GIF is still a LinkedIn post)."""


def plan_post(request: PublishRequest, default_visibility: str = "PUBLIC") -> PostPlan:
    fmt = (request.format or "text").lower()
    if request.parts or fmt == "thread":
        raise BadInput("LinkedIn has no threads.", hint="Post one text (up to 3,000 characters), or post separately.")
    if fmt not in (*rules.FORMATS, *FILE_FORMATS):
        raise BadInput(f"LinkedIn cannot publish the format {fmt!r}.", hint=f"Use one of: {', '.join(rules.FORMATS)}.")
    check_commentary(request.text)
    _check_title(request.title or "")
    visibility = str(request.options.get("visibility") or default_visibility).upper()
    if visibility not in rules.VISIBILITIES:
        raise BadInput(f"{visibility!r} is not a LinkedIn visibility.", hint=f"Use {', '.join(rules.VISIBILITIES)}.")
    files = [_checked_file(item) for item in request.media]
    kinds = {kind for _, _, kind in files}
    if len(kinds) > 1:
        raise BadInput("A LinkedIn post takes images, or one video, or one document, not a mix.",
                       hint="Split them over several posts.")
    if fmt == "article":
        return _article(request, files, visibility)
    if not files:
        if fmt != "text":
            raise BadInput(f"A LinkedIn {fmt} post needs a file.", hint="Add one with --media FILE.")
        if not request.text.strip():
            raise BadInput("Nothing to post: the text is empty.", hint="Give --text or a file.")
        return PostPlan("text", [], visibility)
    return PostPlan(_media_kind(fmt, kinds.pop(), len(files)), files, visibility)


def check_commentary(text: str) -> None:
    length = rules.commentary_length(text)
    if length > rules.MAX_COMMENTARY:
        raise BadInput(f"LinkedIn counts the text as {length} characters; the limit is {rules.MAX_COMMENTARY}.",
                       hint="Shorten it.", limit=rules.MAX_COMMENTARY, value=length)


def check_comment(text: str) -> None:
    if not text.strip():
        raise BadInput("The comment is empty.", hint="Write something first.")
    length = rules.comment_length(text)
    if length > rules.MAX_COMMENT:
        raise BadInput(f"The comment is {length} characters; LinkedIn allows {rules.MAX_COMMENT}.",
                       hint="Shorten it.", limit=rules.MAX_COMMENT, value=length)


def _media_kind(fmt: str, kind: str, count: int) -> str:
    if kind == "image":
        if count > rules.MAX_IMAGES:
            raise BadInput(f"LinkedIn takes at most {rules.MAX_IMAGES} images per post; got {count}.",
                           hint="Drop some.", limit=rules.MAX_IMAGES, value=count)
        if fmt == "carousel" and count < rules.MIN_MULTI_IMAGES:
            raise BadInput("A LinkedIn carousel needs 2 to 20 images, or one PDF document.", hint="Add images.")
        return "image" if count == 1 else "multi_image"
    if count > 1:
        raise BadInput(f"A LinkedIn post takes one {kind}; got {count}.", hint="Post them separately.")
    if fmt == "carousel" and kind == "video":
        raise BadInput("A LinkedIn carousel is 2 to 20 images or one document, not a video.")
    return kind


def _article(request: PublishRequest, files: list[tuple[MediaItem, Path, str]], visibility: str) -> PostPlan:
    link = (request.link or "").strip()
    if not link.startswith(("https://", "http://")):
        raise BadInput("A LinkedIn article post needs a link (http or https).", hint="Give --link URL.")
    if not (request.title or "").strip():
        raise BadInput("A LinkedIn article post needs a title.", hint="Give --title.")
    if len(files) > 1 or any(kind != "image" for _, _, kind in files):
        raise BadInput("A LinkedIn article takes at most one image, its thumbnail.")
    return PostPlan("article", files, visibility)


def _check_title(title: str) -> None:
    if len(title) > rules.MAX_TITLE:
        raise BadInput(f"The title is {len(title)} characters; psn keeps LinkedIn titles to {rules.MAX_TITLE}.",
                       hint="Shorten it.", limit=rules.MAX_TITLE, value=len(title))


def _checked_file(item: MediaItem) -> tuple[MediaItem, Path, str]:
    if item.path is None:
        raise BadInput("LinkedIn needs the file itself: psn uploads it (a URL is not enough).",
                       hint="Download it and give the local path.")
    path = Path(item.path)
    if not path.is_file():
        raise BadInput(f"Media file not found: {path}.", hint="Check the path.")
    size = path.stat().st_size
    if size == 0:
        raise BadInput(f"{path.name} is empty.", hint="Choose a real file.")
    kind = rules.media_kind(path)
    {"image": _check_image, "document": _check_document, "video": _check_video}[kind](path, size)
    return item, path, kind


def _check_image(path: Path, size: int) -> None:
    if size > rules.MAX_IMAGE_BYTES:
        raise BadInput(f"{path.name} is {size // (1024 * 1024):,} MB; psn uploads LinkedIn images of up to 100 MB.",
                       hint="Compress or resize it.", limit=rules.MAX_IMAGE_BYTES, value=size)
    dimensions = media.image_dimensions(path)
    if dimensions and dimensions[0] * dimensions[1] > rules.MAX_IMAGE_PIXELS:
        pixels = dimensions[0] * dimensions[1]
        raise BadInput(f"{path.name} is {dimensions[0]}×{dimensions[1]} ({pixels:,} pixels); LinkedIn allows "
                       f"{rules.MAX_IMAGE_PIXELS:,}.", hint="Resize it.", limit=rules.MAX_IMAGE_PIXELS, value=pixels)
    if path.suffix.lower() == ".gif":
        frames = media.gif_frames(path)
        if frames and frames > rules.MAX_GIF_FRAMES:
            raise BadInput(f"{path.name} has {frames} frames; LinkedIn allows {rules.MAX_GIF_FRAMES}.",
                           hint="Shorten the animation or post it as an MP4.", limit=rules.MAX_GIF_FRAMES,
                           value=frames)


def _check_document(path: Path, size: int) -> None:
    if size > rules.MAX_DOCUMENT_BYTES:
        raise BadInput(f"{path.name} is {size // (1024 * 1024)} MB; LinkedIn documents may be 100 MB.",
                       hint="Compress it or split it.", limit=rules.MAX_DOCUMENT_BYTES, value=size)


def _check_video(path: Path, size: int) -> None:
    if not rules.MIN_VIDEO_BYTES <= size <= rules.MAX_VIDEO_BYTES:
        raise BadInput(f"{path.name} is {size:,} bytes; LinkedIn videos are 75 KB to 500 MB.",
                       hint="Re-encode it.", limit=rules.MAX_VIDEO_BYTES, value=size)
    seconds = media.mp4_duration(path)
    if seconds is not None and not rules.MIN_VIDEO_SECONDS <= seconds <= rules.MAX_VIDEO_SECONDS:
        raise BadInput(f"{path.name} lasts {seconds:.1f} s; LinkedIn videos last 3 s to 30 min.",
                       hint="Trim it.", limit=rules.MAX_VIDEO_SECONDS, value=round(seconds, 1))
