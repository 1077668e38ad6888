"""The questions of `psn setup llm`: which provider, then only what that provider needs.

Offline: nothing. Anthropic: the API key and the model (a base URL only from --base-url).
OpenAI-compatible: the server's URL, the model, and a key unless the server is on this machine.
Each answer is checked as it is typed and asked again until it is valid; on a retry after a
failed test the earlier answers are the defaults, so only the wrong one needs retyping.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

KEEP_STORED = "Enter keeps the stored key"
KEEP_TYPED = "Enter keeps the key you just typed"


def ask_choice(context: Any, previous: Any, preset_url: str | None, preset_model: str | None):  # type: ignore[no-untyped-def]
    """An LLMChoice from the person's answers; `previous` (after a failed test) gives the defaults."""
    from psn.cli import prompts
    from psn.llm.connect import LLMChoice
    from psn.llm.registry import PROVIDERS

    labels = {spec.label: name for name, spec in PROVIDERS.items()}
    current = previous.provider if previous else context.settings.llm.provider
    provider = labels[prompts.select("Who should write your drafts?", list(labels), default=PROVIDERS[current].label)]
    if provider == "offline":
        return LLMChoice("offline")
    same = previous if previous and previous.provider == provider else None
    if provider == "anthropic":
        choice = LLMChoice("anthropic", base_url=preset_url or "")
        choice = replace(choice, key=_ask_key(context, choice, same))
        return replace(choice, model=preset_model or _ask_model(choice, same))
    url = preset_url or _ask_url(same)
    choice = LLMChoice("openai", base_url=url)
    choice = replace(choice, model=preset_model or _ask_model(choice, same))
    return replace(choice, key=_ask_key(context, choice, same) if choice.needs_key() else None)


def _ask_url(previous: Any) -> str:
    from psn.cli import prompts
    from psn.llm.answers import check_base_url, prompt_check
    from psn.llm.openai_compat import DEFAULT_BASE_URL

    default = previous.base_url if previous else DEFAULT_BASE_URL
    answer = prompts.text("Server URL (OpenAI: https://api.openai.com/v1 · Ollama: http://localhost:11434/v1):",
                          default=default, validate=prompt_check(check_base_url))
    return check_base_url(answer)


def _ask_model(choice: Any, previous: Any) -> str:
    from psn.cli import prompts
    from psn.llm.answers import check_model_name, prompt_check

    default = previous.model if previous and previous.model else choice.effective_model()
    answer = check_model_name(prompts.text("Model:", default=default, validate=prompt_check(check_model_name)))
    return "" if answer == choice.effective_model() else answer  # the default stays unset: it follows psn's


def _ask_key(context: Any, choice: Any, previous: Any) -> str | None:
    """A typed key, or None to keep the stored one (or PSN_LLM_API_KEY). Blank is only allowed
    when there is a key to keep."""
    from psn.cli import prompts
    from psn.core.errors import BadInput
    from psn.llm.answers import check_api_key
    from psn.llm.registry import read_key

    typed = previous.key if previous else None
    keep = KEEP_TYPED if typed else KEEP_STORED if read_key(context.secrets, choice.provider) else None
    own_server = bool(choice.base_url) and choice.provider == "anthropic"

    def validate(text: str) -> bool | str:
        if not text.strip():
            return True if keep else "Paste the API key (it is not shown)."
        try:
            check_api_key(choice.provider, text, own_server=own_server)
        except BadInput as exc:
            return exc.message
        return True

    label = f"{choice.short_label} API key"
    entered = prompts.secret(f"{label} ({keep}):" if keep else f"{label}:", validate=validate).strip()
    if not entered:
        return typed
    return check_api_key(choice.provider, entered, own_server=own_server)
