"""Hashtags: the search budget (Facebook-Login path only) and ranking the creator's own tags.

Instagram allows 30 unique hashtag searches per account per rolling 7 days; searching a tag
already in the window is free and does not reset its timer (contract A6). psn keeps the window
itself — the API says nothing about it until the limit is hit — through `HashtagBudget`, which
the feature layer implements over SQLite (psn/store/instagram_tables.py) and tests in memory.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from psn.core.clock import Clock
from psn.core.errors import BadInput
from psn.platforms.errors import NotAllowedViaApi, QuotaExhausted
from psn.platforms.instagram import rules
from psn.platforms.instagram.client import InstagramClient
from psn.platforms.instagram.errors import PLATFORM
from psn.platforms.instagram.models import IGMedia

VALID_TAG = re.compile(r"^\w{1,100}$", re.UNICODE)


class HashtagBudget(Protocol):
    """Where the 7-day search window is kept (per Instagram account)."""

    def window(self, account_id: str, since: datetime) -> dict[str, datetime]:
        """Hashtag (normalised) → first search time, for searches after `since`."""

    def record(self, account_id: str, hashtag: str, hashtag_id: str, searched_at: datetime) -> None:
        """Remember a search that used a slot (only called when the hashtag was not in the window)."""

    def known_id(self, hashtag: str) -> str | None:
        """The hashtag's id if psn has seen it (ids are static and global)."""


@dataclass
class MemoryHashtagBudget:
    searches: dict[tuple[str, str], datetime] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def window(self, account_id: str, since: datetime) -> dict[str, datetime]:
        return {tag: at for (acct, tag), at in self.searches.items() if acct == account_id and at > since}

    def record(self, account_id: str, hashtag: str, hashtag_id: str, searched_at: datetime) -> None:
        self.searches[(account_id, hashtag)] = searched_at
        self.ids[hashtag] = hashtag_id

    def known_id(self, hashtag: str) -> str | None:
        return self.ids.get(hashtag)


@dataclass
class HashtagSearch:
    client: InstagramClient
    user_id: str
    budget: HashtagBudget
    clock: Clock
    login: str = "instagram"

    def status(self) -> rules.HashtagDecision:
        """Used and remaining searches in the current window (what `psn` shows the user)."""
        now = self.clock.now()
        window = self.budget.window(self.user_id, now - rules.HASHTAG_WINDOW)
        used = len(window)
        resets = min(window.values()) + rules.HASHTAG_WINDOW if window else None
        return rules.HashtagDecision(used < rules.HASHTAG_SEARCHES_PER_WINDOW, False, used,
                                     max(rules.HASHTAG_SEARCHES_PER_WINDOW - used, 0), resets)

    def media(self, tag: str, edge: str = "top_media", limit: int = 25) -> list[IGMedia]:
        """Top (or recent, last 24 h) public media for a hashtag, spending a slot only when new."""
        name, decision, now = self._decide(tag)
        if not decision.allowed:
            raise QuotaExhausted(
                f"Instagram allows {rules.HASHTAG_SEARCHES_PER_WINDOW} different hashtag searches per 7 days; "
                f"all {decision.used} are used.",
                f"Search a hashtag already used this week (free), or wait until "
                f"{decision.resets_at:%Y-%m-%d %H:%M} UTC." if decision.resets_at else "Wait a few days.",
                platform=PLATFORM, retry_at=decision.resets_at,
            )
        return self._fetch(name, decision, now, edge, limit)

    def media_if_free(self, tag: str, edge: str = "top_media", limit: int = 25) -> list[IGMedia] | None:
        """Like `media`, but None instead of spending a slot: what psn does on its own (a refresh)
        only ever re-reads hashtags already searched this week."""
        name, decision, now = self._decide(tag)
        return None if decision.counts or not decision.allowed else self._fetch(name, decision, now, edge, limit)

    def _decide(self, tag: str) -> tuple[str, rules.HashtagDecision, datetime]:
        if self.login != "facebook":
            raise NotAllowedViaApi("Instagram hashtag search exists only on the Facebook-Login path.",
                                   "Connect with `psn config set instagram.login facebook` and `psn setup instagram` "
                                   "(needs a Facebook Page linked to the account).", platform=PLATFORM)
        name = rules.normalise_hashtag(tag)
        if not VALID_TAG.match(name):
            raise BadInput(f"{tag!r} is not a hashtag Instagram can search (letters, digits and _ only, no emoji).",
                           hint="Give the tag without # and without spaces.")
        now = self.clock.now()
        window = self.budget.window(self.user_id, now - rules.HASHTAG_WINDOW)
        return name, rules.hashtag_decision(window, name, now), now

    def _fetch(self, name: str, decision: rules.HashtagDecision, now: datetime, edge: str,
               limit: int) -> list[IGMedia]:
        hashtag_id = self.budget.known_id(name) if not decision.counts else None
        if hashtag_id is None:
            hashtag_id = self.client.hashtag_id(self.user_id, name)
            if hashtag_id is None:
                return []
        if decision.counts:
            self.budget.record(self.user_id, name, hashtag_id, now)
        return self.client.hashtag_media(hashtag_id, self.user_id, edge, limit)


def rank_own_hashtags(posts: list[tuple[str, int]], top: int = 30) -> list[tuple[str, float]]:
    """(caption, engagement) of the creator's posts → hashtags by mean engagement of the posts using them.

    Tags used once weigh half, so a lucky single post does not outrank a reliable tag.
    """
    totals: dict[str, list[int]] = defaultdict(list)
    for caption, engagement in posts:
        for tag in {rules.normalise_hashtag(t) for t in rules.hashtags(caption or "")}:
            totals[tag].append(engagement)
    scored = [(tag, sum(v) / len(v) * (0.5 if len(v) == 1 else 1.0)) for tag, v in totals.items()]
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:top]
