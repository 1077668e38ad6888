"""Getting a public URL for a local file: Instagram pulls images (and videos) from the web.

Three ways, tried in this order for each media item:
1. the item already has a URL (`MediaItem.url`, e.g. `--media-url`): used as given;
2. a `MediaHost` handed to the adapter (the WordPress adapter implements one over the user's
   media library): `host(path) -> url`;
3. a command template the user configured (`instagram.media_host_command`), run for the file;
   its last output line is the URL.
Nothing configured → BadInput that names the three options. Videos can skip all this: they go
to Instagram directly by resumable upload (`instagram.video_upload = "resumable"`).
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from psn.core.errors import BadInput, NotConfigured
from psn.core.redact import redact
from psn.core.secrets import child_environment
from psn.platforms.base import MediaItem

PLACEHOLDER_RE = re.compile(r"\{(path|name|stem|ext|hash)\}")
URL_RE = re.compile(r"^https?://\S+$")


@runtime_checkable
class MediaHost(Protocol):
    """Anything that can put a local file on the public web and say where."""

    def host(self, path: Path) -> str:
        """Upload `path` (or find it already uploaded) and return its public https URL."""


@dataclass
class CommandMediaHost:
    """Runs the user's upload command, e.g.
    `rclone copyto {path} r2:media/{hash}{ext} && echo https://media.example.com/{hash}{ext}`.

    Placeholders: {path} (absolute), {name} (file name), {stem}, {ext} (with the dot), {hash}
    (first 16 hex of the SHA-256: a stable, unguessable name). Each value is shell-quoted before
    it is put in, so a file name can never inject a command; the template itself is the user's
    own shell line (it may use && or pipes), run with /bin/sh.
    """

    template: str
    timeout: float = 300.0

    def host(self, path: Path) -> str:
        command = render_command(self.template, path)
        try:
            done = subprocess.run(command, shell=True, capture_output=True, text=True,  # noqa: S602 — the user's own template; values quoted
                                  timeout=self.timeout, check=False, env=child_environment())
        except subprocess.TimeoutExpired:
            raise NotConfigured(f"The media host command did not finish within {self.timeout:.0f} s.",
                                hint="Check `instagram.media_host_command` by running it by hand.") from None
        if done.returncode != 0:
            tail = redact(done.stderr.strip())[-300:] or "no error output"
            raise NotConfigured(f"The media host command failed (exit {done.returncode}): {tail}",
                                hint="Fix `instagram.media_host_command`; run it by hand to see why.")
        return url_from_output(done.stdout)


def render_command(template: str, path: Path) -> str:
    path = path.resolve()
    values = {"path": str(path), "name": path.name, "stem": path.stem, "ext": path.suffix,
              "hash": _digest(path)[:16]}
    return PLACEHOLDER_RE.sub(lambda m: shlex.quote(values[m.group(1)]), template)


def url_from_output(stdout: str) -> str:
    lines = [line.strip() for line in stdout.splitlines() if line.strip()]
    if not lines or not URL_RE.match(lines[-1]):
        raise NotConfigured("The media host command did not print a URL on its last line.",
                            hint="End the command with something like `&& echo https://…/{hash}{ext}`.")
    return lines[-1]


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


NOTHING_CONFIGURED_HINT = (
    "Instagram downloads media from a public URL. Give one with the item's URL (--media-url), connect "
    "WordPress so psn can use its media library, or set `instagram.media_host_command` to a command that "
    "uploads {path} and prints the URL (see docs/platforms/instagram.md)."
)


def public_url(item: MediaItem, host: MediaHost | None) -> str:
    """The URL Instagram should fetch `item` from."""
    if item.url:
        return item.url
    if item.path is None:
        raise BadInput("A media item has neither a file nor a URL.", hint="Give a file path or a URL.")
    if host is None:
        raise BadInput(f"No way to give Instagram a public URL for {item.path.name}.", hint=NOTHING_CONFIGURED_HINT)
    url = host.host(item.path)
    if not url.startswith("https://") and not url.startswith("http://"):
        raise NotConfigured(f"The media host returned {url!r}, which is not a URL.",
                            hint="It must return the file's public https address.")
    return url


def unreachable_reason(url: str) -> str | None:
    """Why Instagram's fetcher cannot download `url`, when psn can tell from the address alone: a
    name or address on this machine or a private network (a local WordPress, a LAN host)."""
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".lan", ".home.arpa")):
        return f"{host} is a name only your network knows"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.is_loopback:
        return f"{host} is this machine"
    if address.is_private or address.is_link_local:
        return f"{host} is a private-network address"
    return None
