"""The interactive part of `psn post` with given text: validate, preview, approve, publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".webm"}


@dataclass
class PostExtras:
    """What some platforms take beyond text and files: hosted media, a link, a title, platform options."""

    media_urls: list[str] = field(default_factory=list)
    title: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    media_kinds: list[str] = field(default_factory=list)
    """`--media-kind`: what the URLs hold when their servers do not say (one for all, or one per URL)."""
    _hosted: list[Any] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, media_urls: list[str], title: str | None, options: list[str], link: str | None = None,
              media_kinds: list[str] | None = None) -> PostExtras:
        from psn.core.errors import BadInput
        from psn.core.files import check_web_url

        for url in media_urls:
            check_web_url(url, "--media-url")  # platforms fetch it themselves: refuse it here, not there
        if link is not None:
            link = check_web_url(link, "--link")
        parsed = {}
        for item in options:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise BadInput(f"--option {item!r} is not NAME=VALUE.", hint="e.g. --option privacy=public")
            parsed[name.strip()] = value.strip()
        return cls(list(media_urls), title, parsed, link, list(media_kinds or []))

    def hosted_items(self) -> list[Any]:
        """The --media-url items, each asked of its server once (image or video, and its type)."""
        if self._hosted is None:
            from psn.cli.state import current
            from psn.publishing.media_urls import hosted_media, only_this_machine

            sandbox = current().sandbox
            self._hosted = hosted_media(self.media_urls, self.media_kinds,
                                        may_ask=only_this_machine if sandbox else lambda _: True)
        return list(self._hosted)


def split_thread(text: str) -> list[str]:
    """Paragraphs separated by a blank line become the parts of a thread."""
    parts = [" ".join(p.split("\n")).strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def _media_kind(name: str) -> str:
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    return "gif" if suffix == ".gif" else "video" if suffix in VIDEO_SUFFIXES else "image"


def given_formats(value: str | None, platforms: list[str]) -> dict[str, str]:
    """`--format` with given text names a format the platform publishes (`capabilities.formats`):
    `story` for every platform that has it, `instagram:story` for one."""
    from psn.core.errors import BadInput
    from psn.platforms.registry import get_spec

    chosen: dict[str, str] = {}
    for item in (v.strip() for v in (value or "").split(",") if v.strip()):
        platform, _, name = item.rpartition(":")
        if platform and platform not in platforms:
            raise BadInput(f"--format names {platform}, which is not one of the --platform values.",
                           hint="Add it with --platform, or drop it from --format.")
        targets = [platform] if platform else [p for p in platforms if name in get_spec(p).capabilities.formats]
        if not targets:
            raise BadInput(f"No --platform here publishes the format {name!r}.",
                           hint="; ".join(f"{p}: {', '.join(get_spec(p).capabilities.formats)}" for p in platforms))
        for target in targets:
            spec = get_spec(target)
            if name not in spec.capabilities.formats:
                raise BadInput(f"{spec.title} has no {name!r} format.",
                               hint=f"{spec.title} publishes: {', '.join(spec.capabilities.formats)}.")
            chosen.setdefault(target, name)
    return chosen


def _default_format(capabilities: Any, items: list[Any], threaded: bool, link: str | None) -> str:
    """What was asked for when --format was not; an adapter that decides from the media (two images
    make a carousel) reports what went out, and that is what psn records."""
    from psn.publishing.links import link_format

    if threaded:
        return "thread"
    if items:
        return items[0].kind
    return (link_format(capabilities) if link else None) or "text"


def build_requests(platforms: list[str], text: str, media: list[Path], thread: bool,
                   extras: PostExtras | None = None, formats: dict[str, str] | None = None) -> list[Any]:
    from psn.core.errors import BadInput
    from psn.core.files import check_input_file
    from psn.platforms.base import MediaItem, PublishRequest
    from psn.platforms.registry import get_spec
    from psn.publishing.links import attach_link

    extras = extras or PostExtras()
    formats = formats or {}
    if not text.strip() and not media and not extras.media_urls and not extras.link:
        raise BadInput("Nothing to post.", hint="Give --text (and/or --media, --link).")
    items = []
    for path in media:
        size = check_input_file(path)
        items.append(MediaItem(kind=_media_kind(path.name), path=path.resolve(), size_bytes=size))
    items += extras.hosted_items()
    requests = []
    for name in dict.fromkeys(platforms):
        spec = get_spec(name)
        threaded = thread or formats.get(spec.name) == "thread"
        if threaded and not spec.capabilities.threads:
            raise BadInput(f"{spec.title} has no threads.", hint=f"Post to {spec.title} without --thread.")
        parts = split_thread(text) if threaded else [text.strip()]
        fmt = formats.get(spec.name) or _default_format(spec.capabilities, items, threaded and len(parts) > 1,
                                                        extras.link)
        request = PublishRequest(platform=spec.name, format=fmt, text=parts[0], parts=parts[1:], media=items,
                                 title=extras.title, options=dict(extras.options))
        requests.append(attach_link(request, spec.capabilities, spec.title, extras.link, page=_page_reader()))
    return requests


def _page_reader() -> Any:
    """Reads a linked page's title; in --sandbox only pages served on this machine are read."""
    from psn.cli.state import current
    from psn.publishing.link_preview import fetch_preview
    from psn.publishing.media_urls import only_this_machine

    sandbox = current().sandbox
    return lambda url: fetch_preview(url) if not sandbox or only_this_machine(url) else {}


def publish_given_text(platforms: list[str], text: str, media: list[Path], thread: bool, yes: bool,
                       campaign: str | None, extras: PostExtras | None = None,
                       formats: dict[str, str] | None = None) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.publish_progress import publish_reporting
    from psn.cli.state import ctx, current
    from psn.core.errors import PartialSuccess, PsnError
    from psn.publishing.pipeline import publish_now, validate
    from psn.publishing.records import describe

    context = ctx()
    requests = build_requests(platforms, text, media, thread, extras, formats)
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
        media += f"\nlink: {request.link}" + (f" ({request.title})" if request.title else "") if request.link else ""
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
