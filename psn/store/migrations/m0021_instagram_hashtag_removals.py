"""A hashtag the creator removed from the pool stays removed: the weekly refresh must not bring it
back from their own posts or a past search. `removed_at` marks it; adding it by hand clears it."""

from sqlalchemy import Connection, text

STATEMENTS = [
    "ALTER TABLE instagram_hashtag_pool ADD COLUMN removed_at TIMESTAMP",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
