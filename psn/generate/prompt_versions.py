"""Prompt versions in the database: generation 0 comes from prompts/ the first time a template
is used; the learning loop adds later generations with `add_version`.

Which version writes a draft: the newest active evolved version (generation > 0) if there is
one, otherwise generation 0 of the file as it is now. Editing a file therefore changes the
starting point (a new generation 0) without discarding what the loop has learned.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from psn.core.errors import BadInput
from psn.generate.templates import check_protected_blocks, read_template
from psn.store.db import Database
from psn.store.generation_tables import PromptVersionRow


class PromptVersion(BaseModel):
    id: int
    name: str
    generation: int
    parent_ids: list[int]
    body: str
    sha256: str
    origin: str
    status: str
    score_bp: int | None
    created_at: datetime


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def ensure_generation_zero(db: Database, name: str, at: datetime) -> PromptVersion:
    """Store the file's current text as generation 0 unless that exact text is already stored."""
    body = read_template(name)
    digest = body_hash(body)
    with db.session() as session:
        existing = session.exec(
            select(PromptVersionRow).where(PromptVersionRow.name == name, PromptVersionRow.sha256 == digest)
        ).first()
        if existing:
            return _model(existing)
        for older in session.exec(
            select(PromptVersionRow).where(
                PromptVersionRow.name == name, PromptVersionRow.generation == 0, PromptVersionRow.status == "active"
            )
        ):
            older.status = "retired"  # the file moved on; its old text stays for drafts that used it
            session.add(older)
        row = PromptVersionRow(name=name, generation=0, body=body, sha256=digest, origin="file", created_at=at)
        session.add(row)
        session.flush()
        return _model(row)


def current_version(db: Database, name: str, at: datetime) -> PromptVersion:
    base = ensure_generation_zero(db, name, at)
    with db.session() as session:
        evolved = session.exec(
            select(PromptVersionRow)
            .where(PromptVersionRow.name == name, PromptVersionRow.status == "active", PromptVersionRow.generation > 0)
            .order_by(col(PromptVersionRow.id).desc())
        ).first()
    return _model(evolved) if evolved else base


def add_version(
    db: Database, name: str, body: str, *, parent_ids: list[int], at: datetime, origin: str = "learn",
    score_bp: int | None = None,
) -> PromptVersion:
    """A new generation from its parents. Protected blocks must survive intact (checked against
    every parent); the generation is one more than the oldest-lineage parent's."""
    parents = [get_version(db, pid) for pid in parent_ids]
    if not parents:
        raise BadInput("A new prompt version needs at least one parent version.", hint="Pass parent_ids.")
    if any(p.name != name for p in parents):
        raise BadInput(f"Every parent must be a version of {name!r}.", hint="Pass parents of the same prompt.")
    for parent in parents:
        check_protected_blocks(parent.body, body)
    digest = body_hash(body)
    with db.session() as session:
        existing = session.exec(
            select(PromptVersionRow).where(PromptVersionRow.name == name, PromptVersionRow.sha256 == digest)
        ).first()
        if existing:
            return _model(existing)
        row = PromptVersionRow(
            name=name, generation=max(p.generation for p in parents) + 1, parent_ids=json.dumps(parent_ids),
            body=body, sha256=digest, origin=origin, score_bp=score_bp, created_at=at,
        )
        session.add(row)
        session.flush()
        return _model(row)


def set_status(db: Database, version_id: int, status: str) -> PromptVersion:
    if status not in ("active", "retired"):
        raise BadInput(f"Unknown prompt status {status!r}.", hint="Use active or retired.")
    with db.session() as session:
        row = session.get(PromptVersionRow, version_id)
        if row is None:
            raise _unknown(version_id)
        row.status = status
        session.add(row)
        return _model(row)


def get_version(db: Database, version_id: int) -> PromptVersion:
    with db.session() as session:
        row = session.get(PromptVersionRow, version_id)
    if row is None:
        raise _unknown(version_id)
    return _model(row)


def list_versions(db: Database, name: str | None = None) -> list[PromptVersion]:
    query = select(PromptVersionRow).order_by(col(PromptVersionRow.name), col(PromptVersionRow.id))
    if name:
        query = query.where(PromptVersionRow.name == name)
    with db.session() as session:
        return [_model(row) for row in session.exec(query)]


def diff_bodies(old: str, new: str, old_label: str, new_label: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=old_label, tofile=new_label
    )
    return "".join(lines)


def _unknown(version_id: int) -> BadInput:
    return BadInput(f"There is no prompt version {version_id}.", hint="Run `psn prompts list` to see the versions.")


def _model(row: PromptVersionRow) -> PromptVersion:
    assert row.id is not None
    return PromptVersion(
        id=row.id, name=row.name, generation=row.generation, parent_ids=json.loads(row.parent_ids or "[]"),
        body=row.body, sha256=row.sha256, origin=row.origin, status=row.status, score_bp=row.score_bp,
        created_at=row.created_at,
    )
