"""Metric snapshots, normalised engagement events and webhook deliveries (replay protection).

Engagement events store `occurred_at` as integer epoch seconds (generated in Python) and its UTC
`day` (occurred_at // 86400), so the summary groups by (platform, kind, day) in index order with no
sort, and the two covering indexes answer the summary and the leaderboard without the table.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE metric_snapshots (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        content_id INTEGER NOT NULL REFERENCES published_content (id),
        platform TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        views INTEGER NOT NULL DEFAULT 0,
        likes INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        comments INTEGER NOT NULL DEFAULT 0,
        clicks INTEGER NOT NULL DEFAULT 0,
        saves INTEGER NOT NULL DEFAULT 0,
        conversions INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX ix_metric_snapshots_content ON metric_snapshots (content_id, taken_at)",
    """CREATE TABLE engagement_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        content_id INTEGER,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('view', 'like', 'share', 'comment', 'click', 'save', 'reply',
                                           'conversion')),
        count INTEGER NOT NULL CHECK (count > 0),
        occurred_at INTEGER NOT NULL,
        day INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('pull', 'webhook', 'manual'))
    )""",
    "CREATE INDEX ix_engagement_channel ON engagement_events (platform, kind, day, count)",
    "CREATE INDEX ix_engagement_content ON engagement_events (content_id, kind, occurred_at, count)",
    """CREATE TABLE follower_snapshots (
        platform TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        followers INTEGER NOT NULL,
        PRIMARY KEY (platform, taken_at)
    )""",
    """CREATE TABLE webhook_deliveries (
        platform TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        events INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (platform, delivery_id)
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
