"""Property tests for the limits psn checks locally, and the Graph version table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fb_support import NOW
from hypothesis import given
from hypothesis import strategies as st

from psn.core.errors import BadInput
from psn.platforms.facebook import graph, rules


@given(st.integers(min_value=-10 * 24 * 3600, max_value=40 * 24 * 3600))
def test_schedule_window_accepts_exactly_10_minutes_to_30_days(offset_seconds):
    moment = NOW + timedelta(seconds=offset_seconds)
    inside = 600 <= offset_seconds <= 30 * 24 * 3600
    if inside:
        rules.check_schedule(moment, NOW)
    else:
        with pytest.raises(BadInput):
            rules.check_schedule(moment, NOW)


@given(st.text(max_size=200), st.integers(min_value=0, max_value=70_000))
def test_message_limit_counts_characters(prefix, padding):
    text = prefix + "a" * padding
    if len(text) <= rules.MESSAGE_MAX_CHARS:
        rules.check_message(text)
    else:
        with pytest.raises(BadInput):
            rules.check_message(text)


def test_deprecated_metrics_are_recognised():
    assert rules.is_deprecated_metric("post_impressions_unique")
    assert rules.is_deprecated_metric("page_fans_country")
    assert not rules.is_deprecated_metric("post_media_view")


def test_version_table():
    today = date(2026, 11, 21)
    assert graph.version_info("v20.0", today).expired
    v25 = graph.version_info("v25.0", today)
    assert (v25.available_until, v25.expired) == (date(2028, 7, 29), False)
    assert not graph.version_info("v99.0", today).known
    assert graph.version_info("v19.0", today).expired  # older than every version Meta serves
    assert "older than every version" in graph.version_info("v17.0", today).summary()
    assert graph.version_info("v26.0", today).earliest_end == date(2028, 7, 29)


def test_doctor_surfaces_the_pinned_versions(cli):
    assert cli("config", "set", "whatsapp.graph_version", "v20.0").exit_code == 0
    section = cli("--json", "doctor").json()["data"]["graph_api"]
    assert section["ok"] is False
    assert "not before 2028-07-29" in section["facebook"]
    assert section["warnings"] == ["whatsapp: Graph v20.0 stopped on 2026-09-24; pin a newer one. "
                                   "Run `psn config set whatsapp.graph_version v26.0`."]
