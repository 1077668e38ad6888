"""`psn post`: publish now (given text, or — with generation — an idea), and manage posts.

    psn post --platform x --text "..." [--media FILE...] [--thread] [--yes]
    psn post list | status ID | retry ID | cancel ID
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from psn.cli.defaultgroup import DefaultCommandGroup

ORDER = 30
post_app = typer.Typer(cls=DefaultCommandGroup, help="Write, publish and manage posts.")


def register(app: typer.Typer) -> None:
    app.add_typer(post_app, name="post")


@post_app.command("create", help="Publish text (and media) to one or more platforms, after your approval.")
def create(
    platform: Annotated[list[str], typer.Option("--platform", "-p", help="Where to publish (repeatable).")],
    text: Annotated[str, typer.Option("--text", "-t", help="The post text.")] = "",
    media: Annotated[list[Path] | None, typer.Option("--media", "-m", help="Image/video file (repeatable).")] = None,
    thread: Annotated[bool, typer.Option(help="Split the text into a thread at blank lines.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Publish without asking (you approve this text).")] = False,
    campaign: Annotated[str | None, typer.Option(help="Tag the post with a campaign.")] = None,
    media_url: Annotated[list[str] | None, typer.Option(
        "--media-url", help="Hosted image/video the platform fetches itself (repeatable).")] = None,
    title: Annotated[str | None, typer.Option(help="A title, where the platform has one (TikTok photos).")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help="Platform option NAME=VALUE, e.g. privacy=public (repeatable).")] = None,
) -> None:
    from psn.cli.post_flow import PostExtras, publish_given_text

    extras = PostExtras.parse(media_url or [], title, option or [])
    publish_given_text(platform, text, media or [], thread, yes, campaign, extras)


@post_app.command("list", help="Recent posts and their status.")
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status (draft, scheduled, published, failed…).")] = None,
    platform: Annotated[str | None, typer.Option(help="Only this platform.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import describe, list_content

    rows = [describe(r) for r in list_content(ctx(), status, platform, limit)]
    emit(rows, _render_list)


@post_app.command("status", help="One post: status, platform ids, steps, error.")
def status(content_id: Annotated[int, typer.Argument(help="The post id from `psn post list`.")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import describe, get_content

    emit(describe(get_content(ctx(), content_id)), _render_one)


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
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.publishing.records import cancel as cancel_post
    from psn.publishing.records import describe

    emit(describe(cancel_post(ctx(), content_id)), lambda d: typer.echo(f"Post {d['id']} cancelled."))


def _render_list(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not rows:
        console().print("No posts yet. Try `psn post --platform x --text \"hello\"`.")
        return
    table = Table("id", "platform", "status", "text", "when", "url", show_edge=False)
    for r in rows:
        when = r["published_at"] or r["scheduled_at"] or r["created_at"]
        table.add_row(str(r["id"]), r["platform"], r["status"], _short(r["text"]), f"{when:%Y-%m-%d %H:%M}" if when
                      else "", r["url"] or (r["error"] or "")[:60])
    console().print(table)


def _render_one(r: dict[str, Any]) -> None:
    from psn.cli.output import console

    out = console()
    out.print(f"[bold]#{r['id']}[/] {r['platform']} · {r['status']} · attempts {r['attempts']}")
    out.print(_short(r["text"], 200))
    if r["url"]:
        out.print(f"→ {r['url']}")
    for note in r.get("notes") or []:
        out.print(f"[yellow]![/] {note}")
    for step, entry in r["steps"].items():
        out.print(f"  {step}: {entry.get('state')} {entry.get('value', '')}")
    if r["error"]:
        out.print(f"[red]{r['error_kind']}: {r['error']}[/]")
        out.print(f"Retry with `psn post retry {r['id']}`.")


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
