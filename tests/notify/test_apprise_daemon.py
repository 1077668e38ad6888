"""The daemon's `notify` job drains the queue through Apprise: a real delivery, a receiver that
is down (recorded as failed, the job partial), quiet hours that hold, and a channel's daily cap."""

from __future__ import annotations

from notify_receivers import free_port

NOW = "2026-12-01T18:00:00Z"  # 18:00 in the default UTC timezone


def notify_job(cli) -> tuple[str, str]:
    """Run the daemon's notify job once, as `psn daemon run --once` does (exit 6 when partial)."""
    result = cli("--json", "daemon", "run", "--once", "--job", "notify")
    payload = result.json()
    ran = payload["data"]["ran"] if result.exit_code == 0 else payload["error"]["details"]["ran"]
    assert result.exit_code in (0, 6), result.stderr
    [job] = [r for r in ran if r["job"] == "notify"]
    assert (job["outcome"] == "partial") == (result.exit_code == 6)
    return job["outcome"], job["summary"]


def deliveries(cli, title: str) -> list[tuple[str, str]]:
    [note] = [n for n in cli("--json", "notify", "history").json()["data"] if n["title"] == title]
    return [(d["channel"], d["outcome"]) for d in note["deliveries"]]


def test_queue_to_apprise_delivers_holds_in_quiet_hours_and_caps(cli, receiver, monkeypatch):
    monkeypatch.setenv("PSN_NOW", NOW)
    cli("config", "set", "notify.channels", "[]")  # only the Apprise channel, so its outcome is the note's
    cli("notify", "add", f"json://127.0.0.1:{receiver.port}/alerts", "--name", "phone", "--daily-cap", "2")

    cli("config", "set", "notify.quiet_hours", "17:00-19:00")
    cli("notify", "queue", "A post failed", "--body", "X refused it: duplicate content")
    assert notify_job(cli) == ("idle", "1 held for quiet hours")
    assert receiver.requests == [] and deliveries(cli, "A post failed") == []

    cli("config", "set", "notify.quiet_hours", "")
    assert notify_job(cli) == ("ok", "1 sent, 0 failed")
    [request] = receiver.requests
    assert request.json()["title"] == "A post failed"
    assert request.json()["message"] == "X refused it: duplicate content"
    assert deliveries(cli, "A post failed") == [("phone", "sent")]

    cli("notify", "queue", "Second")
    cli("notify", "queue", "Third")  # the cap is 2 a day: this one is not sent
    assert notify_job(cli) == ("partial", "1 sent, 1 failed")
    assert deliveries(cli, "Third") == [("phone", "capped")]
    assert [r.json()["title"] for r in receiver.requests] == ["A post failed", "Second"]


def test_a_receiver_that_is_down_is_recorded_as_before(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", NOW)
    cli("config", "set", "notify.channels", '["log"]')
    cli("notify", "add", f"json://127.0.0.1:{free_port()}/hook/s3cr3t-hook-id", "--name", "down")
    cli("notify", "queue", "Token expiring")
    assert notify_job(cli) == ("ok", "1 sent, 0 failed")  # the log got it, so the note counts as sent
    [note] = cli("--json", "notify", "history").json()["data"]
    failed = {d["channel"]: d for d in note["deliveries"]}["down"]
    assert failed["outcome"] == "failed"
    assert failed["error"] == "not delivered: A Connection error occurred sending JSON notification to 127.0.0.1"

    cli("config", "set", "notify.channels", "[]")
    cli("notify", "queue", "Nobody hears this")
    assert notify_job(cli) == ("partial", "0 sent, 1 failed")
    assert cli("--json", "notify", "history", "--status", "failed").json()["data"][0]["title"] == "Nobody hears this"
