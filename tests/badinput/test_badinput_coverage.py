"""The matrix covers every command: each one psn has gets at least one bad-input row, or is listed
here with the reason it takes no input that could be bad. A new command fails this test until it
is given its rows."""

from __future__ import annotations

from functools import cache

import test_badinput_commands
import test_badinput_environment
import test_badinput_post
import test_badinput_prompts

from psn.cli.app import GLOBAL_FLAGS, build_command

NO_INPUT = {
    "accounts list": "no arguments; shows what is connected",
    "accounts health": "no arguments; its exit 3 reports expiring tokens, not bad input",
    "voice history": "no arguments",
    "engage learn": "no arguments",
    "engage config show": "no arguments",
    "engage queue": "no arguments; lists approved replies waiting to send",
    "whatsapp contacts list": "one on/off flag",
    "campaigns list": "no arguments",
    "prompts list": "no arguments",
    "daemon start": "no arguments (and it would start a daemon)",
    "daemon status": "no arguments; its exit 3 says the daemon is not running, not bad input",
    "notify list": "no arguments; lists the channels",
    "config path": "no arguments",
    "sandbox reset": "no arguments",
}


@cache
def tree():  # type: ignore[no-untyped-def]
    return build_command()  # the tree psn runs: psn's groups, words and completers


def leaf_commands(group=None, prefix: tuple[str, ...] = ()) -> set[str]:  # type: ignore[no-untyped-def]
    group = group or tree()
    found: set[str] = set()
    for name, command in getattr(group, "commands", {}).items():
        if getattr(command, "commands", None):
            found |= leaf_commands(command, (*prefix, name))
        else:
            found.add(" ".join((*prefix, name)))
    return found


def command_of(argv: tuple[str, ...]) -> str:
    """The command an argv runs, default subcommands included (`post -p x` is `post create`)."""
    command = tree()
    args = [a for a in argv if a not in GLOBAL_FLAGS]
    path: list[str] = []
    while getattr(command, "commands", None):
        if args and args[0] in command.commands:
            name = args.pop(0)
        elif getattr(command, "default_command", None):
            name = command.default_command
        else:
            break
        path.append(name)
        command = command.commands[name]
    return " ".join(path)


def covered() -> set[str]:
    rows = [*test_badinput_post.ROWS, *test_badinput_commands.ROWS,
            *(c.row for c in test_badinput_environment.CORRUPT_FILES),
            *(c.row for c in test_badinput_environment.BAD_ENVIRONMENT)]
    return {command_of(r.argv) for r in rows} | set(test_badinput_prompts.COMMANDS)


def test_every_command_has_bad_input_rows():
    missing = sorted(leaf_commands() - covered() - set(NO_INPUT))
    assert not missing, f"commands without a bad-input row: {missing} (add rows, or a reason to NO_INPUT)"


def test_no_input_list_names_real_commands():
    assert set(NO_INPUT) <= leaf_commands()
    assert not set(NO_INPUT) & covered(), "a command with rows need not be excused"
