"""Scoring, blocklists, age: pure functions."""

from datetime import UTC, datetime, timedelta

from psn.engage import scoring
from psn.platforms.base import Candidate, EngagementMetrics

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
WEIGHTS = {"relevance": 40, "recency": 30, "reach": 20, "potential": 10}


def cand(text="a post", hours=1.0, followers=1000, **kw):
    return Candidate(platform="x", post_id=kw.pop("post_id", "1"), url="https://x.com/a/status/1", text=text,
                     author_handle=kw.pop("author", "dana"), author_followers=followers,
                     posted_at=NOW - timedelta(hours=hours), **kw)


def test_relevance_rewards_the_best_match_not_the_fraction_of_keywords():
    few, _ = scoring.relevance("Loving static site generators", ["static site"])
    many, kw = scoring.relevance("Loving static site generators", ["static site", *[f"topic{i}" for i in range(30)]])
    assert few == many == 100 and kw == "static site"


def test_relevance_partial_and_hashtag_and_none():
    partial, _ = scoring.relevance("a static blog", ["static site"])
    assert 0 < partial < 100
    tagged, _ = scoring.relevance("shipping #buildinpublic", ["build in public"])
    assert tagged == 100
    assert scoring.relevance("nothing here", ["python"]) == (0.0, None)
    assert scoring.relevance("pythonic", ["python"])[0] == 0  # whole words only


def test_recency_reach_potential():
    assert scoring.recency(NOW, NOW) == 100
    assert scoring.recency(NOW - timedelta(hours=12), NOW) == 50
    assert scoring.recency(NOW - timedelta(hours=30), NOW) == 0
    assert scoring.recency(None, NOW) == 50
    assert scoring.reach(0) == 0 and scoring.reach(99) == 40 and scoring.reach(10**6) == 100
    assert scoring.potential(cand(summoned=True)) == 100
    crowded = cand(metrics=EngagementMetrics(likes=100, comments=200))
    early = cand(metrics=EngagementMetrics(likes=100, comments=2))
    assert scoring.potential(early) > scoring.potential(crowded)


def test_composite_follows_weights_and_stores_basis_points():
    s = scoring.score(cand("static site tips", hours=0, followers=99), ["static site"], WEIGHTS, NOW)
    expected = (100 * 40 + 100 * 30 + 40 * 20 + s.potential * 10) / 100
    assert abs(s.composite - expected) < 1e-9
    assert s.bp("relevance") == 10000 and isinstance(s.bp("composite"), int)
    only_reach = scoring.score(cand("x", followers=99), [], {"relevance": 0, "recency": 0, "reach": 1,
                                                             "potential": 0}, NOW)
    assert only_reach.composite == 40


def test_blocklists_and_age():
    assert scoring.blocked(cand(author="Spammer"), ["spammer"], []) is not None
    assert scoring.blocked(cand("buy crypto now"), [], ["crypto"]) is not None
    assert scoring.blocked(cand("cryptography talk"), [], ["crypto"]) is None
    assert scoring.too_old(cand(hours=25), NOW) and not scoring.too_old(cand(hours=23), NOW)


def test_suggested_type_from_capabilities():
    assert scoring.suggested_type(cand(), ["quote", "reply"]) == "reply"
    assert scoring.suggested_type(cand(), ["duet", "stitch"]) == "duet"
    assert scoring.suggested_type(cand(), []) == "reply"


def test_someone_talking_to_you_ranks_above_the_ordinary_niche_post():
    """A fresh comment on your post from someone with 12 followers, with none of your keywords, outranks
    a keyword-matching stranger's post of the same age: keywords measure a stranger's fit, and a person
    talking to you is what the session is for; under your own post your audience reads the reply."""
    comment = scoring.score(cand("how long do you wedge?", hours=0.5, followers=12, on_own_post=True),
                            ["static site"], WEIGHTS, NOW)
    mention = scoring.score(cand("@you thoughts?", hours=0.5, followers=12, summoned=True), ["static site"], WEIGHTS,
                            NOW)
    niche = scoring.score(cand("static site tips", hours=0.5, followers=5000), ["static site"], WEIGHTS, NOW)
    assert comment.relevance == mention.relevance == 100
    assert comment.composite > niche.composite and mention.composite >= scoring.PUSH_AT
    assert comment.reasons["relevance"] == "talking to you: a comment on your post"
    assert mention.reasons["relevance"] == "talking to you: you were mentioned"
