from datetime import UTC, datetime, timedelta

from psn.core.clock import FixedClock, default_clock, parse_iso
from psn.core.paths import prompts_dir, resolve_paths


def test_fixed_clock_advances():
    clock = FixedClock(datetime(2026, 1, 1, 12, 0))
    assert clock.now().tzinfo == UTC
    clock.advance(minutes=5)
    assert clock.now() == datetime(2026, 1, 1, 12, 5, tzinfo=UTC)
    clock.advance(timedelta(hours=1))
    assert clock.now().hour == 13


def test_psn_now_pins_the_clock(monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:00:00Z")
    assert default_clock().now() == parse_iso("2026-12-01T09:00:00+00:00")


def test_paths_follow_psn_home(monkeypatch, tmp_path):
    monkeypatch.setenv("PSN_HOME", str(tmp_path / "h"))
    paths = resolve_paths()
    assert paths.database_file == tmp_path / "h" / "data" / "psn.db"
    assert resolve_paths(sandbox=True).data_dir.is_relative_to(paths.data_dir)


def test_platformdirs_without_psn_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PSN_HOME")
    paths = resolve_paths()
    assert paths.source == "platformdirs"
    assert str(paths.config_dir).startswith(str(tmp_path))  # HOME is redirected by the fixture


def test_prompts_dir_found():
    assert (prompts_dir() / "README.md").exists()
