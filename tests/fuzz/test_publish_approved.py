"""Publishing sends only what the creator approved: `psn post` without --yes and without a terminal
publishes nothing, and a scheduled post goes out exactly as approved — if its stored content is
changed behind psn's back, the daemon (and `psn post retry`) refuse it instead of publishing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from psn.core.clock import FixedClock
from psn.platforms.base import PublishRequest
from psn.publishing import approval
from psn.publishing.pipeline import publish_due, retry
from psn.publishing.records import create_publish, get_content, update_unsent
from tests.sandbox_accounts import connected as connected_sandbox

START = datetime(2026, 11, 21, 12, tzinfo=UTC)
S = "--sandbox"


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def sandbox(clock):
    return connected_sandbox(clock)


def tweets(ctx) -> list[str]:
    from psn.sandbox.world import SandboxWorld

    state = SandboxWorld(ctx.paths.sandbox_dir, clock=ctx.clock).read("x")
    return [t["text"] for t in state.get("tweets", {}).values()]


def schedule(ctx, words: str, at) -> int:
    request = PublishRequest(platform="x", format="text", text=words)
    return create_publish(ctx, request, account_id=ctx.extras["account"].id, status="scheduled", scheduled_at=at).id


def edit_behind_psns_back(ctx, content_id: int, words: str) -> None:
    with ctx.db.write() as conn:
        stored = json.loads(conn.execute(text("SELECT request FROM published_content WHERE id = :i"),
                                         {"i": content_id}).scalar())
        stored["text"] = words
        conn.execute(text("UPDATE published_content SET request = :r WHERE id = :i"),
                     {"r": json.dumps(stored), "i": content_id})


def test_a_scheduled_post_publishes_exactly_what_was_approved(sandbox, clock):
    post = schedule(sandbox, "Approved words.", START + timedelta(minutes=1))
    clock.advance(minutes=1)
    assert publish_due(sandbox) == [{"id": post, "status": "published", "url": get_content(sandbox, post).url}]
    assert "Approved words." in tweets(sandbox)


def test_a_post_edited_behind_psns_back_is_refused_not_published(sandbox, clock):
    post = schedule(sandbox, "Approved words.", START + timedelta(minutes=1))
    before = tweets(sandbox)
    edit_behind_psns_back(sandbox, post, "Words nobody approved.")
    clock.advance(minutes=1)
    [outcome] = publish_due(sandbox)
    assert outcome["status"] == "failed" and "not what you approved" in outcome["error"]
    row = get_content(sandbox, post)
    assert row.status == "failed" and row.error_kind == "not_approved" and row.platform_post_id is None
    assert tweets(sandbox) == before
    with pytest.raises(approval.NotApproved):
        retry(sandbox, post)  # `psn post retry` refuses too
    assert tweets(sandbox) == before


def test_an_edit_through_psn_is_the_new_approval(sandbox, clock):
    post = schedule(sandbox, "First version.", START + timedelta(minutes=1))
    update_unsent(sandbox, post, request=PublishRequest(platform="x", format="text", text="Second version."))
    clock.advance(minutes=1)
    assert publish_due(sandbox)[0]["status"] == "published"
    assert "Second version." in tweets(sandbox) and "First version." not in tweets(sandbox)


def test_media_or_options_changed_behind_psns_back_are_refused_too(sandbox, clock):
    post = schedule(sandbox, "Same text.", START + timedelta(minutes=1))
    with sandbox.db.write() as conn:
        stored = json.loads(conn.execute(text("SELECT request FROM published_content WHERE id = :i"),
                                         {"i": post}).scalar())
        stored["options"] = {**stored.get("options", {}), "reply_settings": "following"}
        conn.execute(text("UPDATE published_content SET request = :r WHERE id = :i"),
                     {"r": json.dumps(stored), "i": post})
    clock.advance(minutes=1)
    assert publish_due(sandbox)[0]["status"] == "failed"


def test_a_post_without_an_approval_record_is_refused(sandbox, clock):
    post = schedule(sandbox, "Approved words.", START + timedelta(minutes=1))
    with sandbox.db.write() as conn:
        conn.execute(text("DELETE FROM publish_approvals WHERE content_id = :i"), {"i": post})
    clock.advance(minutes=1)
    assert publish_due(sandbox)[0]["status"] == "failed"


def test_a_draft_has_no_approval_until_it_is_approved(sandbox):
    request = PublishRequest(platform="x", format="text", text="Waiting for media.")
    row = create_publish(sandbox, request, account_id=sandbox.extras["account"].id, status="draft")

    def approvals() -> int:
        with sandbox.db.engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM publish_approvals WHERE content_id = :i"),
                                {"i": row.id}).scalar()

    assert approvals() == 0
    update_unsent(sandbox, row.id, status="approved")
    assert approvals() == 1


def test_the_migration_backfills_posts_already_waiting(tmp_path):
    from psn.store.db import open_database

    db = open_database(tmp_path / "old.db", now=START)
    with db.write() as conn:
        conn.execute(text("DROP TABLE publish_approvals"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0019_publish_approvals'"))
        for key, status in (("k1", "scheduled"), ("k2", "draft"), ("k3", "published"), ("k4", "failed")):
            conn.execute(text("INSERT INTO published_content (idempotency_key, platform, status, request, steps, "
                              "attempts, created_at, updated_at, cost_usd) "
                              "VALUES (:k, 'x', :s, :r, '{}', 0, :t, :t, 0)"),
                         {"k": key, "s": status, "r": json.dumps({"platform": "x", "text": key}), "t": START})
    reopened = open_database(tmp_path / "old.db", now=START)
    with reopened.engine.connect() as conn:
        backfilled = dict(conn.execute(text("SELECT c.idempotency_key, a.request_sha256 FROM publish_approvals a "
                                            "JOIN published_content c ON c.id = a.content_id")).all())
    assert backfilled == {key: approval.request_digest(json.dumps({"platform": "x", "text": key}))
                          for key in ("k1", "k4")}


# -- the CLI: no --yes, no terminal, nothing published ------------------------------------------


@pytest.fixture
def connected(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli(S, "setup", "x").exit_code == 0
    return cli


def _nothing_recorded_or_sent(cli) -> None:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx

    assert cli(S, "--json", "post", "list").json()["data"] == []
    log = sandbox_world(ctx()).root / "requests.log"
    assert not [line for line in log.read_text().splitlines() if " POST /2/tweets " in line]


@pytest.mark.parametrize("extra", [[], ["--at", "2026-11-22 09:00"], ["--thread"]])
def test_post_without_yes_and_without_a_terminal_publishes_nothing(connected, extra):
    result = connected(S, "--json", "post", "--text", "Hello there.\n\nSecond part.", "-p", "x", *extra)
    assert result.exit_code == 2 and "--yes" in result.json()["error"]["hint"]
    _nothing_recorded_or_sent(connected)


def test_post_from_an_idea_without_yes_and_without_a_terminal_publishes_nothing(connected):
    result = connected(S, "--json", "post", "Why small teams ship faster", "-p", "x")
    assert result.exit_code in (2, 3)  # no terminal to review the draft (or no voice profile yet)
    _nothing_recorded_or_sent(connected)
