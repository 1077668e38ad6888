"""File logging with redaction. Every record passes the redaction filter before it is written."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from psn.core.paths import FILE_MODE, make_private_dir
from psn.core.redact import redact

LOGGER_NAME = "psn"
_HANDLER_NAME = "psn-file"


class RedactingFilter(logging.Filter):
    """Render the message once, scrub it, and drop the args so nothing unscrubbed survives."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        os.chmod(self.baseFilename, FILE_MODE)
        return stream


def configure_logging(log_file: Path, verbose: bool = False) -> logging.Logger:
    """Attach one rotating, redacting file handler to the `psn` logger (idempotent per file)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(logger.handlers):
        if handler.get_name() == _HANDLER_NAME:
            if getattr(handler, "baseFilename", None) == str(log_file):
                return logger
            logger.removeHandler(handler)
            handler.close()
    make_private_dir(log_file.parent)
    handler = _PrivateRotatingHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True)
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    return logger


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if not name.startswith(LOGGER_NAME) else name)
