"""Tokens, application passwords and webhook secrets of Facebook, WhatsApp, WordPress and the blog
never reach the database, --json output or the log."""

from __future__ import annotations

import json
import os
from pathlib import Path


def test_secrets_stay_in_the_secret_store(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    setups = [
        ("facebook",),
        ("whatsapp",),
        ("wordpress", "--field", "site_url=https://wp.example.com", "--field", "username=demo",
         "--field", "application_password=abcd EFGH 1234 ijkl MNOP 6789"),
        ("blog", "--field", "endpoint_url=https://blog.example.com/hooks/psn",
         "--field", "secret=whsec_c2FuZGJveC1ibG9nLXNlY3JldC1mb3ItcHNuLXRlc3Rz"),
    ]
    out = ""
    for args in setups:
        result = cli("--sandbox", "--json", "-v", "setup", *args)
        assert result.exit_code == 0, result.stdout
        out += result.stdout + result.stderr
    out += cli("--sandbox", "--json", "post", "-p", "facebook", "-t", "hello", "--yes").stdout
    out += cli("--sandbox", "--json", "accounts", "list").stdout + cli("--sandbox", "--json", "doctor").stdout
    from psn.cli.state import ctx

    store = ctx().secrets
    values = []
    for name in store.names():
        value = store.get(name) or ""
        if value.startswith("{"):  # a stored token set
            values += [v for k, v in json.loads(value).items() if k in ("access_token", "refresh_token") and v]
        else:
            values.append(value)
    secrets = [v for v in values if len(v) > 8 and not v.startswith("sandbox-")]
    assert any(v.startswith("EAAP") for v in secrets) and "abcdEFGH1234ijklMNOP6789" in secrets
    home = Path(os.environ["PSN_HOME"])
    db = (home / "data" / "sandbox-home" / "data" / "psn.db").read_bytes()
    logs = b"".join(p.read_bytes() for p in home.rglob("*.log"))
    for secret in secrets:
        assert secret not in out
        assert secret.encode() not in db and secret.encode() not in logs
