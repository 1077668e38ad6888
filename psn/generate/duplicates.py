"""Near-duplicate detection: platforms reject a repeat (X 403, LinkedIn 422, Facebook 506), and
followers notice one. Compares a draft with what was published recently on the same platform.

Similarity is the larger of two views: word-trigram overlap (robust to reordering, good for long
texts) and difflib's ratio on the normalised text (good for short ones). URLs, hashtags,
mentions, thread numbering and punctuation are ignored: they rarely make a post different.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timedelta

from psn.generate.models import DuplicateMatch, RecentPost

_NOISE = re.compile(r"https?://\S+|www\.\S+|[#＃@]\w+|\b\d+/\d+\b")
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise(text: str) -> str:
    cleaned = _NON_WORD.sub(" ", _NOISE.sub(" ", text.lower()))
    return " ".join(cleaned.split())


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def similarity(a: str, b: str) -> float:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    grams_a, grams_b = _trigrams(left.split()), _trigrams(right.split())
    jaccard = len(grams_a & grams_b) / len(grams_a | grams_b)
    ratio = difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()
    return round(max(jaccard, ratio), 3)


def find_near_duplicates(
    text: str,
    platform: str,
    recent: list[RecentPost],
    *,
    now: datetime,
    window_days: int = 7,
    threshold: float = 0.8,
) -> list[DuplicateMatch]:
    """Recent posts on `platform` at least `threshold` similar to `text`, most similar first.
    A post without a publication time is compared (the caller chose to pass it)."""
    since = now - timedelta(days=window_days)
    matches = []
    for post in recent:
        if post.platform != platform or (post.published_at is not None and post.published_at < since):
            continue
        score = similarity(text, post.text)
        if score >= threshold:
            matches.append(DuplicateMatch(
                platform=post.platform, text=post.text, similarity=score, published_at=post.published_at, ref=post.ref
            ))
    return sorted(matches, key=lambda m: -m.similarity)
