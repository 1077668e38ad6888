"""The `psn` root command, its global flags and the one error boundary.

Subcommands live in psn/cli/commands/, one module each: a module defines `ORDER` (its place in --help),
`GROUP` and `register(app)`. Only the command that runs is imported (psn/cli/lazytree.py).
"""

from __future__ import annotations

from typing import Annotated

import typer

from psn import __version__
from psn.cli import state

HELP = """Grow on social media from your own machine.

Global options (--json, --sandbox, -v) may also be given after the command name."""

app = typer.Typer(
    name="psn",
    help=HELP,
    no_args_is_help=False,  # bare `psn` is handled by root(): a fresh home is told where to start
    pretty_exceptions_show_locals=False,  # tokens live in locals
    rich_markup_mode=None,  # plain help keeps `psn --help` fast (rich is not imported)
    # wide terminals get whole lines in help (click stops at 80 columns by default)
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)

WELCOME = """Welcome to psn. Nothing is set up here yet: start with

  psn setup

It asks about your voice, timezone, who writes drafts, your platforms and engagement rules
(a few minutes; each step is saved as you go). `psn --help` lists every command."""

GLOBAL_FLAGS = {"--json", "--sandbox", "-v", "--verbose"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"psn {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    context: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log debug details.")] = False,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", envvar="PSN_SANDBOX", help="Use local emulators and an isolated home.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    state.reset(json=json_output, verbose=verbose, sandbox=sandbox)
    if context.invoked_subcommand is None:
        _bare(context, sandbox)


def _bare(context: typer.Context, sandbox: bool) -> None:
    """`psn` alone: on a home where nothing is set up yet, say where to start; otherwise the help."""
    from psn.core.paths import resolve_paths

    paths = resolve_paths(sandbox=sandbox)  # only looks: a bare `psn` creates nothing
    set_up = paths.config_file.exists() or paths.database_file.exists()
    if state.current().json:
        from psn.cli.output import emit

        emit({"set_up": set_up, "start_with": None if set_up else "psn setup"})
    elif set_up:
        typer.echo(context.get_help())
    else:
        typer.echo(WELCOME)
    raise typer.Exit()


_BUILT: dict[bool, typer.core.TyperGroup] = {}


def build_command(everything: bool = True) -> typer.core.TyperGroup:
    """The click command tree for `app`, every group with psn's behaviour (psn/cli/groups.py). A run
    builds only the command it runs (`everything=False`, psn/cli/lazytree.py); tests walk the whole tree.

    Built once per process: click keeps no per-run state in the tree (each run gets a fresh Context),
    so an in-process caller running psn many times (the tests, the demo) reuses the commands already
    built instead of having typer read their signatures again."""
    from psn.cli.lazytree import load_root

    if everything not in _BUILT:
        _BUILT[everything] = load_root(typer.main.get_command(app), everything=everything)
    return _BUILT[everything]


def hoist_global_flags(argv: list[str]) -> list[str]:
    """Let `psn doctor --json` mean `psn --json doctor` (flags after `--` stay where they are)."""
    if "--" in argv:
        cut = argv.index("--")
        head, tail = argv[:cut], argv[cut:]
    else:
        head, tail = argv, []
    hoisted = [a for a in head if a in GLOBAL_FLAGS]
    rest = [a for a in head if a not in GLOBAL_FLAGS]
    return hoisted + rest + tail


def main(argv: list[str] | None = None) -> int:
    """Run psn and return the exit code; every error ends here, mapped to a message and a code."""
    import sys

    args = hoist_global_flags(list(sys.argv[1:] if argv is None else argv))
    code = run_args(build_command(everything=False), args)
    if argv is None:
        sys.exit(code)
    return code


def run_args(command: typer.core.TyperGroup, args: list[str]) -> int:
    """One invocation of hoisted `args`. --json is set before parsing, so an error raised before the root
    callback runs (an unknown command) is a JSON document too."""
    from psn.cli.boundary import run_guarded

    options = args[: args.index("--")] if "--" in args else args
    state.reset(json="--json" in options)
    return run_guarded(command, args)
