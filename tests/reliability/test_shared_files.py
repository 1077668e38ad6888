"""config.toml and the secrets file are rewritten whole; several psn processes at once must not
lose each other's changes (found by the concurrency soak: `psn config set` lost updates)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

WRITERS = 4
ROUNDS = 40
KEYS = ["engage.cap_x", "engage.cap_linkedin", "engage.cap_instagram", "engage.cap_tiktok"]

SCRIPT = textwrap.dedent("""
    import sys
    from psn.core.config import set_value
    from psn.core.secrets import FileSecretStore
    from pathlib import Path

    home, key, number = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    store = FileSecretStore(home / "secrets.json")
    for value in range(1, int(sys.argv[4]) + 1):
        set_value(home / "config.toml", key, str(value))
        store.set(f"writer.{number}.{value}", f"secret-{number}-{value}")
""")


def test_processes_writing_config_and_secrets_at_once_lose_nothing(tmp_path: Path):
    children = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path), key, str(n), str(ROUNDS)],
                                 env=os.environ.copy(), stderr=subprocess.PIPE, text=True)
                for n, key in enumerate(KEYS[:WRITERS])]
    errors = [child.communicate()[1] for child in children]
    assert [child.returncode for child in children] == [0] * WRITERS, errors
    config = tomllib.loads((tmp_path / "config.toml").read_text())
    assert config["engage"] == {key.split(".")[1]: ROUNDS for key in KEYS[:WRITERS]}
    from psn.core.secrets import FileSecretStore

    names = FileSecretStore(tmp_path / "secrets.json").names()
    assert len(names) == WRITERS * ROUNDS
    assert oct((tmp_path / "config.toml").stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob("*.tmp"))
