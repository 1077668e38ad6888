"""The real CLI against the LinkedIn emulator: connect, publish every format, the failure
cases (limits, duplicate, daily limit, retired version, the 60-day cliff), crash and rerun."""

import os
import re
import subprocess
import sys

import pytest

NOW = "2026-11-20T10:00:00+00:00"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("PSN_NOW", NOW)


@pytest.fixture
def connected(cli):
    result = cli("--sandbox", "--json", "setup", "linkedin")
    assert result.exit_code == 0, result.stderr
    data = result.json()["data"]
    assert data["handle"] == "Sandbox Creator"
    assert set(data["scopes"]) == {"openid", "profile", "email", "w_member_social"}
    assert data["token_expires_at"].startswith("2027-01-19")  # 60 days
    return cli


def emulator():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.linkedin import LinkedInEmulator

    current().sandbox = True
    return LinkedInEmulator(sandbox_world(ctx()))


def post(cli, *args):
    return cli("--sandbox", "--json", "post", "-p", "linkedin", *args, "--yes")


def write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


def test_connect_and_post_text_that_reads_as_written(connected):
    text = "Shipping v2 (finally) #buildinpublic — 3 * 4 = 12, C# <3"
    result = post(connected, "-t", text)
    assert result.exit_code == 0, result.stderr
    row = result.json()["data"]["published"][0]
    assert row["status"] == "published" and row["url"].startswith("https://www.linkedin.com/feed/update/urn:li:share:")
    assert row["steps"]["post"]["value"] == row["platform_post_id"]
    [stored] = emulator().posts()
    assert stored["text"] == text and "{hashtag|\\#|buildinpublic}" in stored["commentary"]


def test_every_media_format(connected, tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    image = write(tmp_path / "one.png", png)
    images = [write(tmp_path / f"{n}.png", png + bytes([n])) for n in range(3)]
    deck = write(tmp_path / "deck.pdf", b"%PDF-1.7\n" + b"\x00" * 500)
    clip = write(tmp_path / "clip.mp4", b"\x00" * (90 * 1024))
    gif = write(tmp_path / "loop.gif", b"GIF89a" + b"\x00" * 40)
    for args in (["--media", image], [a for i in images for a in ("--media", i)], ["--media", deck],
                 ["--media", clip], ["--media", gif]):
        result = post(connected, "-t", f"format {len(args)} {args[-1][-8:]}", *args)
        assert result.exit_code == 0, result.stdout + result.stderr
    content = [p["content"] for p in emulator().posts()]
    assert content[0]["media"]["id"].startswith("urn:li:image:")
    assert len(content[1]["multiImage"]["images"]) == 3
    assert content[2]["media"]["id"].startswith("urn:li:document:") and content[2]["media"]["title"] == "deck.pdf"
    assert content[3]["media"]["id"].startswith("urn:li:video:")
    assert content[4]["media"]["id"].startswith("urn:li:image:")


@pytest.mark.parametrize("args, code, fragment", [
    (["-t", "x" * 3001], 2, "3001"),
    (["-t", "hi", "--media", "/nonexistent.png"], 2, "not found"),
    (["-t", "one\n\ntwo", "--thread"], 2, "LinkedIn has no threads"),
    (["-t", "hi", "--media", "notes.txt"], 2, "does not accept"),
])
def test_bad_input_sends_and_records_nothing(connected, tmp_path, monkeypatch, args, code, fragment):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("plain")
    result = post(connected, *args)
    assert result.exit_code == code, result.stdout
    assert fragment in result.json()["error"]["message"]
    assert connected("--sandbox", "--json", "post", "list").json()["data"] == []
    assert emulator().posts() == []


def test_not_connected_is_exit_3(cli):
    result = post(cli, "-t", "hi")
    assert result.exit_code == 3 and "psn setup linkedin" in result.json()["error"]["hint"]


def test_a_duplicate_is_rejected_and_kept_as_failed(connected):
    assert post(connected, "-t", "Same words twice").exit_code == 0
    result = post(connected, "-t", "Same words twice")
    assert result.exit_code == 4
    error = result.json()["error"]
    assert error["kind"] == "duplicate_content" and "linkedin.com/feed/update/urn:li:share:" in error["message"]
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert sorted(r["status"] for r in rows) == ["failed", "published"]


def test_the_daily_limit_is_exit_5_until_utc_midnight(connected):
    emulator().set_daily_post_limit(0)
    result = post(connected, "-t", "one too many")
    assert result.exit_code == 5
    assert result.json()["error"]["details"]["retry_at"] == "2026-11-21T00:00:00+00:00"


def test_a_retired_version_says_what_to_set_and_retry_then_works(connected):
    assert connected("--sandbox", "config", "set", "linkedin.version", "202401").exit_code == 0
    result = post(connected, "-t", "Versioned")
    assert result.exit_code == 3
    error = result.json()["error"]
    assert error["kind"] == "version_unsupported"
    fix = re.search(r"`psn config set linkedin\.version (\d{6})`", error["hint"])
    assert fix and fix.group(1) == "202610"
    assert connected("--sandbox", "config", "set", "linkedin.version", fix.group(1)).exit_code == 0
    failed = connected("--sandbox", "--json", "post", "list").json()["data"][0]
    retried = connected("--sandbox", "--json", "post", "retry", str(failed["id"]))
    assert retried.exit_code == 0 and retried.json()["data"]["status"] == "published"
    assert len(emulator().posts()) == 1


def test_the_60_day_cliff(connected, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2027-01-15T10:00:00+00:00")
    health = connected("--sandbox", "--json", "accounts", "health")
    assert health.exit_code == 3
    [row] = health.json()["data"]
    assert row["refreshable"] is False and "psn setup linkedin" in row["warnings"][0]
    refresh = connected("--sandbox", "--json", "accounts", "refresh", "linkedin")
    assert refresh.exit_code == 3  # nothing to refresh with: only reconnecting renews it
    monkeypatch.setenv("PSN_NOW", "2027-01-20T10:00:00+00:00")
    result = post(connected, "-t", "after the cliff")
    assert result.exit_code == 3 and result.json()["error"]["kind"] == "auth_expired"
    assert emulator().posts() == []
    assert connected("--sandbox", "setup", "linkedin").exit_code == 0  # reconnecting renews it
    assert post(connected, "-t", "back again").exit_code == 0


def test_disconnect_revokes_the_token(connected):
    assert connected("--sandbox", "accounts", "disconnect", "linkedin").exit_code == 0
    tokens = emulator().world.read("linkedin")["tokens"]
    assert all(t.get("revoked") for t in tokens.values())
    assert post(connected, "-t", "hi").exit_code == 3


def test_an_uncertain_create_is_never_repeated_blindly(connected):
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx

    sandbox_world(ctx()).inject("linkedin", path="/rest/posts", method="POST", kind="timeout")
    result = post(connected, "-t", "Did it go out?")
    assert result.exit_code == 4 and result.json()["error"]["kind"] == "uncertain_outcome"
    content_id = str(connected("--sandbox", "--json", "post", "list").json()["data"][0]["id"])
    again = connected("--sandbox", "--json", "post", "retry", content_id)
    assert again.exit_code == 4 and "--force-step" in again.json()["error"]["hint"]
    assert emulator().posts() == []  # the injected timeout never reached LinkedIn
    forced = connected("--sandbox", "--json", "post", "retry", content_id, "--force-step")
    assert forced.exit_code == 0 and len(emulator().posts()) == 1


@pytest.mark.parametrize("step", ["media:1", "post"])
def test_killed_mid_publish_then_retry_posts_exactly_once(cli, monkeypatch, tmp_path, step):
    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    media = [a for n in range(3) for a in ("--media", write(tmp_path / f"{n}.png", b"\x89PNG\r\n\x1a\n" + bytes([n])))]
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": step}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "linkedin", "-t", "Three images",
                           *media, "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    rows = cli("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "publishing"
    result = cli("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert result.exit_code == 0, result.stdout
    assert result.json()["data"]["status"] == "published"
    assert len(emulator().posts()) == 1
    assert len(emulator().world.read("linkedin")["media"]) == 3  # saved uploads were not redone


def test_analytics_only_for_apps_linkedin_approved(cli):
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    assert post(cli, "-t", "Will it be measured?").exit_code == 0
    unapproved = cli("--sandbox", "--json", "analytics", "pull")
    assert unapproved.exit_code == 0
    assert unapproved.json()["data"]["platforms"][0]["measured"] == 0  # metrics: false, nothing asked

    assert cli("--sandbox", "config", "set", "linkedin.analytics_enabled", "true").exit_code == 0
    refused = cli("--sandbox", "--json", "setup", "linkedin")
    assert refused.exit_code == 3 and "r_member_postAnalytics" in refused.json()["error"]["message"]
    emulator().approve_scope("sandbox-client_id", "r_member_postAnalytics")
    assert cli("--sandbox", "setup", "linkedin").exit_code == 0
    [stored] = emulator().posts()
    emulator().seed_metrics(stored["urn"], IMPRESSION=1500, REACTION=42, RESHARE=3, COMMENT=7)
    pulled = cli("--sandbox", "--json", "analytics", "pull")
    assert pulled.exit_code == 0, pulled.stdout
    assert pulled.json()["data"]["platforms"][0]["measured"] == 1
    content_id = str(cli("--sandbox", "--json", "post", "list").json()["data"][0]["id"])
    shown = cli("--sandbox", "--json", "analytics", "show", content_id).json()["data"]
    assert shown["counts"] == {"view": 1500, "like": 42, "share": 3, "comment": 7}
