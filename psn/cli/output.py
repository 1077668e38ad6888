"""One renderer for every command: human output through rich, or one JSON envelope.

Commands hand over data (pydantic models, dicts, lists) plus a function that draws it for
people; with --json the same data is printed as {"ok": true, "data": …}. Errors likewise.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from psn.cli.state import current
from psn.core.redact import redact, redact_obj

# Output that is not a terminal (a pipe, a file) is never cut to fit a screen: `psn config show | grep llm`
# must find the whole URL. Rich would assume 80 columns; an explicit COLUMNS still wins.
PIPE_WIDTH = 1000


def _console(stderr: bool = False):  # type: ignore[no-untyped-def]
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if _isatty(stream) or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def on_screen() -> bool:
    """Whether stdout is a terminal: boxes and rules fill the screen there, and hug their content elsewhere."""
    return _isatty(sys.stdout)


def rule(title: str) -> None:
    """A section heading: a full-width rule on a screen, a plain line in a pipe (no 1000-character rule)."""
    if on_screen():
        console().rule(title)
    else:
        console().print(title)


def to_jsonable(data: Any) -> Any:
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json")
    if isinstance(data, list | tuple):
        return [to_jsonable(d) for d in data]
    if isinstance(data, dict):
        return {k: to_jsonable(v) for k, v in data.items()}
    return data


def emit(data: Any, render: Callable[[Any], None] | None = None) -> None:
    """Print a command's result: JSON envelope with --json, otherwise `render(data)` for people."""
    if current().json:
        payload = {"ok": True, "data": redact_obj(to_jsonable(data))}
        sys.stdout.write(json.dumps(payload, indent=2, default=str, ensure_ascii=False) + "\n")
        return
    if render is not None:
        render(data)
    else:
        console().print(redact(str(data)))


def emit_error(kind: str, message: str, code: int, hint: str | None = None, details: dict | None = None) -> None:
    message = redact(message)
    hint = redact(hint) if hint else None
    if current().json:
        error: dict[str, Any] = {"kind": kind, "code": code, "message": message}
        if hint:
            error["hint"] = hint
        if details:
            error["details"] = redact_obj(to_jsonable(details))
        sys.stdout.write(json.dumps({"ok": False, "error": error}, indent=2, default=str) + "\n")
        return
    err = _console(stderr=True)
    err.print(f"[bold red]Error:[/] {_escape(message)}")
    if hint:
        err.print(f"[dim]→ {_escape(hint)}[/]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


_stdout_console = None
_stdout_shape: tuple = ()


def console():  # type: ignore[no-untyped-def]
    """The stdout console, made again whenever stdout, or whether it is a screen, changes (an
    in-process run after another must not inherit its width)."""
    import os

    global _stdout_console, _stdout_shape
    shape = (sys.stdout, _isatty(sys.stdout), os.environ.get("COLUMNS"))
    if _stdout_console is None or shape != _stdout_shape:
        _stdout_console, _stdout_shape = _console(), shape
    return _stdout_console


def info(message: str) -> None:
    """A progress line for people; silent with --json so the JSON stays parseable."""
    if not current().json:
        _console(stderr=True).print(message)
