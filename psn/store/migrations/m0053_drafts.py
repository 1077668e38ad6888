"""Drafts: one per idea written for one or more platforms, one output per platform (recording the
prompt version that wrote it), and every edit the creator makes to an output (before / after)."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idea_id INTEGER REFERENCES ideas (id),
        idea_text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_drafts_status ON drafts (status, updated_at)",
    """CREATE TABLE draft_outputs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        format TEXT NOT NULL,
        format_reason TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        prompt_version_id INTEGER REFERENCES prompt_versions (id),
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft',
        publish_ref TEXT,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_draft_outputs_draft ON draft_outputs (draft_id)",
    """CREATE TABLE draft_edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_output_id INTEGER REFERENCES draft_outputs (id) ON DELETE SET NULL,
        prompt_version_id INTEGER REFERENCES prompt_versions (id),
        platform TEXT NOT NULL,
        format TEXT NOT NULL,
        before_text TEXT NOT NULL,
        after_text TEXT NOT NULL,
        edited_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_draft_edits_platform ON draft_edits (platform, edited_at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
