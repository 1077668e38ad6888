"""`psn engage history` and `stats`: per-day, per-platform counts, caps left, awaiting hand-offs."""

from datetime import timedelta

import pytest

from psn.core.errors import BadInput
from psn.engage import delivery, history
from psn.engage import opportunities as opp
from psn.engage.stats import stats
from psn.platforms.base import ReplyPolicy
from tests.engage.conftest import NOW
from tests.engage.test_delivery import FakeAdapter, seed


def _activity(db, settings):
    settings.cooldown_minutes = 0
    adapter = FakeAdapter(policy=ReplyPolicy.ANY)
    a1 = delivery.approve(db, seed(db, settings, "1"), "one", NOW)
    delivery.send_approved(db, settings, a1, "one", adapter, NOW)
    a2 = delivery.approve(db, seed(db, settings, "2", summoned=False), "two", NOW)
    delivery.send_approved(db, settings, a2, "two", FakeAdapter(), NOW)  # a hand-off
    delivery.confirm_handoff(db, a2, "two", NOW, sent=True)
    opp.decide(db, seed(db, settings, "3"), "no", NOW)
    opp.decide(db, seed(db, settings, "4"), "skipped", NOW)
    a5 = delivery.approve(db, seed(db, settings, "5", summoned=False), "five", NOW)
    delivery.send_approved(db, settings, a5, "five", FakeAdapter(), NOW)  # started, not confirmed
    return a5


def test_daily_counts_per_platform(db, settings):
    _activity(db, settings)
    rows = history.daily(db, NOW, 7)
    assert rows == [{"day": "2026-11-21", "platform": "x", "seen": 5, "engaged": 2, "api": 1, "handed_off": 1,
                     "declined": 1, "skipped": 1, "expired": 0}]
    assert history.daily(db, NOW + timedelta(days=2), 1) == []
    assert history.daily(db, NOW, 7, platforms=["linkedin"]) == []


def test_days_follow_the_timezone(db, settings):
    seed(db, settings, "1")  # 12:00 UTC = 2026-11-22 01:00 in Auckland
    assert history.daily(db, NOW, 1, "Pacific/Auckland")[0]["day"] == "2026-11-22"


def test_bad_period_is_bad_input(db):
    with pytest.raises(BadInput):
        history.daily(db, NOW, 0)


def test_stats_caps_awaiting_and_weights(db, settings):
    started = _activity(db, settings)
    data = stats(db, settings, NOW, 30)
    assert data["platforms"]["x"]["engaged"] == 2
    assert data["remaining_caps"]["x"] == {"cap": 20, "used": 2, "left": 18}
    assert data["remaining_caps"]["linkedin"]["left"] == 10
    assert [a["approval_id"] for a in data["awaiting_confirmation"]] == [started.id]
    assert data["weights"] == {"relevance": 40, "recency": 30, "reach": 20, "potential": 10}
    assert data["outcomes"]["x"] == {"api_replies": 1, "measured": 0, "likes": 0, "comments": 0, "shares": 0,
                                     "average_score": None}
    assert data["suggestions"] == [] and data["weight_changes"] == []
