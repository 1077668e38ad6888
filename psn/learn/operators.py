"""The three ways a cycle writes a child prompt, each one model call through prompts/learn/:

gradient   critique the best against the worst post, then rewrite the best version to answer it
crossover  combine the two best versions
mutate     rewrite the best version with one change (the offline composer picks it by seed)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psn.generate.prompt_versions import current_version
from psn.generate.templates import render_body
from psn.generate.variables import platform_label, voice_variables
from psn.llm.base import Completion, Message
from psn.llm.brief import brief_block, parse_json_reply
from psn.llm.errors import LLMUnusable
from psn.llm.usage import LLM
from psn.voice.profile import VoiceProfile

CRITIQUE_TOKENS = 400  # a few suggestions as JSON


@dataclass
class Operators:
    llm: LLM
    voice: VoiceProfile
    channel: str
    template: str
    seed: int

    @property
    def platform(self) -> str:
        return self.channel.split("/", 1)[0]

    def critique(self, body: str, examples: list[dict[str, Any]]) -> dict[str, Any]:
        return self._ask("critique", {"prompt_body": body, "examples": examples})

    def rewrite(self, body: str, critique: dict[str, Any]) -> str:
        return _prompt_of(self._ask("mutate", {"prompt_body": body, "critique": critique},
                                    max_tokens=len(body) // 3 + 300))

    def crossover(self, parents: list[dict[str, Any]]) -> str:
        longest = max((len(str(p.get("body", ""))) for p in parents), default=0)
        return _prompt_of(self._ask("crossover", {"parents": parents}, max_tokens=longest // 3 + 300))

    def _ask(self, task: str, data: dict[str, Any], max_tokens: int = CRITIQUE_TOKENS) -> dict[str, Any]:
        name = f"learn/{task}"
        version = current_version(self.llm.db, name, self.llm.clock.now())
        request = {"task": task, "channel": self.channel, "prompt_name": self.template, "seed": self.seed, **data}
        variables = {
            **data, "prompt_name": self.template, "platform_label": platform_label(self.platform),
            "voice": voice_variables(self.voice, self.platform), "brief": brief_block(request),
        }
        prompt = render_body(version.body, variables, name=name)
        completion = self.llm.complete(
            prompt.system, [Message("user", prompt.user)], purpose=f"learn:{task}:{self.channel}",
            prompt_version_id=version.id, max_tokens=max_tokens, accept=lambda c: _parsed(c, task),
        )
        return _parsed(completion, task)


def _parsed(completion: Completion, task: str) -> dict[str, Any]:
    """The JSON asked for; prose, or a rewrite without its prompt, is refused with the answer kept
    (a cycle then ends as failed, saying what the model said, instead of "the rewrite was empty")."""
    answer = parse_json_reply(completion.text)
    if answer is None:
        raise LLMUnusable(f"The model did not answer the {task} request with the JSON asked for.",
                          answer=completion.text)
    if task != "critique" and not str(answer.get("prompt") or "").strip():
        raise LLMUnusable(f"The model's {task} answer has no rewritten prompt in it.", answer=completion.text)
    return answer


def _prompt_of(answer: dict[str, Any]) -> str:
    return str(answer["prompt"]).strip()
