"""`psn post delete`: take a published post down on its platform, and record that it is gone.

A thread is deleted last part first, so a failure half-way leaves a shorter thread that still reads
from its start. Each part deleted is saved at once (step `deleted:N`), so running the command again
deletes only what is left: it never asks the platform about a part twice.
"""

from __future__ import annotations

import json
from typing import Any

from psn.context import AppContext
from psn.core.errors import BadInput, PartialSuccess, PsnError
from psn.publishing.records import get_content
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


def deletable(ctx: AppContext, content_id: int) -> PublishedContent:
    """The post, if it can be deleted (BadInput naming why not, before anything is asked)."""
    row = get_content(ctx, content_id)
    if row.status == "deleted":
        raise BadInput(f"Post {content_id} is already deleted.", hint="`psn post list` shows the others.")
    if row.status != "published" or not row.platform_post_id:
        raise BadInput(f"Post {content_id} is {row.status}, not published: there is nothing to delete on "
                       f"{row.platform}.", hint=f"Drafts, scheduled and failed posts: `psn post cancel {content_id}`.")
    return row


def delete_post(ctx: AppContext, content_id: int) -> PublishedContent:
    from psn.accounts.wiring import adapter_for

    row = deletable(ctx, content_id)
    adapter, _ = adapter_for(ctx, row.platform)
    delete = getattr(adapter, "delete", None)
    if delete is None:
        raise BadInput(f"psn cannot delete posts on {row.platform}: its API has no way to.",
                       hint=f"Delete it in the app: {row.url or row.platform_post_id}.")
    steps = json.loads(row.steps or "{}")
    parts = _post_ids(row, steps)
    failures: dict[str, str] = {}
    for index in reversed(range(len(parts))):
        if f"deleted:{index}" in steps:
            continue
        try:
            delete(parts[index])
        except PsnError as exc:
            failures[parts[index]] = exc.message
            break  # keep the thread readable: an earlier part goes only after every later one
        steps[f"deleted:{index}"] = {"value": parts[index], "at": ctx.clock.now().isoformat()}
        _save_steps(ctx, content_id, steps)
    if failures:
        done = sum(1 for key in steps if key.startswith("deleted:"))
        raise PartialSuccess(
            f"Deleted {done} of {len(parts)} parts of post {content_id} on {row.platform}; "
            f"{next(iter(failures.values()))}",
            hint=f"`psn post delete {content_id}` again deletes the rest.", failed=failures)
    return _mark_deleted(ctx, content_id, parts)


def _post_ids(row: PublishedContent, steps: dict[str, Any]) -> list[str]:
    """Every post this row made: a thread's parts (`part:N` steps) in order, else the one post."""
    parts = sorted((int(key.split(":")[1]), value.get("value") if isinstance(value, dict) else value)
                   for key, value in steps.items() if key.startswith("part:") and key.split(":")[1].isdigit())
    ids = [str(value) for _, value in parts if value]
    return ids or [str(row.platform_post_id)]


def _save_steps(ctx: AppContext, content_id: int, steps: dict[str, Any]) -> None:
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        assert row is not None
        row.steps, row.updated_at = json.dumps(steps), ctx.clock.now()
        session.add(row)


def _mark_deleted(ctx: AppContext, content_id: int, parts: list[str]) -> PublishedContent:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        assert row is not None
        row.status, row.updated_at = "deleted", now
        session.add(row)
    with ctx.db.write() as conn:
        record_event(conn, "content.deleted", now, f"content:{content_id}", platform=row.platform, parts=parts)
    return row
