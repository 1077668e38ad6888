"""[generation]: drafting rules that are the creator's choice rather than a platform's."""

from pydantic import Field, field_validator

from psn.core.sections.base import Section


class GenerationSettings(Section):
    hashtag_pool: list[str] = Field(default_factory=list)
    """Hashtags psn may add to drafts (without #); the voice profile's per-platform ones come first."""
    duplicate_window_days: int = 7
    """Published posts this recent are compared with a new draft (platforms reject duplicates)."""
    duplicate_threshold: float = 0.8
    """Similarity (0-1) from which a draft is flagged as a near-duplicate."""
    x_max_weighted_length: int = 280
    """X's limit per post; raise it if your account has a longer limit (Premium)."""
    instagram_max_hashtags: int = 30
    """Instagram's API allows 30; the app has shown 5 since late 2025, so psn warns above 5."""

    @field_validator("hashtag_pool")
    @classmethod
    def _bare_tags(cls, value: list[str]) -> list[str]:
        tags = [tag.strip().lstrip("#") for tag in value]
        bad = [tag for tag in tags if not tag or any(ch.isspace() for ch in tag)]
        if bad:
            raise ValueError("hashtags must be single words, e.g. [\"python\", \"testing\"]")
        return tags

    @field_validator("duplicate_window_days")
    @classmethod
    def _window(cls, value: int) -> int:
        if not 0 <= value <= 365:
            raise ValueError("duplicate_window_days must be between 0 and 365")
        return value

    @field_validator("duplicate_threshold")
    @classmethod
    def _threshold(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError("duplicate_threshold must be above 0 and at most 1")
        return value

    @field_validator("x_max_weighted_length")
    @classmethod
    def _x_limit(cls, value: int) -> int:
        if not 1 <= value <= 25_000:
            raise ValueError("x_max_weighted_length must be between 1 and 25000")
        return value

    @field_validator("instagram_max_hashtags")
    @classmethod
    def _ig_tags(cls, value: int) -> int:
        if not 0 <= value <= 30:
            raise ValueError("instagram_max_hashtags must be between 0 and 30")
        return value
