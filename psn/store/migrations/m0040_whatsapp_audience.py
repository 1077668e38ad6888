"""WhatsApp audience: contacts with their opt-in (date and source) and the time they last wrote
(the 24 h window), and one delivery record per message psn sent them."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE whatsapp_contacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        wa_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        opted_in_at TIMESTAMP,
        opt_in_source TEXT,
        last_inbound_at TIMESTAMP,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE whatsapp_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL UNIQUE,
        wa_id TEXT NOT NULL,
        publish_key TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        status_at TIMESTAMP NOT NULL,
        error_code INTEGER,
        error TEXT,
        created_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_whatsapp_deliveries_wa_id ON whatsapp_deliveries (wa_id)",
    "CREATE INDEX ix_whatsapp_deliveries_publish_key ON whatsapp_deliveries (publish_key)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
