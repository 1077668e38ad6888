"""`psn post finish|show|edit` and what cancelling means for a generated draft: the commands that
work on a post after it was written (content ids from `psn post list`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from psn.core.errors import BadInput

EDIT_BREAK = "\n\n---\n\n"


def output_for(context, row):  # type: ignore[no-untyped-def]
    """The generated output behind a post (None for a post written with --text)."""
    from psn.generate.drafts import get_draft

    if not row.draft_id:
        return None
    draft = get_draft(context.db, row.draft_id)
    return next((o for o in draft.outputs if o.publish_ref == str(row.id)), None)


def finish(content_id: int, media_paths: list[Path], yes: bool, at: str | None) -> None:
    from psn.accounts.wiring import adapter_for
    from psn.cli import prompts
    from psn.cli.compose.inputs import resolve_media, resolve_time
    from psn.cli.state import ctx
    from psn.generate.picker import check_format_choice
    from psn.publishing.pipeline import validate
    from psn.publishing.records import get_content, load_request, update_unsent

    context = ctx()
    row = get_content(context, content_id)
    if row.status != "draft":
        raise BadInput(f"Post {content_id} is {row.status}; only posts waiting for media can be finished.",
                       hint="`psn post list --status draft` shows them.")
    media = resolve_media(media_paths)
    if media.summary.empty:
        raise BadInput("Finishing a post needs its media.", hint=f"psn post finish {content_id} --media FILE")
    output = output_for(context, row)
    if output is not None:
        check_format_choice(row.platform, output.format, media.summary)
    request = load_request(row).model_copy(update={"media": media.items})
    validate(context, request)
    when = resolve_time(context, at, row.platform)
    native = native_time(context, request, when)
    if not yes:
        prompts.require_interactive("--yes", "your approval of exactly what will be published")
        _preview(request, output)
        if not prompts.confirm(_question(when), default=False):
            from psn.cli.output import emit

            emit({"changed": False}, lambda _: typer.echo("Nothing was changed."))
            return
    _, account = adapter_for(context, row.platform)
    ours = None if native else when  # a platform that schedules itself gets the post now, with its time
    update_unsent(context, content_id, request=request, status="scheduled" if ours else "approved",
                  scheduled_at=ours, account_id=account.id)
    _send_or_wait(context, content_id, output, ours)


def native_time(context, request, when) -> bool:  # type: ignore[no-untyped-def]
    """Hand `when` to a platform that schedules natively (Facebook), checked against its window (exit 2)."""
    from psn.cli.compose.deliver import schedule_natively
    from psn.publishing.pipeline import validate

    if not schedule_natively(request, when):
        return False
    validate(context, request)
    return True


def _question(when) -> str:  # type: ignore[no-untyped-def]
    """The approval question, with the time in the creator's zone when it is scheduled."""
    from psn.cli.local_time import local_time

    return f"Schedule exactly this for {local_time(when)}?" if when else "Publish exactly this?"


def _send_or_wait(context, content_id: int, output, when) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.output import emit
    from psn.core.errors import PsnError
    from psn.generate.drafts import update_output
    from psn.publishing.pipeline import run_publish
    from psn.publishing.records import describe, get_content

    def mark(status: str) -> None:
        if output is not None:
            update_output(context.db, output.id, context.clock.now(), status=status)

    if when:
        from psn.cli.compose.daemon_note import daemon_note

        mark("scheduled")
        emit({**describe(get_content(context, content_id)), "daemon_note": daemon_note(context)}, _render_done)
        return
    try:
        row = run_publish(context, content_id)
    except PsnError:
        mark("failed")
        raise
    mark("scheduled" if row.status == "scheduled" else "published")  # natively scheduled: the platform holds it
    emit(describe(row), _render_done)


def show(content_id: int) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import describe, get_content

    context = ctx()
    row = get_content(context, content_id)
    data = describe(row)
    output = output_for(context, row)
    if output is not None:
        draft = _draft_of(context, row)
        data["generated"] = {
            "draft_id": row.draft_id, "idea": draft.idea_text, "idea_id": draft.idea_id, "format": output.format,
            "format_reason": output.format_reason, "body": output.body.model_dump(), "provider": output.provider,
            "model": output.model, "offline": output.offline, "prompt_version_id": output.prompt_version_id,
        }
    emit(data, _render_show)


def edit(content_id: int, text: str | None, at: str | None) -> None:
    from psn.cli import prompts
    from psn.cli.compose.inputs import resolve_time
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import describe, get_content, load_request, update_unsent

    context = ctx()
    row = get_content(context, content_id)
    if row.status not in ("draft", "approved", "scheduled"):
        raise BadInput(f"Post {content_id} is {row.status} and can no longer be edited.",
                       hint="Only drafts and scheduled posts can be edited.")
    request = load_request(row)
    if text is None and at is None:
        prompts.require_interactive('--text "…" or --at WHEN', "the change to make")
        text = prompts.edit_text(EDIT_BREAK.join([request.text, *request.parts]))
    changed = request if text is None else _with_text(request, text)
    _check_edit(context, row, changed)
    when = None
    if at is not None:
        if row.status == "draft":
            raise BadInput(f"Post {content_id} is a draft: approving it is what schedules it.",
                           hint=f"psn post approve {content_id} --at \"{at}\" (or, waiting for media: "
                           f"psn post finish {content_id} --media FILE --at \"{at}\")")
        when = resolve_time(context, at, row.platform)
    status = "scheduled" if when else None
    updated = update_unsent(context, content_id, request=changed, status=status, scheduled_at=when)
    _keep_edit(context, row, request, changed)
    data = describe(updated)
    if when:
        from psn.cli.compose.daemon_note import daemon_note

        data["daemon_note"] = daemon_note(context)
    emit(data, _render_edited)


def _render_edited(data: dict[str, Any]) -> None:
    if data["status"] == "scheduled":
        _render_done(data)
        return
    hint = f" Publish it with `psn post approve {data['id']}`." if data["status"] == "draft" else ""
    typer.echo(f"Post {data['id']} updated ({data['status']}).{hint}")


def _with_text(request, text: str):  # type: ignore[no-untyped-def]
    from psn.cli.post_flow import split_thread

    marker = EDIT_BREAK.strip()
    if request.parts or request.format == "thread":
        posts = [p.strip() for p in text.split(marker)] if marker in text else split_thread(text)
    else:
        posts = [text.strip()]
    posts = [p for p in posts if p]
    if not posts and not request.media:
        raise BadInput("The edited post is empty.", hint="Nothing was changed; cancel it with `psn post cancel ID`.")
    return request.model_copy(update={"text": posts[0] if posts else "", "parts": posts[1:]})


def _check_edit(context, row, request) -> None:  # type: ignore[no-untyped-def]
    """The platform's own checks, or — for a post still waiting for media — psn's limit checks."""
    from psn.publishing.pipeline import validate

    if row.status != "draft":
        validate(context, request)
        return
    from psn.generate.limits import limits_for
    from psn.generate.models import DraftBody
    from psn.generate.validate import check_body

    output = output_for(context, row)
    if output is None:
        return
    body = DraftBody(text=request.text, parts=request.parts, title=request.title)
    limits = limits_for(row.platform, output.format, context.settings.generation)
    errors = [i.message for i in check_body(body, limits, platform=row.platform, format=output.format)
              if i.severity == "error"]
    if errors:
        raise BadInput("The edit breaks a platform limit: " + " ".join(errors), hint="Nothing was changed.")


def _keep_edit(context, row, before, after) -> None:  # type: ignore[no-untyped-def]
    from psn.generate.drafts import update_output
    from psn.voice.calibration import record_draft_edit

    old, new = [before.text, *before.parts], [after.text, *after.parts]
    if old == new:
        return
    output = output_for(context, row)
    if output is None:
        return
    record_draft_edit(context.db, platform=row.platform, format=output.format, before="\n\n".join(old),
                      after="\n\n".join(new), at=context.clock.now(), draft_output_id=output.id,
                      prompt_version_id=output.prompt_version_id)
    body = output.body.model_copy(update={"text": after.text, "parts": list(after.parts)})
    update_output(context.db, output.id, context.clock.now(), body=body)


def after_cancel(context, row) -> None:  # type: ignore[no-untyped-def]
    from psn.generate.drafts import update_output

    output = output_for(context, row)
    if output is not None:
        update_output(context.db, output.id, context.clock.now(), status="cancelled")


def _draft_of(context, row):  # type: ignore[no-untyped-def]
    from psn.generate.drafts import get_draft

    return get_draft(context.db, row.draft_id)


def _preview(request, output) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.output import console

    out = console()
    out.print(f"{request.platform} · {request.format}", style="bold", markup=False)
    for index, post in enumerate([request.text, *request.parts], start=1):
        out.print(post if not request.parts else f"{index}. {post}", markup=False)
    out.print("media: " + ", ".join(str(m.path.name) for m in request.media if m.path), markup=False)
    if request.link:
        out.print(f"link: {request.link}" + (f" ({request.title})" if request.title else ""), markup=False)
    if output is not None and output.body.script:
        out.print(f"(recorded from the script: {output.body.script.hook})", style="dim", markup=False)


def _render_done(data: dict[str, Any]) -> None:
    from psn.cli.local_time import local_time

    if data["status"] == "scheduled":
        where = f" on {data['platform']}: {data['url']}" if data["platform_post_id"] else ""
        typer.echo(f"Post {data['id']} is scheduled for {local_time(data['scheduled_at'])}{where}.")
        if data.get("daemon_note"):
            typer.echo(f"! {data['daemon_note']}")
    else:
        typer.echo(f"Post {data['id']} published: {data['url'] or data['platform_post_id']}")


def _render_show(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    out = console()
    out.print(f"#{data['id']} {data['platform']} · {data['format']} · {data['status']}", style="bold", markup=False)
    generated = data.get("generated")
    if generated:
        out.print(f"Idea: {generated['idea']}", markup=False)
        out.print(f"Why {generated['format']}: {generated['format_reason']}", style="dim", markup=False)
        writer = "the offline composer" if generated["offline"] else f"{generated['provider']} {generated['model']}"
        out.print(f"Written by {writer} (prompt version {generated['prompt_version_id']})", style="dim",
                  markup=False)
    out.print(data["text"], markup=False)
    script = (generated or {}).get("body", {}).get("script")
    if script:
        out.print(f"Script: {script['hook']}", markup=False)
        for number, beat in enumerate(script["beats"], start=1):
            out.print(f"  {number}. {beat}", markup=False)
    when = data["published_at"] or data["scheduled_at"]
    if when:
        from psn.cli.local_time import local_time

        out.print(f"{'Published' if data['published_at'] else 'Scheduled for'} {local_time(when)}", markup=False)
    if data.get("link"):
        out.print(f"link: {data['link']}", markup=False)
    if data["url"]:
        out.print(f"→ {data['url']}", markup=False)
    if data["error"]:
        out.print(f"{data['error_kind']}: {data['error']}", style="red", markup=False)
