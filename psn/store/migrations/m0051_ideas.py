"""The idea bank: spark → seed → ready → used, or killed with a reason; timely ideas expire."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE ideas (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT 'spark'
            CHECK (stage IN ('spark', 'seed', 'ready', 'used', 'killed')),
        pillar TEXT,
        platforms TEXT NOT NULL DEFAULT '[]',
        format TEXT,
        urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low', 'normal', 'high')),
        expires_at TIMESTAMP,
        source TEXT NOT NULL DEFAULT 'manual',
        source_ref TEXT,
        kill_reason TEXT,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        used_at TIMESTAMP
    )""",
    "CREATE INDEX ix_ideas_stage_created ON ideas (stage, created_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
