"""Approved replies not sent yet (the cooldown or the daily cap stopped them, or the platform said
no): kept with their exact approved text, listed, and sent later through the approval guard.

Nothing new is stored for this: an approval that was never claimed *is* the queue. Only the
newest approval of a conversation counts (approving another text replaces the earlier one), and a
conversation already answered, declined or expired has nothing waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from psn.context import AppContext
from psn.core.errors import BadInput
from psn.store.db import Database
from psn.store.engage_tables import Approval, EngageLog, Opportunity

CLOSED = ("engaged", "no", "expired")


@dataclass(frozen=True)
class Waiting:
    approval: Approval
    opportunity: Opportunity

    def as_dict(self) -> dict[str, Any]:
        o = self.opportunity
        return {"approval_id": self.approval.id, "opportunity_id": o.id, "platform": o.platform,
                "author": o.author_handle, "url": o.url, "text": self.approval.text,
                "approved_at": self.approval.approved_at}


def waiting(db: Database, platforms: list[str] | None = None) -> list[Waiting]:
    """Oldest approval first: the order they were approved is the order they go out."""
    newest = select(func.max(Approval.id)).group_by(col(Approval.opportunity_id))
    query = (select(Approval, Opportunity).join(Opportunity, col(Opportunity.id) == Approval.opportunity_id)
             .where(col(Approval.id).in_(newest), col(Approval.claimed_at).is_(None),
                    col(Approval.id).not_in(select(EngageLog.approval_id)),
                    col(Opportunity.status).not_in(CLOSED)))
    if platforms:
        query = query.where(col(Opportunity.platform).in_(platforms))
    with db.session() as session:
        return [Waiting(a, o) for a, o in session.exec(query.order_by(col(Approval.id))).all()]


def waiting_opportunity_ids(db: Database) -> set[int]:
    return {w.opportunity.id or 0 for w in waiting(db)}


def pick(db: Database, approval_id: int | None) -> list[Waiting]:
    """The one asked for, or all of them; an id that is not waiting is bad input, said plainly."""
    queue = waiting(db)
    if approval_id is None:
        return queue
    found = [w for w in queue if w.approval.id == approval_id]
    if not found:
        raise BadInput(f"No approved reply {approval_id} is waiting to be sent.",
                       hint="See what is waiting with `psn engage queue` (already sent ones are in "
                            "`psn engage history`).")
    return found


def send_one(ctx: AppContext, item: Waiting) -> dict[str, Any]:
    """Exactly the approved text, through the approval guard (which claims it: never twice)."""
    from psn.engage import delivery
    from psn.engage.reply import connected_adapter

    opp = item.opportunity
    done = delivery.send_approved(ctx.db, ctx.settings.engage, item.approval, item.approval.text,
                                  connected_adapter(ctx, opp.platform), ctx.clock.now(), ctx.settings.general.timezone)
    return {"opportunity_id": opp.id, "approval_id": done.approval_id, "platform": opp.platform,
            "delivery": done.kind, "status": "sent" if done.kind == "api" else "awaiting_confirmation",
            "url": done.url, "text": done.text, "reason": done.reason or None}


def send_waiting(ctx: AppContext, approval_id: int | None) -> dict[str, Any]:
    """Send in approval order until something refuses (usually the cooldown); if nothing could be
    sent, that refusal is the answer (exit 5 with the exact time), else it is reported beside what went."""
    from psn.core.errors import RateLimited

    items = pick(ctx.db, approval_id)
    if not items:
        raise BadInput("No approved reply is waiting to be sent.",
                       hint="Approve one in `psn engage`, or `psn engage reply ID --text ... --approve`.")
    sent: list[dict[str, Any]] = []
    stopped = None
    for item in items:
        try:
            sent.append(send_one(ctx, item))
        except RateLimited as exc:
            if not sent:
                raise
            stopped = exc.message
            break
    return {"sent": sent, "stopped": stopped, "still_waiting": [w.as_dict() for w in waiting(ctx.db)]}
