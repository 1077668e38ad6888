"""WhatsApp test fixtures: an adapter for pytest-httpx, one on the sandbox emulator, and a
transport that validates every request (and answer) against Meta's OpenAPI description."""

from __future__ import annotations

import httpx
import pytest
from wa_support import NOW, check_exchange

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.platforms.whatsapp.spec import DEFAULT_URLS, make_adapter
from psn.sandbox import whatsapp as emu
from psn.sandbox.meta_graph import MetaGraphEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld

TOKEN = emu.TOKEN


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _deps(clock: FixedClock, transport: httpx.BaseTransport | None = None) -> AdapterDeps:
    tokens = MemoryTokenStore(TokenSet(access_token=TOKEN, extra={"phone_number_id": emu.PHONE_NUMBER_ID,
                                                                  "waba_id": emu.WABA_ID}))
    return AdapterDeps(urls=dict(DEFAULT_URLS), settings={"graph_version": "v26.0", "messages_per_second": 1000},
                       clock=clock, tokens=tokens, transport=transport, app={"app_secret": emu.APP_SECRET,
                                                                             "webhook_verify_token": "verify-me"},
                       sleep=lambda seconds: None)


@pytest.fixture
def deps(clock: FixedClock) -> AdapterDeps:
    return _deps(clock)


@pytest.fixture
def adapter(deps: AdapterDeps):  # type: ignore[no-untyped-def]
    return make_adapter(deps)


class SpecCheckingTransport(httpx.BaseTransport):
    """Every request psn sends, and every answer the emulator gives, is checked against the spec."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.checked: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if response.status_code == 200:
            check_exchange(request, response)
            self.checked.append(f"{request.method} {request.url.path}")
        return response


@pytest.fixture
def world(tmp_path, clock: FixedClock) -> SandboxWorld:  # type: ignore[no-untyped-def]
    return SandboxWorld(tmp_path / "world", clock)


@pytest.fixture
def spec_transport(world: SandboxWorld) -> SpecCheckingTransport:
    emulator = MetaGraphEmulator(world)
    return SpecCheckingTransport(SandboxTransport(world, {h: emulator for h in emulator.hosts}))


@pytest.fixture
def sandbox_deps(clock: FixedClock, spec_transport: SpecCheckingTransport) -> AdapterDeps:
    return _deps(clock, spec_transport)


@pytest.fixture
def sandbox_adapter(sandbox_deps: AdapterDeps):  # type: ignore[no-untyped-def]
    return make_adapter(sandbox_deps)
