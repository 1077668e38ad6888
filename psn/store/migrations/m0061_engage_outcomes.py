"""Engagement outcomes: the metrics of replies sent through an API, measured a day or more later,
and every score-weight change psn suggested or applied from them."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE engage_outcomes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        log_id INTEGER NOT NULL UNIQUE REFERENCES engage_log (id),
        measured_at TIMESTAMP NOT NULL,
        views INTEGER NOT NULL DEFAULT 0,
        likes INTEGER NOT NULL DEFAULT 0,
        comments INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        score INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE engage_weight_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TIMESTAMP NOT NULL,
        component TEXT NOT NULL CHECK (component IN ('relevance', 'recency', 'reach', 'potential')),
        old_weight INTEGER NOT NULL,
        new_weight INTEGER NOT NULL,
        reason TEXT NOT NULL,
        samples INTEGER NOT NULL
    )""",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
