"""`psn post approve ID`: publish (or schedule) a saved draft — one psn wrote under `--yes`, or
one kept when the review was interrupted — exactly as stored. On a terminal it shows the text and
asks; `--yes` approves the post you name, whose text `psn post show ID` printed."""

from __future__ import annotations

from psn.core.errors import BadInput


def approve(content_id: int, at: str | None, yes: bool) -> None:
    from psn.accounts.wiring import adapter_for
    from psn.cli import prompts
    from psn.cli.compose.inputs import resolve_time
    from psn.cli.compose.manage import _preview, _question, _send_or_wait, native_time, output_for
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.pipeline import validate
    from psn.publishing.records import get_content, load_request, update_unsent

    context = ctx()
    row = get_content(context, content_id)
    if row.status != "draft":
        raise BadInput(f"Post {content_id} is {row.status}; only saved drafts wait for approval.",
                       hint="`psn post list --status draft` shows them.")
    output = output_for(context, row)
    request = load_request(row)
    _check_media(content_id, row, output, request)
    validate(context, request)  # every platform limit and the connection, before asking or recording
    when = resolve_time(context, at, row.platform)
    native = native_time(context, request, when)  # Facebook: its own scheduled_publish_time, in its window
    if not yes:
        prompts.require_interactive("--yes", "your approval of exactly what will be published")
        _preview(request, output)
        if not prompts.confirm(_question(when), default=False):
            import typer

            emit({"changed": False}, lambda _: typer.echo(f"Nothing was sent; post {content_id} stays a draft."))
            return
    _, account = adapter_for(context, row.platform)
    ours = None if native else when  # psn's scheduler holds it, or the platform does from now
    update_unsent(context, content_id, request=request, status="scheduled" if ours else "approved",
                  scheduled_at=ours, account_id=account.id)  # records the approval of exactly this request
    _send_or_wait(context, content_id, output, ours)
    if output is not None:
        _settle_draft(context, row.draft_id)


def _settle_draft(context, draft_id: int) -> None:  # type: ignore[no-untyped-def]
    """Once every platform of the written post is out (or scheduled), the post and its idea are done."""
    from psn.generate.drafts import get_draft, set_draft_status
    from psn.ideas.bank import consume_idea

    draft = get_draft(context.db, draft_id)
    statuses = {o.status for o in draft.outputs} - {"dropped", "cancelled"}
    if not statuses or not statuses <= {"published", "scheduled"}:
        return  # another platform still waits for approval or media
    now = context.clock.now()
    set_draft_status(context.db, draft_id, "published" if statuses == {"published"} else "scheduled", now)
    if draft.idea_id is not None:
        try:
            consume_idea(context.db, draft.idea_id, now)
        except BadInput:
            pass  # used by another post meanwhile: this post still went out


def _check_media(content_id: int, row, output, request) -> None:  # type: ignore[no-untyped-def]
    from psn.generate.formats import get_format

    if output is None or request.media:
        return
    if get_format(row.platform, output.format).needs_media:
        raise BadInput(f"Post {content_id} ({row.platform} {output.format}) is waiting for its media.",
                       hint=f"psn post finish {content_id} --media FILE")
