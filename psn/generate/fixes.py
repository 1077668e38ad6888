"""Automatic fixes for drafts that break a limit: shorten, split into a thread, trim hashtags,
drop a caption a format cannot carry. Each works in the platform's own unit of length."""

from __future__ import annotations

import re
from collections.abc import Callable

from psn.core.errors import BadInput
from psn.generate.counting import HASHTAG_RE
from psn.generate.limits import Limits
from psn.generate.models import DraftBody, Script

Measure = Callable[[str], int]
FIXES = ("shorten", "split_into_thread", "trim_hashtags", "drop_caption")
ELLIPSIS = "…"
NUMBER_ROOM = 6  # "25/25 " in front of each post after the first
_TAG_TAIL = re.compile(r"(\s+(?:[#＃]\w+[ \t]*)+)\s*$")
_BOUNDARY = re.compile(r"[.!?…](?=\s)|\n")


def shorten_text(text: str, limit: int, measure: Measure) -> str:
    """The longest version of `text` within `limit`: whole sentences first, then whole words with
    an ellipsis; trailing hashtags are kept if they still fit, dropped otherwise."""
    if measure(text) <= limit:
        return text
    body, tail = split_tag_tail(text)
    for kept_tail in (tail, ""):
        shortened = _shorten_body(body, lambda b, t=kept_tail: measure(b + t) <= limit)
        if shortened:
            return shortened + kept_tail
    return _hard_cut(body, limit, measure)


def split_tag_tail(text: str) -> tuple[str, str]:
    match = _TAG_TAIL.search(text)
    if not match or not text[: match.start()].strip():
        return text, ""
    return text[: match.start()], match.group(1).rstrip()


def _shorten_body(body: str, fits: Callable[[str], bool]) -> str:
    ends = sorted({m.end() if m.group() != "\n" else m.start() for m in _BOUNDARY.finditer(body)}, reverse=True)
    for end in ends:
        candidate = body[:end].rstrip()
        if candidate and fits(candidate):
            return candidate
    words = body.split()
    low, high, best = 1, len(words) - 1, ""
    while low <= high:  # the longest word prefix that fits with an ellipsis
        middle = (low + high) // 2
        candidate = " ".join(words[:middle]).rstrip(" ,;:-–—") + ELLIPSIS
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _hard_cut(text: str, limit: int, measure: Measure) -> str:
    """When not even one word fits: cut characters (a URL or a very long word)."""
    for end in range(len(text), -1, -1):
        candidate = text[:end].rstrip() + ELLIPSIS
        if measure(candidate) <= limit:
            return candidate if end else ""
    return ""


def split_into_thread(text: str, limit: int, measure: Measure, max_parts: int = 25) -> list[str]:
    """Posts of at most `limit`, split at paragraphs, then sentences, then words; posts after the
    first are numbered "2/N". Hashtags stay with the first post when they fit."""
    body, tail = split_tag_tail(text)
    budget = limit - NUMBER_ROOM
    posts: list[str] = []
    for unit in _units(body, budget, measure):
        if posts and measure(f"{posts[-1]} {unit}") <= budget:
            posts[-1] = f"{posts[-1]} {unit}"
        else:
            posts.append(unit)
    if len(posts) > max_parts:
        raise BadInput(
            f"Even as a thread this needs {len(posts)} posts; X allows {max_parts}.",
            hint="Shorten the text, or publish it as an article instead.",
        )
    if tail and measure(posts[0] + tail) <= limit:
        posts[0] += tail
    total = len(posts)
    return [post if i == 1 else f"{i}/{total} {post}" for i, post in enumerate(posts, start=1)]


def _units(body: str, budget: int, measure: Measure) -> list[str]:
    units: list[str] = []
    for paragraph in (p.strip() for p in body.split("\n") if p.strip()):
        if measure(paragraph) <= budget:
            units.append(paragraph)
            continue
        for sentence in re.split(r"(?<=[.!?…])\s+", paragraph):
            units.extend(_word_chunks(sentence, budget, measure) if measure(sentence) > budget else [sentence])
    return units


def _word_chunks(sentence: str, budget: int, measure: Measure) -> list[str]:
    chunks: list[str] = []
    for word in sentence.split():
        if chunks and measure(f"{chunks[-1]} {word}") <= budget:
            chunks[-1] = f"{chunks[-1]} {word}"
        elif measure(word) <= budget:
            chunks.append(word)
        else:
            chunks.append(_hard_cut(word, budget, measure))
    return chunks


def trim_hashtags(body: DraftBody, keep: int) -> DraftBody:
    """Keep the first `keep` hashtags (in reading order across the thread), remove the rest."""
    seen = 0

    def _drop_extra(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= keep else ""

    posts = [_tidy_spaces(HASHTAG_RE.sub(_drop_extra, post)) for post in body.all_posts()]
    kept = [tag for post in posts for tag in HASHTAG_RE.findall(post)]
    return body.model_copy(update={"text": posts[0], "parts": posts[1:], "hashtags": kept})


def _tidy_spaces(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def apply_fix(
    body: DraftBody, fix: str, *, format: str, limits: Limits, personal_max: int | None = None
) -> tuple[DraftBody, str]:
    """Apply one fix; returns the new body and the (possibly new) format."""
    if fix == "shorten":
        return _shorten_all(body, limits, personal_max), format
    if fix == "split_into_thread":
        if limits.text_max is None:
            raise BadInput("This format has no length limit to split on.", hint="Use shorten instead.")
        posts = split_into_thread(body.all_posts()[0], limits.text_max, limits.measure)
        return body.model_copy(update={"text": posts[0], "parts": posts[1:]}), "thread"
    if fix == "trim_hashtags":
        keep = limits.soft_max_hashtags if limits.soft_max_hashtags is not None else limits.max_hashtags
        return trim_hashtags(body, keep if keep is not None else len(body.hashtags)), format
    if fix == "drop_caption":
        script = body.script or Script()
        on_screen = [*script.on_screen_text, body.text] if body.text.strip() else script.on_screen_text
        script = script.model_copy(update={"on_screen_text": on_screen})
        return body.model_copy(update={"text": "", "script": script}), format
    raise BadInput(f"There is no fix called {fix!r}.", hint=f"Fixes: {', '.join(FIXES)}.")


def _shorten_all(body: DraftBody, limits: Limits, personal_max: int | None) -> DraftBody:
    cap = limits.part_max if body.parts else limits.text_max
    if personal_max is not None:
        cap = personal_max if cap is None else min(cap, personal_max)
    posts = body.all_posts() if cap is None else [shorten_text(p, cap, limits.measure) for p in body.all_posts()]
    title = body.title
    if title is not None and limits.title_max is not None:
        title = shorten_text(title, limits.title_max, limits.measure)
    return body.model_copy(update={"text": posts[0], "parts": posts[1:], "title": title})
