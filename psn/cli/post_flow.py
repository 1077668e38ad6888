"""The interactive part of `psn post` with given text: validate, preview, approve, publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer


def split_thread(text: str) -> list[str]:
    """Paragraphs separated by a blank line become the parts of a thread."""
    parts = [" ".join(p.split("\n")).strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def build_requests(platforms: list[str], text: str, media: list[Path], thread: bool) -> list[Any]:
    from psn.core.errors import BadInput
    from psn.platforms.base import MediaItem, PublishRequest
    from psn.platforms.registry import get_spec

    if not text.strip() and not media:
        raise BadInput("Nothing to post.", hint="Give --text (and/or --media).")
    items = []
    for path in media:
        if not path.is_file():
            raise BadInput(f"Media file not found: {path}.", hint="Check the path.")
        kind = "video" if path.suffix.lower() in {".mp4", ".mov", ".m4v"} else "image"
        kind = "gif" if path.suffix.lower() == ".gif" else kind
        items.append(MediaItem(kind=kind, path=path.resolve(), size_bytes=path.stat().st_size))
    parts = split_thread(text) if thread else [text.strip()]
    requests = []
    for name in dict.fromkeys(platforms):
        spec = get_spec(name)
        if thread and not spec.capabilities.threads:
            raise BadInput(f"{spec.title} has no threads.", hint=f"Post to {spec.title} without --thread.")
        fmt = "thread" if thread and len(parts) > 1 else ("text" if not items else items[0].kind)
        requests.append(PublishRequest(platform=spec.name, format=fmt, text=parts[0], parts=parts[1:], media=items))
    return requests


def publish_given_text(platforms: list[str], text: str, media: list[Path], thread: bool, yes: bool,
                       campaign: str | None) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.core.errors import PartialSuccess, PsnError
    from psn.publishing.pipeline import publish_now, validate
    from psn.publishing.records import describe

    context = ctx()
    requests = build_requests(platforms, text, media, thread)
    for request in requests:
        validate(context, request)  # every limit and the connection, before asking or recording
    if not yes:
        prompts.require_interactive("--yes", "your approval of exactly what will be published")
        _preview(requests)
        if not prompts.confirm("Publish exactly this?", default=False):
            emit({"published": [], "cancelled": True}, lambda d: typer.echo("Nothing was published."))
            return
    results, errors = [], []
    for request in requests:
        try:
            results.append(describe(publish_now(context, request, campaign=campaign)))
        except PsnError as exc:
            errors.append((request.platform, exc))
    failed = [{"platform": p, **e.to_dict()} for p, e in errors]
    if errors and results:
        _render({"published": results, "failed": failed}) if not current().json else None
        raise PartialSuccess(f"Published to {len(results)} platform(s); {len(errors)} failed.",
                             hint="`psn post list --status failed`, then `psn post retry ID`.",
                             published=[r["id"] for r in results], failed=failed)
    if errors:
        raise errors[0][1]
    emit({"published": results, "failed": []}, _render)


def _preview(requests: list[Any]) -> None:
    from rich.panel import Panel

    from psn.cli.output import console
    from psn.platforms.x.rules import weighted_length

    for request in requests:
        parts = [request.text, *request.parts]
        body = "\n\n".join(f"[dim]{i}/{len(parts)}[/] {p}" if len(parts) > 1 else p for i, p in enumerate(parts, 1))
        count = " · ".join(str(weighted_length(p) if request.platform == "x" else len(p)) for p in parts)
        media = f"\nmedia: {', '.join(m.path.name for m in request.media)}" if request.media else ""
        console().print(Panel(body + media, title=f"{request.platform} · {request.format}", subtitle=f"{count} chars"))


def _render(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    for row in data["published"]:
        console().print(f"[green]✓[/] {row['platform']}: {row['url'] or row['platform_post_id']} (post #{row['id']})")
    for row in data["failed"]:
        console().print(f"[red]✗[/] {row['platform']}: {row['message']}")
