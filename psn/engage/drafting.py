"""Draft 2-3 reply options for an opportunity in the creator's voice, through the `reply` prompt
(the offline composer answers it when no language model is connected)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import col, delete, select

from psn.generate.prompt_versions import current_version
from psn.generate.replies import reply_length
from psn.generate.templates import render_body
from psn.generate.variables import reply_variables
from psn.llm.base import Completion, Message
from psn.llm.brief import parse_json_reply
from psn.llm.echo import echo_problem
from psn.llm.errors import LLMUnusable
from psn.llm.usage import LLM
from psn.store.db import Database
from psn.store.engage_tables import Opportunity, ReplyDraft
from psn.store.publishing_tables import Account
from psn.voice.profile import VoiceProfile

STYLES = ("direct", "conversational", "unique angle")
REPLY_LIMITS = {"x": 280, "linkedin": 1250, "instagram": 2200, "tiktok": 150, "facebook": 8000}
DEFAULT_LIMIT = 280
OPTIONS = 3
TYPED = "yours"  # a reply the creator was typing when they left: kept first, never regenerated away


def reply_limit(platform: str, x_limit: int = 280) -> int:
    return x_limit if platform == "x" else REPLY_LIMITS.get(platform, DEFAULT_LIMIT)


def draft_options(db: Database, llm: LLM, voice: VoiceProfile, row: Opportunity, now: datetime,
                  variant: int = 0, x_limit: int = 280) -> list[ReplyDraft]:
    """Ask for options, keep the ones within the platform's length, replace earlier drafts."""
    limit = reply_limit(row.platform, x_limit)
    own = own_handles(db, row.platform)
    variables = reply_variables(voice=voice, platform=row.platform, post_text=row.text,
                                author=row.author_name or row.author_handle, count=OPTIONS, limit=limit,
                                variant=variant, own_handles=own)
    version = current_version(db, "reply", now)
    prompt = render_body(version.body, variables, name="reply")
    texts: list[str] = []

    def accept(completion: Completion) -> None:
        usable = usable_options(completion, f"{prompt.system}\n{prompt.user}", row.text)
        texts.extend([t for t in usable if reply_length(row.platform, t) <= limit
                      and not mentions_handle(t, own)][:OPTIONS])
        if not texts:
            raise LLMUnusable(f"None of the model's replies could be used (empty, over {limit} characters, "
                              "or naming you).", answer=completion.text)

    completion = llm.complete(prompt.system, [Message("user", prompt.user)], purpose=f"reply:{row.platform}",
                              prompt_version_id=version.id, max_tokens=reply_tokens(OPTIONS, limit), accept=accept)
    drafts = [ReplyDraft(opportunity_id=row.id or 0, variant=variant, position=i, style=STYLES[i % len(STYLES)],
                         text=t, offline=completion.offline, created_at=now) for i, t in enumerate(texts)]
    with db.session() as session:
        session.exec(delete(ReplyDraft).where(col(ReplyDraft.opportunity_id) == row.id,  # type: ignore[call-overload]
                                              col(ReplyDraft.style) != TYPED))
        session.add_all(drafts)
    return drafts


def reply_tokens(count: int, limit: int) -> int:
    """Replies are one to three sentences: about 40 tokens a sentence, whatever the platform allows
    (a LinkedIn comment may run 1,250 characters; a reply should not)."""
    return count * min(limit // 3, 3 * 40) + 40


def usable_options(completion: Completion, prompt: str, post_text: str) -> list[str]:
    """The options of a JSON answer, distinct, with echoes refused; an answer that is prose, or
    only echoes, raises `LLMUnusable` so earlier drafts are kept and the person is told why."""
    answer = parse_json_reply(completion.text) or {}
    raw = answer.get("options")
    if not isinstance(raw, list):
        raise LLMUnusable("The model did not answer with the list of replies asked for.", answer=completion.text)
    texts = [t for t in dict.fromkeys(str(o).strip() for o in raw) if t]
    if completion.offline:
        return texts
    problems = {t: echo_problem(t, prompt, own_text=post_text) for t in texts}
    kept = [t for t in texts if problems[t] is None]
    if texts and not kept:
        raise LLMUnusable(f"The model's replies were not used: {next(iter(problems.values()))}.",
                          answer=completion.text)
    return kept


def own_handles(db: Database, platform: str) -> list[str]:
    """The creator's handles on this platform: a reply never names its own writer."""
    with db.session() as session:
        return [h for h in session.exec(select(Account.handle).where(Account.platform == platform)).all() if h]


def mentions_handle(text: str, handles: list[str]) -> bool:
    return any(re.search(rf"(?<![\w@])@{re.escape(h.lstrip('@'))}(?![\w])", text, re.IGNORECASE) for h in handles)


def saved_options(db: Database, opportunity_id: int) -> list[ReplyDraft]:
    with db.session() as session:
        return list(session.exec(select(ReplyDraft).where(ReplyDraft.opportunity_id == opportunity_id)
                                 .order_by(col(ReplyDraft.position))).all())


def keep_typed(db: Database, opportunity_id: int, text: str, now: datetime) -> None:
    """Keep what the creator typed (an interrupted edit) as this conversation's first option."""
    with db.session() as session:
        session.exec(delete(ReplyDraft).where(col(ReplyDraft.opportunity_id) == opportunity_id,  # type: ignore[call-overload]
                                              col(ReplyDraft.style) == TYPED))
        session.add(ReplyDraft(opportunity_id=opportunity_id, variant=0, position=-1, style=TYPED, text=text,
                               offline=True, created_at=now))
