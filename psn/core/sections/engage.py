"""[engage]: what psn watches for, how it scores what it finds, and the limits on replying."""

import re

from pydantic import Field, field_validator, model_validator

from psn.core.sections.base import Section

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class EngageSettings(Section):
    keywords_add: list[str] = Field(default_factory=list)
    """Niche keywords watched on top of your voice pillars."""
    keywords_remove: list[str] = Field(default_factory=list)
    """Voice pillars (or added keywords) NOT to watch."""
    monitor_platforms: list[str] = Field(default_factory=lambda: ["x", "linkedin", "instagram", "tiktok", "facebook"])
    """Platforms `psn engage monitor` watches when connected (their niche search, comments on your posts)."""
    cap_x: int = Field(20, ge=0, le=500)
    """Replies per day on X."""
    cap_linkedin: int = Field(10, ge=0, le=500)
    """Comments per day on LinkedIn."""
    cap_instagram: int = Field(15, ge=0, le=500)
    """Comments per day on Instagram."""
    cap_tiktok: int = Field(10, ge=0, le=500)
    """Comments per day on TikTok."""
    cap_other: int = Field(10, ge=0, le=500)
    """Replies per day on any other platform."""
    cooldown_minutes: int = Field(5, ge=0, le=1440)
    """Minimum minutes between two engagements (any platform)."""
    blocked_authors: list[str] = Field(default_factory=list)
    """Handles or ids never engaged with (without @)."""
    blocked_keywords: list[str] = Field(default_factory=list)
    """Posts containing any of these are skipped."""
    quiet_hours: str = ""
    """No push notifications in this window, e.g. 22:00-07:00 (your timezone); empty: none."""
    weight_relevance: int = Field(40, ge=0, le=100)
    """Weight of keyword relevance in the score."""
    weight_recency: int = Field(30, ge=0, le=100)
    """Weight of how fresh the post is."""
    weight_reach: int = Field(20, ge=0, le=100)
    """Weight of the author's audience size."""
    weight_potential: int = Field(10, ge=0, le=100)
    """Weight of room to join the conversation (early, active, or addressed to you)."""
    auto_tune: bool = False
    """Let psn move the score weights by itself from reply outcomes (within the bounds below)."""
    auto_tune_min_weight: int = Field(5, ge=0, le=100)
    """Lowest weight auto-tuning may set."""
    auto_tune_max_weight: int = Field(60, ge=0, le=100)
    """Highest weight auto-tuning may set."""
    auto_tune_step: int = Field(5, ge=1, le=20)
    """Largest change auto-tuning makes to one weight at a time."""

    @field_validator("keywords_add", "keywords_remove", "blocked_keywords")
    @classmethod
    def _words(cls, values: list[str]) -> list[str]:
        cleaned = [" ".join(v.split()).lower() for v in values]
        if any(not v for v in cleaned):
            raise ValueError("keywords must not be empty")
        return list(dict.fromkeys(cleaned))

    @field_validator("blocked_authors")
    @classmethod
    def _authors(cls, values: list[str]) -> list[str]:
        cleaned = [v.strip().lstrip("@").lower() for v in values]
        if any(not v or " " in v for v in cleaned):
            raise ValueError("authors are single handles or ids, e.g. [\"spammer\"]")
        return list(dict.fromkeys(cleaned))

    @field_validator("monitor_platforms")
    @classmethod
    def _platforms(cls, values: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        value = value.replace(" ", "")
        if value and not _HHMM.match(value):
            raise ValueError("quiet_hours looks like 22:00-07:00 (or empty for none)")
        return value

    @model_validator(mode="after")
    def _bounds(self) -> "EngageSettings":
        if self.auto_tune_min_weight > self.auto_tune_max_weight:
            raise ValueError("auto_tune_min_weight must not exceed auto_tune_max_weight")
        return self

    def cap_for(self, platform: str) -> int:
        return int(getattr(self, f"cap_{platform}", self.cap_other))

    def weights(self) -> dict[str, int]:
        return {"relevance": self.weight_relevance, "recency": self.weight_recency, "reach": self.weight_reach,
                "potential": self.weight_potential}
