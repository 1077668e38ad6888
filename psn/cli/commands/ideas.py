"""`psn ideas add|list|show|edit|kill|promote`: the idea bank."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

ORDER = 30
GROUP = "Your content"

ideas_app = typer.Typer(help="Your idea bank: capture, grow (spark → seed → ready), kill, and post ideas.",
                        no_args_is_help=True)

PillarOpt = Annotated[str | None, typer.Option(help="The content pillar it belongs to.")]
PlatformsOpt = Annotated[list[str] | None, typer.Option("--platform", "-p", help="Where it fits (repeatable).")]
FormatOpt = Annotated[str | None, typer.Option("--format", help="A format it suits, e.g. thread, carousel, reel.")]
UrgencyOpt = Annotated[str | None, typer.Option(help="low, normal or high.")]
ExpiresOpt = Annotated[
    str | None, typer.Option(help="For timely ideas: YYYY-MM-DD or 'YYYY-MM-DD HH:MM' in your timezone.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(ideas_app, name="ideas")


@ideas_app.command("add", help="Capture an idea.")
def add(
    text: Annotated[str, typer.Argument(help="The idea, in a sentence or a few.")],
    pillar: PillarOpt = None,
    platforms: PlatformsOpt = None,
    format: FormatOpt = None,
    urgency: UrgencyOpt = None,
    expires: ExpiresOpt = None,
    stage: Annotated[str, typer.Option(help="spark, seed or ready.")] = "spark",
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.ideas.bank import add_idea

    context = ctx()
    idea = add_idea(
        context.db, text, at=context.clock.now(), stage=stage, pillar=pillar,  # type: ignore[arg-type]
        platforms=_platforms(platforms), format=_format(format), urgency=urgency or "normal",  # type: ignore[arg-type]
        expires_at=_when(expires, context) if expires else None,
    )
    emit(idea, lambda i: typer.echo(f"Idea {i.id} saved ({i.stage})."))


@ideas_app.command("list", help="Open ideas, most urgent first (--all includes used, killed and expired).")
def list_(
    stages: Annotated[list[str] | None, typer.Option("--stage", help="Only these stages (repeatable).")] = None,
    pillar: PillarOpt = None,
    platform: Annotated[str | None, typer.Option("--platform", "-p", help="Ideas that fit this platform.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include used, killed and expired ideas.")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.ideas.bank import list_ideas

    context = ctx()
    ideas = list_ideas(context.db, context.clock.now(), stages=stages, pillar=pillar,
                       platform=_platforms([platform])[0] if platform else None, include_closed=all_)
    emit(ideas, _render_list)


@ideas_app.command("show", help="One idea in full.")
def show(idea_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.ideas.bank import get_idea

    context = ctx()
    emit(get_idea(context.db, idea_id, context.clock.now()), _render_one)


@ideas_app.command("edit", help="Change an open idea.")
def edit(
    idea_id: Annotated[int, typer.Argument(metavar="ID")],
    text: Annotated[str | None, typer.Option(help="New text.")] = None,
    pillar: PillarOpt = None,
    platforms: PlatformsOpt = None,
    format: FormatOpt = None,
    urgency: UrgencyOpt = None,
    expires: ExpiresOpt = None,
    no_expiry: Annotated[bool, typer.Option("--no-expiry", help="Make it evergreen.")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.ideas.bank import IdeaChanges, check_urgency, edit_idea

    if expires and no_expiry:
        raise BadInput("Use --expires or --no-expiry, not both.", hint="Pick one.")
    context = ctx()
    changes = IdeaChanges(
        text=text, pillar=pillar, platforms=_platforms(platforms) if platforms else None,
        format=_format(format), urgency=check_urgency(urgency) if urgency else None,
        expires_at=_when(expires, context) if expires else None, clear_expiry=no_expiry,
    )
    emit(edit_idea(context.db, idea_id, changes, context.clock.now()),
         lambda i: typer.echo(f"Idea {i.id} updated."))


@ideas_app.command("kill", help="Drop an idea, saying why (it stays in the bank with the reason).")
def kill(
    idea_id: Annotated[int, typer.Argument(metavar="ID")],
    reason: Annotated[str | None, typer.Option(help="Why it is not worth posting.")] = None,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.ideas.bank import kill_idea

    if reason is None:
        prompts.require_interactive('--reason "…"', "a reason")
        reason = prompts.text("Why kill it?")
    context = ctx()
    emit(kill_idea(context.db, idea_id, reason, context.clock.now()),
         lambda i: typer.echo(f"Idea {i.id} killed: {i.kill_reason}"))


@ideas_app.command("promote", help="Move an idea forward: spark → seed → ready.")
def promote(
    idea_id: Annotated[int, typer.Argument(metavar="ID")],
    to: Annotated[str | None, typer.Option(help="Jump straight to seed or ready.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.ideas.bank import promote_idea

    context = ctx()
    emit(promote_idea(context.db, idea_id, context.clock.now(), to=to),  # type: ignore[arg-type]
         lambda i: typer.echo(f"Idea {i.id} is now {i.stage}."))


def _platforms(values: list[str | None] | list[str] | None) -> list[str]:
    from psn.generate.formats import check_platform

    return [check_platform(v.strip().lower()) for v in values or [] if v]


def _format(value: str | None) -> str | None:
    from psn.core.errors import BadInput
    from psn.generate.formats import FORMATS

    if value is None:
        return None
    names = sorted({spec.name for spec in FORMATS})
    if value not in names:
        raise BadInput(f"Unknown format {value!r}.", hint=f"Formats: {', '.join(names)}.")
    return value


def _when(text: str, context) -> datetime:  # type: ignore[no-untyped-def]
    """A date or date-time in the creator's timezone (a bare date means the end of that day)."""
    from zoneinfo import ZoneInfo

    from psn.core.clock import ensure_utc
    from psn.core.errors import BadInput

    zone = ZoneInfo(context.settings.general.timezone)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"Cannot read the date {text!r}.", hint="Use YYYY-MM-DD or 'YYYY-MM-DD HH:MM'.") from None
    if len(text.strip()) == 10:
        moment = moment.replace(hour=23, minute=59)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return ensure_utc(moment)


def _render_list(ideas: list[Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from psn.cli.output import console

    if not ideas:
        console().print("No ideas here. Capture one: psn ideas add \"…\"", markup=False)
        return
    table = Table("id", "stage", "urgency", "pillar", "platforms", "idea", show_edge=False)
    for idea in ideas:
        stage = "expired" if idea.expired else idea.stage
        text = idea.text if len(idea.text) <= 70 else idea.text[:69] + "…"
        table.add_row(str(idea.id), stage, idea.urgency, escape(idea.pillar or ""), ", ".join(idea.platforms),
                      escape(text))
    console().print(table)


def _render_one(idea: Any) -> None:
    from psn.cli.output import console

    out = console()
    out.print(f"Idea {idea.id} · {'expired' if idea.expired else idea.stage} · {idea.urgency} urgency", style="bold")
    out.print(idea.text, markup=False)
    details = {
        "pillar": idea.pillar, "platforms": ", ".join(idea.platforms), "format": idea.format,
        "expires": f"{idea.expires_at:%Y-%m-%d %H:%M} UTC" if idea.expires_at else None,
        "source": idea.source + (f" ({idea.source_ref})" if idea.source_ref else ""),
        "killed because": idea.kill_reason, "used": f"{idea.used_at:%Y-%m-%d %H:%M}" if idea.used_at else None,
    }
    for label, value in details.items():
        if value:
            out.print(f"{label}: {value}", markup=False)
