"""Property tests for the WordPress checks psn runs locally."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wp_support import NOW

from psn.core.errors import BadInput
from psn.platforms.wordpress import rules


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


@given(st.text(alphabet=st.characters(blacklist_characters="<", blacklist_categories=("Cs",)), max_size=300))
def test_plain_text_becomes_escaped_paragraph_blocks(text):
    html = rules.blocks(text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    assert html.count("<!-- wp:paragraph -->") == len(paragraphs)
    assert ">" not in text or "&gt;" in html
    assert all(escape(p.strip()).split("\n")[0] in html for p in paragraphs)


def test_html_is_left_as_written():
    assert rules.blocks("<p>Already <em>HTML</em></p>") == "<p>Already <em>HTML</em></p>"


def test_date_gmt_has_no_offset():
    assert rules.date_gmt(NOW) == "2026-11-21T12:00:00"
