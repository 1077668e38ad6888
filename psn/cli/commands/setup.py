"""`psn setup`: connect accounts, build the voice profile, set engagement rules.

Each `psn setup <thing>` lives in psn/cli/setup/<thing>.py. `psn setup` alone is the wizard
(psn/cli/setup_wizard.py): every step in ORDER, interactive only.
"""

from __future__ import annotations

import typer

from psn.cli import setup as setup_pkg

ORDER = 10
GROUP = "Workflow"

setup_app = typer.Typer(help="Set up psn: alone, a wizard through every step (voice, timezone, writer, platforms, "
                             "engagement); or name one step.")


def _steps() -> list:
    from psn.core.plugins import discover

    return discover(setup_pkg)


def register(app: typer.Typer) -> None:
    for module in _steps():
        module.register(setup_app)
    app.add_typer(setup_app, name="setup")


@setup_app.callback(invoke_without_command=True)
def setup_all(context: typer.Context) -> None:
    """With no step named: voice, timezone, writer, platforms, engagement, then a summary."""
    if context.invoked_subcommand is not None:
        return
    from psn.cli.setup_wizard import run_wizard, steps_of

    run_wizard(setup_app, steps_of(_steps()))
