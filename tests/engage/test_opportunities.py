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


def _alerts(db):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT dedupe_key, priority, title, body FROM notifications "
                                 "WHERE kind = 'engage.opportunity' ORDER BY id")).all()


def test_alerts_go_on_the_notify_queue_push_or_digest(db, settings):
    result = ingest(db, settings, [cand("1", hours=0), cand("2", hours=14, followers=100)])
    scores = {r.post_id: r.score_bp for r in opp.pending(db)}
    assert scores["1"] >= 7000 and 6000 <= scores["2"] < 7000
    first, second = result.new
    alerts = {key: (priority, title, body) for key, priority, title, body in _alerts(db)}
    assert alerts[f"engage.opportunity:{first}"][0] == "push"
    assert alerts[f"engage.opportunity:{second}"][0] == "digest"
    _, title, body = alerts[f"engage.opportunity:{first}"]
    assert title.startswith("Worth a reply on x: @dana (score") and f"psn engage explain {first}" in body
    ingest(db, settings, [cand("1", hours=0)])  # seen again: no second alert
    assert len(_alerts(db)) == 2


def test_someone_talking_to_the_creator_is_pushed_whatever_the_score(db, settings):
    ingest(db, settings, [cand("1", text="unrelated", followers=1, summoned=True)], source="mentions")
    [(_, priority, title, _)] = _alerts(db)
    assert priority == "push" and title == "@dana is talking to you on x"


def test_quiet_hours_turn_pushes_into_digest_items(db, settings):
    settings.quiet_hours = "11:00-13:00"  # NOW is 12:00 UTC
    ingest(db, settings, [cand("1", hours=0)])
    assert [priority for _, priority, _, _ in _alerts(db)] == ["digest"]
    settings.quiet_hours = "22:00-07:00"
    ingest(db, settings, [cand("2", hours=0)])
    assert [priority for _, priority, _, _ in _alerts(db)] == ["digest", "push"]


def test_migration_moves_waiting_alerts_onto_the_queue(tmp_path):
    from sqlalchemy import create_engine

    from psn.store.migrate import all_migrations

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    steps = all_migrations()
    with engine.begin() as conn:
        for step in steps:
            if step.name >= "0082":
                break
            step.upgrade(conn)
        for oid, status in ((1, "pending"), (2, "no")):
            conn.execute(text("INSERT INTO engage_opportunities (id, platform, post_id, url, text, author_handle, "
                              "found_at, source, relevance_bp, recency_bp, reach_bp, potential_bp, score_bp, status) "
                              "VALUES (:id, 'x', :id, 'u', 'static sites', 'dana', '2026-11-21 10:00:00.000000', "
                              "'search', 0, 0, 0, 0, 7250, :status)"), {"id": oid, "status": status})
            conn.execute(text("INSERT INTO engage_notifications (opportunity_id, kind, created_at) "
                              "VALUES (:id, 'push', '2026-11-21 10:00:00.000000')"), {"id": oid})
        next(s for s in steps if s.name.startswith("0082")).upgrade(conn)
        rows = conn.execute(text("SELECT dedupe_key, priority, title, status FROM notifications")).all()
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    assert rows == [("engage.opportunity:1", "push", "Worth a reply on x: @dana (score 72)", "queued")]
    assert "engage_notifications" not in tables


def test_explain_lists_components(db, settings):
    ingest(db, settings, [cand("1")])
    data = opp.explain(opp.pending(db)[0], settings, NOW)
    assert set(data["components"]) == {"relevance", "recency", "reach", "potential"}
    assert "static site" in data["components"]["relevance"]["why"]
