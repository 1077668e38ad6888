"""Bad input from around the command line: a corrupt config file, database, secrets file or sandbox
state; PSN_* variables with bad values; a home psn cannot use. Every case: exit 2 or 3 with the fix
named, no traceback, and the broken file left exactly as it was (psn never "repairs" it by
overwriting what the user may want to recover), nothing sent.

A few run as real processes, the way a user meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from badinput_matrix import Row, ids, one_line, row
from badinput_snapshot import changes, snapshot

SANDBOX_HOME = "data/sandbox-home"
POST = ["post", "-p", "x", "-t", "hi", "--yes"]


@dataclass(frozen=True)
class Corrupt:
    file: str
    """Relative to the sandbox home."""
    content: bytes | None
    """None: a folder where the file should be."""
    row: Row


def corrupt(id: str, file: str, content: bytes | None, argv: list[str], code: int, fix: str) -> Corrupt:
    return Corrupt(file, content, row(id, argv, code, fix))


def first_page(home) -> bytes:  # type: ignore[no-untyped-def]
    return (home.root / SANDBOX_HOME / "data/psn.db").read_bytes()[:4096]


CORRUPT_FILES = [
    corrupt("config-not-toml", "config/config.toml", b"this = = not toml", POST, 2, "Fix the file, or move it away"),
    corrupt("config-not-toml-show", "config/config.toml", b"[general", ["config", "show"], 2, "is not valid TOML"),
    corrupt("config-not-toml-config-set", "config/config.toml", b"[general", ["config", "set", "log.level", "info"], 2,
            "Fix the file, or move it away"),
    corrupt("config-binary", "config/config.toml", b"\x89PNG\x00\xff", ["doctor"], 2, "it is not UTF-8 text"),
    corrupt("config-folder", "config/config.toml", None, ["post", "list"], 2, "cannot be read"),
    corrupt("config-unknown-key", "config/config.toml", b"[bogus]\nkey = 1\n", POST, 2, "psn config show"),
    corrupt("config-bad-value", "config/config.toml", b"[general]\ntimezone = 'Mars/Base'\n", POST, 2,
            "psn config set general.timezone VALUE"),
    corrupt("config-wrong-type", "config/config.toml", b"[x]\nmax_weighted_length = 'long'\n", POST, 2,
            "psn config unset x.max_weighted_length"),
    corrupt("config-bad-url", "config/config.toml", b"[x]\napi_url = 'api.x.com'\n", POST, 2, "https://"),
    corrupt("database-garbage", "data/psn.db", b"garbage" * 1000, POST, 3, "move it away"),
    corrupt("database-garbage-list", "data/psn.db", b"garbage" * 1000, ["post", "list"], 3, "restore a backup"),
    corrupt("database-folder", "data/psn.db", None, ["post", "list"], 3, "move it away"),
    corrupt("secrets-not-json", "data/secrets.json", b"{not json", POST, 3, "reconnect your accounts"),
    corrupt("secrets-folder", "data/secrets.json", None, POST, 3, "reconnect your accounts"),
    corrupt("sandbox-faults-not-json", "data/sandbox-world/_faults.json", b"{not json", ["sandbox", "status"], 3,
            "psn sandbox reset"),
    corrupt("sandbox-faults-not-object", "data/sandbox-world/_faults.json", b"[1, 2]", ["sandbox", "fault", "x"], 3,
            "psn sandbox reset"),
    corrupt("sandbox-clock-not-object", "data/sandbox-world/_world.json", b"[1, 2]", ["sandbox", "advance", "1h"], 3,
            "psn sandbox reset"),
]


@pytest.mark.parametrize("case", CORRUPT_FILES, ids=ids([c.row for c in CORRUPT_FILES]))
def test_corrupt_file_refused(fresh_home, case):
    path = fresh_home.root / SANDBOX_HOME / case.file
    if case.content is None:
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(case.content)
    fresh_home.refuses(case.row)


def test_a_corrupt_sandbox_clock_reads_as_no_offset(fresh_home):
    """The clock offset is read without the lock on every request; garbage there is no offset, not a crash."""
    (fresh_home.root / SANDBOX_HOME / "data/sandbox-world/_world.json").write_bytes(b"[1, 2]")
    outcome = fresh_home.run("--sandbox", "sandbox", "status")
    assert outcome.code == 0 and "Traceback" not in outcome.stdout + outcome.stderr, outcome


@pytest.mark.parametrize("cut", ["header", "first-page"])
def test_damaged_database_refused(fresh_home, cut):
    """A database whose header is overwritten, or that lost everything after its first page."""
    db = fresh_home.root / SANDBOX_HOME / "data/psn.db"
    data = db.read_bytes()
    db.write_bytes(b"\x00" * 100 + data[100:] if cut == "header" else data[:4096])
    fresh_home.refuses(row(f"database-{cut}", ["post", "list"], 3, "restore a backup"))


@dataclass(frozen=True)
class Env:
    env: dict[str, str]
    row: Row


def env(id: str, variables: dict[str, str], argv: list[str], code: int, fix: str, sandbox: bool = True) -> Env:
    return Env(variables, row(id, argv, code, fix, sandbox))


BAD_ENVIRONMENT = [
    env("env-timezone", {"PSN_GENERAL_TIMEZONE": "Mars/Base"}, POST, 2, "Fix or unset PSN_GENERAL_TIMEZONE"),
    env("env-not-int", {"PSN_X_MAX_WEIGHTED_LENGTH": "long"}, POST, 2, "Fix or unset PSN_X_MAX_WEIGHTED_LENGTH"),
    env("env-log-level", {"PSN_LOG_LEVEL": "loud"}, ["doctor"], 2, "Fix or unset PSN_LOG_LEVEL"),
    env("env-bool", {"PSN_GENERAL_REVIEW_BEFORE_PUBLISH": "maybe"}, POST, 2, "PSN_GENERAL_REVIEW_BEFORE_PUBLISH"),
    env("env-url", {"PSN_X_API_URL": "api.x.com"}, POST, 2, "Fix or unset PSN_X_API_URL"),
    env("env-port", {"PSN_X_REDIRECT_PORT": "0"}, POST, 2, "1 to 65535"),
    env("env-secrets", {"PSN_SECRETS": "vault"}, POST, 2, "Use keyring, file, or leave it unset"),
    env("env-sandbox", {"PSN_SANDBOX": "maybe"}, ["post", "list"], 2, "PSN_SANDBOX", sandbox=False),
    env("env-database-url", {"PSN_DATABASE_URL": "psn.db"}, ["post", "list"], 2, "Fix or unset PSN_DATABASE_URL"),
    env("env-database-driver", {"PSN_DATABASE_URL": "nosuchdb://u@127.0.0.1:1/psn"}, ["post", "list"], 3,
        "unset PSN_DATABASE_URL"),
    env("env-sandbox-url", {"PSN_SANDBOX_URL": "127.0.0.1:8700"}, POST, 2, "psn sandbox serve"),
    env("env-now", {"PSN_NOW": "tomorrow"}, POST, 2, "PSN_NOW=2026-12-01T09:00:00Z"),
    env("env-clock-file-folder", {"PSN_CLOCK_FILE": "/"}, POST, 2, "Point it at a text file"),
    env("env-notify-number", {"PSN_WHATSAPP_NOTIFY_TO": "call-me"}, ["whatsapp", "notify", "hi"], 2,
        "Fix or unset PSN_WHATSAPP_NOTIFY_TO"),
]


@pytest.mark.parametrize("case", BAD_ENVIRONMENT, ids=ids([c.row for c in BAD_ENVIRONMENT]))
def test_bad_environment_refused(home, monkeypatch, case):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    home.refuses(case.row)


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_home_that_is_not_a_folder(home, monkeypatch, tmp_path, where):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where psn's home should be\n")
    monkeypatch.setenv("PSN_HOME", str(blocker if where == "a-file" else blocker / "psn"))
    result = home.run("post", "list")
    assert result.code == 3 and "Traceback" not in result.stdout + result.stderr, result
    assert "psn cannot use the folder" in result.stderr and "PSN_HOME at a folder you own" in one_line(result.stderr)
    assert blocker.read_text() == "a file where psn's home should be\n"


# --- real processes -------------------------------------------------------------------------------


def psn_process(home_root, *args: str, **env: str) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PSN_")}
    environ.update(PSN_HOME=str(home_root), PSN_SECRETS="file", **env)
    return subprocess.run([sys.executable, "-m", "psn", *args], env=environ, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_process_with_corrupt_database(fresh_home):
    (fresh_home.root / SANDBOX_HOME / "data/psn.db").write_bytes(b"not a database" * 100)
    before = snapshot(fresh_home.root)
    proc = psn_process(fresh_home.root, "--sandbox", *POST)
    assert proc.returncode == 3 and "Traceback" not in proc.stdout + proc.stderr, proc
    assert "move it away (psn starts a fresh one) or restore a backup" in " ".join(proc.stderr.split())
    assert not changes(before, snapshot(fresh_home.root))


def test_process_with_bad_variable_as_json(fresh_home):
    before = snapshot(fresh_home.root)
    proc = psn_process(fresh_home.root, "--sandbox", "--json", *POST, PSN_GENERAL_TIMEZONE="Mars/Base")
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr, proc
    error = __import__("json").loads(proc.stdout)["error"]
    assert error["kind"] == "bad_config" and error["hint"] == "Fix or unset PSN_GENERAL_TIMEZONE."
    assert not changes(before, snapshot(fresh_home.root))


# --- a home psn may not write to -------------------------------------------------------------------

NOBODY = 65534
CHILD_TIMEOUT = 120


def run_forked(runner, args: list[str], environ: dict[str, str], uid: int | None):  # type: ignore[no-untyped-def]
    """Run psn in a forked child, as `uid` when given (root cannot be refused a write; nobody can)."""
    import json
    import select
    import signal

    from badinput_matrix import Outcome

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest teardown, no atexit, just the outcome down the pipe
        try:
            os.close(read_end)
            if uid is not None:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            os.environ.update(environ)
            outcome = runner(args)
            payload = {"code": outcome.code, "stdout": outcome.stdout, "stderr": outcome.stderr}
        except BaseException as exc:  # whatever it is, the parent reports it
            payload = {"code": -1, "stdout": "", "stderr": f"the child failed: {exc!r}"}
        with os.fdopen(write_end, "w") as pipe:
            json.dump(payload, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        ready, _, _ = select.select([pipe], [], [], CHILD_TIMEOUT)
        if not ready:  # never hang the suite on a stuck child
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"psn {' '.join(args)} did not finish within {CHILD_TIMEOUT} s")
        data = pipe.read()
    os.waitpid(pid, 0)
    return Outcome(**json.loads(data))


@pytest.fixture
def read_only_home(tmp_path):  # type: ignore[no-untyped-def]
    """An empty PSN_HOME (mode 0500) its user cannot write to, and that user's id (None: this one).

    Root writes anywhere, so under root the folder belongs to `nobody` and psn runs as nobody."""
    import shutil
    import tempfile

    as_root = os.getuid() == 0
    parent = tempfile.mkdtemp(prefix="psn-readonly-") if as_root else str(tmp_path)
    home = os.path.join(parent, "home")
    os.mkdir(home)
    if as_root:
        os.chmod(parent, 0o711)  # nobody may pass through, not list
        os.chown(home, NOBODY, NOBODY)
    os.chmod(home, 0o500)
    yield home, (NOBODY if as_root else None)
    os.chmod(home, 0o700)
    if as_root:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["people", "json"])
def test_unwritable_home_refused(runner, read_only_home, json_flag):
    home, uid = read_only_home
    runner(["post", "list"])  # warm the imports: as nobody, the interpreter's own folder may be closed
    outcome = run_forked(runner, [*json_flag, "post", "list"], {"PSN_HOME": home, "PSN_SECRETS": "file"}, uid)
    text = outcome.stdout + outcome.stderr
    assert outcome.code == 3 and "Traceback" not in text, outcome
    assert "psn cannot use the folder" in text and "Permission denied" in text, outcome
    assert "point PSN_HOME at a folder you own" in one_line(text), outcome
    if json_flag:
        assert __import__("json").loads(outcome.stdout)["error"]["kind"] == "not_configured"
    assert os.listdir(home) == []  # nothing stored
