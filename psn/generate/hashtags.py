"""Which hashtags a draft gets: the creator's signature tags for the platform first, then tags
the idea already names, then pool tags the idea mentions, then pillar tags, then the rest of
the pool — never an avoided word, never more than the persona's habit or the platform allows."""

from __future__ import annotations

import re

from psn.generate.counting import hashtags_in
from psn.voice.profile import VoiceProfile

NO_HASHTAG_FORMATS = frozenset({"article", "message", "story"})


def pillar_tag(pillar: str) -> str:
    return re.sub(r"[^\w]", "", pillar.lower())


def choose_hashtags(
    *, platform: str, format: str, voice: VoiceProfile, idea: str, pool: list[str], max_allowed: int | None
) -> list[str]:
    if format in NO_HASHTAG_FORMATS:
        return []
    persona = voice.persona(platform)
    wanted = persona.hashtags_per_post if max_allowed is None else min(persona.hashtags_per_post, max_allowed)
    if wanted <= 0:
        return []
    lowered = idea.lower()
    mentioned = [tag for tag in pool if re.search(rf"(?<!\w){re.escape(tag.lower())}(?!\w)", lowered)]
    ordered = [
        *persona.signature_hashtags,
        *hashtags_in(idea),
        *mentioned,
        *(pillar_tag(p) for p in voice.pillars),
        *pool,
    ]
    avoided = {w.lower() for w in voice.avoid_words}
    chosen: list[str] = []
    for tag in (t.lstrip("#＃") for t in ordered):
        if tag and tag.lower() not in avoided and tag.lower() not in (c.lower() for c in chosen):
            chosen.append(tag)
    return chosen[:wanted]
