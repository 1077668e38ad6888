"""`psn doctor`: version, paths, config and where each value came from, secrets, database."""

from __future__ import annotations

from typing import Any

import typer

ORDER = 90
GROUP = "Settings and troubleshooting"


def register(app: typer.Typer) -> None:
    app.command(help="Check this installation: paths, config sources, secrets store, database.")(doctor)


def doctor() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.diagnostics.doctor import build_report

    emit(build_report(ctx()), render)


def render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    out = console()
    out.print(f"[bold]psn {report['version']}[/] · Python {report['python']} · {report['platform']}")
    if report["sandbox"]:
        out.print("[yellow]Sandbox mode: every platform is emulated locally.[/]")
    from psn.cli.words import heading

    paths = Table("Path", "Location", title="Paths", title_justify="left", show_edge=False)
    for key, value in report["paths"].items():
        paths.add_row(heading(key), str(value))
    out.print(paths)
    changed = [c for c in report["config"] if c["source"] != "default"]
    out.print(f"Config: {len(report['config'])} keys, {len(changed)} set "
              + ", ".join(f"{c['key']} ({c['source']})" for c in changed))
    for name, section in report.items():
        if isinstance(section, dict) and "ok" in section:
            _render_section(out, name, section)


def _render_section(out, name: str, section: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape

    from psn.cli.words import heading, plain

    mark = "[green]✓[/]" if section.get("ok") else "[red]✗[/]"
    shown = {k: v for k, v in section.items() if k != "ok" and v not in (None, [], {}, "")}
    details = "; ".join(f"{heading(k).lower()} {escape(plain(v))}" for k, v in shown.items())
    out.print(f"{mark} [bold]{name}[/]: {details}")
