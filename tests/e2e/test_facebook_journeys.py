"""Facebook through the real CLI against the Graph emulator, as a person meets it (issue 16):

- a video is "processing" until Facebook says ready; `psn post status` and the daemon's followup
  job settle it, and a video Facebook cannot process becomes failed with Facebook's reason;
- `psn analytics pull -p facebook` on a Page with text, photo and video posts: a Video node is never
  asked for `shares` (the emulator answers #100 as Graph does), comments are counted, and a metric
  refused on an older Graph version costs only itself, said once;
- an ended Graph version: `psn doctor` says so, `psn post` and the #2635 refusal exit 3 naming the
  `psn config set` that fixes it;
- `--at` schedules natively (scheduled_publish_time) inside Facebook's window, exit 2 outside it.
"""

from __future__ import annotations

import pytest

MP4 = b"\x00\x00\x00\x18ftypmp42isom"


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def page_posts() -> dict[str, dict]:
    return world().read("facebook").get("posts", {})


@pytest.fixture
def fb(cli, tmp_path):  # type: ignore[no-untyped-def]
    result = cli("--sandbox", "--json", "setup", "facebook")
    assert result.exit_code == 0, result.stdout + result.stderr
    for name, data in (("clip.mp4", MP4), ("broken.mp4", b"this is a text file"), ("a.jpg", b"\xff\xd8\xff\xe0jpeg")):
        (tmp_path / name).write_bytes(data)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return cli("--sandbox", *args)

    run.files = tmp_path  # type: ignore[attr-defined]
    return run


def post(fb, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = fb("--json", "post", "-p", "facebook", *args, "--yes")
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.json()["data"]["published"][0]


def test_video_is_processing_until_facebook_settles_it(fb):
    shown = fb("post", "-p", "facebook", "-t", "Watch this", "-m", str(fb.files / "clip.mp4"), "--yes")
    assert shown.exit_code == 0 and "facebook is processing it" in shown.stdout and "psn post status 1" in shown.stdout
    broken = post(fb, "-t", "Not a video", "-m", str(fb.files / "broken.mp4"))
    assert broken["status"] == "processing" and broken["platform_post_id"]
    assert fb("--json", "post", "status", "1").json()["data"]["status"] == "processing"  # asked: still processing
    assert fb("sandbox", "advance", "1m").exit_code == 0

    ready = fb("--json", "post", "status", "1").json()["data"]
    assert ready["status"] == "published" and ready["error"] is None
    tick = fb("--json", "daemon", "run", "--once", "--job", "followup")  # the daemon settles the other
    assert tick.exit_code == 6 and tick.json()["error"]["details"]["ran"][0]["summary"] == "1 failed", tick.stdout
    failed = fb("post", "status", str(broken["id"]))
    assert failed.exit_code == 0 and "failed" in failed.stdout
    assert "could not process the video: The video file you uploaded could not be processed" in failed.stdout
    assert "post it again as a new post" in failed.stdout
    assert fb("--json", "post", "list", "--status", "processing").json()["data"] == []
    assert len(page_posts()) == 2  # nothing was sent twice while asking


def test_analytics_pull_on_text_photo_and_video_posts(fb):
    from psn.sandbox.facebook import seed_fan_comment

    text = post(fb, "-t", "Plain words")
    photo = post(fb, "-t", "A picture", "-m", str(fb.files / "a.jpg"))
    video = post(fb, "-t", "A clip", "-m", str(fb.files / "clip.mp4"))
    assert fb("sandbox", "advance", "30m").exit_code == 0
    assert fb("--json", "post", "status", str(video["id"])).json()["data"]["status"] == "published"
    video_post = page_posts()  # the Page post that carries the video holds its comments
    carrier = next(p["id"] for p in video_post.values() if p.get("video") == video["platform_post_id"])
    seed_fan_comment(world(), carrier, "Loved the clip")
    seed_fan_comment(world(), text["platform_post_id"], "Agreed")

    pulled = fb("--json", "analytics", "pull", "-p", "facebook")
    assert pulled.exit_code == 0, pulled.stdout + pulled.stderr
    [facebook] = pulled.json()["data"]["platforms"]
    assert (facebook["measured"], facebook["error"], facebook["notes"]) == (3, None, [])
    snapshots = {row["id"]: fb("--json", "analytics", "show", str(row["id"])).json()["data"]["snapshots"][-1]
                 for row in (text, photo, video)}
    assert snapshots[video["id"]]["comments"] == 1 and snapshots[text["id"]]["comments"] == 1
    assert all(s["views"] > 0 for s in snapshots.values())

    # Graph v22 has no "views" metrics: those two are refused, the rest is stored, said once.
    assert fb("config", "set", "facebook.graph_version", "v22.0").exit_code == 0
    assert fb("sandbox", "advance", "1h").exit_code == 0
    older = fb("analytics", "pull", "-p", "facebook")
    assert older.exit_code == 0, older.stdout + older.stderr
    assert older.stdout.count("refused the insights metric(s) post_media_view, post_total_media_view_unique") == 1
    assert "psn config set facebook.graph_version v26.0" in older.stdout
    latest = fb("--json", "analytics", "show", str(text["id"])).json()["data"]["snapshots"]
    assert len(latest) == 2 and latest[-1]["clicks"] > 0 and latest[-1]["comments"] == 1


def test_an_ended_graph_version_is_named_with_its_fix(fb):
    post(fb, "-t", "Before the change")
    assert fb("config", "set", "facebook.graph_version", "v20.0").exit_code == 0  # ended 2026-09-24
    fix = "psn config set facebook.graph_version v26.0"

    doctor = fb("--json", "doctor").json()["data"]["graph_api"]
    assert doctor["ok"] is False and any(fix in w and "v20.0 stopped" in w for w in doctor["warnings"])
    refused = fb("--json", "post", "-p", "facebook", "-t", "On an old version", "--yes")
    assert refused.exit_code == 3 and fix in refused.json()["error"]["hint"]
    assert [p["message"] for p in page_posts().values()] == ["Before the change"]

    pulled = fb("analytics", "pull", "-p", "facebook")  # psn calls; Facebook answers #2635
    assert pulled.exit_code == 3, pulled.stdout + pulled.stderr
    assert "code 2635" in pulled.stderr + pulled.stdout and fix in pulled.stderr

    world().inject("facebook", path="/insights", status=400, body={"error": {
        "message": "(#2635) You are calling a deprecated version of the Graph API. Please update to the latest "
                   "version: v27.0.", "type": "OAuthException", "code": 2635, "fbtrace_id": "AbC"}})
    assert fb("config", "set", "facebook.graph_version", "v26.0").exit_code == 0
    named = fb("--json", "analytics", "pull", "-p", "facebook", "--all")
    assert named.exit_code == 3 and "facebook.graph_version v27.0" in named.json()["error"]["hint"]


def test_at_schedules_natively_inside_facebooks_window(fb):
    for when, fragment in (("in 5m", "at least 10 minutes"), ("in 40d", "at most 30 days")):
        refused = fb("--json", "post", "-p", "facebook", "-t", f"Refused {when}", "--at", when, "--yes")
        assert refused.exit_code == 2 and fragment in refused.json()["error"]["message"], refused.stdout
    assert page_posts() == {} and fb("--json", "post", "list").json()["data"] == []

    shown = fb("post", "-p", "facebook", "-t", "See you later", "--at", "in 2h", "--yes")
    assert shown.exit_code == 0, shown.stdout + shown.stderr
    assert "scheduled for" in shown.stdout and "on facebook" in shown.stdout and "✓" not in shown.stdout
    assert "daemon" not in shown.stdout  # Facebook publishes it; psn's daemon is not needed
    [stored] = page_posts().values()
    assert stored["published"] is False and stored["scheduled"]
    [row] = fb("--json", "post", "list").json()["data"]
    assert row["status"] == "scheduled" and row["scheduled_at"] and row["platform_post_id"] == stored["id"]
    cancel = fb("--json", "post", "cancel", str(row["id"]))
    assert cancel.exit_code == 2 and "scheduled on facebook itself" in cancel.json()["error"]["message"]

    assert fb("sandbox", "advance", "3h").exit_code == 0
    tick = fb("daemon", "run", "--once", "--job", "publish_due")  # psn's scheduler never sends it again
    assert tick.exit_code == 0 and len(page_posts()) == 1
    live = fb("--json", "post", "status", str(row["id"])).json()["data"]
    assert live["status"] == "published" and live["published_at"] == row["scheduled_at"]

    # A draft psn wrote, approved later with --at, is scheduled on Facebook the same way.
    assert fb("setup", "voice", "--archetype", "educator", "--pillar", "shipping software").exit_code == 0
    saved = fb("--json", "post", "why small teams ship faster", "-p", "facebook", "--yes")
    assert saved.exit_code == 7, saved.stdout
    [draft] = fb("--json", "post", "list", "--status", "draft").json()["data"]
    approved = fb("post", "approve", str(draft["id"]), "--at", "in 3h", "--yes")
    assert approved.exit_code == 0 and "on facebook" in approved.stdout, approved.stdout + approved.stderr
    assert sorted(p["published"] for p in page_posts().values()) == [False, True]
