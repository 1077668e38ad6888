"""[learn]: when the learning loop runs, how it scores prompt versions and how boldly it explores."""

from pydantic import field_validator

from psn.core.sections.base import Section


class LearnSettings(Section):
    event_threshold: int = 100
    """A post triggers a learning cycle for its channel once it has this many engagement events (summed counts)."""
    trigger_hours: int = 24
    """…or this many hours after it was published, whichever comes first."""
    prior_strength: float = 3.0
    """Shrinkage: a version counts as this many average posts before its own; one lucky post cannot win."""
    explore_rate: float = 0.2
    """Epsilon: the share of posts that try a new (little-measured) version instead of the best one."""
    explore_until: int = 3
    """A version with fewer posts than this is 'new' and can be drawn when exploring."""
    max_children: int = 2
    """At most this many new versions per cycle (a bounded number of changes)."""
    max_changed_lines: int = 12
    """A child changing more lines than this (outside protected blocks) is rejected."""
    require_approval: bool = False
    """New versions wait for `psn learn approve` before any post can draw them (per channel too)."""
    seed: int = 0
    """Seed of the offline composer's rewrites and of the selection, so a cycle is reproducible."""

    @field_validator("event_threshold", "trigger_hours", "max_children", "max_changed_lines", "explore_until")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("explore_rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if not 0 <= value <= 1:
            raise ValueError("explore_rate must be between 0 and 1")
        return value

    @field_validator("prior_strength")
    @classmethod
    def _prior(cls, value: float) -> float:
        if value < 0:
            raise ValueError("prior_strength must be zero or more")
        return value
