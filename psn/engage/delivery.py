"""The approval guard: the ONLY way psn sends a reply.

`approve()` records the creator's approval of one exact text (its SHA-256) and commits it before
anything is sent. `send_approved()` takes that record and the text, re-reads the approval from the
database, refuses any mismatch, re-checks caps, cooldown and blocklists at this moment, claims the
approval in the same transaction (so it sends at most once), and only then calls the platform.
tests/engage/test_delivery.py checks that no other module in psn calls an adapter's `reply`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from psn.core.clock import local_day_start
from psn.core.errors import BadInput, RateLimited
from psn.core.failures import in_words
from psn.core.sections.engage import EngageSettings
from psn.engage import scoring
from psn.engage.opportunities import to_candidate, withdraw_alert
from psn.engage.pacing import check_cooldown
from psn.platforms.base import Adapter, ReplyPolicy
from psn.platforms.errors import NotAllowedViaApi, PlatformError, Unavailable, UncertainOutcome
from psn.store.db import Database, record_event
from psn.store.engage_tables import Approval, EngageLog, Opportunity


@dataclass(frozen=True)
class Delivery:
    kind: str  # "api" (sent) or "handoff" (the creator posts it; then `confirm_handoff`)
    url: str
    text: str
    approval_id: int
    reason: str = ""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def approve(db: Database, opportunity_id: int, text: str, now: datetime) -> Approval:
    if not text.strip():
        raise BadInput("An empty reply cannot be approved.", hint="Pick or write a reply first.")
    with db.session() as session:
        opp = session.get(Opportunity, opportunity_id)
        if opp is None:
            raise BadInput(f"There is no opportunity {opportunity_id}.", hint="List them with `psn engage list`.")
        if opp.status in ("pending", "skipped"):  # approving a reply accepts the conversation: it leaves triage
            opp.status, opp.decided_at = "yes", now
        row = Approval(opportunity_id=opportunity_id, text=text, text_hash=text_hash(text), approved_at=now)
        session.add(row)
        session.flush()
        withdraw_alert(session.connection(), opportunity_id, now)  # answered: no more "reply to them" alerts
        return Approval.model_validate(row)


def send_approved(db: Database, settings: EngageSettings, approval: Approval, text: str,
                  adapter: Adapter | None, now: datetime, timezone: str = "UTC") -> Delivery:
    with db.session() as session:
        opp = _checked(session, settings, approval, text, now, timezone, adapter)
        session.get(Approval, approval.id).claimed_at = now  # type: ignore[union-attr]
    if adapter is None or not api_allowed(adapter, opp):
        return Delivery("handoff", opp.url, text, approval.id or 0, reason=_why_handoff(adapter, opp))
    try:
        result = adapter.reply(to_candidate(opp), text)
    except NotAllowedViaApi as exc:
        return Delivery("handoff", opp.url, text, approval.id or 0, reason=exc.message)
    except PlatformError as exc:
        if not _refused(exc):
            raise _uncertain(exc, approval, opp) from exc
        _release(db, approval)  # the platform answered no: nothing was posted, the approval stays usable
        raise
    except Exception as exc:  # a failure after the request left psn: the reply may be out
        raise _uncertain(exc, approval, opp) from exc
    _log(db, opp, approval, text, "api", now, result.platform_reply_id, result.url)
    return Delivery("api", result.url or opp.url, text, approval.id or 0)


def _refused(exc: PlatformError) -> bool:
    """A definite "no" from the platform. A 5xx, a timeout or a lost answer is not one: the reply
    may have been posted, so the claim stays until the creator says (`psn engage confirm`)."""
    return not isinstance(exc, Unavailable | UncertainOutcome)


def _uncertain(exc: Exception, approval: Approval, opp: Opportunity) -> UncertainOutcome:
    return UncertainOutcome(
        f"psn cannot tell whether your reply reached {opp.platform} "
        f"({getattr(exc, 'message', None) or in_words(exc)}).",
        f"Look at {opp.url}: if your reply is there, run `psn engage confirm {approval.id} --sent`; if not, "
        f"`psn engage confirm {approval.id} --not-sent`, then send it again.", platform=opp.platform)


def confirm_handoff(db: Database, approval: Approval, text: str, now: datetime, sent: bool) -> None:
    """The creator posted it by hand (sent=True), or gave up (the approval can be used again)."""
    with db.session() as session:
        row = session.get(Approval, approval.id)
        if row is None or row.claimed_at is None or row.text_hash != text_hash(text):
            raise BadInput("This hand-off was never started for this exact text.", hint="Approve the text first.")
        opp = session.get(Opportunity, row.opportunity_id)
    if not sent:
        _release(db, approval)
        return
    _log(db, opp, approval, text, "handoff", now, None, opp.url)  # type: ignore[arg-type]


def api_allowed(adapter: Adapter, opp: Opportunity) -> bool:
    policy = adapter.capabilities.reply
    # Where an own-posts platform lets an app answer, it also lets it answer whoever @mentioned the
    # creator (Instagram, contract A7); an adapter that cannot refuses with NotAllowedViaApi → hand-off.
    return (policy == ReplyPolicy.ANY or (policy == ReplyPolicy.SUMMONED and opp.summoned)
            or (policy == ReplyPolicy.OWN_POSTS and (opp.on_own_post or opp.summoned)))


def _why_handoff(adapter: Adapter | None, opp: Opportunity) -> str:
    if adapter is None:
        return f"{opp.platform} is not connected"
    return f"{opp.platform} allows API replies only: {adapter.capabilities.reply.value}"


def _checked(session: Session, settings: EngageSettings, approval: Approval, text: str, now: datetime,
             timezone: str, adapter: Adapter | None = None) -> Opportunity:
    row = session.get(Approval, approval.id) if approval.id else None
    if row is None or row.text != text or row.text_hash != text_hash(text) or approval.text_hash != row.text_hash:
        raise BadInput("This text was not approved.", hint="Approve the exact text before sending it.")
    if row.claimed_at is not None:
        raise BadInput("This approval was already used.", hint="Each approval sends one reply, once.")
    opp = session.get(Opportunity, row.opportunity_id)
    assert opp is not None
    _check_no_reply_in_doubt(session, opp.id or 0)
    why = scoring.blocked(to_candidate(opp), settings.blocked_authors, settings.blocked_keywords)
    if why:
        raise BadInput(f"Not sent: {why}.", hint="Change the blocklist with `psn engage config remove`.")
    _check_cap(session, settings, opp.platform, now, timezone)
    if adapter is not None and api_allowed(adapter, opp):  # a hand-off is the creator's own post: unpaced
        check_cooldown(session, settings, now, timezone)
    return Opportunity.model_validate(opp)


def _check_no_reply_in_doubt(session: Session, opportunity_id: int) -> None:
    """One conversation, one reply: while an earlier reply to it may have gone out (a hand-off not
    confirmed, or an API send whose answer was lost), a new one could make it two."""
    logged = select(EngageLog.approval_id)
    doubt = session.exec(select(Approval).where(Approval.opportunity_id == opportunity_id,
                                                col(Approval.claimed_at).is_not(None),
                                                col(Approval.id).not_in(logged))).first()
    if doubt is not None:
        raise BadInput(f"An earlier reply to this conversation (approval {doubt.id}) may already be posted.",
                       hint=f"Check the post, then `psn engage confirm {doubt.id} --sent` or `--not-sent`.")


def _check_cap(session: Session, settings: EngageSettings, platform: str, now: datetime, timezone: str) -> None:
    used = sent_today(session, platform, now, timezone)
    if used >= settings.cap_for(platform):
        raise RateLimited(f"Daily cap reached on {platform} ({used}/{settings.cap_for(platform)}).",
                          hint=f"Try tomorrow, or raise it: `psn engage config set cap_{platform} N`.")


def sent_today(session: Session, platform: str, now: datetime, timezone: str = "UTC") -> int:
    query = select(func.count()).select_from(EngageLog).where(
        EngageLog.platform == platform, col(EngageLog.sent_at) >= local_day_start(now, timezone))
    return int(session.exec(query).one())


def _release(db: Database, approval: Approval) -> None:
    with db.session() as session:
        row = session.get(Approval, approval.id)
        if row is not None:
            row.claimed_at = None


def _log(db: Database, opp: Opportunity, approval: Approval, text: str, delivery: str, now: datetime,
         reply_id: str | None, url: str | None) -> None:
    with db.session() as session:
        session.add(EngageLog(opportunity_id=opp.id or 0, approval_id=approval.id or 0, platform=opp.platform,
                              text=text, delivery=delivery, platform_reply_id=reply_id, url=url, sent_at=now))
        row = session.get(Opportunity, opp.id)
        row.status, row.decided_at = "engaged", now  # type: ignore[union-attr]
    with db.write() as conn:
        record_event(conn, "engagement.sent", now, subject=f"opportunity:{opp.id}", platform=opp.platform,
                     delivery=delivery, url=url)
