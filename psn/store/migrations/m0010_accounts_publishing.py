"""Accounts, developer apps, published content (with idempotency and per-step checkpoints),
rate budgets shared across processes, and the per-call API cost ledger."""

from sqlalchemy import Connection, text

STATEMENTS = [
    """CREATE TABLE platform_apps (
        platform TEXT PRIMARY KEY,
        fields TEXT NOT NULL DEFAULT '{}',
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        platform_user_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'connected',
        scopes TEXT NOT NULL DEFAULT '',
        token_expires_at TIMESTAMP,
        refresh_expires_at TIMESTAMP,
        connected_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        last_error TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        UNIQUE (platform, platform_user_id)
    )""",
    """CREATE TABLE published_content (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        platform TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT 'text',
        status TEXT NOT NULL,
        request TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '{}',
        platform_post_id TEXT,
        url TEXT,
        error TEXT,
        error_kind TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at TIMESTAMP,
        scheduled_at TIMESTAMP,
        published_at TIMESTAMP,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        draft_id INTEGER,
        campaign TEXT,
        prompt_version_id INTEGER,
        cost_usd REAL NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX ix_published_status_time ON published_content (status, scheduled_at)",
    "CREATE INDEX ix_published_platform_time ON published_content (platform, published_at)",
    """CREATE TABLE rate_budgets (
        platform TEXT NOT NULL,
        operation TEXT NOT NULL,
        remaining INTEGER,
        limit_value INTEGER,
        blocked_until TIMESTAMP,
        updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (platform, operation)
    )""",
    """CREATE TABLE api_costs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        operation TEXT NOT NULL,
        endpoint TEXT NOT NULL DEFAULT '',
        cost_usd REAL NOT NULL,
        at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX ix_api_costs_platform_time ON api_costs (platform, at)",
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(text(statement))
