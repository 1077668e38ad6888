"""Score a candidate post: relevance, recency, reach, potential (0-100 each) and a weighted composite.

Pure functions of the candidate, the keywords, the weights and "now", so they are easy to test and
`psn engage explain` can show exactly why a post scored what it did.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from psn.core.clock import ensure_utc
from psn.platforms.base import Candidate

KEEP_AT = 60
PUSH_AT = 70
MAX_AGE_HOURS = 24
PARTIAL_MATCH_MAX = 70  # a keyword only partly present never beats one that is fully present
OWN_AUDIENCE = 80.0  # a reply under the creator's own post is read by the creator's audience, whoever asked

_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Score:
    relevance: float
    recency: float
    reach: float
    potential: float
    composite: float
    keyword: str | None
    reasons: dict[str, str]

    def bp(self, part: str) -> int:
        """Basis points (0-10000): integers survive storage and comparison without float noise."""
        return round(getattr(self, part) * 100)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("#", " "))


def relevance(text: str, keywords: list[str]) -> tuple[float, str | None]:
    """The BEST single keyword match, so a long keyword list never dilutes a strong hit."""
    tokens = words(text)
    joined = " " + " ".join(tokens) + " "
    glued = "".join(tokens)  # "#buildinpublic" matches the keyword "build in public"
    best, best_kw = 0.0, None
    for keyword in keywords:
        kw_tokens = words(keyword)
        if not kw_tokens:
            continue
        if f" {' '.join(kw_tokens)} " in joined or (len(kw_tokens) > 1 and "".join(kw_tokens) in glued):
            value = 100.0
        else:
            present = sum(1 for t in kw_tokens if t in tokens)
            value = PARTIAL_MATCH_MAX * present / len(kw_tokens) if len(kw_tokens) > 1 else 0.0
        if value > best:
            best, best_kw = value, keyword
    return best, best_kw


def recency(posted_at: datetime | None, now: datetime) -> float:
    if posted_at is None:  # pasted by hand: the creator just saw it, so treat it as fairly fresh
        return 50.0
    hours = max(0.0, (ensure_utc(now) - ensure_utc(posted_at)).total_seconds() / 3600)
    return max(0.0, 100.0 * (1 - hours / MAX_AGE_HOURS))


def reach(followers: int) -> float:
    """Logarithmic: 100 followers → 40, 10k → 80, 100k+ → 100."""
    return min(100.0, 20.0 * math.log10(max(0, followers) + 1))


def potential(candidate: Candidate) -> float:
    """Room to add something: addressed to the creator, or active but not yet crowded."""
    if talking_to_you(candidate):
        return 100.0
    m = candidate.metrics
    activity = min(60.0, 20.0 * math.log10(1 + m.likes + 2 * m.shares + m.comments))
    room = 40.0 if m.comments < 10 else 20.0 if m.comments < 50 else 0.0
    return activity + room


def talking_to_you(candidate: Candidate) -> bool:
    return candidate.summoned or candidate.on_own_post


def score(candidate: Candidate, keywords: list[str], weights: dict[str, int], now: datetime) -> Score:
    rel, keyword = relevance(candidate.text, keywords)
    if talking_to_you(candidate):  # keywords measure a stranger's post's fit; a person talking to you is the niche
        rel = 100.0
    parts = {"relevance": rel, "recency": recency(candidate.posted_at, now),
             "reach": max(reach(candidate.author_followers), OWN_AUDIENCE if candidate.on_own_post else 0.0),
             "potential": potential(candidate)}
    total_weight = sum(weights.values()) or 1
    composite = sum(parts[name] * weights.get(name, 0) for name in parts) / total_weight
    return Score(**parts, composite=composite, keyword=keyword, reasons=_reasons(candidate, keyword, rel, now))


def _reasons(candidate: Candidate, keyword: str | None, rel: float, now: datetime) -> dict[str, str]:
    partial = "" if rel >= 100 else " in part"
    why_rel = "no keyword matched" if keyword is None else f"matched “{keyword}”{partial}"
    if talking_to_you(candidate):
        why_rel = "talking to you: " + ("a comment on your post" if candidate.on_own_post else "you were mentioned")
    if candidate.posted_at is None:
        why_recent = "posting time unknown (added by hand)"
    else:
        hours = (ensure_utc(now) - ensure_utc(candidate.posted_at)).total_seconds() / 3600
        why_recent = f"posted {hours:.1f} h ago (0 at {MAX_AGE_HOURS} h)"
    m = candidate.metrics
    why_potential = ("addressed to you" if candidate.summoned else "on your own post" if candidate.on_own_post
                     else f"{m.likes} likes, {m.shares} shares, {m.comments} replies so far")
    why_reach = f"{candidate.author_followers} followers (log scale, 100k+ = 100)"
    if candidate.on_own_post:
        why_reach += f"; under your own post your audience reads it (at least {OWN_AUDIENCE:.0f})"
    return {"relevance": why_rel, "recency": why_recent, "reach": why_reach, "potential": why_potential}


def too_old(candidate: Candidate, now: datetime) -> bool:
    if candidate.posted_at is None:
        return False
    return (ensure_utc(now) - ensure_utc(candidate.posted_at)).total_seconds() > MAX_AGE_HOURS * 3600


def suggested_type(candidate: Candidate, engagement_types: list[str]) -> str:
    """From the platform's declared capabilities, never from its name."""
    for preferred in ("reply", "comment"):
        if preferred in engagement_types:
            return preferred
    return engagement_types[0] if engagement_types else "reply"


def blocked(candidate: Candidate, authors: list[str], keywords: list[str]) -> str | None:
    """Why a candidate is blocked (None if it is not)."""
    who = {candidate.author_handle.lower().lstrip("@"), candidate.author_id.lower()} - {""}
    if who & set(authors):
        return f"author @{candidate.author_handle or candidate.author_id} is blocked"
    text = " " + " ".join(words(candidate.text)) + " "
    for keyword in keywords:
        if f" {' '.join(words(keyword))} " in text:
            return f"contains blocked keyword “{keyword}”"
    return None
