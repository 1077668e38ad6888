"""End to end: a real daemon process against the sandbox publishes a scheduled post exactly
once when the (file-controlled) clock reaches its time, and never before."""

from datetime import UTC, datetime

from daemon_helpers import wait_until
from sqlalchemy import text


def test_daemon_publishes_a_post_scheduled_a_minute_ahead_exactly_once(cli, monkeypatch, tmp_path):
    from psn.context import AppContext
    from psn.platforms.base import PublishRequest
    from psn.publishing.records import create_publish, get_content
    from psn.sandbox.world import SandboxWorld

    clock_file = tmp_path / "now"
    clock_file.write_text("2026-12-01T09:00:00Z")
    monkeypatch.setenv("PSN_CLOCK_FILE", str(clock_file))
    monkeypatch.setenv("PSN_SECRETS", "file")  # the daemon process cannot see this test's in-memory keyring
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "config", "set", "daemon.schedules",
               '["publish_due = every 1s", "refresh_tokens = off"]').exit_code == 0
    assert cli("--sandbox", "config", "set", "notify.channels", '["log"]').exit_code == 0
    ctx = AppContext.create(sandbox=True)  # the CLI side, on the same file clock
    account = cli("--sandbox", "--json", "accounts", "list").json()["data"][0]
    post = create_publish(ctx, PublishRequest(platform="x", format="text", text="Scheduled from the CLI."),
                          account_id=account["id"], status="scheduled",
                          scheduled_at=datetime(2026, 12, 1, 9, 1, tzinfo=UTC)).id

    def publish_runs() -> int:
        with ctx.db.engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM job_runs WHERE job='publish_due' "
                                     "AND outcome != 'running'")).scalar()

    assert cli("--sandbox", "daemon", "start").exit_code == 0
    try:
        wait_until(lambda: publish_runs() >= 3, what="the daemon to poll a few times")
        assert get_content(ctx, post).status == "scheduled"  # 09:00: not yet
        clock_file.write_text("2026-12-01T09:01:00Z")
        wait_until(lambda: get_content(ctx, post).status == "published", what="the post to be published")
        seen = publish_runs()
        wait_until(lambda: publish_runs() >= seen + 3, what="a few more polls")
    finally:
        assert cli("--sandbox", "daemon", "stop").exit_code == 0
    world = SandboxWorld(ctx.paths.sandbox_dir, clock=ctx.clock).read("x")
    assert [t["text"] for t in world["tweets"].values()].count("Scheduled from the CLI.") == 1
    with ctx.db.engine.connect() as conn:
        outcomes = {r[0] for r in conn.execute(text("SELECT outcome FROM job_runs WHERE job='publish_due'"))}
    assert outcomes <= {"ok", "idle"}
