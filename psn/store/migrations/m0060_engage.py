"""Engagement: opportunities found in the niche, reply drafts, approvals of exact texts, what was
sent, and what the daemon should notify about."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE engage_opportunities (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        post_id TEXT NOT NULL,
        url TEXT NOT NULL,
        text TEXT NOT NULL,
        author_id TEXT NOT NULL DEFAULT '',
        author_handle TEXT NOT NULL DEFAULT '',
        author_name TEXT NOT NULL DEFAULT '',
        author_followers INTEGER NOT NULL DEFAULT 0,
        posted_at TIMESTAMP,
        found_at TIMESTAMP NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('search', 'mentions', 'manual')),
        summoned INTEGER NOT NULL DEFAULT 0,
        on_own_post INTEGER NOT NULL DEFAULT 0,
        matched_keyword TEXT,
        relevance_bp INTEGER NOT NULL,
        recency_bp INTEGER NOT NULL,
        reach_bp INTEGER NOT NULL,
        potential_bp INTEGER NOT NULL,
        score_bp INTEGER NOT NULL,
        engagement_type TEXT NOT NULL DEFAULT 'reply',
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'yes', 'no', 'skipped', 'engaged', 'expired')),
        decided_at TIMESTAMP,
        metrics TEXT NOT NULL DEFAULT '{}',
        UNIQUE (platform, post_id)
    )""",
    "CREATE INDEX ix_engage_opportunities_status_score ON engage_opportunities (status, score_bp)",
    """CREATE TABLE engage_reply_drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        opportunity_id INTEGER NOT NULL REFERENCES engage_opportunities (id),
        variant INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL,
        style TEXT NOT NULL,
        text TEXT NOT NULL,
        offline INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_engage_reply_drafts_opportunity ON engage_reply_drafts (opportunity_id)",
    """CREATE TABLE engage_approvals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        opportunity_id INTEGER NOT NULL REFERENCES engage_opportunities (id),
        text TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        approved_at TIMESTAMP NOT NULL,
        claimed_at TIMESTAMP
    )""",
    """CREATE TABLE engage_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        opportunity_id INTEGER NOT NULL REFERENCES engage_opportunities (id),
        approval_id INTEGER NOT NULL UNIQUE REFERENCES engage_approvals (id),
        platform TEXT NOT NULL,
        text TEXT NOT NULL,
        delivery TEXT NOT NULL CHECK (delivery IN ('api', 'handoff')),
        platform_reply_id TEXT,
        url TEXT,
        sent_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_engage_log_platform_sent ON engage_log (platform, sent_at)",
    """CREATE TABLE engage_notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        opportunity_id INTEGER NOT NULL UNIQUE REFERENCES engage_opportunities (id),
        kind TEXT NOT NULL CHECK (kind IN ('push', 'digest')),
        created_at TIMESTAMP NOT NULL,
        delivered_at TIMESTAMP
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
