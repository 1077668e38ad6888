"""`psn engage add URL` on one of the creator's own posts (or a comment under one): recognised
among what psn published, so the reply goes through the API where the platform allows it only
there (Instagram, Facebook Pages: `ReplyPolicy.OWN_POSTS`).

Comment links: Instagram's `…/p/<code>/c/<comment-id>/`, Facebook's `…?comment_id=<id>`, LinkedIn's
`…?commentUrn=<urn:li:comment:(…)>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sqlmodel import col, select

from psn.store.db import Database
from psn.store.publishing_tables import PublishedContent

_COMMENT_IN_PATH = re.compile(r"^(?P<post>.*?)/c/(?P<comment>\d+)$")
_HOST_PREFIXES = ("www.", "m.", "mobile.")


@dataclass(frozen=True)
class OwnPost:
    platform_post_id: str
    url: str
    comment_id: str | None

    @property
    def target_id(self) -> str:
        """What the reply answers: the comment, or the post itself."""
        return self.comment_id or self.platform_post_id

    def reply_target(self) -> dict[str, str]:
        """The candidate's `raw` in the shapes the OWN_POSTS adapters read: the post under the comment
        (`media_id` / `parent_post_id`) and whether it answers a comment or comments on the post."""
        raw = {"kind": "comment" if self.comment_id else "media", "media_id": self.platform_post_id,
               "parent_post_id": self.platform_post_id}
        return raw | ({"top_level_id": self.comment_id} if self.comment_id else {})


def split_comment(url: str) -> tuple[str, str | None]:
    """(the post's address, the comment id or None), both normalised: no scheme, www or query."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    path = parts.path.rstrip("/")
    query = parse_qs(parts.query)
    comment = (query.get("comment_id") or query.get("commentUrn") or [None])[0]
    match = _COMMENT_IN_PATH.match(path)
    if match:
        path, comment = match.group("post"), match.group("comment")
    return f"{host}{path}", comment


def find(db: Database, platform: str, url: str) -> OwnPost | None:
    """The published post the link points at (by its stored URL, or its id as the link's last part)."""
    address, comment = split_comment(url)
    last = address.rsplit("/", 1)[-1]
    query = select(PublishedContent).where(PublishedContent.platform == platform,
                                           col(PublishedContent.platform_post_id).is_not(None))
    with db.session() as session:
        for row in session.exec(query.order_by(col(PublishedContent.id).desc())):
            stored = split_comment(row.url)[0] if row.url else None
            if address == stored or last == row.platform_post_id:
                return OwnPost(str(row.platform_post_id), row.url or url, comment)
    return None
