"""An injectable clock. Logic takes a Clock; only the edges build the system one.

`PSN_NOW` (ISO 8601) pins the time for a whole process, which end-to-end tests and the
demo use to move through time without sleeping.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol


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


def ensure_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC (that is how psn stores them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_iso(text: str) -> datetime:
    return ensure_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))


def default_clock() -> Clock:
    pinned = os.environ.get("PSN_NOW")
    if pinned:
        return FixedClock(parse_iso(pinned))
    return SystemClock()
