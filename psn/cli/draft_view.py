"""How drafts look in the terminal: one panel per platform with counts, checks and the note
that says when the offline composer wrote it. Shared by `psn voice preview` and `psn post`."""

from __future__ import annotations

from typing import Any

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
PLATFORM_NAMES = {
    "x": "X", "linkedin": "LinkedIn", "instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook",
    "wordpress": "WordPress", "blog": "Blog", "whatsapp": "WhatsApp",
}


def render_drafts(drafts: list[Any], approved: set[str] | frozenset[str] = frozenset()) -> None:
    """Each draft with its own note: the offline composer says per draft what it added."""
    from psn.cli.output import console

    out = console()
    for draft in drafts:
        out.print(draft_panel(draft, approved=draft.platform in approved))
        if getattr(draft, "offline", False) and draft.note:
            out.print(f"[dim yellow]{_escape(draft.note)}[/]")


def draft_panel(draft: Any, approved: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    name = PLATFORM_NAMES.get(draft.platform, draft.platform)
    title = f"[bold]{name}[/] · {draft.format}" + (" · [yellow]offline composer[/]" if draft.offline else "")
    title += " · [green]✓ approved[/]" if approved else ""
    parts: list[Any] = [Text(f"Why {draft.format}: {draft.format_reason}", style="dim")]
    parts += _body_lines(draft.body)
    parts.append(Text(counts_line(draft.counts), style="dim"))
    parts += [Text(f"{issue.severity}: {issue.message}" + _fix_hint(issue.fixes), style=SEVERITY_STYLE[issue.severity])
              for issue in draft.issues]
    for match in draft.duplicates:
        when = f" on {match.published_at:%Y-%m-%d}" if match.published_at else ""
        parts.append(Text(f"near-duplicate ({match.similarity:.0%}) of a post published{when}"
                          f"{f' ({match.ref})' if match.ref else ''}:\n  {match.text}", style="yellow"))
    if draft.awaiting_media:
        parts.append(Text("Waiting for your recording: the script is ready, add the video when you have it.",
                          style="cyan"))
    from psn.cli.output import on_screen

    return Panel(Group(*parts), title=title, title_align="left", expand=on_screen())


def _body_lines(body: Any) -> list[Any]:
    from rich.text import Text

    lines: list[Any] = []
    if body.title:
        lines.append(Text(f"Title: {body.title}", style="bold"))
    if body.text:
        lines.append(Text(body.text))
    for index, part in enumerate(body.parts, start=2):
        lines.append(Text(f"── post {index} ──", style="dim"))
        lines.append(Text(part))
    for index, slide in enumerate(body.slides, start=1):
        lines.append(Text(f"slide {index}: {slide}"))
    if body.script:
        lines.append(Text("Script", style="bold"))
        lines.append(Text(f"hook: {body.script.hook}"))
        lines += [Text(f"beat {i}: {beat}") for i, beat in enumerate(body.script.beats, start=1)]
        if body.script.on_screen_text:
            lines.append(Text("on screen: " + " | ".join(body.script.on_screen_text), style="dim"))
    return lines


def counts_line(counts: dict[str, int]) -> str:
    length = f"{counts.get('length', 0)}" + (f"/{counts['limit']}" if "limit" in counts else "") + " characters"
    items = [length]
    if "posts" in counts:
        items.append(f"{counts['posts']} posts (longest {counts['longest_post']})")
    if "title_length" in counts:
        items.append(f"title {counts['title_length']}")
    items.append(_plural(counts.get("hashtags", 0), "hashtag"))
    if counts.get("mentions"):
        items.append(_plural(counts["mentions"], "mention"))
    return " · ".join(items)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _fix_hint(fixes: list[str]) -> str:
    return f"  (fix: {', '.join(fixes)})" if fixes else ""


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
