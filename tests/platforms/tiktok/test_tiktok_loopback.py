"""The upload over real HTTP on 127.0.0.1 (psn/sandbox/server.py): chunk bodies are streamed to the
emulator piece by piece, and injected faults still apply."""

import pytest
from tiktok_support import APP, MemoryCheckpoint, connect, settings, sparse_file

from psn.platforms.base import MediaItem, PublishRequest, PublishStatus
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.spec import make_adapter
from psn.sandbox.server import serve_in_thread
from psn.sandbox.tiktok import TikTokEmulator

MIB = 1024 * 1024


@pytest.fixture
def served(world):
    emulator = TikTokEmulator(world)
    server, base = serve_in_thread(world, emulators={host: emulator for host in emulator.hosts})
    yield base
    server.shutdown()
    server.server_close()


def loopback_deps(base, world, tokens=None):
    values = settings(chunk_size=5 * MIB)
    urls = {"api": f"{base}/open.tiktokapis.com", "authorize": f"{base}/www.tiktok.com/v2/auth/authorize/"}
    return AdapterDeps(urls=urls, settings=values, tokens=tokens, app=dict(APP), clock=world,
                       sleep=lambda seconds: world.advance(seconds))


def test_a_chunked_upload_over_loopback(served, world, tmp_path):
    import httpx

    tokens = connect(loopback_deps(served, world), httpx.HTTPTransport())
    adapter = make_adapter(loopback_deps(served, world, MemoryTokenStore(tokens)))
    world.inject("tiktok", path="/video/", method="PUT", status=503)  # the first chunk fails once
    path = sparse_file(tmp_path / "clip.mp4", 11 * MIB)
    result = adapter.publish(PublishRequest(platform="tiktok", format="video", media=[MediaItem(kind="video",
                                                                                               path=path)]),
                             MemoryCheckpoint())
    assert result.status == PublishStatus.DRAFT
    lines = [line.split() for line in (world.root / "requests.log").read_text().splitlines() if " PUT " in line]
    assert [line[-1] for line in lines] == ["503", "206", "201"]
    (pub,) = TikTokEmulator.publishes(world).values()
    assert pub["received"] == 11 * MIB
