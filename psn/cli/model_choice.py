"""`--model NAME` for the commands that write (psn post, psn engage): this run only, the
configured provider writes with another of its models, like `llm -m`. It is a config flag
(`llm.model`), so every draft, reply and the usage log of this run see the same choice.
(Not `-m`: in `psn post` that is --media.)"""

from __future__ import annotations

from typing import Annotated

import typer

ModelOption = Annotated[str | None, typer.Option(
    "--model", help="Write with this model for this run only (of the provider chosen in `psn setup llm`).",
    show_default=False)]


def use_model(name: str | None) -> None:
    """Checked before anything is written or sent; an unusable choice exits 2 naming the fix."""
    if name is None:
        return
    from psn.cli.state import current
    from psn.llm.connect import check_model_override

    state = current()
    model = check_model_override(state.context().settings.llm, name)
    state.flags["llm.model"] = model
    state._context = None  # rebuilt with the flag on first use


def model_chosen_for_this_run() -> bool:
    """Whether --model was given: drafts made earlier (by the configured model) are then not reused."""
    from psn.cli.state import current

    return "llm.model" in current().flags
