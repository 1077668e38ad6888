"""A burst of scheduled posts meets the platform's rate limit (found by the concurrency soak: 146
posts came due at once, X allows 100 per 15 minutes, and the daemon marked the other 46 failed,
each waiting for a manual `psn post retry` although psn said the daemon would retry). Now the
refused post and the rest stay scheduled and go out once the limit lifts, each exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from psn.core.clock import FixedClock
from psn.daemon.registry import discover_jobs
from psn.daemon.tick import tick
from tests.sandbox_accounts import connected as connected_sandbox

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def ctx(clock):
    return connected_sandbox(clock)


def _schedule(ctx, words: str) -> int:
    from psn.platforms.base import PublishRequest
    from psn.publishing.records import create_publish

    return create_publish(ctx, PublishRequest(platform="x", text=words), account_id=ctx.extras["account"].id,
                          status="scheduled", scheduled_at=START).id or 0


def _publish_tick(ctx):  # type: ignore[no-untyped-def]
    return tick(ctx, jobs={"publish_due": discover_jobs()["publish_due"]}, only=["publish_due"]).ran[0]


def _tweets(ctx, words: str) -> int:
    from psn.sandbox.world import SandboxWorld

    return sum(t["text"] == words for t in SandboxWorld(ctx.paths.sandbox_dir, clock=ctx.clock).read("x")["tweets"]
               .values())


def test_rate_limited_scheduled_posts_wait_and_go_out_once(ctx, clock):
    from psn.publishing.records import get_content
    from psn.sandbox.world import SandboxWorld

    posts = [_schedule(ctx, f"Burst post {n}") for n in range(4)]
    reset = int((START + timedelta(minutes=15)).timestamp())
    SandboxWorld(ctx.paths.sandbox_dir, clock=clock).inject(
        "x", path="/2/tweets", method="POST", status=429, headers={"x-rate-limit-reset": str(reset)},
        body={"title": "Too Many Requests", "status": 429}, skip=1)  # the second create is refused
    first = _publish_tick(ctx)
    assert (first.outcome, first.summary) == ("ok", "1 published, 3 waiting for a rate limit")
    assert [get_content(ctx, p).status for p in posts] == ["published", "scheduled", "scheduled", "scheduled"]
    with ctx.db.engine.connect() as conn:
        calls = conn.execute(text("SELECT COUNT(*) FROM api_costs WHERE endpoint = 'post'")).scalar()
        failures = conn.execute(text("SELECT COUNT(*) FROM notifications WHERE kind = 'publish.failed'")).scalar()
    assert calls == 1 and failures == 0  # the posts after the refusal made no call; nobody was told to retry
    clock.advance(minutes=16)
    assert _publish_tick(ctx).summary == "3 published"
    assert all(get_content(ctx, p).status == "published" for p in posts)
    assert [_tweets(ctx, f"Burst post {n}") for n in range(4)] == [1, 1, 1, 1]
