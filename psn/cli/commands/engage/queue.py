"""`psn engage queue` and `psn engage send [APPROVAL_ID]`: approved replies that have not gone out
yet (stopped by the cooldown, the daily cap or a refusal), shown and sent with exactly the text
that was approved — each at most once, through the approval guard."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psn.cli.commands.engage import engage_app


@engage_app.command("queue", help="Approved replies waiting to be sent, and when the next one can go.")
def queue() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.pacing import next_send_at
    from psn.engage.waiting import waiting

    c = ctx()
    with c.db.session() as session:
        ready = next_send_at(session, c.settings.engage)
    soon = ready if ready is not None and ready > c.clock.now() else None
    emit({"waiting": [w.as_dict() for w in waiting(c.db)], "next_send_at": soon}, _render_queue)


@engage_app.command("send", help="Send approved replies that are waiting (all, oldest first, or one by its id).")
def send(approval_id: Annotated[int | None, typer.Argument(help="The id from `psn engage queue`.")] = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.waiting import send_waiting

    emit(send_waiting(ctx(), approval_id), _render_sent)


def _render_queue(d: dict[str, Any]) -> None:
    from psn.cli.state import ctx
    from psn.engage.pacing import wait_text

    if not d["waiting"]:
        typer.echo("No approved replies are waiting to be sent.")
        return
    for w in d["waiting"]:
        who = f"@{w['author']} " if w["author"] else ""
        typer.echo(f"#{w['approval_id']} {w['platform']} {who}{w['url']}\n  {w['text']}")
    c = ctx()
    when = (f"next send at {wait_text(d['next_send_at'], c.clock.now(), c.settings.general.timezone)}"
            if d["next_send_at"] else "now")
    typer.echo(f"`psn engage send` sends them ({when}).")


def _render_sent(d: dict[str, Any]) -> None:
    for r in d["sent"]:
        if r["delivery"] == "api":
            typer.echo(f"#{r['approval_id']} sent through the {r['platform']} API: {r['url']}")
        else:
            typer.echo(f"#{r['approval_id']}: post it yourself ({r['reason']}): {r['url']}\n  {r['text']}\n"
                       f"Then: `psn engage confirm {r['approval_id']} --sent` (or --not-sent).")
    if d["stopped"]:
        typer.echo(f"{len(d['still_waiting'])} still waiting. {d['stopped']}")
