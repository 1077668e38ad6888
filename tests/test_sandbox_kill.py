"""The `kill` fault (kill -9 mid-request): the sandbox SIGKILLs the client named in a pid file,
before or after the platform acted, then hangs up; `skip` strikes the Nth matching request. And
the loopback transport that lets a CLI reach every emulator, WordPress included, over real HTTP."""

from __future__ import annotations

import signal
import subprocess

import httpx
import pytest

from psn.sandbox.emulator import Emulator, EmuRequest, json_response
from psn.sandbox.server import serve_in_thread
from psn.sandbox.transport import LoopbackTransport, SandboxTransport
from psn.sandbox.world import SandboxWorld
from tests.sandbox_counter import Counter
from tests.sandbox_counter import posts as count_posts


@pytest.fixture
def world(tmp_path):
    return SandboxWorld(tmp_path / "world")


@pytest.fixture
def victim(tmp_path):
    """A process standing in for psn, and the pid file naming it."""
    proc = subprocess.Popen(["sleep", "60"])
    pid_file = tmp_path / "psn.pid"
    pid_file.write_text(str(proc.pid))
    yield proc, str(pid_file)
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.fixture
def served(world):
    server, base = serve_in_thread(world, emulators={"api.counter.test": Counter(world)})
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("after", "posts"), [(False, 0), (True, 1)])
def test_in_process_kill_before_or_after_the_platform_acted(world, victim, after, posts):
    proc, pid_file = victim
    client = httpx.Client(transport=SandboxTransport(world, {"api.counter.test": Counter(world)}))
    world.inject("counter", kind="kill", pid_file=pid_file, after=after)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("https://api.counter.test/posts")
    assert proc.wait(timeout=5) == -signal.SIGKILL
    assert count_posts(world) == posts


@pytest.mark.parametrize(("after", "posts"), [(False, 0), (True, 1)])
@pytest.mark.parametrize(("method", "path"), [("POST", "/posts"), ("PUT", "/upload")])
def test_over_http_the_client_is_dead_before_the_hang_up(world, victim, served, after, posts, method, path):
    proc, pid_file = victim
    world.inject("counter", kind="kill", pid_file=pid_file, after=after)
    with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.request(method, f"{served}/api.counter.test{path}", content=b"x" * 4096)
    assert proc.poll() == -signal.SIGKILL  # already reaped-able: it died before the server hung up
    assert count_posts(world) == posts


def test_skip_strikes_the_nth_matching_request(world, victim, served):
    proc, pid_file = victim
    world.inject("counter", kind="kill", pid_file=pid_file, path="/posts", skip=2)
    with httpx.Client() as client:
        assert client.put(f"{served}/api.counter.test/upload", content=b"x").status_code == 201  # not matching
        assert [client.post(f"{served}/api.counter.test/posts").status_code for _ in range(2)] == [201, 201]
        assert proc.poll() is None
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(f"{served}/api.counter.test/posts")
        assert proc.wait(timeout=5) == -signal.SIGKILL
        assert client.post(f"{served}/api.counter.test/posts").status_code == 201  # the rule is spent
    assert count_posts(world) == 4


def test_without_a_readable_pid_file_it_is_a_plain_hang_up(world, tmp_path, served):
    world.inject("counter", kind="kill", pid_file=str(tmp_path / "missing.pid"), after=True)
    with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.post(f"{served}/api.counter.test/posts")
    assert count_posts(world) == 1


def test_cli_kill_fault_needs_a_pid_file(cli, tmp_path):
    result = cli("--json", "sandbox", "fault", "x", "--kind", "kill", "--pid-file", str(tmp_path / "p"), "--skip", "2")
    assert result.exit_code == 0, result.stdout
    assert result.json()["data"]["pid_file"] == str(tmp_path / "p") and result.json()["data"]["skip"] == 2
    refused = cli("--json", "sandbox", "fault", "x", "--kind", "kill")
    assert refused.exit_code == 2 and "--pid-file" in refused.json()["error"]["hint"]


def test_loopback_transport_puts_the_host_in_the_path_and_keeps_the_scheme(world, served):
    seen = []

    class Echo(Emulator):
        platform = "echo"
        hosts = ("site.example.com",)

        def routes(self) -> None:
            self.route("GET", "/hello", self.hello)

        def hello(self, request: EmuRequest) -> httpx.Response:
            seen.append((request.path, request.headers.get("x-forwarded-proto"), request.external_base))
            return json_response(200, {})

    server, base = serve_in_thread(world, emulators={"site.example.com": Echo(world)})
    try:
        with httpx.Client(transport=LoopbackTransport(base)) as client:
            assert client.get("https://site.example.com/hello").status_code == 200
            assert client.get(f"{base}/site.example.com/hello").status_code == 200  # already local: untouched
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("/hello", "https", f"{base}/site.example.com"), ("/hello", None, f"{base}/site.example.com")]


def test_wordpress_over_http_answers_as_the_site_itself(world):
    from psn.sandbox.wordpress import WordPressEmulator

    emulator = WordPressEmulator(world)
    server, base = serve_in_thread(world, emulators={host: emulator for host in emulator.hosts})
    try:
        with httpx.Client(transport=LoopbackTransport(base)) as client:
            front = client.get("https://wp.example.com/")
            index = client.get("https://wp.example.com/wp-json/")
    finally:
        server.shutdown()
        server.server_close()
    assert '<https://wp.example.com/wp-json/>; rel="https://api.w.org/"' in front.headers["link"]
    assert "application-passwords" in index.json()["authentication"]  # offered: the site is https
