"""How every psn command group behaves: unknown words get a did-you-mean, help lists each command with its
whole one-line description, and the root help is grouped with the daily workflow first (like `gh`).

`polish(root)` gives every group in the tree this behaviour once the Typer app is built, so a group added
later in psn/cli/commands/ gets it without knowing about this module.
"""

from __future__ import annotations

from typing import Any

from typer._click import exceptions as click_exc
from typer.core import TyperGroup

from psn.cli.typos import suggest

# The root help's sections, in this order; a command module names its own with GROUP (see DEVELOPING.md).
SECTIONS = ("Workflow", "Your content", "Accounts and channels", "Settings and troubleshooting")
OTHER_SECTION = "More commands"
LISTED_COMMANDS = 12  # an unknown-command hint names a group's commands when they fit on a line or two


class UnknownCommand(click_exc.UsageError):
    """A word where a command was expected; carries its own hint (the boundary prints it)."""

    def __init__(self, message: str, ctx: Any, hint: str) -> None:
        super().__init__(message, ctx)
        self.hint = hint


def unknown_command(group: TyperGroup, ctx: Any, word: str, hint: str | None = None) -> UnknownCommand:
    names = visible_commands(group, ctx)
    guess = suggest(word, names)
    message = f"Unknown command {_quote(word)}." + (f" Did you mean {_quote(guess)}?" if guess else "")
    if hint is None:
        listed = f": {', '.join(names)}" if len(names) <= LISTED_COMMANDS else ""
        hint = f"Run `{ctx.command_path} --help` to see its commands{listed}."
    return UnknownCommand(message, ctx, hint)


def _quote(word: str) -> str:
    return f"'{word}'"


def visible_commands(group: TyperGroup, ctx: Any) -> list[str]:
    if isinstance(group, PsnGroup):  # the root knows from its index, without building the command
        return [n for n in group.list_commands(ctx) if not group.is_hidden(n)]
    return [n for n in group.list_commands(ctx) if not getattr(group.commands.get(n), "hidden", False)]


def one_line(command: Any) -> str:
    """A command's whole description on one line: its short_help, else the first paragraph of its help
    (click would cut it at 45 characters or the first full stop, which is how "reply (after your..." came)."""
    text = command.short_help or command.help or ""
    paragraph = text.strip().split("\n\n")[0]
    return " ".join(word for word in paragraph.split() if word != "\b")


class PsnGroup(TyperGroup):
    def is_hidden(self, name: str) -> bool:
        return bool(getattr(self.commands.get(name), "hidden", False))

    def description(self, name: str) -> str:
        return one_line(self.commands[name])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        unknown = args and self.get_command(ctx, args[0]) is None and not args[0].startswith("-")
        if unknown and not ctx.resilient_parsing:
            raise unknown_command(self, ctx, args[0])
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, self.description(name)) for name in visible_commands(self, ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class RootGroup(PsnGroup):
    """`psn`: commands in sections, each section in ORDER; `places` maps a name to (section, ORDER)."""

    places: dict[str, tuple[str, int]] = {}  # noqa: RUF012 - set once by psn.cli.app

    def _place(self, name: str) -> tuple[int, int, str]:
        section, order = self.places.get(name, (OTHER_SECTION, 100))
        rank = SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)
        return rank, order, name

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(self.commands, key=self._place)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        names = visible_commands(self, ctx)
        width = max((len(name) for name in names), default=0)  # one column for every section, as gh does
        by_section: dict[str, list[tuple[str, str]]] = {}
        for name in names:
            section = self.places.get(name, (OTHER_SECTION, 0))[0] or OTHER_SECTION
            by_section.setdefault(section, []).append((name.ljust(width), self.description(name)))
        for section, rows in by_section.items():
            with formatter.section(section):
                formatter.write_dl(rows)


def polish(command: Any) -> None:
    """Give every group below `command` psn's group behaviour (a class swap: they hold no extra state)."""
    if not isinstance(command, TyperGroup):
        return
    if type(command) is TyperGroup:
        command.__class__ = PsnGroup
    for sub in command.commands.values():
        polish(sub)
