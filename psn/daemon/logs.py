"""The daemon's own rotating log file (redacted like psn.log), and reading it back for `psn daemon logs`."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from psn.core.log import LOGGER_NAME, RedactingFilter
from psn.core.paths import FILE_MODE, make_private_dir

DAEMON_LOG = "daemon.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def daemon_log_file(log_dir: Path) -> Path:
    return log_dir / DAEMON_LOG


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        os.chmod(self.baseFilename, FILE_MODE)
        return stream


def _handler(handler: logging.Handler, level: int) -> logging.Handler:
    handler.setLevel(level)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


@contextmanager
def daemon_logging(log_dir: Path, to_stderr: bool = False, verbose: bool = False) -> Iterator[Path]:
    """Send psn's and APScheduler's records to daemon.log (and stderr for a service manager's
    journal) for as long as the daemon runs; detach afterwards so nothing leaks into other runs."""
    make_private_dir(log_dir)
    path = daemon_log_file(log_dir)
    level = logging.DEBUG if verbose else logging.INFO
    handlers = [_handler(_PrivateRotatingFile(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"), level)]
    if to_stderr:
        handlers.append(_handler(logging.StreamHandler(sys.stderr), level))
    psn_logger = logging.getLogger(LOGGER_NAME)
    scheduler_logger = logging.getLogger("apscheduler")
    saved = (psn_logger.level, scheduler_logger.level, scheduler_logger.propagate)
    psn_logger.setLevel(min(psn_logger.level or level, level))
    scheduler_logger.setLevel(logging.WARNING)  # its per-run INFO lines duplicate ours
    scheduler_logger.propagate = False
    for handler in handlers:
        psn_logger.addHandler(handler)
        scheduler_logger.addHandler(handler)
    try:
        yield path
    finally:
        for handler in handlers:
            psn_logger.removeHandler(handler)
            scheduler_logger.removeHandler(handler)
            handler.close()
        psn_logger.setLevel(saved[0])
        scheduler_logger.setLevel(saved[1])
        scheduler_logger.propagate = saved[2]


def last_lines(path: Path, count: int) -> list[str]:
    if not path.exists():
        return []
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        lines = handle.readlines()
    return [line.rstrip("\n") for line in lines[-count:]] if count > 0 else []


def follow(path: Path, emit: Callable[[str], None], keep_going: Callable[[], bool] = lambda: True,
           sleep: Callable[[float], None] = time.sleep, poll_s: float = 0.5) -> None:
    """Print lines as they are appended, surviving rotation (the file is replaced by a new one)."""
    position = path.stat().st_size if path.exists() else 0
    inode = path.stat().st_ino if path.exists() else None
    while keep_going():
        if path.exists():
            stat = path.stat()
            if stat.st_ino != inode or stat.st_size < position:  # rotated or truncated: start over
                inode, position = stat.st_ino, 0
            if stat.st_size > position:
                with path.open("r", encoding="utf-8", errors="replace") as handle:
                    handle.seek(position)
                    chunk = handle.read()
                    position = handle.tell()
                for line in chunk.splitlines():
                    emit(line)
        sleep(poll_s)
