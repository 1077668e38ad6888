"""Turn platform metrics and webhook events into psn's eight engagement kinds.

Pulled metrics are cumulative totals; an engagement event is the growth between two snapshots.
A total that shrinks (an unlike, a deleted comment) produces no event: events only count what
happened, and the snapshot keeps the true total for `psn analytics show`.
"""

from __future__ import annotations

from psn.core.sections.analytics import KINDS
from psn.platforms.base import EngagementMetrics, WebhookEvent

# EngagementMetrics field → event kind.
METRIC_KINDS = {"views": "view", "likes": "like", "shares": "share", "comments": "comment", "clicks": "click",
                "saves": "save", "conversions": "conversion"}

# Webhook event kinds as platforms name them → psn's kind. Unknown kinds are ignored.
WEBHOOK_KINDS = {
    "view": "view", "impression": "view", "like": "like", "favorite": "like", "reaction": "like",
    "share": "share", "repost": "share", "retweet": "share", "quote": "share",
    "comment": "comment", "comments": "comment", "click": "click", "link_click": "click",
    "save": "save", "bookmark": "save", "reply": "reply", "mention": "reply", "message": "reply",
    "conversion": "conversion", "purchase": "conversion", "signup": "conversion",
    # Facebook Page `feed` changes are "<item>.<verb>" (the adapter's kinds); only additions count.
    "comment.add": "comment", "reaction.add": "like", "like.add": "like", "share.add": "share",
}


def totals(metrics: EngagementMetrics) -> dict[str, int]:
    return {field: max(0, int(getattr(metrics, field))) for field in METRIC_KINDS}


def deltas(previous: dict[str, int] | None, current: dict[str, int]) -> dict[str, int]:
    """Event counts by kind: how much each total grew since the previous snapshot."""
    before = previous or {}
    out = {}
    for field, kind in METRIC_KINDS.items():
        grown = current.get(field, 0) - before.get(field, 0)
        if grown > 0:
            out[kind] = grown
    return out


MAX_WEBHOOK_COUNT = 2**31 - 1  # no real event counts more; past 2**63 SQLite cannot even store it


def webhook_kind(event: WebhookEvent) -> tuple[str, int] | None:
    """(kind, count) for one webhook event, or None if it is not engagement."""
    kind = WEBHOOK_KINDS.get(event.kind.lower())
    if kind is None:
        return None
    count = event.data.get("count", 1) if isinstance(event.data, dict) else 1
    try:
        count = int(count)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON 1e999 is float infinity
        count = 1
    return (kind, count) if 0 < count <= MAX_WEBHOOK_COUNT else None


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return kind
