"""Helpers for the Facebook tests (a uniquely named module: `conftest` is ambiguous across folders)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from psn.platforms.base import TokenSet
from psn.platforms.facebook.spec import FacebookConnector
from psn.platforms.oauth import code_from_redirect
from psn.platforms.registry import AdapterDeps

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PAGE_TOKEN = "EAAPpagetoken123"
GRAPH = "https://graph.facebook.com/v26.0"


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
            raise Crash(step)  # the call went through, its answer was never recorded
        self.values[step] = value
        if step == self.crash_after:
            self.crash_after = None
            raise Crash(step)


def login(deps: AdapterDeps) -> TokenSet:
    """Facebook Login against the emulator, the way psn's accounts layer drives it in sandbox."""
    connector = FacebookConnector(deps)
    request = connector.authorize("http://127.0.0.1:8766/callback")
    redirect = httpx.Client(transport=deps.transport).get(request.url)
    assert redirect.status_code == 302
    return connector.exchange(request, code_from_redirect(redirect.headers["location"], request.state))
