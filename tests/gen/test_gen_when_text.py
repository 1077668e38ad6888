"""`--at` as people type it: relative, day words, weekdays, ISO; anything else refused with examples."""

from datetime import UTC, datetime

import pytest

from psn.core.errors import BadInput
from psn.generate.slots import parse_when

NOW = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)  # Friday 11 December, 10:00 in Paris
PARIS = "Europe/Paris"


def paris(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A Paris wall-clock time in December (UTC+1), as the UTC moment psn stores."""
    return datetime(2026, month, day, hour - 1, minute, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("tomorrow 9am", paris(12, 9)),
    ("Tomorrow at 9:30 pm", paris(12, 21, 30)),
    ("tomorrow 18:00", paris(12, 18)),
    ("today 18:00", paris(11, 18)),
    ("18:00", paris(11, 18)),
    ("noon", paris(11, 12)),
    ("fri 18:00", paris(11, 18)),  # today is Friday and 18:00 is still ahead
    ("fri 9am", paris(18, 9)),  # 9am today has gone: next Friday
    ("next fri 18:00", paris(18, 18)),
    ("saturday 10:00", paris(12, 10)),
    ("mon 08:15", paris(14, 8, 15)),
    ("2026-12-12 10:00", paris(12, 10)),
    ("2026-12-12T10:00", paris(12, 10)),
    ("2026-12-12 10:00+00:00", datetime(2026, 12, 12, 10, 0, tzinfo=UTC)),
    ("2026-12-12T10:00:00Z", datetime(2026, 12, 12, 10, 0, tzinfo=UTC)),
    ("2026-12-14 9am", paris(14, 9)),
    ("in 2h", datetime(2026, 12, 11, 11, 0, tzinfo=UTC)),
    ("in 30 minutes", datetime(2026, 12, 11, 9, 30, tzinfo=UTC)),
    ("in 1h 30m", datetime(2026, 12, 11, 10, 30, tzinfo=UTC)),
    ("in an hour", datetime(2026, 12, 11, 10, 0, tzinfo=UTC)),
    ("in 2 days", datetime(2026, 12, 13, 9, 0, tzinfo=UTC)),
])
def test_what_people_type_is_read_in_their_timezone(text, expected):
    assert parse_when(text, PARIS, NOW) == expected


@pytest.mark.parametrize("text", [
    "tomorrow", "tomorrow 9", "someday", "in 2 fortnights", "in h", "25:00", "13pm", "fri 9am please",
    "2026-13-01 10:00", "in 2h blah", "",
])
def test_unreadable_text_is_refused_with_examples(text):
    with pytest.raises(BadInput, match="Cannot read the time") as caught:
        parse_when(text, PARIS, NOW)
    assert "tomorrow 9am" in (caught.value.hint or "") and PARIS in (caught.value.hint or "")


@pytest.mark.parametrize("text", ["today 9am", "09:59", "2026-12-11 08:00", "2026-12-11T09:00:00+00:00"])
def test_a_time_already_gone_is_refused_saying_what_time_it_is(text):
    with pytest.raises(BadInput, match="in the past") as caught:
        parse_when(text, PARIS, NOW)
    assert "Fri 2026-12-11 10:00 CET" in (caught.value.hint or "")


def test_a_wall_clock_time_the_clocks_skip_is_refused():
    with pytest.raises(BadInput, match="skip that hour"):
        parse_when("2027-03-28 02:30", PARIS, NOW)
