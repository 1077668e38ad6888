"""Starter voices for someone who has never posted: a sensible tone and per-platform habits to
edit later. Pillars are always the creator's own; an archetype never invents a topic."""

from __future__ import annotations

from dataclasses import dataclass

from psn.core.errors import BadInput
from psn.voice.profile import PlatformPersona, ReplyStyle, ToneSliders, VoiceProfile


@dataclass(frozen=True)
class Archetype:
    name: str
    summary: str
    tone: ToneSliders
    style_notes: tuple[str, ...]
    reply_style: ReplyStyle
    emoji: str
    short_form: tuple[str, ...]  # preferred formats where there is a choice


ARCHETYPES: dict[str, Archetype] = {
    a.name: a
    for a in (
        Archetype(
            "educator", "Explains things clearly, step by step; people save your posts.",
            ToneSliders(formality=4, warmth=7, humor=3, boldness=5, detail=7),
            ("one idea per post", "concrete examples", "ends with a takeaway"),
            "supportive", "light", ("thread", "carousel"),
        ),
        Archetype(
            "builder", "Builds in public: progress, numbers you really have, lessons learned.",
            ToneSliders(formality=2, warmth=6, humor=4, boldness=6, detail=6),
            ("first person", "shows the work", "honest about what failed"),
            "curious", "light", ("single", "reel"),
        ),
        Archetype(
            "storyteller", "Starts from a moment and lands on a point.",
            ToneSliders(formality=3, warmth=8, humor=5, boldness=4, detail=5),
            ("opens with a scene", "short paragraphs", "one lesson at the end"),
            "supportive", "light", ("single", "reel"),
        ),
        Archetype(
            "curator", "Finds the best of your field and says why it matters.",
            ToneSliders(formality=5, warmth=5, humor=2, boldness=4, detail=5),
            ("credits the source", "adds one line of opinion", "scannable lists"),
            "curious", "none", ("thread", "carousel"),
        ),
        Archetype(
            "expert", "Takes clear positions backed by experience.",
            ToneSliders(formality=6, warmth=4, humor=2, boldness=8, detail=7),
            ("states the claim first", "gives the reasoning", "no hedging filler"),
            "expert", "none", ("single", "carousel"),
        ),
        Archetype(
            "entertainer", "Makes people smile first and think second.",
            ToneSliders(formality=1, warmth=7, humor=9, boldness=6, detail=3),
            ("punchy lines", "pop-culture references only when natural", "a twist at the end"),
            "witty", "heavy", ("single", "reel"),
        ),
    )
}

_PLATFORM_FORMATS = {
    "x": ("single", "thread"),
    "linkedin": ("post",),
    "instagram": ("reel", "carousel", "image"),
    "tiktok": ("video", "photo"),
    "facebook": ("post",),
}
_HASHTAGS_PER_POST = {"x": 1, "linkedin": 3, "instagram": 5, "tiktok": 4, "facebook": 1}


def archetype_names() -> list[str]:
    return list(ARCHETYPES)


def get_archetype(name: str) -> Archetype:
    try:
        return ARCHETYPES[name.strip().lower()]
    except KeyError:
        raise BadInput(
            f"There is no archetype called {name!r}.",
            hint=f"Pick one of: {', '.join(ARCHETYPES)}.",
        ) from None


def profile_from_archetype(name: str, pillars: list[str], display_name: str = "") -> VoiceProfile:
    archetype = get_archetype(name)
    personas = {}
    for platform, formats in _PLATFORM_FORMATS.items():
        preferred = [f for f in archetype.short_form if f in formats] or list(formats[:1])
        personas[platform] = PlatformPersona(
            preferred_formats=preferred,
            hashtags_per_post=_HASHTAGS_PER_POST[platform],
            emoji=archetype.emoji,  # type: ignore[arg-type]
        )
    return VoiceProfile(
        name=display_name,
        archetype=archetype.name,
        pillars=pillars,
        tone=archetype.tone.model_copy(),
        style_notes=list(archetype.style_notes),
        reply_style=archetype.reply_style,
        personas=personas,
    )
