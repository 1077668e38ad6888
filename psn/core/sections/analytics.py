"""[analytics]: how engagement is weighted and how often published content is measured."""

from pydantic import Field, field_validator

from psn.core.sections.base import Section

KINDS = ("view", "like", "share", "comment", "click", "save", "reply", "conversion")

# Why these weights: a view costs the audience nothing; a like a tap; a comment, reply or save is
# deliberate effort (a save says "I will come back"), a click leaves the platform for you, a share
# spends the sharer's own reputation, and a conversion is the outcome a creator actually wants.
DEFAULT_WEIGHTS = {"view": 1, "like": 2, "share": 5, "comment": 4, "click": 3, "save": 4, "reply": 4,
                   "conversion": 10}


class AnalyticsSettings(Section):
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Weighted engagement score per event kind (view, like, share, comment, click, save, reply, conversion)."""
    fresh_days: int = 7
    """Content up to this many days old is measured on every pull."""
    warm_days: int = 30
    """Content up to this many days old is measured every `warm_every_days`; older only on demand (--all)."""
    warm_every_days: int = 3
    """How often (days) warm content is measured again."""
    max_posts_per_run: int = 300
    """Analytics budget: at most this many posts are measured per pull (youngest first)."""

    @field_validator("weights")
    @classmethod
    def _known_kinds(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown event kinds {unknown}; use {', '.join(KINDS)}")
        if any(weight < 0 for weight in value.values()):
            raise ValueError("weights must be zero or positive")
        return {**{kind: 0.0 for kind in KINDS}, **value}

    @field_validator("fresh_days", "warm_days", "warm_every_days", "max_posts_per_run")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value
