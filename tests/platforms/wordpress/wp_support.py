"""Helpers for the WordPress tests (uniquely named: `conftest` is ambiguous across folders)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from tests.checkpoints import Crash, MemoryCheckpoint  # noqa: F401 - shared by the WordPress tests

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SITE = "https://blog.example.com/"
ROOT = "https://blog.example.com/wp-json/"
PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"
BASIC = "Basic " + base64.b64encode(b"demo:abcdEFGH1234ijklMNOP6789").decode()


