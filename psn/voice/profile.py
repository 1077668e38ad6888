"""The voice profile: what a creator talks about and how they sound, overall and per platform.

It is plain data (pydantic), stored as JSON; every saved version is kept. Generation reads it,
engagement reads `reply_style`, and `psn voice edit` validates against it before storing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PLATFORMS = ("x", "linkedin", "instagram", "tiktok", "facebook", "wordpress", "blog", "whatsapp")
EmojiHabit = Literal["none", "light", "heavy"]
ReplyStyle = Literal["supportive", "curious", "witty", "expert", "concise"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ToneSliders(_Strict):
    """0-10 scales; 5 is neutral. The generator turns them into plain-language instructions."""

    formality: int = Field(5, ge=0, le=10, description="0 casual … 10 formal")
    warmth: int = Field(5, ge=0, le=10, description="0 detached … 10 warm")
    humor: int = Field(3, ge=0, le=10, description="0 serious … 10 playful")
    boldness: int = Field(5, ge=0, le=10, description="0 hedged … 10 opinionated")
    detail: int = Field(5, ge=0, le=10, description="0 headline-only … 10 in-depth")


class PlatformPersona(_Strict):
    """How the creator adapts on one platform."""

    tone: str = ""
    preferred_formats: list[str] = []
    hashtags_per_post: int = Field(2, ge=0, le=30)
    signature_hashtags: list[str] = []
    emoji: EmojiHabit = "light"
    max_length: int | None = Field(None, ge=1)
    """A personal cap under the platform's own limit (None: the platform's limit)."""

    @field_validator("signature_hashtags")
    @classmethod
    def _bare_hashtags(cls, tags: list[str]) -> list[str]:
        return _clean_words([tag.lstrip("#") for tag in tags])


class VoiceProfile(_Strict):
    schema_version: int = 1
    name: str = ""
    """Who is speaking (shown to the model, e.g. "Ada, a backend engineer")."""
    archetype: str | None = None
    pillars: list[str] = []
    """Content pillars: the 3-5 themes the creator is known for."""
    tone: ToneSliders = ToneSliders()
    style_notes: list[str] = []
    """Free-form habits: "short sentences", "starts with a question", …"""
    avoid_words: list[str] = []
    avoid_topics: list[str] = []
    reference_voices: list[str] = []
    """People whose voice the creator admires (a direction, never something to copy)."""
    reply_style: ReplyStyle = "supportive"
    personas: dict[str, PlatformPersona] = {}

    @field_validator("pillars", "avoid_words", "avoid_topics", "reference_voices", "style_notes")
    @classmethod
    def _clean(cls, values: list[str]) -> list[str]:
        return _clean_words(values)

    @field_validator("personas")
    @classmethod
    def _known_platforms(cls, personas: dict[str, PlatformPersona]) -> dict[str, PlatformPersona]:
        unknown = sorted(set(personas) - set(PLATFORMS))
        if unknown:
            raise ValueError(f"unknown platform(s) {', '.join(unknown)}; known: {', '.join(PLATFORMS)}")
        return personas

    def persona(self, platform: str) -> PlatformPersona:
        """The persona for a platform, or neutral defaults when the creator set none."""
        return self.personas.get(platform) or PlatformPersona()


def _clean_words(values: list[str]) -> list[str]:
    """Strip, drop empties and duplicates (case-insensitively), keep the creator's order."""
    seen: set[str] = set()
    out = []
    for value in values:
        item = value.strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def describe_tone(tone: ToneSliders) -> list[str]:
    """Plain-language instructions for the sliders that are away from neutral."""
    scales = {
        "formality": ("casual and conversational", "formal and polished"),
        "warmth": ("matter-of-fact", "warm and encouraging"),
        "humor": ("serious", "playful, with light humour"),
        "boldness": ("careful and nuanced", "direct and opinionated"),
        "detail": ("brief, headline-level", "detailed and specific"),
    }
    lines = []
    for field, (low, high) in scales.items():
        value = getattr(tone, field)
        if value <= 3:
            lines.append(low)
        elif value >= 7:
            lines.append(high)
    return lines or ["balanced: neither formal nor casual"]
