"""The X emulator's odd-but-valid answers (issue 17), switched on per world with `set_shapes`, drive
psn's X client through what the spec allows: null counts, missing optional fields, wait hints of -1
and 10^9, media that stays in progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psn.core.clock import FixedClock
from psn.platforms.http import HttpClient, RetryPolicy
from psn.platforms.oauth import StaticCredentials
from psn.platforms.x.client import XClient, classify
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld
from psn.sandbox.x import CREATOR, XEmulator
from psn.sandbox.x_shapes import SHAPES

NOW = datetime(2026, 11, 21, tzinfo=UTC)


@pytest.fixture
def world(tmp_path):
    world = SandboxWorld(tmp_path / "sandbox", clock=FixedClock(NOW))
    emulator = XEmulator(world)
    with world.state("x") as state:
        emulator._seeded(state)["tokens"]["tok"] = {"user": CREATOR["id"],
                                                     "expires_at": (NOW + timedelta(days=1)).isoformat()}
    return world


def _client(world: SandboxWorld) -> XClient:
    http = HttpClient(platform="x", base_url="https://api.x.com", classify=classify,
                      credentials=StaticCredentials({"Authorization": "Bearer tok"}),
                      transport=SandboxTransport(world), clock=FixedClock(NOW), sleep=lambda s: None,
                      policy=RetryPolicy(attempts=1))
    return XClient(http)


def _media(client: XClient) -> str:
    return client.media_initialize(10, "video/mp4", "tweet_video")


def test_shapes_are_off_until_switched_on_and_listed(world):
    assert world.shapes("x") == set()
    world.set_shapes("x", "huge_wait", "slow_media")
    assert world.shapes("x") == {"huge_wait", "slow_media"} <= set(SHAPES)
    world.set_shapes("x")
    assert _client(world).media_finalize(_media(_client(world))).check_after_secs == 1


@pytest.mark.parametrize(("shape", "hint"), [("negative_wait", -1), ("huge_wait", 10**9)])
def test_wait_hints_reach_psn_as_the_emulator_sends_them(world, shape, hint):
    world.set_shapes("x", shape)
    with httpx.Client(transport=SandboxTransport(world)) as raw:
        media_id = _media(_client(world))
        answer = raw.get("https://api.x.com/2/media/upload", params={"command": "STATUS", "media_id": media_id})
    assert answer.json()["data"]["processing_info"]["check_after_secs"] == hint


def test_slow_media_stays_in_progress(world):
    world.set_shapes("x", "slow_media")
    client = _client(world)
    media_id = _media(client)
    assert {client.media_status(media_id).state for _ in range(5)} == {"in_progress"}


def test_posts_without_optional_fields_still_read(world):
    world.set_shapes("x", "missing_optional")
    page = _client(world).search_recent("cms")
    assert page.tweets and all(t.created_at is None and t.public_metrics == {} for t in page.tweets)


def test_null_user_counts_are_accepted(world):
    world.set_shapes("x", "null_counts")
    assert _client(world).me().id == CREATOR["id"]


@pytest.mark.parametrize(("shape", "hint"), [("negative_wait", -1), ("huge_wait", 10**9)])
def test_odd_wait_hints_reach_the_adapter_as_given(world, shape, hint):
    """The emulator sends the odd hint; the client keeps it and the X adapter bounds each wait
    (tests/e2e/test_x_answers.py: the post goes out after -1, a huge hint is capped)."""
    world.set_shapes("x", shape)
    client = _client(world)
    assert client.media_status(_media(client)).check_after_secs == hint


@pytest.mark.parametrize(("platform", "url", "expect"), [
    ("x", "https://api.x.com/2/tweets", {"title": "Service Unavailable", "status": 503}),
    ("facebook", "https://graph.facebook.com/v23.0/106540352242922/messages", {"code": 2}),
    ("instagram", "https://graph.instagram.com/v25.0/me/media", {"code": 2}),
])
def test_error_bodies_answer_an_injected_status_in_the_platforms_own_format(world, platform, url, expect):
    world.inject(platform, status=503)
    with httpx.Client(transport=SandboxTransport(world)) as raw:
        generic = raw.post(url, json={})
        world.set_shapes(platform, "error_bodies")
        world.inject(platform, status=503)
        documented = raw.post(url, json={})
    assert generic.status_code == documented.status_code == 503
    assert generic.json() == {"error": "injected"}
    body = documented.json()
    assert expect.items() <= (body.get("error") or body).items()
