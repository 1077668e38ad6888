"""Publish approvals: the SHA-256 of exactly the stored request the creator approved, checked
before any publish (issue 11). Posts that can already be published are backfilled with what
they hold now, which is what was approved when they were recorded."""

import hashlib

from sqlalchemy import Connection, text

TABLE = """CREATE TABLE publish_approvals (
    content_id INTEGER PRIMARY KEY REFERENCES published_content (id),
    request_sha256 TEXT NOT NULL,
    approved_at TIMESTAMP NOT NULL
)"""


def upgrade(conn: Connection) -> None:
    conn.execute(text(TABLE))
    rows = conn.execute(text("SELECT id, request, updated_at FROM published_content "
                             "WHERE status IN ('approved', 'scheduled', 'publishing', 'failed')")).all()
    insert = text("INSERT INTO publish_approvals (content_id, request_sha256, approved_at) VALUES (:c, :h, :t)")
    for content_id, request, updated_at in rows:
        conn.execute(insert, {"c": content_id, "h": hashlib.sha256(request.encode("utf-8")).hexdigest(),
                              "t": updated_at})
