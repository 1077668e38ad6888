"""Every interactive question goes through here (questionary), so tests can drive or replace it.

Rules: check `is_interactive()` before asking; without a terminal, or with --json, psn never
waits on a prompt and instead names the flag that makes the choice. `unsafe_ask()` is used so
Ctrl-C raises KeyboardInterrupt (exit 130) instead of silently returning None.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from psn.cli.state import current
from psn.core.errors import BadInput


def is_interactive() -> bool:
    if current().json:
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def require_interactive(flag: str, what: str) -> None:
    if not is_interactive():
        raise BadInput(f"psn needs {what}, and there is no terminal to ask on.", hint=f"Pass {flag}.")


def confirm(message: str, default: bool = False) -> bool:
    import questionary

    return bool(questionary.confirm(message, default=default).unsafe_ask())


def text(message: str, default: str = "", validate=None) -> str:  # type: ignore[no-untyped-def]
    import questionary

    return str(questionary.text(message, default=default, validate=validate).unsafe_ask())


def secret(message: str, validate=None) -> str:  # type: ignore[no-untyped-def]
    import questionary

    return str(questionary.password(message, validate=validate).unsafe_ask())


def select(message: str, choices: Sequence[str], default: str | None = None) -> str:
    import questionary

    return str(questionary.select(message, choices=list(choices), default=default).unsafe_ask())


def checkbox(message: str, choices: Sequence[str], checked: Sequence[str] = ()) -> list[str]:
    import questionary

    options = [questionary.Choice(choice, checked=choice in checked) for choice in choices]
    return list(questionary.checkbox(message, choices=options).unsafe_ask())


def edit_text(text: str, suffix: str = ".txt") -> str:
    """Open $VISUAL / $EDITOR (vi if neither is set) on `text` and return what was saved."""
    import os
    import shlex
    import tempfile

    from psn.core.secrets import child_environment

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="psn-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if _run_editor([*shlex.split(editor), name], child_environment()) != 0:
            raise BadInput(f"The editor ({editor}) exited with an error; nothing was changed.",
                           hint="Fix $EDITOR, or pass the change as flags.")
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    finally:
        os.unlink(name)


def setting_validator(key: str):  # type: ignore[no-untyped-def]
    """A questionary `validate=` that checks an answer with the setting's own validator (so a bad
    answer is asked again with the message `psn config set` would give)."""
    from psn.core.config import value_problem

    def validate(answer: str) -> bool | str:
        return value_problem(key, answer.strip()) or True

    return validate


def _run_editor(argv: list[str], env: dict[str, str]) -> int:
    """Ctrl-C in the editor belongs to the editor (as with git): psn waits instead of killing it and
    dropping the file. A Python handler, unlike SIG_IGN, is not inherited: the editor keeps its own."""
    import signal
    import subprocess

    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        return subprocess.run(argv, check=False, env=env).returncode
    finally:
        signal.signal(signal.SIGINT, previous)


class TypedInterrupt(KeyboardInterrupt):
    """Ctrl-C in a text prompt, carrying what the person had typed so the caller can keep it."""

    def __init__(self, typed: str) -> None:
        super().__init__()
        self.typed = typed


def text_keeping(message: str, default: str = "", validate=None) -> str:  # type: ignore[no-untyped-def]
    """Like `text`, but Ctrl-C raises TypedInterrupt with the text on screen instead of losing it."""
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    question = questionary.text(message, default=default, validate=validate)
    keep = KeyBindings()

    @keep.add("c-c", eager=True)
    def _interrupt(event) -> None:  # type: ignore[no-untyped-def]
        event.app.exit(exception=TypedInterrupt(event.app.current_buffer.text))

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keep]) if app.key_bindings else keep
    return str(question.unsafe_ask())


def select_or_quit(message: str, choices: Sequence[str], quit_choice: str) -> str:
    """A select whose `q` key picks `quit_choice` (listed last, so the way out is also visible)."""
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    question = questionary.select(message, choices=[*choices, quit_choice])
    keys = KeyBindings()
    keys.add("q", eager=True)(lambda event: event.app.exit(result=quit_choice))
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
    return str(question.unsafe_ask())
