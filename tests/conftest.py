"""Test isolation: every test gets its own PSN_HOME, an in-memory keyring, a fresh CLI state
and no network. A test that would touch the real home fails loudly."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend

from psn.core import secrets as secrets_mod
from psn.core.redact import redactor

REAL_HOME = Path.home()

# `make fuzz` runs every hypothesis test (`-m hypothesis`) under the "fuzz" profile.
settings.register_profile("default", deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path / "psn-home"
    monkeypatch.setenv("PSN_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))  # platformdirs would land here, never in ~
    for key in list(os.environ):
        if key.startswith("PSN_") and key != "PSN_HOME":
            monkeypatch.delenv(key)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    for key in ("COLUMNS", "LINES"):  # in-process output is a pipe, whatever the developer's shell exported
        monkeypatch.delenv(key, raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setattr(secrets_mod, "_warned", False)
    from psn.cli import state

    state.reset()
    yield memory
    keyring.set_keyring(previous)
    redactor.clear()
    _assert_real_home_untouched()


def _assert_real_home_untouched() -> None:
    for folder in (".config/psn", ".local/share/psn", ".local/state/psn"):
        target = REAL_HOME / folder
        if target.exists() and target.stat().st_mtime > _SESSION_START:
            pytest.fail(f"a test wrote to the real home: {target}")


_SESSION_START = __import__("time").time()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run psn in-process, exactly as the console script does, and capture its output."""
    from psn.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return run


@pytest.fixture
def memory_keyring(isolated: MemoryKeyring) -> MemoryKeyring:
    return isolated
