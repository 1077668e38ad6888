"""`psn engage history | stats | learn`: what happened, what it earned, and what psn learned."""

from __future__ import annotations

from typing import Annotated

import typer

from psn.cli.commands.engage import engage_app

Days = Annotated[int, typer.Option(help="How many days back, today included (1-365).")]
Platforms = Annotated[list[str] | None, typer.Option("--platform", "-p", help="Only these platforms.")]


@engage_app.command("history", help="Seen, engaged, skipped and handed off, per day and platform.")
def history(days: Days = 7, platform: Platforms = None) -> None:
    from psn.cli.commands.engage.render_reports import render_history
    from psn.cli.output import emit
    from psn.cli.platform_args import platform_names
    from psn.cli.state import ctx
    from psn.engage import history as feature
    from psn.engage.waiting import waiting

    platform = platform_names(platform)
    c = ctx()
    tz = c.settings.general.timezone
    rows = feature.daily(c.db, c.clock.now(), days, tz, platform or None)
    replies = [{"platform": r.platform, "delivery": r.delivery, "sent_at": r.sent_at, "url": r.url, "text": r.text}
               for r in feature.sent(c.db, feature.period_start(c.clock.now(), days, tz), platform or None)]
    emit({"days": days, "daily": rows, "replies": replies,
          "awaiting_confirmation": feature.awaiting_confirmation(c.db),
          "waiting_to_send": [w.as_dict() for w in waiting(c.db, platform or None)]}, render_history)


@engage_app.command("stats", help="Totals, remaining caps, reply outcomes, score weights and suggestions.")
def stats(days: Days = 30) -> None:
    from psn.cli.commands.engage.render_reports import render_stats
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.engage.stats import stats as feature

    c = ctx()
    emit(feature(c.db, c.settings.engage, c.clock.now(), days, c.settings.general.timezone), render_stats)


@engage_app.command("learn", help="Measure replies sent through an API and tune weights (the daemon runs it daily).")
def learn() -> None:
    from psn.cli.commands.engage.render_reports import render_learn
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.engage.learning import learn as feature

    result = feature(ctx())
    current()._context = None
    emit(result, render_learn)
