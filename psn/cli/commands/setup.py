"""`psn setup`: connect accounts, build the voice profile, set engagement rules.

Each `psn setup <thing>` lives in psn/cli/setup/<thing>.py. `psn setup` alone walks through
every step in order (interactive only).
"""

from __future__ import annotations

import typer

from psn.cli import setup as setup_pkg

ORDER = 10
GROUP = "Workflow"

setup_app = typer.Typer(help="Connect accounts, build your voice profile, set engagement rules.")


def _steps() -> list:
    from psn.core.plugins import discover

    return discover(setup_pkg)


def register(app: typer.Typer) -> None:
    for module in _steps():
        module.register(setup_app)
    app.add_typer(setup_app, name="setup")


@setup_app.callback(invoke_without_command=True)
def setup_all(context: typer.Context) -> None:
    """With no step named, walk through every step (asks before each)."""
    if context.invoked_subcommand is not None:
        return
    from psn.cli import prompts

    prompts.require_interactive("a step name (e.g. `psn setup x`)", "to ask which steps to run")
    for module in _steps():
        if prompts.confirm(f"Set up {module.NAME}?", default=False):
            command = typer.main.get_command(setup_app)
            command.main(args=[module.NAME], prog_name="psn setup", standalone_mode=False)
