"""The database engine: SQLite in WAL mode with a write lock taken up front.

Why `BEGIN IMMEDIATE`: Python's sqlite3 only starts a transaction at the first write, so a
read-then-write sequence can race with another process and lose an update. Taking the write
lock at BEGIN (and waiting up to busy_timeout for it) makes every transaction serialisable.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import create_engine

from psn.core.paths import FILE_MODE, make_private_dir

BUSY_TIMEOUT_MS = 15_000


def sqlite_engine(path: Path, busy_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    make_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
    os.chmod(path, FILE_MODE)
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": busy_ms / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def url_engine(url: str) -> Engine:
    """Another SQLAlchemy database (PostgreSQL…) for users who outgrow one machine. Untested beyond SQLite."""
    return create_engine(url, pool_pre_ping=True)


def wal_files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def secure_files(path: Path) -> None:
    """SQLite creates -wal and -shm with the umask; keep them private like the database."""
    for file in wal_files(path):
        os.chmod(file, FILE_MODE)
