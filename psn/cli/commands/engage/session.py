"""The interactive `psn engage` session: triage (one key per card), then draft, approve and send.

Every answer is committed as it is given, so Ctrl-C (exit 130) loses nothing: "yes" cards come back
in the next session's drafting pass, and an approval is stored before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import typer

TRIAGE_KEYS = {"y": "yes", "n": "no", "s": "skip", "q": "quit"}


def one_key(message: str, keys: dict[str, str]) -> str:
    """One keystroke, no Enter (prompt_toolkit; pipe input drives it in tests)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = KeyBindings()
    for key in keys:
        bindings.add(key)(lambda event, k=key: event.app.exit(result=k))
    bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt))
    prompt = f"{message} [{'/'.join(keys)}] "
    app: Any = Application(layout=Layout(Window(FormattedTextControl(prompt), height=1)), key_bindings=bindings)
    return str(app.run())


class Quit(Exception):
    """`q` at any step: stop here, keep everything, show the summary."""


@dataclass
class Tally:
    seen: int = 0
    engaged: int = 0
    declined: int = 0
    skipped: int = 0
    handed_off: int = 0
    queued: int = 0
    engaged_ids: list[int] = field(default_factory=list)


def run_session(minutes: int, platforms: list[str]) -> None:
    from psn.cli import prompts
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.engage.first_card import first_look

    if not prompts.is_interactive():
        raise BadInput("A `psn engage` session asks you to approve each reply, and there is no terminal here.",
                       hint="See what is waiting with `psn engage list --json`; run `psn engage` in a terminal.")
    c = ctx()
    deadline = c.clock.now() + timedelta(minutes=minutes)
    tally = Tally()
    # The first card comes from a stdlib sqlite3 read; the engine (SQLAlchemy, prompts, drafting)
    # loads while the creator reads it.
    look = first_look(c, platforms)
    if look is not None:
        _opening(c, minutes, look.waiting, look.caps)
        if look.card is not None:
            typer.echo(_card_text(c, deadline, look.card))
    from psn.cli.commands.engage import session_reply as reply
    from psn.engage import session as feature

    queue = feature.triage_queue(c, platforms)
    if look is None:
        _opening(c, minutes, *feature.overview(c, platforms))
    reply.resume_line(c, platforms, bool(queue))
    shown = look.card.id if look is not None and look.card is not None else None
    try:
        _triage(c, queue, deadline, tally, shown)
        reply.send_waiting(c, platforms, tally)
        reply.draft_pass(c, feature.accepted(c, platforms), deadline, tally, {r.id for r in queue})
    except Quit:
        typer.echo("\nQuit. Everything you decided and approved is kept.")
    except KeyboardInterrupt:
        typer.echo("\nStopped — your answers are kept: `psn engage` resumes, "
                   "`psn engage queue` lists approved replies.")
        raise
    _finish(c, tally, minutes, deadline)


def _opening(c: Any, minutes: int, waiting: int, caps: dict[str, int]) -> None:
    from psn.notify.policy import in_quiet_hours

    typer.echo(f"{minutes} min session · {waiting:,} to triage · replies left today: "
               + (", ".join(f"{p} {n}" for p, n in caps.items()) or "-"))
    quiet = c.settings.engage.quiet_hours
    if in_quiet_hours(c.clock.now(), quiet, c.settings.general.timezone):
        typer.echo(f"You are in your quiet hours ({quiet}): psn is not monitoring or alerting you now. "
                   "Replies you approve in this session still go out.")


def _card_text(c: Any, deadline: Any, row: Any) -> str:
    """A triage card: an Opportunity row, or the first_card.Card read before the engine loaded.
    What psn does not know (a pasted LinkedIn post has no author or time) is left out, not shown as `@ · ?h`."""
    from psn.engage.views import age_hours

    age = age_hours(row, c.clock.now())
    parts = [f"[{_left(c, deadline)}] {row.platform}"]
    if row.author_handle:
        parts.append(f"@{row.author_handle} ({row.author_followers} followers)")
    if age is not None:
        parts.append(f"{age}h")
    parts.append(f"score {row.score_bp / 100:.0f}")
    if row.summoned or row.on_own_post:
        parts.append("on your post")
    return "\n" + " · ".join(parts) + f"\n  {row.text[:280]}"


def _left(c: Any, deadline: Any) -> str:
    seconds = max(0, int((deadline - c.clock.now()).total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d} left"


def _triage(c: Any, queue: list, deadline: Any, tally: Tally, shown: int | None = None) -> None:
    from psn.engage.opportunities import decide

    for index, row in enumerate(queue):
        if c.clock.now() >= deadline:
            typer.echo("Time is up for triage.")
            return
        if not (index == 0 and row.id == shown):  # already on screen from the quick read
            typer.echo(_card_text(c, deadline, row))
        answer = TRIAGE_KEYS[one_key("Engage?", TRIAGE_KEYS)]
        if answer == "quit":
            raise Quit
        tally.seen += 1
        if answer == "skip":
            tally.skipped += 1  # stays pending for a later session
            continue
        decide(c.db, row.id, "yes" if answer == "yes" else "no", c.clock.now())
        tally.declined += answer == "no"


def _adapter(c: Any, platform: str) -> Any:
    from psn.accounts.wiring import adapter_for
    from psn.core.errors import PsnError

    try:
        return adapter_for(c, platform)[0]
    except (PsnError, KeyError):
        return None  # not connected: an assisted hand-off still works


def _open(url: str) -> None:
    import webbrowser

    from psn.core.secrets import secrets_hidden_from_children

    with secrets_hidden_from_children():
        webbrowser.open(url)


def _copy(text: str) -> bool:
    import shutil
    import subprocess

    from psn.core.secrets import child_environment

    for tool in (["pbcopy"], ["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "-b", "-i"], ["clip"]):
        if shutil.which(tool[0]):
            try:
                subprocess.run(tool, input=text.encode(), check=True, timeout=5, env=child_environment())
                return True
            except (OSError, subprocess.SubprocessError):
                continue
    return False


def _finish(c: Any, tally: Tally, minutes: int, deadline: Any) -> None:
    from psn.cli import prompts
    from psn.cli.commands.engage.session_reply import queue_line
    from psn.engage.session import save_idea

    used = minutes * 60 - max(0, int((deadline - c.clock.now()).total_seconds()))
    typer.echo(f"\nSeen {tally.seen} · engaged {tally.engaged} (hand-off {tally.handed_off}) · "
               f"queued {tally.queued} · declined {tally.declined} · skipped {tally.skipped} · "
               f"{used // 60} min used")
    queue_line(c)
    idea = prompts.text("Did any of these conversations spark a post idea? (empty: no)")
    if idea.strip():
        typer.echo(f"Saved to your idea bank as #{save_idea(c, idea, tally.engaged_ids)}.")
