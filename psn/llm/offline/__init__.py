"""The offline composer: drafts without a language model, key or network.

It answers the same prompts as a model, but reads only their `psn-brief` block and reshapes the
creator's own idea for each platform and format from fixed patterns. It adds no facts, numbers
or claims the creator did not write; what it does add (a closing question, the hashtags psn
picked, a thread marker) is listed, item by item, in the note every answer carries.
"""

from __future__ import annotations

import json

from psn.core.errors import NotConfigured
from psn.llm.base import Completion, Message, ProviderInfo
from psn.llm.brief import find_brief
from psn.llm.offline.posts import compose_post
from psn.llm.offline.replies import compose_replies

OFFLINE_NOTE = (
    "Written by psn's offline composer (no language model) from your own words. "
    "Edit freely, or connect a model with `psn setup llm`."
)
CLOSING = "Edit freely, or connect a model with `psn setup llm`."
MODEL_NAME = "offline-composer-1"
LEARN_TASKS = frozenset({"critique", "mutate", "crossover"})


class OfflineComposer:
    info = ProviderInfo(name="offline", model=MODEL_NAME, base_url="", offline=True, needs_key=False)

    def complete(self, system: str, messages: list[Message], max_tokens: int, temperature: float) -> Completion:
        brief = next((b for m in reversed(messages) if (b := find_brief(m.content)) is not None), None)
        if brief is None:
            raise NotConfigured(
                "The offline composer only answers psn's own prompts (they carry a psn-brief block).",
                hint="Connect a language model with `psn setup llm` for free-form prompts.",
            )
        answer = answer_brief(brief)
        answer["note"] = note_for(brief, answer)
        return Completion(
            text=json.dumps(answer, ensure_ascii=False), provider="offline", model=MODEL_NAME, offline=True
        )


def note_for(brief: dict, answer: dict) -> str:
    """Says exactly what the composer put in that the creator did not write (posts), or that
    its reply phrases have all been offered (replies)."""
    task = brief.get("task")
    if task in ("post", "repurpose"):
        added = answer.pop("added", [])
        lead = "Written by psn's offline composer (no language model) from your own sentences. "
        what = f"It added {'; '.join(added)}. Nothing else is new. " if added else "It added nothing. "
        again = ("Regenerated: your sentences stay as they are, only what psn adds changes. "
                 if int(brief.get("variant") or 0) > 0 else "")
        return lead + what + again + CLOSING
    if task == "reply" and answer.pop("exhausted", False):
        return ("The offline composer has no other replies for this post (these repeat earlier ones). "
                "Write your own, or connect a model with `psn setup llm`.")
    answer.pop("exhausted", None)
    return OFFLINE_NOTE


def answer_brief(brief: dict) -> dict:
    task = brief.get("task")
    if task == "post":
        return compose_post(brief)
    if task == "repurpose":
        return compose_post({**brief, "idea": brief.get("source_text", "")})
    if task == "reply":
        return compose_replies(brief)
    if task == "pick_format":
        suggested = brief.get("suggested") or {}
        return {"format": suggested.get("format"), "reason": f"{suggested.get('reason', '')} (rule-based pick)"}
    if task in LEARN_TASKS:
        from psn.llm.offline import learn

        return getattr(learn, task)(brief)
    raise NotConfigured(
        f"The offline composer does not know the task {task!r}.", hint="Connect a model with `psn setup llm`."
    )
