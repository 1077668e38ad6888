"""`psn post` to several platforms at once, through the real pipeline (X emulator plus stand-ins):
native shapes per platform, partial failure, and video formats waiting for their recording."""

from post_helpers import IDEA, sandbox_ctx, write_and_approve, x_posts


def stored_outputs():
    from psn.generate.drafts import list_drafts

    return {o.platform: o for o in list_drafts(sandbox_ctx().db)[0].outputs}


def test_one_idea_three_platforms_each_in_its_own_shape(stand_ins, tmp_path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"mp4")
    approvals = write_and_approve(stand_ins["cli"], IDEA, "-p", "x", "-p", "linkedin", "-p", "tiktok", "--media",
                                  str(clip))
    assert [a.json()["data"]["status"] for a in approvals] == ["published"] * 3
    outputs = stored_outputs()
    assert {p: o.format for p, o in outputs.items()} == {"x": "thread", "linkedin": "post", "tiktok": "video"}
    assert stand_ins["linkedin"].sent[0].text.startswith("Most flaky tests")
    tiktok = stand_ins["tiktok"].sent[0]
    assert tiktok.format == "video" and tiktok.media[0].kind == "video"
    assert len(x_posts()) == 1 + len(outputs["x"].body.parts)


def test_one_platform_failing_leaves_the_other_out_and_retry_finishes_it(stand_ins):
    stand_ins["linkedin"].refuse = True
    x, linkedin = write_and_approve(stand_ins["cli"], IDEA, "-p", "x", "-p", "linkedin")
    assert x.exit_code == 0 and len(x_posts()) >= 2
    assert linkedin.exit_code == 4 and stored_outputs()["linkedin"].status == "failed"
    stand_ins["linkedin"].refuse = False
    failed_id = stored_outputs()["linkedin"].publish_ref
    retried = stand_ins["cli"]("--sandbox", "--json", "post", "retry", str(failed_id))
    assert retried.exit_code == 0 and retried.json()["data"]["status"] == "published"


def test_video_without_media_waits_for_the_recording_then_finish_publishes(stand_ins, tmp_path):
    cli = stand_ins["cli"]
    result = _post(stand_ins, IDEA, "-p", "tiktok", "--format", "video", expect=7)
    [waiting] = result.json()["error"]["details"]["saved"]
    assert waiting["waiting_for_media"] and stored_outputs()["tiktok"].body.script.beats
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
    assert sent.media[0].path.name == "take1.mp4" and sent.text == waiting["text"]
    assert cli("--sandbox", "post", "finish", str(waiting["id"]), "--media", str(video), "--yes").exit_code == 2


def test_finish_can_schedule(stand_ins, tmp_path):
    cli = stand_ins["cli"]
    waiting = _post(stand_ins, IDEA, "-p", "tiktok", expect=7).json()["error"]["details"]["saved"][0]
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
