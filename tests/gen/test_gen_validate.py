"""Draft checks against platform limits and the voice."""

from psn.generate.limits import limits_for
from psn.generate.models import DraftBody
from psn.generate.validate import check_body, measure_counts


def codes(body, platform, format, **kwargs):
    issues = check_body(body, limits_for(platform, format), platform=platform, format=format, **kwargs)
    return {issue.code: issue for issue in issues}


def test_x_single_over_280_offers_shorten_and_thread():
    issue = codes(DraftBody(text="a" * 281), "x", "single")["too_long"]
    assert issue.severity == "error"
    assert issue.fixes == ["shorten", "split_into_thread"]
    assert "281" in issue.message and "280" in issue.message


def test_x_counts_urls_as_23():
    text = "a" * 250 + " https://example.com/" + "p" * 100
    assert "too_long" not in codes(DraftBody(text=text), "x", "single")


def test_linkedin_limit_is_3000_and_offers_only_shorten():
    assert "too_long" not in codes(DraftBody(text="a" * 3000), "linkedin", "post")
    assert codes(DraftBody(text="a" * 3001), "linkedin", "post")["too_long"].fixes == ["shorten"]


def test_instagram_hashtags_mentions_and_caption():
    tags = " ".join(f"#t{i}" for i in range(31))
    mentions = " ".join(f"@u{i}" for i in range(21))
    found = codes(DraftBody(text=f"Caption {tags} {mentions}"), "instagram", "carousel")
    assert found["too_many_hashtags"].fixes == ["trim_hashtags"]
    assert found["too_many_mentions"].severity == "error" and found["too_many_mentions"].fixes == []
    six = " ".join(f"#t{i}" for i in range(6))
    assert codes(DraftBody(text=f"Caption {six}"), "instagram", "image")["many_hashtags"].severity == "warning"
    assert "too_long" in codes(DraftBody(text="é" * 2201), "instagram", "reel")


def test_tiktok_counts_utf16_units():
    emoji_caption = "🚀" * 1101  # 2202 UTF-16 units, only 1101 code points
    assert "too_long" in codes(DraftBody(text=emoji_caption), "tiktok", "video")
    photo = codes(DraftBody(text="ok", title="🚀" * 46), "tiktok", "photo")
    assert photo["title_too_long"].fixes == ["shorten"]
    assert "too_long" in codes(DraftBody(text="a" * 4001), "tiktok", "photo")


def test_facebook_and_whatsapp_limits():
    assert "too_long" in codes(DraftBody(text="a" * 63207), "facebook", "post")
    assert "too_long" not in codes(DraftBody(text="a" * 63206), "facebook", "post")
    assert "too_long" in codes(DraftBody(text="a" * 4097), "whatsapp", "message")


def test_thread_posts_each_checked_and_count_limited():
    body = DraftBody(text="first", parts=["ok", "b" * 281])
    issue = codes(body, "x", "thread")["too_long"]
    assert "Post 3" in issue.message
    many = DraftBody(text="1", parts=[str(i) for i in range(25)])
    assert "too_many_posts" in codes(many, "x", "thread")


def test_story_caption_and_empty_text():
    assert codes(DraftBody(text="words"), "instagram", "story")["caption_not_supported"].fixes == ["drop_caption"]
    assert codes(DraftBody(text="  "), "linkedin", "post")["empty"].severity == "error"
    assert codes(DraftBody(text=""), "instagram", "story") == {}


def test_personal_max_and_avoided_words_are_warnings():
    found = codes(DraftBody(text="This is synergy talk. " * 10), "linkedin", "post", personal_max=50,
                  avoid_words=["synergy", "leverage"])
    assert found["longer_than_usual"].severity == "warning"
    assert found["avoided_words"].message.endswith("synergy.")


def test_articles_have_no_length_limit():
    assert codes(DraftBody(text="word " * 20000, title="A title"), "wordpress", "article") == {}


def test_counts():
    body = DraftBody(text="Hi #a @b", parts=["more #c"], title=None)
    counts = measure_counts(body, limits_for("x", "thread"))
    assert counts == {"length": 8, "hashtags": 2, "mentions": 1, "posts": 2, "longest_post": 8, "limit": 280}
