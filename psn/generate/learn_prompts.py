"""Rendering the learning loop's own prompts (prompts/learn/) for whoever runs the loop.

The loop sends these to a model, reads {"prompt": …} back, and stores the result with
`prompt_versions.add_version`, which refuses a version that lost a protected block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from psn.core.clock import Clock
from psn.generate.prompt_versions import current_version
from psn.generate.templates import RenderedPrompt, render_body
from psn.generate.variables import platform_label, voice_variables
from psn.llm.brief import brief_block
from psn.store.db import Database
from psn.voice.profile import VoiceProfile

LearnTask = Literal["critique", "mutate", "crossover"]


@dataclass(frozen=True)
class LearnPrompt:
    rendered: RenderedPrompt
    prompt_version_id: int


def render_learn_prompt(
    db: Database, clock: Clock, voice: VoiceProfile, *, task: LearnTask, platform: str, prompt_name: str,
    prompt_body: str, examples: list[dict[str, Any]] | None = None, critique: str = "",
    parents: list[dict[str, Any]] | None = None,
) -> LearnPrompt:
    """`examples`: [{"text", "score"}] for critique; `parents`: [{"body", "score"}] for crossover."""
    name = f"learn/{task}"
    version = current_version(db, name, clock.now())
    variables = {
        "voice": voice_variables(voice, platform),
        "platform_label": platform_label(platform),
        "prompt_name": prompt_name,
        "prompt_body": prompt_body,
        "examples": examples or [],
        "critique": critique,
        "parents": parents or [],
        "brief": brief_block({"task": task, "platform": platform, "prompt_name": prompt_name}),
    }
    return LearnPrompt(render_body(version.body, variables, name=name), version.id)
