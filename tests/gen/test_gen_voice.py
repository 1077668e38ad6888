"""Voice profile model, archetypes, import heuristics, versioned storage and edit calibration."""

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError

from psn.core.errors import BadInput, NotConfigured
from psn.voice.archetypes import archetype_names, profile_from_archetype
from psn.voice.calibration import edit_stats, recent_edits, record_draft_edit
from psn.voice.importer import analyse_posts, profile_from_posts, read_posts_file, split_posts, suggest_pillars
from psn.voice.profile import PlatformPersona, ToneSliders, VoiceProfile, describe_tone
from psn.voice.store import current_voice, parse_profile, require_voice, save_profile, voice_history

PAST_POSTS = [
    "Shipped the new test runner today! Flaky tests dropped by half. #python #testing",
    "Why do flaky tests happen? Usually shared state. #testing",
    "Test runner tip: isolate the temp directory for each test 🚀 #python",
    "I can't stop thinking about test isolation. Shared state is the enemy. #testing",
    "Small functions, fewer bugs. That's the whole post.",
]


def test_profile_validation_cleans_lists_and_refuses_unknown_fields():
    profile = VoiceProfile(pillars=[" Python ", "python", "", "Testing"], avoid_words=["synergy", "Synergy"])
    assert profile.pillars == ["Python", "Testing"] and profile.avoid_words == ["synergy"]
    with pytest.raises(ValidationError):
        VoiceProfile(tone=ToneSliders(humor=11))
    with pytest.raises(ValidationError):
        VoiceProfile(personas={"myspace": PlatformPersona()})
    with pytest.raises(ValidationError):
        VoiceProfile.model_validate({"pilars": ["typo"]})
    assert PlatformPersona(signature_hashtags=["#python", "python", "AI"]).signature_hashtags == ["python", "AI"]


def test_persona_defaults_and_tone_description():
    profile = VoiceProfile()
    assert profile.persona("x") == PlatformPersona()
    lines = describe_tone(ToneSliders(formality=0, humor=9))
    assert lines == ["casual and conversational", "playful, with light humour"]
    assert describe_tone(ToneSliders(humor=5)) == ["balanced: neither formal nor casual"]


def test_archetypes_never_invent_pillars():
    assert "educator" in archetype_names()
    for name in archetype_names():
        profile = profile_from_archetype(name, ["my topic"])
        assert profile.pillars == ["my topic"] and profile.archetype == name
        assert set(profile.personas) == {"x", "linkedin", "instagram", "tiktok", "facebook"}
    with pytest.raises(BadInput, match="wizard") as caught:
        profile_from_archetype("wizard", [])
    assert "educator" in (caught.value.hint or "")


def test_split_posts_on_blank_lines_and_rulers():
    assert split_posts("one\n\ntwo\n---\nthree\n\n\n") == ["one", "two", "three"]


def test_import_heuristics():
    analysis = analyse_posts(PAST_POSTS)
    assert analysis.posts == 5
    assert analysis.pillars[0] == "test runner"  # a recurring pair outranks single words
    assert "flaky" in " ".join(analysis.pillars) or "shared state" in analysis.pillars
    assert analysis.hashtags[:2] == ["testing", "python"]
    assert analysis.emoji == "light"
    assert analyse_posts(["plain words"] * 3).emoji == "none"
    assert analyse_posts(["🚀🔥 go"] * 3).emoji == "heavy"
    assert analysis.question_rate == 0.2 and analysis.exclamation_rate == 0.2


def test_pillars_need_two_posts():
    pillars, counts = suggest_pillars(["kubernetes kubernetes kubernetes", "something else", "another thing"])
    assert pillars == [] and counts == {}


def test_profile_from_posts_sets_habits_for_the_source_platform():
    profile, analysis = profile_from_posts(PAST_POSTS, platform="x")
    assert set(profile.personas) == {"x"}
    assert profile.personas["x"].signature_hashtags == analysis.hashtags[:5]
    assert profile.style_notes[0].startswith("posts are usually about")
    with pytest.raises(BadInput, match="Unknown platform"):
        profile_from_posts(PAST_POSTS, platform="orkut")


def test_too_few_posts_is_bad_input():
    with pytest.raises(BadInput, match="at least 3") as caught:
        analyse_posts(["only one"])
    assert "--archetype" in (caught.value.hint or "")


def test_read_posts_file_text_and_json(tmp_path):
    text = tmp_path / "posts.txt"
    text.write_text("a\n\nb\n\nc")
    assert read_posts_file(text) == ["a", "b", "c"]
    export = tmp_path / "tweets.json"
    export.write_text(json.dumps(["one", {"full_text": "two"}, {"content": "three"}, {"other": 1}, 5]))
    assert read_posts_file(export) == ["one", "two", "three"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(BadInput, match="not valid JSON"):
        read_posts_file(bad)
    with pytest.raises(BadInput, match="Cannot read"):
        read_posts_file(tmp_path / "missing.txt")


def test_versions_are_kept_and_newest_is_current(db, clock):
    with pytest.raises(NotConfigured, match="no voice profile") as caught:
        require_voice(db)
    assert "psn setup voice" in (caught.value.hint or "")
    assert current_voice(db) is None
    first = save_profile(db, VoiceProfile(pillars=["a"]), "archetype", clock.now(), note="educator")
    clock.advance(minutes=5)
    second = save_profile(db, VoiceProfile(pillars=["b"]), "edit", clock.now())
    assert current_voice(db).version == second and current_voice(db).profile.pillars == ["b"]
    assert [v.version for v in voice_history(db)] == [first, second]
    assert voice_history(db)[0].note == "educator"


def test_parse_profile_names_the_bad_field():
    with pytest.raises(BadInput, match=r"tone.humor"):
        parse_profile({"tone": {"humor": 42}}, "the editor")


def test_edits_are_recorded_and_summarised(db, clock):
    assert record_draft_edit(db, platform="x", format="single", before="same", after="same", at=clock.now()) is None
    pairs = [
        ("We leverage synergy to ship fast", "We ship fast"),
        ("Let's leverage the synergy of tests", "Let's use tests"),
    ]
    for before, after in pairs:
        clock.advance(timedelta(minutes=1))
        record_draft_edit(db, platform="linkedin", format="post", before=before, after=after, at=clock.now(),
                          prompt_version_id=None)
    edits = recent_edits(db, platform="linkedin")
    assert [e.after for e in edits] == ["Let's use tests", "We ship fast"]
    stats = edit_stats(edits)
    assert stats.edits == 2 and stats.average_length_change < 0
    assert set(stats.words_removed) == {"leverage", "synergy"}
    assert edit_stats([]).edits == 0
