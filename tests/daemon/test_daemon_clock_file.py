"""PSN_CLOCK_FILE: another process's clock, moved by rewriting one file."""

from datetime import UTC, datetime

import pytest

from psn.core.clock import FileClock, SystemClock, default_clock
from psn.core.errors import ConfigError


def test_file_clock_rereads_the_file_on_every_call(tmp_path):
    path = tmp_path / "now"
    path.write_text("2026-12-01T09:00:00Z")
    clock = FileClock(path)
    assert clock.now() == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    path.write_text("2026-12-01T10:30:00+01:00\n")
    assert clock.now() == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_missing_or_empty_file_means_system_time(tmp_path):
    clock = FileClock(tmp_path / "absent")
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 60
    (tmp_path / "empty").write_text("")
    assert FileClock(tmp_path / "empty").now().tzinfo == UTC


def test_garbage_in_the_file_is_a_clear_error(tmp_path):
    path = tmp_path / "now"
    path.write_text("tomorrow-ish")
    with pytest.raises(ConfigError) as err:
        FileClock(path).now()
    assert "PSN_CLOCK_FILE" in err.value.message


def test_default_clock_prefers_the_clock_file(monkeypatch, tmp_path):
    path = tmp_path / "now"
    path.write_text("2030-01-01T00:00:00Z")
    monkeypatch.setenv("PSN_NOW", "2026-01-01T00:00:00Z")
    monkeypatch.setenv("PSN_CLOCK_FILE", str(path))
    assert default_clock().now().year == 2030
    monkeypatch.delenv("PSN_CLOCK_FILE")
    assert default_clock().now().year == 2026
    monkeypatch.delenv("PSN_NOW")
    assert isinstance(default_clock(), SystemClock)
