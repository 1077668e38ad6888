"""Property tests for the WordPress checks psn runs locally."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wp_support import NOW

from psn.core.errors import BadInput
from psn.platforms.wordpress import rules
from tests.examples import scaled


@given(st.integers(min_value=-86_400, max_value=86_400 * 400))
def test_a_schedule_is_future_exactly_when_at_least_a_minute_ahead(offset):
    moment = NOW + timedelta(seconds=offset)
    if offset >= 60:
        assert rules.check_status("publish", moment, NOW) == "future"
    else:
        with pytest.raises(BadInput):
            rules.check_status("publish", moment, NOW)


@given(st.lists(st.one_of(st.integers(min_value=1, max_value=10_000), st.text(min_size=1, max_size=20))))
def test_terms_split_into_ids_and_unique_names(values):
    ids, names = rules.split_terms(values)
    assert all(isinstance(i, int) for i in ids)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(n.isascii() and n.isdigit() for n in names)


ALLOWED_TAGS = {"p", "br", "strong", "em", "s", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
                "pre", "code", "hr", "a", "img", "table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=scaled(200))
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_yields_only_markdown_markup(text):
    """Whatever a person types, the only tags that reach WordPress are the ones Markdown makes:
    a `<` they typed is escaped (unless the text is editor block markup, sent as written)."""
    if text.lstrip().startswith("<!-- wp:"):
        return
    html = rules.blocks(text)
    tags = {m.group(1).lower() for m in re.finditer(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)", html)}
    assert tags <= ALLOWED_TAGS, tags
    assert "<script" not in html.lower()


@given(st.text(alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" ,."), min_size=1,
               max_size=60).filter(lambda t: t.strip()))
def test_plain_words_become_one_escaped_paragraph_block(words):
    html = rules.blocks(words)
    assert html.count("<!-- wp:paragraph -->") == 1 and escape(words.strip()) in html


def test_markdown_and_a_lone_angle_bracket():
    html = rules.blocks("3 < 5 is **true**")
    assert html == "<!-- wp:paragraph -->\n<p>3 &lt; 5 is <strong>true</strong></p>\n<!-- /wp:paragraph -->"


def test_block_markup_is_left_as_written():
    markup = "<!-- wp:paragraph -->\n<p>Already <em>blocks</em></p>\n<!-- /wp:paragraph -->"
    assert rules.blocks(markup) == markup


@pytest.mark.parametrize(("first_line", "title"), [("#1 tip for bloggers", "#1 tip for bloggers"),
                                                    ("# Launch notes", "Launch notes"),
                                                    ("### Deep", "Deep"), ("#hashtag day", "#hashtag day")])
def test_only_a_markdown_heading_marker_leaves_the_title(first_line, title):
    assert rules.title_and_body(None, f"{first_line}\nBody") == (title, "Body")


def test_date_gmt_has_no_offset():
    assert rules.date_gmt(NOW) == "2026-11-21T12:00:00"
