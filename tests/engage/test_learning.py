"""Learning from outcomes: measure API replies a day later, correlate with score components,
suggest weight changes, and apply them only when engage.auto_tune is on and within the bounds."""

from datetime import timedelta

import pytest

from psn.core.errors import PlatformRejected
from psn.engage import delivery, learning
from psn.engage import opportunities as opp
from psn.platforms.base import Candidate, EngagementMetrics, ReplyPolicy
from psn.store.engage_tables import Outcome
from tests.engage.conftest import NOW
from tests.engage.test_delivery import FakeAdapter


class MeasuringAdapter(FakeAdapter):
    def __init__(self, fail=False):
        super().__init__(policy=ReplyPolicy.ANY)
        self.asked: list[list[str]] = []
        self.fail = fail

    def fetch_metrics(self, ids):
        self.asked.append(ids)
        if self.fail:
            raise PlatformRejected("metrics unavailable", platform="x")
        return {i: EngagementMetrics(likes=int(i[1:]), comments=1) for i in ids}


def sent_reply(db, settings, adapter, post_id, followers=5000):
    c = Candidate(platform="x", post_id=post_id, url=f"https://x.com/a/status/{post_id}", text="static site tips",
                  author_handle="dana", author_followers=followers, posted_at=NOW, summoned=True)
    oid = opp.ingest(db, [c], settings=settings, keywords=["static site"], engagement_types={"x": ["reply"]},
                     now=NOW, source="search").new[0]
    approval = delivery.approve(db, oid, f"reply {post_id}", NOW)
    return delivery.send_approved(db, settings, approval, f"reply {post_id}", adapter, NOW)


def test_replies_are_measured_once_after_a_day(db, settings):
    settings.cooldown_minutes = 0
    adapter = MeasuringAdapter()
    sent_reply(db, settings, adapter, "1")
    assert learning.pull_outcomes(db, lambda p: adapter, NOW + timedelta(hours=2)) == {}
    later = NOW + timedelta(hours=25)
    assert learning.pull_outcomes(db, lambda p: adapter, later) == {"x": {"measured": 1, "error": None}}
    assert adapter.asked == [["r1"]]
    assert learning.pull_outcomes(db, lambda p: adapter, later) == {}
    summary = learning.outcome_summary(db, NOW - timedelta(days=1))
    assert summary["x"] == {"api_replies": 1, "measured": 1, "likes": 1, "comments": 1, "shares": 0,
                            "average_score": 6.0}


def test_failures_are_reported_and_retried_later(db, settings):
    sent_reply(db, settings, MeasuringAdapter(), "1")
    later = NOW + timedelta(days=2)
    assert learning.pull_outcomes(db, lambda p: None, later)["x"] == {"measured": 0, "error": "not connected"}
    failed = learning.pull_outcomes(db, lambda p: MeasuringAdapter(fail=True), later)
    assert failed["x"]["measured"] == 0 and "unavailable" in failed["x"]["error"]
    assert len(learning.due(db, later)) == 1


def _outcomes_following_reach(db, settings, count=8):
    settings.cooldown_minutes, settings.cap_x = 0, 100
    adapter = MeasuringAdapter()
    for i in range(count):
        sent_reply(db, settings, adapter, str(i + 1), followers=10 ** (i % 6))
    with db.session() as session:
        for log_id in range(1, count + 1):
            session.add(Outcome(log_id=log_id, measured_at=NOW, score=10 ** ((log_id - 1) % 6) // 10))


def test_no_suggestion_without_enough_samples(db, settings):
    _outcomes_following_reach(db, settings, count=learning.MIN_SAMPLES - 1)
    assert learning.suggest(db, settings) == []


def test_suggests_moving_weight_towards_what_predicts_outcomes(db, settings):
    _outcomes_following_reach(db, settings)
    found = {s["component"]: (s["from"], s["to"]) for s in learning.suggest(db, settings)}
    assert found == {"reach": (20, 25), "relevance": (40, 35)}


def test_auto_tune_off_changes_nothing(db, settings):
    _outcomes_following_reach(db, settings)
    writes = []
    assert learning.auto_tune(db, settings, NOW, lambda k, v: writes.append((k, v))) == []
    assert writes == [] and learning.weight_changes(db) == []


def test_auto_tune_applies_within_bounds_once_a_week(db, settings):
    _outcomes_following_reach(db, settings)
    settings.auto_tune, settings.auto_tune_max_weight, settings.auto_tune_min_weight = True, 22, 18
    writes = []
    applied = learning.auto_tune(db, settings, NOW, lambda k, v: writes.append((k, v)))
    assert writes == [("weight_reach", 22), ("weight_relevance", 35)]
    assert [(c["component"], c["to"]) for c in learning.weight_changes(db)] == [("relevance", 35), ("reach", 22)]
    assert len(applied) == 2
    assert learning.auto_tune(db, settings, NOW + timedelta(days=6), lambda k, v: writes.append((k, v))) == []
    assert len(writes) == 2


def test_correlation_of_constant_series_is_zero():
    assert learning.correlation([1, 1, 1], [1, 2, 3]) == 0.0
    assert learning.correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
