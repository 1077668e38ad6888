"""Fixtures of the bad-input matrix: sample files (a sparse 5 GB video among them), and a home where
every sandbox account is connected — built once per session, then copied — so "nothing sent" means
something: each refused command could have reached a platform and did not.

The matrix runs psn in-process like the `cli` fixture, with the Typer command tree built once
(building it is most of an in-process run) and the CLI state reset before each run, as a new
process would have it. Rows that leave the home as it was share one copy; a row that fails (or a
test that changes the home on purpose, with `fresh_home`) gets a new copy.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from badinput_matrix import Home, Outcome

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00\x00\x01\x00" * 2 + b"\x08\x02\x00\x00\x00" + b"0" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"0" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (100 * 1024)
GIB = 1024 * 1024 * 1024

WORDPRESS = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
             "--field", "application_password=abcd EFGH 1234 ijkl MNOP 6789")
BLOG = ("--field", "endpoint_url=https://blog.example.com/hooks/psn",
        "--field", "secret=whsec_c2FuZGJveC1ibG9nLXNlY3JldC1mb3ItcHNuLXRlc3Rz")
ANA, BO, CY = "447700900001", "447700900002", "447700900003"
LINKEDIN_POST = "https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/"


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Valid and invalid inputs. The huge files are sparse (truncate): they take no disk space."""
    folder = tmp_path_factory.mktemp("badinput-files")
    contents = {"a.png": PNG, "a.jpg": JPEG, "a.gif": b"GIF89a" + b"\x00" * 32, "a.mp4": MP4,
                "a.pdf": b"%PDF-1.4\n" + b"0" * 64, "notes.txt": b"hello\n", "empty.png": b"", "empty.mp4": b"",
                "empty.txt": b"", "binary.md": PNG, "latin1.md": "caf\xe9".encode("latin-1"),
                "contacts.csv": b"number,name\n+447700900009,Di\n", "profile.json": b"[1, 2]\n"}
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    for number in range(1, 37):
        (folder / f"j{number}.jpg").write_bytes(JPEG)
        (folder / f"p{number}.png").write_bytes(PNG)
    for name, size in {"huge.mp4": 5 * GIB, "huge.png": 5 * GIB, "huge.jpg": 20 * 1024 * 1024, "huge.gif": 5 * GIB,
                       "huge.md": 5 * GIB, "huge.csv": 5 * GIB, "huge.json": 5 * GIB, "huge.txt": 5 * GIB}.items():
        with open(folder / name, "wb") as handle:
            handle.truncate(size)
    (folder / "folder.png").mkdir()
    (folder / "folder.md").mkdir()
    return folder


def _command():  # type: ignore[no-untyped-def]
    from psn.cli.app import build_command

    return build_command()  # the tree psn runs: psn's groups, words and completers


def make_runner(command):  # type: ignore[no-untyped-def]
    """psn.cli.main(argv) without rebuilding the command tree each time (most of an in-process run)."""
    from psn.cli.app import hoist_global_flags, run_args

    def run(args: list[str], stdin: bytes = b"") -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        piped = io.TextIOWrapper(io.BytesIO(stdin))  # by default as `psn … < /dev/null` would have it
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(piped):
            code = run_args(command, hoist_global_flags(args))
        return Outcome(code, out.getvalue(), err.getvalue())

    return run


@contextlib.contextmanager
def _stdin(stream):  # type: ignore[no-untyped-def]
    import sys

    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


@pytest.fixture(scope="session")
def runner():  # type: ignore[no-untyped-def]
    return make_runner(_command())


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory, runner) -> Path:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("badinput-template") / "home"
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k.startswith("PSN_")]:
            patch.delenv(key)
        patch.setenv("PSN_HOME", str(home))
        patch.setenv("HOME", str(home.parent / "user-home"))
        patch.setenv("PSN_SECRETS", "file")
        _populate(runner)
    _checkpoint(home)
    from psn.cli import state

    state.reset()
    return home


def _populate(run) -> None:  # type: ignore[no-untyped-def]
    def ok(*args: str, code: int = 0) -> None:
        result = run(list(args))
        assert result.code == code, f"template: psn {' '.join(args)}\n{result.stdout}{result.stderr}"

    for sandbox in ([], ["--sandbox"]):
        ok(*sandbox, "config", "set", "general.timezone", "Europe/Paris")
        ok(*sandbox, "post", "list")  # creates the database
    for platform, fields in {"x": (), "linkedin": (), "instagram": (), "tiktok": (), "facebook": (), "whatsapp": (),
                             "wordpress": WORDPRESS, "blog": BLOG}.items():
        ok("--sandbox", "setup", platform, *fields)
    ok("--sandbox", "setup", "voice", "--archetype", "educator", "--pillar", "testing")
    ok("--sandbox", "ideas", "add", "An idea in the bank")                                    # idea 1
    ok("--sandbox", "post", "-p", "x", "-t", "Published before", "--yes")                      # post 1
    ok("--sandbox", "post", "-p", "x", "-t", "Scheduled", "--at", "2099-01-01 10:00", "--yes")  # post 2
    ok("--sandbox", "post", "Why tests fail", "-p", "instagram", "--format", "reel", "--yes",
       code=7)  # post 3, a saved draft awaiting media
    ok("--sandbox", "engage", "add", LINKEDIN_POST, "-t", "What do you think about testing?", "--author", "ana")
    for number, name, opt_in in ((ANA, "Ana", ["--opt-in", "newsletter"]), (BO, "Bo", ["--opt-in", "talk"]),
                                 (CY, "Cy", [])):
        ok("--sandbox", "whatsapp", "contacts", "add", "+" + number, "--name", name, *opt_in)
    _ana_writes()
    ok("--sandbox", "whatsapp", "webhook", "--from-sandbox")  # Ana is inside her 24 h window


def _ana_writes() -> None:
    from psn.accounts.wiring import sandbox_world
    from psn.cli import state
    from psn.sandbox.whatsapp import user_writes

    state.reset(sandbox=True)
    user_writes(sandbox_world(state.ctx()), ANA, "Any news?", name="Ana")


def _checkpoint(home: Path) -> None:
    """Fold each WAL into its database so a plain file copy is the whole state."""
    import gc

    gc.collect()  # closes the engines of the runs above
    for db in home.rglob("*.db"):
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class _SharedCopy:
    path: Path | None = None
    dirty = True


@pytest.fixture(scope="session")
def _shared_copy(tmp_path_factory: pytest.TempPathFactory) -> _SharedCopy:
    shared = _SharedCopy()
    shared.path = tmp_path_factory.mktemp("badinput-shared") / "home"
    return shared


@pytest.fixture
def home(template_home, _shared_copy, sample_files, runner, monkeypatch):  # type: ignore[no-untyped-def]
    """The connected home for rows that must leave it untouched (so one copy serves many rows)."""
    assert _shared_copy.path is not None
    if _shared_copy.dirty:
        shutil.rmtree(_shared_copy.path, ignore_errors=True)
        shutil.copytree(template_home, _shared_copy.path)
    _shared_copy.dirty = True
    monkeypatch.setenv("PSN_HOME", str(_shared_copy.path))
    monkeypatch.setenv("PSN_SECRETS", "file")
    current = Home(_shared_copy.path, sample_files, runner)
    yield current
    _shared_copy.dirty = not current.clean


@pytest.fixture
def fresh_home(template_home, sample_files, runner, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """A copy of the connected home of this test's own, free to be broken."""
    root = tmp_path / "connected-home"
    shutil.copytree(template_home, root)
    monkeypatch.setenv("PSN_HOME", str(root))
    monkeypatch.setenv("PSN_SECRETS", "file")
    return Home(root, sample_files, runner)
