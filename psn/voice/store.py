"""Save and load voice profiles. Every save is a new version; the newest one is the voice in use."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ValidationError
from sqlmodel import col, select

from psn.core.errors import BadInput, NotConfigured
from psn.core.validation import first_problem
from psn.store.db import Database
from psn.store.generation_tables import VoiceProfileRow
from psn.voice.profile import VoiceProfile

SOURCES = ("interview", "archetype", "import", "edit")


class StoredVoice(BaseModel):
    version: int
    created_at: datetime
    source: str
    note: str | None
    profile: VoiceProfile


def save_profile(db: Database, profile: VoiceProfile, source: str, at: datetime, note: str | None = None) -> int:
    if source not in SOURCES:
        raise ValueError(f"unknown voice source {source!r}")
    row = VoiceProfileRow(created_at=at, source=source, note=note, profile=profile.model_dump_json())
    with db.session() as session:
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def current_voice(db: Database) -> StoredVoice | None:
    with db.session() as session:
        row = session.exec(select(VoiceProfileRow).order_by(col(VoiceProfileRow.id).desc()).limit(1)).first()
    return _to_stored(row) if row else None


def require_voice(db: Database) -> StoredVoice:
    stored = current_voice(db)
    if stored is None:
        raise NotConfigured(
            "There is no voice profile yet.",
            hint="Run `psn setup voice` (or `psn setup voice --archetype educator --pillar \"your topic\"`).",
        )
    return stored


def voice_history(db: Database) -> list[StoredVoice]:
    with db.session() as session:
        rows = session.exec(select(VoiceProfileRow).order_by(col(VoiceProfileRow.id))).all()
    return [_to_stored(row) for row in rows]


def parse_profile(data: object, where: str) -> VoiceProfile:
    """Validate user-supplied profile data; any error is bad input naming the field."""
    try:
        return VoiceProfile.model_validate(data)
    except ValidationError as exc:
        field, why = first_problem(exc)
        field = field or "profile"
        raise BadInput(
            f"The voice profile from {where} is not valid: {field}: {why}.",
            hint="Fix that field and try again; nothing was saved.",
            field=field,
        ) from None


def _to_stored(row: VoiceProfileRow) -> StoredVoice:
    assert row.id is not None
    return StoredVoice(
        version=row.id,
        created_at=row.created_at,
        source=row.source,
        note=row.note,
        profile=VoiceProfile.model_validate_json(row.profile),
    )
