"""Instagram hashtags: the 30-per-7-days search window and the creator's hashtag pool."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE instagram_hashtag_searches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        hashtag TEXT NOT NULL,
        hashtag_id TEXT NOT NULL,
        first_searched_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_instagram_hashtag_searches_window ON instagram_hashtag_searches (account_id, first_searched_at)",
    """CREATE TABLE instagram_hashtag_pool (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        hashtag TEXT NOT NULL,
        source TEXT NOT NULL,
        score_bp INTEGER NOT NULL DEFAULT 0,
        hashtag_id TEXT,
        added_at TIMESTAMP NOT NULL,
        refreshed_at TIMESTAMP NOT NULL,
        UNIQUE (account_id, hashtag)
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
