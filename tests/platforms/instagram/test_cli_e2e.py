"""The real CLI against the Instagram emulator: connect, publish each format the CLI can name,
limits refused before anything is stored, quota exhausted, a killed process and `psn post retry`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from psn.platforms.instagram.probe import make_jpeg, make_mp4

HOST_COMMAND = "echo https://cdn.example.com/{hash}{ext}"


def emulator():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.instagram import InstagramEmulator

    current().sandbox = True
    return InstagramEmulator(sandbox_world(ctx()))


@pytest.fixture
def files(tmp_path):
    def make(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return {
        "photo": make("photo.jpg", make_jpeg(1080, 1350)),
        "photo2": make("photo2.jpg", make_jpeg(1080, 1080)),
        "tall": make("tall.jpg", make_jpeg(1080, 1920)),
        "png": make("shot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        "clip": make("clip.mp4", make_mp4(14.0)),
        "short": make("short.mp4", make_mp4(1.5)),
    }


@pytest.fixture
def connected(cli):
    result = cli("--sandbox", "--json", "setup", "instagram")
    assert result.exit_code == 0, result.stderr
    data = result.json()["data"]
    assert data["handle"] == "sandbox_studio" and "instagram_business_content_publish" in data["scopes"]
    assert cli("--sandbox", "config", "set", "instagram.media_host_command", HOST_COMMAND).exit_code == 0
    return cli


def post(cli, *args):
    return cli("--sandbox", "--json", "post", "-p", "instagram", *args, "--yes")


def test_connect_stores_the_professional_account(connected):
    [account] = connected("--sandbox", "--json", "accounts", "list").json()["data"]
    assert account["platform"] == "instagram" and account["handle"] == "sandbox_studio"
    assert 59 < account["expires_in_days"] <= 60


def test_feed_image(connected, files):
    result = post(connected, "-t", "Spring drop #sale", "--media", files["photo"])
    assert result.exit_code == 0, result.stderr
    row = result.json()["data"]["published"][0]
    assert row["status"] == "published" and row["url"].startswith("https://www.instagram.com/p/")
    assert {"url:0", "a1:container", "media"} <= set(row["steps"])
    [media] = emulator().published()
    assert media["media_product_type"] == "FEED" and media["caption"] == "Spring drop #sale"


def test_carousel_of_images_and_a_video(connected, files):
    result = post(connected, "-t", "Three looks", "--media", files["photo"], "--media", files["clip"],
                  "--media", files["photo2"])
    assert result.exit_code == 0, result.stderr
    steps = result.json()["data"]["published"][0]["steps"]
    assert {"a1:child:0", "a1:child:1", "a1:child:2", "a1:container"} <= set(steps)
    [media] = emulator().published()
    assert media["media_type"] == "CAROUSEL_ALBUM" and len(media["children"]) == 3


def test_reel_uploads_the_video_directly(connected, files):
    result = post(connected, "-t", "Behind the scenes", "--media", files["clip"])
    assert result.exit_code == 0, result.stderr
    row = result.json()["data"]["published"][0]
    assert row["url"].startswith("https://www.instagram.com/reel/")
    assert any(step.startswith("a1:uploaded:") for step in row["steps"])
    assert emulator().published()[0]["media_product_type"] == "REELS"


@pytest.mark.parametrize(("args", "fragment"), [
    (["-t", " ".join(f"#t{i}" for i in range(31)), "--media", "photo"], "31 hashtags"),
    (["-t", "x" * 2201, "--media", "photo"], "2201 characters"),
    (["-t", "png", "--media", "png"], "PNG"),
    (["-t", "tall", "--media", "tall"], "aspect ratio 0.56"),
    (["-t", "short", "--media", "short"], "1.5 s"),
    (["-t", "text only"], "text alone"),
])
def test_limits_are_refused_before_anything_is_stored(connected, files, args, fragment):
    args = [files.get(a, a) for a in args]
    result = post(connected, *args)
    assert result.exit_code == 2, result.stdout
    assert fragment in result.json()["error"]["message"]
    assert connected("--sandbox", "--json", "post", "list").json()["data"] == []
    assert emulator().published() == [] and emulator().containers() == {}


def test_eleven_carousel_items_are_refused(connected, files):
    args = [a for _ in range(11) for a in ("--media", files["photo"])]
    result = post(connected, "-t", "too many", *args)
    assert result.exit_code == 2 and "11 items" in result.json()["error"]["message"]


def test_a_local_image_without_a_media_host_says_what_to_configure(cli, files):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    result = post(cli, "-t", "no host", "--media", files["photo"])
    assert result.exit_code == 2
    assert "instagram.media_host_command" in result.json()["error"]["hint"]
    assert emulator().published() == []


def test_quota_exhausted_fails_with_the_reset_time(connected, files):
    emulator().configure(quota_total=1)
    assert post(connected, "-t", "first", "--media", files["photo"]).exit_code == 0
    result = post(connected, "-t", "second", "--media", files["photo"])
    assert result.exit_code == 5
    error = result.json()["error"]
    assert error["kind"] == "quota_exhausted" and "1 of 1" in error["message"] and "frees up" in error["hint"]
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert [r["status"] for r in rows] == ["failed", "published"] and rows[0]["error_kind"] == "quota_exhausted"
    assert len(emulator().published()) == 1


def test_not_connected_is_exit_3(cli, files):
    result = post(cli, "-t", "hi", "--media", files["photo"])
    assert result.exit_code == 3 and "psn setup instagram" in result.json()["error"]["hint"]


@pytest.mark.parametrize(("media", "step"), [("photo", "a1:container"), ("clip", "a1:container"),
                                             ("clip", "media")])
def test_killed_after_a_step_then_retry_posts_exactly_once(connected, files, monkeypatch, media, step):
    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    assert connected("--sandbox", "setup", "instagram").exit_code == 0  # tokens into the file store
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": step}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "instagram", "-t", "Once",
                           "--media", files[media], "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "publishing"
    containers_before = len(emulator().containers())
    result = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["data"]["status"] == "published"
    assert len(emulator().published()) == 1
    assert len(emulator().containers()) == containers_before == 1  # the saved container was reused
    again = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert again.exit_code == 0 and len(emulator().published()) == 1


def test_token_refresh_waits_for_24_hours(connected, monkeypatch):
    early = connected("--sandbox", "--json", "accounts", "refresh", "instagram")
    assert early.exit_code == 2 and "24 hours" in early.json()["error"]["message"]
    later = datetime.now(UTC) + timedelta(days=3)
    monkeypatch.setenv("PSN_NOW", later.isoformat())
    result = connected("--sandbox", "--json", "accounts", "refresh", "instagram")
    assert result.exit_code == 0, result.stdout
    [account] = connected("--sandbox", "--json", "accounts", "list").json()["data"]
    assert account["expires_in_days"] == pytest.approx(60, abs=0.01)


def test_disconnect_then_posting_needs_setup(connected, files):
    assert connected("--sandbox", "accounts", "disconnect", "instagram").exit_code == 0
    assert post(connected, "-t", "hi", "--media", files["photo"]).exit_code == 3


def test_a_media_host_on_this_machine_is_named_as_the_reason(connected, files):
    """A local WordPress (or any host on this machine) hands out URLs Instagram cannot fetch: the
    failure says so instead of only repeating Instagram's "could not be fetched"."""
    assert connected("--sandbox", "config", "set", "instagram.media_host_command",
                     "echo http://127.0.0.1:8080/wp-content/uploads/{hash}{ext}").exit_code == 0
    result = post(connected, "-t", "From my laptop", "--media", files["photo"])
    assert result.exit_code == 4, result.stdout
    hint = result.json()["error"]["hint"]
    assert "cannot fetch http://127.0.0.1:8080/" in hint and "127.0.0.1 is this machine" in hint
    assert emulator().published() == []


def test_a_lan_media_host_that_works_still_gets_a_note(connected, files, monkeypatch):
    import psn.sandbox.instagram.publishing as emulated

    monkeypatch.setattr(emulated, "reachable", lambda url: True)  # this sandbox's fetcher can reach the LAN
    assert connected("--sandbox", "config", "set", "instagram.media_host_command",
                     "echo http://192.168.1.20/media/{hash}{ext}").exit_code == 0
    result = post(connected, "-t", "From the NAS", "--media", files["photo"])
    assert result.exit_code == 0, result.stdout
    [row] = result.json()["data"]["published"]
    assert any("192.168.1.20 is a private-network address" in note for note in row["notes"])


TRANSIENT = {"status": 500, "body": {"error": {"message": "An unexpected error has occurred. Please retry your request "
                                               "later.", "type": "OAuthException", "is_transient": True, "code": 2}}}


@pytest.mark.parametrize("after", [False, True], ids=["before-publishing", "after-publishing"])
def test_a_transient_publish_error_is_settled_within_one_psn_post(connected, files, after):
    """Instagram's code 2 on media_publish: `psn post` itself checks the container and retries (or finds
    the post that went out), so the person sees one published post and no retry to run."""
    emulator().world.inject("instagram", path="/media_publish", after=after, **TRANSIENT)
    result = post(connected, "-t", "Through a hiccup", "--media", files["photo"])
    assert result.exit_code == 0, result.stdout
    [row] = result.json()["data"]["published"]
    assert [m["id"] for m in emulator().published()] == [row["platform_post_id"]]


def test_an_expired_container_is_rebuilt_by_the_first_retry(connected, files, monkeypatch):
    """Killed after the container was made, back a day later: one `psn post retry` publishes it."""
    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    assert connected("--sandbox", "setup", "instagram").exit_code == 0  # tokens into the file store
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": "a1:container"}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "instagram", "-t", "Late but once",
                           "--media", files["photo"], "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    assert connected("--sandbox", "sandbox", "advance", "25h").exit_code == 0
    retried = connected("--sandbox", "--json", "post", "retry", "1")
    assert retried.exit_code == 0, retried.stdout
    assert len(emulator().published()) == 1 and len(emulator().containers()) == 2
