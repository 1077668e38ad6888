"""Apprise URLs: check one without sending, show it without its secrets, scrub it out of errors.

An Apprise URL is a secret as a whole: besides the user/password Apprise itself masks, services
keep tokens in the path (webhook ids, ntfy topics, chat ids) and the query. psn therefore never
shows a path segment or a query in full, and removes every part of the URL but its scheme, host
and port from any text it records.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from psn.core.errors import BadInput
from psn.core.redact import MASK, register_secret

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_MIN_FRAGMENT = 3  # a shorter part ("me", "1") is no secret and would mask ordinary words
EXAMPLES = "json://HOST:PORT/PATH, ntfys://ntfy.sh/TOPIC, tgram://BOT_TOKEN/CHAT_ID, mailtos://USER:PASSWORD@HOST"

SCHEME_HINTS = {scheme: "When the user name is not an email address, add ?from=ADDRESS&to=ADDRESS. "
                for scheme in ("mailto", "mailtos")}


@dataclass(frozen=True)
class CheckedUrl:
    service: str  # what Apprise calls the service: "JSON", "ntfy", "Telegram", "E-Mail" …
    scheme: str
    redacted: str


def quiet_apprise_logging() -> None:
    """Apprise logs through the `apprise` logger; psn records outcomes itself (scrubbed), so
    nothing Apprise logs reaches stderr, psn's log file or a parent logger."""
    logger = logging.getLogger("apprise")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def secret_fragments(url: str) -> set[str]:
    """Every part of the URL that may be a secret: all but the scheme, host and port."""
    parts = urlsplit(url)
    pieces = [parts.username or "", parts.password or "", *parts.path.split("/"),
              *(v for _, v in parse_qsl(parts.query)), parts.fragment]
    if "@" in parts.netloc:  # Apprise puts tokens before an @ that urlsplit may not read as a user
        pieces += re.split(r"[:@]", parts.netloc.rsplit("@", 1)[0])
    found = {p for piece in pieces for p in (piece, unquote(piece)) if len(p) >= _MIN_FRAGMENT}
    return found - {parts.hostname or "", parts.scheme}


def scrub(text: str, url: str) -> str:
    """`text` without any secret part of `url` (longest first, so no part of one survives)."""
    for fragment in sorted(secret_fragments(url), key=len, reverse=True):
        text = text.replace(fragment, MASK)
    return text


def remember_secrets(url: str) -> None:
    """Register the URL, its password and its token-like parts with psn's redactor, so logs,
    errors and --json mask them anywhere. Word-like parts (`/notify/alerts`) are only scrubbed
    from Apprise's own texts (`scrub`): registered, they would mask those words in every message."""
    register_secret(url)
    register_secret(urlsplit(url).password)
    for fragment in secret_fragments(url):
        if any(c.isdigit() for c in fragment) or len(fragment) >= 12:
            register_secret(fragment)


def _masked_segment(segment: str) -> str:
    return segment if not segment or "..." in segment or MASK in segment else segment[0] + "…"


def redacted_form(url: str, plugin: Any) -> str:
    """Apprise's privacy URL (user/password masked) with every path segment shortened to its
    first character and no query: enough to tell channels apart, nothing to reuse."""
    private = urlsplit(plugin.url(privacy=True))
    path = "/".join(_masked_segment(s) for s in private.path.split("/")).rstrip("/")
    return scrub(f"{private.scheme}://{private.netloc}{path}", url)


def _problem_from_apprise(url: str) -> tuple[Any, list[str]]:
    """Instantiate the URL while capturing what Apprise says about it (scrubbed)."""
    import apprise

    quiet_apprise_logging()
    heard: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                heard.append(scrub(record.getMessage(), url))

    handler = Collect()
    logger = logging.getLogger("apprise")
    logger.addHandler(handler)
    try:
        plugin = apprise.Apprise.instantiate(url)
    finally:
        logger.removeHandler(handler)
    return plugin, heard


def check_url(url: str) -> tuple[CheckedUrl, Any]:
    """Parse `url` with Apprise, sending nothing. Exit 2 naming the fix when Apprise cannot use it."""
    url = url.strip()
    if not _SCHEME.match(url):
        raise BadInput("That is not an Apprise URL: it needs a service scheme, like ntfys:// or mailtos://.",
                       hint=f"Examples: {EXAMPLES}. Every service: https://appriseit.com/services/. "
                            "To queue a notification instead, use `psn notify queue TITLE`.")
    scheme = url.split("://", 1)[0].lower()
    plugin, heard = _problem_from_apprise(url)
    if plugin is None:
        if scheme not in _known_schemes():
            raise BadInput(f"Apprise has no service with the scheme {scheme}://.",
                           hint=f"Check the spelling; examples: {EXAMPLES}. Every service: https://appriseit.com/services/.")
        said = "; ".join(dict.fromkeys(heard)) or "a part it needs is missing or malformed"
        raise BadInput(f"Apprise cannot use that {scheme}:// URL: {said}.",
                       hint=SCHEME_HINTS.get(scheme, "")
                       + f"Compare it with the {scheme}:// page at https://appriseit.com/services/.")
    service = str(getattr(plugin, "service_name", scheme))
    return CheckedUrl(service=service, scheme=scheme, redacted=redacted_form(url, plugin)), plugin


def _known_schemes() -> set[str]:
    from apprise.manager_plugins import NotificationManager

    return {s.lower() for s in NotificationManager().schemas()}
