"""`psn learn`: the learning loop that evolves each channel's prompt from engagement.

    psn learn run [--channel x/single]       a cycle now (without --channel: every channel with a due post)
    psn learn status [--channel] | history CHANNEL | diff VERSION [--against V]
    psn learn approve VERSION | rollback CHANNEL [--to V] | lock CHANNEL [--mode locked|approval|open]
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 55
GROUP = "Your content"
learn_app = typer.Typer(help="Evolve each channel's prompt from what performed.", no_args_is_help=True)
Channel = Annotated[str, typer.Argument(help="A channel: platform/format, e.g. x/single.")]


def register(app: typer.Typer) -> None:
    app.add_typer(learn_app, name="learn")


@learn_app.command("run", help="Run a learning cycle now: for one channel, or for every channel with a due post.")
def run(channel: Annotated[str | None, typer.Option(help="Only this channel (runs even if nothing is due).")]
        = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.cycle import run_cycle
    from psn.learn.triggers import check_triggers

    reports = [run_cycle(ctx(), channel)] if channel else check_triggers(ctx())
    emit([r.__dict__ for r in reports], _render_run)


@learn_app.command("status", help="Per channel: mode, best version and its score, active and pending versions.")
def status(channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import status as channel_status

    emit(channel_status(ctx(), channel), _render_status)


@learn_app.command("history", help="Every version of a channel (parents, operator, score) and every cycle.")
def history(channel: Channel) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import history as channel_history

    emit(channel_history(ctx(), channel), _render_history)


@learn_app.command("diff", help="What a version changed against its first parent (or --against).")
def diff(version: Annotated[int, typer.Argument()],
         against: Annotated[int | None, typer.Option(help="Compare with this version.")] = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import diff as version_diff

    emit(version_diff(ctx(), version, against), lambda d: typer.echo(d["diff"] or "(no difference)"))


@learn_app.command("approve", help="Let posts draw a version that waits for approval.")
def approve(version: Annotated[int, typer.Argument()]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import approve as approve_version

    emit(approve_version(ctx(), version), lambda d: typer.echo(f"Version {d['version']} is active on {d['channel']}."))


@learn_app.command("rollback", help="Retire the newest versions of a channel, back to --to (default: previous).")
def rollback(channel: Channel,
             to: Annotated[int | None, typer.Option(help="The version to go back to.")] = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import rollback as roll_back

    emit(roll_back(ctx(), channel, to),
         lambda d: typer.echo(f"{d['channel']}: version {d['active']} active; retired {d['retired'] or 'none'}."))


@learn_app.command("lock", help="Lock a channel (no new versions), require approval, or open it again.")
def lock(channel: Channel,
         mode: Annotated[str, typer.Option(help="locked, approval (new versions wait) or open.")] = "locked") -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.learn.manage import lock as set_lock

    emit(set_lock(ctx(), channel, mode), lambda d: typer.echo(f"{d['channel']} is now {d['mode']}."))


def _render_run(reports: list[dict[str, Any]]) -> None:
    if not reports:
        typer.echo("No post is due: a cycle runs after enough engagement or a day (or use --channel).")
    for r in reports:
        typer.echo(f"{r['channel']} · cycle {r['cycle_id']} · {r['reason']}")
        if r["skipped"]:
            typer.echo(f"  skipped: {r['skipped']}")
        for c in r["created"]:
            typer.echo(f"  + version {c['version']} (gen {c['generation']}, {c['operator']} of "
                       f"{_versions(c['parents'])}) {c['state']}")
        for c in r["rejected"]:
            typer.echo(f"  x {c['operator']} rejected: {c['reason']}")


def _render_status(rows: list[dict[str, Any]]) -> None:
    if not rows:
        typer.echo("No channel has posts or prompt versions yet.")
    for r in rows:
        best = r["best"]
        best_text = (f"best v{best['version']} (score {best['score']}, {best['samples']} posts)" if best
                     else "no best version yet")
        typer.echo(f"{r['channel']} [{r['mode']}] posts {r['posts']} · {best_text} · active {_versions(r['active'])}"
                   f" · pending {_versions(r['pending'])} · cycles {r['cycles']}"
                   + (f" ({r['failed_cycles']} failed)" if r.get("failed_cycles") else ""))


def _versions(numbers: Any) -> str:
    """[3, 4] → `v3, v4`; none → `none` (a list repr is not for people)."""
    items = numbers if isinstance(numbers, list | tuple) else [numbers] if numbers not in (None, "") else []
    return ", ".join(f"v{n}" for n in items) or "none"


def _render_history(data: dict[str, Any]) -> None:
    for v in data["versions"]:
        typer.echo(f"v{v['version']} gen {v['generation']} {v['state']} {v['operator']} "
                   f"parents {_versions(v['parents'])} score {v['score']} ({v['samples']} posts)")
    for c in data["cycles"]:
        typer.echo(f"cycle {c['cycle']}: {c['reason']} → {_outcome(c)}")


def _outcome(cycle: dict[str, Any]) -> str:
    if cycle.get("failed"):
        return f"failed: {cycle['failed']['message']}"
    if cycle.get("completed_at") is None:
        return "did not finish"
    if cycle.get("skipped"):
        return f"skipped: {cycle['skipped']}"
    return f"created {_versions([x['version'] for x in cycle.get('created', [])])}"
