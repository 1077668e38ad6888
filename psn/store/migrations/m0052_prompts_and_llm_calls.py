"""Prompt versions (generation 0 from prompts/, later ones from the learning loop) and LLM calls
with their token usage and estimated cost."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE prompt_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        generation INTEGER NOT NULL DEFAULT 0,
        parent_ids TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        origin TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        score_bp INTEGER,
        created_at TIMESTAMP NOT NULL,
        UNIQUE (name, sha256)
    )""",
    "CREATE INDEX ix_prompt_versions_name ON prompt_versions (name, status, id)",
    """CREATE TABLE llm_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        called_at TIMESTAMP NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        purpose TEXT NOT NULL,
        prompt_version_id INTEGER REFERENCES prompt_versions (id),
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd_micros INTEGER,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1,
        ok INTEGER NOT NULL,
        error TEXT
    )""",
    "CREATE INDEX ix_llm_calls_called ON llm_calls (called_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
