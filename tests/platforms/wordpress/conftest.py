"""WordPress fixtures: an adapter for pytest-httpx, and connections to the emulated sites."""

from __future__ import annotations

import pytest
from wp_support import NOW, PASSWORD, ROOT, SITE

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.platforms.wordpress.spec import WordPressConnector, make_adapter
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.wordpress import WordPressEmulator
from psn.sandbox.world import SandboxWorld


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def deps(clock: FixedClock) -> AdapterDeps:
    tokens = TokenSet(access_token=PASSWORD.replace(" ", ""),
                      extra={"username": "demo", "site_url": SITE, "api_root": ROOT, "user_id": "1"})
    return AdapterDeps(urls={}, settings={}, clock=clock, tokens=MemoryTokenStore(tokens), sleep=lambda s: None)


@pytest.fixture
def adapter(deps: AdapterDeps):  # type: ignore[no-untyped-def]
    return make_adapter(deps)


@pytest.fixture
def world(tmp_path, clock: FixedClock) -> SandboxWorld:  # type: ignore[no-untyped-def]
    return SandboxWorld(tmp_path / "world", clock)


@pytest.fixture
def sandbox_deps(world: SandboxWorld, clock: FixedClock) -> AdapterDeps:
    emulator = WordPressEmulator(world)
    transport = SandboxTransport(world, {host: emulator for host in emulator.hosts})
    return AdapterDeps(urls={}, settings={}, clock=clock, transport=transport, sleep=lambda s: None)


@pytest.fixture
def connect(sandbox_deps: AdapterDeps):  # type: ignore[no-untyped-def]
    """connect(site, username, password) → an adapter on that emulated site."""

    def run(site: str = "https://wp.example.com", username: str = "demo", password: str = PASSWORD):  # type: ignore
        tokens = WordPressConnector(sandbox_deps).connect({"site_url": site, "username": username,
                                                           "application_password": password})
        sandbox_deps.tokens = MemoryTokenStore(tokens)
        return make_adapter(sandbox_deps)

    return run
