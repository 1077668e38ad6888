"""Everything a psn home holds, reduced to digests, so a test can prove that a refused command
stored nothing and sent nothing.

Each SQLite database becomes one entry per table (row count and a hash of every row); every other
file (config.toml, secrets.json, the sandbox world and its requests.log) becomes a hash of its
bytes. Logs, lock files and SQLite's WAL/SHM side files are left out: they change on every run
without storing anything (the WAL's content is read through SQLite). The sandbox's requests.log
counts only requests that could change something on a platform: a refusal may read (WhatsApp
template definitions live only on Meta's side), it may never write.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

IGNORED_SUFFIXES = (".lock", ".db-wal", ".db-shm", ".db-journal")
IGNORED_FOLDERS = ("logs",)


def snapshot(home: Path) -> dict[str, str]:
    state: dict[str, str] = {}
    for path in sorted(home.rglob("*")):
        if not path.is_file() or _ignored(path.relative_to(home)):
            continue
        name = str(path.relative_to(home))
        if path.suffix == ".db":
            state.update({f"{name}::{table}": digest for table, digest in table_digests(path).items()})
        elif path.name == "requests.log":
            state[name] = "\n".join(line for line in path.read_text().splitlines() if not _is_read(line))
        else:
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def table_digests(path: Path) -> dict[str, str]:
    """{table: "N rows <hash>"}; a file SQLite cannot read is hashed as bytes instead."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {table: _table_digest(conn, table) for table in tables}
    except sqlite3.DatabaseError:
        return {"<unreadable>": hashlib.sha256(path.read_bytes()).hexdigest()}


def _table_digest(conn: sqlite3.Connection, table: str) -> str:
    rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
    return f"{len(rows)} rows {hashlib.sha256(chr(10).join(rows).encode()).hexdigest()[:16]}"


def _is_read(line: str) -> bool:
    """A requests.log line: `<time> <platform> <METHOD> <path> <status>`."""
    return line.split(" ")[2:3] in (["GET"], ["HEAD"])


def _ignored(relative: Path) -> bool:
    return relative.name.endswith(IGNORED_SUFFIXES) or any(part in IGNORED_FOLDERS for part in relative.parts)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What differs, named, for a readable assertion message."""
    names = sorted(set(before) | set(after))
    return [f"{n}: {before.get(n, '(absent)')} -> {after.get(n, '(absent)')}" for n in names
            if before.get(n) != after.get(n)]
