"""Secrets (tokens, client secrets, passwords) live in the OS keyring, never in SQLite or config.

On a machine without a usable keyring (headless Linux, containers) psn falls back to a JSON
file with mode 0600 and says so once. `PSN_SECRETS=keyring` forbids the fallback,
`PSN_SECRETS=file` forces it. Every value read or written is registered with the redactor.
Secret *names* are kept in a small index so `psn doctor` can list them without values.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from psn.core.errors import NotConfigured
from psn.core.failures import in_words
from psn.core.filelock import locked, replace_privately
from psn.core.paths import Paths
from psn.core.redact import redactor, register_secret

KEYRING_SERVICE = "psn"


class SecretStore(Protocol):
    backend_name: str

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...
    def names(self) -> list[str]: ...


def write_private_json(path: Path, data: object) -> None:
    """Write atomically through a 0600 temp file so the content is never world-readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_privately(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))


def _read_json(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotConfigured(
            f"The secrets file {path} cannot be read ({in_words(exc)}).",
            hint="Restore it from a backup, or remove it and reconnect your accounts with `psn setup`.",
        ) from None
    return data if isinstance(data, dict) else {}


class FileSecretStore:
    """A 0600 JSON file. Not encrypted: it relies on the file's permissions, like ~/.netrc."""

    backend_name = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, name: str) -> str | None:
        value = _read_json(self.path).get(name)
        register_secret(value)
        return value

    def set(self, name: str, value: str) -> None:
        register_secret(value)
        with locked(self.path):  # the daemon may be saving a rotated token at this very moment
            data = _read_json(self.path)
            data[name] = value
            write_private_json(self.path, data)

    def delete(self, name: str) -> None:
        with locked(self.path):
            data = _read_json(self.path)
            if data.pop(name, None) is not None:
                write_private_json(self.path, data)

    def names(self) -> list[str]:
        return sorted(_read_json(self.path))


class KeyringSecretStore:
    """The OS keyring. It cannot list entries, so the names live in a side index (names only)."""

    def __init__(self, keyring_module, service: str, names_file: Path) -> None:  # type: ignore[no-untyped-def]
        self._keyring = keyring_module
        self.service = service
        self.names_file = names_file
        backend = keyring_module.get_keyring()
        self.backend_name = f"keyring ({type(backend).__module__}.{type(backend).__name__})"

    def get(self, name: str) -> str | None:
        value = self._keyring.get_password(self.service, name)
        register_secret(value)
        return value

    def set(self, name: str, value: str) -> None:
        register_secret(value)
        self._keyring.set_password(self.service, name, value)
        with locked(self.names_file):
            write_private_json(self.names_file, sorted({*self.names(), name}))

    def delete(self, name: str) -> None:
        try:
            self._keyring.delete_password(self.service, name)
        except self._keyring.errors.PasswordDeleteError:
            pass
        with locked(self.names_file):
            write_private_json(self.names_file, sorted(set(self.names()) - {name}))

    def names(self) -> list[str]:
        if not self.names_file.exists():
            return []
        try:
            data = json.loads(self.names_file.read_text(encoding="utf-8"))
        except ValueError:
            return []
        return sorted(data) if isinstance(data, list) else []


_warned = False


def _keyring_is_usable(keyring_module) -> bool:  # type: ignore[no-untyped-def]
    from keyring.backends import fail, null

    backend = keyring_module.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    chained = getattr(backend, "backends", None)
    return chained != []  # a chainer with nothing behind it is as good as none


def keyring_service(paths: Paths) -> str:
    """One keyring namespace per home, so a PSN_HOME or the sandbox never sees real tokens."""
    if paths.source == "platformdirs":
        return KEYRING_SERVICE
    digest = hashlib.sha256(str(paths.data_dir).encode()).hexdigest()[:12]
    return f"{KEYRING_SERVICE}@{digest}"


def open_secret_store(paths: Paths, mode: str | None = None) -> SecretStore:
    """Pick the store: PSN_SECRETS=file|keyring, otherwise keyring with a file fallback."""
    global _warned
    mode = (mode or os.environ.get("PSN_SECRETS") or "auto").lower()
    if mode not in {"auto", "keyring", "file"}:
        from psn.core.errors import ConfigError

        raise ConfigError(f"PSN_SECRETS={mode!r} is not valid.", hint="Use keyring, file, or leave it unset.")
    if mode == "file":
        return FileSecretStore(paths.secrets_file)
    import keyring

    if _keyring_is_usable(keyring):
        return KeyringSecretStore(keyring, keyring_service(paths), paths.secret_names_file)
    if mode == "keyring":
        raise NotConfigured(
            "No system keyring is available and PSN_SECRETS=keyring forbids the file fallback.",
            hint="Start a Secret Service (e.g. gnome-keyring) or unset PSN_SECRETS to allow a 0600 file.",
        )
    if not _warned:
        _warned = True
        print(
            f"psn: no system keyring available; storing secrets in {paths.secrets_file} with mode 0600 "
            "(not encrypted). Set PSN_SECRETS=keyring to forbid this.",
            file=sys.stderr,
        )
    return FileSecretStore(paths.secrets_file)


# Variables through which psn itself may be handed a secret (the LLM key; a database URL with a password).
SECRET_VARIABLES = ("PSN_LLM_API_KEY",)


def _is_secret_variable(name: str, value: str) -> bool:
    if name in SECRET_VARIABLES:
        return True
    if name == "PSN_DATABASE_URL" and "@" in value:
        return True
    return redactor.knows_one_in(value)


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a program psn starts that is not psn (a media host command, notify-send,
    a clipboard tool, an editor): psn's own, minus every variable that carries one of its secrets.
    The user's other variables (an rclone or AWS key their upload command needs) are left alone."""
    env = os.environ if environ is None else environ
    return {name: value for name, value in env.items() if not _is_secret_variable(name, value)}


@contextmanager
def secrets_hidden_from_children() -> Iterator[None]:
    """For launchers that take no environment (webbrowser): hide psn's secret variables from
    os.environ while they start their program. Only used in the foreground CLI."""
    hidden = {name: value for name, value in os.environ.items() if _is_secret_variable(name, value)}
    for name in hidden:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(hidden)
