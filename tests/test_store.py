"""Engine pragmas, migrations from blank, models agreeing with migrations, concurrent writers."""

import subprocess
import sys
import textwrap
from datetime import UTC, datetime

from sqlalchemy import inspect, text

from psn.store.db import list_events, open_database, record_event
from psn.store.engine import sqlite_engine
from psn.store.migrate import all_migrations, applied, migrate
from psn.store.tables import all_tables


def test_pragmas(tmp_path):
    engine = sqlite_engine(tmp_path / "a.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_each_migration_applies_on_blank_database(tmp_path):
    names = [m.name for m in all_migrations()]
    assert names == sorted(names) and len(set(names)) == len(names)
    for index, migration in enumerate(all_migrations()):
        engine = sqlite_engine(tmp_path / f"step{index}.db")
        for earlier in all_migrations()[: index + 1]:
            with engine.begin() as conn:
                earlier.upgrade(conn)
    engine = sqlite_engine(tmp_path / "all.db")
    assert migrate(engine) == names
    assert migrate(engine) == []  # idempotent
    assert applied(engine) == names


def test_models_match_migrations(tmp_path):
    engine = sqlite_engine(tmp_path / "m.db")
    migrate(engine)
    inspector = inspect(engine)
    for name, table in all_tables().items():
        columns = {c["name"] for c in inspector.get_columns(name)}
        assert columns == {c.name for c in table.columns}, name


def test_event_log_round_trip(tmp_path):
    db = open_database(tmp_path / "e.db")
    with db.write() as conn:
        record_event(conn, "content.published", datetime(2026, 11, 21, tzinfo=UTC), "post:1",
                     platform="x", access_token="never-stored")
    events = list_events(db.engine)
    assert events[0]["kind"] == "content.published"
    assert events[0]["payload"] == {"platform": "x", "access_token": "***"}


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from sqlalchemy import text
    from psn.store.db import open_database, record_event
    db = open_database(Path(sys.argv[1]))
    errors = 0
    for i in range(1000):
        # read-then-write: the kind of transaction that loses updates without BEGIN IMMEDIATE
        with db.write() as conn:
            n = conn.execute(text("SELECT COUNT(*) FROM event_log")).scalar()
            record_event(conn, "test.write", datetime.now(UTC), sys.argv[2], seen=n)
    print("done")
    """
)


def test_two_processes_write_1000_rows_each_without_lock_errors(tmp_path):
    path = tmp_path / "c.db"
    open_database(path)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "database is locked" not in err
    db = open_database(path)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM event_log")).scalar() == 2000
        # every transaction saw a distinct count: no two read the same state and both wrote
        seen = [r[0] for r in conn.execute(text("SELECT json_extract(payload, '$.seen') FROM event_log"))]
    assert sorted(seen) == list(range(2000))


def test_corrupt_database_is_a_clear_error(tmp_path):
    import pytest

    from psn.core.errors import NotConfigured

    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(NotConfigured) as err:
        open_database(path)
    assert "move it away" in (err.value.hint or "")
