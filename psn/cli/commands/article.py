"""`psn article`: long-form posts (WordPress, or any blog by webhook) with what articles need —
a title, excerpt, slug, tags and categories, a featured image, draft/publish/scheduled.

    psn article -p wordpress --title "Launch notes" --file post.md --tag python --at 2026-12-01T09:00Z --yes
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

ORDER = 32
GROUP = "Your content"
MAX_ALT = 1000  # a description, not an article: screen readers read it whole


def register(app: typer.Typer) -> None:
    app.command("article", help="Publish an article (title, tags, excerpt, featured image, schedule) to WordPress "
                                "or your blog.")(article)


def article(
    platform: Annotated[list[str], typer.Option("--platform", "-p", help="wordpress and/or blog (repeatable).")],
    title: Annotated[str, typer.Option("--title", help="The article's title.")],
    text: Annotated[str, typer.Option("--text", "-t", help="The article in Markdown (HTML tags show as text; "
                                                           "WordPress block markup is sent as written).")] = "",
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the article from this file.")] = None,
    excerpt: Annotated[str, typer.Option(help="A short summary.")] = "",
    slug: Annotated[str, typer.Option(help="The URL slug, e.g. launch-notes.")] = "",
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag name or id (repeatable).")] = None,
    category: Annotated[list[str] | None, typer.Option("--category", help="Category name or id (repeatable).")]
    = None,
    status: Annotated[str, typer.Option(help="publish, draft, pending or private.")] = "",
    at: Annotated[str, typer.Option("--at", help="Schedule it (ISO 8601, e.g. 2026-12-01T09:00:00Z).")] = "",
    featured: Annotated[Path | None, typer.Option(help="Featured image file.")] = None,
    featured_alt: Annotated[str, typer.Option("--featured-alt", help="Alt text of the featured image (what a "
                                                                     "screen reader says).")] = "",
    canonical_url: Annotated[str, typer.Option(help="The canonical URL (blog webhook payload).")] = "",
    page: Annotated[bool, typer.Option("--page", help="A WordPress page instead of a post.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Publish without asking (you approve this article).")]
    = False,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.files import check_web_url
    from psn.publishing.pipeline import validate

    body = _body(text, file)
    if canonical_url:
        check_web_url(canonical_url, "--canonical-url")
    options: dict[str, Any] = {k: v for k, v in {"excerpt": excerpt, "slug": slug, "tags": tag or [],
                                                  "categories": category or [], "status": status, "schedule_at": at,
                                                  "canonical_url": canonical_url}.items() if v}
    context = ctx()
    image = (featured, featured_alt)
    requests = [_request(name, title, body, page, image, options) for name in dict.fromkeys(platform)]
    for request in requests:
        validate(context, request)  # every check (dates, terms by id, title…) before asking or recording
    if not yes:
        prompts.require_interactive("--yes", "your approval of this article")
        if not prompts.confirm(f"Publish {title!r} to {', '.join(r.platform for r in requests)}?", default=False):
            emit({"published": []}, lambda d: typer.echo("Nothing was published."))
            return
    rows, failed = _publish_each(context, requests)
    if failed and rows:
        from psn.cli.state import current
        from psn.core.errors import PartialSuccess

        if not current().json:  # with --json the error envelope carries both lists
            _render({"published": rows})
        raise PartialSuccess(f"Published to {len(rows)} platform(s); {len(failed)} failed.",
                             hint="`psn post list --status failed`, then `psn post retry ID`.",
                             published=[r["id"] for r in rows], failed=[e.to_dict() for e in failed])
    if failed:
        raise failed[0]
    emit({"published": rows}, _render)


def _publish_each(context: Any, requests: list[Any]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Every platform gets its turn: one that fails never keeps the next from being recorded and sent."""
    from psn.core.errors import PsnError
    from psn.publishing.pipeline import publish_now
    from psn.publishing.records import describe

    rows, failed = [], []
    for request in requests:
        try:
            rows.append(describe(publish_now(context, request)))
        except PsnError as exc:
            failed.append(exc)
    return rows, failed


def _body(text: str, file: Path | None) -> str:
    from psn.core.files import read_text_file

    return read_text_file(file, "an article") if file is not None else text


def _request(platform: str, title: str, body: str, page: bool, image: tuple[Path | None, str],
             options: dict[str, Any]) -> Any:
    from psn.core.errors import BadInput
    from psn.core.files import check_input_file
    from psn.platforms.base import MediaItem, PublishRequest
    from psn.platforms.registry import get_spec

    spec = get_spec(platform)
    if "article" not in spec.capabilities.formats:
        raise BadInput(f"{spec.title} does not publish articles.", hint="Use `psn post` for it.")
    featured, alt = image
    if len(alt) > MAX_ALT:
        raise BadInput(f"The alt text is {len(alt)} characters; keep it under {MAX_ALT}.", hint="Shorten it.")
    if alt and featured is None:
        raise BadInput("--featured-alt describes the featured image, and none was given.",
                       hint="Add --featured FILE, or drop --featured-alt.")
    if featured is not None:
        check_input_file(featured.expanduser(), "Featured image", hint="Choose a real image file.")
    media = [MediaItem(kind="image", path=featured.expanduser().resolve(), alt_text=alt.strip() or None)
             ] if featured else []
    return PublishRequest(platform=spec.name, format="page" if page else "article", title=title, text=body,
                          media=media, options=dict(options))


def _render(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    for row in data["published"]:
        console().print(f"[green]✓[/] {row['platform']} · {row['status']}: {row['url'] or row['platform_post_id']} "
                        f"(post #{row['id']})")
