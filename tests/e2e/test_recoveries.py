"""Recoveries that used to need a person (issue 17): a definite refusal or psn's own pause leaves
no step in doubt, so `psn post retry` just works; `psn post status` says what retry will do and
names the real post id; a killed publisher that is still a zombie does not hold its lease."""

from __future__ import annotations

import subprocess

import pytest


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def post(cli, platform: str, text: str):  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "post", "-p", platform, "-t", text, "--yes")


def status(cli, content_id: int) -> dict:  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "post", "status", str(content_id)).json()["data"]


def test_linkedin_local_pause_then_retry_after_it_lifts_posts_once(cli, monkeypatch):
    from psn.sandbox.linkedin import LinkedInEmulator

    monkeypatch.setenv("PSN_NOW", "2026-11-20T10:00:00+00:00")
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    emulator = LinkedInEmulator(world())
    emulator.set_daily_post_limit(0)
    assert post(cli, "linkedin", "Held back by the daily limit").exit_code == 5
    emulator.set_daily_post_limit(100)
    paused = cli("--sandbox", "--json", "post", "retry", "1")  # psn's own pause: nothing leaves the machine
    assert paused.exit_code == 5 and "Nothing was sent" in paused.json()["error"]["hint"]
    assert status(cli, 1)["next"] == "Retry with `psn post retry 1`."
    monkeypatch.setenv("PSN_NOW", "2026-11-21T00:05:00+00:00")
    retried = cli("--sandbox", "--json", "post", "retry", "1")
    assert retried.exit_code == 0, retried.stdout
    assert retried.json()["data"]["status"] == "published" and len(emulator.posts()) == 1


@pytest.mark.parametrize("code, status_code", [(2635, 400), (190, 400), (100, 400)])
def test_facebook_definite_refusal_then_plain_retry_posts_once(cli, monkeypatch, code, status_code):
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "setup", "facebook").exit_code == 0
    body = {"error": {"message": "Refused by the Graph API", "type": "OAuthException", "code": code,
                      "fbtrace_id": "Abc123"}}
    world().inject("facebook", path="/feed", method="POST", status=status_code, body=body)
    refused = post(cli, "facebook", "Refused once")
    assert refused.exit_code in (3, 4), refused.stdout
    assert status(cli, 1)["next"] == "Retry with `psn post retry 1`."
    retried = cli("--sandbox", "--json", "post", "retry", "1")
    assert retried.exit_code == 0, retried.stdout
    assert [p["message"] for p in world().read("facebook")["posts"].values()] == ["Refused once"]


def test_after_a_5xx_status_says_what_retry_will_do_with_the_real_id(cli, monkeypatch):
    from psn.sandbox.linkedin import LinkedInEmulator

    monkeypatch.setenv("PSN_NOW", "2026-11-20T10:00:00+00:00")
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    world().inject("linkedin", path="/rest/posts", method="POST", status=503, after=False)
    failed = post(cli, "linkedin", "Maybe out")
    assert failed.exit_code == 4
    shown = status(cli, 1)
    assert "--force-step" in shown["next"] and "psn post retry 1" in shown["next"]
    screen = cli("--sandbox", "post", "status", "1").stdout
    assert "psn post retry 1 --force-step" in screen.replace("\n", " ")
    again = cli("--sandbox", "--json", "post", "retry", "1")
    assert again.exit_code == 4 and "psn post retry 1 --force-step" in again.json()["error"]["hint"]
    assert " ID " not in again.json()["error"]["hint"]
    assert LinkedInEmulator(world()).posts() == []
    forced = cli("--sandbox", "--json", "post", "retry", "1", "--force-step")
    assert forced.exit_code == 0 and len(LinkedInEmulator(world()).posts()) == 1


def test_a_zombie_publisher_does_not_hold_the_lease(cli, monkeypatch):
    import socket
    from datetime import timedelta

    from psn.cli.state import ctx
    from psn.store.publishing_tables import PublishedContent

    monkeypatch.setenv("PSN_NOW", "2026-11-20T10:00:00+00:00")
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    world().inject("linkedin", path="/rest/posts", method="POST", status=400,
                   body={"status": 400, "message": "Refused"})
    assert post(cli, "linkedin", "Lease test").exit_code == 4
    zombie = subprocess.Popen(["true"])  # exits at once; not waited for, so it stays a zombie
    try:
        import time

        for _ in range(100):
            if open(f"/proc/{zombie.pid}/stat").read().rpartition(")")[2].split()[0] == "Z":
                break
            time.sleep(0.02)
        with ctx().db.session() as session:
            row = session.get(PublishedContent, 1)
            row.status, row.lease_owner = "publishing", f"{socket.gethostname()}:{zombie.pid}"
            row.lease_expires_at = ctx().clock.now() + timedelta(minutes=5)
            session.add(row)
        retried = cli("--sandbox", "--json", "post", "retry", "1")
        assert retried.exit_code == 0, retried.stdout
    finally:
        zombie.wait()
