"""One writer at a time for the small files psn rewrites whole (config.toml, secrets.json).

Several psn processes (the CLI, the daemon, a cron `--once`) can change the same file at once.
A read-modify-write without a lock loses one of the changes: two `psn config set` of different
keys, or — worse — the daemon saving a rotated X refresh token while the CLI stores another
secret. The lock is an flock on a sibling `.lock` file, released by the kernel if psn dies.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psn.core.paths import FILE_MODE


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for `path` (Windows has no flock: there, no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def replace_privately(path: Path, content: bytes) -> None:
    """Write a new version of `path` atomically through a 0600 temporary file of its own."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
