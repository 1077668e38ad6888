"""`psn setup engage`: what to watch (keywords from your voice pillars, plus yours), where, and the
limits on replying. Every answer has a flag, so it also runs without a terminal."""

from __future__ import annotations

from typing import Annotated

import typer

ORDER = 40
NAME = "engage"

Many = list[str] | None


def register(setup_app: typer.Typer) -> None:
    setup_app.command("engage", help="Niche keywords, platforms to watch, daily caps, cooldown, quiet hours.")(
        setup_engage)


def setup_engage(
    keyword: Annotated[Many, typer.Option("--keyword", "-k", help="Watch this keyword too (repeatable).")] = None,
    drop: Annotated[Many, typer.Option("--drop", help="Stop watching this keyword or pillar (repeatable).")] = None,
    platform: Annotated[Many, typer.Option("--platform", "-p", help="Watch only these platforms.")] = None,
    cap: Annotated[Many, typer.Option("--cap", help="Daily replies, PLATFORM=N (repeatable).")] = None,
    cooldown: Annotated[int | None, typer.Option(help="Minutes between two engagements.")] = None,
    quiet_hours: Annotated[str | None, typer.Option(help="No push notifications, e.g. 22:00-07:00.")] = None,
    auto_tune: Annotated[bool | None, typer.Option("--auto-tune/--no-auto-tune",
                                                   help="Let psn tune score weights from outcomes.")] = None,
    defaults: Annotated[bool, typer.Option("--defaults", help="Keep everything not given as a flag.")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.platform_args import platform_names
    from psn.cli.state import ctx, current
    from psn.engage.config import apply_changes, keywords, parse_caps

    c = ctx()
    settings = c.settings.engage
    changes = _flag_changes(settings, keyword or [], drop or [], platform_names(platform), parse_caps(cap or []),
                            cooldown, quiet_hours, auto_tune)
    if not changes and not defaults:
        changes = _ask(c, settings)
    updated = apply_changes(c.paths.config_file, c.db, c.clock.now(), settings, changes)
    current()._context = None
    emit({"keywords": keywords(c.db, updated), "settings": updated.model_dump()}, _render)


def _flag_changes(settings, add, drop, platforms, caps, cooldown, quiet, auto_tune) -> dict:  # type: ignore[no-untyped-def]
    changes: dict = dict(caps)
    dropped = {" ".join(d.split()).lower() for d in drop}
    if add or drop:
        changes["keywords_add"] = [k for k in [*settings.keywords_add, *add] if k.lower() not in dropped]
        changes["keywords_remove"] = [k for k in settings.keywords_remove
                                      if k not in {a.lower() for a in add}] + sorted(dropped)
    for key, value in (("monitor_platforms", platforms), ("cooldown_minutes", cooldown),
                       ("quiet_hours", quiet), ("auto_tune", auto_tune)):
        if value is not None:
            changes[key] = value
    return changes


def _ask(c, settings) -> dict:  # type: ignore[no-untyped-def]
    from psn.cli import prompts
    from psn.engage.config import keywords

    prompts.require_interactive("--defaults (or --keyword, --cap, ...)", "your engagement rules")
    current = keywords(c.db, settings)
    typer.echo(f"From your voice pillars and additions: {', '.join(current) or '(none yet)'}")
    extra = prompts.text("More keywords to watch (comma-separated, empty: none)")
    platforms = prompts.checkbox("Watch which platforms?", ["x", "linkedin", "instagram", "tiktok"])
    cooldown = prompts.text("Minutes between engagements", default=str(settings.cooldown_minutes),
                            validate=lambda t: t.isdigit() or "a whole number of minutes")
    quiet = prompts.text("Quiet hours (e.g. 22:00-07:00, empty: none)", default=settings.quiet_hours)
    added = [k.strip() for k in extra.split(",") if k.strip()]
    return {"keywords_add": [*settings.keywords_add, *added], "monitor_platforms": platforms,
            "cooldown_minutes": int(cooldown), "quiet_hours": quiet}


def _render(d: dict) -> None:
    s = d["settings"]
    typer.echo(f"Watching: {', '.join(d['keywords']) or '(no keywords yet: add some with --keyword)'}")
    typer.echo(f"Platforms: {', '.join(s['monitor_platforms']) or '(none)'} · replies per day: x {s['cap_x']}, "
               f"linkedin {s['cap_linkedin']}, instagram {s['cap_instagram']}, tiktok {s['cap_tiktok']}")
    typer.echo(f"Cooldown {s['cooldown_minutes']} min · quiet hours {s['quiet_hours'] or 'none'} · "
               f"auto-tune {'on' if s['auto_tune'] else 'off'}")
