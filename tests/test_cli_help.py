"""Help reads like gh's: the workflow first, whole one-line descriptions, words for values, and the
default command's options on `psn post --help` / `psn engage --help`. Every command's --help is walked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from psn.cli.app import build_command

PSN = str(Path(sys.executable).with_name("psn"))
PYTHON_TYPES = re.compile(r"<(list|int|str|float|Path|bool|tuple|datetime)\b|\{[A-Z_]+\}|<int range>")


def every_command_path(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield (*prefix, name)
        if getattr(command, "commands", None):
            yield from every_command_path(command, (*prefix, name))


def help_pages() -> dict[tuple[str, ...], str]:
    """Every command's --help as `psn … --help` prints it (one command tree, as badinput's runner does)."""
    import contextlib
    import io

    from psn.cli.app import run_args

    tree = build_command()
    pages = {}
    for path in [(), *every_command_path(tree)]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert run_args(tree, [*path, "--help"]) == 0, path
        pages[path] = out.getvalue()
    return pages


def help_of(cli, *path: str) -> str:  # type: ignore[no-untyped-def]
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_root_help_groups_commands_with_the_workflow_first():
    out = subprocess.run([PSN, "--help"], capture_output=True, text=True, timeout=60, check=True).stdout
    sections = [line[:-1] for line in out.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert sections == ["Options", "Workflow", "Your content", "Accounts and channels", "Settings and troubleshooting"]
    workflow = out.split("Workflow:")[1].split("\n\n")[0]
    names = [line.split()[0] for line in workflow.splitlines() if line.startswith("  ") and line[2] != " "]
    assert names == ["setup", "post", "engage", "analytics", "daemon"]
    assert "reply (after your approval)." in out  # whole descriptions, not "reply (after your..."


def test_every_top_level_command_is_in_a_named_section(cli):
    out = help_of(cli)
    listed = out.split("Options:")[1]
    for name in build_command().commands:
        assert re.search(rf"^  {re.escape(name)} ", listed, re.M), name
    assert "More commands:" not in out  # every command module names its GROUP


@pytest.mark.parametrize(("group", "wanted"), [
    ("post", ["IDEA", "-p, --platform PLATFORM", "--at WHEN", "-y, --yes", "--dry-run", "Commands:", "  list "]),
    ("engage", ["--minutes N", "-p, --platform PLATFORM", "Commands:", "  reply "]),
])
def test_default_group_help_shows_the_default_commands_options_and_the_subcommands(group, wanted):
    out = subprocess.run([PSN, group, "--help"], capture_output=True, text=True, timeout=60, check=True).stdout
    for text in wanted:
        assert text in out, text
    assert f"Usage: psn {group} [OPTIONS]" in out and f"or: psn {group} [OPTIONS] COMMAND [ARGS]..." in out


def test_every_commands_help_uses_words_for_values_and_whole_descriptions():
    problems = []
    pages = help_pages()
    assert len(pages) > 100  # really every command
    for path, out in pages.items():
        if PYTHON_TYPES.search(out):
            problems.append(f"psn {' '.join(path)}: {PYTHON_TYPES.search(out).group(0)}")
        commands = out.split("Commands:")[1] if "Commands:" in out else ""
        if "..." in commands:
            problems.append(f"psn {' '.join(path)}: a description is cut")
    assert problems == []


def test_setup_platform_help_says_what_it_connects_in_words(cli):
    out = " ".join(help_of(cli, "setup").split())  # as read, whatever the width it wrapped at
    assert "Connect your WordPress site: its address, your username and an application password." in out
    assert "platform package" not in out and "Connect your account:" not in out
    assert "Connect your WordPress site" in help_of(cli, "setup", "wordpress")


def test_help_stays_plain_and_cheap():
    """No rich at `psn --help` (tests/test_startup_imports.py guards the imports; this the output)."""
    out = subprocess.run([PSN, "post", "--help"], capture_output=True, text=True, timeout=60, check=True).stdout
    assert "\x1b[" not in out and "╭" not in out
