"""Voice profiles: every saved version is kept (the newest is current) so calibration can compare."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE voice_profiles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TIMESTAMP NOT NULL,
        source TEXT NOT NULL,
        note TEXT,
        profile TEXT NOT NULL
    )""",
    "CREATE INDEX ix_voice_profiles_created ON voice_profiles (created_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
