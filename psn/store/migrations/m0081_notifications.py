"""Notifications: the queue other features write to, and one delivery row per channel attempt.

A notification with a dedupe key is stored at most once, ever: callers put a period in the
key (`token-expiry:x:2026-12`) when they want a reminder to repeat.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        created_at TIMESTAMP NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        handled_at TIMESTAMP,
        digest_id INTEGER REFERENCES notifications (id)
    )""",
    "CREATE INDEX ix_notifications_status_priority ON notifications (status, priority, created_at)",
    """CREATE TABLE notification_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        attempted_at TIMESTAMP NOT NULL,
        outcome TEXT NOT NULL,
        error TEXT
    )""",
    "CREATE INDEX ix_notification_deliveries_channel_time ON notification_deliveries (channel, attempted_at)",
    "CREATE INDEX ix_notification_deliveries_notification ON notification_deliveries (notification_id)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
