"""The variables each prompt template receives, and the psn-brief each carries.

Templates (prompts/*.j2) may use exactly these names; StrictUndefined makes any other an error.
Documented in docs/voice-and-generation.md.
"""

from __future__ import annotations

from typing import Any

from psn.generate.formats import FormatSpec, formats_for
from psn.generate.limits import Limits
from psn.generate.validate import UNIT_LABELS
from psn.llm.brief import brief_block
from psn.voice.profile import VoiceProfile, describe_tone

PLATFORM_LABELS = {
    "x": "X", "linkedin": "LinkedIn", "instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook",
    "wordpress": "WordPress", "blog": "the blog", "whatsapp": "WhatsApp",
}


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform)


def voice_variables(voice: VoiceProfile, platform: str) -> dict[str, Any]:
    persona = voice.persona(platform)
    return {
        "name": voice.name,
        "pillars": voice.pillars,
        "tone_lines": describe_tone(voice.tone),
        "style_notes": voice.style_notes,
        "avoid_words": voice.avoid_words,
        "avoid_topics": voice.avoid_topics,
        "reference_voices": voice.reference_voices,
        "reply_style": voice.reply_style,
        "persona": persona.model_dump(),
        "hashtags_per_post": persona.hashtags_per_post,
        "emoji": persona.emoji,
    }


def rules_variables(limits: Limits) -> dict[str, Any]:
    return {
        "unit": limits.unit,
        "unit_label": UNIT_LABELS[limits.unit],
        "text_max": limits.text_max,
        "part_max": limits.part_max,
        "max_parts": limits.max_parts,
        "title_max": limits.title_max,
        "max_hashtags": limits.max_hashtags,
        "max_mentions": limits.max_mentions,
        "caption_allowed": limits.caption_allowed,
    }


def post_variables(
    *, idea: str, spec: FormatSpec, limits: Limits, voice: VoiceProfile, hashtags: list[str], media: str,
    variant: int, personal_max: int | None, task: str = "post", extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    voice_vars = voice_variables(voice, spec.platform)
    rules = rules_variables(limits)
    text_budget = limits.text_max if personal_max is None else min(limits.text_max or personal_max, personal_max)
    brief = {
        "task": task,
        "platform": spec.platform,
        "format": spec.name,
        "idea": idea,
        "hashtags": hashtags,
        "media": media,
        "variant": variant,
        "voice": voice_vars,
        "limits": {"unit": limits.unit, "text": text_budget, "part": limits.part_max, "title": limits.title_max},
        **(extra or {}),
    }
    return {
        "idea": idea,
        "platform": spec.platform,
        "platform_label": platform_label(spec.platform),
        "format": spec.name,
        "format_label": spec.label,
        "writes_script": spec.writes_script,
        "voice": voice_vars,
        "rules": rules,
        "hashtags": hashtags,
        "media": media,
        "variant": variant,
        "brief": brief_block(brief),
        **(extra or {}),
    }


def pick_format_variables(
    *, idea: str, platform: str, voice: VoiceProfile, media: str, suggested: dict[str, str], names: list[str]
) -> dict[str, Any]:
    candidates = [
        {"name": spec.name, "label": spec.label, "media": spec.media} for spec in formats_for(platform)
        if spec.name in names
    ]
    brief = {"task": "pick_format", "platform": platform, "idea": idea, "media": media,
             "candidates": [c["name"] for c in candidates], "suggested": suggested}
    return {
        "idea": idea, "platform": platform, "platform_label": platform_label(platform),
        "voice": voice_variables(voice, platform), "media": media, "candidates": candidates,
        "suggested": suggested, "brief": brief_block(brief),
    }


def reply_variables(
    *, voice: VoiceProfile, platform: str, post_text: str, author: str, count: int, limit: int, variant: int,
    own_handles: list[str] | None = None,
) -> dict[str, Any]:
    voice_vars = voice_variables(voice, platform)
    post = {"text": post_text, "author": author}
    brief = {"task": "reply", "platform": platform, "post": post, "count": count, "limit": limit,
             "variant": variant, "voice": voice_vars, "own_handles": own_handles or []}
    return {
        "platform": platform, "platform_label": platform_label(platform), "voice": voice_vars, "post": post,
        "count": count, "limit": limit, "brief": brief_block(brief),
    }
