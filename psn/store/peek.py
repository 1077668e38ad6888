"""Read-only looks at the database through the stdlib `sqlite3`, for the few paths where start-up
time is the feature (the first card of `psn engage`): importing SQLAlchemy alone costs more than
that path's whole budget. Anything that writes, or a schema that is not current, takes the normal
path, which migrates.

Times are stored the way SQLAlchemy's SQLite DateTime stores them (naive UTC, microseconds), so
string comparisons in SQL order them correctly.
"""

from __future__ import annotations

import pkgutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psn.store import migrations as migrations_pkg

STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def expected_migrations() -> set[str]:
    """Names as the ledger records them (`m0060_engage.py` → `0060_engage`), without importing any."""
    return {m.name[1:] for m in pkgutil.iter_modules(migrations_pkg.__path__) if m.name.startswith("m")}


def open_current(path: Path) -> sqlite3.Connection | None:
    """A read-only connection, or None when the file is missing, unreadable or not fully migrated."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    except sqlite3.Error:
        conn.close()
        return None
    if applied != expected_migrations():
        conn.close()
        return None
    conn.row_factory = sqlite3.Row
    return conn


def stored_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(STORED_FORMAT)


def read_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


@contextmanager
def quick_read(ctx: Any) -> Iterator[sqlite3.Connection | None]:
    """A read-only stdlib connection for a command's quick path, closed after; None when only the full
    path can read (a non-SQLite database URL, no database yet, or a schema still to migrate)."""
    conn = None if ctx.settings.database.url else open_current(ctx.paths.database_file)
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()
