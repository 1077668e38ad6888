"""`psn setup engage`: what to watch (keywords from your voice pillars, plus yours), where, and the
limits on replying. Every answer has a flag, so it also runs without a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from psn.context import AppContext

ORDER = 70  # last: it watches the voice pillars on the connected platforms
NAME = "engage"
TITLE = "Engagement rules"
WATCHABLE = ["x", "linkedin", "instagram", "tiktok", "facebook"]

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
    asked = not changes and not defaults
    if asked:
        changes = _ask(c, settings)
    updated = apply_changes(c.paths.config_file, c.db, c.clock.now(), settings, changes)
    if asked:
        _pin_answers(c.paths.config_file, changes)
    current()._context = None
    emit({"keywords": keywords(c.db, updated), "settings": updated.model_dump()}, _render)


def _pin_answers(config_file, answers: dict) -> None:  # type: ignore[no-untyped-def]
    """Write the answers that kept a default too (apply_changes writes only changes): the person chose
    them, so a later default never changes them, and `psn setup` shows this step as set."""
    import json

    from psn.core.config import read_file, set_value

    stored = read_file(config_file).get("engage", {})
    for key, value in answers.items():
        if key not in stored:
            set_value(config_file, f"engage.{key}", json.dumps(value))


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
    typer.echo(f"Watched now, from your voice pillars and additions: {', '.join(current) or '(none yet)'}")
    extra = prompts.text("More keywords to watch (comma-separated, empty: none)")
    platforms = prompts.checkbox("Watch which platforms? (space toggles, enter accepts)", WATCHABLE,
                                 checked=settings.monitor_platforms)
    cooldown = prompts.text("Minutes between engagements", default=str(settings.cooldown_minutes),
                            validate=prompts.setting_validator("engage.cooldown_minutes"))
    quiet = prompts.text("Quiet hours, no notifications (e.g. 22:00-07:00, empty: none)",
                         default=settings.quiet_hours, validate=prompts.setting_validator("engage.quiet_hours"))
    added = [k.strip() for k in extra.split(",") if k.strip()]
    return {"keywords_add": [*settings.keywords_add, *added], "monitor_platforms": platforms,
            "cooldown_minutes": int(cooldown), "quiet_hours": quiet.strip()}


def describe(context: AppContext) -> str | None:
    """What is set, for the wizard; None while every engagement rule is still a default."""
    from psn.engage.config import keywords

    if not any(key.startswith("engage.") for key in context.config.sources):
        return None
    settings = context.settings.engage
    watched = keywords(context.db, settings)
    return (f"{len(watched)} keyword{'s' if len(watched) != 1 else ''} on "
            f"{', '.join(settings.monitor_platforms) or 'no platform'} · {settings.cooldown_minutes} min cooldown · "
            f"quiet {settings.quiet_hours or 'never'}")


def _render(d: dict) -> None:
    s = d["settings"]
    typer.echo(f"Watching: {', '.join(d['keywords']) or '(no keywords yet: add some with --keyword)'}")
    typer.echo(f"Platforms: {', '.join(s['monitor_platforms']) or '(none)'} · replies per day: x {s['cap_x']}, "
               f"linkedin {s['cap_linkedin']}, instagram {s['cap_instagram']}, tiktok {s['cap_tiktok']}")
    typer.echo(f"Cooldown {s['cooldown_minutes']} min · quiet hours {s['quiet_hours'] or 'none'} · "
               f"auto-tune {'on' if s['auto_tune'] else 'off'}")
