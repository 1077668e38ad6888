"""`psn setup timezone`: the creator's timezone (config `general.timezone`), which scheduling,
quiet hours and reports use. Asked, never assumed: UTC silently applied puts every "9:00" post
hours off for most people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from psn.context import AppContext

ORDER = 20
NAME = "timezone"
TITLE = "Timezone"
KEY = "general.timezone"


def register(setup_app: typer.Typer) -> None:
    setup_app.command(NAME, help="Your timezone (an IANA name such as Europe/Paris): scheduling and quiet hours "
                                 "use it.")(setup_timezone)


def setup_timezone(
    zone: Annotated[str | None, typer.Argument(metavar="ZONE", help="e.g. Europe/Paris, America/New_York, UTC.",
                                               show_default=False)] = None,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.core.config import set_value

    context = ctx()
    if zone is None:
        prompts.require_interactive("the zone, e.g. `psn setup timezone Europe/Paris`", "your timezone")
        zone = prompts.text("Your timezone (IANA name, e.g. Europe/Paris):", default=_suggestion(context),
                            validate=prompts.setting_validator(KEY))
    stored = set_value(context.paths.config_file, KEY, _quoted(zone.strip()))
    current()._context = None  # the rest of this run sees the new timezone
    emit({"timezone": stored, "local_time": _local_time(ctx(), stored)}, _render)


def describe(context: AppContext) -> str | None:
    """What is set, for the wizard; None while the timezone is still the silent UTC default."""
    if context.config.sources.get(KEY) is None:
        return None
    return str(context.settings.general.timezone)


def _suggestion(context: AppContext) -> str:
    """The stored timezone, else the machine's own (TZ, then /etc/localtime), else UTC."""
    if describe(context):
        return str(context.settings.general.timezone)
    from psn.core.config import value_problem

    for guess in (_env_zone(), _system_zone()):
        if guess and value_problem(KEY, guess) is None:
            return guess
    return "UTC"


def _env_zone() -> str | None:
    import os

    return (os.environ.get("TZ") or "").lstrip(":") or None


def _system_zone() -> str | None:
    from pathlib import Path

    link = Path("/etc/localtime")
    if not link.is_symlink():
        return None
    target = str(link.resolve())
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None


def _quoted(zone: str) -> str:
    import json

    return json.dumps(zone)  # a TOML string whatever the name looks like


def _local_time(context: AppContext, zone: str) -> str:
    from zoneinfo import ZoneInfo

    return context.clock.now().astimezone(ZoneInfo(zone)).strftime("%H:%M")


def _render(data: dict) -> None:
    typer.echo(f"Timezone: {data['timezone']} (it is {data['local_time']} there now).")
