"""Helpers for the WordPress tests (uniquely named: `conftest` is ambiguous across folders)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SITE = "https://blog.example.com/"
ROOT = "https://blog.example.com/wp-json/"
PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"
BASIC = "Basic " + base64.b64encode(b"demo:abcdEFGH1234ijklMNOP6789").decode()


class Crash(Exception):
    """Stands for the process dying at that point."""


class MemoryCheckpoint:
    def __init__(self, crash_after: str | None = None, crash_before: str | None = None) -> None:
        self.values: dict[str, str] = {}
        self.begun: set[str] = set()
        self.crash_after, self.crash_before = crash_after, crash_before

    def get(self, step: str) -> str | None:
        return self.values.get(step)

    def begin(self, step: str) -> None:
        self.begun.add(step)

    def in_flight(self, step: str) -> bool:
        return step in self.begun and step not in self.values

    def save(self, step: str, value: str) -> None:
        if step == self.crash_before:
            self.crash_before = None
            raise Crash(step)
        self.values[step] = value
        if step == self.crash_after:
            self.crash_after = None
            raise Crash(step)
