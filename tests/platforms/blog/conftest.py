"""Blog webhook fixtures: an adapter for pytest-httpx and one delivering to the receiver emulator."""

from __future__ import annotations

import pytest
from blog_support import ENDPOINT, NOW

from psn.core.clock import FixedClock
from psn.platforms.blog.spec import BlogConnector, make_adapter
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.sandbox.blog import SECRET, BlogEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def slept() -> list[float]:
    return []


def _deps(clock: FixedClock, slept: list[float], transport=None, endpoint: str = ENDPOINT) -> AdapterDeps:  # type: ignore
    def sleep(seconds: float) -> None:  # waiting moves the clock, so each attempt has its own timestamp
        slept.append(seconds)
        clock.advance(seconds=seconds)

    deps = AdapterDeps(urls={}, settings={}, clock=clock, transport=transport, sleep=sleep)
    tokens = BlogConnector(deps).connect({"endpoint_url": endpoint, "secret": SECRET})
    deps.tokens = MemoryTokenStore(tokens)
    return deps


@pytest.fixture
def deps(clock: FixedClock, slept: list[float]) -> AdapterDeps:
    return _deps(clock, slept)


@pytest.fixture
def adapter(deps: AdapterDeps):  # type: ignore[no-untyped-def]
    return make_adapter(deps)


@pytest.fixture
def world(tmp_path, clock: FixedClock) -> SandboxWorld:  # type: ignore[no-untyped-def]
    return SandboxWorld(tmp_path / "world", clock)


@pytest.fixture
def sandbox(world: SandboxWorld, clock: FixedClock, slept: list[float]):  # type: ignore[no-untyped-def]
    """sandbox(endpoint) → an adapter delivering to the receiver emulator."""
    emulator = BlogEmulator(world)
    transport = SandboxTransport(world, {host: emulator for host in emulator.hosts})

    def build(endpoint: str = ENDPOINT, **settings):  # type: ignore[no-untyped-def]
        deps = _deps(clock, slept, transport, endpoint)
        deps.settings.update(settings)
        return make_adapter(deps)

    return build
