"""Commentary escaping, the length counter and URN parsing, with property tests against the
emulator's independent little-text parser."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from psn.core.errors import BadInput
from psn.platforms.linkedin import rules, urns
from psn.platforms.linkedin.little import escape_commentary
from psn.sandbox.linkedin_little import render

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
RESERVED_HEAVY = st.text(alphabet=st.sampled_from(list("\\|{}@[]()<>#*_~ ab1é😀\n")), max_size=80)


@pytest.mark.parametrize("text, commentary", [
    ("plain words", "plain words"),
    ("Ship it #python", "Ship it {hashtag|\\#|python}"),
    ("#AI and #Démo2026!", "{hashtag|\\#|AI} and {hashtag|\\#|Démo2026}!"),
    ("C# is #1", "C\\# is \\#1"),
    ("a # lone", "a \\# lone"),
    ("#snake_case", "{hashtag|\\#|snake}\\_case"),
    ("(1) [2] {3} <4> *5* _6_ ~7~ |8| \\9", "\\(1\\) \\[2\\] \\{3\\} \\<4\\> \\*5\\* \\_6\\_ \\~7\\~ \\|8\\| \\\\9"),
    ("mail me@example.com", "mail me\\@example.com"),
    ("Thanks @[Ada Lovelace](urn:li:person:782bbtaQ)!", "Thanks @[Ada Lovelace](urn:li:person:782bbtaQ)!"),
    ("@[Acme](urn:li:organization:2414183)#launch", "@[Acme](urn:li:organization:2414183){hashtag|\\#|launch}"),
])
def test_escape_commentary(text, commentary):
    assert escape_commentary(text) == commentary


def test_hashtags_stay_hashtags_on_linkedin():
    shown, truncated = render(escape_commentary("Launch day #buildinpublic (finally) #AI"))
    assert (shown, truncated) == ("Launch day #buildinpublic (finally) #AI", False)


def test_unescaped_text_is_truncated_by_linkedin_which_is_why_psn_escapes():
    assert render("Results (so far) are good") == ("Results ", True)


@given(TEXT)
def test_linkedin_shows_exactly_what_was_written(text):
    assume(not rules.MENTION_RE.search(text))
    assert render(escape_commentary(text)) == (text, False)


@given(RESERVED_HEAVY)
def test_reserved_characters_never_truncate(text):
    assume(not rules.MENTION_RE.search(text))
    assert render(escape_commentary(text)) == (text, False)


@given(TEXT)
def test_length_counts_utf16_units_of_the_visible_text(text):
    assume(not rules.MENTION_RE.search(text))
    assert rules.commentary_length(text) == len(text.encode("utf-16-le")) // 2
    assert rules.commentary_length(text) >= len(text)


@given(TEXT, TEXT)
def test_length_is_additive(a, b):
    assume(not rules.MENTION_RE.search(a + b))
    assert rules.commentary_length(a + b) == rules.commentary_length(a) + rules.commentary_length(b)


@given(st.text(alphabet="abc xyz", min_size=1, max_size=40))
def test_mentions_count_as_their_name(name):
    assume(name.strip() == name and name)
    assert rules.commentary_length(f"hi @[{name}](urn:li:person:abc123)") == 3 + len(name)


def test_escaping_does_not_count_against_the_limit():
    from psn.platforms.base import PublishRequest
    from psn.platforms.linkedin.validate import plan_post

    plan_post(PublishRequest(platform="linkedin", text="#" * 3000))  # 6,000 characters once escaped
    with pytest.raises(BadInput) as err:
        plan_post(PublishRequest(platform="linkedin", text="a" * 2999 + "😀"))
    assert err.value.details == {"limit": 3000, "value": 3001}


@pytest.mark.parametrize("pasted, target", [
    ("https://www.linkedin.com/feed/update/urn:li:activity:7362000000000000000/",
     "urn:li:activity:7362000000000000000"),
    ("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7362000000000000001",
     "urn:li:share:7362000000000000001"),
    ("https://www.linkedin.com/posts/ada-lovelace_engines-activity-7362000000000000002-AbCd?utm_source=share",
     "urn:li:activity:7362000000000000002"),
    ("https://www.linkedin.com/posts/acme_launch-ugcPost-7362000000000000003-xY_z/",
     "urn:li:ugcPost:7362000000000000003"),
    ("urn:li:share:7362000000000000004", "urn:li:share:7362000000000000004"),
    ("https://www.linkedin.com/feed/update/urn:li:activity:7362000000000000005?commentUrn="
     "urn%3Ali%3Acomment%3A%28activity%3A7362000000000000005%2C7363000000000000001%29",
     "urn:li:comment:(urn:li:activity:7362000000000000005,7363000000000000001)"),
])
def test_pasted_links_become_targets(pasted, target):
    assert urns.target_from_url(pasted) == target


def test_a_link_without_a_post_is_bad_input():
    with pytest.raises(BadInput) as err:
        urns.target_from_url("https://www.linkedin.com/in/ada-lovelace/")
    assert "Copy link to post" in err.value.hint


def test_urn_encodings():
    encoded = "urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A1%2C2%29"
    assert urns.encode("urn:li:comment:(urn:li:activity:1,2)") == encoded
    assert urns.analytics_entity("urn:li:share:1") == "(share:urn%3Ali%3Ashare%3A1)"
    assert urns.analytics_entity("urn:li:ugcPost:2") == "(ugc:urn%3Ali%3AugcPost%3A2)"
    assert urns.post_url("urn:li:share:1") == "https://www.linkedin.com/feed/update/urn:li:share:1"
    with pytest.raises(BadInput):
        urns.analytics_entity("urn:li:activity:3")


def test_media_kinds_and_types(tmp_path):
    assert rules.media_kind(tmp_path / "a.JPG") == "image"
    assert rules.media_kind(tmp_path / "deck.pptx") == "document"
    assert rules.media_kind(tmp_path / "clip.mp4") == "video"
    assert rules.mime_type(tmp_path / "deck.pdf") == "application/pdf"
    with pytest.raises(BadInput) as err:
        rules.media_kind(tmp_path / "clip.mov")
    assert ".mp4" in err.value.hint
