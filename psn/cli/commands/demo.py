"""`psn demo`: run the whole psn workflow against the local sandbox, in a throwaway home."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ORDER = 95


def register(app: typer.Typer) -> None:
    app.command(help="Run the psn workflow end to end against local emulators (no accounts, no network).")(demo)


def demo(
    home: Annotated[
        Path | None, typer.Option(help="Keep the demo's home here (default: a temporary folder, removed after).")
    ] = None,
) -> None:
    import shutil
    import tempfile

    from psn.cli.demo.runner import run_demo
    from psn.cli.output import emit
    from psn.cli.state import current

    temporary = home is None
    target = Path(tempfile.mkdtemp(prefix="psn-demo-")) if temporary else home.expanduser().resolve()
    json_mode = current().json
    try:
        result = run_demo(target, echo=not json_mode)
    finally:
        if temporary:
            shutil.rmtree(target, ignore_errors=True)
    emit(result, lambda r: typer.echo(
        f"\nDemo finished: {len(r['steps'])} steps, {r['commands_run']} commands, {r['seconds']} s."
        + ("" if not temporary else " The demo home was removed.")
    ))
