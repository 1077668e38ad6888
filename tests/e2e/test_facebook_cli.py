"""The real CLI against the Graph emulator: connect a Page, publish each format, bad input, and a
process killed between photo uploads then retried — one post, no photo uploaded twice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def posts() -> list[dict]:
    return list(world().read("facebook").get("posts", {}).values())


@pytest.fixture
def files(tmp_path):  # type: ignore[no-untyped-def]
    made = {}
    for name, data in (("a.jpg", b"\xff\xd8\xff\xe0jpeg"), ("b.png", b"\x89PNG\r\n\x1a\n"), ("c.jpg", b"\xff\xd8c"),
                       ("clip.mp4", b"\x00\x00\x00\x18ftypmp42"), ("anim.gif", b"GIF89a")):
        (tmp_path / name).write_bytes(data)
        made[name] = str(tmp_path / name)
    return made


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")  # crash tests run psn in a child process
    result = cli("--sandbox", "--json", "setup", "facebook")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["data"]["handle"] == "Sandbox Page"
    return cli


def test_each_format(connected, files):
    def post(*args: str) -> dict:
        result = connected("--sandbox", "--json", "post", "-p", "facebook", *args, "--yes")
        assert result.exit_code == 0, result.stdout
        return result.json()["data"]["published"][0]

    text = post("-t", "Hello from psn https://blog.example/launch")
    photo = post("-t", "One photo", "-m", files["a.jpg"])
    photos = post("-t", "Three photos", "-m", files["a.jpg"], "-m", files["b.png"], "-m", files["c.jpg"])
    video = post("-t", "A clip", "-m", files["clip.mp4"])
    assert text["url"].startswith("https://www.facebook.com/1029384756_")
    assert {"photo:0", "photo:1", "photo:2", "post"} <= set(photos["steps"])
    assert set(video["steps"]) == {"video"} and photo["status"] == "published"
    stored = {p["message"]: p for p in posts()}
    assert len(stored["Three photos"]["attached_media"]) == 3 and "video" in stored["A clip"]


def test_bad_input_records_and_sends_nothing(connected, files):
    for args, fragment in ((["-t", "x" * 63_207], "63206"), (["-t", "gif", "-m", files["anim.gif"]], "not 'gif'")):
        result = connected("--sandbox", "--json", "post", "-p", "facebook", *args, "--yes")
        assert result.exit_code == 2 and fragment in result.json()["error"]["message"]
    assert connected("--sandbox", "--json", "post", "list").json()["data"] == []
    assert posts() == []


def test_killed_between_photo_uploads_then_retry_posts_once(connected, files):
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": "photo:1"}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "facebook", "-t", "Resumed",
                           "-m", files["a.jpg"], "-m", files["b.png"], "-m", files["c.jpg"], "--yes"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "publishing" and posts() == []
    result = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert result.exit_code == 0, result.stdout
    [post] = posts()
    assert post["message"] == "Resumed" and len(post["attached_media"]) == 3
    assert len(world().read("facebook")["photos"]) == 3  # the two saved uploads were not repeated
    assert connected("--sandbox", "post", "retry", str(rows[0]["id"])).exit_code == 0 and len(posts()) == 1


def test_not_connected_is_exit_3(cli):
    result = cli("--sandbox", "--json", "post", "-p", "facebook", "-t", "hi", "--yes")
    assert result.exit_code == 3 and "psn setup facebook" in result.json()["error"]["hint"]
