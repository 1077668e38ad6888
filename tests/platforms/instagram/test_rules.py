"""Instagram's counters and the hashtag-search budget, with property tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from psn.platforms.instagram import rules

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=12)
PLAIN = st.text(alphabet="abcdefghij klmnop,.!?\n", max_size=40)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@given(st.lists(WORD, max_size=40), PLAIN)
def test_every_inserted_hashtag_is_counted(tags, filler):
    text = filler + " " + " ".join(f"#{t}" for t in tags)
    assert rules.hashtags(text) == tags
    assert rules.check_caption(text).hashtags == len(tags)


@given(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True), max_size=30), PLAIN)
def test_every_inserted_mention_is_counted(names, filler):
    text = filler + " " + " ".join(f"@{n}" for n in names)
    assert rules.mentions(text) == names


def test_emails_urls_and_entities_are_not_tags():
    text = "write to me@example.com, see https://x.com/#anchor and &#39; but #real @real.user"
    assert rules.hashtags(text) == ["real"]
    assert rules.mentions(text) == ["real.user"]


@given(st.integers(0, 2600), st.integers(0, 40), st.integers(0, 30))
def test_caption_problems_name_exactly_the_broken_limits(length, tags, mentions):
    check = rules.CaptionCheck(length, tags, mentions)
    broken = {what for what, _, _ in check.problems()}
    assert ("characters" in broken) == (length > 2200)
    assert ("hashtags" in broken) == (tags > 30)
    assert ("@mentions" in broken) == (mentions > 20)


def test_feed_aspect_ratio_edges():
    assert rules.aspect_ok_for_feed(1080, 1350)  # 4:5
    assert rules.aspect_ok_for_feed(1910, 1000)  # 1.91:1
    assert not rules.aspect_ok_for_feed(1080, 1920)  # 9:16 is a story, not a feed image
    assert not rules.aspect_ok_for_feed(2000, 1000)
    assert not rules.aspect_ok_for_feed(0, 100)


def test_video_limits_and_container_counts():
    assert rules.video_limits("reel") == (3.0, 900.0, 300 * 1024 * 1024)
    assert rules.video_limits("story") == (3.0, 60.0, 100 * 1024 * 1024)
    assert rules.containers_needed("carousel", 4) == 5
    assert rules.containers_needed("reel", 1) == 1


searches = st.dictionaries(WORD, st.integers(0, 14 * 24 * 60), max_size=45)


@given(searches, WORD)
def test_hashtag_budget_never_exceeds_thirty_unique_in_seven_days(ages, tag):
    window = {name: NOW - timedelta(minutes=minutes) for name, minutes in ages.items()}
    live = {n for n, t in window.items() if t > NOW - rules.HASHTAG_WINDOW}
    assume(len(live) <= 30)  # a window psn itself kept never holds more
    decision = rules.hashtag_decision(window, tag, NOW)
    if tag in live:  # re-querying is free and does not reset the timer
        assert decision.allowed and not decision.counts and decision.used == len(live)
    else:
        assert decision.allowed == (len(live) < 30)
        assert decision.counts == decision.allowed
    assert decision.used <= 30 and decision.remaining == max(30 - decision.used, 0)
    if live:
        assert decision.resets_at == min(window[n] for n in live) + timedelta(days=7)


@given(st.lists(WORD, min_size=1, max_size=80))
def test_spending_the_budget_in_sequence_allows_exactly_thirty_new_tags(tags):
    window: dict[str, datetime] = {}
    for tag in tags:
        decision = rules.hashtag_decision(window, tag, NOW)
        if decision.counts:
            window[rules.normalise_hashtag(tag)] = NOW
    assert len(window) == min(len(set(tags)), 30)


def test_a_slot_frees_when_the_oldest_search_leaves_the_window():
    window = {f"tag{i}": NOW - timedelta(days=6, hours=23) for i in range(30)}
    assert not rules.hashtag_decision(window, "fresh", NOW).allowed
    assert rules.hashtag_decision(window, "fresh", NOW + timedelta(hours=2)).allowed


def test_own_hashtags_rank_by_mean_engagement_with_single_uses_halved():
    from psn.platforms.instagram.hashtags import rank_own_hashtags

    posts = [("#coffee #latte", 100), ("#coffee morning", 60), ("#latte #Latte", 20), ("#lucky", 150), ("none", 999)]
    assert rank_own_hashtags(posts) == [("coffee", 80.0), ("lucky", 75.0), ("latte", 60.0)]
    assert rank_own_hashtags(posts, top=1) == [("coffee", 80.0)]
