"""Length counters as generation uses them: X's weighted length (the platform layer's, checked
here against the cases drafts hit), UTF-16 units, hashtags and mentions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.generate.counting import hashtags_in, mentions_in, utf16_length, x_weighted_length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello world", 11),
        ("", 0),
        ("café", 4),  # Latin-1 supplement weighs 1
        ("日本語", 6),  # CJK weighs 2
        ("한국어", 6),
        ("see https://example.com/a/very/long/path?with=query", 4 + 23),
        ("two https://a.io and www.example.org/x", 4 + 23 + 5 + 23),
        ("example.com is a bare domain", 23 + 17),
        ("node.js is not a url", 20),
        ("🚀", 2),
        ("👍🏽", 2),  # skin tone is part of the emoji
        ("👨‍👩‍👧‍👦", 2),  # a ZWJ family is one emoji
        ("🇫🇷", 2),  # a flag is a pair of regional indicators
        ("🇫🇷🇩🇪", 4),
        ("❤️", 2),  # with variation selector
        ("5 apples", 8),  # a digit is not a keycap
        ("a—b “quoted”", 12),  # general punctuation weighs 1
        ("→", 2),  # arrows are outside the light ranges
    ],
)
def test_x_weighted_length_examples(text, expected):
    assert x_weighted_length(text) == expected


def test_x_weighted_length_normalises_to_nfc():
    assert x_weighted_length("cafe\u0301") == x_weighted_length("café") == 4


PRINTABLE_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E, blacklist_characters="./:")


@given(st.text(alphabet=PRINTABLE_ASCII, max_size=400))
def test_ascii_without_urls_counts_one_per_character(text):
    assert x_weighted_length(text) == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=200))
def test_cjk_counts_two_per_character(text):
    assert x_weighted_length(text) == 2 * len(text)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=120)


@given(WORDS, WORDS)
def test_weighted_length_is_additive_for_plain_words(a, b):
    assert x_weighted_length(a + " " + b) == x_weighted_length(a) + 1 + x_weighted_length(b)


@given(st.text(max_size=300))
def test_weighted_length_bounds(text):
    # never more than 2 per code point (URLs aside, which need "." and so are excluded here)
    if "." not in text:
        assert 0 <= x_weighted_length(text) <= 2 * len(text)


@given(st.text(max_size=300))
def test_utf16_length_matches_encoding(text):
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2
    assert utf16_length(text) >= len(text)


@given(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True), max_size=10))
def test_hashtags_found_in_order(tags):
    text = " ".join(f"#{tag}" for tag in tags)
    assert hashtags_in(text) == tags


def test_hashtag_and_mention_edges():
    assert hashtags_in("#1 is not a tag, #a1 is; an&#39;entity is not; x#y is not") == ["a1"]
    assert mentions_in("ping @ada and @bob_b, not me@example.com") == ["ada", "bob_b"]
