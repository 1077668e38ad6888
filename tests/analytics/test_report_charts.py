"""The report's chart geometry and text shortening (logic only; the journeys are in
tests/journeys/test_report.py and tests/analytics/test_report_browser.py)."""

from __future__ import annotations

import pytest

from psn.analytics import charts
from psn.analytics.report_data import shorten


@pytest.mark.parametrize(("top", "bottom", "expected"), [
    (14_000, 0, [0, 5000, 10_000, 15_000]),
    (7, 0, [0, 2, 4, 6, 8]),
    (0, 0, [0, 1]),
    (1271, 1234, [1230, 1240, 1250, 1260, 1270, 1280]),
    (1234, 1234, [1220, 1230, 1240, 1250]),  # a flat series sits inside a small band, not on an edge
])
def test_ticks_are_round_and_cover_the_values(top, bottom, expected):
    ticks = charts.nice_ticks(top, bottom=bottom)
    assert ticks == expected
    assert ticks[0] <= bottom and ticks[-1] >= top


@pytest.mark.parametrize(("value", "step", "label"), [
    (15_000, 5000, "15k"), (2_500_000, 500_000, "2.5M"), (1240, 10, "1,240"), (1500, 500, "1,500"),
    (2.5, 0.5, "2.5"), (0, 1, "0"),
])
def test_tick_labels_are_short_but_never_repeat(value, step, label):
    assert charts.tick_label(value, step) == label


def test_bars_stand_on_the_x_axis_and_only_some_dates_are_labelled():
    base = charts.Chart("t", "day (UTC)", "score (points)")
    chart = charts.bar_chart(base, [f"Dec {d}" for d in range(1, 31)], [float(d) for d in range(30)],
                             ["tip"] * 30, room=10)
    assert all(abs(b.y + b.height - chart.bottom) < 1e-6 for b in chart.bars)
    assert chart.bars[0].height == 0 and chart.bars[-1].y >= chart.top
    assert [t.label for t in chart.x_ticks] == ["Dec 1", "Dec 4", "Dec 7", "Dec 10", "Dec 13", "Dec 16", "Dec 19",
                                                "Dec 22", "Dec 25", "Dec 28"]
    assert chart.y_ticks[0].label == "0" and chart.y_ticks[-1].pos == chart.top


def test_a_line_zooms_on_its_range():
    base = charts.Chart("t", "date (UTC)", "followers")
    chart = charts.line_chart(base, [0.0, 86400.0], [1234.0, 1271.0], ["a", "b"], [(0.0, "Dec 7"), (86400.0, "Dec 8")])
    assert chart.dots[0].y > chart.dots[1].y  # growth goes up the page
    assert chart.dots[0].y < chart.bottom and chart.dots[1].y > chart.top
    assert [t.label for t in chart.x_ticks] == ["Dec 7", "Dec 8"]
    assert chart.line.count(",") == 2


def test_short_text_is_kept_whole():
    assert shorten("  Ship small.\nWhat did you ship?  ") == ("Ship small.\nWhat did you ship?", False)


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    text = "word " * 200 + "unbreakable"
    cut, shortened = shorten(text, limit=53)
    assert shortened and cut.endswith("…")
    assert cut[:-1].split() == ["word"] * 10


def test_one_huge_word_is_cut_where_it_must_be():
    cut, shortened = shorten("x" * 1000, limit=600)
    assert shortened and cut == "x" * 600 + "…"


def test_follower_dates_are_midnights_or_the_pull_times_within_a_day():
    from datetime import UTC, datetime, timedelta

    from psn.analytics.html import _date_ticks

    start = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    week = [start + timedelta(days=d) for d in range(8)]
    assert [label for _, label in _date_ticks(week)] == ["Dec 3", "Dec 5", "Dec 7"]
    same_day = [start, start + timedelta(hours=5)]
    assert [label for _, label in _date_ticks(same_day)] == ["Dec 1 09:30", "Dec 1 14:30"]
    assert [label for _, label in _date_ticks([start])] == ["Dec 1 09:30"]
