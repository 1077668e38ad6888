"""The offline composer's phrase banks. None of them states a fact: they frame the creator's idea,
invite a response or point to the next slide. Phrases containing an avoided word are skipped."""

from __future__ import annotations

from psn.llm.offline.text import mentions_any, pick

CLOSING_QUESTIONS = {
    "supportive": ["What would you add?", "Has this been your experience too?", "Who else needs to hear this?"],
    "curious": ["What's your take?", "How do you handle this?", "What am I missing?"],
    "witty": ["Tell me I'm not the only one.", "Agree, or fight me (politely) in the replies.", "Your move."],
    "expert": ["Where do you disagree?", "What would you do differently?", "What's your approach?"],
    "concise": ["Thoughts?", "Agree?", "Your take?"],
}
SAVE_PROMPTS = ["Save this for later.", "Share it with someone who needs it.", "Bookmark this one."]
SWIPE_PROMPTS = ["Swipe through →", "The short version, slide by slide →", "Swipe for the breakdown →"]
THREAD_MARKERS = {"none": "A short thread:", "light": "A short thread 🧵", "heavy": "🧵👇"}
# no "Follow for more": a call to follow is self-promotion the creator never asked for
VIDEO_CLOSERS = ["Comment if you want part two.", "Save this and try it.", "What would you try first?"]
EMOJI = {"light": ["💡", "👉", "✨"], "heavy": ["🔥", "🚀", "💡", "👇", "✨"]}


def allowed(options: list[str], avoid_words: list[str]) -> list[str]:
    kept = [option for option in options if not mentions_any(option, avoid_words)]
    return kept or options[:0]


def closing_question(reply_style: str, avoid_words: list[str], seed: str, variant: int) -> str:
    options = allowed(CLOSING_QUESTIONS.get(reply_style, CLOSING_QUESTIONS["supportive"]), avoid_words)
    return pick(options, seed + "|question", variant)


def one_of(options: list[str], avoid_words: list[str], seed: str, variant: int) -> str:
    return pick(allowed(options, avoid_words), seed, variant)


def emoji_for(habit: str, seed: str, variant: int) -> str:
    return pick(EMOJI.get(habit, []), seed + "|emoji", variant)
