"""`--at`: explicit times in the creator's timezone, and next-slot."""

from datetime import UTC, datetime, timedelta

import pytest

from psn.core.errors import BadInput
from psn.core.sections.generation import GenerationSettings
from psn.generate.slots import next_slot, parse_when, resolve_when

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # 10:00 in Paris


def test_explicit_time_is_read_in_the_creators_timezone():
    assert parse_when("2026-12-01 09:00", "Europe/Paris", NOW) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert parse_when("2026-12-01T09:00:00+00:00", "Europe/Paris", NOW) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    summer = parse_when("2027-07-01 09:00", "Europe/Paris", NOW)
    assert summer == datetime(2027, 7, 1, 7, 0, tzinfo=UTC)  # daylight saving time


def test_past_or_unreadable_times_are_refused():
    with pytest.raises(BadInput, match="in the past") as caught:
        parse_when("2026-11-21 09:30", "Europe/Paris", NOW)
    assert "10:00" in (caught.value.hint or "")
    with pytest.raises(BadInput, match="Cannot read"):
        parse_when("tomorrow-ish", "UTC", NOW)


def test_next_slot_is_the_first_free_time_after_a_short_lead():
    times = ["09:00", "10:03", "12:30", "17:30"]
    # 10:03 Paris is only 3 minutes away: too close; 12:30 Paris is next
    assert next_slot(NOW, "Europe/Paris", times, []) == datetime(2026, 11, 21, 11, 30, tzinfo=UTC)
    taken = [datetime(2026, 11, 21, 11, 30, tzinfo=UTC)]
    assert next_slot(NOW, "Europe/Paris", times, taken) == datetime(2026, 11, 21, 16, 30, tzinfo=UTC)


def test_next_slot_rolls_over_to_the_next_day():
    late = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)
    assert next_slot(late, "UTC", ["09:00"], []) == datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_next_slot_needs_times_and_a_free_slot():
    with pytest.raises(BadInput, match="No posting times"):
        next_slot(NOW, "UTC", [], [])
    with pytest.raises(BadInput, match="is not a posting time"):
        next_slot(NOW, "UTC", ["9am"], [])
    every_day = [datetime(2026, 11, 21, 9, 0, tzinfo=UTC) + timedelta(days=n) for n in range(61)]
    with pytest.raises(BadInput, match="Every posting slot"):
        next_slot(NOW, "UTC", ["09:00"], every_day)


def test_resolve_when_and_per_platform_times():
    settings = GenerationSettings(posting_slots={"linkedin": ["07:30"]})
    assert settings.times_for("linkedin") == ["07:30"] and settings.times_for("x") == ["09:00", "12:30", "17:30"]
    when = resolve_when("next-slot", timezone="UTC", now=NOW, times=settings.times_for("linkedin"), taken=[])
    assert when == datetime(2026, 11, 22, 7, 30, tzinfo=UTC)
    assert resolve_when("2026-11-25 10:00", timezone="UTC", now=NOW, times=[], taken=[]).day == 25
    with pytest.raises(ValueError):
        GenerationSettings(posting_times=["25:99"])
