"""LinkedIn URNs: path encoding, Rest.li 2.0 query values, public URLs, and pasted URLs → URNs.

Engage has no LinkedIn search to draw from, so the creator pastes post links; every link shape
LinkedIn hands out (feed/update, /posts/…-activity-…, comment links) is accepted here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

from psn.core.errors import BadInput

POST_URN_RE = re.compile(r"urn:li:(share|ugcPost|activity):(\d+)")
COMMENT_URN_RE = re.compile(r"urn:li:comment:\((?:urn:li:)?(activity|share|ugcPost):(\d+),(\d+)\)")
SLUG_RE = re.compile(r"-(activity|ugcPost|share)-(\d{10,})")
FEED_URL = "https://www.linkedin.com/feed/update/"


def encode(urn: str) -> str:
    """A URN as one path segment (Rest.li wants `:`, `(`, `,` encoded there)."""
    return quote(urn, safe="")


def post_url(urn: str) -> str:
    return FEED_URL + urn


def comment_url(post_urn: str, comment_urn: str) -> str:
    return f"{post_url(post_urn)}?commentUrn={encode(comment_urn)}"


def analytics_entity(urn: str) -> str:
    """memberCreatorPostAnalytics' `entity` value: `(share:urn%3Ali%3Ashare%3A1)` or `(ugc:…)`."""
    match = POST_URN_RE.fullmatch(urn)
    if not match or match.group(1) == "activity":
        raise BadInput(f"LinkedIn analytics need a share or ugcPost URN, not {urn!r}.")
    key = "share" if match.group(1) == "share" else "ugc"
    return f"({key}:{encode(urn)})"


def split_comment(comment_urn: str) -> tuple[str, str]:
    """`urn:li:comment:(urn:li:activity:1,2)` → (`urn:li:activity:1`, normalised comment URN)."""
    match = COMMENT_URN_RE.fullmatch(comment_urn)
    if not match:
        raise BadInput(f"{comment_urn!r} is not a LinkedIn comment URN.")
    parent = f"urn:li:{match.group(1)}:{match.group(2)}"
    return parent, f"urn:li:comment:({parent},{match.group(3)})"


def target_from_url(text: str) -> str:
    """A pasted link or URN → the post URN to comment on, or the comment URN to reply under."""
    value = unquote(text.strip())
    comment = _comment_in_query(text.strip())
    if comment:
        return comment
    match = COMMENT_URN_RE.search(value)
    if match:
        return split_comment(match.group(0))[1]
    match = POST_URN_RE.search(value)
    if match:
        return match.group(0)
    match = SLUG_RE.search(urlsplit(value).path)
    if match:
        return f"urn:li:{match.group(1)}:{match.group(2)}"
    raise BadInput(
        f"psn cannot find a LinkedIn post in {text.strip()[:120]!r}.",
        hint="Paste the post's link (… → Copy link to post), e.g. https://www.linkedin.com/feed/update/urn:li:activity:…",
    )


def _comment_in_query(text: str) -> str | None:
    values = parse_qs(urlsplit(text).query).get("commentUrn")
    if not values:
        return None
    match = COMMENT_URN_RE.fullmatch(values[0])
    return split_comment(match.group(0))[1] if match else None
