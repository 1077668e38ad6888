"""Open the database (migrating on open) and the small event-log queries every feature shares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from psn.core.errors import NotConfigured
from psn.store.engine import secure_files, sqlite_engine, url_engine
from psn.store.migrate import migrate, schema_version


@dataclass
class Database:
    engine: Engine
    location: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session whose transaction takes the write lock at BEGIN; commits on success."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def schema_version(self) -> str | None:
        return schema_version(self.engine)


def open_database(path: Path, url: str = "", now: datetime | None = None) -> Database:
    try:
        if url:
            engine = url_engine(url)
            location = engine.url.render_as_string(hide_password=True)
        else:
            engine = sqlite_engine(path)
            location = str(path)
        migrate(engine, now=now)
    except (DatabaseError, OperationalError) as exc:
        raise NotConfigured(
            f"The database at {path if not url else 'PSN_DATABASE_URL'} cannot be opened: {exc.orig}.",
            hint="If the file is corrupt, move it away (psn starts a fresh one) or restore a backup.",
        ) from None
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:  # database.url names no usable database
        raise NotConfigured(
            f"database.url cannot be used: {exc}.",
            hint="Fix it (e.g. postgresql://user@host/psn, with its driver installed), or unset it for the local "
                 "file: `psn config unset database.url` / unset PSN_DATABASE_URL.",
        ) from None
    except OSError as exc:
        raise NotConfigured(
            f"psn cannot use its database at {path}: {exc.strerror}.",
            hint=f"Make {path.parent} writable by you, or point PSN_HOME at a folder you own.",
        ) from None
    if not url:
        secure_files(path)
    return Database(engine=engine, location=location)


def record_event(conn: Connection, kind: str, at: datetime, subject: str | None = None, **payload: object) -> None:
    """Append to the local event log (content.published, engagement.received, …)."""
    from psn.core.redact import redact_obj

    conn.execute(
        text("INSERT INTO event_log (kind, occurred_at, subject, payload) VALUES (:k, :t, :s, :p)"),
        {
            "k": kind,
            "t": at.replace(tzinfo=None) if at.tzinfo else at,
            "s": subject,
            "p": json.dumps(redact_obj(payload), default=str, sort_keys=True),
        },
    )


def list_events(engine: Engine, kind: str | None = None, after_id: int = 0, limit: int = 100) -> list[dict]:
    query = "SELECT id, kind, occurred_at, subject, payload FROM event_log WHERE id > :after"
    params: dict[str, object] = {"after": after_id, "limit": limit}
    if kind:
        query += " AND kind = :kind"
        params["kind"] = kind
    query += " ORDER BY id LIMIT :limit"
    with engine.connect() as conn:
        rows = conn.execute(text(query), params).all()
    return [
        {"id": r.id, "kind": r.kind, "occurred_at": str(r.occurred_at), "subject": r.subject,
         "payload": json.loads(r.payload)}
        for r in rows
    ]
