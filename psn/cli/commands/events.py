"""`psn events [--follow] [--kind K]`: the local event log (content.published, engagement.received,
optimization.triggered/completed)."""

from __future__ import annotations

from typing import Annotated

import typer

ORDER = 54
GROUP = "Settings and troubleshooting"


def register(app: typer.Typer) -> None:
    app.command("events", help="The local event log; --follow keeps printing new events (Ctrl-C stops).")(events)


def events(
    kind: Annotated[str | None, typer.Option(help="Only this kind, e.g. engagement.received.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    follow: Annotated[bool, typer.Option("--follow", "-f")] = False,
) -> None:
    import json
    import time

    from psn.cli.output import current, emit
    from psn.cli.state import ctx
    from psn.store.db import list_events

    engine = ctx().db.engine
    newest = _newest(engine)
    # The newest `limit` ids, so the listing ends with the latest event (of any kind).
    rows = list_events(engine, kind=kind, after_id=max(0, newest - limit), limit=limit)
    if not follow:
        emit(rows, lambda d: typer.echo("\n".join(_line(e) for e in d) or "No events yet."))
        return
    last = newest  # with --kind, a matching event may come after many others: never skip it
    try:
        while True:  # Ctrl-C is how following ends: exit 0, and --json output stays clean JSON lines
            for row in rows:
                typer.echo(json.dumps(row, default=str) if current().json else _line(row))
                last = max(last, row["id"])
            time.sleep(1.0)  # a local SQLite poll is cheap; one second feels live enough
            rows = list_events(engine, kind=kind, after_id=last, limit=1000)
    except KeyboardInterrupt:
        return


def _newest(engine) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM event_log")).scalar() or 0)


def _line(event: dict) -> str:
    from psn.cli.words import plain

    payload = plain(event["payload"]) if event["payload"] else ""
    return f"{event['occurred_at'][:19]}  {event['kind']:<24} {event['subject'] or ''}  {payload}"
