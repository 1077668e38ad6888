"""`psn setup llm`: choose who writes drafts — the offline composer, Anthropic, or any
OpenAI-compatible server — and store its key in the secrets store (never in config)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 55
NAME = "llm"


def register(setup_app: typer.Typer) -> None:
    setup_app.command(NAME, help="Choose the language model that writes drafts (default: the offline composer).")(
        setup_llm
    )


def setup_llm(
    provider: Annotated[str | None, typer.Option(help="offline, anthropic or openai (OpenAI-compatible).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name; empty for the provider's default.")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="API base URL, e.g. http://localhost:11434/v1 for Ollama.")
    ] = None,
    api_key_stdin: Annotated[bool, typer.Option("--api-key-stdin", help="Read the API key from stdin.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Send one tiny request to prove it works.")] = False,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx, current

    context = ctx()
    if provider is None:
        prompts.require_interactive("--provider offline|anthropic|openai", "which language model to use")
        provider, model, base_url, key = _ask(context)
    else:
        key = _read_stdin_key() if api_key_stdin else None
    settings = _validated(context.settings.llm, provider, model, base_url)
    _require_key(context, settings, key)
    _write(context, settings, key)
    current()._context = None  # the rest of this run sees the new settings
    result: dict[str, Any] = {
        "provider": settings.provider, "model": settings.model, "base_url": settings.base_url,
        "key_stored": key is not None,
    }
    if check:
        result["check"] = _check()
    emit(result, _render)


def _validated(existing, provider: str, model: str | None, base_url: str | None):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from psn.core.errors import BadInput
    from psn.core.validation import reason

    changes = {"provider": provider.strip().lower()}
    if model is not None:
        changes["model"] = model.strip()
    if base_url is not None:
        changes["base_url"] = base_url.strip()
    if changes["provider"] != existing.provider:  # another provider's model and URL would not make sense
        changes.setdefault("model", "")
        changes.setdefault("base_url", "")
    try:
        return existing.model_validate({**existing.model_dump(), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"Invalid {field}: {reason(first)}.", hint="Nothing was changed. See `psn setup llm --help`.",
                       field=field) from None


def _require_key(context, settings, key: str | None) -> None:  # type: ignore[no-untyped-def]
    from psn.core.errors import BadInput
    from psn.llm.base import is_local
    from psn.llm.registry import KEY_ENV, PROVIDERS, read_key

    spec = PROVIDERS[settings.provider]
    if settings.provider == "offline" or key:
        return
    if settings.provider == "openai" and is_local(settings.base_url or spec.default_base_url):
        return
    if read_key(context.secrets, settings.provider) is None:
        raise BadInput(
            f"{spec.label} needs an API key.",
            hint=f"Pipe it in: `psn setup llm --provider {settings.provider} --api-key-stdin < keyfile`, "
            f"or set {KEY_ENV}. Nothing was changed.",
        )


def _write(context, settings, key: str | None) -> None:  # type: ignore[no-untyped-def]
    import json

    from psn.core.config import set_value, unset_value
    from psn.llm.registry import key_name

    path = context.paths.config_file
    set_value(path, "llm.provider", settings.provider)
    for field in ("model", "base_url"):
        value = getattr(settings, field)
        if value:
            set_value(path, f"llm.{field}", json.dumps(value))  # quoted: a model called "true" stays a string
        else:
            unset_value(path, f"llm.{field}")
    if key:
        context.secrets.set(key_name(settings.provider), key)


def _read_stdin_key() -> str:
    import sys

    from psn.core.errors import BadInput

    key = sys.stdin.read().strip()
    if not key:
        hint = "Pipe the key in: psn setup llm … --api-key-stdin < keyfile"
        raise BadInput("--api-key-stdin read nothing.", hint=hint)
    return key


def _ask(context) -> tuple[str, str, str, str | None]:  # type: ignore[no-untyped-def]
    from psn.cli import prompts
    from psn.llm.base import is_local
    from psn.llm.registry import PROVIDERS, read_key

    labels = {spec.label: name for name, spec in PROVIDERS.items()}
    current = PROVIDERS[context.settings.llm.provider].label
    provider = labels[prompts.select("Who should write your drafts?", list(labels), default=current)]
    if provider == "offline":
        return provider, "", "", None
    spec = PROVIDERS[provider]
    model = prompts.text("Model:", default=spec.default_model)
    base = prompts.text("Base URL (Ollama: http://localhost:11434/v1):", default=spec.default_base_url,
                        validate=lambda t: not t.strip() or t.strip().startswith(("http://", "https://"))
                        or "Start with http:// or https://")
    if provider == "openai" and is_local(base):
        return provider, model, base, None
    have = read_key(context.secrets, provider) is not None
    entered = prompts.secret("API key" + (" (blank keeps the stored one):" if have else ":"))
    return provider, model, base, entered.strip() or None


def _check() -> dict[str, Any]:
    from psn.cli.state import ctx
    from psn.core.errors import PsnError
    from psn.generate.factory import open_configured_llm
    from psn.llm.base import Message

    llm = open_configured_llm(ctx())
    if llm.offline:
        return {"ok": True, "reply": "offline composer: nothing to check"}
    try:
        completion = llm.complete("You are a connectivity check.", [Message("user", "Reply with the word OK.")],
                                  purpose="check")
    except PsnError as exc:
        raise type(exc)(f"The settings were saved, but the check failed: {exc.message}", hint=exc.hint) from None
    return {"ok": True, "reply": completion.text.strip()[:40], "model": completion.model,
            "input_tokens": completion.input_tokens, "output_tokens": completion.output_tokens}


def _render(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    if data["provider"] == "offline":
        console().print("Drafts will be written by the offline composer: no model, no key, no network.", markup=False)
    else:
        where = data["base_url"] or "the provider's default URL"
        console().print(f"Drafts will be written by {data['provider']} ({data['model'] or 'default model'}) "
                        f"at {where}." + (" The key is in the secrets store." if data["key_stored"] else ""),
                        markup=False)
    if "check" in data:
        console().print(f"Check: {data['check']['reply']}", markup=False)
