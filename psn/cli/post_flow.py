"""The interactive part of `psn post` with given text: validate, preview, approve, publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".webm"}


@dataclass
class PostExtras:
    """What some platforms take beyond text and files: hosted media, a title, platform options."""

    media_urls: list[str] = field(default_factory=list)
    title: str | None = None
    options: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, media_urls: list[str], title: str | None, options: list[str]) -> PostExtras:
        from psn.core.errors import BadInput
        from psn.core.files import check_web_url

        for url in media_urls:
            check_web_url(url, "--media-url")  # platforms fetch it themselves: refuse it here, not there
        parsed = {}
        for item in options:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise BadInput(f"--option {item!r} is not NAME=VALUE.", hint="e.g. --option privacy=public")
            parsed[name.strip()] = value.strip()
        return cls(list(media_urls), title, parsed)


def split_thread(text: str) -> list[str]:
    """Paragraphs separated by a blank line become the parts of a thread."""
    parts = [" ".join(p.split("\n")).strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def _media_kind(name: str) -> str:
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    return "gif" if suffix == ".gif" else "video" if suffix in VIDEO_SUFFIXES else "image"


def build_requests(platforms: list[str], text: str, media: list[Path], thread: bool,
                   extras: PostExtras | None = None) -> list[Any]:
    from psn.core.errors import BadInput
    from psn.core.files import check_input_file
    from psn.platforms.base import MediaItem, PublishRequest
    from psn.platforms.registry import get_spec

    extras = extras or PostExtras()
    if not text.strip() and not media and not extras.media_urls:
        raise BadInput("Nothing to post.", hint="Give --text (and/or --media).")
    items = []
    for path in media:
        size = check_input_file(path)
        items.append(MediaItem(kind=_media_kind(path.name), path=path.resolve(), size_bytes=size))
    items += [MediaItem(kind=_media_kind(url), url=url) for url in extras.media_urls]
    parts = split_thread(text) if thread else [text.strip()]
    requests = []
    for name in dict.fromkeys(platforms):
        spec = get_spec(name)
        if thread and not spec.capabilities.threads:
            raise BadInput(f"{spec.title} has no threads.", hint=f"Post to {spec.title} without --thread.")
        fmt = "thread" if thread and len(parts) > 1 else ("text" if not items else items[0].kind)
        requests.append(PublishRequest(platform=spec.name, format=fmt, text=parts[0], parts=parts[1:], media=items,
                                       title=extras.title, options=dict(extras.options)))
    return requests


def publish_given_text(platforms: list[str], text: str, media: list[Path], thread: bool, yes: bool,
                       campaign: str | None, extras: PostExtras | None = None) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.publish_progress import publish_reporting
    from psn.cli.state import ctx, current
    from psn.core.errors import PartialSuccess, PsnError
    from psn.publishing.pipeline import publish_now, validate
    from psn.publishing.records import describe

    context = ctx()
    requests = build_requests(platforms, text, media, thread, extras)
    for request in requests:
        validate(context, request)  # every limit and the connection, before asking or recording
    if not yes:
        prompts.require_interactive("--yes", "your approval of exactly what will be published")
        _preview(requests)
        if not prompts.confirm("Publish exactly this?", default=False):
            emit({"published": [], "cancelled": True}, lambda d: typer.echo("Nothing was published."))
            return
    results, errors = [], []
    with publish_reporting(context) as reporter:
        for request in requests:
            try:
                row = publish_now(context, request, campaign=campaign)
                results.append({**describe(row), "notes": reporter.notes.get(row.id or 0, [])})
            except PsnError as exc:
                errors.append((request.platform, exc))
    failed = [{"platform": p, **e.to_dict()} for p, e in errors]
    if errors and results:
        if not current().json:  # with --json the error envelope carries both lists
            _render({"published": results, "failed": failed})
        raise PartialSuccess(f"Published to {len(results)} platform(s); {len(errors)} failed.",
                             hint="`psn post list --status failed`, then `psn post retry ID`.",
                             published=[r["id"] for r in results], failed=failed)
    if errors:
        raise errors[0][1]
    emit({"published": results, "failed": []}, _render)


def _preview(requests: list[Any]) -> None:
    from rich.panel import Panel

    from psn.cli.output import console, on_screen
    from psn.platforms.x.rules import weighted_length

    for request in requests:
        parts = [request.text, *request.parts]
        body = "\n\n".join(f"[dim]{i}/{len(parts)}[/] {p}" if len(parts) > 1 else p for i, p in enumerate(parts, 1))
        count = " · ".join(str(weighted_length(p) if request.platform == "x" else len(p)) for p in parts)
        names = [m.path.name if m.path else str(m.url) for m in request.media]
        media = f"\nmedia: {', '.join(names)}" if names else ""
        console().print(Panel(body + media, title=f"{request.platform} · {request.format}", subtitle=f"{count} chars",
                              expand=on_screen()))


def _render(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    for row in data["published"]:
        console().print(sent_line(row))
        for note in row.get("notes") or []:
            console().print(f"  [yellow]![/] {note}")
    for row in data["failed"]:
        console().print(f"[red]✗[/] {row['platform']}: {row['message']}")


def sent_line(row: dict[str, Any]) -> str:
    """One sent post as the person reads it: live, still processing, or scheduled on the platform."""
    where = f"{row['url'] or row['platform_post_id']} (post #{row['id']})"
    if row["status"] == "processing":
        return (f"[cyan]…[/] {row['platform']}: sent, {row['platform']} is processing it: {where}. "
                f"`psn post status {row['id']}` shows when it is live.")
    if row["status"] == "scheduled":
        from psn.cli.local_time import local_time

        when = local_time(row["scheduled_at"])
        return f"[cyan]⏱[/] {row['platform']}: scheduled for {when} on {row['platform']}: {where}"
    return f"[green]✓[/] {row['platform']}: {where}"
