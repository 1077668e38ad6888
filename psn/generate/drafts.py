"""Saved drafts: one per idea written for one or more platforms, one output per platform.

Each output keeps the prompt version that wrote it (the learning loop scores prompts through
it) and its own status, because platforms move separately (one published, one awaiting video).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from psn.core.errors import BadInput
from psn.generate.models import DraftBody, PlatformDraft
from psn.store.db import Database
from psn.store.generation_tables import DraftOutputRow, DraftRow

DRAFT_STATUSES = ("draft", "awaiting_media", "scheduled", "published", "partial", "failed", "cancelled")
OUTPUT_STATUSES = ("draft", "awaiting_media", "approved", "scheduled", "published", "failed", "dropped", "cancelled")


class StoredOutput(BaseModel):
    id: int
    draft_id: int
    platform: str
    format: str
    format_reason: str
    body: DraftBody
    prompt_version_id: int | None
    provider: str
    model: str
    status: str
    publish_ref: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def offline(self) -> bool:
        return self.provider == "offline"


class StoredDraft(BaseModel):
    id: int
    idea_id: int | None
    idea_text: str
    status: str
    created_at: datetime
    updated_at: datetime
    outputs: list[StoredOutput]


def save_draft(
    db: Database, idea_text: str, drafts: list[PlatformDraft], at: datetime, *, idea_id: int | None = None,
    status: str = "draft",
) -> StoredDraft:
    _check(status, DRAFT_STATUSES)
    with db.session() as session:
        draft = DraftRow(idea_id=idea_id, idea_text=idea_text, status=status, created_at=at, updated_at=at)
        session.add(draft)
        session.flush()
        assert draft.id is not None
        for item in drafts:
            session.add(DraftOutputRow(
                draft_id=draft.id, platform=item.platform, format=item.format, format_reason=item.format_reason,
                body=item.body.model_dump_json(), prompt_version_id=item.prompt_version_id, provider=item.provider,
                model=item.model, status="awaiting_media" if item.awaiting_media else "draft", created_at=at,
                updated_at=at,
            ))
        draft_id = draft.id
    return get_draft(db, draft_id)


def get_draft(db: Database, draft_id: int) -> StoredDraft:
    with db.session() as session:
        row = session.get(DraftRow, draft_id)
        if row is None:
            raise BadInput(f"There is no draft {draft_id}.", hint="Run `psn post list` to see drafts.")
        outputs = session.exec(
            select(DraftOutputRow).where(DraftOutputRow.draft_id == draft_id).order_by(col(DraftOutputRow.id))
        ).all()
        return _draft(row, list(outputs))


def list_drafts(db: Database, statuses: list[str] | None = None, limit: int = 50) -> list[StoredDraft]:
    query = select(DraftRow).order_by(col(DraftRow.id).desc()).limit(limit)
    if statuses:
        query = query.where(col(DraftRow.status).in_(statuses))
    with db.session() as session:
        ids = [row.id for row in session.exec(query)]
    return [get_draft(db, draft_id) for draft_id in ids if draft_id is not None]


def update_output(
    db: Database, output_id: int, at: datetime, *, body: DraftBody | None = None, format: str | None = None,
    status: str | None = None, publish_ref: str | None = None,
) -> StoredOutput:
    if status is not None:
        _check(status, OUTPUT_STATUSES)
    with db.session() as session:
        row = session.get(DraftOutputRow, output_id)
        if row is None:
            raise BadInput(f"There is no draft output {output_id}.", hint="Run `psn post show ID` to see its outputs.")
        if body is not None:
            row.body = body.model_dump_json()
        if format is not None:
            row.format = format
        if status is not None:
            row.status = status
        if publish_ref is not None:
            row.publish_ref = publish_ref
        row.updated_at = at
        session.add(row)
        return _output(row)


def set_draft_status(db: Database, draft_id: int, status: str, at: datetime) -> StoredDraft:
    _check(status, DRAFT_STATUSES)
    with db.session() as session:
        row = session.get(DraftRow, draft_id)
        if row is None:
            raise BadInput(f"There is no draft {draft_id}.", hint="Run `psn post list` to see drafts.")
        row.status, row.updated_at = status, at
        session.add(row)
    return get_draft(db, draft_id)


def _check(status: str, allowed: tuple[str, ...]) -> None:
    if status not in allowed:
        raise BadInput(f"Unknown status {status!r}.", hint=f"Use one of: {', '.join(allowed)}.")


def _output(row: DraftOutputRow) -> StoredOutput:
    assert row.id is not None
    return StoredOutput(
        id=row.id, draft_id=row.draft_id, platform=row.platform, format=row.format, format_reason=row.format_reason,
        body=DraftBody.model_validate_json(row.body), prompt_version_id=row.prompt_version_id, provider=row.provider,
        model=row.model, status=row.status, publish_ref=row.publish_ref, created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _draft(row: DraftRow, outputs: list[DraftOutputRow]) -> StoredDraft:
    assert row.id is not None
    return StoredDraft(
        id=row.id, idea_id=row.idea_id, idea_text=row.idea_text, status=row.status, created_at=row.created_at,
        updated_at=row.updated_at, outputs=[_output(o) for o in outputs],
    )
