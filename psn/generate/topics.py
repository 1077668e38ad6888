"""Three things to post about when the creator has not said: ideas from the bank first (ready,
then seed, then spark; urgent first), then prompts built from the voice profile's pillars."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from psn.ideas.bank import Idea, list_ideas
from psn.store.db import Database
from psn.voice.profile import VoiceProfile

PILLAR_PROMPTS = (
    "Something you learned recently about {pillar}",
    "A mistake you see people make with {pillar}",
    "A question people keep asking you about {pillar}",
)
STAGE_RANK = {"ready": 0, "seed": 1, "spark": 2}
URGENCY_RANK = {"high": 0, "normal": 1, "low": 2}


class TopicSuggestion(BaseModel):
    label: str
    idea_id: int | None = None
    """Set for an idea from the bank; None for a pillar prompt the creator still has to answer."""
    text: str | None = None


def suggest_topics(db: Database, voice: VoiceProfile | None, now: datetime, count: int = 3) -> list[TopicSuggestion]:
    ideas = sorted(list_ideas(db, now), key=_idea_rank)
    suggestions = [TopicSuggestion(label=f"Idea {i.id} ({i.stage}): {_short(i.text)}", idea_id=i.id, text=i.text)
                   for i in ideas[:count]]
    pillars = voice.pillars if voice else []
    for index in range(count * len(PILLAR_PROMPTS)):
        if len(suggestions) >= count or not pillars:
            break
        pillar = pillars[index % len(pillars)]
        prompt = PILLAR_PROMPTS[(index // len(pillars)) % len(PILLAR_PROMPTS)].format(pillar=pillar)
        suggestions.append(TopicSuggestion(label=prompt))
    return suggestions


def _idea_rank(idea: Idea) -> tuple[int, int, int]:
    return STAGE_RANK.get(idea.stage, 3), URGENCY_RANK.get(idea.urgency, 1), -idea.id


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
