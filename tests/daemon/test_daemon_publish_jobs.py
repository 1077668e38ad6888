"""publish_due and refresh_tokens against the X emulator, on an injected clock (no sleeping)."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from psn.daemon.registry import discover_jobs
from psn.daemon.tick import tick
from psn.notify.queue import queued
from tests.sandbox_accounts import connected as connected_sandbox


@pytest.fixture
def sandbox(clock):
    """A sandbox AppContext with a connected X account."""
    return connected_sandbox(clock)


def schedule(ctx, text_: str, at):
    from psn.platforms.base import PublishRequest
    from psn.publishing.records import create_publish

    request = PublishRequest(platform="x", format="text", text=text_)
    return create_publish(ctx, request, account_id=ctx.extras["account"].id, status="scheduled", scheduled_at=at).id


def tweets_saying(ctx, words: str) -> int:
    from psn.sandbox.world import SandboxWorld

    world = SandboxWorld(ctx.paths.sandbox_dir, clock=ctx.clock).read("x")
    return sum(1 for t in world.get("tweets", {}).values() if t["text"] == words)


def status_of(ctx, content_id):
    from psn.publishing.records import get_content

    return get_content(ctx, content_id)


def publish_tick(ctx):
    jobs = discover_jobs()
    return tick(ctx, jobs={"publish_due": jobs["publish_due"]}, only=["publish_due"]).ran[0]


def test_a_post_is_published_once_when_its_time_comes(sandbox, clock):
    post = schedule(sandbox, "Long runs are mostly patience.", clock.now() + timedelta(minutes=1))
    assert publish_tick(sandbox).outcome == "idle"
    assert status_of(sandbox, post).status == "scheduled"
    clock.advance(minutes=1)
    result = publish_tick(sandbox)
    assert (result.outcome, result.summary) == ("ok", "1 published")
    row = status_of(sandbox, post)
    assert row.status == "published" and row.platform_post_id
    clock.advance(minutes=1)
    assert publish_tick(sandbox).outcome == "idle"
    assert tweets_saying(sandbox, "Long runs are mostly patience.") == 1


def test_a_post_that_came_due_while_down_is_published_within_the_lateness(sandbox, clock):
    recent = schedule(sandbox, "Due half an hour ago.", clock.now() - timedelta(minutes=30))
    old = schedule(sandbox, "Due three hours ago.", clock.now() - timedelta(hours=3))
    result = publish_tick(sandbox)
    assert (result.outcome, result.summary) == ("partial", "1 published, 1 missed")
    assert status_of(sandbox, recent).status == "published"
    missed = status_of(sandbox, old)
    assert missed.status == "missed" and missed.error_kind == "missed"
    assert tweets_saying(sandbox, "Due three hours ago.") == 0
    [note] = [n for n in queued(sandbox.db, "push") if n.kind == "post.missed"]
    assert note.title == f"Scheduled x post {old} was not published"
    assert "180 minutes ago" in note.body and "Due three hours ago." in note.body
    with sandbox.db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM event_log WHERE kind='content.missed'")).scalar() == 1
    publish_tick(sandbox)  # a later tick does not notify again
    assert len([n for n in queued(sandbox.db, "push") if n.kind == "post.missed"]) == 1


def test_lateness_is_configurable(sandbox, clock):
    sandbox.settings.daemon.publish_max_lateness_minutes = 240
    post = schedule(sandbox, "Three hours late but wanted.", clock.now() - timedelta(hours=3))
    publish_tick(sandbox)
    assert status_of(sandbox, post).status == "published"


def test_a_failed_publish_is_notified_and_the_next_post_still_goes(sandbox, clock):
    first = schedule(sandbox, "Same words twice.", clock.now() - timedelta(minutes=2))
    second = schedule(sandbox, "Same words twice.", clock.now() - timedelta(minutes=1))  # X refuses duplicates
    third = schedule(sandbox, "Something new.", clock.now())
    result = publish_tick(sandbox)
    assert (result.outcome, result.summary) == ("partial", "2 published, 1 failed")
    assert [status_of(sandbox, i).status for i in (first, second, third)] == ["published", "failed", "published"]
    [note] = [n for n in queued(sandbox.db, "push") if n.kind == "publish.failed"]
    assert note.title == f"Scheduled x post {second} failed" and f"psn post retry {second}" in note.body


def test_watchdog_resumes_a_post_stuck_in_publishing_without_posting_twice(sandbox, clock, monkeypatch):
    from psn.publishing import pipeline

    post = schedule(sandbox, "Interrupted mid-publish.", clock.now())

    def crash_after_the_platform_call(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies after X created the post, before psn recorded it

    monkeypatch.setattr(pipeline, "_succeed", crash_after_the_platform_call)
    with pytest.raises(KeyboardInterrupt):
        publish_tick(sandbox)
    monkeypatch.undo()
    assert status_of(sandbox, post).status == "publishing"
    assert tweets_saying(sandbox, "Interrupted mid-publish.") == 1
    clock.advance(minutes=11)  # the lease ran out
    result = publish_tick(sandbox)
    assert result.summary == "1 resumed"
    assert status_of(sandbox, post).status == "published"
    assert tweets_saying(sandbox, "Interrupted mid-publish.") == 1


def test_refresh_tokens_refreshes_what_expires_soon(sandbox, clock):
    from psn.accounts.store import active_account

    before = active_account(sandbox, "x").token_expires_at
    assert before - clock.now() < timedelta(hours=12)  # X access tokens last two hours
    result = tick(sandbox, jobs={"refresh_tokens": discover_jobs()["refresh_tokens"]}).ran[0]
    assert (result.outcome, result.summary) == ("ok", "1 refreshed")
    clock.advance(minutes=30)
    tick(sandbox, jobs={"refresh_tokens": discover_jobs()["refresh_tokens"]}, only=["refresh_tokens"])
    assert active_account(sandbox, "x").token_expires_at > before


def test_refresh_failure_is_notified_once_a_day(sandbox, clock):
    from psn.sandbox.world import SandboxWorld

    SandboxWorld(sandbox.paths.sandbox_dir, clock=clock).inject("x", path="/2/oauth2/token", status=400, times=5,
                                                                body={"error": "invalid_grant"})
    jobs = {"refresh_tokens": discover_jobs()["refresh_tokens"]}
    assert tick(sandbox, jobs=jobs).ran[0].outcome == "partial"
    tick(sandbox, jobs=jobs, only=["refresh_tokens"])
    notes = [n for n in queued(sandbox.db, "push") if n.kind == "token.refresh_failed"]
    assert len(notes) == 1 and "psn setup x" in notes[0].body


def test_tokens_that_cannot_be_refreshed_are_warned_a_week_ahead(sandbox, clock):
    from psn.accounts.store import KeyringTokenStore, active_account, update_account

    account = active_account(sandbox, "x")
    store = KeyringTokenStore(sandbox, account)
    store.save(store.load().model_copy(update={"refresh_token": None}))
    update_account(sandbox, account.id, token_expires_at=clock.now() + timedelta(days=10))
    jobs = {"refresh_tokens": discover_jobs()["refresh_tokens"]}
    assert tick(sandbox, jobs=jobs).ran[0].outcome == "idle"  # ten days left: not yet
    clock.advance(days=4)
    assert tick(sandbox, jobs=jobs, only=["refresh_tokens"]).ran[0].summary == "1 warned"
    clock.advance(days=1)
    assert tick(sandbox, jobs=jobs, only=["refresh_tokens"]).ran[0].outcome == "idle"  # once per expiry date
    [note] = [n for n in queued(sandbox.db, "push") if n.kind == "token.expiring"]
    assert note.title == "Your x token expires in 6 days"
