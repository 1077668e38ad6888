"""What a hosted media URL (`psn post --media-url`) holds, asked of its server before any platform is.

The platform fetches the URL itself and is told up front whether it is an image or a video
(Instagram's `image_url` or `video_url`), so a guess from the extension publishes an `.avi` or an
extension-less video as an image. psn asks the server (a HEAD, following redirects) for its
Content-Type; the person's `--media-kind` wins when the server does not say or says wrong. The type
found becomes `MediaItem.mime_type`, so a platform refuses a PNG URL exactly as it refuses a PNG file.
"""

from __future__ import annotations

import ipaddress
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem

KINDS = ("image", "video")
TIMEOUT_SECONDS = 5.0
UNTELLING_TYPES = ("application/octet-stream", "binary/octet-stream", "")
"""What servers answer when they do not know either: no better than no answer."""


@dataclass
class ServerAnswer:
    content_type: str | None = None
    status: int | None = None
    problem: str = ""


def hosted_media(urls: Sequence[str], kinds: Sequence[str], *, may_ask: Callable[[str], bool],
                 ask: Callable[[str], ServerAnswer] | None = None) -> list[MediaItem]:
    """One MediaItem per URL, its kind and type known. `kinds` is empty, one for every URL, or one per
    URL (`--media-kind`); `may_ask(url)` says whether psn may contact that server at all."""
    declared = _declared_kinds(urls, kinds)
    ask = ask or head
    return [_item(url, kind, ask(url) if may_ask(url) else ServerAnswer(problem="not asked"))
            for url, kind in zip(urls, declared, strict=True)]


def only_this_machine(url: str) -> bool:
    """In --sandbox psn reaches no real server: only media served on this machine is asked."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def head(url: str) -> ServerAnswer:
    import httpx

    try:
        response = httpx.head(url, follow_redirects=True, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        return ServerAnswer(problem=f"its server did not answer ({type(exc).__name__})")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return ServerAnswer(content_type=kind or None, status=response.status_code)


def _declared_kinds(urls: Sequence[str], kinds: Sequence[str]) -> list[str | None]:
    for kind in kinds:
        if kind not in KINDS:
            raise BadInput(f"--media-kind {kind!r} is not image or video.", hint="Give --media-kind image or video.")
    if kinds and not urls:
        raise BadInput("--media-kind describes --media-url, and none was given.",
                       hint="Drop --media-kind; local files are read to tell.")
    if len(kinds) == 1:
        return [kinds[0]] * len(urls)
    if kinds and len(kinds) != len(urls):
        raise BadInput(f"{len(kinds)} --media-kind values for {len(urls)} --media-url values.",
                       hint="Give one --media-kind for every URL (in the same order), or one for all.")
    return list(kinds) or [None] * len(urls)


def _item(url: str, declared: str | None, answer: ServerAnswer) -> MediaItem:
    if answer.status in (404, 410):
        raise BadInput(f"The server answers {answer.status} for {url}: there is nothing to publish there.",
                       hint="Check the URL; the platform fetches the file from it.")
    served = answer.content_type if answer.status is not None and answer.status < 400 else None
    served = None if served in UNTELLING_TYPES else served
    guessed = mimetypes.guess_type(urlsplit(url).path)[0]
    mime = served or guessed
    found = kind_of(mime)
    if declared is not None:  # the person knows better than a server that lies
        return MediaItem(kind=declared, url=url, mime_type=mime if _agrees(found, declared) else None)
    if found is None:
        raise BadInput(_unknown(url, served, answer.problem), hint="Say what it is: --media-kind video "
                       "(or image), one per --media-url.")
    return MediaItem(kind=found, url=url, mime_type=mime)


def kind_of(mime: str | None) -> str | None:
    if not mime:
        return None
    if mime == "image/gif":
        return "gif"
    major = mime.split("/", 1)[0]
    return major if major in KINDS else None


def _agrees(found: str | None, declared: str) -> bool:
    return found == declared or (found == "gif" and declared == "image")


def _unknown(url: str, served: str | None, problem: str) -> str:
    if served:
        return f"The server says {url} is {served}, not an image or a video."
    why = {"": "its server named no type", "not asked": "in --sandbox psn asks no server but this machine's"}.get(
        problem, problem)
    return f"psn cannot tell whether {url} is an image or a video: {why}, and its name has no media extension."
