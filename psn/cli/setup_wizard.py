"""`psn setup` with no step named: every step in order, like `gh auth login`.

The steps are the `psn setup <thing>` modules (psn/cli/setup/), run through their registered
commands so the wizard asks exactly what `psn setup <thing>` asks. A step that is already set
says what it holds and is kept with Enter. Each step saves when it finishes, so Ctrl-C keeps the
finished ones; a step that fails is reported and offered again, and never ends the wizard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from psn.context import AppContext

SAVED, KEPT, SKIPPED = "saved", "kept", "not set"


@dataclass
class Step:
    name: str
    title: str
    describe: Callable[[AppContext], str | None]


def steps_of(modules: list[ModuleType]) -> list[Step]:
    return [Step(m.NAME, getattr(m, "TITLE", m.NAME.title()), getattr(m, "describe", _unknown)) for m in modules]


def run_wizard(setup_app: typer.Typer, steps: list[Step]) -> None:
    from psn.cli import prompts

    prompts.require_interactive("a step name (e.g. `psn setup voice`, `psn setup x`)", "to walk through the setup")
    _intro(steps)
    outcome: dict[str, str] = {}
    try:
        for number, step in enumerate(steps, 1):
            outcome[step.title] = _visit(setup_app, step, number, len(steps))
    except (KeyboardInterrupt, EOFError, _abort()):
        _stopped(steps, outcome)
    _summary(steps)


def _visit(setup_app: typer.Typer, step: Step, number: int, total: int) -> str:
    from psn.cli import prompts

    typer.echo(f"\n── Step {number} of {total}: {step.title} ──")
    status = _status(step)
    if status and not prompts.confirm(f"{step.title}: {status} — change it?", default=False):
        return KEPT
    while not _run_step(setup_app, step):
        if not prompts.confirm(f"Try the {step.title.lower()} step again?", default=True):
            typer.echo(f"Skipped. Set it later with `psn setup {step.name}`.")
            return KEPT if status else SKIPPED  # what was set before is still there
    return SAVED if _status(step) else SKIPPED


def _run_step(setup_app: typer.Typer, step: Step) -> bool:
    """Run `psn setup <step>`; False when it failed (the error is shown, the wizard goes on)."""
    from psn.cli.output import emit_error
    from psn.core.errors import PartialSuccess, PsnError

    command = typer.main.get_command(setup_app)
    try:
        result = command.main(args=[step.name], prog_name="psn setup", standalone_mode=False)
    except PartialSuccess as exc:  # e.g. two platforms of three connected: keep them, go on
        emit_error(exc.kind, exc.message, int(exc.exit_code), exc.hint)
        return True
    except PsnError as exc:
        emit_error(exc.kind, exc.message, int(exc.exit_code), exc.hint)
        return False
    if result == 130:  # typer reports Ctrl-C inside a command as exit 130
        raise KeyboardInterrupt
    return True


def _status(step: Step) -> str | None:
    from psn.cli.state import ctx, current

    current()._context = None  # a step just wrote config or the database: read them afresh
    return step.describe(ctx())


def _intro(steps: list[Step]) -> None:
    names = ", ".join(s.title.lower() for s in steps)
    if not any(_status(s) for s in steps):
        typer.echo(f"Welcome to psn. {len(steps)} short steps: {names}.")
    else:
        typer.echo(f"psn setup: {names}.")
        typer.echo("Steps already set show what they hold; Enter keeps them.")
    typer.echo("Each step is saved when it finishes: Ctrl-C keeps the finished ones.")


def _stopped(steps: list[Step], outcome: dict[str, str]) -> None:
    from psn.core.errors import Interrupted

    done = [title for title, how in outcome.items() if how != SKIPPED]
    left = [s.title for s in steps if outcome.get(s.title, SKIPPED) == SKIPPED]
    raise Interrupted(
        f"Setup stopped. Saved: {', '.join(done) or 'nothing yet'}. Not finished: {', '.join(left)}.",
        hint="Run `psn setup` again: what is saved shows as set, and Enter keeps it.",
    )


def _summary(steps: list[Step]) -> None:
    typer.echo("\n── Summary ──")
    statuses = {s.name: _status(s) for s in steps}
    width = max(len(s.title) for s in steps)
    for step in steps:
        status = statuses[step.name]
        shown = status if status else f"not set — `psn setup {step.name}`"
        typer.echo(f"{'✓' if status else '·'} {step.title.ljust(width)}  {shown}")
    typer.echo("\nNext, try:")
    for command, why in _next_commands(statuses):
        typer.echo(f"  {command.ljust(44)} {why}")


def _next_commands(statuses: dict[str, str | None]) -> list[tuple[str, str]]:
    if not statuses.get("platforms"):
        return [("psn setup platforms", "connect an account to post to"),
                ("psn post create \"an idea in your words\" --dry-run", "see a draft in your voice (nothing is sent)")]
    return [("psn post create \"an idea in your words\"", "a draft in your voice; nothing goes out until you approve"),
            ("psn engage session", "conversations worth joining, replies you approve")]


def _abort() -> type[BaseException]:
    from typer import exceptions

    return exceptions.Abort


def _unknown(context: AppContext) -> str | None:
    return None
