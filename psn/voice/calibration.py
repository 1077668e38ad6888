"""Every edit the creator makes to a generated draft, kept as before / after.

The post flow calls `record_draft_edit` whenever a reviewed text differs from what was
generated; `edit_stats` summarises the habits those edits reveal (for `psn voice show` and the
learning loop), and `recent_edits` hands the raw pairs to whoever wants to learn from them.
"""

from __future__ import annotations

import difflib
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from psn.store.db import Database
from psn.store.generation_tables import DraftEditRow


class DraftEdit(BaseModel):
    id: int
    platform: str
    format: str
    before: str
    after: str
    edited_at: datetime
    draft_output_id: int | None = None
    prompt_version_id: int | None = None


class EditStats(BaseModel):
    edits: int
    average_length_change: float
    """Characters added (positive) or cut (negative) per edit: the drafts' length bias."""
    average_similarity: float
    """How much of the draft survived (1.0 = only small touches)."""
    words_removed: list[str]
    words_added: list[str]


def record_draft_edit(
    db: Database,
    *,
    platform: str,
    format: str,
    before: str,
    after: str,
    at: datetime,
    draft_output_id: int | None = None,
    prompt_version_id: int | None = None,
) -> int | None:
    """Keep one edit; an unchanged text is not an edit and is not stored (returns None)."""
    if before == after:
        return None
    row = DraftEditRow(
        draft_output_id=draft_output_id,
        prompt_version_id=prompt_version_id,
        platform=platform,
        format=format,
        before_text=before,
        after_text=after,
        edited_at=at,
    )
    with db.session() as session:
        session.add(row)
        session.flush()
        return row.id


def recent_edits(db: Database, platform: str | None = None, limit: int = 50) -> list[DraftEdit]:
    query = select(DraftEditRow).order_by(col(DraftEditRow.id).desc()).limit(limit)
    if platform:
        query = query.where(DraftEditRow.platform == platform)
    with db.session() as session:
        rows = session.exec(query).all()
    return [
        DraftEdit(
            id=row.id or 0, platform=row.platform, format=row.format, before=row.before_text,
            after=row.after_text, edited_at=row.edited_at, draft_output_id=row.draft_output_id,
            prompt_version_id=row.prompt_version_id,
        )
        for row in rows
    ]


def edit_stats(edits: list[DraftEdit], top: int = 5) -> EditStats:
    if not edits:
        return EditStats(edits=0, average_length_change=0.0, average_similarity=1.0, words_removed=[], words_added=[])
    removed: dict[str, int] = {}
    added: dict[str, int] = {}
    for edit in edits:
        before, after = edit.before.lower().split(), edit.after.lower().split()
        for word in set(before) - set(after):
            removed[word] = removed.get(word, 0) + 1
        for word in set(after) - set(before):
            added[word] = added.get(word, 0) + 1
    count = len(edits)
    return EditStats(
        edits=count,
        average_length_change=round(sum(len(e.after) - len(e.before) for e in edits) / count, 1),
        average_similarity=round(
            sum(difflib.SequenceMatcher(None, e.before, e.after).ratio() for e in edits) / count, 3
        ),
        words_removed=_most_repeated(removed, top),
        words_added=_most_repeated(added, top),
    )


def _most_repeated(counts: dict[str, int], top: int) -> list[str]:
    """Words changed in at least two edits: one-off rewrites say nothing about the voice."""
    ranked = sorted((w for w, n in counts.items() if n >= 2), key=lambda w: (-counts[w], w))
    return ranked[:top]
