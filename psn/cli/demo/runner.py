"""Runs the demo steps. Each step drives the real CLI (in-process) inside an isolated home."""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psn.cli import state
from psn.cli.demo import steps as steps_pkg
from psn.core.errors import PsnError


class DemoStepFailed(PsnError):
    kind = "demo_failed"


class DemoStepStopped(PsnError):
    """Under a fault storm: a command the rest of the step needs stopped in a resumable state."""

    kind = "demo_step_stopped"


@dataclass
class Demo:
    home: Path
    echo: bool = True
    commands_run: int = 0
    notes: list[str] = field(default_factory=list)
    careful: Any = None
    """Under a fault storm (`psn demo --faults`): the CarefulUser who runs each command."""

    def say(self, text: str) -> None:
        if self.echo:
            from psn.cli.output import console

            console().print(f"[cyan]  {text}[/]")

    def psn(self, *args: str, expect: int = 0) -> int:
        """Run one psn command exactly as a user would type it; stop the demo if it fails."""
        from psn.cli.app import main

        if self.careful is not None:
            self.commands_run += 1
            return self.careful.run(list(args), expect).code

        if self.echo:
            from psn.cli.output import console

            console().print(f"[bold]$ psn {' '.join(_quote(a) for a in _shown(args))}[/]")
        saved = state.current()
        sink = io.StringIO()
        try:
            if self.echo:
                code = main(["--sandbox", *args])
            else:  # --json: keep the demo's own stdout a single JSON document
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    code = main(["--sandbox", *args])
        finally:
            state._current = saved
        self.commands_run += 1
        if code != expect:
            raise DemoStepFailed(
                f"`psn {' '.join(args)}` exited {code}, expected {expect}.", output=sink.getvalue()[-2000:] or None
            )
        return code


    def data(self, *args: str) -> Any:
        """Run a command quietly with --json and return its data (for steps that need an id)."""
        import json

        from psn.cli.demo.careful import run_quietly

        if self.careful is not None:
            result = self.careful.run(list(args), 0)
            if result.code != 0:
                raise DemoStepStopped(f"`psn {' '.join(args)}` stopped (exit {result.code}).")
            return result.data
        code, out = run_quietly(list(args))
        if code != 0:
            raise DemoStepFailed(f"`psn {' '.join(args)}` exited {code}.", output=out[-2000:] or None)
        return json.loads(out)["data"]


def _shown(args: tuple[str, ...]) -> list[str]:
    """The command as echoed on screen: the value of a secret `--field` is masked."""
    from psn.core.redact import MASK
    from psn.platforms.registry import all_specs

    secret = {name for spec in all_specs().values() for name in spec.connect.secret_fields}
    shown = list(args)
    for i in range(1, len(shown)):
        name, sep, _ = shown[i].partition("=")
        if shown[i - 1] in ("--field", "-f") and sep and name in secret:
            shown[i] = f"{name}={MASK}"
    return shown


def _quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg


def load_steps() -> list:
    from psn.core.plugins import discover

    return discover(steps_pkg)


@contextmanager
def isolated_environment(home: Path) -> Iterator[None]:
    """Point every psn path at the demo home; the user's real home and keyring are never touched."""
    keys = {"PSN_HOME": str(home), "PSN_SECRETS": "file", "PSN_SANDBOX": "1"}
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    umask = os.umask(0o077)  # the sample media the steps write sit in the home beside its tokens: private too
    try:
        yield
    finally:
        os.umask(umask)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_demo(home: Path, echo: bool = True, faults: float = 0.0, seed: int = 0, only: list[int] | None = None,
             ) -> dict:
    """The whole demo (or the steps whose ORDER is in `only`); with `faults` > 0, under a fault storm of
    that rate (psn/cli/demo/storm_run.py)."""
    demo = Demo(home=home, echo=echo)
    started = time.perf_counter()
    done, stopped = [], []
    with isolated_environment(home):
        if faults:
            from psn.cli.demo.storm_run import start_storm

            demo.careful = start_storm(faults, seed, echo)
        for number, step in enumerate([s for s in load_steps() if only is None or s.ORDER in only], start=1):
            if echo:
                from psn.cli.output import rule

                rule(f"[bold]{number}. {step.TITLE}")
            if demo.careful is None:
                step.run(demo)
                done.append(step.TITLE)
                continue
            from psn.cli.demo.storm_run import run_step

            (done if run_step(demo, step) else stopped).append(step.TITLE)
        result = {
            "home": str(home),
            "steps": done,
            "commands_run": demo.commands_run,
            "seconds": round(time.perf_counter() - started, 2),
        }
        if demo.careful is not None:
            from psn.cli.demo.storm_run import finish_storm

            result.update(finish_storm(demo, stopped))
    return result
