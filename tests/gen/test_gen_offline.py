"""The offline composer: honest, deterministic, shaped per platform, and clear about what it is."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn.core.errors import NotConfigured
from psn.llm.base import Message
from psn.llm.brief import brief_block
from psn.llm.offline import OFFLINE_NOTE, OfflineComposer
from psn.llm.offline import phrases as bank
from psn.llm.offline.posts import SHAPES
from tests.examples import scaled

IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
        "Reset globals in a fixture. Never depend on test order.")
VOICE = {"reply_style": "curious", "emoji": "none", "hashtags_per_post": 2, "avoid_words": []}


def ask(brief):
    completion = OfflineComposer().complete("", [Message("user", "Write.\n" + brief_block(brief))], 100, 0.5)
    assert completion.offline and completion.provider == "offline"
    return json.loads(completion.text)


def post(platform, format, idea=IDEA, **extra):
    brief = {"task": "post", "platform": platform, "format": format, "idea": idea, "hashtags": ["python", "testing"],
             "voice": VOICE, "limits": {"text": 280, "part": 280, "title": 90}, **extra}
    return ask(brief)


def test_every_answer_says_it_is_offline_and_exactly_what_it_added():
    note = post("x", "single")["note"]
    assert note.startswith("Written by psn's offline composer (no language model)")
    assert "It added the hashtags #python #testing" in note and "adds nothing" not in note
    assert "It added nothing." in post("x", "single", hashtags=[])["note"]
    assert "no language model" in OFFLINE_NOTE


def test_regenerating_a_post_says_only_the_added_lines_change():
    first, again = post("linkedin", "post"), post("linkedin", "post", variant=1)
    assert "Regenerated" not in first["note"] and "only what psn adds changes" in again["note"]


def test_no_call_to_follow():
    assert not any("follow" in phrase.lower() for phrase in bank.VIDEO_CLOSERS)
    for shape in (("tiktok", "video"), ("instagram", "reel")):
        assert all("Follow for more" not in post(*shape, variant=v)["text"] for v in range(4))


@pytest.mark.parametrize(("platform", "format"), sorted(SHAPES))
def test_shapes_answer_the_draft_keys(platform, format):
    answer = post(platform, format)
    assert set(answer) >= {"text", "parts", "slides", "title", "hashtags", "script", "note"}


def test_thread_has_numbered_parts_and_marker():
    answer = post("x", "thread")
    assert answer["text"].startswith("Most flaky tests") and "A short thread:" in answer["text"]
    total = len(answer["parts"]) + 1
    assert all(part.startswith(f"{i}/{total} ") for i, part in enumerate(answer["parts"], start=2))


def test_video_formats_write_a_script():
    script = post("tiktok", "video")["script"]
    assert script["hook"].startswith("Most flaky tests")
    assert script["beats"][0] == "Give every test its own temp directory."
    assert len(script["on_screen_text"]) == len(script["beats"]) + 1


def test_story_has_no_caption_and_articles_no_hashtags():
    story = post("instagram", "story")
    assert story["text"] == "" and story["hashtags"] == []
    article = post("wordpress", "article")
    assert article["title"] == "Most flaky tests come from shared state, not timing"
    assert "#" not in article["text"].replace("## ", "") and article["hashtags"] == []


def test_deterministic_and_variant_changes_phrasing():
    assert post("linkedin", "post") == post("linkedin", "post")
    closings = {post("linkedin", "post", variant=v)["text"].split("\n\n")[-2] for v in range(3)}
    assert len(closings) == 3


def test_avoided_words_never_come_from_the_phrase_bank():
    answer = post("linkedin", "post", voice={**VOICE, "avoid_words": ["take", "handle", "missing"]})
    assert not re.search(r"\b(take|handle|missing)\b", answer["text"])


PHRASE_WORDS = {
    w.lower() for group in (*bank.CLOSING_QUESTIONS.values(), bank.SAVE_PROMPTS, bank.SWIPE_PROMPTS,
                            bank.VIDEO_CLOSERS, list(bank.THREAD_MARKERS.values()))
    for phrase in group for w in re.findall(r"[\w']+", phrase)
} | {"in", "short", "over", "to", "you", "show", "it"}


@settings(max_examples=scaled(60), deadline=None)
@given(
    st.lists(st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){1,8}\.", fullmatch=True), min_size=1, max_size=6),
    st.sampled_from([*sorted(SHAPES), ("linkedin", "post"), ("wordpress", "article"), ("whatsapp", "message")]),
)
def test_never_adds_words_beyond_the_idea_and_its_fixed_phrases(sentences, shape):
    idea = " ".join(sentences)
    answer = post(*shape, idea=idea)
    written = " ".join([answer["text"], *answer["parts"], *answer["slides"], answer["title"] or ""])
    idea_words = {w.lower() for w in re.findall(r"[\w']+", idea)}
    extra = {w.lower() for w in re.findall(r"[\w']+", written)} - idea_words - PHRASE_WORDS - {"python", "testing"}
    extra = {w for w in extra if not re.fullmatch(r"\d+", w)}
    assert extra == set()


@settings(max_examples=scaled(60), deadline=None)
@given(
    st.lists(st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){1,8}\.", fullmatch=True), min_size=1, max_size=6),
    st.sampled_from([*sorted(SHAPES), ("linkedin", "post"), ("wordpress", "article"), ("whatsapp", "message")]),
    st.sampled_from(["none", "light", "heavy"]),
    st.integers(min_value=0, max_value=5),
)
def test_every_word_it_adds_is_named_in_its_note(sentences, shape, emoji, variant):
    idea = " ".join(sentences)
    answer = post(*shape, idea=idea, variant=variant, voice={**VOICE, "emoji": emoji})
    written = " ".join([answer["text"], *answer["parts"], *answer["slides"], answer["title"] or ""])
    own = set(re.findall(r"[\w']+", idea.lower()))
    added = {w for w in set(re.findall(r"[\w']+", written.lower())) - own if not w.isdigit()}  # 2/5 numbering
    assert added <= set(re.findall(r"[\w']+", answer["note"].lower()))
    symbols = {c for c in written if not c.isalnum() and not c.isspace() and c not in ".,'/…-#:"}
    assert symbols <= set(answer["note"]) | set(idea)


def test_budget_is_respected_for_a_single_post():
    long_idea = " ".join(["This is one more sentence about testing."] * 30)
    answer = post("x", "single", idea=long_idea)
    assert len(answer["text"]) <= 280


def reply(text, variant=0, author="Grace Hopper", own=(), style="curious"):
    return ask({"task": "reply", "post": {"text": text, "author": author}, "voice": {"reply_style": style},
                "count": 3, "limit": 280, "variant": variant, "own_handles": list(own)})


LONG_POST = ("@creator_jo Most flaky tests come from shared state, not timing; give every test its own temp "
             "directory and reset globals in a fixture. https://example.com/flaky #testing")


def test_a_short_post_is_never_quoted_whole():
    options = reply("Ship small changes daily. It works.")["options"]
    assert len(options) == 3 and not any("Ship small changes daily" in o for o in options)


def test_a_long_post_is_quoted_by_a_clause_never_whole_and_never_a_handle_or_link():
    options = reply(LONG_POST, own=["creator_jo"])["options"]
    assert len(options) == 3
    for option in options:
        quoted = re.findall(r"“([^”]*)”", option)
        assert all(3 <= len(q.split()) <= 8 for q in quoted)
        assert "@" not in option and "creator_jo" not in option and "http" not in option and "#" not in option


def test_the_creators_own_handle_is_never_used_as_a_name():
    for variant in range(6):
        assert not any("creator_jo" in o for o in reply(LONG_POST, variant, author="creator_jo",
                                                          own=["@creator_jo"])["options"])


def test_regenerate_gives_new_replies_until_the_bank_is_used_up_and_then_says_so():
    seen: list[str] = []
    for variant in range(4):
        answer = reply(LONG_POST, variant)
        assert not set(answer["options"]) & set(seen), f"round {variant} repeats an earlier option"
        seen += answer["options"]
        assert "no other replies" not in answer["note"]
    assert "no other replies" in reply(LONG_POST, 50)["note"]


def test_pick_format_keeps_the_rule_based_pick():
    answer = ask({"task": "pick_format", "suggested": {"format": "carousel", "reason": "4 points"}})
    assert answer["format"] == "carousel" and "rule-based" in answer["reason"]


def test_repurpose_uses_the_source_text():
    answer = ask({"task": "repurpose", "platform": "linkedin", "format": "post", "source_text": IDEA,
                  "voice": VOICE, "hashtags": [], "limits": {"text": 3000}})
    assert answer["text"].startswith("Most flaky tests")


@pytest.mark.parametrize("task", ["dance", "translate"])
def test_tasks_it_cannot_do_say_so(task):
    with pytest.raises(NotConfigured, match=task) as caught:
        ask({"task": task})
    assert "psn setup llm" in (caught.value.hint or "")


def test_free_form_prompts_are_refused():
    with pytest.raises(NotConfigured, match="psn-brief"):
        OfflineComposer().complete("", [Message("user", "Tell me a joke")], 10, 0.0)
