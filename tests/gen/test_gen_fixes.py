"""Automatic fixes: shorten, split into a thread, trim hashtags, drop a caption."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn.core.errors import BadInput
from psn.generate.counting import hashtags_in, x_weighted_length
from psn.generate.fixes import apply_fix, shorten_text, split_into_thread, trim_hashtags
from psn.generate.limits import limits_for
from psn.generate.models import DraftBody, Script
from tests.examples import scaled

SENTENCE = st.from_regex(r"[A-Z][a-z]{1,10}( [a-z]{1,10}){0,12}[.!?]", fullmatch=True)
SENTENCES = st.lists(SENTENCE, min_size=1, max_size=30)
UNICODE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=800)


def test_shorten_keeps_whole_sentences_when_it_can():
    text = "First sentence here. Second one is longer than the first. Third."
    assert shorten_text(text, 40, len) == "First sentence here."


def test_shorten_cuts_words_with_an_ellipsis_when_no_sentence_fits():
    result = shorten_text("one two three four five six seven", 15, len)
    assert result == "one two three…"
    assert len(result) <= 15


def test_shorten_keeps_trailing_hashtags_when_they_fit_and_drops_them_otherwise():
    text = "A first point. A second, longer point that will not fit.\n\n#python #testing"
    kept = shorten_text(text, 40, len)
    assert kept == "A first point.\n\n#python #testing"
    dropped = shorten_text(text, 20, len)
    assert dropped == "A first point."


def test_shorten_leaves_text_that_fits_alone():
    assert shorten_text("short", 280, x_weighted_length) == "short"


@settings(max_examples=scaled(150))
@given(UNICODE_TEXT, st.integers(min_value=2, max_value=300))
def test_shortened_text_always_fits(text, limit):
    assert x_weighted_length(shorten_text(text, limit, x_weighted_length)) <= limit


@settings(max_examples=scaled(100))
@given(SENTENCES)
def test_thread_parts_fit_and_keep_every_word_in_order(sentences):
    text = " ".join(sentences)
    parts = split_into_thread(text, 80, x_weighted_length, max_parts=10_000)  # the 25-part cap has its own test
    assert all(x_weighted_length(p) <= 80 for p in parts)
    words = [w for p in parts for w in re.sub(r"^\d+/\d+ ", "", p).split()]
    assert words == text.split()


def test_thread_numbers_posts_after_the_first_and_keeps_hashtags_on_the_first():
    text = ("Point one is here. " * 12).strip() + "\n\n#python"
    parts = split_into_thread(text, 100, x_weighted_length)
    assert parts[0].endswith("#python")
    assert parts[1].startswith(f"2/{len(parts)} ")
    assert not any("#python" in p for p in parts[1:])


def test_thread_too_long_even_split_is_refused():
    with pytest.raises(BadInput, match="thread"):
        split_into_thread("word " * 2000, 50, len, max_parts=5)


def test_trim_hashtags_keeps_the_first_ones_across_a_thread():
    body = DraftBody(text="Hello #a #b", parts=["More #c", "End #d #e"], hashtags=["a", "b", "c", "d", "e"])
    trimmed = trim_hashtags(body, 3)
    assert trimmed.text == "Hello #a #b"
    assert trimmed.parts == ["More #c", "End"]
    assert trimmed.hashtags == ["a", "b", "c"]


def test_apply_fix_split_turns_a_single_into_a_thread():
    limits = limits_for("x", "single")
    body = DraftBody(text="This sentence is long enough. " * 15)
    new_body, new_format = apply_fix(body, "split_into_thread", format="single", limits=limits)
    assert new_format == "thread"
    assert new_body.parts and all(x_weighted_length(p) <= 280 for p in new_body.all_posts())


def test_apply_fix_trim_uses_instagram_soft_limit():
    limits = limits_for("instagram", "image")
    tags = " ".join(f"#t{i}" for i in range(12))
    new_body, _ = apply_fix(DraftBody(text=f"Caption\n\n{tags}"), "trim_hashtags", format="image", limits=limits)
    assert len(hashtags_in(new_body.text)) == 5


def test_apply_fix_shorten_respects_personal_max_and_title():
    limits = limits_for("tiktok", "photo")
    body = DraftBody(text="Words. " * 200, title="T" * 150)
    new_body, _ = apply_fix(body, "shorten", format="photo", limits=limits, personal_max=100)
    assert len(new_body.text) <= 100
    assert len(new_body.title or "") <= 90


def test_drop_caption_moves_words_on_screen():
    limits = limits_for("instagram", "story")
    body = DraftBody(text="Words for the story", script=Script(on_screen_text=["Hook"]))
    new_body, _ = apply_fix(body, "drop_caption", format="story", limits=limits)
    assert new_body.text == ""
    assert new_body.script is not None and new_body.script.on_screen_text == ["Hook", "Words for the story"]


def test_unknown_fix_is_bad_input():
    with pytest.raises(BadInput, match="no fix"):
        apply_fix(DraftBody(text="x"), "explode", format="single", limits=limits_for("x", "single"))
