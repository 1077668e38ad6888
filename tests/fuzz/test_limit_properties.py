"""Property tests for every limit counter and validator that lacked one (the inventory is in
tests/fuzz/INVENTORY.md). Each validator accepts exactly up to its limit and refuses one more, in
every unit the platform counts in; counters are additive over independent pieces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from psn.core.errors import BadInput

# One token per unit each platform counts, with the weight X gives it. Tokens are joined by a
# space (weight 1) so a URL never swallows its neighbour.
X_TOKENS = {
    "ascii": ("a", 1), "latin-1": ("é", 1), "cjk": ("字", 2), "hangul": ("한", 2), "emoji": ("🚀", 2),
    "emoji+skin tone": ("👍🏽", 2), "zwj family": ("👨‍👩‍👧", 2), "flag": ("🇫🇷", 2),
    "url": ("https://example.com/x", 23), "bare domain": ("example.org", 23), "arrow": ("→", 2),
}
TOKEN = st.sampled_from(sorted(X_TOKENS))


def _x_adapter(limit: int = 280):
    from psn.platforms.x.adapter import XAdapter

    return XAdapter(client=None, max_weighted=limit)  # validate() makes no call


def _x_text(tokens: list[str]) -> tuple[str, int]:
    text = " ".join(X_TOKENS[t][0] for t in tokens)
    return text, sum(X_TOKENS[t][1] for t in tokens) + max(0, len(tokens) - 1)


@given(st.lists(TOKEN, min_size=1, max_size=60), st.lists(TOKEN, min_size=1, max_size=60))
def test_x_weight_is_additive_over_tokens(a, b):
    from psn.platforms.x.rules import weighted_length

    (first, wa), (second, wb) = _x_text(a), _x_text(b)
    assert weighted_length(first) == wa and weighted_length(second) == wb
    assert weighted_length(first + " " + second) == wa + 1 + wb


@given(st.text(alphabet="ab 字", max_size=20), st.sampled_from(["🇫🇷", "🇺🇸🇫🇷", "👍🏽", "👨‍👩‍👧"]))
def test_an_emoji_sequence_weighs_the_same_wherever_it_stands(prefix, emoji):
    """Regression: a flag after an odd number of characters used to weigh 3 instead of 2."""
    from psn.platforms.x.rules import weighted_length

    assert weighted_length(prefix + emoji) == weighted_length(prefix) + weighted_length(emoji)


@pytest.mark.parametrize("unit", sorted(X_TOKENS))
@given(limit=st.integers(min_value=30, max_value=600))
def test_x_accepts_exactly_the_limit_and_refuses_one_more_in_each_unit(unit, limit):
    from psn.platforms.base import PublishRequest

    _, weight = X_TOKENS[unit]
    text, used = _x_text([unit] * (limit // (weight + 1)))  # as many tokens (space-joined) as leave room
    fitting = "a" * (limit - used - 1) + " " + text  # padded in front (a URL never swallows it) to the limit
    adapter = _x_adapter(limit)
    adapter.validate(PublishRequest(platform="x", text=fitting))
    with pytest.raises(BadInput) as refused:
        adapter.validate(PublishRequest(platform="x", text="a" + fitting))
    assert refused.value.details["value"] == limit + 1


UTF16_TOKENS = {"bmp": ("a", 1), "accented": ("é", 1), "cjk": ("字", 1), "astral emoji": ("🚀", 2),
                "astral cjk": ("𠀀", 2)}


def _utf16_fill(unit: str, limit: int) -> str:
    token, units = UTF16_TOKENS[unit]
    return token * (limit // units) + "a" * (limit % units)


@pytest.mark.parametrize("unit", sorted(UTF16_TOKENS))
@pytest.mark.parametrize(("check", "limit"), [("commentary", 3000), ("comment", 1250)])
def test_linkedin_accepts_exactly_the_limit_in_utf16_units(unit, check, limit):
    from psn.platforms.linkedin import validate

    checker = validate.check_commentary if check == "commentary" else validate.check_comment
    checker(_utf16_fill(unit, limit))
    with pytest.raises(BadInput):
        checker(_utf16_fill(unit, limit) + "a")


@given(st.text(alphabet="abc xyz", min_size=1, max_size=30), st.integers(min_value=0, max_value=200))
def test_linkedin_mentions_count_as_the_visible_name_at_the_limit(name, padding):
    from psn.platforms.linkedin import rules, validate

    mention = f"@[{name}](urn:li:person:abc123)"
    filler = "x" * (rules.MAX_COMMENTARY - len(name) - padding)
    validate.check_commentary(mention + filler + "y" * padding)
    with pytest.raises(BadInput):
        validate.check_commentary(mention + filler + "y" * (padding + 1))


@pytest.mark.parametrize("unit", sorted(UTF16_TOKENS))
@pytest.mark.parametrize(("what", "limit"), [("video title", 2200), ("photo title", 90), ("description", 4000)])
def test_tiktok_titles_accept_exactly_the_limit_in_utf16_units(unit, what, limit):
    from psn.platforms.tiktok.rules import check_title

    check_title(_utf16_fill(unit, limit), limit, what)
    with pytest.raises(BadInput):
        check_title(_utf16_fill(unit, limit) + "a", limit, what)


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_instagram_feed_aspect_is_exactly_4_5_to_1_91_with_rounding_slack(width, height):
    from fractions import Fraction

    from psn.platforms.instagram.rules import aspect_ok_for_feed

    ratio = Fraction(width, height)
    inside = Fraction(4, 5) <= ratio <= Fraction(191, 100)
    outside = ratio < Fraction(4, 5) - Fraction(5, 1000) or ratio > Fraction(191, 100) + Fraction(5, 1000)
    if inside:
        assert aspect_ok_for_feed(width, height)
    if outside:
        assert not aspect_ok_for_feed(width, height)


@given(st.integers(min_value=-5, max_value=0), st.integers(min_value=-5, max_value=10))
def test_instagram_aspect_refuses_empty_dimensions(zero, other):
    from psn.platforms.instagram.rules import aspect_ok_for_feed

    assert not aspect_ok_for_feed(zero, other) and not aspect_ok_for_feed(other, zero)


@given(st.sampled_from(["image", "reel", "story", "carousel"]), st.integers(min_value=0, max_value=20),
       st.integers(min_value=0, max_value=20))
def test_instagram_containers_counter_is_monotone_and_additive_for_carousels(fmt, a, b):
    from psn.platforms.instagram.rules import containers_needed

    assert containers_needed(fmt, a) >= 1
    if a <= b:
        assert containers_needed(fmt, a) <= containers_needed(fmt, b)
    if fmt == "carousel":
        assert containers_needed(fmt, a + b) == containers_needed(fmt, a) + b
    else:
        assert containers_needed(fmt, a) == 1


@pytest.mark.parametrize(("kind", "limit"), [("comment", 2200)])
@given(extra_tags=st.integers(min_value=0, max_value=3))
def test_instagram_comment_limits(kind, limit, extra_tags):
    from psn.platforms.instagram.adapter import _check_comment_text

    tags = " ".join(f"#t{i}" for i in range(30))
    _check_comment_text(tags + " " + "a" * (limit - len(tags) - 1))
    with pytest.raises(BadInput):
        _check_comment_text(tags + " " + "a" * (limit - len(tags)))
    if extra_tags:
        with pytest.raises(BadInput, match="hashtags"):
            _check_comment_text(tags + "".join(f" #x{i}" for i in range(extra_tags)))


@given(st.text(alphabet="ab0-\n A_é", max_size=12) | st.text(max_size=40))
@example("launch-notes\n")  # regression: `$` let a trailing newline through
def test_wordpress_slug_is_accepted_exactly_when_it_is_lowercase_words_and_hyphens(slug):
    import re

    from psn.platforms.wordpress.rules import check_slug

    valid = bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)) or not slug
    if valid:
        check_slug(slug)
    else:
        with pytest.raises(BadInput):
            check_slug(slug)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_wordpress_title_accepts_exactly_255_characters_once_trimmed(title):
    from psn.platforms.wordpress.rules import TITLE_MAX, check_title

    trimmed = title.strip()
    if not trimmed or len(trimmed) > TITLE_MAX:
        with pytest.raises(BadInput):
            check_title(title)
    else:
        assert check_title(title) == trimmed


@given(st.integers(min_value=-3 * 86_400, max_value=3 * 86_400), st.integers(min_value=1, max_value=72))
def test_whatsapp_window_is_open_for_exactly_the_hours_after_the_last_message(seconds_ago, hours):
    from psn.platforms.whatsapp.rules import in_window

    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    last = now - timedelta(seconds=seconds_ago)
    assert in_window(last, now, hours) == (seconds_ago < hours * 3600)
    assert not in_window(None, now, hours)


@pytest.mark.parametrize("kind", ["text", "image caption"])
@given(unit=st.sampled_from(["a", "é", "字", "🚀"]))
def test_whatsapp_message_and_caption_accept_exactly_their_limit(kind, unit, tmp_path_factory):
    from psn.platforms.base import MediaItem, PublishRequest
    from psn.platforms.whatsapp import adapter, rules

    if kind == "text":
        limit, check = rules.TEXT_MAX_CHARS, adapter._check_text
    else:
        image = tmp_path_factory.mktemp("wa") / "photo.jpg"
        image.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
        media = [MediaItem(kind="image", path=image)]
        limit = rules.CAPTION_MAX_CHARS

        def check(text: str) -> None:
            adapter._check_media("image", PublishRequest(platform="whatsapp", format="image", text=text, media=media))

    check(unit * limit)
    with pytest.raises(BadInput) as refused:
        check(unit * (limit + 1))
    assert refused.value.details["limit"] == limit


@given(st.text(min_size=1, max_size=1100).filter(lambda t: t.strip()))
def test_whatsapp_template_parameters_accept_exactly_1024_characters(value):
    from psn.platforms.whatsapp import rules, templates

    template = templates.Template(name="t", language="en_US", status="APPROVED", category="UTILITY",
                                  components=[{"type": "BODY", "text": "Hi {{1}}"}])
    request = templates.TemplateRequest(name="t", language="en_US", body=[value])
    if len(value) <= rules.TEMPLATE_PARAM_MAX_CHARS:
        templates.check(template, request, media_given=False)
    else:
        with pytest.raises(BadInput):
            templates.check(template, request, media_given=False)


# -- engage reply length ------------------------------------------------------------------------


@pytest.fixture
def opportunity_ids():
    """One pending opportunity per platform psn can reply on, in an isolated home."""
    from psn.context import AppContext
    from psn.core.clock import FixedClock
    from psn.core.sections.engage import EngageSettings
    from psn.engage import opportunities
    from psn.platforms.base import Candidate

    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    ctx = AppContext.create(clock=FixedClock(now))
    ids = {}
    for platform in ("x", "linkedin", "instagram", "tiktok", "facebook"):
        candidate = Candidate(platform=platform, post_id=f"{platform}-1", url=f"https://{platform}.test/p/1",
                              text="static site tips", author_handle="dana", author_followers=5000, posted_at=now,
                              summoned=True)
        result = opportunities.ingest(ctx.db, [candidate], settings=EngageSettings(), keywords=["static site"],
                                      engagement_types={platform: ["reply"]}, now=now, source="search")
        ids[platform] = result.new[0]
    return ctx, ids


REPLY_UNITS = {"ascii": "a", "cjk": "字", "emoji": "🚀", "accented": "é"}


@pytest.mark.parametrize("unit", sorted(REPLY_UNITS))
@pytest.mark.parametrize("platform", ["x", "linkedin", "instagram", "tiktok", "facebook"])
def test_engage_reply_accepts_exactly_the_platform_limit_in_each_unit(opportunity_ids, platform, unit):
    from psn.engage.drafting import reply_limit
    from psn.engage.reply import check_reply
    from psn.generate.replies import reply_length

    ctx, ids = opportunity_ids
    limit, char = reply_limit(platform), REPLY_UNITS[unit]
    weight = reply_length(platform, char)
    fitting = char * (limit // weight) + "a" * (limit % weight)
    assert reply_length(platform, fitting) == limit
    check_reply(ctx, ids[platform], fitting)
    with pytest.raises(BadInput, match=f"counts as {limit + 1} characters"):
        check_reply(ctx, ids[platform], fitting + "a")


def test_engage_reply_counts_an_x_link_as_23(opportunity_ids):
    """Regression: replies were measured in code points, so a long link made a valid X reply 'too long'."""
    from psn.engage.reply import check_reply

    ctx, ids = opportunity_ids
    text = "Wrote this up: https://example.com/" + "a" * 300
    check_reply(ctx, ids["x"], text)
    with pytest.raises(BadInput):
        check_reply(ctx, ids["x"], "字" * 141)  # 141 code points, but X counts 282
