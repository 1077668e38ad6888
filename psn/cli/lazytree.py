"""The top-level command tree, built one command at a time: `psn post list` imports and builds
psn/cli/commands/post.py alone, and `psn --help` imports no command module at all.

Building every command (importing 20-odd modules and turning their Typer apps into click commands)
cost a third of a second on every start. The root help reads each command's section, order and
one-line description from psn/cli/command_index.py instead; tests/test_command_index.py keeps that
index equal to what the modules say. A command module the index does not know yet (added on
another branch) is still found: it is imported the slow way, so a stale index costs time, never a
command.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import typer

from psn.cli import commands as commands_pkg
from psn.cli.groups import RootGroup

# name → (module, section, ORDER, one-line description, hidden)
Entry = tuple[str, str, int, str, bool]


def module_names() -> list[str]:
    """The command modules on disk (a directory listing: nothing is imported)."""
    return sorted(info.name for info in pkgutil.iter_modules(commands_pkg.__path__))


def _nothing() -> None:
    """The holder's callback: it makes Typer build a group even for a module with one command."""


def commands_of(module_name: str) -> dict[str, Any]:
    """The click commands `psn/cli/commands/<module_name>.py` registers, built as the root would build them."""
    from psn.cli.completion import attach_completers
    from psn.cli.groups import polish
    from psn.cli.metavars import name_values

    module = importlib.import_module(f"{commands_pkg.__name__}.{module_name}")
    # the root's own settings, which Typer hands down to the commands it builds below it
    holder = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_show_locals=False)
    holder.callback()(_nothing)
    module.register(holder)
    built = dict(typer.main.get_command(holder).commands)  # type: ignore[attr-defined]
    for command in built.values():
        polish(command)
        name_values(command)
        attach_completers(command)
    return built


def entries_of(module_name: str) -> dict[str, Entry]:
    """What the root help needs to know about one module's commands, read from the module itself."""
    from psn.cli.groups import one_line

    module = importlib.import_module(f"{commands_pkg.__name__}.{module_name}")
    section, order = getattr(module, "GROUP", ""), getattr(module, "ORDER", 100)
    return {name: (module_name, section, order, one_line(command), bool(command.hidden))
            for name, command in commands_of(module_name).items()}


def current_index() -> dict[str, Entry]:
    """The index as the modules on disk would write it (imports every command module)."""
    return {name: entry for module in module_names() for name, entry in entries_of(module).items()}


def known_entries() -> dict[str, Entry]:
    """The index, with modules it does not list read from the modules and modules gone from disk dropped."""
    from psn.cli.command_index import INDEX

    on_disk = module_names()
    entries = {name: entry for name, entry in INDEX.items() if entry[0] in on_disk}
    for module in sorted(set(on_disk) - {entry[0] for entry in INDEX.values()}):
        entries.update(entries_of(module))
    return entries


class LazyRootGroup(RootGroup):
    """`psn` itself: lists every command from the index and builds one only when it is asked for."""

    entries: dict[str, Entry] = {}  # noqa: RUF012 - set once by load_root()

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(self.entries, key=self._place)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in self.entries:
            self.commands.update(commands_of(self.entries[name][0]))
        return self.commands.get(name)

    def is_hidden(self, name: str) -> bool:
        entry = self.entries.get(name)
        return entry[4] if entry else True

    def description(self, name: str) -> str:
        return self.entries[name][3]


def load_root(root: Any, everything: bool = False) -> Any:
    """Make the click group built from the root Typer app psn's lazy root; `everything` builds every
    command now (tests that walk the whole tree)."""
    entries = known_entries()
    root.__class__ = LazyRootGroup
    root.entries = entries
    root.places = {name: (entry[1], entry[2]) for name, entry in entries.items()}
    if everything:
        for name in root.list_commands(None):
            root.get_command(None, name)
    return root


INDEX_HEAD = '''# ruff: noqa: E501 - one command a line reads best, and nobody edits this file by hand
"""What `psn --help` lists, so it lists it without importing a command module (psn/cli/lazytree.py).

Written by `python -m psn.cli.lazytree` from the modules in psn/cli/commands/ (do not edit by hand);
tests/test_command_index.py fails, saying to run it, when a module's commands, GROUP, ORDER or
description no longer match. A module missing here still works, read the slow way.
"""

from __future__ import annotations

# command name → (module, section, ORDER, one-line description, hidden)
'''


def index_text(index: dict[str, Entry]) -> str:
    rows = "".join(f"    {name!r}: {entry!r},\n" for name, entry in sorted(index.items()))
    return f"{INDEX_HEAD}INDEX: dict[str, tuple[str, str, int, str, bool]] = {{\n{rows}}}\n"


def write_index() -> str:
    from pathlib import Path

    path = Path(__file__).with_name("command_index.py")
    path.write_text(index_text(current_index()), encoding="utf-8")
    return str(path)


if __name__ == "__main__":
    print(f"wrote {write_index()}")
