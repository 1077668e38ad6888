"""How `psn engage` output looks for people (with --json the same data is printed as JSON)."""

from __future__ import annotations

from typing import Any

import typer


def _table(*columns: str):  # type: ignore[no-untyped-def]
    from rich.table import Table

    return Table(*columns, show_edge=False)


def _print(renderable: Any) -> None:
    from psn.cli.output import console

    console().print(renderable)


def _render_list(rows: list[dict[str, Any]]) -> None:
    if not rows:
        typer.echo("No pending opportunities. Run `psn engage monitor`, or add one with `psn engage add URL`.")
        return
    table = _table("id", "score", "platform", "author", "age", "post")
    for r in rows:
        flag = " (on your post)" if r["on_your_post"] else ""
        age = "" if r["age_hours"] is None else f"{r['age_hours']}h"  # a pasted post: not known, so not shown
        who = f"@{r['author']}" if r["author"] else ""
        table.add_row(str(r["id"]), f"{r['score']:.0f}", r["platform"], f"{who}{flag}".strip(), age,
                      r["text"][:60])
    _print(table)


def _render_monitor(data: dict[str, Any]) -> None:
    for platform, info in data["platforms"].items():
        if "skipped" in info:
            typer.echo(f"{platform}: skipped ({info['skipped']})")
        else:
            failed = "".join(f"; {key.removesuffix('_error')} failed: {why}"
                             for key, why in info.items() if key.endswith("_error"))
            typer.echo(f"{platform}: {info['new']} new{failed}")
        if info.get("conversations_unavailable"):
            typer.echo(f"  comments on your posts are not read: {info['conversations_unavailable']}")
    typer.echo(f"Expired: {data['expired']} · drafted ahead: {data['drafted']}")


def _render_explain(d: dict[str, Any]) -> None:
    flag = f" [{d['flag']}]" if d["flag"] else ""
    typer.echo(f"#{d['id']} {d['platform']} @{d['author']}{flag}: {d['score']:.1f} ({d['threshold']})")
    for name, part in d["components"].items():
        typer.echo(f"  {name:<10} {part['score']:>6.1f} × weight {part['weight']:<3} {part['why']}")
    typer.echo(f"  suggested: {d['engagement_type']} · {d['url']}")
    for number, draft in enumerate(d.get("drafts", []), start=1):
        typer.echo(f"  draft {number}: {draft}")


def _render_config(d: dict[str, Any]) -> None:
    from psn.cli.words import setting

    table = _table("key", "value")
    for key, value in d["settings"].items():
        table.add_row(f"engage.{key}", setting(value))
    _print(table)
    typer.echo(f"Watching: {', '.join(d['keywords']) or '(no keywords yet)'}")
