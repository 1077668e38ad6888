"""Fault storms (issue 11): the seeded draw, the spared authorize pages, 429s that hold until they
lift, faults after the platform acted, the CLI, and each emulator's own rate-limit answer read back
by psn's own parsers to the very moment the sandbox holds the limit."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psn.core.clock import FixedClock
from psn.platforms.errors import QuotaExhausted, RateLimitedError
from psn.sandbox import storm
from psn.sandbox.emulator import Emulator, EmuRequest, json_response
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld

NOW = datetime(2026, 11, 21, 12, 0, 0, 250000, tzinfo=UTC)


class Counter_(Emulator):
    platform = "counter"
    hosts = ("api.counter.test",)

    def routes(self) -> None:
        self.route("POST", "/posts", self.create)
        self.route("GET", "/oauth/authorize", lambda r: httpx.Response(302, headers={"Location": "http://cb"}))

    def create(self, request: EmuRequest) -> httpx.Response:
        with self.world.state("counter") as state:
            state["posts"] = state.get("posts", 0) + 1
        return json_response(201, {"ok": True})


@pytest.fixture
def world(tmp_path):
    return SandboxWorld(tmp_path / "world", clock=FixedClock(NOW))


def client(world: SandboxWorld) -> httpx.Client:
    return httpx.Client(transport=SandboxTransport(world, {"api.counter.test": Counter_(world)}))


def outcomes(world: SandboxWorld, n: int = 60) -> list[str]:
    """What each of n posts met: the status, or the transport error's name."""
    seen = []
    with client(world) as http:
        for _ in range(n):
            try:
                seen.append(str(http.post("https://api.counter.test/posts").status_code))
            except httpx.TransportError as exc:
                seen.append(type(exc).__name__)
            world.advance(3600)  # let any held limit lift: every request draws afresh
    return seen


def log_notes(world: SandboxWorld) -> list[str]:
    return [line.rsplit(" ", 1)[-1] for line in (world.root / "requests.log").read_text().splitlines()
            if " storm:" in line]


def test_the_same_seed_gives_the_same_storm(tmp_path):
    runs = []
    for name in ("a", "b", "c"):
        world = SandboxWorld(tmp_path / name, clock=FixedClock(NOW))
        world.storm(0.3, seed=7 if name != "c" else 8)
        runs.append(outcomes(world))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert {"201", "429"} <= set(runs[0])


def test_about_the_asked_share_of_requests_fails_with_every_kind(world):
    world.storm(0.2, seed=1)
    seen = Counter(outcomes(world, 400))
    failed = 400 - seen["201"]
    assert 0.15 * 400 <= failed <= 0.25 * 400, seen
    notes = Counter(n.removeprefix("storm:") for n in log_notes(world))
    assert {"429", "5xx", "5xx-after", "timeout", "timeout-after", "drop", "drop-after"} <= set(notes), notes


def test_a_fault_after_the_platform_acted_leaves_the_post_there(world):
    world.storm(1.0, seed=3, kinds=["timeout", "drop"])
    seen = outcomes(world, 40)
    after = sum(1 for n in log_notes(world) if n.endswith("-after"))
    assert set(seen) <= {"ReadTimeout", "RemoteProtocolError"}
    assert 0 < after < 40 and world.read("counter")["posts"] == after


def test_authorize_pages_are_never_stormed(world):
    world.storm(1.0, seed=1)
    with client(world) as http:
        assert all(http.get("https://api.counter.test/oauth/authorize").status_code == 302 for _ in range(20))


def test_a_429_holds_until_it_lifts(world):
    world.storm(1.0, seed=5, kinds=["429"])
    with client(world) as http:
        first = http.post("https://api.counter.test/posts")
        assert first.status_code == 429
        wait = int(first.headers["Retry-After"])
        world.storm(0.0001, seed=5)  # almost calm from now on: only the held limit still answers 429
        world.hold_rate_limit(storm.hold_key("counter", "POST", "/posts"), world.now() + timedelta(seconds=wait))
        assert http.post("https://api.counter.test/posts").status_code == 429
        world.advance(wait)
        assert http.post("https://api.counter.test/posts").status_code == 201
    assert log_notes(world) == ["storm:429", "storm:429-held"]


def test_storm_off_and_bad_settings(world):
    world.storm(0.5, seed=1)
    world.storm(0)
    assert set(outcomes(world, 20)) == {"201"}
    with pytest.raises(ValueError):
        storm.settings(1.5, 1)
    with pytest.raises(ValueError):
        storm.settings(0.2, 1, ["meteor"])


def test_cli_storm_on_status_and_off(cli):
    on = cli("sandbox", "storm", "--rate", "0.2", "--seed", "7", "--json")
    assert on.exit_code == 0
    assert on.json()["data"]["storm"] == {"rate": 0.2, "seed": 7, "kinds": ["429", "5xx", "timeout", "drop"]}
    status = cli("sandbox", "status", "--json").json()["data"]["storm"]
    assert (status["rate"], status["seed"], status["draws"]) == (0.2, 7, 0)
    assert cli("sandbox", "storm", "--off", "--json").exit_code == 0
    assert cli("sandbox", "status", "--json").json()["data"]["storm"] is None


@pytest.mark.parametrize("args", [("--rate", "0"), ("--rate", "1.5"), ("--kinds", "429,meteor")])
def test_cli_storm_refuses_bad_settings(cli, args):
    result = cli("sandbox", "storm", *args, "--json")
    assert result.exit_code == 2 and "psn sandbox storm --rate 0.2" in result.json()["error"]["hint"]


# -- each platform's own 429, read back by psn's parsers -------------------------------------------


def request(method: str, path: str, base: str) -> EmuRequest:
    return EmuRequest(method, path, {}, httpx.Headers(), b"", external_base=base)


def answer(emulator: Emulator, req: EmuRequest, seed: int = 1) -> tuple[httpx.Response, datetime]:
    lifts = emulator.rate_limit_lifts(req, random.Random(seed))
    response = emulator.rate_limited(req, lifts)
    response.request = httpx.Request(req.method, req.external_base + req.path)
    return response, lifts


def test_x_window_and_daily_cap(world):
    from psn.platforms.ratelimit import x_retry_at
    from psn.platforms.x.client import classify
    from psn.sandbox.x import XEmulator

    emulator, now = XEmulator(world), world.now()
    req = request("POST", "/2/tweets", "https://api.x.com")
    lifts_seen = []
    for seed in range(12):
        response, lifts = answer(emulator, req, seed)
        assert response.status_code == 429 and "retry-after" not in response.headers
        retry = x_retry_at(response, now)
        assert retry == datetime.fromtimestamp(math.ceil(lifts.timestamp()), UTC) and retry >= lifts
        error = classify(response)
        assert isinstance(error, RateLimitedError) and not isinstance(error, QuotaExhausted)
        daily = response.headers.get("x-user-limit-24hour-remaining") == "0"
        assert daily == (lifts - now > timedelta(minutes=15))
        lifts_seen.append(daily)
    assert any(lifts_seen) and not all(lifts_seen)  # both the 15-minute window and the 24-hour cap occur


def test_linkedin_resets_at_utc_midnight_without_headers(world):
    from psn.platforms.linkedin.errors import make_classify
    from psn.platforms.ratelimit import linkedin_retry_at
    from psn.sandbox.linkedin import LinkedInEmulator

    response, lifts = answer(LinkedInEmulator(world), request("POST", "/rest/posts", "https://api.linkedin.com"))
    assert response.status_code == 429 and "retry-after" not in response.headers
    assert not any(h.startswith("x-rate") for h in response.headers)
    assert lifts == datetime(2026, 11, 22, tzinfo=UTC) == linkedin_retry_at(response, world.now())
    error = make_classify("202610", FixedClock(world.now()))(response)
    assert isinstance(error, RateLimitedError) and error.retry_at == lifts


def test_facebook_pages_throttle_with_usage_headers(world):
    from psn.platforms.facebook.graph import classify_graph
    from psn.sandbox.meta_graph import PAGE_ID, MetaGraphEmulator

    response, lifts = answer(MetaGraphEmulator(world), request("POST", f"/v26.0/{PAGE_ID}/feed",
                                                                "https://graph.facebook.com"))
    assert response.status_code == 400 and response.json()["error"]["code"] == 80001
    assert "X-App-Usage" in response.headers
    error = classify_graph(response, "facebook", "Facebook", world.now())
    assert isinstance(error, RateLimitedError) and error.retry_at == lifts


def test_whatsapp_throughput_limit(world):
    from psn.platforms.facebook.graph import classify_graph
    from psn.sandbox.meta_graph import MetaGraphEmulator

    response, lifts = answer(MetaGraphEmulator(world), request("POST", "/v26.0/106540352242922/messages",
                                                                "https://graph.facebook.com"))
    assert response.status_code == 429 and response.json()["error"]["code"] == 130429
    assert timedelta(seconds=1) <= lifts - world.now() <= timedelta(seconds=6)
    error = classify_graph(response, "whatsapp", "WhatsApp", world.now())
    assert isinstance(error, RateLimitedError) and error.retry_at is None  # no estimate: psn backs off


def test_instagram_business_use_case_throttle(world):
    from psn.platforms.instagram.errors import classifier
    from psn.sandbox.instagram.emulator import InstagramEmulator

    emulator = InstagramEmulator(world)
    response, lifts = answer(emulator, request("POST", "/v24.0/17841400000000001/media",
                                               "https://graph.instagram.com"))
    assert response.status_code == 400 and response.json()["error"]["code"] == 80002
    error = classifier(FixedClock(world.now()))(response)
    assert isinstance(error, RateLimitedError) and error.retry_at == lifts
    exchange, _ = answer(emulator, request("POST", "/oauth/access_token", "https://api.instagram.com"))
    assert isinstance(classifier(FixedClock(world.now()))(exchange), RateLimitedError)


def test_tiktok_rate_limit_exceeded_and_a_throttled_chunk(world):
    from psn.platforms.tiktok.errors import classify, classify_upload
    from psn.sandbox.tiktok import TikTokEmulator

    emulator = TikTokEmulator(world)
    response, lifts = answer(emulator, request("POST", "/v2/post/publish/video/init/", "https://open.tiktokapis.com"))
    assert response.json()["error"]["code"] == "rate_limit_exceeded" and "retry-after" not in response.headers
    assert lifts - world.now() <= timedelta(minutes=1)
    assert isinstance(classify(response), RateLimitedError)
    chunk, _ = answer(emulator, request("PUT", "/video/", "https://open-upload.tiktokapis.com"))
    assert chunk.status_code == 429 and isinstance(classify_upload(chunk), RateLimitedError)


@pytest.mark.parametrize("platform", ["wordpress", "blog"])
def test_wordpress_host_and_blog_receiver_send_retry_after(world, platform):
    from psn.platforms.blog.client import classify as blog_classify
    from psn.platforms.ratelimit import retry_after_header
    from psn.platforms.wordpress.client import classify as wp_classify
    from psn.sandbox.blog import BlogEmulator
    from psn.sandbox.wordpress import WordPressEmulator

    emulator = WordPressEmulator(world) if platform == "wordpress" else BlogEmulator(world)
    base = "https://wp.example.com" if platform == "wordpress" else "https://blog.example.com"
    response, lifts = answer(emulator, request("POST", "/wp-json/wp/v2/posts", base))
    assert response.status_code == 429
    retry = retry_after_header(response, world.now())
    assert retry is not None and timedelta(0) <= retry - lifts < timedelta(seconds=1)
    error = (wp_classify if platform == "wordpress" else blog_classify)(response)
    assert isinstance(error, RateLimitedError)


def test_psn_waits_for_a_reset_in_sandbox_time_however_far_the_clock_moved(cli):
    """Fault storm finding: psn read X's reset (world time) against its own clock. After `psn sandbox
    advance 1d` a 30-second limit looked a day long: psn stopped (exit 5), and its budget ledger then
    kept X blocked for a day that no `psn sandbox advance` could end."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "sandbox", "advance", "1d").exit_code == 0
    current().sandbox = True
    world = sandbox_world(ctx())
    reset = math.ceil(world.now().timestamp()) + 30
    world.inject("x", method="POST", path="/2/tweets", status=429,
                 headers={"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
                 body={"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank"})
    before = world.now()
    first = cli("--sandbox", "--json", "post", "-p", "x", "-t", "A day later, still posting.", "--yes")
    assert first.exit_code == 0, first.stdout
    assert timedelta(seconds=29) <= world.now() - before < timedelta(minutes=5)  # waited in sandbox time
    second = cli("--sandbox", "--json", "post", "-p", "x", "-t", "And once more.", "--yes")
    assert second.exit_code == 0, second.stdout  # the ledger's block lifted with the world's clock


def test_over_http_the_storm_answers_and_hangs_up_the_same_way(world):
    from psn.sandbox.server import serve_in_thread

    server, base = serve_in_thread(world, emulators={"api.counter.test": Counter_(world)})
    try:
        world.storm(1.0, seed=2, kinds=["429"])
        with httpx.Client() as http:
            limited = http.post(f"{base}/api.counter.test/posts")
            assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
            world.storm(1.0, seed=2, kinds=["drop"])
            with pytest.raises(httpx.RemoteProtocolError):
                http.post(f"{base}/api.counter.test/posts")
        notes = log_notes(world)
        assert notes[0] == "storm:429" and notes[1] in ("storm:drop", "storm:drop-after")
    finally:
        server.shutdown()
        server.server_close()
