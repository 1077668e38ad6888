"""The bad-input matrix: one `Row` per invalid input, and the one check every row must pass.

A row is the argv (after `psn`), the exit code psn must return and a fragment of the message that
says what to fix. `Home.refuses(row)` runs it twice — for people and with --json — and asserts,
both times: that exit code; a fix-it message (on stderr for people; a JSON error document with a
hint on stdout for --json); no traceback anywhere; and the home byte-for-byte as it was (every
table's rows, config.toml, secrets, the sandbox world and its request log: nothing stored, nothing
sent).

Arguments written `<name>` are files from the `sample_files` folder (see conftest.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from badinput_snapshot import changes, snapshot

FILE_ARG = re.compile(r"^<([\w.-]+)>$")
HEADROOM = 3 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    id: str
    argv: tuple[str, ...]
    code: int
    fix: str
    sandbox: bool = True

    def __str__(self) -> str:
        return self.id


def row(id: str, argv: list[str], code: int, fix: str, sandbox: bool = True) -> Row:
    return Row(id, tuple(argv), code, fix, sandbox)


def ids(rows: list[Row]) -> list[str]:
    seen = [r.id for r in rows]
    duplicates = {i for i in seen if seen.count(i) > 1}
    assert not duplicates, f"duplicate row ids: {duplicates}"
    return seen


def one_line(text: str) -> str:
    """rich wraps long messages: compare with every run of whitespace made one space."""
    return " ".join(text.split())


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


class Home:
    """A connected sandbox home (see conftest.py) and a fast in-process psn to run against it."""

    def __init__(self, root: Path, files: Path, runner) -> None:  # type: ignore[no-untyped-def]
        self.root = root
        self.files = files
        self._run = runner
        self.clean = False

    def argv(self, row: Row) -> list[str]:
        args = [str(self.files / m.group(1)) if (m := FILE_ARG.match(a)) else a for a in row.argv]
        return ["--sandbox", *args] if row.sandbox else args

    def run(self, *args: str) -> Outcome:
        if any("huge" in a for a in args):
            with memory_ceiling():
                return self._run(list(args))
        return self._run(list(args))

    def refuses(self, row: Row) -> None:
        args = self.argv(row)
        before = snapshot(self.root)
        people = self.run(*args)
        context = f"{row.id}: psn {' '.join(a[:60] for a in args)}\nstdout: {people.stdout}\nstderr: {people.stderr}"
        assert people.code == row.code, context
        assert "Traceback" not in people.stdout + people.stderr, context
        assert "Error:" in people.stderr and one_line(row.fix) in one_line(people.stderr), context
        assert "Unexpected error" not in people.stderr, context
        assert not changes(before, snapshot(self.root)), f"{context}\nchanged: {changes(before, snapshot(self.root))}"
        self.refuses_as_json(row, args, before)
        self.clean = True

    def refuses_as_json(self, row: Row, args: list[str], before: dict[str, str]) -> None:
        machine = self.run("--json", *args)
        context = f"{row.id} --json\nstdout: {machine.stdout}\nstderr: {machine.stderr}"
        assert machine.code == row.code, context
        assert "Traceback" not in machine.stdout + machine.stderr, context
        document = json.loads(machine.stdout)
        error = document["error"]
        assert document["ok"] is False and error["code"] == row.code and error["kind"], context
        assert error["message"] and error.get("hint"), f"{context}\n(every refusal names its fix in a hint)"
        assert one_line(row.fix) in one_line(f"{error['message']} {error['hint']}"), context
        assert not changes(before, snapshot(self.root)), f"{context}\nchanged: {changes(before, snapshot(self.root))}"


@contextmanager
def memory_ceiling() -> Iterator[None]:
    """A psn that reads a whole sparse 5 GB file into memory fails this run with MemoryError
    (exit 1, the row fails) instead of taking the machine down with it."""
    try:
        import resource

        statm = Path("/proc/self/statm").read_text().split()
    except (ImportError, OSError):
        yield  # no /proc (macOS): no ceiling
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = int(statm[0]) * resource.getpagesize() + HEADROOM
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
