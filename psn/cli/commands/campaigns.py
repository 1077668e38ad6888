"""`psn campaigns list|show NAME`: content tagged with `psn post --campaign NAME`, and how it did."""

from __future__ import annotations

from typing import Annotated

import typer

ORDER = 52
GROUP = "Your content"
campaigns_app = typer.Typer(help="Campaigns: content tagged with `psn post --campaign NAME`.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(campaigns_app, name="campaigns")


@campaigns_app.command("list", help="Every campaign with its content count and dates.")
def list_() -> None:
    from psn.analytics.reports import campaigns
    from psn.cli.analytics_render import render_rows
    from psn.cli.output import emit
    from psn.cli.state import ctx

    emit(campaigns(ctx()), render_rows)


@campaigns_app.command("show", help="One campaign: engagement summary and its best content.")
def show(name: Annotated[str, typer.Argument()], days: Annotated[int, typer.Option()] = 365) -> None:
    from psn.analytics.reports import campaigns, leaderboard, summary, window
    from psn.cli.analytics_render import render_leaderboard, render_summary
    from psn.cli.output import emit, to_jsonable
    from psn.cli.state import ctx
    from psn.core.errors import BadInput

    if name not in {c["campaign"] for c in campaigns(ctx())}:
        raise BadInput(f"There is no campaign {name!r}.", hint="See `psn campaigns list`.")
    flt = window(ctx(), days, campaign=name)
    data = {"campaign": name, "summary": summary(ctx(), flt), "leaderboard": leaderboard(ctx(), flt, 10)}

    def render(d: dict) -> None:
        d = to_jsonable(d)
        render_summary(d["summary"])
        render_leaderboard(d["leaderboard"])

    emit(data, render)
