"""The refresh ranks the hashtags of the creator's measured Instagram posts into the pool."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn.core.clock import FixedClock
from psn.core.errors import NotConfigured
from psn.hashtags.pool import add_tags, remove_tag, show_pool, top_tags
from psn.hashtags.refresh import refresh_pool, search_score_bp, to_basis_points
from psn.platforms.instagram.models import IGMedia
from psn.store.instagram_tables import stale_pool

from .helpers import IG_USER, NOW, connect_instagram, measure, publish


@pytest.fixture
def app():
    from psn.context import AppContext

    return AppContext.create(clock=FixedClock(NOW))


@pytest.fixture
def account(app):
    return connect_instagram(app)


def pool(app):
    return [(e.hashtag, e.source, e.score_bp) for e in show_pool(app).entries]


def test_tags_rank_by_the_weighted_engagement_of_the_posts_that_used_them(app, account):
    # Weights: like 2, comment 4, save 4, view 1 (the analytics defaults).
    measure(app, publish(app, account, "Morning #coffee #Latte", age_days=3), like=100)  # 200
    measure(app, publish(app, account, "Evening #coffee", age_days=2), like=25, comment=10, view=10)  # 100
    measure(app, publish(app, account, "Calm #tea", age_days=1), like=200, save=100)  # 800
    result = refresh_pool(app)
    assert (result.posts, result.own_posts, result.dropped) == (3, 3, 0)
    # tea 800 used once → 400; coffee (200 + 100) / 2 = 150; latte 200 used once → 100.
    assert pool(app) == [("tea", "own_posts", 10000), ("coffee", "own_posts", 3750), ("latte", "own_posts", 2500)]
    assert show_pool(app).entries[0].refreshed_at == NOW
    assert not stale_pool(app.db.engine, IG_USER, NOW - timedelta(days=7))


def test_unmeasured_posts_other_platforms_and_failed_posts_do_not_count(app, account):
    measure(app, publish(app, account, "Measured #coffee"), like=10)
    publish(app, account, "Too fresh to be measured #matcha", age_days=0)
    publish(app, account, "Never went out #decaf", status="failed")
    measure(app, publish(app, None, "On X #espresso", platform="x"), platform="x", like=500)
    other = connect_instagram(app, user_id="17841400000000999")
    measure(app, publish(app, other, "Another account #chai"), like=900)
    assert refresh_pool(app).posts == 1
    assert pool(app) == [("coffee", "own_posts", 10000)]


def test_a_post_measured_at_zero_still_counts(app, account):
    measure(app, publish(app, account, "Quiet #monday", age_days=2))  # snapshot, no growth
    measure(app, publish(app, account, "Loud #friday"), like=50)
    refresh_pool(app)
    assert pool(app) == [("friday", "own_posts", 10000), ("monday", "own_posts", 0)]


def test_a_later_refresh_drops_tags_that_no_longer_rank_but_keeps_manual_and_removed_ones(app, account):
    first = publish(app, account, "Old #coffee #latte", age_days=5)
    measure(app, first, like=10)
    add_tags(app, ["#Slowliving"])
    refresh_pool(app)
    remove_tag(app, "latte")
    with app.db.engine.begin() as conn:  # the old post leaves the analytics (e.g. deleted by the creator)
        from sqlalchemy import text

        conn.execute(text("UPDATE published_content SET status = 'deleted' WHERE id = :i"), {"i": first})
    measure(app, publish(app, account, "New #tea #latte"), like=40)
    result = refresh_pool(app, now=NOW + timedelta(days=7))
    assert result.dropped == 1  # coffee; latte stays removed although the new post uses it
    assert pool(app) == [("tea", "own_posts", 10000), ("slowliving", "manual", 5000)]


def test_a_manual_tag_your_posts_use_gets_their_score_and_stays_manual(app, account):
    add_tags(app, ["coffee"])
    measure(app, publish(app, account, "Cup #coffee #tea"), like=10)
    refresh_pool(app)
    assert pool(app) == [("coffee", "manual", 10000), ("tea", "own_posts", 10000)]


def test_nothing_measured_leaves_the_pool_as_it_was(app, account):
    add_tags(app, ["coffee"])
    publish(app, account, "Not measured yet #tea")
    result = refresh_pool(app)
    assert (result.posts, result.own_posts) == (0, 0)
    assert pool(app) == [("coffee", "manual", 5000)]
    assert stale_pool(app.db.engine, IG_USER, NOW)  # still due: the daemon tries again next week


def test_the_rest_of_psn_sees_no_pool_without_instagram(app):
    with pytest.raises(NotConfigured) as err:
        refresh_pool(app)
    assert "psn setup instagram" in (err.value.hint or "")
    assert top_tags(app) == []


def test_top_tags_are_the_best_first_and_bounded(app, account):
    for n in range(35):
        measure(app, publish(app, account, f"Post {n} #tag{n:02d}", age_days=n + 1), like=n + 1)
    refresh_pool(app)
    tags = top_tags(app)
    assert len(tags) == 30 and tags[0] == "tag34" and "tag00" not in tags


def test_scores_are_relative_to_the_best_tag():
    assert to_basis_points([("a", 8.0), ("b", 2.0), ("c", 0.0)]) == [("a", 10000), ("b", 2500), ("c", 0)]
    assert to_basis_points([("a", 0.0)]) == [("a", 0)]
    assert to_basis_points([]) == []


def test_a_searched_tag_scores_on_a_log_scale_below_your_best_tag():
    def media(interactions):
        return [IGMedia(id=str(n), like_count=i, comments_count=0) for n, i in enumerate(interactions)]

    assert search_score_bp([]) == 0
    assert search_score_bp(media([99, 101])) == 1670  # mean 100
    assert search_score_bp(media([10_000])) == 3333
    assert search_score_bp(media([5_000_000])) == 5000  # capped: popular is not proven with your audience
    assert search_score_bp(media([10])) < search_score_bp(media([1000])) < search_score_bp(media([100_000]))
