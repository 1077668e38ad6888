"""An Instagram draft draws its hashtags from the pool (best first, tags the idea names first of all);
other platforms' drafts do not."""

from __future__ import annotations

import pytest

from psn.store.instagram_tables import upsert_pool

from .helpers import IG_USER, NOW

IDEA = "Three ways to tame slow integration suites with pytest markers."


@pytest.fixture
def posting(cli):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    assert cli("--sandbox", "setup", "voice", "--archetype", "educator", "--pillar", "python testing").exit_code == 0
    from psn.cli.state import ctx, current

    current().sandbox = True
    upsert_pool(ctx().db.engine, IG_USER, [("bestpooltag", "own_posts", 10000), ("secondpooltag", "own_posts", 8000),
                                           ("pytest", "search", 1000), ("thirdpooltag", "manual", 5000),
                                           ("fourthpooltag", "own_posts", 400), ("lastpooltag", "own_posts", 300)], NOW)
    return cli


def hashtags_of(result, platform):
    assert result.exit_code == 0, result.stdout + result.stderr
    data = result.json()["data"]
    [draft] = [d for d in data["drafts"] if d["platform"] == platform]
    return draft["body"]["hashtags"]


def test_a_generated_instagram_draft_draws_from_the_pool(posting):
    result = posting("--sandbox", "--json", "post", IDEA, "-p", "instagram", "-p", "x", "--dry-run")
    # Five per post (the persona): the pool tag the idea names, the pillar, then the pool best first.
    assert hashtags_of(result, "instagram") == ["pytest", "pythontesting", "bestpooltag", "secondpooltag",
                                                "thirdpooltag"]
    assert not {"bestpooltag", "secondpooltag"} & set(hashtags_of(result, "x"))  # the pool is Instagram's


def test_voice_preview_uses_the_pool_too(posting):
    result = posting("--sandbox", "--json", "voice", "preview", IDEA, "-p", "instagram")
    assert "bestpooltag" in hashtags_of(result, "instagram")


def test_a_removed_tag_is_not_offered(posting):
    assert posting("--sandbox", "hashtags", "remove", "bestpooltag").exit_code == 0
    result = posting("--sandbox", "--json", "post", IDEA, "-p", "instagram", "--dry-run")
    assert "bestpooltag" not in hashtags_of(result, "instagram")
    assert "fourthpooltag" in hashtags_of(result, "instagram")
