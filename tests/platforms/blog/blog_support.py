"""Helpers for the blog webhook tests (uniquely named: `conftest` is ambiguous across folders)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.checkpoints import MemoryCheckpoint  # noqa: F401 - shared by the blog tests

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ENDPOINT = "https://blog.example.com/hooks/psn"


