"""Fixtures for the LinkedIn tests: a pinned clock, the in-process emulator, an in-memory
checkpoint, and adapters wired either to pytest-httpx or to the emulator."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from psn.core.clock import FixedClock
from psn.core.sections.linkedin import LinkedInSettings
from psn.platforms.base import TokenSet
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AccountRef, AdapterDeps
from psn.sandbox.linkedin import MEMBER, LinkedInEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld
from tests.checkpoints import Crash, MemoryCheckpoint  # noqa: F401 - shared by the LinkedIn tests

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
API = "https://api.linkedin.com"
VERSION = "202610"
APP = {"client_id": "li-client", "client_secret": "li-secret-value"}
URLS = {"api": API, "authorize": "https://www.linkedin.com/oauth/v2/authorization",
        "token": "https://www.linkedin.com/oauth/v2/accessToken", "revoke": "https://www.linkedin.com/oauth/v2/revoke"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> SandboxWorld:
    return SandboxWorld(tmp_path / "world", clock=clock)


@pytest.fixture
def emulator(world: SandboxWorld) -> LinkedInEmulator:
    return LinkedInEmulator(world)


@pytest.fixture
def transport(world: SandboxWorld, emulator: LinkedInEmulator) -> SandboxTransport:
    return SandboxTransport(world, {host: emulator for host in emulator.hosts})


@pytest.fixture
def checkpoint() -> MemoryCheckpoint:
    return MemoryCheckpoint()


@pytest.fixture
def new_checkpoint() -> type[MemoryCheckpoint]:
    """The class, for tests that need several checkpoints or a simulated crash."""
    return MemoryCheckpoint


@pytest.fixture
def make_deps(clock: FixedClock, sleeps: list[float]):
    """AdapterDeps for a connected member; pass transport=… for the emulator, nothing for pytest-httpx."""

    def build(tokens: TokenSet | None = None, transport=None, **settings) -> AdapterDeps:
        store = MemoryTokenStore(tokens or TokenSet(access_token="tok-abcdef123", expires_at=None))
        return AdapterDeps(
            urls=dict(URLS), settings={**LinkedInSettings().model_dump(), **settings}, clock=clock, tokens=store,
            transport=transport, account=AccountRef(id=1, handle="Sandbox Creator", platform_user_id=MEMBER["sub"]),
            app=dict(APP), sleep=sleeps.append)

    return build


@pytest.fixture
def sandbox_tokens(emulator: LinkedInEmulator, clock: FixedClock):
    """A TokenSet issued by the emulator, as the OAuth flow would store it."""
    from psn.platforms.oauth import token_set_from_response

    def issue(*scopes: str) -> TokenSet:
        body = emulator.issue_token(scopes or ("email", "openid", "profile", "w_member_social"),
                                    client_id=APP["client_id"])
        return token_set_from_response(body, clock.now())

    return issue


@pytest.fixture
def sandbox_adapter(make_deps, transport, sandbox_tokens):
    from psn.platforms.linkedin.spec import make_adapter

    def build(*scopes: str, **settings):
        return make_adapter(make_deps(sandbox_tokens(*scopes), transport=transport, **settings))

    return build
