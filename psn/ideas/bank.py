"""Ideas and their lifecycle: spark → seed → ready → used, or killed with a reason.

A timely idea has an expiry; once past it the idea is shown as expired and cannot be used, but
it is never deleted (a killed or expired idea still says what was considered). The post flow
calls `consume_idea`; the engage flow calls `add_idea(..., source="engage")`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, computed_field
from sqlmodel import col, select

from psn.core.clock import ensure_utc
from psn.core.errors import BadInput
from psn.store.db import Database
from psn.store.generation_tables import IdeaRow

Stage = Literal["spark", "seed", "ready", "used", "killed"]
Urgency = Literal["low", "normal", "high"]
GROWING: tuple[Stage, ...] = ("spark", "seed", "ready")
STAGES: tuple[Stage, ...] = (*GROWING, "used", "killed")
URGENCIES: tuple[Urgency, ...] = ("low", "normal", "high")
MAX_TEXT = 5000


class Idea(BaseModel):
    id: int
    text: str
    stage: Stage
    pillar: str | None = None
    platforms: list[str] = []
    format: str | None = None
    urgency: Urgency = "normal"
    expires_at: datetime | None = None
    source: str = "manual"
    source_ref: str | None = None
    kill_reason: str | None = None
    created_at: datetime
    updated_at: datetime
    used_at: datetime | None = None
    expired: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def usable(self) -> bool:
        return self.stage in GROWING and not self.expired


class IdeaChanges(BaseModel):
    """Fields `edit_idea` may change; None means leave it as it is."""

    text: str | None = None
    pillar: str | None = None
    platforms: list[str] | None = None
    format: str | None = None
    urgency: Urgency | None = None
    expires_at: datetime | None = None
    clear_expiry: bool = False


def add_idea(
    db: Database, text: str, *, at: datetime, stage: Stage = "spark", pillar: str | None = None,
    platforms: list[str] | None = None, format: str | None = None, urgency: Urgency = "normal",
    expires_at: datetime | None = None, source: str = "manual", source_ref: str | None = None,
) -> Idea:
    text = _clean_text(text)
    if stage not in GROWING:
        raise BadInput(f"A new idea cannot start as {stage!r}.", hint="Use spark, seed or ready.")
    check_urgency(urgency)
    if expires_at is not None and ensure_utc(expires_at) <= ensure_utc(at):
        raise BadInput("The expiry is in the past.", hint="Give a future date with --expires, e.g. 2026-12-31.")
    row = IdeaRow(
        text=text, stage=stage, pillar=_blank_to_none(pillar), platforms=json.dumps(platforms or []),
        format=_blank_to_none(format), urgency=urgency, expires_at=expires_at, source=source,
        source_ref=source_ref, created_at=at, updated_at=at,
    )
    with db.session() as session:
        session.add(row)
        session.flush()
        return _model(row, at)


def get_idea(db: Database, idea_id: int, now: datetime) -> Idea:
    with db.session() as session:
        row = session.get(IdeaRow, idea_id)
    if row is None:
        raise BadInput(f"There is no idea {idea_id}.", hint="Run `psn ideas list --all` to see every idea.")
    return _model(row, now)


def list_ideas(
    db: Database, now: datetime, *, stages: list[str] | None = None, pillar: str | None = None,
    platform: str | None = None, include_closed: bool = False,
) -> list[Idea]:
    """Open ideas (growing and not expired) unless `include_closed`; most urgent, then newest first."""
    query = select(IdeaRow).order_by(col(IdeaRow.id).desc())
    if stages:
        unknown = set(stages) - set(STAGES)
        if unknown:
            raise BadInput(f"Unknown stage(s): {', '.join(sorted(unknown))}.", hint=f"Stages: {', '.join(STAGES)}.")
        query = query.where(col(IdeaRow.stage).in_(stages))
    if pillar:
        query = query.where(IdeaRow.pillar == pillar)
    with db.session() as session:
        ideas = [_model(row, now) for row in session.exec(query)]
    if platform:
        ideas = [i for i in ideas if not i.platforms or platform in i.platforms]
    if not include_closed and not stages:
        ideas = [i for i in ideas if i.usable]
    rank = {"high": 0, "normal": 1, "low": 2}
    return sorted(ideas, key=lambda i: (rank[i.urgency], -i.id))


def edit_idea(db: Database, idea_id: int, changes: IdeaChanges, at: datetime) -> Idea:
    values = changes.model_dump(exclude_none=True, exclude={"clear_expiry"})
    if not values and not changes.clear_expiry:
        hint = "Pass --text, --pillar, --platform, --format, --urgency or --expires."
        raise BadInput("Nothing to change.", hint=hint)
    with db.session() as session:
        row = _open_row(session, idea_id, at, allow_expired=True)  # editing is how an expired idea is revived
        if "text" in values:
            row.text = _clean_text(values["text"])
        if "urgency" in values:
            row.urgency = check_urgency(values["urgency"])
        if "platforms" in values:
            row.platforms = json.dumps(values["platforms"])
        for name in ("pillar", "format"):
            if name in values:
                setattr(row, name, _blank_to_none(values[name]))
        if changes.clear_expiry:
            row.expires_at = None
        elif changes.expires_at is not None:
            if ensure_utc(changes.expires_at) <= ensure_utc(at):
                raise BadInput("The expiry is in the past.", hint="Give a future date, or --no-expiry.")
            row.expires_at = changes.expires_at
        row.updated_at = at
        session.add(row)
        return _model(row, at)


def promote_idea(db: Database, idea_id: int, at: datetime, to: Stage | None = None) -> Idea:
    """One step along spark → seed → ready, or straight to `to` (only forward)."""
    with db.session() as session:
        row = _open_row(session, idea_id, at)
        position = GROWING.index(row.stage)  # type: ignore[arg-type]
        target = to or (GROWING[position + 1] if position + 1 < len(GROWING) else None)
        if target is None:
            raise BadInput(f"Idea {idea_id} is already ready.", hint=f"Write it: `psn post --idea {idea_id}`.")
        if target not in GROWING or GROWING.index(target) <= position:
            raise BadInput(
                f"Idea {idea_id} is {row.stage}; it can only move forward to "
                + ", ".join(GROWING[position + 1 :]) + ".",
                hint="Stages go spark → seed → ready.",
            )
        row.stage, row.updated_at = target, at
        session.add(row)
        return _model(row, at)


def kill_idea(db: Database, idea_id: int, reason: str, at: datetime) -> Idea:
    reason = reason.strip()
    if not reason:
        raise BadInput("Say why the idea is being killed.", hint='Pass --reason "…" (future you will want to know).')
    with db.session() as session:
        row = _row(session, idea_id)
        if row.stage in ("used", "killed"):
            raise BadInput(f"Idea {idea_id} is already {row.stage}.", hint="Only open ideas can be killed.")
        row.stage, row.kill_reason, row.updated_at = "killed", reason, at
        session.add(row)
        return _model(row, at)


def consume_idea(db: Database, idea_id: int, at: datetime) -> Idea:
    """Mark an idea used by a post. Refuses a used, killed or expired idea (nothing changes)."""
    with db.session() as session:
        row = _open_row(session, idea_id, at)
        row.stage, row.used_at, row.updated_at = "used", at, at
        session.add(row)
        return _model(row, at)


def _row(session, idea_id: int) -> IdeaRow:  # type: ignore[no-untyped-def]
    row = session.get(IdeaRow, idea_id)
    if row is None:
        raise BadInput(f"There is no idea {idea_id}.", hint="Run `psn ideas list --all` to see every idea.")
    return row


def _open_row(session, idea_id: int, now: datetime, allow_expired: bool = False) -> IdeaRow:  # type: ignore[no-untyped-def]
    row = _row(session, idea_id)
    if row.stage not in GROWING:
        detail = f" ({row.kill_reason})" if row.kill_reason else ""
        raise BadInput(f"Idea {idea_id} is {row.stage}{detail}.", hint="Add it again with `psn ideas add` to reuse it.")
    if _is_expired(row, now) and not allow_expired:
        raise BadInput(
            f"Idea {idea_id} expired on {row.expires_at:%Y-%m-%d %H:%M} UTC.",
            hint=f"Give it a new date with `psn ideas edit {idea_id} --expires …`, or --no-expiry.",
        )
    return row


def _is_expired(row: IdeaRow, now: datetime) -> bool:
    return row.expires_at is not None and ensure_utc(row.expires_at) <= ensure_utc(now)


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise BadInput("An idea needs some text.", hint='e.g. psn ideas add "Why flaky tests are a design smell"')
    if len(text) > MAX_TEXT:
        message = f"The idea is {len(text)} characters; keep it under {MAX_TEXT}."
        raise BadInput(message, hint="Ideas are seeds, not posts.")
    return text


def check_urgency(urgency: str) -> Urgency:
    if urgency not in URGENCIES:
        raise BadInput(f"Unknown urgency {urgency!r}.", hint=f"Use one of: {', '.join(URGENCIES)}.")
    return urgency  # type: ignore[return-value]


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _model(row: IdeaRow, now: datetime) -> Idea:
    assert row.id is not None
    return Idea(
        id=row.id, text=row.text, stage=row.stage, pillar=row.pillar,  # type: ignore[arg-type]
        platforms=json.loads(row.platforms or "[]"), format=row.format, urgency=row.urgency,  # type: ignore[arg-type]
        expires_at=row.expires_at, source=row.source, source_ref=row.source_ref, kill_reason=row.kill_reason,
        created_at=row.created_at, updated_at=row.updated_at, used_at=row.used_at,
        expired=row.stage in GROWING and _is_expired(row, now),
    )
