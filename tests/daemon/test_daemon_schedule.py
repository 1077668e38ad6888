"""Schedules: parsing, config validation, and when a job is next due."""

from datetime import UTC, datetime, timedelta

import pytest

from psn.core.sections.daemon import parse_schedule
from psn.daemon.schedule import due_at, is_due

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "kind", "seconds"), [
    ("every 90s", "every", 90), ("every 5m", "every", 300), ("Every 3H", "every", 10800),
    ("every 1d", "every", 86400), ("off", "off", 0), ("daily 06:00", "daily", 0), ("cron */15 * * * *", "cron", 0),
])
def test_parse_schedule(text, kind, seconds):
    schedule = parse_schedule(text)
    assert schedule.kind == kind
    assert schedule.seconds == seconds


@pytest.mark.parametrize("text", ["every 0m", "every 5 minutes", "daily 25:00", "cron * * *", "cron 61 * * * *",
                                  "hourly", ""])
def test_bad_schedules_are_refused(text):
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_config_set_refuses_a_bad_schedule_and_writes_nothing(cli):
    assert cli("config", "set", "daemon.schedules", '["digest = daily 19:30"]').exit_code == 0
    path = cli("config", "path", "--json").json()["data"]["path"]
    before = open(path, "rb").read()
    result = cli("--json", "config", "set", "daemon.schedules", '["digest = twice a day"]')
    assert result.exit_code == 2
    assert "daemon.schedules" in result.json()["error"]["message"]
    assert open(path, "rb").read() == before


@pytest.mark.parametrize("entries", [["digest"], ["digest = daily 7"], ["Digest = off"], ["a = off", "a = every 1m"]])
def test_bad_override_lists_are_refused(entries):
    from pydantic import ValidationError

    from psn.core.sections.daemon import DaemonSettings

    with pytest.raises(ValidationError):
        DaemonSettings(schedules=entries)


def test_overrides_read_as_a_mapping():
    from psn.core.sections.daemon import DaemonSettings

    settings = DaemonSettings(schedules=["digest = Daily 19:30", "prune=off"])
    assert settings.overrides() == {"digest": "daily 19:30", "prune": "off"}


def test_a_job_that_never_ran_is_due_now():
    assert due_at(parse_schedule("daily 06:00"), "UTC", None, NOW) == NOW


def test_interval_is_counted_from_the_last_start():
    schedule = parse_schedule("every 5m")
    last = NOW - timedelta(minutes=2)
    assert due_at(schedule, "UTC", last, NOW) == last + timedelta(minutes=5)
    assert not is_due(schedule, "UTC", last, NOW)
    assert is_due(schedule, "UTC", last, NOW + timedelta(minutes=3))


def test_daily_follows_the_creator_timezone():
    schedule = parse_schedule("daily 06:00")
    # last ran yesterday 06:00 in Paris (05:00 UTC); next is today 06:00 Paris = 05:00 UTC
    last = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    assert due_at(schedule, "Europe/Paris", last, NOW) == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_runs_missed_while_down_collapse_into_one_due_run():
    schedule = parse_schedule("every 1m")
    last = NOW - timedelta(days=3)  # the daemon was down for three days
    when = due_at(schedule, "UTC", last, NOW)
    assert when is not None and when <= NOW  # due now, once (the runner records one run)


def test_off_is_never_due():
    assert due_at(parse_schedule("off"), "UTC", None, NOW) is None
