"""The Instagram hashtag pool as the creator sees it: list (with the search budget), add, remove,
and the top tags the generator draws from.

Entries are keyed by the connected account's professional account id, the same key the search
window uses, so a second Instagram account never mixes its tags with the first one's.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from psn.context import AppContext
from psn.core.errors import BadInput, NotConfigured
from psn.platforms.instagram import rules
from psn.platforms.instagram.hashtags import VALID_TAG
from psn.store.publishing_tables import Account

PLATFORM = "instagram"
MANUAL_SCORE_BP = 5000
"""Where a tag added by hand starts: mid-table (your best tag is 10000) until your posts score it."""
GENERATOR_TAGS = 30
"""How many of the top tags the generator is offered (Instagram's caption limit)."""


class PoolEntry(BaseModel):
    hashtag: str
    source: str
    """own_posts, manual or search."""
    score_bp: int
    refreshed_at: datetime


class SearchBudget(BaseModel):
    """Hashtag search on the Facebook-Login path: unique hashtags searched in the rolling 7 days."""

    used: int
    limit: int = rules.HASHTAG_SEARCHES_PER_WINDOW
    remaining: int
    next_slot_at: datetime | None
    """When the oldest search leaves the window (None while nothing was searched this week)."""


class Added(BaseModel):
    added: list[str]
    entries: list[PoolEntry]
    """The whole pool afterwards, best first."""


class PoolView(BaseModel):
    handle: str
    login: str
    entries: list[PoolEntry]
    budget: SearchBudget | None
    """Only on the Facebook-Login path: Instagram Login cannot search hashtags."""


def instagram_account(ctx: AppContext) -> Account:
    """The connected Instagram account (NotConfigured, exit 3, naming `psn setup instagram`)."""
    from psn.accounts.store import active_account

    return active_account(ctx, PLATFORM)


def normalise_tags(tags: list[str]) -> list[str]:
    """`#Coffee` → `coffee`; every tag checked before anything is stored (exit 2 names the bad one)."""
    if not tags:
        raise BadInput("Give at least one hashtag.", hint="e.g. psn hashtags add coffee latteart")
    names: list[str] = []
    for tag in tags:
        name = rules.normalise_hashtag(tag)
        if not VALID_TAG.match(name):
            raise BadInput(f"{tag!r} is not a hashtag Instagram accepts (letters, digits and _ only, no spaces or "
                           "emoji, at most 100 characters).", hint="Give the tag with or without #, e.g. latte_art.")
        if name not in names:
            names.append(name)
    return names


def entries(ctx: AppContext, account: Account) -> list[PoolEntry]:
    from psn.store.instagram_tables import list_pool

    return [PoolEntry(hashtag=str(row["hashtag"]), source=str(row["source"]), score_bp=int(row["score_bp"]),
                      refreshed_at=row["refreshed_at"]) for row in list_pool(ctx.db.engine, account.platform_user_id)]


def show_pool(ctx: AppContext) -> PoolView:
    account = instagram_account(ctx)
    login = ctx.settings.instagram.login
    return PoolView(handle=account.handle, login=login, entries=entries(ctx, account),
                    budget=search_budget(ctx, account) if login == "facebook" else None)


def search_window(ctx: AppContext, account: Account) -> dict[str, datetime]:
    """Hashtag → first search, for the hashtags searched in the rolling 7 days (psn's own record:
    Instagram says nothing about the window until the limit is hit)."""
    from psn.store.instagram_tables import SqliteHashtagBudget

    since = ctx.clock.now() - rules.HASHTAG_WINDOW
    return SqliteHashtagBudget(ctx.db.engine).window(account.platform_user_id, since)


def search_budget(ctx: AppContext, account: Account) -> SearchBudget:
    window = search_window(ctx, account)
    return SearchBudget(used=len(window), remaining=max(rules.HASHTAG_SEARCHES_PER_WINDOW - len(window), 0),
                        next_slot_at=min(window.values()) + rules.HASHTAG_WINDOW if window else None)


def add_tags(ctx: AppContext, tags: list[str]) -> Added:
    """Add tags by hand (source manual); a tag removed earlier comes back."""
    from psn.store.instagram_tables import upsert_pool

    names = normalise_tags(tags)
    account = instagram_account(ctx)
    current = {e.hashtag: e for e in entries(ctx, account)}
    # A tag already scored from your posts or a search keeps its score; it becomes yours to keep.
    rows = [(name, "manual", current[name].score_bp if name in current else MANUAL_SCORE_BP) for name in names]
    upsert_pool(ctx.db.engine, account.platform_user_id, rows, ctx.clock.now(), restore=True)
    return Added(added=names, entries=entries(ctx, account))


def remove_tag(ctx: AppContext, tag: str) -> str:
    """Take a tag out of the pool for good: no refresh brings it back (only `add` does)."""
    from psn.store.instagram_tables import remove_from_pool

    [name] = normalise_tags([tag])
    account = instagram_account(ctx)
    if not remove_from_pool(ctx.db.engine, account.platform_user_id, name, ctx.clock.now()):
        raise BadInput(f"#{name} is not in your Instagram hashtag pool.", hint="See `psn hashtags list`.")
    return name


def top_tags(ctx: AppContext, limit: int = GENERATOR_TAGS) -> list[str]:
    """The pool's best tags, best first; empty when Instagram is not connected."""
    try:
        account = instagram_account(ctx)
    except NotConfigured:
        return []
    return [e.hashtag for e in entries(ctx, account)[:limit]]


def generation_pools(ctx: AppContext, platforms: list[str]) -> dict[str, list[str]]:
    """`hashtag_pools` for the generator: Instagram's pool when an Instagram draft is wanted."""
    if PLATFORM not in platforms:
        return {}
    tags = top_tags(ctx)
    return {PLATFORM: tags} if tags else {}

