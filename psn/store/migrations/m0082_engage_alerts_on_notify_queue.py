"""Engagement alerts move onto the notifications queue (m0081), which the daemon delivers.

Until now they were only recorded in `engage_notifications`, which nothing delivered. Alerts for
opportunities still waiting are carried over (push or digest as recorded); the rest are stale and
dropped with the table.
"""

from sqlalchemy import Connection, text

STATEMENTS = [
    """INSERT OR IGNORE INTO notifications (kind, title, body, priority, dedupe_key, created_at, status)
       SELECT 'engage.opportunity',
              'Worth a reply on ' || o.platform || ': @' || o.author_handle
                  || ' (score ' || (o.score_bp / 100) || ')',
              substr(o.text, 1, 200) || char(10) || 'Reply with `psn engage`; why: `psn engage explain '
                  || o.id || '`.',
              n.kind, 'engage.opportunity:' || o.id, n.created_at, 'queued'
       FROM engage_notifications n JOIN engage_opportunities o ON o.id = n.opportunity_id
       WHERE o.status = 'pending' AND n.delivered_at IS NULL""",
    "DROP TABLE engage_notifications",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
