"""The generation service: idea + platforms (+ format, media) → one checked draft per platform.

For each platform: pick the format (or check the one asked for), choose hashtags, render the
current prompt version, ask the model, parse its answer, check limits and the voice, apply the
automatic fixes when the offline composer wrote it (so its drafts always fit), and flag
near-duplicates of recent posts. Nothing is saved or sent here; see `drafts` for saving.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from psn.core.clock import Clock
from psn.core.sections.generation import GenerationSettings
from psn.generate.duplicates import find_near_duplicates
from psn.generate.fixes import apply_fix
from psn.generate.formats import FormatSpec, check_platform, formats_for, get_format
from psn.generate.hashtags import choose_hashtags
from psn.generate.limits import Limits, limits_for
from psn.generate.models import DraftBody, PlatformDraft, RecentPost
from psn.generate.picker import (
    FormatPick,
    FormatStats,
    MediaSummary,
    PickInput,
    check_format_choice,
    media_fits,
    pick_format,
)
from psn.generate.prompt_versions import PromptVersion, current_version
from psn.generate.templates import render_body
from psn.generate.validate import check_body, measure_counts
from psn.generate.variables import pick_format_variables, platform_label, post_variables
from psn.llm.base import Completion, Message
from psn.llm.brief import parse_json_reply
from psn.llm.echo import echo_problem
from psn.llm.errors import LLMUnusable
from psn.llm.usage import LLM
from psn.store.db import Database
from psn.voice.profile import VoiceProfile

MAX_AUTO_FIX_ROUNDS = 4
PICK_FORMAT_TOKENS = 60  # {"format": "thread", "reason": "…one short sentence…"}
THREAD_PARTS_BUDGET = 6


@dataclass
class DraftRequest:
    idea: str
    platform: str
    format: str | None = None
    media: MediaSummary = field(default_factory=MediaSummary)
    variant: int = 0
    recent: list[RecentPost] = field(default_factory=list)
    history: dict[str, FormatStats] = field(default_factory=dict)


@dataclass
class Generator:
    llm: LLM
    db: Database
    clock: Clock
    voice: VoiceProfile
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    hashtag_pools: dict[str, list[str]] = field(default_factory=dict)
    """Per-platform pools (e.g. Instagram's weekly-refreshed one); config's pool is added to each."""
    version_for: Callable[[str], PromptVersion] | None = None
    """Picks the prompt version of a post template (the learning loop's chooser); default: the current one."""

    def draft(self, request: DraftRequest) -> PlatformDraft:
        spec, reason = self._format_for(request)
        return self._write(request, spec, reason, template=spec.template, task="post")

    def repurpose(self, request: DraftRequest, *, source_platform: str) -> PlatformDraft:
        """Rewrite a published post (`request.idea` holds its text) natively for another platform."""
        spec, reason = self._format_for(request)
        extra = {"source_text": request.idea, "source_platform_label": platform_label(check_platform(source_platform))}
        return self._write(request, spec, reason, template="repurpose", task="repurpose", extra=extra)

    def _format_for(self, request: DraftRequest) -> tuple[FormatSpec, str]:
        platform = check_platform(request.platform)
        if request.format:
            return check_format_choice(platform, request.format, request.media), "you chose it"
        pick = self.pick(request)
        return get_format(platform, pick.format), pick.reason

    def _write(
        self, request: DraftRequest, spec: FormatSpec, reason: str, *, template: str, task: str,
        extra: dict[str, Any] | None = None,
    ) -> PlatformDraft:
        platform = spec.platform
        limits = limits_for(platform, spec.name, self.settings)
        hashtags = choose_hashtags(
            platform=platform, format=spec.name, voice=self.voice, idea=request.idea,
            pool=[*self.hashtag_pools.get(platform, []), *self.settings.hashtag_pool], max_allowed=limits.max_hashtags,
        )
        variables = post_variables(
            idea=request.idea, spec=spec, limits=limits, voice=self.voice, hashtags=hashtags,
            media=request.media.describe(), variant=request.variant,
            personal_max=self.voice.persona(platform).max_length, task=task, extra=extra,
        )
        if self.version_for is not None and template == spec.template:
            version = self.version_for(template)  # the learning loop chooses among post prompt versions
        else:
            version = current_version(self.db, template, self.clock.now())
        prompt = render_body(version.body, variables, name=template)
        own = "\n".join([request.idea, *(str(v) for v in (extra or {}).values())])

        def accept(completion: Completion) -> None:
            if not completion.offline:
                posts = parse_draft_body(completion.text)[0].all_posts()
                refuse_echo(posts, f"{prompt.system}\n{prompt.user}", own, completion.text)

        completion = self.llm.complete(
            prompt.system, [Message("user", prompt.user)], purpose=f"{task}:{platform}:{spec.name}",
            prompt_version_id=version.id, accept=accept,
            max_tokens=post_tokens(limits, self.voice.persona(platform).max_length),
        )
        body, note = parse_draft_body(completion.text)
        draft = PlatformDraft(
            platform=platform, format=spec.name, format_reason=reason, body=body, prompt_name=template,
            prompt_version_id=version.id, provider=completion.provider, model=completion.model,
            offline=completion.offline, note=note,
            awaiting_media=spec.writes_script and request.media.videos == 0,
        )
        draft = self.recheck(draft, request.recent)
        return self.auto_fix(draft, request.recent) if draft.offline else draft

    def pick(self, request: DraftRequest) -> FormatPick:
        """The rule-based pick; a language model may overrule it when the rules had a real choice
        (not when the media or the length decided: asking then costs a call whose answer could
        only be discarded or break the rule)."""
        persona = self.voice.persona(request.platform)
        rules_pick = pick_format(PickInput(
            platform=request.platform, idea=request.idea, media=request.media, persona=persona,
            history=request.history, settings=self.settings,
        ))
        viable = [s.name for s in formats_for(request.platform) if _fits(s.name, request)]
        if self.llm.offline or len(viable) < 2 or request.history or rules_pick.decided:
            return rules_pick
        return self._model_pick(request, rules_pick, viable)

    def _model_pick(self, request: DraftRequest, rules_pick: FormatPick, viable: list[str]) -> FormatPick:
        name = "pick-format"
        version = current_version(self.db, name, self.clock.now())
        variables = pick_format_variables(
            idea=request.idea, platform=request.platform, voice=self.voice, media=request.media.describe(),
            suggested={"format": rules_pick.format, "reason": rules_pick.reason}, names=viable,
        )
        prompt = render_body(version.body, variables, name=name)
        completion = self.llm.complete(
            prompt.system, [Message("user", prompt.user)], purpose=f"pick_format:{request.platform}",
            prompt_version_id=version.id, max_tokens=PICK_FORMAT_TOKENS,
        )
        chosen, reason = read_format_answer(completion.text, viable)
        if chosen:
            return FormatPick(chosen, reason or f"the model chose it over {rules_pick.format}")
        return rules_pick  # a model that answers off-menu does not get to break the rules

    def limits(self, draft: PlatformDraft) -> Limits:
        return limits_for(draft.platform, draft.format, self.settings)

    def recheck(self, draft: PlatformDraft, recent: list[RecentPost] | None = None) -> PlatformDraft:
        """Recount, re-validate and re-run the duplicate check after any change to a draft."""
        limits = self.limits(draft)
        issues = check_body(
            draft.body, limits, platform=draft.platform, format=draft.format,
            personal_max=self.voice.persona(draft.platform).max_length, avoid_words=self.voice.avoid_words,
        )
        duplicates = draft.duplicates if recent is None else find_near_duplicates(
            "\n".join(draft.body.all_posts()), draft.platform, recent, now=self.clock.now(),
            window_days=self.settings.duplicate_window_days, threshold=self.settings.duplicate_threshold,
        )
        return draft.model_copy(update={
            "issues": issues, "counts": measure_counts(draft.body, limits), "duplicates": duplicates,
        })

    def fix(self, draft: PlatformDraft, fix: str) -> PlatformDraft:
        body, format = apply_fix(
            draft.body, fix, format=draft.format, limits=self.limits(draft),
            personal_max=self.voice.persona(draft.platform).max_length,
        )
        changed = draft.model_copy(update={
            "body": body, "format": format, "applied_fixes": [*draft.applied_fixes, fix],
            "format_reason": draft.format_reason if format == draft.format else "split into a thread to fit",
        })
        return self.recheck(changed)

    def edit(self, draft: PlatformDraft, body: DraftBody) -> PlatformDraft:
        return self.recheck(draft.model_copy(update={"body": body}))

    def auto_fix(self, draft: PlatformDraft, recent: list[RecentPost] | None = None) -> PlatformDraft:
        """Apply the first fix of each fixable error (and of an over-personal-length warning)."""
        for _ in range(MAX_AUTO_FIX_ROUNDS):
            fixable = [i for i in draft.issues if i.fixes and (i.severity == "error" or i.code == "longer_than_usual")]
            if not fixable:
                break
            draft = self.fix(draft, fixable[0].fixes[0])
        return self.recheck(draft, recent) if recent is not None else draft


def post_tokens(limits: Limits, personal_max: int | None) -> int:
    """Room for the longest post the limits allow (about 3 characters a token) plus the JSON
    around it; `llm.max_tokens` still caps it."""
    chars = personal_max or limits.text_max or 3000
    if limits.max_parts and limits.part_max:
        chars = limits.part_max * min(limits.max_parts, THREAD_PARTS_BUDGET)
    return chars // 3 + 250


def read_format_answer(text: str, viable: list[str]) -> tuple[str | None, str]:
    """The JSON asked for, or, from a small model, a bare format name: the one viable name the
    answer mentions (more than one is no choice at all)."""
    answer = parse_json_reply(text) or {}
    chosen = answer.get("format")
    if chosen in viable:
        return str(chosen), str(answer.get("reason") or "").strip()
    named = [n for n in viable if re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE)]
    return (named[0], "") if len(named) == 1 else (None, "")


def refuse_echo(posts: list[str], prompt: str, own: str, answer: str) -> None:
    for text in posts:
        problem = echo_problem(text, prompt, own_text=own)
        if problem:
            raise LLMUnusable(f"The model's answer was not used: {problem}.", answer=answer)


def _fits(name: str, request: DraftRequest) -> bool:
    return media_fits(get_format(request.platform, name), request.media)


def parse_draft_body(text: str) -> tuple[DraftBody, str | None]:
    """A model's answer as a draft body; an answer that is not the JSON asked for is taken as the
    post text itself (better than losing it), and the checks then say what is missing."""
    data = parse_json_reply(text)
    if data is None:
        return DraftBody(text=text.strip()), None
    note = data.pop("note", None)
    data = {key: value for key, value in data.items() if key in DraftBody.model_fields and value is not None}
    data["hashtags"] = [str(tag).lstrip("#") for tag in data.get("hashtags") or []]
    try:
        return DraftBody.model_validate(data), note
    except ValidationError:
        return DraftBody(text=str(data.get("text") or text).strip()), note
