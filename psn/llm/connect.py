"""Choosing the model that writes drafts: what each provider needs, one live test call, and
saving the choice only once that call worked.

`psn setup llm` (flags or questions) and the setup wizard both end here, so a choice that cannot
write a draft is never saved: the first failure shows at setup, not at the first `psn post`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from psn.core.errors import BadInput, NotConfigured, PlatformRejected, PsnError
from psn.core.paths import Paths
from psn.core.redact import redact, register_secret
from psn.core.secrets import SecretStore
from psn.core.sections.llm import LLMSettings
from psn.llm.answers import check_api_key, check_base_url, check_model_name
from psn.llm.base import Message, is_local
from psn.llm.errors import LLMRejected
from psn.llm.registry import KEY_ENV, PROVIDERS, key_name, read_key

CHECK_MAX_TOKENS = 16
CHECK_TIMEOUT_SECONDS = 20.0
CHECK_RETRIES = 1  # one retry for a blip; a server that is down should not keep setup waiting
FIX_HINT = "Nothing was saved. Fix the answer and run `psn setup llm` again (or pass --no-check to save unchecked)."


class LLMCheckFailed(NotConfigured):
    """The test call before saving did not work (unreachable, key refused, timed out)."""

    kind = "llm_check_failed"


@dataclass(frozen=True)
class LLMChoice:
    provider: str
    model: str = ""
    """"" means the provider's default model."""
    base_url: str = ""
    """"" means the provider's own address (only an OpenAI-compatible server is asked for one)."""
    key: str | None = None
    """A key given now; None means the one already stored (or PSN_LLM_API_KEY)."""

    @property
    def label(self) -> str:
        return PROVIDERS[self.provider].label

    @property
    def short_label(self) -> str:
        return self.label.split(" (")[0]

    @property
    def offline(self) -> bool:
        return self.provider == "offline"

    def effective_model(self) -> str:
        return self.model or PROVIDERS[self.provider].default_model

    def effective_base_url(self) -> str:
        return self.base_url or PROVIDERS[self.provider].default_base_url

    def needs_key(self) -> bool:
        if self.offline:
            return False
        return not (self.provider == "openai" and is_local(self.effective_base_url()))


def provider_name(text: str) -> str:
    name = text.strip().lower()
    if name not in PROVIDERS:
        raise BadInput(f"Unknown provider {text.strip()!r}: choose {', '.join(PROVIDERS)}.",
                       hint="Nothing was changed. See `psn setup llm --help`.", field="provider")
    return name


def choice_from_flags(current: LLMSettings, provider: str, model: str | None, base_url: str | None,
                      key: str | None) -> LLMChoice:
    """The flags, checked; for the provider already in use an omitted flag keeps its setting."""
    name = provider_name(provider)
    if name == "offline":
        given = [flag for flag, value in (("--model", model), ("--base-url", base_url), ("--api-key-stdin", key))
                 if value is not None]
        if given:
            raise BadInput(f"The offline composer uses no model, URL or key; drop {', '.join(given)}.",
                           hint="Nothing was changed. `psn setup llm --provider offline` needs no other flag.")
        return LLMChoice("offline")
    same = name == current.provider
    choice = LLMChoice(
        provider=name,
        model=check_model_name(model) if model is not None else (current.model if same else ""),
        base_url=check_base_url(base_url) if base_url is not None else (current.base_url if same else ""),
    )
    if key is not None:
        choice = replace(choice, key=check_api_key(name, key, own_server=bool(choice.base_url)))
    return choice


def check_model_override(settings: LLMSettings, name: str) -> str:
    """A per-run model (`--model`) for the configured provider. The offline composer has none to
    choose, so asking for one there would silently do nothing: it is refused instead."""
    model = check_model_name(name)
    offline_model = PROVIDERS["offline"].default_model
    if settings.provider == "offline" and model != offline_model:
        raise BadInput(f"--model {model}: drafts are written by the offline composer, which has no models to "
                       "choose from.", hint="Connect a language model with `psn setup llm` (then --model picks "
                       "among its models), or drop --model.", field="model")
    return model


def require_key(choice: LLMChoice, secrets: SecretStore) -> None:
    if not choice.needs_key() or choice.key or read_key(secrets, choice.provider):
        return
    raise BadInput(
        f"{choice.label} needs an API key.",
        hint=f"Pipe it in: `psn setup llm --provider {choice.provider} --api-key-stdin < keyfile`, "
        f"or set {KEY_ENV}. Nothing was changed.",
    )


@dataclass(frozen=True)
class CheckResult:
    reply: str
    model: str
    input_tokens: int
    output_tokens: int


def live_check(choice: LLMChoice, secrets: SecretStore) -> CheckResult:
    """One tiny request with exactly these settings. Raises LLMCheckFailed (exit 3) or, when the
    server refused the request itself (an unknown model, say), LLMRejected (exit 4)."""
    from psn.llm.registry import build_provider

    register_secret(choice.key)  # a server that echoes the key back gets it masked
    settings = LLMSettings(provider=choice.provider, model=choice.model, base_url=choice.base_url,  # type: ignore[arg-type]
                           timeout_seconds=CHECK_TIMEOUT_SECONDS, max_retries=CHECK_RETRIES)
    try:
        provider = build_provider(settings, _OneKey(secrets, choice), sleep=_short_sleep)
        completion = provider.complete("You are a connectivity check. Answer in one word.",
                                       [Message("user", "Reply with the word OK.")], CHECK_MAX_TOKENS, 0.0)
    except PlatformRejected as exc:
        raise LLMRejected(f"{choice.short_label} refused the test request: {redact(exc.message)}",
                          hint=_model_hint(exc.message) + FIX_HINT) from None
    except PsnError as exc:
        raise LLMCheckFailed(f"The test request to {choice.short_label} failed: {redact(exc.message)}",
                             hint=FIX_HINT) from None
    return CheckResult(reply=redact(completion.text.strip())[:60], model=completion.model,
                       input_tokens=completion.input_tokens, output_tokens=completion.output_tokens)


def _model_hint(message: str) -> str:
    return "Check the model name. " if "model" in message.lower() else ""


def _short_sleep(seconds: float) -> None:
    time.sleep(min(seconds, 2.0))


class _OneKey:
    """The secrets store as the provider sees it during the check: the key just given, if any."""

    def __init__(self, secrets: SecretStore, choice: LLMChoice) -> None:
        self._secrets, self._choice = secrets, choice

    def get(self, name: str) -> str | None:
        if self._choice.key and name == key_name(self._choice.provider):
            return self._choice.key
        return self._secrets.get(name)


def save(paths: Paths, secrets: SecretStore, choice: LLMChoice) -> None:
    """Write the choice: provider, model and URL to config.toml (a default is left unset), the key
    only to the secrets store. Another provider's model and URL are removed with the switch."""
    import json

    from psn.core.config import set_value, unset_value

    path = paths.config_file
    if choice.key:
        secrets.set(key_name(choice.provider), choice.key)
    set_value(path, "llm.provider", choice.provider)
    for field, value in (("model", choice.model), ("base_url", choice.base_url)):
        if value:
            set_value(path, f"llm.{field}", json.dumps(value))  # quoted: a model called "true" stays a string
        else:
            unset_value(path, f"llm.{field}")


def _key_status(choice: LLMChoice, secrets: SecretStore) -> str:
    import os

    if os.environ.get(KEY_ENV):
        return f"from {KEY_ENV}"
    if choice.key or secrets.get(key_name(choice.provider)):
        return "stored"
    return "not needed" if not choice.needs_key() else "missing"


def describe(choice: LLMChoice, secrets: SecretStore, check: CheckResult | None) -> dict[str, Any]:
    """What was saved, for --json and the screen (never the key)."""
    data: dict[str, Any] = {"provider": choice.provider}
    if not choice.offline:
        data |= {"model": choice.effective_model(), "base_url": choice.effective_base_url(),
                 "key": _key_status(choice, secrets), "checked": check is not None}
    if check is not None:
        data["check"] = {"ok": True, "reply": check.reply, "model": check.model,
                         "input_tokens": check.input_tokens, "output_tokens": check.output_tokens}
    return data
