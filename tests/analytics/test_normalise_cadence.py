"""Normalisation of metrics and webhook events, snapshot deltas, and the tiered cadence."""

from datetime import UTC, datetime, timedelta

from psn.analytics.cadence import Candidate, is_due, select_due, tier
from psn.analytics.normalise import deltas, totals, webhook_kind
from psn.core.sections.analytics import AnalyticsSettings
from psn.platforms.base import EngagementMetrics, WebhookEvent

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
SETTINGS = AnalyticsSettings()


def test_totals_and_first_delta_against_zero():
    current = totals(EngagementMetrics(views=40, likes=3, clicks=1, conversions=0))
    assert deltas(None, current) == {"view": 40, "like": 3, "click": 1}


def test_delta_counts_growth_only():
    before = totals(EngagementMetrics(views=40, likes=3, comments=2))
    after = totals(EngagementMetrics(views=100, likes=2, comments=2, shares=1, saves=4))
    # likes shrank (an unlike): no event; comments unchanged: no event.
    assert deltas(before, after) == {"view": 60, "share": 1, "save": 4}


def test_negative_platform_numbers_are_clamped():
    assert totals(EngagementMetrics(views=-5))["views"] == 0


def test_webhook_kinds():
    assert webhook_kind(WebhookEvent(platform="x", kind="favorite")) == ("like", 1)
    assert webhook_kind(WebhookEvent(platform="x", kind="mention")) == ("reply", 1)
    assert webhook_kind(WebhookEvent(platform="tiktok", kind="share", data={"count": 3})) == ("share", 3)
    assert webhook_kind(WebhookEvent(platform="x", kind="follow")) is None
    assert webhook_kind(WebhookEvent(platform="x", kind="like", data={"count": "x"})) == ("like", 1)
    assert webhook_kind(WebhookEvent(platform="x", kind="like", data={"count": 0})) is None


def item(days_old: float, last_hours_ago: float | None, content_id: int = 1) -> Candidate:
    last = NOW - timedelta(hours=last_hours_ago) if last_hours_ago is not None else None
    return Candidate(content_id, "x", str(content_id), NOW - timedelta(days=days_old), last)


def test_tiers():
    assert tier(timedelta(days=7), SETTINGS) == "fresh"
    assert tier(timedelta(days=8), SETTINGS) == "warm"
    assert tier(timedelta(days=31), SETTINGS) == "old"


def test_fresh_content_every_run():
    assert is_due(item(2, last_hours_ago=1), NOW, SETTINGS)


def test_warm_content_every_third_day():
    assert not is_due(item(10, last_hours_ago=24), NOW, SETTINGS)
    assert not is_due(item(10, last_hours_ago=48), NOW, SETTINGS)
    assert is_due(item(10, last_hours_ago=72), NOW, SETTINGS)
    assert is_due(item(10, last_hours_ago=None), NOW, SETTINGS)


def test_old_content_only_on_demand():
    assert not is_due(item(40, last_hours_ago=24 * 20), NOW, SETTINGS)
    assert not is_due(item(40, last_hours_ago=None), NOW, SETTINGS)
    assert is_due(item(40, last_hours_ago=24), NOW, SETTINGS, everything=True)


def test_clock_moving_changes_the_tier():
    content = item(6, last_hours_ago=1)
    assert is_due(content, NOW, SETTINGS)
    later = NOW + timedelta(days=3)  # now 9 days old, last measured 3 days minus an hour ago
    assert not is_due(content, later - timedelta(hours=2), SETTINGS)
    assert is_due(content, later, SETTINGS)


def test_budget_takes_youngest_first_and_defers_the_rest():
    settings = AnalyticsSettings(max_posts_per_run=2)
    items = [item(5, None, 1), item(1, None, 2), item(3, None, 3)]
    chosen, deferred = select_due(items, NOW, settings)
    assert [c.content_id for c in chosen] == [2, 3] and deferred == 1
