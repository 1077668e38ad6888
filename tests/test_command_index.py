"""The lazy command tree (psn/cli/lazytree.py): `psn --help` reads psn/cli/command_index.py instead of
importing every command module, and a run builds only its own command. These tests keep the index
equal to the modules, the lazy tree's help equal to the full tree's, and the fast path honest about
what it imports."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import textwrap

import pytest

from psn.cli import lazytree
from psn.cli.app import app, build_command, run_args
from psn.cli.command_index import INDEX


def test_the_index_says_what_the_command_modules_say():
    assert INDEX == lazytree.current_index(), (
        "psn/cli/command_index.py is out of date: run `.venv/bin/python -m psn.cli.lazytree` and commit it")


def _help(tree, *path: str) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run_args(tree, [*path, "--help"]) == 0, path
    return out.getvalue()


def _fresh_lazy():  # type: ignore[no-untyped-def]
    """A lazy root that has built nothing yet (build_command keeps one per process, filling as it runs)."""
    import typer

    return lazytree.load_root(typer.main.get_command(app))


def test_lazy_help_is_the_full_trees_help_for_every_command():
    full = build_command()
    assert set(full.commands) == set(INDEX)
    assert _help(_fresh_lazy()) == _help(full)
    for name in full.commands:
        lazy = _fresh_lazy()
        assert _help(lazy, name) == _help(full, name), name
        assert set(lazy.commands) == {n for n, entry in INDEX.items() if entry[0] == INDEX[name][0]}


def test_a_module_the_index_does_not_know_still_runs_and_is_listed(monkeypatch, cli):
    import psn.cli.command_index as index

    monkeypatch.setattr(sys.modules["psn.cli.app"], "_BUILT", {})  # the cached root read the real index
    stale = {name: entry for name, entry in INDEX.items() if entry[0] != "campaigns"}
    stale["gone"] = ("module_deleted_on_another_branch", "Workflow", 1, "Nothing.", False)
    monkeypatch.setattr(index, "INDEX", stale)
    out = cli("--help").stdout
    assert "  campaigns " in out and "Campaigns: content tagged" in out
    assert "gone" not in out
    result = cli("--json", "campaigns", "list")
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def _modules_after(argv: list[str], tmp_path) -> list:  # type: ignore[no-untyped-def]
    """Run psn in a fresh interpreter and say which psn command modules and heavy libraries it imported."""
    code = textwrap.dedent(f"""
        import contextlib, io, json, sys
        from psn.cli.app import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main({argv!r})
        loaded = sorted(m for m in sys.modules if m.startswith("psn.cli.commands."))
        heavy = [m for m in ("sqlalchemy", "sqlmodel", "rich.console", "httpx") if m in sys.modules]
        print(json.dumps([code, loaded, heavy]))
    """)
    env = {"PSN_HOME": str(tmp_path / "home"), "PSN_SECRETS": "file", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                                     text=True).stdout)


@pytest.mark.parametrize(("argv", "code", "loaded"), [
    (["--help"], 0, []),
    (["--version"], 0, []),
    (["lsit"], 2, []),  # an unknown command is refused from the index alone
    (["config", "path"], 0, ["psn.cli.commands.config"]),
    (["engage", "--help"], 0, ["psn.cli.commands.engage", "psn.cli.commands.engage.act",
                               "psn.cli.commands.engage.queue", "psn.cli.commands.engage.render",
                               "psn.cli.commands.engage.reports"]),
])
def test_a_run_imports_only_its_own_command_module(argv, code, loaded, tmp_path):
    assert _modules_after(argv, tmp_path)[:2] == [code, loaded]


def test_psn_help_imports_no_heavy_library(tmp_path):
    assert _modules_after(["--help"], tmp_path)[2] == []
