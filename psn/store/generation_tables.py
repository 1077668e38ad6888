"""Tables for voice, ideas, prompts, LLM calls and drafts; they mirror migrations m0050–m0053.

JSON columns are plain TEXT holding JSON (SQLite has no JSON type worth depending on); the
feature modules turn them into pydantic models at the boundary.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


def _when(nullable: bool = False):  # type: ignore[no-untyped-def]
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


def _json(default: str):  # type: ignore[no-untyped-def]
    return Field(default=default, sa_column=Column(Text, nullable=False, server_default=default))


class VoiceProfileRow(SQLModel, table=True):
    __tablename__ = "voice_profiles"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _when()
    source: str
    note: str | None = None
    profile: str = Field(sa_column=Column(Text, nullable=False))


class IdeaRow(SQLModel, table=True):
    __tablename__ = "ideas"

    id: int | None = Field(default=None, primary_key=True)
    text: str
    stage: str = "spark"
    pillar: str | None = None
    platforms: str = _json("[]")
    format: str | None = None
    urgency: str = "normal"
    expires_at: datetime | None = _when(nullable=True)
    source: str = "manual"
    source_ref: str | None = None
    kill_reason: str | None = None
    created_at: datetime = _when()
    updated_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)


class PromptVersionRow(SQLModel, table=True):
    __tablename__ = "prompt_versions"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    generation: int = 0
    parent_ids: str = _json("[]")
    body: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str
    origin: str
    status: str = "active"
    score_bp: int | None = None
    created_at: datetime = _when()


class LLMCallRow(SQLModel, table=True):
    __tablename__ = "llm_calls"

    id: int | None = Field(default=None, primary_key=True)
    called_at: datetime = _when()
    provider: str
    model: str
    purpose: str
    prompt_version_id: int | None = Field(default=None, foreign_key="prompt_versions.id")
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd_micros: int | None = None
    duration_ms: int = 0
    attempts: int = 1
    ok: bool
    error: str | None = None


class DraftRow(SQLModel, table=True):
    __tablename__ = "drafts"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int | None = Field(default=None, foreign_key="ideas.id")
    idea_text: str
    status: str = "draft"
    created_at: datetime = _when()
    updated_at: datetime = _when()


class DraftOutputRow(SQLModel, table=True):
    __tablename__ = "draft_outputs"

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="drafts.id")
    platform: str
    format: str
    format_reason: str = ""
    body: str = Field(sa_column=Column(Text, nullable=False))
    prompt_version_id: int | None = Field(default=None, foreign_key="prompt_versions.id")
    provider: str
    model: str
    status: str = "draft"
    publish_ref: str | None = None
    created_at: datetime = _when()
    updated_at: datetime = _when()


class DraftEditRow(SQLModel, table=True):
    __tablename__ = "draft_edits"

    id: int | None = Field(default=None, primary_key=True)
    draft_output_id: int | None = Field(default=None, foreign_key="draft_outputs.id")
    prompt_version_id: int | None = Field(default=None, foreign_key="prompt_versions.id")
    platform: str
    format: str
    before_text: str = Field(sa_column=Column(Text, nullable=False))
    after_text: str = Field(sa_column=Column(Text, nullable=False))
    edited_at: datetime = _when()
