"""`psn setup llm`: choose who writes drafts — the offline composer, Anthropic, or any
OpenAI-compatible server. Only what the chosen provider needs is asked; each answer is checked
as it is typed, and one tiny live request must succeed before anything is saved (the key goes
to the secrets store, never to config).

The setup wizard calls `ask_and_save` for its language-model step.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 55
NAME = "llm"
TITLE = "Writer"


def register(setup_app: typer.Typer) -> None:
    setup_app.command(NAME, help="Choose the language model that writes drafts (default: the offline composer). "
                      "Sends one tiny test request before saving.")(setup_llm)


def setup_llm(
    provider: Annotated[str | None, typer.Option(help="offline, anthropic or openai (OpenAI-compatible).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name (default: the provider's own default).")] = None,
    base_url: Annotated[str | None, typer.Option(
        help="Server address: needed for an OpenAI-compatible server other than OpenAI "
        "(Ollama: http://localhost:11434/v1); for Anthropic only to use a proxy.")] = None,
    api_key_stdin: Annotated[bool, typer.Option("--api-key-stdin", help="Read the API key from stdin.")] = False,
    check: Annotated[bool, typer.Option(
        "--check/--no-check", help="Send one tiny request before saving (default). --no-check saves "
        "unchecked, e.g. to set up a local server that is not running yet.")] = True,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.llm.answers import check_base_url, check_model_name

    if provider is None:
        prompts.require_interactive("--provider offline|anthropic|openai", "which language model to use")
        if api_key_stdin:
            from psn.core.errors import BadInput

            raise BadInput("--api-key-stdin needs --provider.", hint="Pass --provider anthropic or openai.")
        preset_url = check_base_url(base_url) if base_url is not None else None
        preset_model = check_model_name(model) if model is not None else None
        result = ask_and_save(preset_url=preset_url, preset_model=preset_model, check=check)
    else:
        result = save_from_flags(provider, model, base_url, _read_stdin_key() if api_key_stdin else None, check)
    emit(result, _render)


def save_from_flags(provider: str, model: str | None, base_url: str | None, key: str | None,
                    check: bool) -> dict[str, Any]:
    from psn.cli.state import ctx
    from psn.llm import connect

    context = ctx()
    choice = connect.choice_from_flags(context.settings.llm, provider, model, base_url, key)
    connect.require_key(choice, context.secrets)
    result = None
    if check and not choice.offline:
        _say_checking(choice)
        result = connect.live_check(choice, context.secrets)
    return _saved(choice, result)


def ask_and_save(preset_url: str | None = None, preset_model: str | None = None,
                 check: bool = True) -> dict[str, Any]:
    """The interactive step (also the wizard's): ask, test, and save only once the test passed.
    After a failed test the person changes the answers and tries again, or cancels with nothing saved."""
    from psn.cli import prompts
    from psn.cli.llm_questions import ask_choice
    from psn.cli.state import ctx
    from psn.core.errors import PsnError
    from psn.llm import connect

    context = ctx()
    choice = ask_choice(context, None, preset_url, preset_model)
    while True:
        if not check or choice.offline:
            return _saved(choice, None)
        _say_checking(choice)
        try:
            return _saved(choice, connect.live_check(choice, context.secrets))
        except PsnError as failure:
            _show_failure(failure)
            again = prompts.select("What now?", [TRY_AGAIN, CANCEL])
            if again == CANCEL:
                raise
            choice = ask_choice(context, choice, preset_url, preset_model)


TRY_AGAIN = "Change the answers and try again"
CANCEL = "Cancel (nothing is saved)"


def _saved(choice, check) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from psn.cli.state import ctx, current
    from psn.llm import connect

    context = ctx()
    connect.save(context.paths, context.secrets, choice)
    current()._context = None  # the rest of this run sees the new settings
    return connect.describe(choice, context.secrets, check)


def _say_checking(choice) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.output import info

    info(f"Checking {choice.short_label}: one tiny request to {choice.effective_base_url()} "
         f"with {choice.effective_model()}…")


def _show_failure(failure) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.output import console

    console().print(f"✗ {failure.message}", markup=False, highlight=False)


def _read_stdin_key() -> str:
    import sys

    from psn.core.errors import BadInput

    key = sys.stdin.read().strip()
    if not key:
        hint = "Pipe the key in: psn setup llm … --api-key-stdin < keyfile"
        raise BadInput("--api-key-stdin read nothing.", hint=hint)
    return key


def _render(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    out = console()
    if data["provider"] == "offline":
        out.print("Saved. Drafts will be written by the offline composer: no model, no key, no network.",
                  markup=False)
        return
    key = " The key is in the secrets store." if data["key"] == "stored" else ""
    out.print(f"Saved. Drafts will be written by {data['model']} ({data['provider']}) at {data['base_url']}.{key}",
              markup=False)
    if data["checked"]:
        check = data["check"]
        out.print(f"✓ Test request answered: {check['reply']!r} ({check['input_tokens']}+{check['output_tokens']} "
                  "tokens).", markup=False)
    else:
        out.print("Not checked (--no-check): the first draft will show whether it works.", markup=False)


def describe(context: Any) -> str | None:
    """What is set, for the wizard; None while the writer is still the default."""
    if "llm.provider" not in context.config.sources:
        return None
    llm = context.settings.llm
    if llm.provider == "offline":
        return "the offline composer (no model, no key, no network)"
    return f"{llm.provider} ({llm.model or 'default model'})"
