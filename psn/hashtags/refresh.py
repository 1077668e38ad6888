"""The weekly refresh: rank the hashtags of the creator's own Instagram posts by the engagement
analytics measured for them, and — on the Facebook-Login path — re-read hashtags already searched
this week (free), never spending a new search slot.

A post counts once analytics has measured it (a snapshot or an event): an unmeasured post would
drag its tags down with a zero it never earned. Engagement is the weighted score of
`analytics.weights`, the same number the leaderboard ranks by.
"""

from __future__ import annotations

import json
import math
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import text

from psn.analytics import queries
from psn.analytics.ingest import last_snapshots
from psn.analytics.scoring import score
from psn.context import AppContext
from psn.core.errors import PsnError
from psn.hashtags.pool import PLATFORM, entries, instagram_account
from psn.platforms.instagram import rules
from psn.platforms.instagram.hashtags import rank_own_hashtags
from psn.platforms.instagram.models import IGMedia
from psn.store.publishing_tables import Account

RECENT_POSTS = 100
"""How many of the newest published Instagram posts are ranked: recent taste, bounded work."""
OWN_TAGS = 30
SEARCH_CAP_BP = 5000
"""A searched tag is popular, not proven with your audience: it scores at most half your best tag."""
BUSIEST_TOP_MEDIA = 6.0
"""log10 of the mean interactions (likes + comments) of a hashtag's top posts that reaches the cap."""


class RefreshResult(BaseModel):
    refreshed_at: datetime
    posts: int
    """Measured Instagram posts that were ranked."""
    own_posts: int
    """Tags ranked from them into the pool."""
    dropped: int
    """Tags from earlier refreshes that no longer rank."""
    searched: int = 0
    """Hashtags searched this week that were re-read for free and rescored."""
    search_error: str | None = None


def measured_posts(ctx: AppContext, account: Account, limit: int = RECENT_POSTS) -> list[tuple[str, int]]:
    """(caption, weighted engagement) of the newest measured Instagram posts of this account."""
    query = text("SELECT id, request FROM published_content WHERE platform = :p AND status = 'published' "
                 "AND (account_id = :a OR account_id IS NULL) ORDER BY published_at DESC, id DESC LIMIT :n")
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(query, {"p": PLATFORM, "a": account.id, "n": limit}).all()
        ids = [int(r.id) for r in rows]
        counts = queries.content_kinds(conn, ids, queries.Filter(0, 2**62))
        snapshots = last_snapshots(conn, ids)
    weights = ctx.settings.analytics.weights
    return [(_caption(r.request), round(score(counts[r.id], weights))) for r in rows
            if counts[r.id] or r.id in snapshots]


def _caption(request: str) -> str:
    try:
        return str(json.loads(request).get("text") or "")
    except (ValueError, AttributeError):
        return ""


def to_basis_points(ranked: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """Scores relative to the best tag: 10000 is your best, 5000 half as good."""
    best = max((value for _, value in ranked), default=0.0)
    return [(tag, round(10000 * value / best) if best > 0 else 0) for tag, value in ranked]


def search_score_bp(media: list[IGMedia]) -> int:
    """A searched hashtag's score from its top posts' mean interactions, on a log scale capped at
    SEARCH_CAP_BP: 100 → 1670, 10,000 → 3333, a million or more → 5000."""
    if not media:
        return 0
    mean = sum((m.like_count or 0) + (m.comments_count or 0) for m in media) / len(media)
    return min(SEARCH_CAP_BP, round(SEARCH_CAP_BP * math.log10(1 + mean) / BUSIEST_TOP_MEDIA))


def refresh_pool(ctx: AppContext, now: datetime | None = None) -> RefreshResult:
    """Rank own posts into the pool (source own_posts) and, on the Facebook-Login path, rescore the
    hashtags searched this week. A failed re-read is reported, never fatal: the ranking stands."""
    from psn.store.instagram_tables import prune_pool, upsert_pool

    now = now or ctx.clock.now()
    account = instagram_account(ctx)
    posts = measured_posts(ctx, account)
    ranked = to_basis_points(rank_own_hashtags(posts, OWN_TAGS))
    dropped = 0
    if ranked:  # no measured post yet: keep what the pool had rather than empty it
        upsert_pool(ctx.db.engine, account.platform_user_id, [(tag, "own_posts", bp) for tag, bp in ranked], now)
        dropped = prune_pool(ctx.db.engine, account.platform_user_id, "own_posts", [tag for tag, _ in ranked])
    result = RefreshResult(refreshed_at=now, posts=len(posts), own_posts=len(ranked), dropped=dropped)
    if ctx.settings.instagram.login == "facebook":
        try:
            result.searched = rescore_searched_tags(ctx, account, now)
        except PsnError as exc:
            result.search_error = exc.message
    return result


def rescore_searched_tags(ctx: AppContext, account: Account, now: datetime) -> int:
    """Re-read the top media of every hashtag already in this week's search window (free; `psn
    engage` discovery searches count too) and score it. Tags from your own posts and your own
    picks keep their score: your audience is the better judge."""
    from psn.accounts.wiring import adapter_for
    from psn.store.instagram_tables import SqliteHashtagBudget, upsert_pool

    budget = SqliteHashtagBudget(ctx.db.engine)
    kept = {e.hashtag for e in entries(ctx, account) if e.source != "search"}
    tags = sorted(set(budget.window(account.platform_user_id, now - rules.HASHTAG_WINDOW)) - kept)
    if not tags:
        return 0
    adapter, _ = adapter_for(ctx, PLATFORM)
    search = getattr(adapter, "hashtag_search", None)
    if search is None:
        return 0
    rescored = 0
    for tag in tags:
        media = search.media_if_free(tag)
        if media is None:  # it left the window since: reading it now would spend a slot
            continue
        known = budget.known_id(tag)
        upsert_pool(ctx.db.engine, account.platform_user_id, [(tag, "search", search_score_bp(media))], now,
                    hashtag_ids={tag: known} if known else None)
        rescored += 1
    return rescored
