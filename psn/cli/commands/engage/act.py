"""`psn engage reply ID --text ... [--approve]` and `psn engage confirm APPROVAL_ID --sent|--not-sent`."""

from __future__ import annotations

from typing import Annotated

import typer

from psn.cli.commands.engage import engage_app


@engage_app.command("reply", help="Reply to one opportunity (--approve is your approval of exactly this text).")
def reply(
    opportunity_id: Annotated[int, typer.Argument(help="The id from `psn engage list`.")],
    text: Annotated[str, typer.Option("--text", "-t", help="The reply, exactly as it will be posted.")] = "",
    approve: Annotated[bool, typer.Option("--approve", help="Approve this exact text without asking.")] = False,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.reply import check_reply, reply_approved

    c = ctx()
    row = check_reply(c, opportunity_id, text)
    if not approve:
        prompts.require_interactive("--approve", "your approval of this reply")
        who = f"@{row.author_handle} on " if row.author_handle else ""
        typer.echo(f"Reply to {who}{row.platform}:\n  {text.strip()}")
        if not prompts.confirm("Approve and send exactly this?", default=False):
            raise typer.Exit(0)
    emit(reply_approved(c, opportunity_id, text), _render_reply)


@engage_app.command("confirm", help="Record whether you posted a handed-off reply yourself.")
def confirm(
    approval_id: Annotated[int, typer.Argument(help="The hand-off's approval id (see `psn engage history`).")],
    sent: Annotated[bool | None, typer.Option("--sent/--not-sent", help="You posted it / you did not.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.engage.reply import confirm as feature

    if sent is None:
        raise BadInput("Say whether you posted it.", hint="Pass --sent or --not-sent.")
    emit(feature(ctx(), approval_id, sent), lambda d: typer.echo(f"Hand-off {approval_id}: {d['status']}."))


def _render_reply(d: dict) -> None:
    if d["delivery"] == "api":
        typer.echo(f"Sent through the {d['platform']} API: {d['url']}")
        return
    typer.echo(f"Post it yourself ({d['reason']}): {d['url']}\n  {d['text']}\n"
               f"Then: `psn engage confirm {d['approval_id']} --sent` (or --not-sent).")
