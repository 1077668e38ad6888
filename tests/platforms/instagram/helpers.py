"""Building Instagram clients for pytest-httpx tests (no transport: pytest-httpx intercepts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AccountRef, AdapterDeps

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GRAPH = "https://graph.instagram.com/v26.0"
FB_GRAPH = "https://graph.facebook.com/v26.0"
TOKEN = "IGAALlongtoken0123456789"
USER = "17841441696714445"
APP = {"client_id": "990602627938098", "client_secret": "ig-app-secret-123", "webhook_verify_token": "verify-me-42"}


@dataclass
class FakeLedger:
    records: list[dict[str, Any]] = field(default_factory=list)

    def check(self, platform: str, operation: str) -> None:
        return None

    def record(self, platform: str, operation: str, **kwargs: Any) -> None:
        self.records.append({"platform": platform, "operation": operation, **kwargs})


def tokens(token: str = TOKEN, issued: timedelta = timedelta(days=2), left: timedelta = timedelta(days=58),
           login: str = "instagram", kind: str = "long") -> TokenSet:
    return TokenSet(access_token=token, expires_at=NOW + left,
                    extra={"login": login, "kind": kind, "issued_at": (NOW - issued).isoformat(), "user_id": USER})


def deps(store: MemoryTokenStore | None = None, settings: dict[str, Any] | None = None,
         ledger: FakeLedger | None = None, sleeps: list[float] | None = None) -> AdapterDeps:
    sink = sleeps if sleeps is not None else []
    return AdapterDeps(urls={}, settings={"api_version": "v26.0", **(settings or {})}, clock=FixedClock(NOW),
                       tokens=store if store is not None else MemoryTokenStore(tokens()), ledger=ledger,
                       app=dict(APP), sleep=sink.append, account=AccountRef(1, "acme_studio", USER))


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


def graph_error(code: int, message: str = "boom", subcode: int | None = None, **extra: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}
    if subcode:
        error["error_subcode"] = subcode
    return {"error": {**error, **extra}}
