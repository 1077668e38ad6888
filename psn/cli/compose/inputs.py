"""What `psn post` was asked for: the idea, the platforms, the media, the time. Every check here
runs before anything is generated, stored or sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psn.core.errors import BadInput


@dataclass
class Idea:
    text: str
    idea_id: int | None = None
    typed: bool = False
    """Typed at psn's prompt (not on the command line): Ctrl-C keeps it in the idea bank."""


@dataclass
class Media:
    paths: list[Path] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)  # psn.platforms.base.MediaItem
    summary: Any = None  # psn.generate.picker.MediaSummary


def resolve_idea(context, text: str | None, idea_id: int | None) -> Idea:  # type: ignore[no-untyped-def]
    from psn.cli import prompts
    from psn.generate.topics import suggest_topics
    from psn.ideas.bank import get_idea
    from psn.voice.store import current_voice

    if text and idea_id is not None:
        raise BadInput("Give the idea as text or as --idea ID, not both.", hint="Pick one.")
    if idea_id is not None:
        idea = get_idea(context.db, idea_id, context.clock.now())
        if not idea.usable:
            state = "expired" if idea.expired else idea.stage
            raise BadInput(f"Idea {idea_id} is {state} and cannot be posted.",
                           hint=f"`psn ideas show {idea_id}`; revive it with `psn ideas edit {idea_id} --no-expiry`."
                           if idea.expired else "Pick an open idea: `psn ideas list`.")
        return Idea(idea.text, idea.id)
    if text and text.strip():
        return Idea(text.strip())
    stored = current_voice(context.db)
    suggestions = suggest_topics(context.db, stored.profile if stored else None, context.clock.now())
    if not prompts.is_interactive():
        raise BadInput("What should the post be about?", hint='Give it: psn post "your idea" -p x, or --idea ID.',
                       suggestions=[s.label for s in suggestions] or None)
    return _choose_topic(suggestions)


def _choose_topic(suggestions: list[Any]) -> Idea:
    from psn.cli import prompts

    other = "Something else…"
    labels = [s.label for s in suggestions]
    choice = prompts.select("What do you want to post about?", [*labels, other])
    picked = next((s for s in suggestions if s.label == choice), None)
    if picked is not None and picked.idea_id is not None:
        return Idea(picked.text or "", picked.idea_id)
    question = "Your idea, in a sentence or a few:" if picked is None else f"{picked.label}: in a sentence or a few:"
    text = prompts.text(question, validate=lambda t: bool(t.strip()) or "Write at least a few words")
    return Idea(text.strip(), typed=True)


def resolve_platforms(platforms: list[str] | None, context, idea: Idea) -> list[str]:  # type: ignore[no-untyped-def]
    from psn.cli import prompts
    from psn.generate.formats import PLATFORMS, check_platform
    from psn.ideas.bank import get_idea

    aliases = {"twitter": "x"}
    chosen = [check_platform(aliases.get(p.strip().lower(), p.strip().lower())) for p in platforms or []]
    if not chosen and idea.idea_id is not None:
        chosen = get_idea(context.db, idea.idea_id, context.clock.now()).platforms
    if not chosen:
        prompts.require_interactive("--platform (e.g. -p x -p linkedin)", "where to post")
        chosen = prompts.checkbox("Where should it go?", PLATFORMS, checked=["x"])
    if not chosen:
        raise BadInput("No platform chosen.", hint="Pass --platform, e.g. -p x.")
    return list(dict.fromkeys(chosen))


def resolve_media(paths: list[Path] | None, hosted: list[Any] | None = None) -> Media:
    """Local files (checked to exist) and hosted media (`PostExtras.hosted_items()`, asked of their
    servers); their kinds decide which formats fit."""
    from psn.cli.post_flow import _media_kind
    from psn.core.files import check_input_file
    from psn.generate.picker import MediaSummary, summarise_media
    from psn.platforms.base import MediaItem

    media = Media(paths=[p.expanduser() for p in paths or []])
    for path in media.paths:
        check_input_file(path)  # missing, a folder or empty: refused before any model call
    summarise_media(media.paths)  # refuses a local file that is neither image nor video
    for path in media.paths:
        media.items.append(MediaItem(kind=_media_kind(path.name), path=path.resolve(), size_bytes=path.stat().st_size))
    media.items += hosted or []
    videos = sum(item.kind == "video" for item in media.items)
    media.summary = MediaSummary(images=len(media.items) - videos, videos=videos)
    return media


def check_publishable(context, platforms: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Before spending a model call: can psn publish there, and is an account connected?"""
    from psn.accounts.wiring import adapter_for
    from psn.platforms.registry import all_specs

    known = all_specs()
    missing = [p for p in platforms if p not in known]
    if missing:
        raise BadInput(f"psn cannot publish to {', '.join(missing)} yet.",
                       hint=f"Draft for it with --dry-run; publishing works on: {', '.join(known)}.")
    for platform in platforms:
        adapter_for(context, platform)  # NotConfigured naming `psn setup <platform>` when not connected


def resolve_time(context, when: str | None, platform: str) -> datetime | None:  # type: ignore[no-untyped-def]
    from psn.generate.slots import resolve_when
    from psn.publishing.records import list_content

    if when is None:
        return None
    taken = [row.scheduled_at for row in list_content(context, "scheduled", platform, limit=1000) if row.scheduled_at]
    settings = context.settings
    return resolve_when(when, timezone=settings.general.timezone, now=context.clock.now(),
                        times=settings.generation.times_for(platform), taken=taken)


def recent_posts(context, platforms: list[str]) -> list[Any]:  # type: ignore[no-untyped-def]
    """Recently published texts, for the near-duplicate check."""
    from datetime import timedelta

    from psn.generate.models import RecentPost
    from psn.publishing.records import recent_texts

    since = context.clock.now() - timedelta(days=context.settings.generation.duplicate_window_days)
    posts = []
    for platform in platforms:
        posts += [RecentPost(platform=platform, text=text, ref=f"post #{content_id}")
                  for content_id, text in recent_texts(context, platform, since)]
    return posts


def parse_format_option(value: str | None, platforms: list[str]) -> dict[str, str]:
    """`carousel` applies to every platform that has it; `instagram:carousel` to one platform."""
    from psn.generate.formats import check_platform, formats_for, get_format

    if not value:
        return {}
    chosen: dict[str, str] = {}
    for item in (v.strip() for v in value.split(",") if v.strip()):
        platform, _, name = item.rpartition(":")
        if platform:
            if platform not in platforms:
                raise BadInput(f"--format names {platform}, which is not one of the --platform values.",
                               hint="Add it with --platform, or drop it from --format.")
            chosen[check_platform(platform)] = get_format(platform, name).name
            continue
        matching = [p for p in platforms if any(s.name == name for s in formats_for(p))]
        if not matching:
            where = platforms[0] if len(platforms) == 1 else "any of " + ", ".join(platforms)
            hint = "Use platform:format, e.g. instagram:carousel; `psn prompts list` shows every format."
            raise BadInput(f"There is no {name!r} format on {where}.", hint=hint)
        chosen.update({p: name for p in matching if p not in chosen})
    return chosen


STDIN_LIMIT = 1_000_000  # characters: far beyond any platform's limit, small enough to refuse a runaway pipe


def text_from_stdin() -> str:
    """`-t -`: the post's text from a pipe or a file (`psn post -p x -t - < post.txt`), never a literal "-"."""
    import sys

    if sys.stdin is None or sys.stdin.isatty():
        raise BadInput("-t - reads the text from stdin, and stdin is your terminal.",
                       hint="Pipe it in: `echo \"hello\" | psn post -p x -t - --yes`, or `-t - < post.txt`.")
    try:
        text = sys.stdin.read(STDIN_LIMIT + 1)
    except UnicodeDecodeError:
        raise BadInput("-t - read text that is not UTF-8.", hint="Save the text as UTF-8 and pipe it again.") from None
    if len(text) > STDIN_LIMIT:
        raise BadInput("-t - read more than a million characters.", hint="Pipe only the post's text.")
    if not text.strip():
        raise BadInput("-t - read nothing from stdin.", hint="Pipe the text in: `echo \"hello\" | psn post -p x -t -`.")
    return text.strip("\n")
