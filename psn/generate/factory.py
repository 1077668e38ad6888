"""Build the generation service for one invocation from its AppContext."""

from __future__ import annotations

from psn.context import AppContext
from psn.generate.service import Generator
from psn.llm.registry import open_llm
from psn.llm.usage import LLM
from psn.voice.store import require_voice


def open_configured_llm(ctx: AppContext) -> LLM:
    return open_llm(ctx.settings.llm, ctx.secrets, ctx.db, ctx.clock)


def open_generator(ctx: AppContext, hashtag_pools: dict[str, list[str]] | None = None) -> Generator:
    """The configured model (offline composer by default) writing in the current voice profile."""
    voice = require_voice(ctx.db).profile
    return Generator(
        llm=open_configured_llm(ctx), db=ctx.db, clock=ctx.clock, voice=voice,
        settings=ctx.settings.generation, hashtag_pools=hashtag_pools or {},
    )
