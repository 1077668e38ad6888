"""Noticing an answer a small model did not really write: the prompt's own example placeholders
("first reply", "second reply"), its instructions copied back, or talk about the request itself
("The creator wants it in JSON format only…"). Such text is never offered or published: the
caller raises `LLMUnusable` with the answer kept, so the person sees what the model said.
"""

from __future__ import annotations

import re

RUN_WORDS = 8
"""Eight words in a row copied from the instructions is an echo, not a coincidence."""
_QUOTED = re.compile(r'"([^"{}\n]{3,80})"')
_BRIEF = re.compile(r"```psn-brief.*?```", re.DOTALL)
_WORD = re.compile(r"[a-z0-9']+")
_META = re.compile(
    r"\b(?:the (?:creator|user) (?:wants|asked|would like|needs|requested)|in json format|json object"
    r"|as an ai\b|here (?:is|are) (?:the|a|some|three|two) (?:json|repl|post|draft|option)"
    r"|the (?:prompt|instructions) (?:say|ask))",
    re.IGNORECASE,
)


def echo_problem(text: str, prompt: str, *, own_text: str = "") -> str | None:
    """Why `text` (one option, or a post) is an echo of `prompt`, or None when it reads as written.
    `own_text` is material the answer may legitimately repeat (the idea, the post replied to)."""
    words = _words(text)
    if not words:
        return None
    prompt = _BRIEF.sub("", prompt)  # the brief is data (the idea, the voice), not instructions
    if _normal(text) in _placeholders(prompt, own_text):
        return f"it is the prompt's example placeholder {text.strip()!r}"
    if _META.search(text) and not _META.search(own_text):
        return "it talks about the request instead of answering it"
    allowed = _runs(_words(own_text))
    copied = _runs(words) & (_runs(_words(prompt)) - allowed)
    if copied:
        return "it repeats the prompt's instructions"
    return None


def _placeholders(prompt: str, own_text: str) -> set[str]:
    own = _normal(own_text)
    quoted = (_normal(q) for q in _QUOTED.findall(prompt))
    return {q for q in quoted if len(q.split()) >= 2 and q not in own}  # "first reply"; a lone "text" is a key


def _normal(text: str) -> str:
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}
