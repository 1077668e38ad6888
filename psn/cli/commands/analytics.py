"""`psn analytics`: pull metrics, and report what worked (summary, leaderboard, show, channels…).

    psn analytics [summary] [--days 30] [--platform x] [--campaign NAME] [--by channel|campaign]
    psn analytics pull [--platform x] [--all] [--content ID]
    psn analytics leaderboard | show ID | channels | followers | record ID --clicks N | report --html FILE
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from psn.cli.defaultgroup import DefaultCommandGroup

ORDER = 50
GROUP = "Workflow"


class _SummaryByDefault(DefaultCommandGroup):
    default_command = "summary"  # `psn analytics` alone shows the summary


analytics_app = typer.Typer(cls=_SummaryByDefault, help="Measure published content and see what worked.")

Days = Annotated[int, typer.Option(help="The period: the last N days.")]
Platform = Annotated[str | None, typer.Option("--platform", "-p", help="Only this channel.")]
Campaign = Annotated[str | None, typer.Option(help="Only content of this campaign.")]
Csv = Annotated[Path | None, typer.Option("--csv", help="Also write the rows to this CSV file.")]


def register(app: typer.Typer) -> None:
    app.add_typer(analytics_app, name="analytics")


def _emit(data, render, csv_path: Path | None, rows, header: list[str]) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.analytics_render import write_csv
    from psn.cli.output import emit, to_jsonable

    if csv_path is not None:
        write_csv(csv_path, to_jsonable(rows), header)
    emit(data, lambda d: render(to_jsonable(d)))


@analytics_app.command("summary", help="Engagement and weighted score by channel (or campaign) for a period.")
def summary(days: Days = 30, platform: Platform = None, campaign: Campaign = None,
            by: Annotated[str, typer.Option(help="channel or campaign")] = "channel", csv: Csv = None) -> None:
    from psn.analytics.reports import all_kinds, summary, window
    from psn.cli.analytics_render import render_summary
    from psn.cli.state import ctx
    from psn.core.sections.analytics import KINDS

    data = summary(ctx(), window(ctx(), days, platform, campaign), by)
    rows = [{by: g.group, "score": g.score, **all_kinds(g.counts)} for g in data.groups]
    _emit(data, render_summary, csv, rows, [by, "score", *KINDS])


@analytics_app.command("pull", help="Measure published content now (fresh every run, warm every 3 days).")
def pull(platform: Annotated[list[str] | None, typer.Option("--platform", "-p", help="Only these.")] = None,
         all_: Annotated[bool, typer.Option("--all", help="Also content older than warm_days.")] = False,
         content: Annotated[list[str] | None, typer.Option("--content", help="Only these ids.")] = None) -> None:
    from psn.analytics.pull import parse_ids, pull
    from psn.cli.output import emit, info
    from psn.cli.state import ctx, current
    from psn.core.errors import PartialSuccess

    result = pull(ctx(), platform, all_, parse_ids(content or []),
                  progress=lambda name, n: info(f"{name}: measured {n} post(s)"))
    if result.failed:
        if not current().json:  # with --json the error envelope carries the result: one document
            _render_pull(result)
        failed = [p.platform for p in result.platforms if p.error]
        sole = result.sole_failure()
        if sole is not None:  # one reason for it all (#2635, a lost token): its own exit code and fix
            raise pull_failure(sole, result.model_dump())
        raise PartialSuccess(f"Metrics could not be pulled for {', '.join(failed)}.",
                             hint="See the errors above; `psn accounts list` shows connection problems.",
                             **result.model_dump())
    emit(result, _render_pull)


def pull_failure(failed, details: dict):  # type: ignore[no-untyped-def]
    from psn.core.errors import ExitCode, PsnError

    error = PsnError(f"Metrics could not be pulled for {failed.platform}: {failed.error}", failed.hint, **details)
    error.exit_code, error.kind = ExitCode(failed.exit_code), failed.error_kind or "error"
    return error


def _render_pull(result) -> None:  # type: ignore[no-untyped-def]
    lines = []
    for p in result.platforms:
        lines.append(f"{p.platform}: {p.measured} measured, {p.events} new engagement events"
                     + (f" — {p.error}" if p.error else ""))
        lines += [f"  ! {note}" for note in p.notes]
    if result.deferred:
        lines.append(f"{result.deferred} due post(s) left for the next pull (analytics.max_posts_per_run).")
    typer.echo("\n".join(lines) or "Nothing due to measure.")


@analytics_app.command("leaderboard", help="Your best content by weighted engagement.")
def leaderboard(days: Days = 30, platform: Platform = None, campaign: Campaign = None,
                limit: Annotated[int, typer.Option(min=1, max=1000)] = 10, csv: Csv = None) -> None:
    from psn.analytics.reports import Ranked, all_kinds, leaderboard, window
    from psn.cli.analytics_render import render_leaderboard
    from psn.cli.state import ctx
    from psn.core.sections.analytics import KINDS

    data = leaderboard(ctx(), window(ctx(), days, platform, campaign), limit)
    rows = [{**r.model_dump(exclude={"counts"}), **all_kinds(r.counts)} for r in data]
    _emit(data, render_leaderboard, csv, rows, [f for f in Ranked.model_fields if f != "counts"] + list(KINDS))


@analytics_app.command("show", help="One content item: totals, score and its snapshots.")
def show(content_id: Annotated[int, typer.Argument(help="The id from `psn post list`.")], csv: Csv = None) -> None:
    from psn.analytics.reports import SNAPSHOT_COLUMNS, show
    from psn.cli.analytics_render import render_show
    from psn.cli.state import ctx

    data = show(ctx(), content_id)
    _emit(data, render_show, csv, data.snapshots, list(SNAPSHOT_COLUMNS))


@analytics_app.command("channels", help="Per channel: content, average score, best/worst prompt version, trend.")
def channels(days: Days = 90, platform: Platform = None, csv: Csv = None) -> None:
    from psn.analytics.reports import Channel, channels, window
    from psn.cli.analytics_render import render_rows
    from psn.cli.state import ctx

    data = channels(ctx(), window(ctx(), days, platform))
    _emit(data, render_rows, csv, data, list(Channel.model_fields))


@analytics_app.command("followers", help="Follower counts recorded at each pull.")
def followers(platform: Platform = None, csv: Csv = None) -> None:
    from psn.analytics.reports import FOLLOWER_COLUMNS, followers
    from psn.cli.analytics_render import render_rows
    from psn.cli.state import ctx

    data = followers(ctx(), platform)
    _emit(data, render_rows, csv, data, list(FOLLOWER_COLUMNS))


@analytics_app.command("record", help="Add engagement by hand (channels without metrics: blog, UTM links).")
def record(content_id: Annotated[int, typer.Argument()],
           views: int = 0, likes: int = 0, shares: int = 0, comments: int = 0, clicks: int = 0, saves: int = 0,
           replies: int = 0, conversions: int = 0) -> None:
    from psn.analytics.record import record_manual
    from psn.cli.output import emit
    from psn.cli.state import ctx

    counts = {"view": views, "like": likes, "share": shares, "comment": comments, "click": clicks, "save": saves,
              "reply": replies, "conversion": conversions}
    emit(record_manual(ctx(), content_id, counts), _recorded_for(content_id))


@analytics_app.command("report", help="Write a self-contained HTML report (open it in a browser).")
def report(html: Annotated[Path, typer.Option("--html", help="The file to write.")], days: Days = 30,
           campaign: Campaign = None) -> None:
    from psn.analytics.html import write_report
    from psn.cli.output import emit
    from psn.cli.state import ctx

    path = write_report(ctx(), html, days, campaign)
    emit({"path": str(path)}, lambda d: typer.echo(f"Report written to {d['path']}."))


def _recorded_for(content_id: int):  # type: ignore[no-untyped-def]
    def render(data: dict) -> None:
        from psn.cli.words import counted

        typer.echo(f"Recorded {counted(data['recorded'])} for #{content_id}.")

    return render
