"""Helpers for the Facebook tests (a uniquely named module: `conftest` is ambiguous across folders)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from psn.platforms.base import TokenSet
from psn.platforms.facebook.spec import FacebookConnector
from psn.platforms.oauth import code_from_redirect
from psn.platforms.registry import AdapterDeps
from tests.checkpoints import Crash, MemoryCheckpoint  # noqa: F401 - shared by the Facebook tests

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PAGE_TOKEN = "EAAPpagetoken123"
GRAPH = "https://graph.facebook.com/v26.0"


def login(deps: AdapterDeps) -> TokenSet:
    """Facebook Login against the emulator, the way psn's accounts layer drives it in sandbox."""
    connector = FacebookConnector(deps)
    request = connector.authorize("http://127.0.0.1:8766/callback")
    redirect = httpx.Client(transport=deps.transport).get(request.url)
    assert redirect.status_code == 302
    return connector.exchange(request, code_from_redirect(redirect.headers["location"], request.state))
