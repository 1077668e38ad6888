"""Ordered, named migrations, recorded in `schema_migrations` and applied whenever the DB opens.

Each migration is a module `psn/store/migrations/mNNNN_name.py` with an `upgrade(conn)`
function. They are discovered by name, so features add theirs without editing a list.
Migrations are frozen DDL: once released, a migration never changes; add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil
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
    found = []
    for info in pkgutil.iter_modules(migrations_pkg.__path__):
        if not info.name.startswith("m"):
            continue
        module = importlib.import_module(f"{migrations_pkg.__name__}.{info.name}")
        found.append(Migration(name=info.name[1:], upgrade=module.upgrade))
    return sorted(found, key=lambda m: m.name)


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
