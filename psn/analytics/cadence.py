"""Which published content to measure on this pull: the tiered cadence and the budget.

Fresh content (≤ fresh_days) moves fast, so it is measured every run; warm content (≤ warm_days)
every warm_every_days; older content has settled and is measured only on demand. The budget
goes to the youngest content first because that is where the numbers still change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from psn.core.sections.analytics import AnalyticsSettings


@dataclass(frozen=True)
class Candidate:
    content_id: int
    platform: str
    platform_post_id: str
    published_at: datetime
    last_taken_at: datetime | None


def tier(age: timedelta, settings: AnalyticsSettings) -> str:
    if age <= timedelta(days=settings.fresh_days):
        return "fresh"
    if age <= timedelta(days=settings.warm_days):
        return "warm"
    return "old"


def is_due(item: Candidate, now: datetime, settings: AnalyticsSettings, everything: bool = False) -> bool:
    if everything or (item.last_taken_at is None and tier(now - item.published_at, settings) != "old"):
        return True
    level = tier(now - item.published_at, settings)
    if level == "fresh":
        return True
    if level == "warm":
        # A few minutes of slack so a daily job that runs slightly early still counts as "3 days".
        return now - item.last_taken_at >= timedelta(days=settings.warm_every_days) - timedelta(minutes=30)
    return False


def select_due(items: list[Candidate], now: datetime, settings: AnalyticsSettings,
               everything: bool = False) -> tuple[list[Candidate], int]:
    """(content to measure now, how many due items the budget left for the next run)."""
    due = sorted((i for i in items if is_due(i, now, settings, everything)), key=lambda i: i.published_at,
                 reverse=True)
    return due[: settings.max_posts_per_run], max(0, len(due) - settings.max_posts_per_run)
