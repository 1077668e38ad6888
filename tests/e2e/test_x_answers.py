"""The real CLI against the X emulator answering shapes the spec allows but psn used to choke on:
null metric counts, `repost_count`, odd `check_after_secs`, a STATUS stuck `in_progress`, and
error bodies in every documented form (issue 17). Each odd answer is a sandbox fault whose
status and body stand in for the emulator's own answer."""

import pytest

ME_WITH_NULLS = {"data": {"id": "2244994945", "username": "sandbox_creator", "name": "Sandbox Creator",
                          "public_metrics": {"followers_count": 1234, "following_count": 10, "tweet_count": 5,
                                             "listed_count": 1, "like_count": None, "media_count": None}}}


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def answer(path, body, status=200, method="", times=1):
    world().inject("x", path=path, method=method, status=status, body=body, times=times)


@pytest.fixture
def connected(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli("--sandbox", "setup", "x").exit_code == 0
    return cli


def test_setup_accepts_null_user_counts(cli):
    world().inject("x", path="/2/users/me", status=200, body=ME_WITH_NULLS)
    result = cli("--sandbox", "--json", "setup", "x")
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"]["handle"] == "sandbox_creator"


def test_analytics_pull_keeps_the_follower_snapshot_when_like_count_is_null(connected):
    cli = connected
    assert cli("--sandbox", "post", "-p", "x", "-t", "Counting followers", "--yes").exit_code == 0
    answer("/2/users/me", ME_WITH_NULLS, times=5)
    assert cli("--sandbox", "--json", "analytics", "pull").exit_code == 0
    followers = cli("--sandbox", "--json", "analytics", "followers").json()["data"]
    assert [(f["platform"], f["followers"]) for f in followers] == [("x", 1234)]


def test_engage_monitor_accepts_null_author_counts(connected):
    cli = connected
    cli("--sandbox", "engage", "config", "add", "keywords", "build in public")
    author = {"id": "99", "username": "nully", "name": "Null Counts",
              "public_metrics": {"followers_count": 300, "like_count": None, "media_count": None}}
    page = {"data": [{"id": "1900000000000000001", "text": "How do you build in public without burning out?",
                      "author_id": "99", "created_at": "2026-11-21T11:00:00.000Z",
                      "conversation_id": "1900000000000000001",
                      "public_metrics": {"like_count": 3, "reply_count": 1, "repost_count": 2, "quote_count": 0,
                                         "bookmark_count": None, "impression_count": 80}}],
            "includes": {"users": [author]}, "meta": {"result_count": 1, "newest_id": "1900000000000000001"}}
    answer("/2/tweets/search/recent", page)
    result = cli("--sandbox", "--json", "engage", "monitor")
    assert result.exit_code == 0, result.stderr
    rows = cli("--sandbox", "--json", "engage", "list").json()["data"]
    assert "nully" in [r["author"] for r in rows]


def test_metrics_read_repost_count(connected):
    cli = connected
    posted = cli("--sandbox", "--json", "post", "-p", "x", "-t", "Reposts please", "--yes").json()["data"]
    content_id = posted["published"][0]["id"]
    post_id = cli("--sandbox", "--json", "post", "status", str(content_id)).json()["data"]["platform_post_id"]
    lookup = {"data": [{"id": post_id, "text": "Reposts please", "created_at": "2026-11-21T12:00:00.000Z",
                        "public_metrics": {"repost_count": 7, "quote_count": 2, "reply_count": 1, "like_count": 4,
                                           "bookmark_count": 0, "impression_count": 100}}]}
    answer("/2/tweets", lookup, method="GET", times=1)
    assert cli("--sandbox", "--json", "analytics", "pull").exit_code == 0
    shown = cli("--sandbox", "--json", "analytics", "show", str(content_id)).json()["data"]
    assert shown["counts"]["share"] == 9 and shown["snapshots"][0]["shares"] == 9, shown


@pytest.mark.parametrize("body, words", [
    ({"errors": [{"code": 187, "message": "Status is a duplicate."}]}, "Status is a duplicate."),
    ({"title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
      "type": "https://api.x.com/2/problems/invalid-request",
      "errors": [{"parameters": {"text": ["x"]}, "message": "The `text` field is too long."}]},
     "The `text` field is too long."),
    ({"errors": [{"title": "Not Found Error", "detail": "Could not find tweet with id: [456]."}]},
     "Could not find tweet with id: [456]."),
])
def test_error_bodies_show_the_platforms_own_words(connected, body, words):
    cli = connected
    answer("/2/tweets", body, status=400, method="POST")
    result = cli("--sandbox", "--json", "post", "-p", "x", "-t", "Will be refused", "--yes")
    assert result.exit_code == 4, result.stdout
    assert words in result.stdout and "HTTP 400" not in result.stdout


def _video(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"v" * 2048)
    return video


def _processing(state="in_progress", after=1):
    return {"data": {"id": "1880000000000000001", "processing_info": {"state": state, "check_after_secs": after}}}


def test_negative_check_after_secs_still_posts(connected, tmp_path, monkeypatch):
    from psn.sandbox.world import SandboxWorld

    advance = SandboxWorld.advance

    def like_time_sleep(self, seconds):  # a sandbox sleep advances the world; a real one refuses < 0
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        return advance(self, seconds)

    monkeypatch.setattr(SandboxWorld, "advance", like_time_sleep)
    cli = connected
    answer("/finalize", {"data": {"id": "1880000000000000001", "processing_info": {
        "state": "pending", "check_after_secs": -1}}}, method="POST")
    result = cli("--sandbox", "--json", "post", "-p", "x", "-t", "Video", "--media", str(_video(tmp_path)), "--yes")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["data"]["published"][0]["status"] == "published"


def test_huge_check_after_secs_is_capped(connected, tmp_path):
    cli = connected
    before = world().now()
    answer("/finalize", {"data": {"id": "1880000000000000001", "processing_info": {
        "state": "pending", "check_after_secs": 2054598}}}, method="POST")
    result = cli("--sandbox", "--json", "post", "-p", "x", "-t", "Video", "--media", str(_video(tmp_path)), "--yes")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (world().now() - before).total_seconds() < 3600  # a sandbox sleep advances the world clock


def test_status_stuck_in_progress_stops_resumable_then_retry_finishes(connected, tmp_path):
    cli = connected
    before = world().now()
    answer("/2/media/upload", _processing(), method="GET", times=10_000)
    result = cli("--sandbox", "--json", "post", "-p", "x", "-t", "Slow video", "--media", str(_video(tmp_path)),
                 "--yes")
    assert result.exit_code == 4, result.stdout
    error = result.json()["error"]
    assert "still processing clip.mp4" in error["message"] and "nothing was posted" in error["message"]
    assert "psn post retry 1" in error["hint"] and " ID" not in error["hint"]
    assert 0 < (world().now() - before).total_seconds() <= 700
    status = cli("--sandbox", "--json", "post", "status", "1").json()["data"]
    assert status["status"] == "failed" and status["next"] == "Retry with `psn post retry 1`."
    uploads = status["steps"]["media_processing:0"]["value"]
    with world().state("_faults") as faults:
        faults["rules"] = []
    retried = cli("--sandbox", "--json", "post", "retry", "1")
    assert retried.exit_code == 0, retried.stdout
    assert retried.json()["data"]["steps"]["media:0"]["value"] == uploads  # asked again, never re-uploaded
    log = (world().root / "requests.log").read_text()
    assert log.count("/2/media/upload/initialize") == 1
