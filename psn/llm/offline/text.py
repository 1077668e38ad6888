"""Small text tools for the offline composer: split an idea into points, trim to a budget."""

from __future__ import annotations

import hashlib
import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\s])")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
ELLIPSIS = "…"


def points_of(idea: str) -> list[str]:
    """The idea's sentences and list items, in order, stripped of bullets."""
    points: list[str] = []
    for line in idea.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if _BULLET.match(line):
            points.append(_BULLET.sub("", line).strip())
            continue
        points.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return points


def trim_to(text: str, budget: int) -> str:
    """At most `budget` characters, cut at a word boundary with an ellipsis when cut at all."""
    text = text.strip()
    if len(text) <= budget:
        return text
    if budget <= 1:
        return ELLIPSIS[:budget]
    cut = text[: budget - 1]
    space = cut.rfind(" ")
    if space > budget // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def without_end_punctuation(text: str) -> str:
    return text.rstrip(" .!?…:;,")


def short_line(text: str, words: int = 7) -> str:
    """A few words for on-screen text."""
    parts = without_end_punctuation(text).split()
    return " ".join(parts[:words]) + (ELLIPSIS if len(parts) > words else "")


def pick(options: list[str], seed: str, variant: int = 0) -> str:
    """A deterministic choice: the same idea gets the same phrase; `variant` moves to the next."""
    if not options:
        return ""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return options[(digest[0] + variant) % len(options)]


def mentions_any(text: str, words: list[str]) -> bool:
    lowered = text.lower()
    return any(word.lower() in lowered for word in words if word)


def fit_points(points: list[str], budget: int, joiner: str = " ") -> list[str]:
    """The leading points that fit in `budget` characters together (at least the first, trimmed)."""
    kept: list[str] = []
    used = 0
    for point in points:
        extra = len(point) + (len(joiner) if kept else 0)
        if used + extra > budget:
            break
        kept.append(point)
        used += extra
    if not kept and points:
        kept = [trim_to(points[0], budget)]
    return kept


def group_into_parts(points: list[str], budget: int, merge_below: int | None = None) -> list[str]:
    """Consecutive points joined while together they stay under `merge_below` (default: the
    budget), so short points share a part; a point longer than the budget is trimmed to fit."""
    soft = min(budget, merge_below or budget)
    parts: list[str] = []
    current = ""
    for point in points:
        point = trim_to(point, budget)
        if current and len(current) + 1 + len(point) <= soft:
            current = f"{current} {point}"
            continue
        if current:
            parts.append(current)
        current = point
    if current:
        parts.append(current)
    return parts
