"""Reply to one opportunity with a text the creator approved on the command line (`--approve`,
like `psn post --yes`): the approval of exactly that text is recorded, then sent through the
approval guard (psn/engage/delivery.py) — API when the platform allows it, else a hand-off that
waits for `psn engage confirm`."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from psn.context import AppContext
from psn.core.errors import BadInput, PsnError
from psn.engage import delivery, opportunities, scoring
from psn.engage.drafting import reply_limit
from psn.generate.replies import reply_length
from psn.store.engage_tables import Approval, EngageLog, Opportunity

REPLYABLE = {"pending", "yes", "skipped"}


def check_reply(ctx: AppContext, opportunity_id: int, text: str) -> Opportunity:
    """Everything that makes the request bad input, checked before anything is stored."""
    row = opportunities.get(ctx.db, opportunity_id)
    text = text.strip()
    limit = reply_limit(row.platform, ctx.settings.generation.x_max_weighted_length)
    if not text:
        raise BadInput("The reply is empty.", hint="Pass --text \"your reply\".")
    length = reply_length(row.platform, text)  # as the platform counts (X: a URL is 23, CJK and emoji 2)
    if length > limit:
        raise BadInput(f"The reply counts as {length} characters on {row.platform}; the limit is {limit}.",
                       hint="Shorten it; nothing was stored.")
    if row.status not in REPLYABLE:
        raise BadInput(f"Opportunity {opportunity_id} is {row.status}.",
                       hint="Pick a pending one from `psn engage list`.")
    settings = ctx.settings.engage
    why = scoring.blocked(opportunities.to_candidate(row), settings.blocked_authors, settings.blocked_keywords)
    if why:
        raise BadInput(f"Not sent: {why}.", hint="Change the blocklist with `psn engage config remove`.")
    return row


def reply_approved(ctx: AppContext, opportunity_id: int, text: str) -> dict[str, Any]:
    text = text.strip()
    check_reply(ctx, opportunity_id, text)
    now = ctx.clock.now()
    approval = _unused_approval(ctx, opportunity_id, text) or delivery.approve(ctx.db, opportunity_id, text, now)
    row = opportunities.get(ctx.db, opportunity_id)
    done = delivery.send_approved(ctx.db, ctx.settings.engage, approval, text, connected_adapter(ctx, row.platform),
                                  now, ctx.settings.general.timezone)
    return {"opportunity_id": opportunity_id, "approval_id": done.approval_id, "platform": row.platform,
            "delivery": done.kind, "status": "sent" if done.kind == "api" else "awaiting_confirmation",
            "url": done.url, "text": text, "reason": done.reason or None}


def confirm(ctx: AppContext, approval_id: int, sent: bool) -> dict[str, Any]:
    with ctx.db.session() as session:
        approval = session.get(Approval, approval_id)
        logged = session.exec(select(EngageLog).where(EngageLog.approval_id == approval_id)).first()
    if approval is None or approval.claimed_at is None:
        raise BadInput(f"There is no hand-off {approval_id} waiting.", hint="See `psn engage history`.")
    if logged is not None:
        raise BadInput(f"Hand-off {approval_id} was already recorded as sent.", hint="Nothing to do.")
    delivery.confirm_handoff(ctx.db, approval, approval.text, ctx.clock.now(), sent)
    return {"approval_id": approval_id, "opportunity_id": approval.opportunity_id,
            "status": "sent" if sent else "cancelled"}


def connected_adapter(ctx: AppContext, platform: str) -> Any:
    """The platform's adapter, or None when it is not connected (a hand-off still works then)."""
    from psn.accounts.wiring import adapter_for

    try:
        return adapter_for(ctx, platform)[0]
    except (PsnError, KeyError):
        return None


def _unused_approval(ctx: AppContext, opportunity_id: int, text: str) -> Approval | None:
    """An approval of this exact text not yet used (e.g. refused by the cooldown earlier): reuse it."""
    query = select(Approval).where(Approval.opportunity_id == opportunity_id,
                                   Approval.text_hash == delivery.text_hash(text),
                                   col(Approval.claimed_at).is_(None))
    with ctx.db.session() as session:
        return session.exec(query.order_by(col(Approval.id))).first()
