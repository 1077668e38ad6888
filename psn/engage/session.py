"""What a `psn engage` session needs besides prompts: the queue, remaining caps, and the idea bridge."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from psn.context import AppContext
from psn.engage.delivery import sent_today
from psn.engage.expiry import expiry_cutoff
from psn.engage.opportunities import expire_pending, pending
from psn.store.engage_tables import Opportunity


def triage_queue(ctx: AppContext, platforms: list[str], limit: int = 50) -> list[Opportunity]:
    """The best pending opportunities first; stale ones are expired on the way (the monitor may
    not have run for days)."""
    expire_pending(ctx.db, ctx.clock.now())
    return pending(ctx.db, platforms or None, limit)


def overview(ctx: AppContext, platforms: list[str]) -> tuple[int, dict[str, int]]:
    """How many wait, and the replies left today on the platforms asked for (or those with some
    waiting). psn.engage.first_card answers the same question without SQLAlchemy."""
    query = select(func.count(), Opportunity.platform).where(
        Opportunity.status == "pending", col(Opportunity.found_at) >= expiry_cutoff(ctx.clock.now()))
    if platforms:
        query = query.where(col(Opportunity.platform).in_(platforms))
    with ctx.db.session() as session:
        per_platform = session.exec(query.group_by(Opportunity.platform)).all()
        accepted_on = set(session.exec(select(Opportunity.platform).where(Opportunity.status == "yes")).all())
    waiting = sum(n for n, _ in per_platform)
    shown = set(platforms) or {p for _, p in per_platform} | accepted_on  # a resumed session has only accepted ones
    return waiting, remaining_caps(ctx, sorted(shown))


def accepted(ctx: AppContext, platforms: list[str]) -> list[Opportunity]:
    """Every "yes" not yet engaged — including ones from an interrupted session, so nothing is lost.
    A conversation whose reply is approved and waiting to send is not drafted again."""
    from psn.engage.waiting import waiting_opportunity_ids

    query = select(Opportunity).where(Opportunity.status == "yes",
                                      col(Opportunity.id).not_in(waiting_opportunity_ids(ctx.db)))
    if platforms:
        query = query.where(col(Opportunity.platform).in_(platforms))
    with ctx.db.session() as session:
        return list(session.exec(query.order_by(col(Opportunity.score_bp).desc())).all())


def remaining_caps(ctx: AppContext, platforms: list[str]) -> dict[str, int]:
    settings, now, tz = ctx.settings.engage, ctx.clock.now(), ctx.settings.general.timezone
    with ctx.db.session() as session:
        return {p: max(0, settings.cap_for(p) - sent_today(session, p, now, tz)) for p in platforms}


def save_idea(ctx: AppContext, text: str, opportunity_ids: list[int]) -> int:
    from psn.ideas.bank import add_idea

    ref = ",".join(f"opportunity:{i}" for i in opportunity_ids) or None
    return add_idea(ctx.db, text, at=ctx.clock.now(), source="engage", source_ref=ref).id
