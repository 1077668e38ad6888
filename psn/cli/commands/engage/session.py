"""The interactive `psn engage` session: triage (one key per card), then draft, approve and send.

Every answer is committed as it is given, so Ctrl-C (exit 130) loses nothing: "yes" cards come back
in the next session's drafting pass, and an approval is stored before anything is sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import typer

TRIAGE_KEYS = {"y": "yes", "n": "no", "s": "skip", "q": "quit"}
EDIT, REGENERATE, SKIP = "✎ Edit one", "↻ Regenerate", "Skip this one"


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
    stats = {"seen": 0, "engaged": 0, "declined": 0, "skipped": 0, "handed_off": 0}
    # The first card comes from a stdlib sqlite3 read; the engine (SQLAlchemy, prompts, drafting)
    # loads while the creator reads it.
    look = first_look(c, platforms)
    if look is not None:
        _opening(c, minutes, look.waiting, look.caps)
        if look.card is not None:
            typer.echo(_card_text(c, deadline, look.card))
    from psn.engage import session as feature

    queue = feature.triage_queue(c, platforms)
    if look is None:
        _opening(c, minutes, *feature.overview(c, platforms))
    shown = look.card.id if look is not None and look.card is not None else None
    _triage(c, queue, deadline, stats, shown)
    engaged_ids = _draft_pass(c, feature.accepted(c, platforms), deadline, stats)
    _finish(c, stats, engaged_ids, minutes, deadline)


def _opening(c: Any, minutes: int, waiting: int, caps: dict[str, int]) -> None:
    from psn.notify.policy import in_quiet_hours

    typer.echo(f"{minutes} min session · {waiting:,} waiting · replies left today: "
               + (", ".join(f"{p} {n}" for p, n in caps.items()) or "-"))
    quiet = c.settings.engage.quiet_hours
    if in_quiet_hours(c.clock.now(), quiet, c.settings.general.timezone):
        typer.echo(f"You are in your quiet hours ({quiet}): psn is not monitoring or alerting you now. "
                   "Replies you approve in this session still go out.")


def _card_text(c: Any, deadline: Any, row: Any) -> str:
    """A triage card: an Opportunity row, or the first_card.Card read before the engine loaded."""
    from psn.engage.views import age_hours

    age = age_hours(row, c.clock.now())
    flag = " · on your post" if (row.summoned or row.on_own_post) else ""
    return (f"\n[{_left(c, deadline)}] {row.platform} · @{row.author_handle} ({row.author_followers} followers)"
            f" · {'?' if age is None else age}h · score {row.score_bp / 100:.0f}{flag}\n  {row.text[:280]}")


def _left(c: Any, deadline: Any) -> str:
    seconds = max(0, int((deadline - c.clock.now()).total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d} left"


def _triage(c: Any, queue: list, deadline: Any, stats: dict[str, int], shown: int | None = None) -> None:
    from psn.engage.opportunities import decide

    for index, row in enumerate(queue):
        if c.clock.now() >= deadline:
            typer.echo("Time is up for triage.")
            return
        if not (index == 0 and row.id == shown):  # already on screen from the quick read
            typer.echo(_card_text(c, deadline, row))
        answer = TRIAGE_KEYS[one_key("Engage?", TRIAGE_KEYS)]
        if answer == "quit":
            return
        stats["seen"] += 1
        if answer == "skip":
            stats["skipped"] += 1  # stays pending for a later session
            continue
        decide(c.db, row.id, "yes" if answer == "yes" else "no", c.clock.now())
        stats["declined"] += answer == "no"


def _draft_pass(c: Any, rows: list, deadline: Any, stats: dict[str, int]) -> list[int]:
    engaged: list[int] = []
    for row in rows:
        if c.clock.now() >= deadline:
            typer.echo("Time is up; the rest stay accepted for your next session.")
            break
        if _reply_to(c, row, deadline, stats):
            engaged.append(row.id)
    return engaged


def _reply_to(c: Any, row: Any, deadline: Any, stats: dict[str, int]) -> bool:
    from psn.cli import prompts
    from psn.cli.model_choice import model_chosen_for_this_run
    from psn.engage.drafting import draft_options, reply_limit, saved_options
    from psn.engage.monitor import open_drafting
    from psn.generate.replies import reply_length

    limit = reply_limit(row.platform, c.settings.generation.x_max_weighted_length)
    # drafts made at discovery came from the configured model; --model asks for this run's model
    options, variant = [] if model_chosen_for_this_run() else [d.text for d in saved_options(c.db, row.id)], 0
    typer.echo(f"\n[{_left(c, deadline)}] Reply to @{row.author_handle}: {row.text[:200]}")
    while True:
        if not options:
            llm, voice = open_drafting(c)
            options = [d.text for d in draft_options(c.db, llm, voice, row, c.clock.now(), variant, limit)]
        choice = prompts.select("Your reply:", [*options, EDIT, REGENERATE, SKIP])
        if choice == SKIP:
            from psn.engage.opportunities import decide

            decide(c.db, row.id, "skipped", c.clock.now())
            return False
        if choice == REGENERATE:
            options, variant = [], variant + 1
            continue
        if choice == EDIT:
            choice = prompts.text("Edit:", default=options[0] if options else "",
                                  validate=lambda t: (bool(t.strip()) and reply_length(row.platform, t) <= limit)
                                  or f"1-{limit} characters")
        return _deliver(c, row, choice, stats)


def _deliver(c: Any, row: Any, text: str, stats: dict[str, int]) -> bool:
    from psn.cli import prompts
    from psn.core.errors import PsnError
    from psn.engage import delivery

    approval = delivery.approve(c.db, row.id, text, c.clock.now())  # committed before any send
    try:
        done = delivery.send_approved(c.db, c.settings.engage, approval, text, _adapter(c, row.platform),
                                      c.clock.now(), c.settings.general.timezone)
    except PsnError as exc:
        lead = "Maybe sent" if exc.kind == "uncertain_outcome" else "Not sent"
        typer.echo(f"{lead}: {exc.message} {exc.hint or ''}")
        return False
    if done.kind == "api":
        typer.echo(f"Sent: {done.url}")
        stats["engaged"] += 1
        return True
    typer.echo(f"Post it yourself ({done.reason}). Opening {done.url}"
               + (" — the reply is on your clipboard." if _copy(text) else f"\n  {text}"))
    _open(done.url)
    sent = prompts.confirm("Did you post it?", default=True)
    delivery.confirm_handoff(c.db, approval, text, c.clock.now(), sent)
    stats["engaged"] += sent
    stats["handed_off"] += sent
    return sent


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


def _finish(c: Any, stats: dict[str, int], engaged: list[int], minutes: int, deadline: Any) -> None:
    from psn.cli import prompts
    from psn.engage.session import save_idea

    used = minutes * 60 - max(0, int((deadline - c.clock.now()).total_seconds()))
    typer.echo(f"\nSeen {stats['seen']} · engaged {stats['engaged']} (hand-off {stats['handed_off']}) · "
               f"declined {stats['declined']} · skipped {stats['skipped']} · {used // 60} min used")
    idea = prompts.text("Did any of these conversations spark a post idea? (empty: no)")
    if idea.strip():
        typer.echo(f"Saved to your idea bank as #{save_idea(c, idea, engaged)}.")
