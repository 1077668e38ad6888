"""`psn post` to several platforms at once, through the real pipeline (X emulator plus stand-ins):
native shapes per platform, partial failure, and video formats waiting for their recording."""

from post_helpers import IDEA, x_posts


def test_one_idea_three_platforms_each_in_its_own_shape(stand_ins, tmp_path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"mp4")
    result = _post(stand_ins, IDEA, "-p", "x", "-p", "linkedin", "-p", "tiktok", "--media", str(clip))
    data = result.json()["data"]
    formats = {d["platform"]: d["format"] for d in data["drafts"]}
    assert formats == {"x": "thread", "linkedin": "post", "tiktok": "video"}
    assert {r["platform"] for r in data["published"]} == {"x", "linkedin", "tiktok"}
    assert stand_ins["linkedin"].sent[0].text.startswith("Most flaky tests")
    tiktok = stand_ins["tiktok"].sent[0]
    assert tiktok.format == "video" and tiktok.media[0].kind == "video"
    assert len(x_posts()) == 1 + len(next(d for d in data["drafts"] if d["platform"] == "x")["body"]["parts"])


def test_one_platform_failing_is_a_partial_success(stand_ins):
    stand_ins["linkedin"].refuse = True
    result = _post(stand_ins, IDEA, "-p", "x", "-p", "linkedin", expect=6)
    error = result.json()["error"]
    assert error["kind"] == "partial_success" and "psn post retry" in error["hint"]
    assert error["details"]["failed"][0]["platform"] == "linkedin"
    assert len(x_posts()) >= 2
    stand_ins["linkedin"].refuse = False
    failed_id = error["details"]["failed"][0]["id"]
    retried = stand_ins["cli"]("--sandbox", "--json", "post", "retry", str(failed_id))
    assert retried.exit_code == 0 and retried.json()["data"]["status"] == "published"


def test_video_without_media_waits_for_the_recording_then_finish_publishes(stand_ins, tmp_path):
    cli = stand_ins["cli"]
    result = _post(stand_ins, IDEA, "-p", "tiktok", "--format", "video")
    data = result.json()["data"]
    waiting = data["awaiting_media"][0]
    assert waiting["status"] == "draft" and data["published"] == []
    assert data["drafts"][0]["awaiting_media"] and data["drafts"][0]["body"]["script"]["beats"]
    assert stand_ins["tiktok"].sent == []
    human = cli("--sandbox", "post", "show", str(waiting["id"]))
    assert "Script:" in human.stdout
    assert cli("--sandbox", "post", "finish", str(waiting["id"]), "--media", str(tmp_path / "none.mp4"),
               "--yes").exit_code == 2
    photo = tmp_path / "still.jpg"
    photo.write_bytes(b"jpg")
    wrong = cli("--sandbox", "--json", "post", "finish", str(waiting["id"]), "--media", str(photo), "--yes")
    assert wrong.exit_code == 2 and "cannot use 1 image" in wrong.json()["error"]["message"]
    video = tmp_path / "take1.mp4"
    video.write_bytes(b"mp4")
    no_tty = cli("--sandbox", "--json", "post", "finish", str(waiting["id"]), "--media", str(video))
    assert no_tty.exit_code == 2 and stand_ins["tiktok"].sent == []
    done = cli("--sandbox", "--json", "post", "finish", str(waiting["id"]), "--media", str(video), "--yes")
    assert done.exit_code == 0, done.stdout
    assert done.json()["data"]["status"] == "published"
    sent = stand_ins["tiktok"].sent[0]
    assert sent.media[0].path.name == "take1.mp4" and sent.text == data["drafts"][0]["body"]["text"]
    assert cli("--sandbox", "post", "finish", str(waiting["id"]), "--media", str(video), "--yes").exit_code == 2


def test_finish_can_schedule(stand_ins, tmp_path):
    cli = stand_ins["cli"]
    waiting = _post(stand_ins, IDEA, "-p", "tiktok").json()["data"]["awaiting_media"][0]
    assert cli("--sandbox", "post", "edit", str(waiting["id"]), "--at", "next-slot").exit_code == 2
    edited = cli("--sandbox", "--json", "post", "edit", str(waiting["id"]), "--text", "A tighter caption #testing")
    assert edited.exit_code == 0 and edited.json()["data"]["status"] == "draft"
    video = tmp_path / "take.mov"
    video.write_bytes(b"mov")
    result = cli("--sandbox", "--json", "post", "finish", str(waiting["id"]), "--media", str(video), "--at",
                 "next-slot", "--yes")
    assert result.exit_code == 0 and result.json()["data"]["status"] == "scheduled"
    assert stand_ins["tiktok"].sent == []


def test_format_option_applies_per_platform(stand_ins):
    data = _post(stand_ins, IDEA, "-p", "x", "-p", "tiktok", "--format", "x:single,tiktok:photo",
                 "--dry-run").json()["data"]
    assert {d["platform"]: d["format"] for d in data["drafts"]} == {"x": "single", "tiktok": "photo"}
    bad = stand_ins["cli"]("--sandbox", "--json", "post", IDEA, "-p", "x", "--format", "carousel", "--yes")
    assert bad.exit_code == 2


def _post(stand_ins, *args, expect=0):
    cli = stand_ins["cli"]
    result = cli("--sandbox", "--json", "post", *args, "--yes")
    assert result.exit_code == expect, result.stdout
    return result
