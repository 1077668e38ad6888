"""Build a voice profile from things the creator already wrote, offline and explainably.

Heuristics, not a model: frequent content words and word pairs become pillar suggestions,
hashtag and emoji counts become per-platform habits, average length and punctuation nudge the
tone sliders. Everything found is returned with the numbers behind it, so the creator can judge.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from psn.core.errors import BadInput
from psn.core.files import read_text_file
from psn.voice.profile import PLATFORMS, EmojiHabit, PlatformPersona, ToneSliders, VoiceProfile

MIN_POSTS = 3
_SEPARATOR = re.compile(r"\n\s*(?:-{3,}|={3,})\s*\n|\n\s*\n")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HASHTAG = re.compile(r"#(\w+)")
_MENTION = re.compile(r"@\w+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
_CONTRACTION = re.compile(r"\b\w+['’](?:s|t|re|ve|ll|d|m)\b", re.IGNORECASE)
_LAUGH = re.compile(r"\b(?:haha\w*|lol|lmao)\b|😂|🤣", re.IGNORECASE)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further get got
    had has have having he her here hers herself him himself his how i if in into is it its itself just
    let like me more most much my myself no nor not now of off on once only or other our ours ourselves
    out over own really same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves one two new today make made way thing things
    know think want need going time people don't it's i'm that's can't won't i've you're we're they're
    every still even ever many well back first last good great here's there's what's lot something""".split()  # noqa: SIM905
)


class ImportAnalysis(BaseModel):
    posts: int
    average_length: int
    longest: int
    pillars: list[str]
    word_counts: dict[str, int]
    hashtags: list[str]
    hashtags_per_post: float
    emoji_per_post: float
    emoji: EmojiHabit
    question_rate: float
    exclamation_rate: float
    tone: ToneSliders


def split_posts(text: str) -> list[str]:
    """Posts separated by blank lines or a line of `---`/`===`."""
    return [part.strip() for part in _SEPARATOR.split(text.replace("\r\n", "\n")) if part.strip()]


def read_posts_file(path: Path) -> list[str]:
    """A text file (posts separated by blank lines) or a JSON export: a list of strings or of
    objects with a `text`, `full_text` or `content` field."""
    raw = read_text_file(path, "a file of past posts")
    if path.suffix.lower() == ".json":
        return _posts_from_json(raw, path)
    return split_posts(raw)


def _posts_from_json(raw: str, path: Path) -> list[str]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        hint = "Fix the file, or save the posts as plain text."
        raise BadInput(f"{path} is not valid JSON: {exc}.", hint=hint) from None
    if not isinstance(data, list):
        raise BadInput(f"{path} must hold a JSON list of posts.", hint='Use ["first post", "second post"].')
    posts = []
    for item in data:
        if isinstance(item, str):
            posts.append(item)
        elif isinstance(item, dict):
            posts.append(next((str(item[k]) for k in ("text", "full_text", "content") if item.get(k)), ""))
    return [p.strip() for p in posts if p.strip()]


def content_words(post: str) -> list[str]:
    cleaned = _MENTION.sub(" ", _HASHTAG.sub(" ", _URL.sub(" ", post)))
    words = [w.lower().replace("’", "'") for w in _WORD.findall(cleaned)]
    return [w for w in words if len(w) >= 4 and w not in STOPWORDS]


def suggest_pillars(posts: list[str], limit: int = 5) -> tuple[list[str], dict[str, int]]:
    """Recurring word pairs first (they name topics better), then recurring single words.
    A candidate must appear in at least two posts, so one long post cannot dominate; ties go to
    what appeared first (dicts, not sets, keep that order stable from run to run)."""
    singles: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for post in posts:
        words = content_words(post)
        singles.update(list(dict.fromkeys(words)))
        pairs.update(list(dict.fromkeys(f"{a} {b}" for a, b in itertools.pairwise(words) if a != b)))
    chosen: list[str] = []
    for pair, count in pairs.most_common():
        if count < 2 or len(chosen) >= 2:
            break
        chosen.append(pair)
    covered = {word for pair in chosen for word in pair.split()}
    for word, count in singles.most_common():
        if len(chosen) >= limit or count < 2:
            break
        if word not in covered:
            chosen.append(word)
    counts = {c: (pairs[c] if " " in c else singles[c]) for c in chosen}
    return chosen, counts


def analyse_posts(posts: list[str]) -> ImportAnalysis:
    if len(posts) < MIN_POSTS:
        raise BadInput(
            f"Found {len(posts)} post(s); psn needs at least {MIN_POSTS} to learn anything about your voice.",
            hint="Separate posts with a blank line or a line of ---, or start from an archetype (--archetype).",
        )
    count = len(posts)
    lengths = [len(p) for p in posts]
    tags = Counter(tag.lower() for p in posts for tag in _HASHTAG.findall(p))
    emoji_per_post = sum(len(_EMOJI.findall(p)) for p in posts) / count
    question_rate = sum("?" in p for p in posts) / count
    exclamation_rate = sum("!" in p for p in posts) / count
    pillars, word_counts = suggest_pillars(posts)
    return ImportAnalysis(
        posts=count,
        average_length=round(sum(lengths) / count),
        longest=max(lengths),
        pillars=pillars,
        word_counts=word_counts,
        hashtags=[tag for tag, n in tags.most_common(10) if n >= 2],
        hashtags_per_post=round(sum(tags.values()) / count, 2),
        emoji_per_post=round(emoji_per_post, 2),
        emoji=_emoji_habit(emoji_per_post),
        question_rate=round(question_rate, 2),
        exclamation_rate=round(exclamation_rate, 2),
        tone=_guess_tone(posts, lengths, exclamation_rate),
    )


def _emoji_habit(per_post: float) -> EmojiHabit:
    if per_post < 0.2:
        return "none"
    return "light" if per_post < 1.5 else "heavy"


def _guess_tone(posts: list[str], lengths: list[int], exclamation_rate: float) -> ToneSliders:
    count = len(posts)
    contraction_rate = sum(bool(_CONTRACTION.search(p)) for p in posts) / count
    laugh_rate = sum(bool(_LAUGH.search(p)) for p in posts) / count
    average = sum(lengths) / count
    return ToneSliders(
        formality=_clamp(6 - round(contraction_rate * 4)),
        warmth=5,
        humor=_clamp(2 + round(laugh_rate * 8)),
        boldness=_clamp(4 + round(exclamation_rate * 4)),
        detail=3 if average < 120 else 7 if average > 600 else 5,
    )


def _clamp(value: int) -> int:
    return max(0, min(10, value))


def profile_from_posts(posts: list[str], platform: str | None = None) -> tuple[VoiceProfile, ImportAnalysis]:
    """A profile whose habits mirror the posts. With `platform`, only that persona is set (the
    posts came from there); otherwise every platform starts from the same habits."""
    if platform is not None and platform not in PLATFORMS:
        raise BadInput(f"Unknown platform {platform!r}.", hint=f"Use one of: {', '.join(PLATFORMS)}.")
    analysis = analyse_posts(posts)
    persona = PlatformPersona(
        hashtags_per_post=min(30, round(analysis.hashtags_per_post)),
        signature_hashtags=analysis.hashtags[:5],
        emoji=analysis.emoji,
    )
    targets = [platform] if platform else ["x", "linkedin", "instagram", "tiktok", "facebook"]
    notes = [f"posts are usually about {analysis.average_length} characters"]
    if analysis.question_rate >= 0.3:
        notes.append("often asks the reader a question")
    profile = VoiceProfile(
        pillars=analysis.pillars,
        tone=analysis.tone,
        style_notes=notes,
        personas={name: persona.model_copy() for name in targets},
    )
    return profile, analysis
