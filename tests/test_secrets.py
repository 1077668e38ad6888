import stat

import keyring
import pytest
from keyring.backends import fail

from psn.core.errors import NotConfigured
from psn.core.paths import resolve_paths
from psn.core.redact import redact
from psn.core.secrets import FileSecretStore, KeyringSecretStore, keyring_service, open_secret_store


def test_keyring_store_round_trip_and_names(memory_keyring):
    paths = resolve_paths().ensure()
    store = open_secret_store(paths)
    assert isinstance(store, KeyringSecretStore)
    store.set("x.access_token", "tok-123456789")
    assert store.get("x.access_token") == "tok-123456789"
    assert store.names() == ["x.access_token"]
    assert (keyring_service(paths), "x.access_token") in memory_keyring.store
    store.delete("x.access_token")
    assert store.get("x.access_token") is None
    assert store.names() == []


def test_headless_falls_back_to_private_file_with_one_warning(capsys):
    keyring.set_keyring(fail.Keyring())
    paths = resolve_paths().ensure()
    store = open_secret_store(paths)
    assert isinstance(store, FileSecretStore)
    store.set("li.token", "secret-value-abc")
    assert stat.S_IMODE(paths.secrets_file.stat().st_mode) == 0o600
    open_secret_store(paths)
    err = capsys.readouterr().err
    assert err.count("no system keyring available") == 1
    assert "secret-value-abc" not in err


def test_psn_secrets_keyring_forbids_fallback(monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PSN_SECRETS", "keyring")
    with pytest.raises(NotConfigured):
        open_secret_store(resolve_paths().ensure())


def test_psn_secrets_file_forces_file(monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert isinstance(open_secret_store(resolve_paths().ensure()), FileSecretStore)


def test_read_values_are_redacted_everywhere_after(memory_keyring):
    store = open_secret_store(resolve_paths().ensure())
    store.set("wp.password", "abcd efgh ijkl mnop")
    assert redact("sent abcd efgh ijkl mnop to server") == "sent *** to server"


def test_real_service_name_only_for_default_home(monkeypatch):
    assert keyring_service(resolve_paths()).startswith("psn@")
    monkeypatch.delenv("PSN_HOME")
    assert keyring_service(resolve_paths()) == "psn"
