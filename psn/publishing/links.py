"""How `psn post --link URL` reaches each platform, from what its adapter declares (`capabilities.links`).

A platform with a link field of its own gets the link there when the post is a link post (a Facebook
link post, a LinkedIn article share). Everywhere else the link goes at the end of the text, which is
what the person sees and approves, never added afterwards; a platform whose posts cannot carry a usable
link (no field, links in captions not clickable) refuses it with exit 2.
"""

from __future__ import annotations

from collections.abc import Callable

from psn.core.errors import BadInput
from psn.platforms.base import Capabilities, PublishRequest

LINK_FORMATS = ("link", "article")
"""The formats whose link field carries the link (`PublishRequest.link`)."""

WHY_NOT = {
    "instagram": "Instagram captions show links as plain, unclickable text (only your bio or a Story link "
                 "sticker links, and the API adds neither)",
    "tiktok": "TikTok's API has no link field and captions show links as plain text",
}


def link_format(capabilities: Capabilities) -> str | None:
    """The format a text post with a link takes here by default (None: the link goes in the text)."""
    if capabilities.links != "field":
        return None
    return next((f for f in LINK_FORMATS if f in capabilities.formats), None)


def refuse_if_unlinkable(platform: str, capabilities: Capabilities, title: str, link: str | None) -> None:
    """Before anything is written or sent: a platform with no way to carry the link refuses it."""
    if link and capabilities.links == "none":
        why = WHY_NOT.get(platform, f"{title} posts have no place for a link")
        raise BadInput(f"--link cannot go to {title}: {why}.",
                       hint=f"Drop --link, or post to {title} separately without it.")


def where_it_goes(capabilities: Capabilities, with_media: bool) -> str:
    """In words, for the person approving a post psn wrote (the link is added after the review)."""
    if capabilities.links == "field" and not with_media and link_format(capabilities):
        return f"shared as a {link_format(capabilities)} post"
    return "added at the end of the text"


def attach_link(request: PublishRequest, capabilities: Capabilities, title: str, link: str | None,
                page: Callable[[str], dict[str, str]] | None = None) -> PublishRequest:
    """The request with the link where this platform takes it. `page(url)` reads the linked page's
    title and description (for an article share that has none given)."""
    if not link:
        return request
    refuse_if_unlinkable(request.platform, capabilities, title, link)
    if capabilities.links == "field" and request.format in LINK_FORMATS:
        return _article(request, link, page) if request.format == "article" else request.model_copy(
            update={"link": link})
    return request.model_copy(update=_in_text(request, link))


def _in_text(request: PublishRequest, link: str) -> dict[str, object]:
    """At the end of the post (a thread's last part), unless the person already wrote it there."""
    parts = [request.text, *request.parts]
    if any(link in part for part in parts):
        return {}
    last = parts[-1].rstrip()
    parts[-1] = f"{last}\n\n{link}" if last else link
    return {"text": parts[0], "parts": parts[1:]}


def _article(request: PublishRequest, link: str, page: Callable[[str], dict[str, str]] | None) -> PublishRequest:
    """An article share shows a title and a description; the platform does not read the page
    itself (LinkedIn's API), so psn does when the person gave none."""
    options = dict(request.options)
    title = request.title
    if not title or "description" not in options:
        found = page(link) if page else {}
        title = title or found.get("title")
        if found.get("description") and "description" not in options:
            options["description"] = found["description"]
    if not title:
        raise BadInput(f"An article share shows the page's title, and psn could not read one from {link}.",
                       hint="Give it: --title \"…\" (and -o description=\"…\" if you like).")
    return request.model_copy(update={"link": link, "title": title, "options": options})
