"""Format auto-pick and the reasons it gives."""

from pathlib import Path

import pytest

from psn.core.errors import BadInput
from psn.generate.picker import (
    FormatStats,
    MediaSummary,
    PickInput,
    check_format_choice,
    pick_format,
    summarise_media,
)
from psn.voice.profile import PlatformPersona

LIST_IDEA = "Three habits. Write tests first. Keep functions short. Delete dead code."


def test_media_summary_from_files_and_unknown_kinds():
    assert summarise_media([Path("a.JPG"), Path("b.png"), Path("c.mp4")]) == MediaSummary(images=2, videos=1)
    with pytest.raises(BadInput, match="kind of media"):
        summarise_media([Path("notes.pdf")])


def test_video_becomes_reel_or_tiktok_video():
    video = MediaSummary(videos=1)
    assert pick_format(PickInput("instagram", "A demo", video)).format == "reel"
    tiktok = pick_format(PickInput("tiktok", "A demo", video))
    assert tiktok.format == "video" and "video" in tiktok.reason


def test_images_become_carousel_or_photo():
    assert pick_format(PickInput("instagram", "Pics", MediaSummary(images=3))).format == "carousel"
    assert pick_format(PickInput("instagram", "Pic", MediaSummary(images=1))).format in ("image", "story")
    assert pick_format(PickInput("tiktok", "Pics", MediaSummary(images=2))).format == "photo"


def test_no_media_list_idea_becomes_carousel_and_plain_idea_a_script():
    carousel = pick_format(PickInput("instagram", LIST_IDEA))
    assert carousel.format == "carousel" and "points" in carousel.reason
    reel = pick_format(PickInput("instagram", "One thought."))
    assert reel.format == "reel" and "script" in reel.reason
    assert pick_format(PickInput("tiktok", "One thought.")).format == "video"


def test_x_long_idea_becomes_thread_with_reason():
    pick = pick_format(PickInput("x", "word " * 80))
    assert pick.format == "thread"
    assert "over 280" in pick.reason
    single = pick_format(PickInput("x", "Short and sweet."))
    assert single.format == "single" and "fits" in single.reason


def test_persona_preference_breaks_ties():
    persona = PlatformPersona(preferred_formats=["thread"])
    assert pick_format(PickInput("x", LIST_IDEA, persona=persona)).format == "thread"
    assert pick_format(PickInput("x", LIST_IDEA)).format == "single"


def test_history_wins_when_there_is_enough_of_it():
    history = {"carousel": FormatStats(posts=5, average_score=120), "reel": FormatStats(posts=8, average_score=300)}
    pick = pick_format(PickInput("instagram", LIST_IDEA, history=history))
    assert pick.format == "reel"
    assert "done best for you" in pick.reason and "300" in pick.reason
    thin = {"carousel": FormatStats(posts=1, average_score=999), "reel": FormatStats(posts=8, average_score=10)}
    assert pick_format(PickInput("instagram", LIST_IDEA, history=thin)).format == "carousel"


def test_single_format_platforms_say_so():
    pick = pick_format(PickInput("linkedin", "Anything"))
    assert pick.format == "post" and "linkedin" in pick.reason


def test_format_override_must_exist_and_fit_the_media():
    assert check_format_choice("instagram", "carousel", MediaSummary(images=2)).name == "carousel"
    with pytest.raises(BadInput, match="no 'thread' format"):
        check_format_choice("instagram", "thread", MediaSummary())
    with pytest.raises(BadInput, match="cannot use 1 video"):
        check_format_choice("instagram", "carousel", MediaSummary(videos=1))
    with pytest.raises(BadInput, match="cannot write for"):
        check_format_choice("myspace", "post", MediaSummary())
