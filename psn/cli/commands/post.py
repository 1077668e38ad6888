"""`psn post`: write from an idea (or publish given text), review, publish or schedule; manage posts.

    psn post ["idea" | --idea ID] -p x -p linkedin [--format F] [--media FILE...] [--at WHEN] [--yes] [--dry-run]
    psn post --platform x --text "..." [--format F] [--media FILE... | --media-url URL...] [--link URL] [--thread]
             [--yes] [--at WHEN] [--dry-run]
    psn post list | show ID | status ID | edit ID | approve ID | finish ID --media FILE | retry ID | cancel ID
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from psn.cli.defaultgroup import DefaultCommandGroup
from psn.cli.model_choice import ModelOption

ORDER = 30
GROUP = "Workflow"
AT_HELP = "When, in your timezone: 'tomorrow 9am', 'fri 18:00', 'in 2h', 'YYYY-MM-DD HH:MM', or next-slot."
post_app = typer.Typer(cls=DefaultCommandGroup, help="Write, publish and manage posts.")


def register(app: typer.Typer) -> None:
    app.add_typer(post_app, name="post")


@post_app.command("create", help="Write a post from an idea in your voice (or publish --text as is), review it, "
                  "then publish or schedule it.")
def create(
    idea: Annotated[str | None, typer.Argument(help="What to post about, in your words.")] = None,
    platform: Annotated[list[str] | None, typer.Option("--platform", "-p", help="Where (repeatable).")] = None,
    idea_id: Annotated[int | None, typer.Option("--idea", help="Write from this idea in the bank.")] = None,
    text: Annotated[str, typer.Option(
        "--text", "-t", help="Publish exactly this text (no writing); - reads it from stdin.")] = "",
    format: Annotated[str | None, typer.Option("--format", help="e.g. thread, carousel, reel, instagram:story.")]
    = None,
    media: Annotated[list[Path] | None, typer.Option("--media", "-m", help="Image/video file (repeatable).")] = None,
    thread: Annotated[bool, typer.Option(help="With --text: split into a thread at blank lines.")] = False,
    at: Annotated[str | None, typer.Option("--at", help=AT_HELP)]
    = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Publish --text without asking (you approve it). Text psn "
                                      "writes is never published unseen: it is saved for `psn post approve`.")]
    = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the drafts; save and send nothing.")] = False,
    allow_duplicate: Annotated[
        bool, typer.Option("--allow-duplicate", help="With --yes: publish even if it is close to a recent post.")
    ] = False,
    campaign: Annotated[str | None, typer.Option(help="Tag the post with a campaign.")] = None,
    media_url: Annotated[list[str] | None, typer.Option(
        "--media-url", help="Hosted image/video the platform fetches itself (repeatable).")] = None,
    title: Annotated[str | None, typer.Option(
        help="A title, where the platform has one (TikTok photos, a LinkedIn article share).")] = None,
    link: Annotated[str | None, typer.Option(
        "--link", metavar="URL", help="Share a link: a Facebook link post, a LinkedIn article; at the end of the "
        "text on X, WordPress and blogs.")] = None,
    media_kind: Annotated[list[str] | None, typer.Option(
        "--media-kind", metavar="KIND", help="image or video: what --media-url holds when its server does not "
        "say (one for all, or one per URL).")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help="Platform option NAME=VALUE, e.g. privacy=public (repeatable).")] = None,
    model: ModelOption = None,
) -> None:
    from psn.cli.model_choice import use_model
    from psn.cli.post_flow import PostExtras
    from psn.core.errors import BadInput

    use_model(model)
    extras = PostExtras.parse(media_url or [], title, option or [], link, media_kind)
    if text == "-":
        from psn.cli.compose.inputs import text_from_stdin

        text = text_from_stdin()
    given = not idea and idea_id is None and bool(media or media_url or link)  # posted as they are
    if text or given:
        if idea or idea_id is not None:
            raise BadInput("--text publishes exactly that text; an idea asks psn to write it.",
                           hint="Use one or the other.")
        if not platform:
            raise BadInput("Where should it go?", hint="Pass --platform, e.g. -p x.")
        from psn.cli.compose.flow import given_text
        from psn.cli.platform_args import platform_name
        from psn.cli.post_flow import given_formats

        formats = given_formats(format, [platform_name(p) or p for p in platform])
        given_text(platform, text, media or [], thread, yes, campaign, at, dry_run, extras, formats)
        return
    if thread:
        raise BadInput("--thread applies to --text; for an idea use --format thread.", hint="psn post \"…\" -p x "
                       "--format thread")
    from psn.cli.compose.flow import create_from_idea

    create_from_idea(idea_text=idea, idea_id=idea_id, platforms=platform, format=format, media_paths=media,
                     yes=yes, dry_run=dry_run, at=at, allow_duplicate=allow_duplicate, campaign=campaign,
                     extras=extras)


@post_app.command("finish", help="Add the media to a post waiting for it (a recorded Reel, TikTok…), then publish.")
def finish(
    content_id: Annotated[int, typer.Argument(help="The post id from `psn post list --status draft`.")],
    media: Annotated[list[Path], typer.Option("--media", "-m", help="The image/video file (repeatable).")],
    at: Annotated[str | None, typer.Option("--at", help="Schedule instead. " + AT_HELP)]
    = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Publish without asking.")] = False,
) -> None:
    from psn.cli.compose.manage import finish as finish_post

    finish_post(content_id, media, yes, at)


@post_app.command("approve", help="Publish or schedule a saved draft exactly as it is (see it first with "
                  "`psn post show ID`).")
def approve(
    content_id: Annotated[int, typer.Argument(help="The draft's id from `psn post list --status draft`.")],
    at: Annotated[str | None, typer.Option("--at", help=AT_HELP)] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Publish without asking (you approve this saved text).")]
    = False,
) -> None:
    from psn.cli.compose.approve import approve as approve_draft

    approve_draft(content_id, at, yes)


@post_app.command("show", help="One post in full: the idea, why this format, the text, the script, its status.")
def show(content_id: Annotated[int, typer.Argument(help="The post id from `psn post list`.")]) -> None:
    from psn.cli.compose.manage import show as show_post

    show_post(content_id)


@post_app.command("edit", help="Change a draft or scheduled post: --text, --at, or your $EDITOR.")
def edit(
    content_id: Annotated[int, typer.Argument(help="The post id from `psn post list`.")],
    text: Annotated[str | None, typer.Option("--text", "-t", help="The new text (threads: blank line between posts).")]
    = None,
    at: Annotated[str | None, typer.Option("--at", help="Reschedule. " + AT_HELP)] = None,
) -> None:
    from psn.cli.compose.manage import edit as edit_post

    edit_post(content_id, text, at)


@post_app.command("list", help="Recent posts and their status.")
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status (draft, scheduled, published, failed…).")] = None,
    platform: Annotated[str | None, typer.Option(help="Only this platform.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    from psn.cli.output import emit
    from psn.cli.platform_args import platform_name
    from psn.cli.state import ctx
    from psn.publishing import post_view

    rows = None
    if not post_view.waiting_on_platform(ctx()):  # else the platform is asked first (psn/publishing/followup.py)
        rows = post_view.recent_posts(ctx(), status, platform_name(platform), limit)  # stdlib sqlite3: no ORM
    if rows is None:  # no database yet, one to migrate, or posts to follow up: the full path
        from psn.publishing.followup import follow_up_all
        from psn.publishing.records import describe, list_content

        post_view.check_status(status)
        follow_up_all(ctx())  # videos the platform processed, posts it scheduled itself and has published since
        rows = [describe(r) for r in list_content(ctx(), status, platform_name(platform), limit)]
    emit(rows, _render_list)


@post_app.command("status", help="One post: status, platform ids, steps, error.")
def status(content_id: Annotated[int, typer.Argument(help="The post id from `psn post list`.")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing import post_view

    data = post_view.post_by_id(ctx(), content_id)  # stdlib sqlite3: no ORM to import
    if data is None or post_view.waits_on_platform(data):  # the full path, which asks the platform
        from psn.publishing.followup import follow_up
        from psn.publishing.records import describe

        row, unchecked = follow_up(ctx(), content_id)  # a video still processing, a post the platform schedules
        data = {**describe(row), "notes": [f"Could not ask {row.platform} about it now: {unchecked}"] if unchecked
                else []}
    emit({"notes": [], **data}, _render_one)


@post_app.command("retry", help="Retry a failed or interrupted publish; it resumes, never posts twice.")
def retry(
    content_id: Annotated[int, typer.Argument()],
    force_step: Annotated[bool, typer.Option("--force-step", help="You checked: the uncertain step did not go out.")]
    = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.publish_progress import publish_reporting
    from psn.cli.state import ctx
    from psn.publishing.pipeline import retry as retry_publish
    from psn.publishing.records import describe

    with publish_reporting(ctx()) as reporter:
        row = retry_publish(ctx(), content_id, force=force_step)
    emit({**describe(row), "notes": reporter.notes.get(row.id or 0, [])}, _render_one)


@post_app.command("cancel", help="Cancel a draft, scheduled or failed post.")
def cancel(content_id: Annotated[int, typer.Argument()]) -> None:
    from psn.cli.compose.manage import after_cancel
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import cancel as cancel_post
    from psn.publishing.records import describe

    row = cancel_post(ctx(), content_id)
    after_cancel(ctx(), row)
    emit(describe(row), lambda d: typer.echo(f"Post {d['id']} cancelled."))


@post_app.command("delete", help="Delete a published post on its platform (a thread: every part); asks first.")
def delete(
    content_id: Annotated[int, typer.Argument(help="The post id from `psn post list`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking (needed without a terminal).")]
    = False,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.deletion import deletable, delete_post
    from psn.publishing.records import describe

    row = deletable(ctx(), content_id)
    if not yes:
        prompts.require_interactive("--yes", "a confirmation")
        typer.echo(f"{row.platform} post {content_id}: {_short(describe(row)['text'], 200)}\n{row.url or ''}".rstrip())
        if not prompts.confirm(f"Delete it from {row.platform}? This cannot be undone.", default=False):
            typer.echo("Nothing was deleted.")
            return
    deleted = describe(delete_post(ctx(), content_id))
    emit(deleted, lambda d: typer.echo(f"Post {d['id']} deleted from {d['platform']}."))


def _render_list(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not rows:
        console().print("No posts yet. Try `psn post --platform x --text \"hello\"`.")
        return
    from psn.cli.local_time import local_stamp

    table = Table("id", "platform · format", "status", "title or text", "when", "url", show_edge=False)
    for r in rows:
        when = (r["scheduled_at"] if r["status"] == "scheduled" else None) or r["published_at"] or r["scheduled_at"] \
            or r["created_at"]
        shown = _short(r.get("title") or r["text"])
        table.add_row(str(r["id"]), f"{r['platform']} · {r['format']}", r["status"], shown, local_stamp(when) if when
                      else "", r["url"] or (r["error"] or "")[:60])
    console().print(table)


def _render_one(r: dict[str, Any]) -> None:
    from rich.markup import escape

    from psn.cli.output import console

    out = console()
    out.print(f"[bold]#{r['id']}[/] {r['platform']} · {r['format']} · {r['status']} · attempts {r['attempts']}")
    if r.get("title"):  # an article: its title first, as a reader meets it
        out.print(f"[bold]{escape(r['title'])}[/]")
    out.print(_short(r["text"], 200))
    from psn.cli.local_time import local_time

    if r["status"] == "scheduled" and r["scheduled_at"]:
        out.print(f"Scheduled for {local_time(r['scheduled_at'])}" + (f" on {r['platform']}" if r["platform_post_id"]
                                                                       else ""))
    elif r["published_at"]:
        out.print(f"{'Published' if r['status'] == 'published' else 'Sent'} {local_time(r['published_at'])}")
    elif r["scheduled_at"]:
        out.print(f"Scheduled for {local_time(r['scheduled_at'])}")
    if r.get("link"):
        out.print(f"link: {r['link']}", markup=False)
    if r["url"]:
        out.print(f"→ {r['url']}")
    for note in r.get("notes") or []:
        out.print(f"[yellow]![/] {note}")
    for step, entry in r["steps"].items():
        out.print(f"  {_step_name(step)}: {entry.get('state')} {_step_value(entry.get('value', ''))}".rstrip())
    if r["error"]:
        out.print(f"[red]{r['error_kind']}: {r['error']}[/]")
    if r.get("next"):
        out.print(r["next"], markup=False)


def _step_name(step: str) -> str:
    """`part:0` → `part 1`, `started_at` → `started at` (the stored step keys are for the resume logic)."""
    name, _, index = step.partition(":")
    words = name.replace("_", " ")
    return f"{words} {int(index) + 1}" if index.isdigit() else f"{words} {index}".strip()


def _step_value(value: Any) -> str:
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(str(value)):%Y-%m-%d %H:%M:%S}"
    except ValueError:
        return str(value)


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
