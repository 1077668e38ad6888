"""After approval on a terminal (no --at given): publish now, at the next free posting slot, or at
a time the person types ("tomorrow 9am", "fri 18:00", "in 2h"), read exactly as `--at` reads it."""

from __future__ import annotations

NOW = "Publish now"
TYPED = "At a time I type…"


def ask_when(context, platforms: list[str]) -> str | None:  # type: ignore[no-untyped-def]
    """The `--at` text to use, or None for now."""
    from psn.cli import prompts
    from psn.cli.compose.inputs import resolve_time
    from psn.cli.local_time import local_time
    from psn.core.errors import BadInput

    choices = [NOW]
    try:
        slot = resolve_time(context, "next-slot", platforms[0])
        choices.append(f"Next free slot: {local_time(slot)}")
    except BadInput:
        slot = None  # no posting times configured: the typed time remains
    choices.append(TYPED)
    choice = prompts.select("When?", choices, default=NOW)
    if choice == NOW:
        return None
    if choice != TYPED:
        return "next-slot"

    def readable(text: str) -> bool | str:
        try:
            for platform in platforms:
                resolve_time(context, text, platform)
        except BadInput as exc:
            return f"{exc.message} {exc.hint or ''}".strip()
        return True

    zone = context.settings.general.timezone
    return prompts.text(f"When ({zone})? e.g. tomorrow 9am, fri 18:00, in 2h:", validate=readable).strip()
