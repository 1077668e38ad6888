"""`psn daemon install|uninstall`: the unit file's content and place; nothing is enabled for you."""

import plistlib
import sys
from pathlib import Path

import pytest

from psn.daemon.install import detect_kind, render_launchd, render_systemd, service_environment


def user_home() -> Path:
    import os

    return Path(os.environ["HOME"])  # the conftest points HOME at tmp


def test_systemd_unit_runs_this_python_with_this_home(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    result = cli("--json", "daemon", "install", "--kind", "systemd")
    assert result.exit_code == 0
    data = result.json()["data"]
    path = user_home() / ".config" / "systemd" / "user" / "psn-daemon.service"
    assert data["path"] == str(path) and data["state"] == "created"
    unit = path.read_text()
    assert f'ExecStart="{sys.executable}" "-m" "psn" "daemon" "run"\n' in unit
    assert f'Environment="PSN_HOME={__import__("os").environ["PSN_HOME"]}"\n' in unit
    assert 'Environment="PSN_SECRETS=file"\n' in unit
    assert "Restart=on-failure\n" in unit and "KillSignal=SIGTERM\n" in unit
    assert "TimeoutStopSec=90\n" in unit  # shutdown grace 60 + 30
    assert "WantedBy=default.target\n" in unit
    assert "systemctl --user enable --now psn-daemon.service" in data["enable"]


def test_install_twice_is_unchanged_and_respects_xdg_config_home(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    first = cli("--json", "daemon", "install", "--kind", "systemd").json()["data"]
    second = cli("--json", "daemon", "install", "--kind", "systemd").json()["data"]
    assert first["path"] == str(tmp_path / "xdg" / "systemd" / "user" / "psn-daemon.service")
    assert (first["state"], second["state"]) == ("created", "unchanged")


def test_uninstall_removes_the_unit_and_its_enable_link(cli):
    path = Path(cli("--json", "daemon", "install", "--kind", "systemd").json()["data"]["path"])
    wants = path.parent / "default.target.wants" / "psn-daemon.service"
    wants.parent.mkdir()
    wants.symlink_to(path)  # what `systemctl --user enable` leaves
    data = cli("--json", "daemon", "uninstall", "--kind", "systemd").json()["data"]
    assert data["removed"] is True and "systemctl --user stop psn-daemon.service" in data["then"]
    assert not path.exists() and not wants.is_symlink()
    assert cli("--json", "daemon", "uninstall", "--kind", "systemd").json()["data"]["removed"] is False


def test_launchd_agent_is_a_valid_plist_in_launch_agents(cli):
    data = cli("--json", "daemon", "install", "--kind", "launchd").json()["data"]
    path = user_home() / "Library" / "LaunchAgents" / "dev.psn.daemon.plist"
    assert data["path"] == str(path)
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "dev.psn.daemon"
    assert agent["ProgramArguments"] == [sys.executable, "-m", "psn", "daemon", "run"]
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["EnvironmentVariables"]["PSN_HOME"]
    assert data["enable"] == [f"launchctl bootstrap gui/$(id -u) {path}"]


def test_sandbox_install_sets_the_sandbox_flag(cli):
    data = cli("--json", "--sandbox", "daemon", "install", "--kind", "systemd").json()["data"]
    unit = Path(data["path"]).read_text()
    assert '"--sandbox" "daemon" "run"' in unit and 'Environment="PSN_SANDBOX=1"' in unit


def test_quoting_survives_spaces_quotes_and_percent():
    unit = render_systemd(['/opt/my "py"/python 100%'], {"PSN_HOME": "/home/a b"}, 90)
    assert 'ExecStart="/opt/my \\"py\\"/python 100%%"' in unit
    assert 'Environment="PSN_HOME=/home/a b"' in unit


def test_database_urls_with_passwords_never_reach_the_unit():
    env = service_environment(False, {"PSN_HOME": "/h", "PSN_DATABASE_URL": "postgresql://u:pw@db/psn"})
    assert env == {"PSN_HOME": "/h"}
    plist = plistlib.loads(render_launchd(["psn"], {}, Path("/tmp/out"), 90))
    assert "EnvironmentVariables" not in plist


def test_unknown_kind_and_unknown_system_are_bad_input(cli):
    assert cli("daemon", "install", "--kind", "upstart").exit_code == 2
    from psn.core.errors import BadInput

    with pytest.raises(BadInput):
        detect_kind("win32")
    assert detect_kind("linux") == "systemd" and detect_kind("darwin") == "launchd"
