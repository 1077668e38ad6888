"""What an adapter needs to answer a conversation in place (its `Candidate.raw`: the media a comment
is on, the mention's media and comment ids), kept with the opportunity so a reply sent hours later
through `psn engage` reaches the same place. JSON; '{}' for everything found before."""

from sqlalchemy import Connection, text


def upgrade(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE engage_opportunities ADD COLUMN reply_target TEXT NOT NULL DEFAULT '{}'"))
