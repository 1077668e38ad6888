"""Regression tests for the leaks the secrets sweep found (tests/reliability/secrets_sweep.py)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import httpx

from psn.core.redact import redact, redactor, register_secret

TOKEN = "zqSENTINELzqAbCdEfGhIjKlMnOpQrStUvWxYz0123"
REFRESH = "zqSENTINELzqRefreshRefreshRefreshRefresh99"
TOKEN_SET = json.dumps({"access_token": TOKEN, "refresh_token": REFRESH, "token_type": "bearer",
                        "scopes": ["tweet.read", "users.read"], "expires_at": "2026-12-01T11:00:00Z"})


# -- redaction ------------------------------------------------------------------------------------

def test_a_token_set_secret_masks_each_of_its_tokens():
    register_secret(TOKEN_SET)  # what reading `x.account.1.tokens` from the store does
    assert redact(f"X: token {TOKEN} is not allowed") == "X: token *** is not allowed"
    assert REFRESH not in redact(f"{REFRESH} was revoked")
    assert redact("scopes tweet.read, bearer-ish words and 2026-12-01T11:00:00Z stay") == (
        "scopes tweet.read, bearer-ish words and 2026-12-01T11:00:00Z stay")


def test_a_secret_shortened_with_an_ellipsis_is_masked():
    register_secret(TOKEN)
    pydantic_style = f"input_value={{'echo': '{TOKEN[:15]}...{TOKEN[-14:]}'}}, input_type=dict"
    assert "zqSENTINEL" not in redact(pydantic_style) and TOKEN[-14:] not in redact(pydantic_style)
    assert redact(f"│ {TOKEN[:14]}… │") == "│ ***… │"  # a rich table cell
    assert redact("Loading... done… 3 items...") == "Loading... done… 3 items..."


def test_http_errors_are_redacted_before_they_are_cut():
    from psn.platforms.http import generic_classify

    register_secret(TOKEN)
    body = "x" * (300 - 20) + TOKEN  # the cut at 300 falls inside the token
    error = generic_classify("x")(httpx.Response(400, text=body))
    assert "zqSENTINEL" not in error.message


def test_llm_error_messages_are_redacted_before_they_are_cut():
    from psn.llm.http import error_message

    register_secret(TOKEN)
    body = {"error": {"message": "k" * 290 + TOKEN}}
    assert "zqSENTINEL" not in error_message(httpx.Response(401, json=body))


def test_a_failed_publish_stores_its_error_redacted(cli):
    """`psn post list` (another process, which never read the token) shows what was stored."""
    from sqlalchemy import text

    from psn.context import AppContext
    from psn.core.errors import PsnError
    from psn.platforms.base import PublishRequest
    from psn.publishing.pipeline import _fail
    from psn.publishing.records import create_publish

    ctx = AppContext.create()
    row = create_publish(ctx, PublishRequest(platform="x", text="hello"), account_id=None)
    register_secret(TOKEN_SET)
    _fail(ctx, row.id, PsnError(f"ValidationError: input_value={{'echo': '{TOKEN[:15]}...{TOKEN[-14:]}'}}"))
    redactor.clear()
    with ctx.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT error FROM published_content")).scalar()
        events = conn.execute(text("SELECT payload FROM event_log WHERE kind='content.failed'")).scalar()
    assert "zqSENTINEL" not in stored and "zqSENTINEL" not in events
    assert "zqSENTINEL" not in cli("--json", "post", "list").stdout


def test_an_account_error_is_stored_redacted():
    from sqlalchemy import text

    from psn.accounts.store import update_account
    from psn.context import AppContext

    ctx = AppContext.create()
    with ctx.db.write() as conn:
        conn.execute(text("INSERT INTO accounts (platform, platform_user_id, handle, display_name, status, scopes, "
                          "meta, connected_at, updated_at) VALUES ('x', '1', 'me', 'Me', 'connected', '', '{}', "
                          "'2026-12-01', '2026-12-01')"))
    register_secret(TOKEN)
    update_account(ctx, 1, last_error=f"LinkedIn: Invalid access token {TOKEN}")
    with ctx.db.engine.connect() as conn:
        assert "zqSENTINEL" not in conn.execute(text("SELECT last_error FROM accounts")).scalar()


# -- child processes ----------------------------------------------------------------------------

def test_child_environment_drops_psns_secret_variables():
    from psn.core.secrets import child_environment

    register_secret("typed-into-the-keyring-42")
    env = child_environment({"PATH": "/bin", "PSN_LLM_API_KEY": "sk-1", "AWS_SECRET_ACCESS_KEY": "users-own",
                             "PSN_DATABASE_URL": "postgresql://me:pw@db/psn", "LEAKY": "x typed-into-the-keyring-42"})
    assert env == {"PATH": "/bin", "AWS_SECRET_ACCESS_KEY": "users-own"}


def test_secrets_are_hidden_from_a_launcher_only_while_it_runs(monkeypatch):
    from psn.core.secrets import secrets_hidden_from_children

    monkeypatch.setenv("PSN_LLM_API_KEY", "sk-in-env")
    with secrets_hidden_from_children():
        assert "PSN_LLM_API_KEY" not in os.environ
    assert os.environ["PSN_LLM_API_KEY"] == "sk-in-env"


def test_the_media_host_command_gets_no_secret_variable(tmp_path, monkeypatch):
    from psn.platforms.instagram.media_host import CommandMediaHost

    monkeypatch.setenv("PSN_LLM_API_KEY", "sk-must-not-travel")
    dump = tmp_path / "env.txt"
    script = tmp_path / "host.py"
    script.write_text(f"import os\nopen({str(dump)!r}, 'w').write(repr(dict(os.environ)))\n"
                      "print('https://media.example.com/a.jpg')\n")
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    url = CommandMediaHost(f"{sys.executable} {script} {{path}}").host(photo)
    assert url == "https://media.example.com/a.jpg"
    assert "sk-must-not-travel" not in dump.read_text()


def test_desktop_notifications_get_no_secret_variable():
    from psn.notify.channels.desktop import DesktopChannel
    from psn.notify.message import Message

    seen = {}
    channel = DesktopChannel(platform="linux", which=lambda name: "/usr/bin/notify-send",
                             run=lambda cmd, **kw: seen.update(kw),
                             environ={"DISPLAY": ":0", "PSN_LLM_API_KEY": "sk-must-not-travel"})
    channel.send(Message(kind="k", title="t", body="b"))
    assert seen["env"] == {"DISPLAY": ":0"}


# -- files and folders ----------------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_psn_home_and_the_sandbox_home_are_private(cli, tmp_path, monkeypatch):
    home = tmp_path / "fresh" / "psn"
    monkeypatch.setenv("PSN_HOME", str(home))
    assert cli("--sandbox", "config", "set", "general.timezone", "Europe/Paris").exit_code == 0
    for folder in (home, home / "data", home / "data" / "sandbox-home"):
        assert _mode(folder) == 0o700, folder


def test_an_existing_psn_home_keeps_its_mode(cli, tmp_path, monkeypatch):
    home = tmp_path / "shared"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    monkeypatch.setenv("PSN_HOME", str(home))
    assert cli("config", "set", "general.timezone", "Europe/Paris").exit_code == 0
    assert _mode(home) == 0o755 and _mode(home / "config") == 0o700


def test_the_sandbox_world_files_are_private(tmp_path):
    from psn.sandbox.world import SandboxWorld

    world = SandboxWorld(tmp_path / "world")
    world.inject("x", status=500)
    world.log_request("x", "GET", "/2/users/me", 200)
    assert _mode(tmp_path / "world") == 0o700
    for path in (tmp_path / "world").iterdir():
        assert _mode(path) == 0o600, path


def test_the_emulators_can_mint_marked_tokens(cli, monkeypatch, tmp_path):
    """The test-only world setting the sweep uses: every token carries the marker."""
    from psn.core.paths import resolve_paths
    from psn.sandbox.world import SandboxWorld

    monkeypatch.setenv("PSN_SECRETS", "file")
    SandboxWorld(resolve_paths(sandbox=True).sandbox_dir).set_token_marker("MARKED")
    assert cli("--sandbox", "setup", "x").exit_code == 0
    store = json.loads((resolve_paths(sandbox=True).secrets_file).read_text())
    tokens = json.loads(store["x.account.1.tokens"])
    assert tokens["access_token"].startswith("MARKED") and tokens["refresh_token"].startswith("MARKED")


def test_the_demo_masks_secret_fields_in_the_commands_it_shows():
    from psn.cli.demo.runner import _shown

    shown = _shown(("setup", "wordpress", "--field", "username=demo", "--field",
                    "application_password=abcd EFGH 1234", "-f", "secret=whsec_abc"))
    assert shown == ["setup", "wordpress", "--field", "username=demo", "--field", "application_password=***",
                     "-f", "secret=***"]
