"""`psn demo`: run the whole psn workflow against the local sandbox, in a throwaway home."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ORDER = 95
GROUP = "Settings and troubleshooting"


def register(app: typer.Typer) -> None:
    app.command(help="Run the psn workflow end to end against local emulators (no accounts, no network).")(demo)


def demo(
    home: Annotated[
        Path | None, typer.Option(help="Keep the demo's home here (default: a temporary folder, removed after).")
    ] = None,
    faults: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Run under a fault storm: this share of requests fails (e.g. 0.2).")] = 0.0,
    seed: Annotated[int, typer.Option(help="With --faults: the storm's seed (same seed, same storm).")] = 0,
) -> None:
    import shutil
    import tempfile

    from psn.cli.demo.runner import run_demo
    from psn.cli.output import emit
    from psn.cli.state import current
    from psn.core.errors import BadInput

    if home is not None and home.expanduser().exists() and not home.expanduser().is_dir():
        raise BadInput(f"--home {home} is not a folder.", hint="Give a folder (psn creates it if it is missing).")
    temporary = home is None
    target = Path(tempfile.mkdtemp(prefix="psn-demo-")) if temporary else home.expanduser().resolve()
    json_mode = current().json
    try:
        result = run_demo(target, echo=not json_mode, faults=faults, seed=seed)
    finally:
        if temporary:
            shutil.rmtree(target, ignore_errors=True)
    emit(result, lambda r: typer.echo(_summary(r, temporary)))


def _summary(result: dict, temporary: bool) -> str:
    lines = [f"\nDemo finished: {len(result['steps'])} steps, {result['commands_run']} commands, {result['seconds']} s."
             + ("" if not temporary else " The demo home was removed.")]
    if "fault_storm" in result:
        from psn.cli.demo.storm_run import render

        lines += render(result)
    return "\n".join(lines)
