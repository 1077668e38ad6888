"""Near-duplicate detection against recently published posts."""

from datetime import UTC, datetime, timedelta

from psn.generate.duplicates import find_near_duplicates, similarity
from psn.generate.models import RecentPost

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

POST = "Flaky tests usually come from shared state between tests, not from timing issues."


def test_similarity_ignores_case_punctuation_links_tags_and_numbering():
    assert similarity(POST, POST.upper() + " #testing https://x.co/abc") == 1.0
    assert similarity("1/3 " + POST, POST) == 1.0
    assert similarity(POST, "My cat likes to sit in the sun all afternoon.") < 0.5


def test_small_rewording_is_a_near_duplicate():
    reworded = "Flaky tests usually come from shared state between tests, not from timing problems."
    assert similarity(POST, reworded) >= 0.8


def test_only_same_platform_within_the_window_is_flagged():
    recent = [
        RecentPost(platform="x", text=POST, published_at=NOW - timedelta(days=2), ref="1700"),
        RecentPost(platform="linkedin", text=POST, published_at=NOW - timedelta(days=1), ref="urn:li:share:1"),
        RecentPost(platform="x", text=POST, published_at=NOW - timedelta(days=9), ref="old"),
        RecentPost(platform="x", text="Something else entirely, about cooking pasta.", published_at=NOW, ref="2"),
    ]
    matches = find_near_duplicates(POST + "!", "x", recent, now=NOW, window_days=7, threshold=0.8)
    assert [m.ref for m in matches] == ["1700"]
    assert matches[0].similarity == 1.0 and matches[0].text == POST


def test_empty_texts_are_never_duplicates():
    assert similarity("", POST) == 0.0
    assert find_near_duplicates("", "x", [RecentPost(platform="x", text="", published_at=NOW)], now=NOW) == []
