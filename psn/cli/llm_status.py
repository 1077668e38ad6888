"""A live line while a language model writes: what is being written, by which model, the seconds
so far, and that Ctrl-C cancels. A local model can take a minute per draft; a blank screen for
that long looks like a hang.

Shown on stderr, only to a person at a terminal (never with --json or into a pipe), and gone
when the answer arrives, so the output itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


def install(json: bool) -> None:
    import sys

    from psn.llm.progress import set_observer

    set_observer(None if json or not sys.stderr.isatty() else _status)


@contextmanager
def _status(purpose: str, model: str) -> Iterator[None]:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from psn.llm.progress import describe

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
               TextColumn("[dim]Ctrl-C cancels[/]"))
    with Progress(*columns, console=console, transient=True, refresh_per_second=4) as progress:
        progress.add_task(f"{describe(purpose)} with {model}…", total=None)
        yield
