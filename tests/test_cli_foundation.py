"""The CLI surface of the foundation: exit codes, --json shapes, config commands, doctor."""

import json
import os
import stat


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("psn ")


def test_help_lists_only_working_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("config", "doctor", "demo"):
        assert name in result.stdout


def test_unknown_command_is_usage_error(cli):
    result = cli("frobnicate")
    assert result.exit_code == 2
    assert "frobnicate" in result.stderr


def test_doctor_json_shape(cli):
    result = cli("doctor", "--json")
    assert result.exit_code == 0
    payload = result.json()
    assert payload["ok"] is True
    data = payload["data"]
    assert {"version", "paths", "config", "secrets", "database"} <= set(data)
    from psn.store.migrate import all_migrations

    assert data["database"]["schema_version"] == all_migrations()[-1].name
    assert data["database"]["migrations_pending"] == []
    assert data["secrets"]["backend"].startswith("keyring")
    assert data["paths"]["source"] == "PSN_HOME"


def test_doctor_lists_secret_names_never_values(cli):
    from psn.cli.state import ctx

    ctx().secrets.set("x.client_secret", "sentinel-secret-value-123")
    result = cli("--json", "doctor")
    assert "x.client_secret" in result.stdout
    assert "sentinel-secret-value-123" not in result.stdout


def test_config_set_get_show(cli):
    assert cli("config", "set", "general.timezone", "Europe/Paris").exit_code == 0
    got = cli("--json", "config", "get", "general.timezone").json()["data"]
    assert got == {"key": "general.timezone", "value": "Europe/Paris", "source": "file"}
    rows = cli("config", "show", "--json").json()["data"]
    assert {"key": "general.timezone", "value": "Europe/Paris", "source": "file",
            "env": "PSN_GENERAL_TIMEZONE"} in rows


def test_config_env_shows_env_source(cli, monkeypatch):
    monkeypatch.setenv("PSN_GENERAL_TIMEZONE", "Asia/Tokyo")
    got = cli("--json", "config", "get", "general.timezone").json()["data"]
    assert got["source"] == "env"
    assert got["value"] == "Asia/Tokyo"


def test_bad_config_value_exits_2_and_changes_nothing(cli, tmp_path):
    cli("config", "set", "general.timezone", "Europe/Paris")
    path = cli("config", "path", "--json").json()["data"]["path"]
    before = open(path, "rb").read()
    result = cli("--json", "config", "set", "general.timezone", "Mars/Olympus")
    assert result.exit_code == 2
    error = result.json()["error"]
    assert error["kind"] == "bad_config"
    assert "general.timezone" in error["message"]
    assert open(path, "rb").read() == before


def test_unknown_key_suggests(cli):
    result = cli("config", "set", "general.timezon", "UTC")
    assert result.exit_code == 2
    assert "general.timezone" in result.stderr


def test_corrupt_config_file_exits_2_everywhere(cli):
    path = cli("config", "path", "--json").json()["data"]["path"]
    with open(path, "w") as handle:
        handle.write("[general\n")
    result = cli("doctor")
    assert result.exit_code == 2
    assert "not valid TOML" in result.stderr
    # config editing still works on a broken file? it must refuse rather than overwrite it
    assert cli("config", "set", "general.timezone", "UTC").exit_code == 2


def test_config_unset(cli):
    cli("config", "set", "log.level", "debug")
    assert cli("config", "unset", "log.level").exit_code == 0
    assert cli("--json", "config", "get", "log.level").json()["data"]["source"] == "default"


def test_dirs_are_private(cli):
    cli("doctor")
    home = os.environ["PSN_HOME"]
    for sub in ("config", "data", "state", "cache"):
        mode = stat.S_IMODE(os.stat(os.path.join(home, sub)).st_mode)
        assert mode == 0o700, sub
    db = os.path.join(home, "data", "psn.db")
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_unexpected_error_is_exit_1_without_traceback(cli, monkeypatch):
    import psn.diagnostics.doctor as doctor

    def boom(ctx):
        raise RuntimeError("kaboom access_token=abcdef123456")

    monkeypatch.setattr(doctor, "build_report", boom)
    result = cli("doctor")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "abcdef123456" not in result.stderr
    log = open(os.path.join(os.environ["PSN_HOME"], "state", "logs", "psn.log")).read()
    assert "RuntimeError" in log and "abcdef123456" not in log


def test_json_error_envelope_for_usage_errors(cli):
    result = cli("--json", "config", "get")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["kind"] == "usage"


def test_global_flags_after_command(cli):
    assert cli("doctor", "--json").json()["ok"] is True


def test_sandbox_home_is_separate(cli):
    data = cli("--sandbox", "--json", "doctor").json()["data"]
    assert "sandbox-home" in data["paths"]["database_file"]
    assert data["sandbox"] is True


def test_no_args_shows_help(cli):
    result = cli("config")
    assert result.exit_code == 0
    assert "show" in result.stdout


def test_demo_runs_in_isolated_home(cli, tmp_path):
    result = cli("--json", "demo", "--home", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    data = result.json()["data"]
    assert data["steps"]
    assert str(tmp_path / "demo") == data["home"]
    # the user's PSN_HOME was not used by the demo
    assert not os.path.exists(os.path.join(os.environ["PSN_HOME"], "data", "sandbox-home"))
