"""The SQLite side of the hashtag interfaces: the search window and the pool."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn.platforms.instagram import rules
from psn.store.db import open_database
from psn.store.instagram_tables import (
    SqliteHashtagBudget,
    list_pool,
    prune_pool,
    remove_from_pool,
    stale_pool,
    upsert_pool,
)

from .helpers import NOW

ACCOUNT = "17841400000000001"


@pytest.fixture
def engine(tmp_path):
    return open_database(tmp_path / "psn.db").engine


def test_the_window_is_shared_through_sqlite_and_drives_the_decision(engine):
    budget = SqliteHashtagBudget(engine)
    budget.record(ACCOUNT, "coffee", "17843853986012965", NOW - timedelta(days=8))
    budget.record(ACCOUNT, "latte", "17843853986012966", NOW - timedelta(days=2))
    budget.record("someone-else", "tea", "1", NOW)
    window = SqliteHashtagBudget(engine).window(ACCOUNT, NOW - rules.HASHTAG_WINDOW)  # another process
    assert window == {"latte": NOW - timedelta(days=2)}
    assert budget.known_id("coffee") == "17843853986012965"
    assert budget.known_id("unknown") is None
    decision = rules.hashtag_decision(window, "coffee", NOW)
    assert decision.counts and decision.used == 2 and decision.resets_at == NOW + timedelta(days=5)


def test_thirty_searches_fill_the_window(engine):
    budget = SqliteHashtagBudget(engine)
    for n in range(30):
        budget.record(ACCOUNT, f"t{n}", str(n), NOW - timedelta(hours=n))
    window = budget.window(ACCOUNT, NOW - rules.HASHTAG_WINDOW)
    assert not rules.hashtag_decision(window, "new", NOW).allowed
    assert rules.hashtag_decision(window, "t3", NOW).allowed


def test_the_pool_keeps_manual_entries_and_refreshes_scores(engine):
    upsert_pool(engine, ACCOUNT, [("#Coffee", "manual", 0)], NOW)
    upsert_pool(engine, ACCOUNT, [("coffee", "own_posts", 8200), ("latte", "own_posts", 5100)], NOW,
                hashtag_ids={"latte": "99"})
    pool = list_pool(engine, ACCOUNT)
    assert [(p["hashtag"], p["source"], p["score_bp"], p["hashtag_id"]) for p in pool] == [
        ("coffee", "manual", 8200, None), ("latte", "own_posts", 5100, "99")]
    assert pool[0]["refreshed_at"] == NOW
    assert SqliteHashtagBudget(engine).known_id("latte") == "99"
    assert not stale_pool(engine, ACCOUNT, NOW - timedelta(days=7))
    assert stale_pool(engine, ACCOUNT, NOW + timedelta(days=1))
    assert remove_from_pool(engine, ACCOUNT, "#latte", NOW) and not remove_from_pool(engine, ACCOUNT, "latte", NOW)
    with pytest.raises(ValueError):
        upsert_pool(engine, ACCOUNT, [("x", "scraped", 1)], NOW)


def test_a_removed_tag_stays_removed_until_added_again(engine):
    upsert_pool(engine, ACCOUNT, [("coffee", "own_posts", 9000), ("latte", "own_posts", 4000)], NOW)
    assert remove_from_pool(engine, ACCOUNT, "coffee", NOW)
    upsert_pool(engine, ACCOUNT, [("coffee", "own_posts", 9500)], NOW + timedelta(days=7))  # the weekly refresh
    assert [p["hashtag"] for p in list_pool(engine, ACCOUNT)] == ["latte"]
    upsert_pool(engine, ACCOUNT, [("coffee", "manual", 5000)], NOW + timedelta(days=8), restore=True)
    assert [(p["hashtag"], p["source"]) for p in list_pool(engine, ACCOUNT)] == [("coffee", "manual"),
                                                                                  ("latte", "own_posts")]


def test_prune_forgets_tags_that_left_the_ranking_but_keeps_removals_and_other_sources(engine):
    upsert_pool(engine, ACCOUNT, [("a", "own_posts", 1), ("b", "own_posts", 2), ("c", "own_posts", 3),
                                  ("m", "manual", 4), ("s", "search", 5)], NOW)
    remove_from_pool(engine, ACCOUNT, "c", NOW)
    assert prune_pool(engine, ACCOUNT, "own_posts", ["b"]) == 1  # a goes; c stays as a removal marker
    assert sorted(p["hashtag"] for p in list_pool(engine, ACCOUNT)) == ["b", "m", "s"]
    upsert_pool(engine, ACCOUNT, [("c", "own_posts", 9)], NOW)
    assert "c" not in [p["hashtag"] for p in list_pool(engine, ACCOUNT)]
    assert prune_pool(engine, ACCOUNT, "own_posts", []) == 1  # b
