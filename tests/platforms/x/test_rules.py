from hypothesis import given
from hypothesis import strategies as st

from psn.platforms.x.rules import URL_WEIGHT, cashtags, weighted_length

ascii_words = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126).filter(lambda c: c not in "./:"),
                      max_size=200)


@given(ascii_words)
def test_ascii_weighs_one_per_char(text):
    assert weighted_length(text) == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=100))
def test_cjk_weighs_two(text):
    assert weighted_length(text) == 2 * len(text)


@given(ascii_words, ascii_words)
def test_concatenation_is_additive_for_plain_text(a, b):
    assert weighted_length(a + " " + b) == weighted_length(a) + 1 + weighted_length(b)


@given(st.integers(min_value=1, max_value=300))
def test_any_url_weighs_23(n):
    assert weighted_length("https://example.com/" + "a" * n) == URL_WEIGHT


def test_examples():
    assert weighted_length("Shipping v2 today 🚀") == 18 + 2
    assert weighted_length("👩‍💻") == 2  # a ZWJ sequence is one emoji
    assert weighted_length("👍🏽") == 2  # skin tone modifier
    assert weighted_length("read https://x.com/a/very/long/path now") == 5 + 23 + 4
    assert cashtags("$AAPL and $TSLA but not a$b") == ["$AAPL", "$TSLA"]
