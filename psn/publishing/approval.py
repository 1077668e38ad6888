"""Publish exactly what was approved: the SHA-256 of a post's stored request (text, thread parts,
media, options) is recorded whenever the creator approves or schedules it, or edits it through
psn, and checked right before any publish. A post whose stored request changed any other way (a
sync tool, a hand-edited database, a bug) is refused, never published.

This guards against changes behind psn's back, not against someone who can run psn as you.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlmodel import Session

from psn.context import AppContext
from psn.core.errors import BadInput
from psn.store.approval_tables import PublishApproval
from psn.store.publishing_tables import PublishedContent

APPROVED = ("approved", "scheduled")


class NotApproved(BadInput):
    kind = "not_approved"


def request_digest(request_json: str) -> str:
    return hashlib.sha256(request_json.encode("utf-8")).hexdigest()


def record(session: Session, row: PublishedContent, now: datetime) -> None:
    """In the transaction that writes `row`: remember what an approved or scheduled row holds."""
    approval = session.get(PublishApproval, row.id)
    if row.status not in APPROVED:
        if approval is not None:  # back to a draft: it must be approved again
            session.delete(approval)
        return
    if approval is None:
        approval = PublishApproval(content_id=row.id or 0, request_sha256="", approved_at=now)
    approval.request_sha256, approval.approved_at = request_digest(row.request), now
    session.add(approval)


def check(ctx: AppContext, row: PublishedContent) -> None:
    """Raise NotApproved unless the row's stored request is byte for byte what was approved."""
    with ctx.db.session() as session:
        approval = session.get(PublishApproval, row.id)
    if approval is None or approval.request_sha256 != request_digest(row.request):
        raise NotApproved(f"Post {row.id} is not what you approved: its stored content changed outside psn, so "
                          "nothing was sent.",
                          hint=f"Check it with `psn post show {row.id}`; cancel it and post the text you want.")
