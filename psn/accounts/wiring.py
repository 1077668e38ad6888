"""Build a platform adapter for this invocation: URLs from config, tokens from the keyring,
budgets from SQLite, and — in sandbox mode — the emulators instead of the internet.

Sandbox routing: `--sandbox` alone serves every platform in-process from the persisted world;
with `PSN_SANDBOX_URL` (a running `psn sandbox serve`) every URL is rewritten to go through
that loopback server instead. In the sandbox, waiting advances the world's clock rather than
sleeping, so container polling and upload processing take no real time; and the platform layer
(rate-limit waits, its budget ledger, token expiry, signatures) reads the world's clock, so a reset
time an emulator announces means the same moment to psn, however far `psn sandbox advance` went.
"""

from __future__ import annotations

import os
from typing import Any

import httpx

from psn.accounts.ledger import DbBudgetLedger
from psn.accounts.store import KeyringTokenStore, active_account, load_app
from psn.context import AppContext
from psn.core.errors import ConfigError
from psn.platforms.base import Adapter
from psn.platforms.registry import AccountRef, AdapterDeps, PlatformSpec, get_spec
from psn.store.publishing_tables import Account


def platform_settings(ctx: AppContext, platform: str) -> dict[str, Any]:
    section = getattr(ctx.settings, platform, None)
    return section.model_dump() if section is not None else {}


def resolve_urls(ctx: AppContext, spec: PlatformSpec) -> dict[str, str]:
    urls = dict(spec.default_urls)
    for key, value in platform_settings(ctx, spec.name).items():
        if key.endswith("_url") and isinstance(value, str) and value:
            urls[key[: -len("_url")]] = value
    sandbox_url = os.environ.get("PSN_SANDBOX_URL")
    if ctx.sandbox and sandbox_url:
        if not sandbox_url.startswith(("http://", "https://")):
            raise ConfigError(f"PSN_SANDBOX_URL={sandbox_url!r} is not a web address.",
                              hint="Give the address `psn sandbox serve` printed (http://127.0.0.1:PORT), or unset it.")
        urls = {name: _through(sandbox_url, url) for name, url in urls.items()}
    return urls


def _through(server: str, url: str) -> str:
    parsed = httpx.URL(url)
    return f"{server.rstrip('/')}/{parsed.host}{parsed.raw_path.decode()}".rstrip("/")


def sandbox_world(ctx: AppContext):  # type: ignore[no-untyped-def]
    from psn.sandbox.world import SandboxWorld

    return SandboxWorld(ctx.paths.sandbox_dir, clock=ctx.clock)


def sandbox_transport(ctx: AppContext) -> httpx.BaseTransport | None:
    """The in-process emulators in sandbox mode, or real HTTP to the loopback sandbox server when
    PSN_SANDBOX_URL is set (None: real HTTP to the real platforms)."""
    if not ctx.sandbox:
        return None
    sandbox_url = os.environ.get("PSN_SANDBOX_URL")
    if sandbox_url:  # one per client: an httpx client closes its transport when it closes
        from psn.sandbox.transport import LoopbackTransport

        return LoopbackTransport(sandbox_url)
    cached = ctx.extras.get("sandbox_transport")
    if cached is None:
        from psn.sandbox.transport import SandboxTransport

        cached = ctx.extras["sandbox_transport"] = SandboxTransport(sandbox_world(ctx))
    return cached


def deps_for(ctx: AppContext, platform: str, account: Account | None = None) -> AdapterDeps:
    spec = get_spec(platform)
    clock = sandbox_world(ctx).clock() if ctx.sandbox else ctx.clock
    deps = AdapterDeps(
        urls=resolve_urls(ctx, spec),
        settings=platform_settings(ctx, platform),
        clock=clock,
        ledger=DbBudgetLedger(ctx, clock),
        transport=sandbox_transport(ctx),
        app=load_app(ctx, platform),
    )
    if ctx.sandbox:
        deps.sleep = sandbox_world(ctx).advance
    deps.extras = {**_extras(ctx, spec), "lookups": ctx.extras.setdefault("platform_lookups", {})}
    if account is not None:
        deps.account = AccountRef(id=account.id or 0, handle=account.handle, platform_user_id=account.platform_user_id,
                                  meta=_meta(account))
        deps.tokens = KeyringTokenStore(ctx, account)
    return deps


def _extras(ctx: AppContext, spec: PlatformSpec) -> dict[str, Any]:
    """Services some platforms use: a persisted hashtag-search window, and — when another connected
    platform can host media (WordPress) — a media host for platforms that fetch media by URL."""
    from psn.store.instagram_tables import SqliteHashtagBudget

    extras: dict[str, Any] = {"hashtag_budget": SqliteHashtagBudget(ctx.db.engine)}
    if spec.capabilities.needs_public_media_url:
        host = _media_host(ctx, exclude=spec.name)
        if host is not None:
            extras["media_host"] = host
    return extras


def _media_host(ctx: AppContext, exclude: str) -> Any:
    from psn.accounts.store import list_accounts
    from psn.platforms.registry import all_specs

    for account in list_accounts(ctx):
        spec = all_specs().get(account.platform)
        if account.status != "connected" or account.platform == exclude or spec is None:
            continue
        if spec.capabilities.hosts_media:
            adapter = spec.make_adapter(deps_for(ctx, account.platform, account))
            return adapter
    return None


def _meta(account: Account) -> dict[str, Any]:
    import json

    return json.loads(account.meta or "{}")


def adapter_for(ctx: AppContext, platform: str) -> tuple[Adapter, Account]:
    """The adapter of the connected account (NotConfigured naming `psn setup` if there is none)."""
    account = active_account(ctx, get_spec(platform).name)
    spec = get_spec(platform)
    return spec.make_adapter(deps_for(ctx, spec.name, account)), account
