"""Ingest: dedupe keeping the best score, thresholds, blocklists, age, expiry, notifications."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from psn.engage import opportunities as opp
from psn.platforms.base import Candidate, EngagementMetrics

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)

KW = ["static site"]
TYPES = {"x": ["reply"]}


def cand(post_id="1", text="static site tips", hours=0.5, followers=5000, **kw):
    return Candidate(platform="x", post_id=post_id, url=f"https://x.com/a/status/{post_id}", text=text,
                     author_handle=kw.pop("author", "dana"), author_followers=followers,
                     posted_at=NOW - timedelta(hours=hours), metrics=EngagementMetrics(likes=20), **kw)


def ingest(db, settings, cands, source="search", now=NOW):
    return opp.ingest(db, cands, settings=settings, keywords=KW, engagement_types=TYPES, now=now, source=source)


def test_thresholds_age_blocklist(db, settings):
    settings.blocked_authors = ["troll"]
    result = ingest(db, settings, [cand("1"), cand("2", text="unrelated", followers=10), cand("3", hours=30),
                                   cand("4", author="Troll"), cand("5", text="unrelated", summoned=True)])
    assert len(result.new) == 2 and result.below_threshold == 1 and result.too_old == 1 and result.blocked == 1
    ids = {r.post_id for r in opp.pending(db)}
    assert ids == {"1", "5"}


def test_dedupe_keeps_best_score(db, settings):
    weaker, stronger = cand("1", hours=10), cand("1", hours=0.1)
    result = ingest(db, settings, [weaker, stronger])
    assert result.duplicates == 1
    first = opp.pending(db)[0].score_bp
    again = ingest(db, settings, [cand("1", hours=20)])  # a worse score later never lowers it
    assert again.new == [] and opp.pending(db)[0].score_bp == first


def test_rescore_upgrades_pending_only(db, settings):
    ingest(db, settings, [cand("1", hours=10)])
    row = opp.pending(db)[0]
    ingest(db, settings, [cand("1", hours=0.1)])
    assert opp.pending(db)[0].score_bp > row.score_bp
    opp.decide(db, row.id, "no", NOW)
    ingest(db, settings, [cand("1", hours=0)])
    assert opp.get(db, row.id).status == "no"


def test_expiry_after_48h(db, settings):
    ingest(db, settings, [cand("1")])
    assert opp.expire_pending(db, NOW + timedelta(hours=47)) == 0
    assert opp.expire_pending(db, NOW + timedelta(hours=49)) == 1
    assert opp.pending(db) == []


def test_push_and_digest_recorded(db, settings):
    ingest(db, settings, [cand("1", hours=0), cand("2", hours=14, followers=100)])
    with db.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT o.post_id, n.kind FROM engage_notifications n "
                                      "JOIN engage_opportunities o ON o.id = n.opportunity_id")).all())
    scores = {r.post_id: r.score_bp for r in opp.pending(db)}
    assert rows["1"] == "push" and scores["1"] >= 7000
    assert rows["2"] == "digest" and 6000 <= scores["2"] < 7000


def test_explain_lists_components(db, settings):
    ingest(db, settings, [cand("1")])
    data = opp.explain(opp.pending(db)[0], settings, NOW)
    assert set(data["components"]) == {"relevance", "recency", "reach", "potential"}
    assert "static site" in data["components"]["relevance"]["why"]
