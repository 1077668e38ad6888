"""Injected faults: before the platform acts (nothing happened) and after (it happened, the answer
was lost) — the second is the case that double-posts a careless client."""

from __future__ import annotations

import httpx
import pytest

from psn.sandbox.server import serve_in_thread
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld
from tests.sandbox_counter import Counter, posts


@pytest.fixture
def world(tmp_path):
    return SandboxWorld(tmp_path / "world")


@pytest.mark.parametrize(("kind", "error"), [("timeout", httpx.ReadTimeout), ("drop", httpx.RemoteProtocolError)])
def test_in_process_fault_before_means_nothing_happened(world, kind, error):
    client = httpx.Client(transport=SandboxTransport(world, {"api.counter.test": Counter(world)}))
    world.inject("counter", kind=kind)
    with pytest.raises(error):
        client.post("https://api.counter.test/posts")
    assert posts(world) == 0


@pytest.mark.parametrize(("kind", "error"), [("timeout", httpx.ReadTimeout), ("drop", httpx.RemoteProtocolError)])
def test_in_process_fault_after_means_the_post_exists(world, kind, error):
    client = httpx.Client(transport=SandboxTransport(world, {"api.counter.test": Counter(world)}))
    world.inject("counter", kind=kind, after=True)
    with pytest.raises(error):
        client.post("https://api.counter.test/posts")
    assert posts(world) == 1
    assert client.post("https://api.counter.test/posts").status_code == 201  # one-shot: the next one answers
    assert posts(world) == 2


def test_over_http_a_lost_answer_hangs_up_after_the_post_exists(world):
    server, base = serve_in_thread(world, emulators={"api.counter.test": Counter(world)})
    try:
        world.inject("counter", kind="drop", after=True)
        with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
            client.post(f"{base}/api.counter.test/posts")
        assert posts(world) == 1
        assert "counter POST /posts 201" in (world.root / "requests.log").read_text()
    finally:
        server.shutdown()
        server.server_close()


def test_cli_fault_after_flag(cli):
    result = cli("sandbox", "fault", "x", "--kind", "drop", "--after", "--json")
    assert result.exit_code == 0
    assert result.json()["data"] == {"platform": "x", "kind": "drop", "status": 500, "times": 1, "after": True}
