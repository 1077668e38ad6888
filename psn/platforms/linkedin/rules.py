"""LinkedIn's limits as data, and the commentary length counter.

Length: LinkedIn's servers are Java, whose strings count UTF-16 units, so psn counts the text
the reader will see (mentions by their name) in UTF-16 units: an emoji outside the BMP counts 2.
That is at worst a little stricter than LinkedIn, never looser.
"""

from __future__ import annotations

import re
from pathlib import Path

from psn.core.errors import BadInput

MAX_COMMENTARY = 3000
MAX_COMMENT = 1250
MIN_MULTI_IMAGES = 2
MAX_IMAGES = 20
MAX_IMAGE_PIXELS = 36_152_320
MAX_IMAGE_BYTES = 100 * 1024 * 1024  # psn's cap (LinkedIn states only pixels): an upload is read whole
MAX_GIF_FRAMES = 250
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
MAX_DOCUMENT_PAGES = 300  # not checked locally: counting pages needs a PDF/Office parser
MIN_VIDEO_BYTES = 75 * 1024
MAX_VIDEO_BYTES = 500 * 1024 * 1024
MIN_VIDEO_SECONDS = 3
MAX_VIDEO_SECONDS = 30 * 60
MAX_TITLE = 400  # article and media titles; LinkedIn truncates longer ones in the feed
VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN")
FORMATS = ("text", "image", "carousel", "document", "video", "article")

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
VIDEO_TYPES = {".mp4": "video/mp4"}

MENTION_RE = re.compile(r"@\[([^\[\]\n]+)\]\((urn:li:(?:person|organization):[A-Za-z0-9_-]+)\)")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str) -> str:
    """What the reader sees: a mention `@[Name](urn:li:person:…)` shows as its name."""
    return MENTION_RE.sub(lambda m: m.group(1), text)


def commentary_length(text: str) -> int:
    """The length psn checks against LinkedIn's 3,000-character commentary limit."""
    return utf16_length(visible_text(text))


def comment_length(text: str) -> int:
    return utf16_length(text)


def media_kind(path: Path) -> str:
    """image | document | video for a local file, or BadInput naming what LinkedIn accepts."""
    suffix = path.suffix.lower()
    for kind, types in (("image", IMAGE_TYPES), ("document", DOCUMENT_TYPES), ("video", VIDEO_TYPES)):
        if suffix in types:
            return kind
    accepted = ", ".join(sorted({**IMAGE_TYPES, **DOCUMENT_TYPES, **VIDEO_TYPES}))
    raise BadInput(f"LinkedIn does not accept {path.name!r} ({suffix or 'no extension'}).",
                   hint=f"Use one of: {accepted}.")


def mime_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return {**IMAGE_TYPES, **DOCUMENT_TYPES, **VIDEO_TYPES}.get(suffix, "application/octet-stream")
