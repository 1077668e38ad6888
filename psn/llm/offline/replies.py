"""Reply options without a model: short, in the creator's reply style, built from fixed phrases
that claim nothing and, at most, quote a few words of the post (never the whole of it, never a
@handle, never a link).

Regenerate asks for the next variant: each round takes phrases no earlier round used (the
creator's reply style first, then the others) and, when the post has several, another clause to
quote. The bank is finite; once it is used up the rounds repeat, and `exhausted` says so (the
note tells the person).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from psn.llm.offline.phrases import allowed
from psn.llm.offline.text import points_of, trim_to, without_end_punctuation

_MENTION = re.compile(r"(?<![\w@])@[\w.]+")
_LINK = re.compile(r"https?://\S+|www\.\S+")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_CLAUSE = re.compile(r"\s*[,;:—–]\s*|\s+-\s+|\s*\(\s*|\s*\)\s*")
MIN_QUOTE_WORDS, MAX_QUOTE_WORDS = 3, 8
SHORT_POST_WORDS = 12  # below this, any quote is most of the post: reply without one

QUOTING = {
    "supportive": ["“{quote}” is the part that stuck with me{name}.", "Thanks for putting “{quote}” into words{name}.",
                   "“{quote}” deserves more attention{name}."],
    "curious": ["What made you land on “{quote}”{name}?", "How does “{quote}” play out in practice{name}?",
                "Where did “{quote}” start for you{name}?"],
    "witty": ["“{quote}”: underrated sentence of the day{name}.", "Came for the post, staying for “{quote}”.",
              "“{quote}” should be on a poster{name}."],
    "expert": ["Agree on “{quote}”{name}. Where does it stop holding?", "“{quote}”: what would change your mind on it?",
               "Good point on “{quote}”{name}. What is the first thing you would check?"],
    "concise": ["“{quote}”. Well put{name}.", "“{quote}”: agreed.", "This: “{quote}”."],
}
PLAIN = {
    "supportive": ["Thanks for sharing this{name}.", "This is worth saying out loud{name}.",
                   "Glad you wrote this up{name}."],
    "curious": ["What led you to this{name}?", "What would you do differently next time{name}?",
                "Curious what the hardest part was{name}."],
    "witty": ["Bookmarking before the algorithm hides it again.", "Quietly nodding along here{name}.",
              "Someone had to say it{name}."],
    "expert": ["Where does this stop working{name}?", "What is the exception you see most often{name}?",
               "What would you add for someone just starting out{name}?"],
    "concise": ["Well said{name}.", "Agreed{name}.", "Good one{name}."],
}


def compose_replies(brief: dict[str, Any]) -> dict[str, Any]:
    post = brief.get("post") or {}
    voice = brief.get("voice") or {}
    own = {h.strip().lstrip("@").lower() for h in brief.get("own_handles") or [] if str(h).strip()}
    text = str(post.get("text") or "")
    avoid = [str(w) for w in voice.get("avoid_words") or []]
    count = max(1, min(int(brief.get("count") or 3), 3))
    limit = int(brief.get("limit") or 280)
    variant = max(int(brief.get("variant") or 0), 0)
    quotes = quotable_clauses(text)
    styles = _styles_from(str(voice.get("reply_style") or "supportive"))
    chosen, exhausted = _round(_bank(QUOTING, styles, avoid) if quotes else [], _bank(PLAIN, styles, avoid),
                               variant, count)
    quote = quotes[variant % len(quotes)] if quotes else ""  # another clause each round, when there is one
    name = _first_name(str(post.get("author") or ""), own)
    seed = hashlib.sha256(text.encode("utf-8")).digest()[0]
    chosen = chosen[seed % len(chosen):] + chosen[: seed % len(chosen)] if chosen else []
    replies = [trim_to(t.format(quote=quote, name=name), limit) for t in chosen]
    return {"options": list(dict.fromkeys(replies)), "exhausted": exhausted}


def quotable_clauses(text: str) -> list[str]:
    """Clauses of 3 to 8 words from the post with mentions, links and hashtags removed; none
    when the post is so short that a quote would be most of it."""
    clean = " ".join(_HASHTAG.sub(" ", _LINK.sub(" ", _MENTION.sub(" ", text))).split())
    if len(clean.split()) < SHORT_POST_WORDS:
        return []
    clauses: list[str] = []
    for sentence in points_of(clean):
        for clause in _CLAUSE.split(sentence):
            clause = without_end_punctuation(clause.strip(" \"'“”"))
            if MIN_QUOTE_WORDS <= len(clause.split()) <= MAX_QUOTE_WORDS and clause not in clauses:
                clauses.append(clause)
    return clauses


def _styles_from(style: str) -> list[str]:
    """The creator's style first; later rounds borrow the others rather than repeat."""
    own = style if style in PLAIN else "supportive"
    return [own, *(s for s in PLAIN if s != own)]


def _bank(phrases: dict[str, list[str]], styles: list[str], avoid: list[str]) -> list[str]:
    return allowed([phrase for style in styles for phrase in phrases[style]], avoid)


def _round(quoting: list[str], plain: list[str], variant: int, count: int) -> tuple[list[str], bool]:
    """The variant-th round: one phrase that quotes the post (when it can be quoted) and plain
    ones, none of them used in an earlier round while the bank lasts."""
    per_round_quoting = 1 if quoting and count > 1 else 0
    per_round_plain = count - per_round_quoting
    rounds = min(len(quoting) if per_round_quoting else 10**6, len(plain) // max(per_round_plain, 1))
    if rounds == 0:
        return [], True
    r = variant % rounds
    picked = quoting[r : r + per_round_quoting] + plain[r * per_round_plain : (r + 1) * per_round_plain]
    return picked, variant >= rounds


def _first_name(author: str, own: set[str]) -> str:
    name = author.strip().lstrip("@")
    if not name or name.lower() in own or name.split()[0].lower() in own:
        return ""
    return f", {name.split()[0]}"
