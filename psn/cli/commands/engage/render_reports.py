"""How `psn engage history | stats | learn` look for people (--json prints the same data)."""

from __future__ import annotations

from typing import Any

import typer

from psn.cli.commands.engage.render import _print, _table


def render_history(d: dict[str, Any]) -> None:
    if not d["daily"]:
        typer.echo(f"Nothing in the last {d['days']} days. Start with `psn engage monitor`.")
    else:
        table = _table("day", "platform", "seen", "engaged", "api", "hand-off", "declined", "skipped", "expired")
        for r in d["daily"]:
            table.add_row(r["day"], r["platform"], *(str(r[k]) for k in
                                                     ("seen", "engaged", "api", "handed_off", "declined",
                                                      "skipped", "expired")))
        _print(table)
    _render_awaiting(d["awaiting_confirmation"])
    for w in d.get("waiting_to_send", []):
        typer.echo(f"Approved, not sent yet #{w['approval_id']} ({w['platform']} {w['url']}): {w['text'][:80]}"
                   " — `psn engage send` sends it.")


def _render_awaiting(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        typer.echo(f"Hand-off #{r['approval_id']} awaits your confirmation ({r['platform']} {r['url']}): "
                   f"`psn engage confirm {r['approval_id']} --sent` or `--not-sent`.")


def render_stats(d: dict[str, Any]) -> None:
    typer.echo(f"Last {d['days']} days")
    for platform, t in d["platforms"].items():
        typer.echo(f"  {platform}: seen {t['seen']} · engaged {t['engaged']} (api {t['api']}, hand-off "
                   f"{t['handed_off']}) · declined {t['declined']} · skipped {t['skipped']}")
    typer.echo("Replies left today: " + ", ".join(f"{p} {c['left']}/{c['cap']}"
                                                 for p, c in d["remaining_caps"].items()))
    for platform, o in d["outcomes"].items():
        avg = "-" if o["average_score"] is None else o["average_score"]
        typer.echo(f"Outcomes {platform}: {o['measured']}/{o['api_replies']} measured · {o['likes']} likes · "
                   f"{o['comments']} replies · {o['shares']} reposts · average score {avg}")
    typer.echo("Weights: " + ", ".join(f"{k} {v}" for k, v in d["weights"].items()))
    _render_changes("Suggested", d["suggestions"])
    _render_changes("Applied", d["weight_changes"])
    _render_awaiting(d["awaiting_confirmation"])
    for w in d.get("waiting_to_send", []):
        typer.echo(f"Approved, not sent yet #{w['approval_id']} ({w['platform']} {w['url']}): {w['text'][:80]}"
                   " — `psn engage send` sends it.")


def _render_changes(label: str, changes: list[dict[str, Any]]) -> None:
    for c in changes:
        typer.echo(f"{label}: {c['component']} {c['from']} → {c['to']} ({c['reason']}; {c['samples']} replies)")


def render_learn(d: dict[str, Any]) -> None:
    for platform, r in d["outcomes"].items():
        typer.echo(f"{platform}: measured {r['measured']}" + (f" ({r['error']})" if r["error"] else ""))
    if not d["outcomes"]:
        typer.echo("No reply is due for measuring (replies are measured a day after they were sent).")
    _render_changes("Applied", d["applied"])
    _render_changes("Suggested", d["suggestions"])
