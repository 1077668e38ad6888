"""Post shapes for each platform and format, built only from the idea's own sentences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psn.llm.offline import phrases
from psn.llm.offline.text import (
    fit_points,
    group_into_parts,
    points_of,
    short_line,
    trim_to,
    without_end_punctuation,
)

MAX_SECTIONS = 8
THREAD_MERGE_BELOW = 140  # short points share a post; a thread of one-liners reads as padding


@dataclass(frozen=True)
class Ask:
    """What one post brief asks for, with defaults for anything a caller left out."""

    platform: str
    format: str
    hook: str
    points: list[str]
    hashtags: list[str]
    reply_style: str
    emoji: str
    avoid_words: list[str]
    seed: str
    variant: int
    text_budget: int
    part_budget: int
    title_budget: int
    added: list[str] = field(default_factory=list)
    """Everything put in that the creator did not write, for the note (the composer's honesty)."""

    @property
    def tag_line(self) -> str:
        return " ".join(f"#{tag}" for tag in self.hashtags)

    def adds(self, what: str, text: str) -> str:
        """Record `text` as added (when there is any) and return it."""
        if text and f"{what} “{text}”" not in self.added:
            self.added.append(f"{what} “{text}”")
        return text

    def question(self) -> str:
        return self.adds("the closing question",
                         phrases.closing_question(self.reply_style, self.avoid_words, self.seed, self.variant))

    def emoji_mark(self) -> str:
        return self.adds("the emoji", phrases.emoji_for(self.emoji, self.seed, self.variant))

    def phrase(self, options: list[str], kind: str) -> str:
        return self.adds("the line", phrases.one_of(options, self.avoid_words, f"{self.seed}|{kind}", self.variant))


def read_ask(brief: dict[str, Any]) -> Ask:
    idea = str(brief.get("idea") or "").strip()
    points = points_of(idea) or [idea]
    voice = brief.get("voice") or {}
    limits = brief.get("limits") or {}
    wanted = int(voice.get("hashtags_per_post", 2))
    text_budget = int(limits.get("text") or 2000)
    return Ask(
        platform=str(brief.get("platform", "")),
        format=str(brief.get("format", "")),
        hook=points[0],
        points=points[1:],
        hashtags=[str(t).lstrip("#") for t in brief.get("hashtags") or []][: max(wanted, 0)],
        reply_style=str(voice.get("reply_style", "supportive")),
        emoji=str(voice.get("emoji", "none")),
        avoid_words=[str(w) for w in voice.get("avoid_words") or []],
        seed=f"{idea}|{brief.get('platform')}|{brief.get('format')}",
        variant=int(brief.get("variant") or 0),
        text_budget=text_budget,
        part_budget=int(limits.get("part") or text_budget),
        title_budget=int(limits.get("title") or 100),
    )


def compose_post(brief: dict[str, Any]) -> dict[str, Any]:
    ask = read_ask(brief)
    shape = SHAPES.get((ask.platform, ask.format)) or SHAPES_BY_FORMAT.get(ask.format, _feed_post)
    body = shape(ask)
    body.setdefault("parts", [])
    body.setdefault("slides", [])
    body.setdefault("title", None)
    body.setdefault("script", None)
    body["hashtags"] = ask.hashtags if body.pop("with_hashtags", True) else []
    if body["hashtags"]:
        noun = "hashtags" if len(ask.hashtags) > 1 else "hashtag"
        ask.added.append(f"the {noun} {ask.tag_line} (psn's pick from your pillars and hashtag pool)")
    body["added"] = list(dict.fromkeys(ask.added))
    return body


def _with_tags(text: str, ask: Ask, separator: str = "\n\n") -> str:
    return f"{text}{separator}{ask.tag_line}" if ask.hashtags else text


def _x_single(ask: Ask) -> dict[str, Any]:
    room = ask.text_budget - (len(ask.tag_line) + 1 if ask.hashtags else 0)
    text = " ".join(fit_points([ask.hook, *ask.points], room))
    return {"text": _with_tags(text, ask, " ")}


def _x_thread(ask: Ask) -> dict[str, Any]:
    marker = ask.adds("the thread marker", phrases.THREAD_MARKERS.get(ask.emoji, phrases.THREAD_MARKERS["none"]))
    budget = ask.part_budget - 6  # room for the "10/12 " numbering
    first = _with_tags(trim_to(ask.hook, budget - len(marker) - len(ask.tag_line) - 4) + f"\n\n{marker}", ask)
    body = group_into_parts(ask.points, budget, THREAD_MERGE_BELOW)
    posts = [first, *body, ask.question()]
    total = len(posts)
    numbered = [f"{i}/{total} {post}" if i > 1 else post for i, post in enumerate(posts, start=1)]
    ask.added.append(f"the numbering 2/{total} … {total}/{total}")
    return {"text": numbered[0], "parts": numbered[1:]}


def _feed_post(ask: Ask) -> dict[str, Any]:
    """LinkedIn and Facebook: a hook line, one short paragraph per point, a question."""
    mark = ask.emoji_mark()
    hook = f"{ask.hook} {mark}".strip() if mark else ask.hook
    paragraphs = [hook, *ask.points[:MAX_SECTIONS], ask.question()]
    room = ask.text_budget - len(ask.tag_line) - 2
    return {"text": _with_tags("\n\n".join(fit_points(paragraphs, room, "\n\n")), ask)}


def _caption(ask: Ask, lead: str | None = None, closer: str | None = None) -> str:
    parts = [ask.hook]
    if lead:
        parts.append(lead)
    else:
        parts.extend(ask.points[:MAX_SECTIONS])
    parts.append(closer or ask.question())
    room = ask.text_budget - len(ask.tag_line) - 2
    return _with_tags("\n\n".join(fit_points(parts, room, "\n\n")), ask)


def _instagram_image(ask: Ask) -> dict[str, Any]:
    return {"text": _caption(ask)}


def _carousel(ask: Ask) -> dict[str, Any]:
    swipe = ask.phrase(phrases.SWIPE_PROMPTS, "swipe")
    save = ask.phrase(phrases.SAVE_PROMPTS, "save")
    slides = [without_end_punctuation(ask.hook), *ask.points[: MAX_SECTIONS], save]
    return {"text": _caption(ask, lead=swipe, closer=save), "slides": slides}


def _video(ask: Ask) -> dict[str, Any]:
    closer = ask.phrase(phrases.VIDEO_CLOSERS, "video")
    beats = ask.points[:MAX_SECTIONS] or [ask.adds("the beat", f"Show it: {ask.hook}")]
    caption = _caption(ask, lead=short_line(ask.points[0], 12) if ask.points else None, closer=closer)
    script = {
        "hook": ask.hook,
        "beats": beats,
        "on_screen_text": [short_line(ask.hook), *(short_line(b) for b in beats)],
        "caption": caption,
    }
    return {"text": caption, "script": script}


def _story(ask: Ask) -> dict[str, Any]:
    """Stories take no caption through the API: the words go on the image."""
    frames = [short_line(ask.hook, 10), *(short_line(p, 10) for p in ask.points[:2])]
    script = {"hook": ask.hook, "beats": [], "on_screen_text": frames, "caption": ""}
    return {"text": "", "script": script, "with_hashtags": False}


def _tiktok_photo(ask: Ask) -> dict[str, Any]:
    return {"text": _caption(ask), "title": trim_to(without_end_punctuation(ask.hook), ask.title_budget)}


def _article(ask: Ask) -> dict[str, Any]:
    """A structure to expand, in Markdown: the point, the idea's points as a list, a question."""
    title = trim_to(without_end_punctuation(ask.hook), ask.title_budget)
    blocks = [ask.hook]
    if ask.points:
        blocks += [ask.adds("the heading", "## In short"), "\n".join(f"- {point}" for point in ask.points)]
    blocks += [ask.adds("the heading", "## Over to you"), ask.question()]
    return {"text": "\n\n".join(blocks), "title": title, "with_hashtags": False}


def _message(ask: Ask) -> dict[str, Any]:
    return {"text": " ".join(fit_points([ask.hook, *ask.points], ask.text_budget)), "with_hashtags": False}


Shape = Callable[[Ask], dict[str, Any]]
SHAPES: dict[tuple[str, str], Shape] = {
    ("x", "single"): _x_single,
    ("x", "thread"): _x_thread,
    ("instagram", "image"): _instagram_image,
    ("instagram", "carousel"): _carousel,
    ("instagram", "reel"): _video,
    ("instagram", "story"): _story,
    ("tiktok", "video"): _video,
    ("tiktok", "photo"): _tiktok_photo,
}
SHAPES_BY_FORMAT: dict[str, Shape] = {
    "post": _feed_post,
    "article": _article,
    "message": _message,
    "single": _x_single,
    "thread": _x_thread,
}
