"""Fixtures for the Instagram tests: a fixed clock, the emulator world, a connected adapter, and an
in-memory Checkpoint / HashtagBudget (what the feature layer implements over SQLite)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.instagram.hashtags import MemoryHashtagBudget
from psn.platforms.instagram.probe import make_jpeg, make_mp4
from psn.platforms.instagram.spec import InstagramConnector, make_adapter
from psn.platforms.oauth import MemoryTokenStore, code_from_redirect
from psn.platforms.registry import AccountRef, AdapterDeps
from psn.sandbox.instagram import InstagramEmulator, InstagramFacebookEmulator
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld
from tests.checkpoints import Crash, CrashingCheckpoint, MemoryCheckpoint  # noqa: F401 - shared

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
APP = {"client_id": "990602627938098", "client_secret": "ig-app-secret-123", "webhook_verify_token": "verify-me-42"}
REDIRECT = "http://127.0.0.1:8766/callback"


@dataclass
class Sleeps:
    calls: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@dataclass
class Sandbox:
    world: SandboxWorld
    emulator: InstagramEmulator
    facebook: InstagramFacebookEmulator
    transport: SandboxTransport
    clock: FixedClock
    sleeps: Sleeps
    tmp: Path

    def deps(self, tokens: MemoryTokenStore | None = None, settings: dict[str, Any] | None = None,
             account: AccountRef | None = None) -> AdapterDeps:
        return AdapterDeps(urls={}, settings={"api_version": "v26.0", **(settings or {})}, clock=self.clock,
                           tokens=tokens, transport=self.transport, app=dict(APP), sleep=self.sleeps,
                           account=account)

    def connect(self, settings: dict[str, Any] | None = None) -> TokenSet:
        """Run the OAuth flow the way the accounts layer does in sandbox mode (no browser)."""
        import httpx

        connector = InstagramConnector(self.deps(settings=settings))
        request = connector.authorize(REDIRECT)
        answer = httpx.Client(transport=self.transport).get(request.url)
        assert answer.status_code == 302
        return connector.exchange(request, code_from_redirect(answer.headers["location"], request.state))

    def adapter(self, settings: dict[str, Any] | None = None, budget: MemoryHashtagBudget | None = None):
        store = MemoryTokenStore(self.connect(settings))
        adapter = make_adapter(self.deps(store, settings), hashtag_budget=budget)
        adapter.account()
        adapter.store = store  # type: ignore[attr-defined]
        return adapter

    def jpeg(self, name: str = "photo.jpg", width: int = 1080, height: int = 1350, **kwargs: Any) -> Path:
        path = self.tmp / name
        path.write_bytes(make_jpeg(width, height, **kwargs))
        return path

    def mp4(self, name: str = "clip.mp4", seconds: float = 12.0, **kwargs: Any) -> Path:
        path = self.tmp / name
        path.write_bytes(make_mp4(seconds, **kwargs))
        return path


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    clock = FixedClock(START)
    world = SandboxWorld(tmp_path / "world", clock=clock)
    emulator = InstagramEmulator(world)
    facebook = InstagramFacebookEmulator(world)
    hosts = {host: emulator for host in emulator.hosts} | {host: facebook for host in facebook.hosts}
    transport = SandboxTransport(world, hosts)
    media = tmp_path / "media"
    media.mkdir()
    return Sandbox(world, emulator, facebook, transport, clock, Sleeps(), media)
