"""[general], [log] and [database]: settings every part of psn uses."""

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from psn.core.sections.base import Section


class GeneralSettings(Section):
    timezone: str = "UTC"
    """The creator's IANA timezone: scheduling, quiet hours and reports use it."""
    review_before_publish: bool = True
    """Ask for approval before anything is published (engagement replies always ask)."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}; use an IANA name such as Europe/Paris") from None
        return value


class LogSettings(Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    """Level of the rotating log file (-v forces debug for one run)."""


class DatabaseSettings(Section):
    url: str = ""
    """SQLAlchemy URL of another database (e.g. PostgreSQL). Empty means the local SQLite file."""

    @field_validator("url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value and "://" not in value:
            raise ValueError(f"{value!r} is not a database URL; use e.g. sqlite:////path/to/psn.db or "
                             "postgresql://user@host/psn, or leave it empty for the local file")
        return value
