"""Fixtures for the TikTok tests: an in-process sandbox world with only the TikTok emulator and a
connected adapter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tiktok_support import APP, connect, settings, urls_of

from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.adapter import TikTokAdapter
from psn.platforms.tiktok.spec import make_adapter
from psn.sandbox.tiktok import TikTokEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld


@pytest.fixture
def world(tmp_path: Path) -> SandboxWorld:
    return SandboxWorld(tmp_path / "sandbox")


@pytest.fixture
def transport(world: SandboxWorld) -> SandboxTransport:
    emulator = TikTokEmulator(world)
    return SandboxTransport(world, {host: emulator for host in emulator.hosts})


@pytest.fixture
def make_deps(world: SandboxWorld, transport: SandboxTransport) -> Callable[..., AdapterDeps]:
    def build(tokens: MemoryTokenStore | None = None, app: dict[str, str] | None = None,
              **section: object) -> AdapterDeps:
        values = settings(**section)
        return AdapterDeps(urls=urls_of(values), settings=values, transport=transport, tokens=tokens,
                           app=app or dict(APP), sleep=lambda seconds: world.advance(seconds), clock=world)

    return build


@pytest.fixture
def store(make_deps: Callable[..., AdapterDeps], transport: SandboxTransport) -> MemoryTokenStore:
    return MemoryTokenStore(connect(make_deps(), transport))


@pytest.fixture
def make_adapter_for(make_deps: Callable[..., AdapterDeps], store: MemoryTokenStore,
                     ) -> Callable[..., TikTokAdapter]:
    def build(**section: object) -> TikTokAdapter:
        return make_adapter(make_deps(tokens=store, **section))

    return build


@pytest.fixture
def adapter(make_adapter_for: Callable[..., TikTokAdapter]) -> TikTokAdapter:
    return make_adapter_for()
