"""Helpers for the blog webhook tests (uniquely named: `conftest` is ambiguous across folders)."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ENDPOINT = "https://blog.example.com/hooks/psn"


class MemoryCheckpoint:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.begun: set[str] = set()

    def get(self, step: str) -> str | None:
        return self.values.get(step)

    def begin(self, step: str) -> None:
        self.begun.add(step)

    def in_flight(self, step: str) -> bool:
        return step in self.begun and step not in self.values

    def save(self, step: str, value: str) -> None:
        self.values[step] = value
