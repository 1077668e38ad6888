"""The registry built-in platforms load through: every `psn/platforms/<name>/spec.py` module
that defines `SPEC`. A third-party platform would register the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from psn.core.clock import Clock, SystemClock
from psn.platforms.base import Adapter, BudgetLedger, Capabilities, TokenStore


@dataclass(frozen=True)
class ConnectSpec:
    """How `psn setup <platform>` connects an account."""

    kind: str
    """oauth_pkce | oauth | app_password | token | webhook"""
    instructions: str
    """Which developer app to create, which redirect URI to register, which products/scopes."""
    scopes: tuple[str, ...] = ()
    default_port: int = 8765
    app_fields: tuple[str, ...] = ("client_id", "client_secret")
    secret_fields: tuple[str, ...] = ("client_secret",)
    optional_fields: tuple[str, ...] = ()
    self_refreshing: bool = False
    """The access token refreshes itself without a refresh token (Instagram's long-lived tokens)."""
    field_help: dict[str, str] = field(default_factory=dict)


@dataclass
class AccountRef:
    """What an adapter knows about the connected account (never tokens)."""

    id: int
    handle: str
    platform_user_id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class AdapterDeps:
    """Everything an adapter is handed. Built by the feature layer (psn/accounts)."""

    urls: dict[str, str]
    settings: dict[str, Any]
    clock: Clock = field(default_factory=SystemClock)
    tokens: TokenStore | None = None
    ledger: BudgetLedger | None = None
    transport: httpx.BaseTransport | None = None
    account: AccountRef | None = None
    app: dict[str, str] = field(default_factory=dict)
    """The developer app's public fields (client_id…) and its secrets (client_secret…)."""
    sleep: Callable[[float], None] | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    """Optional services a platform may use: `hashtag_budget` (persisted search window),
    `media_host` (an object with `host(path) -> public URL`, e.g. the connected WordPress site),
    `lookups` (a dict kept for one invocation, for answers every adapter built in it may reuse)."""


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    title: str
    capabilities: Capabilities
    default_urls: dict[str, str]
    connect: ConnectSpec
    make_adapter: Callable[[AdapterDeps], Adapter]
    make_connector: Callable[[AdapterDeps], Any] | None = None
    """Builds the object that connects an account: for OAuth, `authorize(redirect_uri)`,
    `exchange(request, code) -> TokenSet`, `revoke(tokens)`; see psn/accounts/connect.py."""
    emulator: str = ""
    """Dotted path of the sandbox emulator class (psn.sandbox.<name>:Emulator)."""

    def hosts(self) -> list[str]:
        return sorted({httpx.URL(u).host for u in self.default_urls.values()})


def _discover() -> dict[str, PlatformSpec]:
    import psn.platforms as pkg

    found: dict[str, PlatformSpec] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{pkg.__name__}.{info.name}.spec")
        except ModuleNotFoundError as exc:
            if exc.name == f"{pkg.__name__}.{info.name}.spec":
                continue
            raise
        found[module.SPEC.name] = module.SPEC
    return dict(sorted(found.items()))


_cache: dict[str, PlatformSpec] | None = None


def all_specs() -> dict[str, PlatformSpec]:
    global _cache
    if _cache is None:
        _cache = _discover()
    return _cache


def get_spec(name: str) -> PlatformSpec:
    from psn.platforms.names import canonical

    return all_specs()[canonical(name)]


def build_http(deps: AdapterDeps, platform: str, base_url: str, classify: Any, retry_at: Any = None,
               credentials: Any = None, observe: Any = None, headers: dict[str, str] | None = None) -> Any:
    """An HttpClient wired with what the feature layer handed in (transport, ledger, clock)."""
    from psn.platforms.http import HttpClient
    from psn.platforms.ratelimit import retry_after_header

    extra: dict[str, Any] = {}
    if deps.sleep is not None:
        extra["sleep"] = deps.sleep
    return HttpClient(
        platform=platform, base_url=base_url, classify=classify, retry_at=retry_at or retry_after_header,
        credentials=credentials, ledger=deps.ledger, transport=deps.transport, clock=deps.clock,
        observe=observe, default_headers=headers or {}, **extra,
    )
