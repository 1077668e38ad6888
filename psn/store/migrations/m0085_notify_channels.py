"""Notification channels as Apprise URLs (`psn notify add URL`).

The URL itself is a secret (tokens, passwords): the row keeps a redacted form for
`psn notify list` and the keyring name the URL is stored under.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE notify_channels (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        redacted_url TEXT NOT NULL,
        secret_name TEXT NOT NULL,
        daily_cap INTEGER NOT NULL DEFAULT 20,
        created_at TIMESTAMP NOT NULL
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
