"""The real CLI against the X emulator answering odd but valid shapes (issue 17): the answers the
spec allows but the happy path never shows must end in a result or a worded error, never exit 1."""

import subprocess
import sys

import pytest


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


@pytest.fixture
def connected(cli):
    result = cli("--sandbox", "--json", "setup", "x")
    assert result.exit_code == 0, result.stderr
    return cli


def test_an_error_in_xs_own_words_reaches_the_user_and_is_kept(connected):
    world().set_shapes("x", "error_bodies")
    world().inject("x", path="/2/tweets", method="POST", status=400)
    result = connected("--sandbox", "--json", "post", "-p", "x", "-t", "odd answers", "--yes")
    assert result.exit_code == 4, result.stderr
    assert "One or more parameters to your request was invalid" in result.json()["error"]["message"]
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "failed"


def test_metrics_pull_reads_posts_without_optional_fields(connected):
    posted = connected("--sandbox", "--json", "post", "-p", "x", "-t", "metrics with holes", "--yes")
    assert posted.exit_code == 0, posted.stderr
    world().set_shapes("x", "missing_optional")
    pulled = connected("--sandbox", "--json", "analytics", "pull")
    assert pulled.exit_code == 0, pulled.stderr


def test_setup_connects_when_x_sends_null_counts(cli):
    world().set_shapes("x", "null_counts")
    result = cli("--sandbox", "--json", "setup", "x")
    assert result.exit_code == 0, result.stderr


def test_a_video_that_never_finishes_processing_ends_in_a_worded_error(cli, monkeypatch, tmp_path):
    from psn.platforms.instagram.probe import make_mp4

    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    assert cli("--sandbox", "setup", "x").exit_code == 0

    video = tmp_path / "clip.mp4"
    video.write_bytes(make_mp4(5))
    # X asks to come back in a day each time: psn waits at most a minute per poll and ten in all
    world().set_shapes("x", "slow_media", "huge_wait")
    argv = [sys.executable, "-m", "psn", "--sandbox", "--json", "post", "-p", "x", "-t", "slow video",
            "--media", str(video), "--yes"]
    try:
        run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("psn was still polling X's media status after 60 s")
    assert run.returncode in (4, 5, 6) and "Traceback" not in run.stderr
    assert "still processing clip.mp4" in run.stdout + run.stderr and "psn post retry" in run.stdout + run.stderr
