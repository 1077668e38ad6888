"""The local event log and the audit trail of configuration changes."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE event_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        occurred_at TIMESTAMP NOT NULL,
        subject TEXT,
        payload TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX ix_event_log_kind_time ON event_log (kind, occurred_at)",
    "CREATE INDEX ix_event_log_time ON event_log (occurred_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
