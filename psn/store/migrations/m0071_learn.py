"""The learning loop: per-channel modes (open / approval / locked), what the loop knows about each
evolved prompt version (channel, state, operator, diff, samples), its cycles, and which published
content already triggered one (so a post triggers at most once).

Scores stay on prompt_versions.score_bp; a version waiting for approval is 'retired' there (so
nothing draws it) and 'pending' here.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE learn_channels (
        channel TEXT PRIMARY KEY,
        mode TEXT NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'approval', 'locked')),
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE learn_cycles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        reason TEXT NOT NULL,
        started_at TIMESTAMP NOT NULL,
        completed_at TIMESTAMP,
        summary TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX ix_learn_cycles_channel ON learn_cycles (channel, id)",
    """CREATE TABLE learn_versions (
        version_id INTEGER PRIMARY KEY REFERENCES prompt_versions (id),
        channel TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'pending', 'rejected', 'retired')),
        operator TEXT NOT NULL,
        diff TEXT NOT NULL DEFAULT '',
        samples INTEGER NOT NULL DEFAULT 0,
        cycle_id INTEGER REFERENCES learn_cycles (id),
        created_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_learn_versions_channel ON learn_versions (channel, state)",
    """CREATE TABLE learn_triggers (
        content_id INTEGER PRIMARY KEY REFERENCES published_content (id),
        channel TEXT NOT NULL,
        reason TEXT NOT NULL,
        triggered_at TIMESTAMP NOT NULL,
        cycle_id INTEGER REFERENCES learn_cycles (id)
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
