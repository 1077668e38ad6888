"""WordPress comments as conversations (contracts §5.7): what readers said under the creator's
recent posts, and where a threaded answer goes.

A conversation's id says what to answer, because only the id and the link are stored with an
opportunity (not `Candidate.raw`): `comment:77` answers comment 77 (threaded under it, `parent`),
`post:321` or `post:<slug>` comments on the post itself (`parent` 0).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from psn.core.clock import parse_iso
from psn.core.errors import BadInput
from psn.platforms.base import Candidate
from psn.platforms.wordpress.client import WordPressClient, WpComment

RECENT_POSTS = 10  # how many of the creator's latest posts are read for new comments
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def conversations(client: WordPressClient, me: int, limit: int) -> list[Candidate]:
    """Newest first: comments on the creator's latest posts, leaving out the creator's own
    (their earlier replies come back in the same list)."""
    found: list[Candidate] = []
    for post in client.posts(author=me, per_page=RECENT_POSTS):
        comments, _ = client.comments(post.id)
        found += [to_candidate(c) for c in comments if c.author != me]
    found.sort(key=lambda c: c.posted_at or _EPOCH, reverse=True)
    return found[:limit]


def to_candidate(comment: WpComment) -> Candidate:
    return Candidate(platform="wordpress", post_id=f"comment:{comment.id}", url=comment.link,
                     text=plain_text(str(comment.content.get("rendered") or "")),
                     author_id=str(comment.author or ""), author_name=comment.author_name,
                     author_handle=comment.author_name,  # a commenter has no handle; the name is who they are
                     posted_at=parse_iso(comment.date_gmt) if comment.date_gmt else None,
                     on_own_post=True, raw={"post": comment.post, "parent": comment.id})


def reply_target(client: WordPressClient, ref: str) -> tuple[int, int]:
    """(post id, parent comment id) that a reply to `ref` is filed under."""
    kind, _, value = ref.partition(":")
    if kind == "comment" and value.isascii() and value.isdigit():
        comment = client.comment(int(value))  # its post is not in the stored id; the comment knows it
        return comment.post, comment.id
    if kind in ("post", "page") and value.isascii() and value.isdigit():
        return int(value), 0
    if kind == "post" and value:
        matches = client.posts(slug=value, per_page=1)
        if matches:
            return matches[0].id, 0
        raise BadInput(f"No published post on your WordPress site has the address {value!r}.",
                       hint="Paste the post's link from the site (or a comment's, ending in #comment-N).")
    raise BadInput(f"{ref!r} is not a WordPress post or comment psn can answer.",
                   hint="Add it again with `psn engage add URL`, using the post's or comment's link.")


def ref_from_url(url: str) -> str:
    """The conversation id for a link on the creator's site: `…#comment-2` → comment:2,
    `?p=19` / `?page_id=19` → post:19, a pretty permalink → post:<its slug>."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url.strip())
    comment = re.fullmatch(r"comment-(\d+)", parts.fragment)
    if comment:
        return f"comment:{comment.group(1)}"
    query = parse_qs(parts.query)
    for key in ("p", "page_id"):
        number = (query.get(key) or [""])[0]
        if number.isascii() and number.isdigit():
            return f"post:{number}"
    slug = parts.path.rstrip("/").rpartition("/")[2]
    if not slug:
        raise BadInput(f"{url!r} is your site's front page, not a post.",
                       hint="Paste the link of a post, or of a comment (it ends in #comment-N).")
    return f"post:{slug}"


def plain_text(rendered: str) -> str:
    """What a reader wrote, without WordPress's paragraph markup and HTML entities."""
    return unescape(re.sub(r"<[^>]+>", " ", rendered)).strip().replace("  ", " ")
