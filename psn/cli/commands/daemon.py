"""`psn daemon run|start|stop|status|install|uninstall|logs`: psn's background jobs."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 70
GROUP = "Workflow"

daemon_app = typer.Typer(help="Background jobs: scheduled posts, monitoring, metrics, notifications.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(daemon_app, name="daemon")


@daemon_app.command("run", help="Run the daemon in the foreground (what a service manager runs).")
def run(
    once: Annotated[bool, typer.Option("--once", help="Run the jobs that are due now, then exit.")] = False,
    job: Annotated[list[str] | None, typer.Option("--job", help="With --once: run this job now, due or not.")] = None,
) -> None:
    from psn.cli.state import ctx, current
    from psn.core.errors import BadInput
    from psn.daemon.logs import daemon_logging

    if job and not once:
        raise BadInput("--job only works with --once.", hint="e.g. `psn daemon run --once --job digest`.")
    app = ctx()
    if once:
        with daemon_logging(app.paths.log_dir, verbose=current().verbose):
            _run_once(app, job)
        return
    _run_foreground(app, current().verbose)


def _run_once(app: Any, jobs: list[str] | None) -> None:
    from psn.cli.output import emit
    from psn.core.errors import PartialSuccess
    from psn.daemon.tick import tick

    report = tick(app, only=jobs or None)
    if report.failed:
        names = ", ".join(f"{r.job} ({r.outcome})" for r in report.failed)
        raise PartialSuccess(f"{len(report.failed)} of {len(report.ran)} job(s) did not succeed: {names}.",
                             hint="`psn daemon status` shows the errors; `psn daemon logs` the details.",
                             **report.as_dict())
    emit(report.as_dict(), _render_tick)


def _run_foreground(app: Any, verbose: bool) -> None:
    import os

    from psn.cli.output import info
    from psn.daemon.logs import daemon_logging
    from psn.daemon.service import serve

    with daemon_logging(app.paths.log_dir, to_stderr=True, verbose=verbose):
        result = serve(app)
    if not result.clean:  # a job ignored the stop request: exit anyway; SQLite rolls its transaction back
        os._exit(1)
    info("psn daemon stopped.")


def _render_tick(data: dict[str, Any]) -> None:
    if not data["ran"]:
        typer.echo("No job was due.")
    for run in data["ran"]:
        detail = run["summary"] or run["error"] or ""
        typer.echo(f"{run['job']:<14} {run['outcome']:<12} {run['duration_ms']:>6} ms  {detail}")
    for waiting in data["waiting"]:
        typer.echo(f"{waiting['job']:<14} next at {waiting['next_run'] or 'never (off)'}")


@daemon_app.command("start", help="Start the daemon in the background (one per psn home).")
def start() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.daemon.process import start_background

    app = ctx()
    state = start_background(app.paths.run_dir, app.paths.log_dir, sandbox=current().sandbox)
    emit(state.as_dict(), lambda d: typer.echo(
        f"psn daemon started (pid {d['pid']}). `psn daemon status` shows its jobs."))


@daemon_app.command("stop", help="Stop the background daemon; the job in flight finishes first.")
def stop(
    timeout: Annotated[float | None, typer.Option(min=0, help="Seconds to wait (default: shutdown grace + 30).")]
    = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.daemon.process import stop_background

    app = ctx()
    wait = timeout if timeout is not None else app.settings.daemon.shutdown_grace_seconds + 30
    result = stop_background(app.paths.run_dir, timeout_s=wait)
    emit(result, lambda d: typer.echo(
        f"psn daemon stopped (pid {d['pid']})." if d["was_running"] else "psn daemon was not running."))


@daemon_app.command("status", help="Running or not, each job's last and next run, recent failures. "
                   "Exits 3 when the daemon is not running.")
def status() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.core.errors import NotRunning
    from psn.daemon.status import daemon_status

    data = daemon_status(ctx())
    if data["running"]:
        emit(data, _render_status)
        return
    # Exit 3 like `systemctl status`, so `psn daemon status || psn daemon start` works in scripts;
    # the full status still comes out: on screen above the error, in the JSON error's details.
    if not current().json:
        _render_status(data)
    raise NotRunning("psn daemon is not running.",
                     hint="Start it with `psn daemon start`, or `psn daemon install` to run it at every login.",
                     **data)


def _render_status(data: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from psn.cli.output import console

    out = console()
    tz = data["timezone"]
    if data["running"]:
        out.print(f"[green]●[/] psn daemon running (pid {data['pid']}, since {_short(data['since'], tz)})")
    else:
        out.print("[dim]○[/] psn daemon not running")
    table = Table("job", "schedule", "last run", "outcome", "ms", "next run", show_edge=False,
                  caption=f"times in {tz}")
    for job in data["jobs"]:
        last = job["last_run"] or {}
        table.add_row(job["name"], job["schedule"], _short(last.get("started_at"), tz), last.get("outcome", "—"),
                      str(last.get("duration_ms") or ""), _short(job["next_run"], tz) if job["enabled"] else "off")
    out.print(table)
    for failure in data["recent_failures"][:5]:
        detail = escape(f"{failure['job']} {failure['outcome']} at {_short(failure['started_at'], tz)}: "
                        f"{failure['error'] or failure['summary'] or ''}")
        out.print(f"[red]✗[/] {detail}")
    for warning in data["warnings"]:
        out.print(f"[yellow]![/] {escape(warning)}")


def _short(iso: str | None, timezone: str) -> str:
    """An ISO time as `YYYY-MM-DD HH:MM` in the creator's timezone (schedules are local too)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if not iso:
        return "—"
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


@daemon_app.command("install", help="Write a systemd user unit or launchd agent; says how to enable it.")
def install(
    kind: Annotated[str | None, typer.Option(help="systemd or launchd (default: this system's).")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.daemon import install as units

    app = ctx()
    chosen = _kind(kind)
    content = units.build_unit(chosen, current().sandbox, app.paths.log_dir / "daemon.out",
                               app.settings.daemon.shutdown_grace_seconds)
    result = units.install(chosen, content)
    emit(result, lambda d: typer.echo(
        f"{d['state'].capitalize()} {d['path']}.\nTo enable it now and at every login:\n  "
        + "\n  ".join(d["enable"])))


@daemon_app.command("uninstall", help="Remove the service file written by `psn daemon install`.")
def uninstall(
    kind: Annotated[str | None, typer.Option(help="systemd or launchd (default: this system's).")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.daemon import install as units

    result = units.uninstall(_kind(kind))
    emit(result, lambda d: typer.echo(
        (f"Removed {d['path']}. If it was running, also run:\n  " + "\n  ".join(d["then"]))
        if d["removed"] else f"Nothing to remove: {d['path']} does not exist."))


def _kind(kind: str | None):  # type: ignore[no-untyped-def]
    from psn.core.errors import BadInput
    from psn.daemon.install import detect_kind

    if kind is None:
        return detect_kind()
    if kind not in ("systemd", "launchd"):
        raise BadInput(f"Unknown service kind {kind!r}.", hint="Use --kind systemd or --kind launchd.")
    return kind


@daemon_app.command("logs", help="Show the daemon's log (rotated, secrets redacted).")
def logs(
    lines: Annotated[int, typer.Option("--lines", "-n", min=0, help="How many of the last lines.")] = 50,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines (Ctrl-C stops).")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx, current
    from psn.core.errors import BadInput
    from psn.daemon.logs import daemon_log_file, last_lines
    from psn.daemon.logs import follow as follow_file

    path = daemon_log_file(ctx().paths.log_dir)
    if follow and current().json:
        raise BadInput("--follow cannot be combined with --json.", hint="Drop one of them.")
    tail = last_lines(path, lines)
    emit({"file": str(path), "lines": tail}, lambda d: [typer.echo(line) for line in d["lines"]])
    if follow:
        try:
            follow_file(path, typer.echo)
        except KeyboardInterrupt:
            pass
