"""The daily digest job and the `psn notify` commands."""

import io
import sys
from datetime import timedelta

from daemon_helpers import spec

from psn.daemon.jobs import digest as digest_job
from psn.daemon.tick import tick
from psn.notify import enqueue_notification
from psn.notify.digest import compose_digest, queue_digest
from psn.notify.queue import queued, recent
from psn.store.db import record_event


def test_digest_folds_items_activity_and_failures_into_one_push(app, clock):
    enqueue_notification(app, "opportunity", "Score 64: pacing thread", "Someone asked about long runs")
    enqueue_notification(app, "opportunity", "Score 61: shoes", priority="digest")
    enqueue_notification(app, "opportunity", "Score 66: gels", priority="digest")
    with app.db.write() as conn:
        record_event(conn, "content.published", clock.now(), "content:1")
        record_event(conn, "content.published", clock.now(), "content:2")
    tick(app, jobs={"pull": spec("pull", lambda ctx: 1 / 0)})
    result = queue_digest(app)
    assert result["queued"] is True and result["items"] == 2
    [digest] = [n for n in queued(app.db, "push") if n.kind == "digest"]
    assert digest.title == "psn daily digest: 2 to look at"
    assert digest.body.splitlines() == [
        "2 worth a look:",
        "• Score 61: shoes",
        "• Score 66: gels",
        "Activity: 2 content.published",
        "Background jobs with problems: pull (1) — see `psn daemon status`.",
    ]
    assert queued(app.db, "digest") == []
    statuses = {n["title"]: n["status"] for n in recent(app.db)}
    assert statuses["Score 61: shoes"] == "digested"


def test_one_digest_per_local_day(app, clock):
    enqueue_notification(app, "opportunity", "first", priority="digest")
    assert queue_digest(app)["queued"] is True
    enqueue_notification(app, "opportunity", "second", priority="digest")
    again = queue_digest(app)
    assert again["queued"] is False and "already sent" in again["reason"]
    assert [n.title for n in queued(app.db, "digest")] == ["second"]  # waits for tomorrow
    clock.advance(timedelta(days=1))
    assert queue_digest(app)["items"] == 1


def test_nothing_to_say_means_no_digest(app):
    assert compose_digest(app, app.clock.now()) is None
    assert queue_digest(app) == {"queued": False, "reason": "nothing to report", "items": 0}


def test_digest_then_notify_in_one_tick_delivers_it(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-12-01T18:00:00Z")
    cli("config", "set", "notify.channels", '["log"]')
    cli("notify", "queue", "Score 62: a thread", "--priority", "digest")
    ran = cli("--json", "daemon", "run", "--once").json()["data"]["ran"]
    outcomes = {r["job"]: (r["outcome"], r["summary"]) for r in ran}
    assert outcomes["digest"] == ("ok", "digest queued with 1 item(s)")
    assert outcomes["notify"] == ("ok", "1 sent, 0 failed")
    listed = cli("--json", "notify", "history").json()["data"]
    assert listed[0]["kind"] == "digest" and listed[0]["deliveries"][0]["outcome"] == "sent"
    assert digest_job.SCHEDULE == "daily 18:00"


def test_notify_test_with_zero_setup_uses_the_log(cli, monkeypatch):
    for variable in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)  # never pop up on a developer's desktop
    result = cli("--json", "notify", "test")
    assert result.exit_code == 0
    deliveries = {d["channel"]: d["outcome"] for d in result.json()["data"]["deliveries"]}
    assert deliveries == {"log": "sent", "desktop": "unavailable"}  # no desktop: skipped, not failed


def test_notify_test_exits_6_naming_the_missing_setting(cli):
    cli("config", "set", "notify.channels", '["log", "email"]')
    result = cli("--json", "notify", "test")
    assert result.exit_code == 6
    error = result.json()["error"]
    assert "email: set notify.email_host and notify.email_to" in error["message"]
    assert {d["channel"]: d["outcome"] for d in error["details"]["deliveries"]} == {
        "log": "sent", "email": "not_configured"}


def test_notify_test_without_channels_is_bad_input(cli):
    cli("config", "set", "notify.channels", "[]")
    assert cli("notify", "test").exit_code == 2


def test_secret_is_read_from_stdin_and_never_echoed(cli, monkeypatch, memory_keyring):
    url = "https://discord.com/api/webhooks/1/tOkEnVaLuE123"
    monkeypatch.setattr(sys, "stdin", io.StringIO(url + "\n"))
    result = cli("--json", "notify", "secret", "webhook-url")
    assert result.exit_code == 0
    assert url not in result.stdout
    assert [(user, value) for (_, user), value in memory_keyring.store.items()] == [("notify.webhook_url", url)]
    assert cli("--json", "notify", "secret", "webhook-url", "--clear").exit_code == 0
    assert memory_keyring.store == {}


def test_bad_secrets_store_nothing(cli, monkeypatch, memory_keyring):
    monkeypatch.setattr(sys, "stdin", io.StringIO("ftp://nope\n"))
    assert cli("notify", "secret", "webhook-url").exit_code == 2
    assert cli("notify", "secret", "api-key").exit_code == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert cli("notify", "secret", "smtp-password").exit_code == 2
    assert memory_keyring.store == {}


def test_add_dedupes_and_list_filters(cli):
    first = cli("--json", "notify", "queue", "Renew the LinkedIn token", "--dedupe-key", "li:2026-12").json()["data"]
    second = cli("--json", "notify", "queue", "Renew the LinkedIn token", "--dedupe-key", "li:2026-12").json()["data"]
    assert first["queued"] is True and second == {"id": None, "queued": False}
    assert cli("notify", "queue", "x", "--priority", "loud").exit_code == 2
    queued_rows = cli("--json", "notify", "history", "--status", "queued").json()["data"]
    assert [r["title"] for r in queued_rows] == ["Renew the LinkedIn token"]
    assert "Renew the LinkedIn token" in cli("notify", "history").stdout
