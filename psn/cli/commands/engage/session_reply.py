"""The second half of a `psn engage` session: send what was approved earlier, then draft, review,
approve and send a reply to each accepted conversation.

The approval is stored before any send, so a reply stopped by the cooldown stays approved with its
exact text (psn/engage/waiting.py): the session offers to wait it out with a live countdown, or it
waits in `psn engage queue`. `q` quits at every step; Ctrl-C while typing keeps what was typed as
the conversation's first option next time.
"""

from __future__ import annotations

from typing import Any

import typer

from psn.cli.commands.engage import session as ui

EDIT, REGENERATE, SKIP, QUIT = "✎ Edit one", "↻ Regenerate", "Skip this one", "Quit (q)"
WRITE = "✍ Write my own"
APPROVE_KEYS = {"y": "send", "e": "edit", "b": "back", "q": "quit"}
WAIT_KEYS = {"w": "wait", "l": "later", "q": "quit"}


def resume_line(c: Any, platforms: list[str], triage_left: bool) -> None:
    """What an earlier session left: approved replies still to send, accepted conversations to answer."""
    from psn.engage.session import accepted
    from psn.engage.waiting import waiting

    queued, todo = len(waiting(c.db, platforms)), len(accepted(c, platforms))
    parts = [f"{queued} approved {_replies(queued)} waiting to send"] if queued else []
    parts += [f"{todo} accepted {'conversation' if todo == 1 else 'conversations'} to reply to"] if todo else []
    if parts:
        typer.echo(("Also: " if triage_left else "From your last session: ") + " · ".join(parts))


def send_waiting(c: Any, platforms: list[str], tally: ui.Tally) -> None:
    from psn.engage import delivery
    from psn.engage.waiting import waiting

    for item in waiting(c.db, platforms):
        opp, approval = item.opportunity, item.approval
        typer.echo(f"\nApproved earlier — {_heading(opp)}:\n  {approval.text}")

        def attempt(approval: Any = approval, opp: Any = opp) -> Any:  # the stored text; the guard re-checks its hash
            return delivery.send_approved(c.db, c.settings.engage, approval, approval.text,
                                          ui._adapter(c, opp.platform), c.clock.now(), c.settings.general.timezone)

        if not _send(c, approval, opp, attempt, tally):
            return  # the rest are behind the same cooldown (or cap): they stay queued


def draft_pass(c: Any, rows: list, deadline: Any, tally: ui.Tally, triaged_now: set[int]) -> None:
    for row in rows:
        if c.clock.now() >= deadline:
            typer.echo("Time is up; the rest stay accepted for your next session.")
            return
        tally.seen += row.id not in triaged_now  # accepted in an earlier session: seen in this one
        _reply_to(c, row, deadline, tally)


def queue_line(c: Any) -> None:
    from psn.engage.pacing import wait_text
    from psn.engage.waiting import waiting

    queued = waiting(c.db)
    if not queued:
        return
    with c.db.session() as session:
        from psn.engage.pacing import next_send_at

        ready = next_send_at(session, c.settings.engage)
    when = (f" (next send at {wait_text(ready, c.clock.now(), c.settings.general.timezone)})"
            if ready and ready > c.clock.now() else "")
    typer.echo(f"{len(queued)} approved {_replies(len(queued))} waiting to send{when}: "
               "`psn engage queue` shows them, `psn engage send` sends them.")


def _reply_to(c: Any, row: Any, deadline: Any, tally: ui.Tally) -> None:
    from psn.cli.model_choice import model_chosen_for_this_run
    from psn.engage.drafting import TYPED, saved_options

    saved = saved_options(c.db, row.id)
    typed = next((d.text for d in saved if d.style == TYPED), None)
    # drafts made at discovery came from the configured model; --model asks for this run's model
    options = [] if model_chosen_for_this_run() else [d.text for d in saved]
    variant = 0
    typer.echo(f"\n[{ui._left(c, deadline)}] {_heading(row)}: {row.text[:200]}")
    if typed:
        typer.echo("Your unfinished reply from last time is the first option.")
    drafted = bool(options)
    while True:
        if not drafted:
            options, drafted = ([typed] if typed else []) + _drafts(c, row, variant), True
        from psn.cli import prompts

        edit = EDIT if options else WRITE
        choice = prompts.select_or_quit("Your reply:", [*options, edit, REGENERATE, SKIP], QUIT)
        if choice == QUIT:
            raise ui.Quit
        if choice == SKIP:
            from psn.engage.opportunities import decide

            decide(c.db, row.id, "skipped", c.clock.now())
            tally.skipped += 1
            return
        if choice == REGENERATE:
            options, variant, drafted = [], variant + 1, False
            continue
        start = (options[0] if options else "") if choice in (EDIT, WRITE) else choice
        text = _review(c, row, start, edit_first=choice in (EDIT, WRITE))
        if text is not None:
            _approve_and_send(c, row, text, tally)
            return


def _drafts(c: Any, row: Any, variant: int) -> list[str]:
    from psn.core.errors import PsnError
    from psn.engage.drafting import draft_options, reply_limit
    from psn.engage.monitor import open_drafting

    try:
        llm, voice = open_drafting(c)
        limit = reply_limit(row.platform, c.settings.generation.x_max_weighted_length)
        return [d.text for d in draft_options(c.db, llm, voice, row, c.clock.now(), variant, limit)]
    except PsnError as exc:  # one model failure must not end the session: the person can still write
        typer.echo(f"No drafts this time: {exc.message}\nWrite your own (✍), try again (↻) or skip.")
        return []


def _review(c: Any, row: Any, text: str, edit_first: bool) -> str | None:
    """Show exactly what would go out and ask; None goes back to the options."""
    edited = False
    if edit_first:
        text, edited = _edit(c, row, text), True
    while True:
        typer.echo(f"\n  {text}\n")
        answer = ui.one_key("Send exactly this? (yes · edit · back to options · quit)", APPROVE_KEYS)
        if answer == "y":
            return text
        if answer == "b":
            return None
        if answer == "q":
            if edited:
                _keep(c, row, text)
            raise ui.Quit
        text, edited = _edit(c, row, text), True


def _edit(c: Any, row: Any, start: str) -> str:
    from psn.cli import prompts
    from psn.engage.drafting import reply_limit
    from psn.generate.replies import reply_length

    limit = reply_limit(row.platform, c.settings.generation.x_max_weighted_length)

    def valid(t: str) -> bool | str:
        return t.strip() == "q" or (bool(t.strip()) and reply_length(row.platform, t) <= limit) \
            or f"1-{limit} characters (q alone quits)"

    try:
        text = prompts.text_keeping("Edit (Enter when done, q alone quits):", default=start, validate=valid)
    except prompts.TypedInterrupt as stop:
        if stop.typed.strip():
            _keep(c, row, stop.typed.strip())
        raise KeyboardInterrupt from None
    if text.strip() == "q":
        raise ui.Quit
    return text.strip()


def _keep(c: Any, row: Any, text: str) -> None:
    from psn.engage.drafting import keep_typed

    keep_typed(c.db, row.id, text, c.clock.now())
    typer.echo(f"\nYour reply is kept as a draft of opportunity {row.id}: the next `psn engage` offers it first "
               f"(`psn engage explain {row.id}` shows it).")


def _approve_and_send(c: Any, row: Any, text: str, tally: ui.Tally) -> None:
    from psn.engage import delivery

    approval = delivery.approve(c.db, row.id, text, c.clock.now())  # committed before any send

    def attempt() -> Any:  # the very text that was approved, not a copy read back
        return delivery.send_approved(c.db, c.settings.engage, approval, text, ui._adapter(c, row.platform),
                                      c.clock.now(), c.settings.general.timezone)

    _send(c, approval, row, attempt, tally)


def _send(c: Any, approval: Any, opp: Any, attempt: Any, tally: ui.Tally) -> bool:
    """`attempt()` sends through the approval guard. True when it went out (or was handed off and
    posted); False when it stays queued or failed."""
    from psn.core.errors import PsnError
    from psn.engage.pacing import CoolingDown

    while True:
        try:
            done = attempt()
            break
        except CoolingDown as exc:
            typer.echo(f"Approved, not sent yet. {exc.message}")
            if not _wait(c, exc.ready_at, tally):
                return False
        except PsnError as exc:
            lead = "Maybe sent" if exc.kind == "uncertain_outcome" else "Not sent"
            typer.echo(f"{lead}: {exc.message} {exc.hint or ''}")
            tally.queued += exc.kind == "rate_limited"
            return False
    return _delivered(c, done, approval, opp, tally)


def _wait(c: Any, ready: Any, tally: ui.Tally) -> bool:
    """Offer to wait out the cooldown here; False leaves the reply queued."""
    from psn.cli.commands.engage.countdown import countdown

    answer = ui.one_key("Wait here and send it then, or later (`psn engage send`)?", WAIT_KEYS)
    if answer == "w":
        typer.echo("Waiting — l: later, q: quit, Ctrl-C: stop (the reply stays approved in `psn engage queue`).")
        answer = countdown(c.clock, ready, c.settings.general.timezone)
    if answer == "ready":
        return True
    tally.queued += 1
    typer.echo("Kept in your queue: `psn engage queue` shows it, `psn engage send` sends it.")
    if answer == "q":
        raise ui.Quit
    return False


def _delivered(c: Any, done: Any, approval: Any, opp: Any, tally: ui.Tally) -> bool:
    from psn.cli import prompts
    from psn.engage import delivery

    if done.kind == "api":
        typer.echo(f"Sent: {done.url}")
        tally.engaged += 1
        tally.engaged_ids.append(opp.id)
        return True
    typer.echo(f"Post it yourself ({done.reason}). Opening {done.url}"
               + (" — the reply is on your clipboard." if ui._copy(done.text) else f"\n  {done.text}"))
    ui._open(done.url)
    sent = prompts.confirm("Did you post it?", default=True)
    delivery.confirm_handoff(c.db, approval, done.text, c.clock.now(), sent)
    tally.engaged += sent
    tally.handed_off += sent
    if sent:
        tally.engaged_ids.append(opp.id)
    return sent


def _heading(row: Any) -> str:
    return f"Reply to @{row.author_handle}" if row.author_handle else f"Reply on {row.platform}"


def _replies(n: int) -> str:
    return "reply" if n == 1 else "replies"
