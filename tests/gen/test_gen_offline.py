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


def test_every_answer_says_it_is_offline():
    assert post("x", "single")["note"] == OFFLINE_NOTE
    assert "no language model" in OFFLINE_NOTE


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


def test_budget_is_respected_for_a_single_post():
    long_idea = " ".join(["This is one more sentence about testing."] * 30)
    answer = post("x", "single", idea=long_idea)
    assert len(answer["text"]) <= 280


def test_replies_quote_the_post_and_follow_the_style():
    answer = ask({"task": "reply", "post": {"text": "Ship small changes daily. It works.", "author": "Grace Hopper"},
                  "voice": {"reply_style": "curious"}, "count": 2, "limit": 280})
    assert len(answer["options"]) == 2
    assert all("Ship small changes daily" in option for option in answer["options"])


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
