"""`psn hashtags search TAG`: what a hashtag's top posts look like, and the tag into the pool.

Hashtag search exists only on the Facebook-Login path and allows 30 different hashtags per
rolling 7 days. Searching a tag already searched this week is free; a new one spends a slot, which
psn records before it reads the media (HashtagSearch), so a crash cannot lose the count.
"""

from __future__ import annotations

from pydantic import BaseModel

from psn.context import AppContext
from psn.core.errors import NotConfigured
from psn.hashtags.pool import (
    PLATFORM,
    PoolEntry,
    SearchBudget,
    entries,
    instagram_account,
    normalise_tags,
    search_budget,
    search_window,
)
from psn.hashtags.refresh import search_score_bp

TOP_MEDIA = 25
SHOWN = 5


class TopPost(BaseModel):
    url: str | None
    likes: int
    comments: int


class SearchResult(BaseModel):
    hashtag: str
    spent_slot: bool
    """False when the tag was already searched this week (free)."""
    media: int
    """Top posts Instagram returned (at most 25)."""
    likes: int
    comments: int
    average_interactions: float
    top: list[TopPost]
    """The busiest few of them."""
    pool: PoolEntry | None
    """The tag's pool entry after the search (None when Instagram knows no posts for it)."""
    budget: SearchBudget


def search_hashtag(ctx: AppContext, tag: str) -> SearchResult:
    from psn.accounts.wiring import adapter_for
    from psn.store.instagram_tables import SqliteHashtagBudget, upsert_pool

    [name] = normalise_tags([tag])  # exit 2 before anything is looked up
    account = instagram_account(ctx)
    if ctx.settings.instagram.login != "facebook":
        raise NotConfigured("Instagram hashtag search needs the Facebook-Login path; you are connected with "
                            "Instagram Login.",
                            hint="Link the account to a Facebook Page, run `psn config set instagram.login facebook` "
                                 "and `psn setup instagram`. Until then, `psn hashtags add` adds tags by hand.")
    adapter, _ = adapter_for(ctx, PLATFORM)
    free = name in search_window(ctx, account)
    media = adapter.hashtag_search.media(name, limit=TOP_MEDIA)  # type: ignore[attr-defined]
    spent = not free and name in search_window(ctx, account)
    likes = sum(m.like_count or 0 for m in media)
    comments = sum(m.comments_count or 0 for m in media)
    pool_entry = None
    if media:
        current = {e.hashtag: e for e in entries(ctx, account)}
        if name not in current or current[name].source == "search":  # own posts and your own picks outrank
            known = SqliteHashtagBudget(ctx.db.engine).known_id(name)
            upsert_pool(ctx.db.engine, account.platform_user_id, [(name, "search", search_score_bp(media))],
                        ctx.clock.now(), hashtag_ids={name: known} if known else None, restore=True)
        pool_entry = next(e for e in entries(ctx, account) if e.hashtag == name)
    busiest = sorted(media, key=lambda m: -((m.like_count or 0) + (m.comments_count or 0)))[:SHOWN]
    return SearchResult(
        hashtag=name, spent_slot=spent, media=len(media), likes=likes, comments=comments,
        average_interactions=round((likes + comments) / len(media), 1) if media else 0.0,
        top=[TopPost(url=m.permalink, likes=m.like_count or 0, comments=m.comments_count or 0) for m in busiest],
        pool=pool_entry, budget=search_budget(ctx, account),
    )
