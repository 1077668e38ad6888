"""Reply options to someone else's post, in the creator's reply style (for the engage flow).

Options are only drafts: the engage flow shows them and records an explicit approval for the
exact text before anything is sent.
"""

from __future__ import annotations

from pydantic import BaseModel

from psn.core.clock import Clock
from psn.generate.counting import x_weighted_length
from psn.generate.fixes import shorten_text
from psn.generate.formats import check_platform
from psn.generate.limits import MEASURES
from psn.generate.prompt_versions import current_version
from psn.generate.templates import render_body
from psn.generate.variables import reply_variables
from psn.llm.base import Message
from psn.llm.brief import parse_json_reply
from psn.llm.usage import LLM
from psn.store.db import Database
from psn.voice.profile import VoiceProfile

TEMPLATE = "reply"
# Comment limits: X counts weighted characters; the others are conservative character counts.
REPLY_LIMITS = {"x": 280, "linkedin": 1250, "instagram": 2200, "tiktok": 150, "facebook": 8000}
DEFAULT_REPLY_LIMIT = 1000


def reply_length(platform: str, text: str) -> int:
    """A reply's length as its platform counts it: X weighs CJK and emoji double and any URL as 23;
    the others count UTF-16 units (an emoji outside the BMP is 2), which is never less than theirs."""
    return x_weighted_length(text) if platform == "x" else MEASURES["utf16"](text)


class ReplyOptions(BaseModel):
    options: list[str]
    prompt_version_id: int
    provider: str
    model: str
    offline: bool
    note: str | None = None


def draft_replies(
    llm: LLM, db: Database, clock: Clock, voice: VoiceProfile, *, platform: str, post_text: str,
    author: str = "", count: int = 3, variant: int = 0,
) -> ReplyOptions:
    check_platform(platform)
    limit = REPLY_LIMITS.get(platform, DEFAULT_REPLY_LIMIT)
    def measure(text: str) -> int:
        return reply_length(platform, text)

    version = current_version(db, TEMPLATE, clock.now())
    variables = reply_variables(
        voice=voice, platform=platform, post_text=post_text, author=author, count=count, limit=limit, variant=variant
    )
    prompt = render_body(version.body, variables, name=TEMPLATE)
    completion = llm.complete(
        prompt.system, [Message("user", prompt.user)], purpose=f"reply:{platform}", prompt_version_id=version.id
    )
    answer = parse_json_reply(completion.text) or {}
    raw = answer.get("options")
    texts = [str(o) for o in raw] if isinstance(raw, list) else [completion.text]
    options = [shorten_text(t.strip(), limit, measure) for t in texts if t and t.strip()][:count]
    return ReplyOptions(
        options=options, prompt_version_id=version.id, provider=completion.provider, model=completion.model,
        offline=completion.offline, note=answer.get("note"),
    )
