"""The configuration schema: one pydantic model per section of config.toml.

Every key is `section.name`; its environment variable is `PSN_SECTION_NAME`. Later features add
a section here (a model plus one field on `Settings`); nothing else needs to change for
`psn config` and `psn doctor` to know about it.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_attribute_docstrings=True)


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


class Settings(Section):
    general: GeneralSettings = GeneralSettings()
    log: LogSettings = LogSettings()
    database: DatabaseSettings = DatabaseSettings()
