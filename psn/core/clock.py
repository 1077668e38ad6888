"""An injectable clock. Logic takes a Clock; only the edges build the system one.

`PSN_NOW` (ISO 8601) pins the time for a whole process, which end-to-end tests and the
demo use to move through time without sleeping. `PSN_CLOCK_FILE` names a file holding an
ISO 8601 time that is re-read on every `now()`, so a test can move the clock of a process it
started (the daemon) by rewriting one file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from psn.core.errors import ConfigError


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to (tests, `PSN_NOW`)."""

    def __init__(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._at += delta if delta is not None else timedelta(**kwargs)
        return self._at

    def set(self, at: datetime) -> None:
        self._at = ensure_utc(at)


class FileClock:
    """Reads the time from a file on every call; a missing or empty file means the system time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError):
            raise ConfigError(f"PSN_CLOCK_FILE {self.path} cannot be read.",
                              hint="Point it at a text file holding an ISO 8601 time, or unset it.") from None
        if not text:
            return datetime.now(UTC)
        try:
            return parse_iso(text)
        except ValueError:
            raise ConfigError(
                f"PSN_CLOCK_FILE {self.path} does not hold an ISO 8601 time: {text[:40]!r}.",
                hint="Write a time such as 2026-12-01T09:00:00Z into it, or unset PSN_CLOCK_FILE.",
            ) from None


def ensure_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC (that is how psn stores them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_day_start(now: datetime, timezone: str) -> datetime:
    """Midnight of the creator's current day, in UTC: daily caps reset there, not at UTC midnight."""
    from zoneinfo import ZoneInfo

    moment = ensure_utc(now).astimezone(ZoneInfo(timezone))
    # fold=0: where clocks fall back over midnight (Havana), the day starts at the first 00:00, not the repeat
    return moment.replace(hour=0, minute=0, second=0, microsecond=0, fold=0).astimezone(UTC)


def parse_iso(text: str) -> datetime:
    return ensure_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))


def default_clock() -> Clock:
    clock_file = os.environ.get("PSN_CLOCK_FILE")
    if clock_file:
        return FileClock(Path(clock_file))
    pinned = os.environ.get("PSN_NOW")
    if pinned:
        try:
            return FixedClock(parse_iso(pinned))
        except ValueError:
            raise ConfigError(f"PSN_NOW={pinned[:40]!r} is not an ISO 8601 time.",
                              hint="Use e.g. PSN_NOW=2026-12-01T09:00:00Z, or unset it.") from None
    return SystemClock()
