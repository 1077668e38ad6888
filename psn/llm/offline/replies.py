"""Reply options without a model: short, in the creator's reply style, quoting the post itself
rather than pretending to know more about it."""

from __future__ import annotations

from typing import Any

from psn.llm.offline.phrases import allowed
from psn.llm.offline.text import pick, points_of, trim_to, without_end_punctuation

TEMPLATES = {
    "supportive": [
        "Thanks for putting this into words{name}. “{quote}” is the part that stuck with me.",
        "This resonates{name}: “{quote}”.",
        "Saving this one. “{quote}” is worth repeating.",
    ],
    "curious": [
        "What made you land on “{quote}”{name}?",
        "Curious how “{quote}” plays out in practice. What surprised you most?",
        "How did you get to “{quote}”? I'd love to hear more.",
    ],
    "witty": [
        "“{quote}”. Printing this and taping it to my monitor{name}.",
        "Came for the post, staying for “{quote}”.",
        "“{quote}”: the kind of line I wish I'd read sooner.",
    ],
    "expert": [
        "Agree on “{quote}”{name}. The part people miss is usually how it holds up over time.",
        "“{quote}” matches what I've seen. Where does it stop working for you?",
        "Good point on “{quote}”. I'd add one question: what would change your mind?",
    ],
    "concise": ["Well said{name}.", "“{quote}”. Exactly.", "This. “{quote}”"],
}


def compose_replies(brief: dict[str, Any]) -> dict[str, Any]:
    post = brief.get("post") or {}
    voice = brief.get("voice") or {}
    text = str(post.get("text") or "")
    author = str(post.get("author") or "").strip().lstrip("@")
    quote = trim_to(without_end_punctuation((points_of(text) or [text])[0]), 60)
    style = str(voice.get("reply_style") or "supportive")
    options = allowed(TEMPLATES.get(style, TEMPLATES["supportive"]), [str(w) for w in voice.get("avoid_words") or []])
    count = max(1, min(int(brief.get("count") or 3), len(options) or 1))
    limit = int(brief.get("limit") or 280)
    seed = text + "|reply"
    first = options.index(pick(options, seed, int(brief.get("variant") or 0))) if options else 0
    ordered = options[first:] + options[:first]
    name = f", {author.split()[0]}" if author else ""
    replies = [trim_to(t.format(quote=quote, name=name), limit) for t in ordered[:count]]
    return {"options": replies}
