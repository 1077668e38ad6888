"""Facebook test fixtures: a fixed clock, an adapter for pytest-httpx, and one connected through
the sandbox emulator."""

from __future__ import annotations

import pytest
from fb_support import NOW, PAGE_TOKEN, login

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.facebook.spec import DEFAULT_URLS, make_adapter
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AccountRef, AdapterDeps
from psn.sandbox.meta_graph import PAGE_ID, MetaGraphEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def deps(clock: FixedClock) -> AdapterDeps:
    tokens = MemoryTokenStore(TokenSet(access_token=PAGE_TOKEN, extra={"page_id": PAGE_ID}))
    return AdapterDeps(urls=dict(DEFAULT_URLS), settings={"graph_version": "v26.0"}, clock=clock, tokens=tokens,
                       account=AccountRef(id=1, handle="Sandbox Page", platform_user_id=PAGE_ID),
                       app={"client_id": "42", "client_secret": "app-secret-xyz", "webhook_verify_token": "verify-me"},
                       sleep=lambda seconds: None)


@pytest.fixture
def adapter(deps: AdapterDeps):  # type: ignore[no-untyped-def]
    return make_adapter(deps)


@pytest.fixture
def world(tmp_path, clock: FixedClock) -> SandboxWorld:  # type: ignore[no-untyped-def]
    return SandboxWorld(tmp_path / "world", clock)


@pytest.fixture
def sandbox_deps(world: SandboxWorld, clock: FixedClock) -> AdapterDeps:
    emulator = MetaGraphEmulator(world)
    transport = SandboxTransport(world, {host: emulator for host in emulator.hosts})
    return AdapterDeps(urls=dict(DEFAULT_URLS), settings={"graph_version": "v26.0"}, clock=clock,
                       transport=transport, app={"client_id": "42", "client_secret": "app-secret-xyz"},
                       sleep=lambda seconds: None)


@pytest.fixture
def sandbox_adapter(sandbox_deps: AdapterDeps):  # type: ignore[no-untyped-def]
    sandbox_deps.tokens = MemoryTokenStore(login(sandbox_deps))
    return make_adapter(sandbox_deps)
