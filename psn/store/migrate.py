"""Ordered, named migrations, recorded in `schema_migrations` and applied whenever the DB opens.

Each migration is a module `psn/store/migrations/mNNNN_name.py` with an `upgrade(conn)`
function. They are discovered by name, so features add theirs without editing a list.
Migrations are frozen DDL: once released, a migration never changes; add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, text

from psn.store import migrations as migrations_pkg


@dataclass(frozen=True)
class Migration:
    name: str
    upgrade: Callable[[Connection], None]


def all_migrations() -> list[Migration]:
    from psn.core.plugins import discover

    modules = discover(migrations_pkg, order_attr="__name__", prefix="m")
    return sorted((Migration(m.__name__.rsplit(".", 1)[1][1:], m.upgrade) for m in modules), key=lambda m: m.name)


_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)"""


def applied(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        conn.execute(text(_LEDGER))
        conn.commit()
        return [row[0] for row in conn.execute(text("SELECT name FROM schema_migrations ORDER BY name"))]


def migrate(engine: Engine, now: datetime | None = None) -> list[str]:
    """Apply what is missing, each migration in its own write transaction. Returns the names applied."""
    done = []
    for migration in all_migrations():
        with engine.begin() as conn:
            conn.execute(text(_LEDGER))
            seen = conn.execute(
                text("SELECT 1 FROM schema_migrations WHERE name = :n"), {"n": migration.name}
            ).first()
            if seen:
                continue  # another process got here first; the write lock makes this check safe
            migration.upgrade(conn)
            conn.execute(
                text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"),
                {"n": migration.name, "t": (now or datetime.now(UTC)).replace(tzinfo=None)},
            )
            done.append(migration.name)
    return done


def schema_version(engine: Engine) -> str | None:
    names = applied(engine)
    return names[-1] if names else None
