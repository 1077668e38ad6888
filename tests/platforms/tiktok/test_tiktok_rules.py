"""TikTok's limits as data: the chunk plan under both readings of "MB", UTF-16 counting, privacy names."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.core.errors import BadInput
from psn.platforms.tiktok import rules

SIZES = st.integers(min_value=1, max_value=rules.MAX_VIDEO_BYTES)
CHUNKS = st.integers(min_value=rules.MIN_CHUNK, max_value=rules.MAX_CHUNK)


@given(size=SIZES, preferred=CHUNKS)
def test_every_plan_follows_the_contract(size, preferred):
    plan = rules.plan_chunks(size, preferred)
    assert plan.total_chunk_count == size // plan.chunk_size  # the floor rule (contracts B2.7, C-20)
    assert 1 <= plan.total_chunk_count <= rules.MAX_CHUNKS
    spans = list(plan.spans())
    assert spans[0][0] == 0 and spans[-1][1] == size - 1
    assert all(prev[1] + 1 == nxt[0] for prev, nxt in itertools.pairwise(spans))
    lengths = [last - first + 1 for first, last in spans]
    if plan.total_chunk_count == 1:
        assert plan.chunk_size == size and size <= rules.MAX_CHUNK
    else:
        # 5 MiB ≤ chunk ≤ 64,000,000 holds whether "MB" means 10^6 or 2^20
        assert all(length == plan.chunk_size for length in lengths[:-1])
        assert rules.MIN_CHUNK <= plan.chunk_size <= rules.MAX_CHUNK
        assert plan.chunk_size <= lengths[-1] <= rules.MAX_FINAL_CHUNK


@given(size=SIZES, preferred=CHUNKS, data=st.data())
def test_index_of_finds_only_chunk_starts(size, preferred, data):
    plan = rules.plan_chunks(size, preferred)
    index = data.draw(st.integers(min_value=0, max_value=plan.total_chunk_count - 1))
    assert plan.index_of(plan.span(index)[0]) == index
    assert plan.index_of(plan.span(index)[0] + 1) is None


def test_the_documented_worked_example():
    # contracts B2.7: 50,000,123 bytes in 10,000,000-byte chunks → 5 chunks, the last 10,000,123 bytes
    plan = rules.plan_chunks(50_000_123, 10_000_000)
    assert (plan.chunk_size, plan.total_chunk_count) == (10_000_000, 5)
    assert plan.span(4) == (40_000_000, 50_000_122)


def test_small_and_just_over_64mb_files():
    assert rules.plan_chunks(1_000).total_chunk_count == 1
    over = rules.plan_chunks(64_000_001)
    assert over.total_chunk_count == 2 and over.chunk_size == 32_000_000


@pytest.mark.parametrize("size", [0, rules.MAX_VIDEO_BYTES + 1])
def test_impossible_sizes_are_bad_input(size):
    with pytest.raises(BadInput):
        rules.plan_chunks(size)


@given(st.text())
def test_utf16_units_match_the_encoding(text):
    assert rules.utf16_units(text) == len(text.encode("utf-16-le")) // 2
    assert rules.utf16_units(text) >= len(text)


def test_emoji_outside_the_bmp_count_twice():
    assert rules.utf16_units("a😀") == 3


@given(st.text(min_size=rules.PHOTO_TITLE_MAX // 2 + 1, max_size=200, alphabet="😀"))
def test_photo_titles_over_90_units_are_refused(title):
    with pytest.raises(BadInput) as caught:
        rules.check_title(title, rules.PHOTO_TITLE_MAX, "photo title")
    assert caught.value.details["limit"] == 90


@pytest.mark.parametrize("given_name, expected", [
    ("public", "PUBLIC_TO_EVERYONE"), ("friends", "MUTUAL_FOLLOW_FRIENDS"), ("followers", "FOLLOWER_OF_CREATOR"),
    ("private", "SELF_ONLY"), ("self_only", "SELF_ONLY"), ("PUBLIC_TO_EVERYONE", "PUBLIC_TO_EVERYONE"),
])
def test_privacy_names(given_name, expected):
    assert rules.privacy_level(given_name) == expected


def test_unknown_privacy_is_bad_input():
    with pytest.raises(BadInput):
        rules.privacy_level("secret-club")
