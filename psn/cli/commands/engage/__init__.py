"""`psn engage`: a timed session over the best conversations in your niche, and the tools around it.

    psn engage [--minutes 15] [--platform x]         the session (needs a terminal)
    psn engage monitor | add URL --text ... | list | explain ID | history | stats | learn
    psn engage reply ID --text ... [--approve] | confirm APPROVAL_ID --sent|--not-sent
    psn engage queue | send [APPROVAL_ID]            approved replies not sent yet (e.g. the cooldown)
    psn engage config show | set KEY VALUE | add LIST VALUE | remove LIST VALUE
"""

from __future__ import annotations

from typing import Annotated

import typer

from psn.cli.defaultgroup import DefaultCommandGroup
from psn.cli.model_choice import ModelOption

ORDER = 40
GROUP = "Workflow"


class _SessionDefault(DefaultCommandGroup):
    default_command = "session"


engage_app = typer.Typer(cls=_SessionDefault, help="Find conversations worth joining and reply (after your approval).")
config_app = typer.Typer(help="Keywords, platforms, caps, cooldown, blocklists, quiet hours, score weights.",
                         no_args_is_help=True)
engage_app.add_typer(config_app, name="config")


def register(app: typer.Typer) -> None:
    app.add_typer(engage_app, name="engage")


@engage_app.command("session", help="Triage the best opportunities, then draft, approve and send replies.")
def session(
    minutes: Annotated[int, typer.Option(min=1, max=240, help="Length of the session.")] = 15,
    platform: Annotated[list[str] | None, typer.Option("--platform", "-p", help="Only these platforms.")] = None,
    model: ModelOption = None,
) -> None:
    from psn.cli.commands.engage.session import run_session
    from psn.cli.model_choice import use_model
    from psn.cli.platform_args import platform_names

    use_model(model)
    run_session(minutes, platform_names(platform) or [])


@engage_app.command("monitor", help="Search your niche on every enabled platform and score what is found.")
def monitor(limit: Annotated[int, typer.Option(min=10, max=100, help="Posts per platform and source.")] = 25,
            model: ModelOption = None) -> None:
    from dataclasses import asdict

    from psn.cli.model_choice import use_model
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.core.errors import PartialSuccess
    from psn.engage.monitor import monitor as run

    use_model(model)
    report = run(ctx(), limit)
    if report.errors():  # what was found is stored; say plainly which sources failed (exit 6)
        if not current().json:  # with --json the error envelope carries the report: one document
            _render_monitor(asdict(report))
        raise PartialSuccess(f"Could not search {', '.join(report.errors())}.",
                             hint="What the other sources found is stored; run `psn engage monitor` again later.",
                             **asdict(report))
    emit(asdict(report), _render_monitor)


@engage_app.command("add", help="Add a post by its URL (the way in for LinkedIn, which has no search API).")
def add(
    url: Annotated[str, typer.Argument(help="The post's link.")],
    text: Annotated[str, typer.Option("--text", "-t", help="The post's text (psn cannot read it by itself).")] = "",
    author: Annotated[str, typer.Option(help="The author's handle.")] = "",
    followers: Annotated[int, typer.Option(min=0, help="The author's follower count, if known.")] = 0,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.monitor import add_by_url

    emit(add_by_url(ctx(), url, text, author, followers),
         lambda d: typer.echo(f"Added {d['platform']} {'conversation on your post' if d['on_own_post'] else 'post'} "
                              f"(new: {d['new']}, already known: {d['duplicates']})."))


@engage_app.command("list", help="Pending opportunities, best first.")
def list_(
    platform: Annotated[list[str] | None, typer.Option("--platform", "-p")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    from psn.cli.output import emit
    from psn.cli.platform_args import platform_names
    from psn.cli.state import ctx
    from psn.engage.opportunities import pending
    from psn.engage.views import summary

    emit([summary(r, ctx().clock.now()) for r in pending(ctx().db, platform_names(platform), limit)], _render_list)


@engage_app.command("explain", help="Why an opportunity scored what it did.")
def explain(opportunity_id: Annotated[int, typer.Argument(help="The id from `psn engage list`.")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage import opportunities
    from psn.engage.drafting import saved_options

    c = ctx()
    data = opportunities.explain(opportunities.get(c.db, opportunity_id), c.settings.engage, c.clock.now())
    emit(data | {"drafts": [d.text for d in saved_options(c.db, opportunity_id)]}, _render_explain)


@config_app.command("show", help="Every engage setting and the effective keyword list.")
def config_show() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.config import keywords

    c = ctx()
    emit({"settings": c.settings.engage.model_dump(), "keywords": keywords(c.db, c.settings.engage)},
         _render_config)


@config_app.command("set", help="Change one setting, e.g. `cap_x 10` or `quiet_hours 22:00-07:00`.")
def config_set(key: Annotated[str, typer.Argument()], value: Annotated[str, typer.Argument()]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.engage.config import set_key

    c = ctx()
    stored = set_key(c.paths.config_file, c.db, c.clock.now(), key, value)
    current()._context = None
    emit({"key": key, "value": stored}, lambda d: typer.echo(f"engage.{key.removeprefix('engage.')} = {stored}"))


@config_app.command("add", help="Add to a list: keywords, blocked_authors, blocked_keywords, monitor_platforms.")
def config_add(name: Annotated[str, typer.Argument()], value: Annotated[str, typer.Argument()]) -> None:
    _change(name, value, add=True)


@config_app.command("remove", help="Remove from a list (removing a voice pillar stops watching it).")
def config_remove(name: Annotated[str, typer.Argument()], value: Annotated[str, typer.Argument()]) -> None:
    _change(name, value, add=False)


def _change(name: str, value: str, add: bool) -> None:
    from psn.cli.output import emit
    from psn.cli.platform_args import platform_name
    from psn.cli.state import ctx, current
    from psn.engage.config import change_list

    if name == "monitor_platforms":
        value = platform_name(value) or value  # an unknown platform is refused, never watched in vain
    c = ctx()
    result = change_list(c.paths.config_file, c.db, c.clock.now(), c.settings.engage, name, value, add)
    current()._context = None
    emit({"name": name, "values": result}, lambda d: typer.echo(f"{name}: {', '.join(d['values']) or '(none)'}"))


from psn.cli.commands.engage import act, queue, reports  # noqa: E402, F401  (reply, confirm, queue, send, history, …)
from psn.cli.commands.engage.render import (  # noqa: E402
    _render_config,
    _render_explain,
    _render_list,
    _render_monitor,
)
