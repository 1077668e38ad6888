"""Drawing analytics for people: tables, bar charts and sparklines with rich (no plotting library)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from psn.cli.output import console

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    top = max(values)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1)))] for v in values)


def bar(value: float, top: float, width: int = 30) -> str:
    filled = 0 if top <= 0 else round(value / top * width)
    return "█" * filled + "·" * (width - filled)


def write_csv(path: Path, rows: list[dict[str, Any]], header: list[str]) -> None:
    """The rows under a header row that is written even when there are no rows, so a spreadsheet
    or script reading the file sees the columns it expects (an empty period is not a broken file)."""
    from psn.core.errors import BadInput
    from psn.core.files import check_output_file

    path = check_output_file(path, "--csv report.csv")
    columns = list(header)
    for row in rows:
        columns += [k for k in row if k not in columns]
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise BadInput(f"Cannot write {path}: {exc.strerror}.", hint="Choose a folder you can write to.") from None


def render_summary(data: dict) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]Engagement by {data['by']}[/]  {data['since'][:10]} → {data['until'][:10]}   "
              f"trend {sparkline(data['daily'])}")
    top = max((g["score"] for g in data["groups"]), default=0)
    table = Table(show_edge=False)
    for column in ("", "score", "", "views", "likes", "shares", "comments", "clicks", "saves", "conversions"):
        table.add_column(column, justify="left" if column == "" else "right")
    for g in data["groups"]:
        c = g["counts"]
        table.add_row(g["group"], f"{g['score']:,.0f}", bar(g["score"], top, 20),
                      *(f"{c.get(k, 0):,}" for k in ("view", "like", "share", "comment", "click", "save",
                                                      "conversion")))
    out.print(table if data["groups"] else "No engagement in this period yet. Run `psn analytics pull`.")


def render_leaderboard(rows: list[dict]) -> None:
    out = console()
    if not rows:
        out.print("No engagement yet. Run `psn analytics pull`.")
        return
    top = rows[0]["score"]
    for r in rows:
        text = r["text"].replace("\n", " ")[:48]
        out.print(f"{r['rank']:>3}. #{r['content_id']:<5} {r['platform']:<9} {bar(r['score'], top, 16)} "
                  f"{r['score']:>9,.0f}  {text}")


def render_show(d: dict) -> None:
    out = console()
    out.print(f"[bold]#{d['content_id']}[/] {d['platform']} · {d.get('format') or ''}  {d['url'] or ''}\n{d['text']}")
    out.print(f"score {d['score']:,.0f}  " + "  ".join(f"{k} {v:,}" for k, v in sorted(d["counts"].items())))
    views = [s["views"] for s in d["snapshots"]]
    if views:
        out.print(f"views over {len(views)} snapshots {sparkline(views)}")


def render_rows(rows: list[dict]) -> None:
    from rich.table import Table

    if not rows:
        console().print("Nothing yet.")
        return
    from psn.cli.words import heading, plain

    table = Table(show_edge=False)
    for column in rows[0]:
        table.add_column(heading(column))
    for row in rows:
        table.add_row(*("" if v is None else plain(v) for v in row.values()))
    console().print(table)
